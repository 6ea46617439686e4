"""The differencing attack of issue 10, replayed: a lead reads every
question's answer counts and evidence, does everything a lead (or an
administrator short of erasure) can do to one named person's response, reads
them again and subtracts. Nothing of that person may be recovered.

Also: no interim results while a round is open (the lead sees who has
submitted), and results that change after a reopening only once enough
people's answers have changed (``disclosure.MIN_CHANGED``)."""

from __future__ import annotations

import json
from datetime import date

from selfassess import disclosure
from selfassess.admin import accounts as admin_accounts
from selfassess.data import accounts, audit, invitations
from selfassess.data.base import db
from selfassess.data.models import Response, Round
from tests import factories
from tests.integration.rounds_helpers import fresh, invite, invite_directly, post
from tests.pages import page
from tests.signing_in import sign_in

PEOPLE = [("ann", 1), ("bea", 2), ("cal", 2), ("dee", 3)]
TARGET = "target@example.org"
TARGET_NOTE = "Only the target wrote this note"


def view(client, round_: Round) -> dict:
    """Everything the lead can read of the answers: each question's counts by
    level and its evidence notes, and the results page's perspective table."""
    seen = {}
    for indicator in factories.questionnaire().indicators:
        found = page(client, f"/rounds/{round_.id}/results/agree/{indicator.id}", status=None)
        if found.status != 200:
            seen[indicator.id] = found.status
            continue
        rows = found.soup.find("table").find("tbody").find_all("tr")
        counts = [(row.th.get_text(" ", strip=True), row.find_all("td")[-1].get_text(strip=True)) for row in rows]
        notes = [li.get_text(" ", strip=True) for li in found.soup.select(".sa_evidence-list li")]
        seen[indicator.id] = (counts, sorted(notes))
    results = page(client, f"/rounds/{round_.id}/results")
    table = results.soup.find("caption", string=lambda s: s and s.startswith("Domain scores by perspective"))
    seen["perspectives"] = table.find_parent("table").get_text(" ", strip=True) if table else None
    seen["summary"] = results.soup.find("main").find("p").get_text(" ", strip=True)
    return seen


def a_round_with_a_target(client) -> tuple[Round, Response]:
    """Fife's round: four people and the target, who answers 4 everywhere and
    writes a note nobody else writes; invited, so that the lead can withdraw it."""
    factories.lead("lead@example.org")
    round_ = factories.round_()
    for name, level in PEOPLE:
        person = factories.member(factories.account(f"{name}@example.org"), "Fife", "nhs")
        factories.response(round_, factories.all_answers(level), respondent=person)
    target = factories.member(factories.account(TARGET), "Fife", "nhs")
    invite_directly(round_, TARGET, "nhs")
    evidence = {i.id: TARGET_NOTE for i in factories.questionnaire().indicators}
    response = factories.response(round_, factories.all_answers(4), respondent=target, evidence=evidence)
    sign_in(client, "lead@example.org")
    return round_, response


def close(client, round_: Round) -> str:
    confirm = page(client, f"/rounds/{round_.id}/close")
    # Closing before the closing date, with people still to answer, needs the lead's "I understand".
    data = {**confirm.form_data(), "understood": "y"}
    return page(client, f"/rounds/{round_.id}/close", method="POST", data=data, follow=True).text()


def test_a_lead_recovers_nothing_of_one_person_by_reopening_withdrawing_removing_or_relabelling(app, client):
    round_, response = a_round_with_a_target(client)
    close(client, round_)
    before = view(client, round_)
    assert TARGET_NOTE in json.dumps(before)  # the view really shows the counts and notes

    # Everything a lead can do to the target's response, and what an
    # administrator can do short of erasing them.
    post(client, f"/rounds/{round_.id}/reopen")
    post(client, f"/rounds/{round_.id}/responses/{response.id}/reopen")
    assert not fresh(Response, response.id).is_submitted
    during = view(client, round_)
    target = accounts.by_email(TARGET)
    made = next(i for i in invitations.for_round(fresh(Round, round_.id)) if i.email == TARGET)
    post(client, f"/rounds/{round_.id}/invitations/{made.id}/withdraw")
    invite(client, fresh(Round, round_.id), TARGET, "community")  # invited again, as another perspective
    membership = accounts.membership(accounts.by_email(TARGET), round_.partnership_id)
    if membership is not None:
        accounts.change_membership(membership, membership.role, "community")
        db.session.flush()
        accounts.remove_member(membership)
    db.session.commit()
    assert accounts.membership(target, round_.partnership_id) is None
    after_close = close(client, fresh(Round, round_.id))
    after = view(client, fresh(Round, round_.id))

    assert during == before
    assert after == before, "one person's answers could be recovered by differencing"
    assert "Now share the results" in after_close  # closed with nothing changed: nothing held back either
    assert "5 people's answers are in these results" in after["summary"]


