"""The audit log page: events filtered by partnership, person, kind and
dates, 50 a page, every value in words, the same view as a CSV, failed and
refused sign-ins, and read only."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import limits
import pytest
from sqlalchemy import select

from selfassess.data import audit, partnerships
from selfassess.data.base import db
from selfassess.data.models import AuditEvent, AuditLogIsReadOnly
from tests import factories
from tests.pages import page
from tests.signing_in import sign_in


def events_on(listing) -> list:
    return listing.soup.find("main").find("ol").find_all("li", recursive=False)


def test_shows_who_did_what_where_and_when(client, admin):
    round_ = factories.round_("Fife", title="Autumn 2026")
    lead = factories.lead("lead@example.org", "Fife")
    audit.record("closed round", actor=lead, partnership_id=round_.partnership_id, round_id=round_.id, reason="done")
    audit.record("failed sign-in", detail_note="unknown address")
    db.session.commit()
    listing = page(client, "/admin/audit")
    first, second = events_on(listing)[:2]
    text = first.get_text(" ", strip=True)
    assert "Failed sign-in" in text
    assert "Nobody signed in" in text
    text = second.get_text(" ", strip=True)
    assert "Closed round" in text
    assert "Lead" in text  # the lead's display name
    assert "Fife" in text
    assert "Autumn 2026" in text
    assert "Reason done" in text
    assert "Signed in" in listing.text()  # the admin's own sign-in


def test_filters_by_partnership(client, admin):
    fife, angus = partnerships.by_name("Fife"), partnerships.by_name("Angus")
    audit.record("fife event", actor=admin, partnership_id=fife.id)
    audit.record("angus event", actor=admin, partnership_id=angus.id)
    db.session.commit()
    listing = page(client, f"/admin/audit?partnership={fife.id}")
    assert "Events that match" in listing.text()
    assert listed_actions(listing) == ["Fife event"]
    assert listing.soup.find("option", selected=True)["value"] == str(fife.id)
    everything = page(client, "/admin/audit?partnership=")
    assert {"Fife event", "Angus event"} <= set(listed_actions(everything))
    # nonsense is an error that says what to do, never a failure
    wrong = page(client, "/admin/audit?partnership=nonsense")
    assert wrong.title.startswith("Error: ")
    assert "Select a partnership from the list" in wrong.text()
    assert events_on_page_or_none(wrong) is None


def test_changes_made_on_the_admin_pages_are_in_the_log(client, admin):
    person = factories.account("p@example.org")
    token = page(client, f"/admin/people/{person.id}").csrf_token()
    page(
        client,
        f"/admin/people/{person.id}/administrator",
        method="POST",
        data={"csrf_token": token, "make_admin": "yes"},
        status=302,
    )
    listing = page(client, "/admin/audit")
    text = events_on(listing)[0].get_text(" ", strip=True)
    assert "Changed roles" in text
    assert "Ada Admin" in text
    assert "Person P" in text  # the person changed, by their display name
    assert "Administrator Yes" in text


def test_there_is_no_way_to_edit_the_log(client, admin):
    audit.record("something")
    db.session.commit()
    listing = page(client, "/admin/audit")
    assert listing.soup.find("main").find_all("form", method="post") == []
    token = listing.csrf_token()
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        assert client.open("/admin/audit", method=method, data={"csrf_token": token}).status_code == 405


# --- the audit log cannot be edited -----------------------------------------------------


def test_no_admin_route_changes_the_audit_log(app):
    for rule in app.url_map.iter_rules():
        if "audit" in rule.rule:
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_the_audit_log_refuses_updates_and_deletes(app):
    audit.record("test event")
    db.session.commit()
    event = db.session.scalar(select(AuditEvent))
    event.action = "changed"
    with pytest.raises(AuditLogIsReadOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalar(select(AuditEvent)))
    with pytest.raises(AuditLogIsReadOnly):
        db.session.commit()
    db.session.rollback()


# --- filters, pages, words, CSV ------------------------------------------------------------


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 3, day, hour)


def event_on(action: str, when: datetime, **where) -> None:
    audit.record(action, **where).at = when


def listed_actions(listing) -> list[str]:
    return [item.find("h3").get_text(strip=True) for item in events_on(listing)]


def csv_rows(client, query: str) -> list[list[str]]:
    response = client.get(f"/admin/audit.csv{query}", whole_page=False)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_120_events_are_three_pages_of_50_50_and_20(client, admin):
    db.session.execute(AuditEvent.__table__.delete())  # not the admin's own sign-in
    db.session.commit()
    for number in range(120):
        event_on(f"event {number:03}", datetime(2026, 1, 1, 0, number // 60, number % 60))
    db.session.commit()
    first = page(client, "/admin/audit")
    assert "120 events, newest first. Page 1 of 3." in first.text()
    assert len(events_on(first)) == 50
    assert listed_actions(first)[0] == "Event 119"
    nav = first.soup.find("nav", class_="ds_pagination")
    assert "Page 1 of 3" in nav.get_text(" ", strip=True)
    assert nav.find("a", rel="prev") is None
    second = page(client, nav.find("a", rel="next")["href"])
    assert len(events_on(second)) == 50 and listed_actions(second)[0] == "Event 069"
    third = page(client, "/admin/audit?page=3")
    assert len(events_on(third)) == 20 and listed_actions(third)[-1] == "Event 000"
    assert third.soup.find("nav", class_="ds_pagination").find("a", rel="next") is None
    assert "Page 2 of 3" in page(client, third.soup.find("a", rel="prev")["href"]).text()
    # a page past the last shows the last; nonsense shows the first
    assert "Page 3 of 3" in page(client, "/admin/audit?page=99").text()
    assert "Page 1 of 3" in page(client, "/admin/audit?page=x²").text()
    # the CSV has every event, not one page
    assert len(csv_rows(client, "")) == 1 + 120


def test_each_filter_and_all_together(client, admin):
    fife, angus = partnerships.by_name("Fife"), partnerships.by_name("Angus")
    lead = factories.lead("fiona.lead@example.org", "Fife")
    lead.name = "Fiona Lead"
    event_on("closed round", at(2), actor=lead, partnership_id=fife.id)
    event_on("closed round", at(5), actor=admin, partnership_id=angus.id)
    event_on("shared results", at(9), actor=lead, partnership_id=fife.id)
    event_on("shared results", at(20, 23), actor=lead, partnership_id=angus.id)
    db.session.commit()

    def shown(query: str) -> list[tuple[str, str]]:
        listing = page(client, "/admin/audit" + query)
        found = []
        for item in events_on(listing):
            where = item.find("dt", string="Partnership")
            where = where.find_next_sibling("dd").get_text(strip=True) if where else ""
            found.append((item.find("h3").get_text(strip=True), where))
        # the CSV of the same view has the same events in the same order
        assert [(row[2], row[3]) for row in csv_rows(client, query)[1:]] == found
        return found

    assert shown(f"?partnership={fife.id}") == [("Shared results", "Fife"), ("Closed round", "Fife")]
    assert shown("?person=fiona") == [("Shared results", "Angus"), ("Shared results", "Fife"), ("Closed round", "Fife")]
    assert shown("?person=FIONA.LEAD@EXAMPLE") == shown("?person=fiona")
    ada = shown("?person=Ada")  # her sign-in, the CSVs downloaded above, and closing Angus's round
    assert {"Signed in", "Downloaded audit log"} <= {kind for kind, _ in ada}
    assert [where for kind, where in ada if kind == "Closed round"] == ["Angus"]
    assert shown("?kind=shared+results") == [("Shared results", "Angus"), ("Shared results", "Fife")]
    assert shown("?since=5/3/2026&until=20/3/2026") == [
        ("Shared results", "Angus"),  # 23:00 on the 20th counts: the whole day
        ("Shared results", "Fife"),
        ("Closed round", "Angus"),
    ]
    assert shown("?since=2026-03-06&until=2026-03-09") == [("Shared results", "Fife")]
    assert shown(f"?partnership={angus.id}&person=fiona&kind=shared+results&since=1/3/2026&until=31/3/2026") == [
        ("Shared results", "Angus")
    ]
    listing = page(client, f"/admin/audit?partnership={angus.id}&kind=shared+results&person=fiona")
    assert listing.soup.find("select", id="partnership").find("option", selected=True).get_text() == "Angus"
    assert listing.soup.find("select", id="kind").find("option", selected=True).get_text() == "Shared results"
    assert listing.soup.find("input", id="person")["value"] == "fiona"
    csv_link = listing.soup.find("a", string=lambda s: s and "spreadsheet" in s)["href"]
    assert csv_link.startswith("/admin/audit.csv?") and "person=fiona" in csv_link
    assert "No events match these filters." in page(client, "/admin/audit?person=nobody-at-all").text()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?since=31/2/2026", "Enter the “From” date as a real date, like 27/3/2026"),
        ("?until=tomorrow", "Enter the “To” date as a real date, like 27/3/2026"),
        ("?since=9/3/2026&until=1/3/2026", "Enter a “To” date that is the same as or after the “From” date"),
        ("?kind=made+up", "Select a kind of event from the list"),
        ("?partnership=999999", "Select a partnership from the list"),
        ("?person=" + "x" * 300, "Enter 254 characters or fewer"),
    ],
)
def test_a_wrong_filter_says_what_to_do(client, admin, query, message):
    shown = page(client, "/admin/audit" + query)
    assert shown.title.startswith("Error: ")
    assert message in shown.soup.find(class_="ds_error-summary").get_text()
    assert events_on_page_or_none(shown) is None
    # the CSV of a wrong filter goes back to the page, which says what is wrong
    response = client.get("/admin/audit.csv" + query, whole_page=False)
    assert response.status_code == 302 and response.headers["Location"].startswith("/admin/audit?")


def events_on_page_or_none(listing):
    return listing.soup.find("main").find("ol")


def test_every_value_is_in_words(client, admin):
    fife = partnerships.by_name("Fife")
    round_ = factories.round_("Fife", title="Autumn 2026")
    lead = factories.lead("lead@example.org", "Fife")
    questionnaire = factories.questionnaire()
    indicator = questionnaire.indicators[0]
    audit.record_round("started recorded response", round_, lead, response_id=12345, perspective="nhs")
    audit.record_round("agreed level", round_, lead, indicator=indicator.id, value=3)
    audit.record_round("accepted invitation", round_, lead, joined_partnership=True)
    audit.record_round("invited", round_, lead, invitation_id=777, perspective="lived_experience")
    audit.record(
        "changed membership", actor=admin, partnership_id=fife.id, account_id=lead.id, perspective="nhs to third_sector"
    )
    audit.record("downloaded results export", actor=lead, round_id=round_.id, format="csv")
    db.session.commit()
    text = page(client, "/admin/audit").text()
    assert "Response A response in Autumn 2026" in text
    assert "Perspective NHS" in text
    assert f"Question {indicator.title}" in text
    assert f"Level 3: {questionnaire.level(3).label}" in text
    assert "Joined the partnership Yes" in text
    assert "Invitation An invitation in Autumn 2026" in text
    assert "Perspective People with lived experience and carers" in text
    assert "Perspective NHS to Third sector (voluntary and community organisations)" in text
    assert "Person Lead" in text
    assert "Format CSV" in text
    for raw in ("12345", "777", "nhs ", "lived_experience", "true", indicator.id, f"Round {round_.id}"):
        assert raw not in text, raw


def test_a_page_of_events_takes_the_same_queries_however_many_it_names(app, client, admin):
    from sqlalchemy import event as sa_event

    def queries() -> int:
        count = 0

        def counted(*_args):
            nonlocal count
            count += 1

        sa_event.listen(db.engine, "before_cursor_execute", counted)
        try:
            page(client, "/admin/audit")
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", counted)
        return count

    def add(number: int) -> None:
        for n in range(number):
            round_ = factories.round_("Fife", title=f"Round {n}")
            person = factories.account(f"p{n}-{number}@example.org")
            audit.record_round("invited", round_, person, invitation_id=n, perspective="nhs", account_id=person.id)
        db.session.commit()

    add(2)
    few = queries()
    add(20)
    assert queries() == few


def test_downloading_the_csv_is_in_the_log(client, admin):
    csv_rows(client, "")
    assert audit.events()[0].action == "downloaded audit log"


def test_a_csv_cell_that_looks_like_a_formula_is_made_text(client, admin):
    audit.record("renamed partnership", actor=admin, new_name="=HYPERLINK(1)")
    db.session.commit()
    row = csv_rows(client, "?kind=renamed+partnership")[1]
    assert "New name: =HYPERLINK(1)" in row[5]
    assert row[5].startswith("New name") or row[5].startswith("'")


# --- failed and refused sign-ins --------------------------------------------------------


def test_failed_sign_ins_are_listed(app, client, admin):
    person = factories.account("person@example.org", name="Pat Person")
    anonymous = app.test_client()
    sign_in(anonymous, "Person@Example.org", "wrong password", status=200)
    sign_in(anonymous, "Nobody@Example.org ", "wrong password", status=200)
    failed = [e for e in audit.events() if e.action == "sign-in failed"]
    assert [e.actor_id for e in failed] == [None, person.id]
    assert '"email": "nobody@example.org"' in failed[0].detail
    assert failed[1].detail is None  # an account's address is not kept: it is named by its account
    listing = page(client, "/admin/audit?kind=sign-in+failed")
    first, second = (item.get_text(" ", strip=True) for item in events_on(listing))
    assert "Sign-in failed" in first and "Email address typed nobody@example.org" in first
    assert "Nobody signed in" in first
    assert "Someone signing in as Pat Person" in second  # not as though Pat did it
    assert "Sign-in failed" in page(client, "/admin/audit?person=pat").text()


def test_a_failed_sign_in_to_an_account_with_no_password_names_it(app, admin):
    person = factories.account("new@example.org", password=None, name="Nell New")
    sign_in(app.test_client(), "new@example.org", "a guess at a password", status=200)
    failed = audit.events()[0]
    assert failed.action == "sign-in failed" and failed.actor_id is None
    assert f'"account_id": {person.id}' in failed.detail


def test_refused_sign_ins_are_listed_once_per_pause(app, client, admin):
    factories.account("person@example.org", name="Pat Person")
    anonymous = app.test_client()
    tries = limits.parse(app.config["SIGN_IN_LIMIT"]).amount
    for _ in range(tries):
        sign_in(anonymous, "person@example.org", "wrong password", status=200, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    for _ in range(5):  # going on while paused writes nothing more
        sign_in(
            anonymous, "person@example.org", factories.PASSWORD, status=429, environ_base={"REMOTE_ADDR": "10.9.9.9"}
        )
    kinds = [e.action for e in audit.events()]
    assert kinds.count("sign-in failed") == tries
    assert kinds.count("sign-in refused") == 1
    text = page(client, "/admin/audit?kind=sign-in+refused").text()
    assert "Sign-in refused" in text
    assert "Pat Person" in text
    assert "Paused this account, from this network" in text
