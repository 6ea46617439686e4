"""The administrator's overview, and the partnerships: listed, added and renamed."""

from __future__ import annotations

from datetime import date

import pytest
from flask import url_for

from selfassess.data import accounts, audit, partnerships
from selfassess.data.base import db
from tests import factories
from tests.integration.admin_helpers import actions, post
from tests.pages import page
from tests.signing_in import sign_in

# --- overview ------------------------------------------------------------------------


def test_overview_links_to_each_section_with_counts(client, admin):
    factories.version()
    overview = page(client, "/admin/")
    assert overview.h1 == "Administration"
    text = overview.text()
    assert "31 partnerships" in text
    assert "1 person" in text
    assert "1 administrator" in text
    assert "1 version stored" in text
    links = {a["href"] for a in overview.soup.find("main").find_all("a")}
    assert {"/admin/partnerships", "/admin/people", "/admin/questionnaires", "/admin/audit"} <= links


# --- partnerships --------------------------------------------------------------------


def test_lists_the_31_partnerships(client, admin):
    listed = page(client, "/admin/partnerships")
    assert "There are 31 partnerships" in listed.text()
    assert "Fife" in listed.text()
    assert "Orkney Islands" in listed.text() or "Orkney" in listed.text()


def test_adds_a_partnership(client, admin, restore_partnerships):
    result = post(client, "/admin/partnerships/new", {"name": "  New   Partnership "})
    assert result.response.headers["Location"].endswith("/admin/partnerships")
    assert partnerships.by_name("New Partnership") is not None
    listed = page(client, "/admin/partnerships")
    assert "Added the partnership New Partnership." in listed.text()
    assert "There are 32 partnerships" in listed.text()
    assert actions()[0] == "added partnership"


@pytest.mark.parametrize("name", ["Fife", "fife", "FIFE!"])
def test_refuses_a_duplicate_partnership(client, admin, restore_partnerships, name):
    shown = post(client, "/admin/partnerships/new", {"name": name}, status=200)
    assert shown.title.startswith("Error: ")
    assert "There is already a partnership called Fife: enter a different name" in shown.text()
    assert len(partnerships.all_partnerships()) == 31
    assert "added partnership" not in actions()


def test_refuses_an_empty_partnership_name(client, admin, restore_partnerships):
    shown = post(client, "/admin/partnerships/new", {"name": "  "}, status=200)
    assert "Enter the partnership's name" in shown.text()
    shown = post(client, "/admin/partnerships/new", {"name": "---"}, status=200)
    assert "Enter a name with at least one letter or number" in shown.text()


def test_renames_a_partnership(client, admin, restore_partnerships):
    fife = partnerships.by_name("Fife")
    form = page(client, f"/admin/partnerships/{fife.id}/rename")
    assert form.soup.find("input", attrs={"name": "name"})["value"] == "Fife"
    post(client, f"/admin/partnerships/{fife.id}/rename", {"name": "Fife Health and Social Care"})
    assert partnerships.get(fife.id).name == "Fife Health and Social Care"
    assert partnerships.by_name("Fife") is None
    event = audit.events()[0]
    assert event.action == "renamed partnership"
    assert event.partnership_id == fife.id
    assert "Fife Health and Social Care" in event.detail


def test_renaming_to_another_partnerships_name_is_refused(client, admin, restore_partnerships):
    fife = partnerships.by_name("Fife")
    shown = post(client, f"/admin/partnerships/{fife.id}/rename", {"name": "Angus"}, status=200)
    assert "There is already a partnership called Angus: enter a different name" in shown.text()
    assert partnerships.get(fife.id).name == "Fife"


def test_renaming_an_unknown_partnership_is_not_found(client, admin):
    page(client, "/admin/partnerships/999999/rename", status=404)


# --- leads and latest rounds, and making someone a lead ------------------------------


def partnership_item(listed, name: str):
    heading = listed.soup.find("main").find("h2", string=name)
    return heading.find_parent("li")


def test_each_partnership_shows_its_leads_and_latest_round(client, admin):
    factories.version()
    fife = partnerships.by_name("Fife")
    factories.round_("Fife", title="Spring 2025", opens_on=date(2025, 3, 1), closes_on=date(2025, 4, 1), closed=True)
    factories.round_("Fife", title="Autumn 2026")
    first = factories.lead("fiona@example.org", "Fife")
    first.name = "Fiona Lead"
    second = factories.lead("gus@example.org", "Fife")
    second.name = "Angus Lead"
    factories.member(factories.account("resp@example.org", name="Rita Respondent"), "Fife")
    listed = page(client, "/admin/partnerships")
    item = partnership_item(listed, "Fife")
    text = item.get_text(" ", strip=True)
    leads = item.find("dt", string="Leads").find_next_sibling("dd").get_text()
    assert leads == "Angus Lead, Fiona Lead"
    assert "Rita Respondent" not in text
    assert "Latest round Autumn 2026: open, closes on 1 December 2026" in text
    assert "Rounds 2 rounds" in text
    links = {a.get_text(" ", strip=True): a["href"] for a in item.find_all("a")}
    assert links["Angus Lead"] == f"/admin/people/{second.id}"
    assert links["Make someone a lead of Fife"] == f"/admin/partnerships/{fife.id}/lead"
    assert not any(text.startswith("Open a round") for text in links)  # one is open already
    angus = partnership_item(listed, "Angus").get_text(" ", strip=True)
    assert "No lead yet" in angus and "No round yet" in angus and "Rounds 0 rounds" in angus
    angus_links = partnership_item(listed, "Angus").find_all("a")
    (opening,) = [a for a in angus_links if a.get_text() == "Open a round for Angus"]
    with client.application.test_request_context():
        assert opening["href"] == url_for("rounds.new_round", partnership_id=partnerships.by_name("Angus").id)