def test_there_are_no_interim_results_while_a_round_is_open(app, client):
    round_, _ = a_round_with_a_target(client)
    text = page(client, f"/rounds/{round_.id}/results").text()
    assert "Results appear when the round closes" in text
    assert "Overall stage" not in text and TARGET_NOTE not in text
    for indicator in factories.questionnaire().indicators[:3]:
        page(client, f"/rounds/{round_.id}/results/agree/{indicator.id}", status=404)
    manage = page(client, f"/rounds/{round_.id}/manage")
    assert manage.soup.find("a", href=f"/rounds/{round_.id}/results") is None
    report = client.get(f"/rounds/{round_.id}/results.json")
    assert report.status_code == 200 and "Results appear when the round closes" in report.get_json()["note"]
    assert TARGET_NOTE.encode() not in report.data


def test_one_new_submission_after_a_reopening_does_not_change_the_results(app, client):
    round_, _ = a_round_with_a_target(client)
    close(client, round_)
    before = view(client, round_)
    post(client, f"/rounds/{round_.id}/reopen")
    late = factories.member(factories.account("late@example.org"), "Fife", "nhs")
    factories.response(fresh(Round, round_.id), factories.all_answers(1), respondent=late)
    said = close(client, fresh(Round, round_.id))
    assert view(client, fresh(Round, round_.id)) == before
    assert "The results still show the answers as they were when the round last closed" in said
    assert f"at least {disclosure.MIN_CHANGED} people's answers have" in said
    event = audit.events(limit=1)[0]
    assert event.action == "closed round" and json.loads(event.detail)["results"] == "held back"

    # Enough later submissions together change the results: all of them at once.
    post(client, f"/rounds/{round_.id}/reopen")
    for n in range(disclosure.MIN_CHANGED - 1):
        person = factories.member(factories.account(f"later{n}@example.org"), "Fife", "nhs")
        factories.response(fresh(Round, round_.id), factories.all_answers(1), respondent=person)
    close(client, fresh(Round, round_.id))
    after = view(client, fresh(Round, round_.id))
    assert after != before
    assert f"{len(PEOPLE) + 1 + disclosure.MIN_CHANGED} people's answers are in these results" in after["summary"]


def test_a_reopened_response_counts_as_submitted_until_its_owner_submits_again(app, client):
    round_, response = a_round_with_a_target(client)
    post(client, f"/rounds/{round_.id}/responses/{response.id}/reopen")
    manage = page(client, f"/rounds/{round_.id}/manage").text()
    assert "5 responses have been submitted" in manage
    assert "still count until they submit again" in manage
    close(client, fresh(Round, round_.id))
    assert "5 people's answers are in these results" in view(client, fresh(Round, round_.id))["summary"]


def test_only_an_administrators_erasure_takes_answers_out_and_it_is_audited(app, client):
    round_, _ = a_round_with_a_target(client)
    close(client, round_)
    admin = factories.account("admin@example.org", is_admin=True)
    admin_client = app.test_client()
    sign_in(admin_client, "admin@example.org")
    erase_page = page(admin_client, f"/admin/people/{accounts.by_email(TARGET).id}/erase")
    assert "Erasing their answers here is the only way they leave" in erase_page.text()
    admin_accounts.erase(accounts.by_email(TARGET), admin)  # name and email only: answers stay
    assert "5 people's answers are in these results" in view(client, fresh(Round, round_.id))["summary"]

    other = accounts.by_email("ann@example.org")
    erased = page(
        admin_client,
        f"/admin/people/{other.id}/erase",
        method="POST",
        data={**page(admin_client, f"/admin/people/{other.id}/erase").form_data(), "remove_answers": "y"},
        follow=True,
    )
    assert "The results of 1 round changed" in erased.text()
    assert "4 people's answers are in these results" in view(client, fresh(Round, round_.id))["summary"]
    events = [(e.action, e.round_id) for e in audit.events(limit=3)]
    assert ("erased answers", round_.id) in events and ("erased person", None) in events


def test_the_dashboard_shows_the_latest_results_and_says_a_newer_round_is_open(app, client):
    earlier, _ = a_round_with_a_target(client)
    close(client, earlier)
    newer = factories.round_(title="Self-assessment 2027", opens_on=date(2027, 10, 1), closes_on=date(2027, 12, 1))
    factories.response(newer, factories.all_answers(1), respondent=accounts.by_email("ann@example.org"))
    factories.adviser("adviser@example.org", ["Fife"])
    adviser = app.test_client()
    sign_in(adviser, "adviser@example.org")
    found = page(adviser, "/adviser")
    row = found.soup.find("th", string="Fife").find_parent("tr")
    assert row.find("a")["href"] == f"/rounds/{earlier.id}/results"
    assert "Self-assessment 2027 Open" in row.get_text(" ", strip=True)  # the latest round, and its status