def test_a_new_person_is_made_a_lead_and_emailed_a_link_that_sets_their_password(client, admin, smtp_server):
    factories.version()
    angus = partnerships.by_name("Angus")
    form = page(client, f"/admin/partnerships/{angus.id}/lead")
    assert form.h1 == "Make someone a lead of Angus"
    post(
        client,
        f"/admin/partnerships/{angus.id}/lead",
        {"email": "New.Lead@Example.org", "name": "Nia New", "perspective": "nhs"},
    )
    made = accounts.by_email("new.lead@example.org")
    assert made.name == "Nia New" and made.password_hash is None
    assert [(m.partnership_id, m.role.value, m.perspective) for m in accounts.memberships(made)] == [
        (angus.id, "lead", "nhs")
    ]
    assert actions()[:2] == ["changed membership", "added person"]
    listed = page(client, "/admin/partnerships")
    assert "Nia New is now a lead of Angus" in listed.text() or "Added Nia New to Angus as a lead." in listed.text()
    assert "Leads Nia New" in partnership_item(listed, "Angus").get_text(" ", strip=True).replace(" ,", ",")
    (message,) = smtp_server.messages
    assert message.to == "new.lead@example.org" and "lead of Angus" in message.subject
    link = message.link_path()
    assert link.startswith("/reset-password/")
    anonymous = client.application.test_client()
    shown = page(anonymous, link)
    assert shown.h1 == "Set your password"
    password = "a new lead's long password"
    page(
        anonymous,
        link,
        method="POST",
        data={"password": password, "confirm": password, "csrf_token": shown.csrf_token()},
        status=302,
    )
    assert "Your password has been set" in page(anonymous, "/sign-in").text()
    sign_in(anonymous, "new.lead@example.org", password)


def test_someone_with_an_account_is_made_a_lead_keeping_their_perspective(client, admin, smtp_server):
    factories.version()
    person = factories.member(factories.account("pat@example.org", name="Pat Person"), "Fife", "third_sector")
    fife = partnerships.by_name("Fife")
    post(client, f"/admin/partnerships/{fife.id}/lead", {"email": "PAT@example.org", "name": "", "perspective": "nhs"})
    (membership,) = accounts.memberships(person)
    assert (membership.role.value, membership.perspective) == ("lead", "third_sector")
    assert "Pat Person is now a lead of Fife." in page(client, "/admin/partnerships").text()
    assert smtp_server.messages[0].link_path() == "/sign-in"
    again = post(
        client, f"/admin/partnerships/{fife.id}/lead", {"email": "pat@example.org", "perspective": "nhs"}, status=302
    )
    assert again.response.headers["Location"].endswith("/admin/partnerships")
    assert "Pat Person is already a lead of Fife: nothing changed." in page(client, "/admin/partnerships").text()
    assert len(smtp_server.messages) == 1
    # someone with an account but not in the partnership joins it with the perspective chosen
    other = factories.account("olu@example.org", name="Olu Other")
    angus = partnerships.by_name("Angus")
    post(client, f"/admin/partnerships/{angus.id}/lead", {"email": "olu@example.org", "perspective": "nhs"})
    assert [(m.partnership_id, m.role.value, m.perspective) for m in accounts.memberships(other)] == [
        (angus.id, "lead", "nhs")
    ]


def test_making_a_lead_says_what_is_missing(client, admin):
    factories.version()
    fife = partnerships.by_name("Fife")
    shown = post(
        client, f"/admin/partnerships/{fife.id}/lead", {"email": "nobody@example.org", "perspective": "nhs"}, status=200
    )
    assert shown.title.startswith("Error: ")
    assert "Enter the person's full name: there is no one with this email address yet" in shown.text()
    assert accounts.by_email("nobody@example.org") is None
    shown = post(client, f"/admin/partnerships/{fife.id}/lead", {"email": "not an address"}, status=200)
    assert "Enter an email address in the right format" in shown.text()
    assert "Select the perspective they answer from" in shown.text()
    page(client, "/admin/partnerships/999999/lead", status=404)


def test_the_partnerships_page_takes_the_same_queries_however_many_leads_and_rounds(app, client, admin):
    from tests.integration.test_query_counts import Counter

    factories.version()

    def queries() -> int:
        with Counter(db.engine) as counter:
            page(client, "/admin/partnerships")
        return counter.count

    def add(number: int, start: int) -> None:
        for n, partnership in enumerate(partnerships.all_partnerships()[start : start + number]):
            factories.round_(partnership.name, title=f"Round {n}")
            factories.lead(f"lead{start}-{n}@example.org", partnership.name)

    add(2, 0)
    few = queries()
    add(20, 2)
    assert queries() == few
