"""The consensus workshop: the questions where views differ, then the
priorities, one page each; answers split by perspective only where the room
could not tell a few people's answers apart; evidence notes only of people
who agreed to show them, and never a name; the agreed level recorded exactly
as the results page records it. And the consent itself, on the "check your
answers" page."""

from __future__ import annotations

import json

import pytest

from selfassess import disclosure
from selfassess.data import agreed, audit, responses
from selfassess.data.base import db
from selfassess.data.models import AgreedAnswer, Response, Role
from tests import factories
from tests.pages import page
from tests.signing_in import PASSWORD, csrf_token, sign_in

STAFF_SPLIT = "leadership.room-for-co-creation"  # asked of staff only: 5 NHS, 5 council
ROOM = "culture.power-from-the-start"  # asked of everyone: the 2 carers are too few to show
LOW_AND_SPLIT = "culture.trusted-partnering"  # views differ, and a priority
LOWEST = "capacity.focus-among-priorities"  # a priority only
LOW = "evaluation.difference-made"  # a priority only
# Questions where views differ, in questionnaire order, then the priorities
# not already among them (lowest score first: 1, 1, then 2).
EXPECTED_ORDER = [STAFF_SPLIT, ROOM, LOW_AND_SPLIT, LOWEST, LOW]

# (perspective, answers to the questions above); everything else 4 (the top level, so no priority).
PEOPLE = [
    *[("nhs", {STAFF_SPLIT: 1, ROOM: 1, LOW_AND_SPLIT: 1}) for _ in range(3)],
    *[("nhs", {STAFF_SPLIT: 4, ROOM: 4, LOW_AND_SPLIT: 1}) for _ in range(2)],
    *[("local_authority", {STAFF_SPLIT: 4, ROOM: 4, LOW_AND_SPLIT: 3}) for _ in range(5)],
    *[("lived_experience", {ROOM: 1, LOW_AND_SPLIT: 1}) for _ in range(2)],
]
for _, answers in PEOPLE:
    answers.update({LOWEST: 1, LOW: 2})

CONSENTING_NOTES = {0: "Budgets are still signed off by one body", 10: "As a carer I was asked only at the end"}
PRIVATE_NOTE = "Nobody asked our team at all"  # from person 1, who did not agree


def _workshop_round(name_prefix: str = "Respondent"):
    """A closed Fife round with the 12 people above (names and emails made to be spotted on a page)."""
    q = factories.questionnaire()
    round_ = factories.round_("Fife", closed=True)
    made = []
    for place, (perspective, chosen) in enumerate(PEOPLE):
        password = PASSWORD if place == 0 else None  # only person 0 signs in: hashing takes time
        person = factories.account(f"person{place}@example.org", name=f"{name_prefix} Number{place}", password=password)
        factories.member(person, "Fife", perspective)
        answers = {i.id: chosen.get(i.id, 4) for i in q.asked(perspective)}
        notes = {ROOM: CONSENTING_NOTES[place]} if place in CONSENTING_NOTES else {}
        if place == 1:
            notes = {ROOM: PRIVATE_NOTE}
        response = factories.response(round_, answers, perspective=perspective, respondent=person, evidence=notes)
        # Consent given when they submitted, so the release holds it too.
        response.workshop_consent = response.shown_workshop_consent = place in CONSENTING_NOTES
        made.append(person)
    db.session.commit()
    return round_, made


def _lead():
    """The round's lead, with a name no page text would hold by chance."""
    person = factories.account("lead@example.org", name="Morag Quillfeather")
    return factories.member(person, "Fife", "local_authority", Role.LEAD)


def _step(client, round_, number: int, status: int = 200):
    return page(client, f"/rounds/{round_.id}/workshop/{number}", status=status)


def test_questions_where_views_differ_come_first_then_the_priorities_each_once(app, client):
    lead = _lead()
    round_, _ = _workshop_round()
    sign_in(client, lead.email)
    start = page(client, f"/rounds/{round_.id}/workshop")
    q = factories.questionnaire()
    assert "There are 5 questions to talk through: 3 questions where views differ, then 2 priorities" in start.text()
    listed = [li.get_text(" ", strip=True) for li in start.soup.select("main ol li")]
    assert [item.split(" Views differ")[0].split(" Priority")[0] for item in listed] == [
        q.indicator(i).title for i in EXPECTED_ORDER
    ]
    for number, indicator_id in enumerate(EXPECTED_ORDER, start=1):
        step = _step(client, round_, number)
        assert step.h1 == q.indicator(indicator_id).title
        assert f"Step {number} of 5" in step.text()
        assert q.indicator(indicator_id).question in step.text()
    _step(client, round_, 6, status=404)
    _step(client, round_, 0, status=404)


def _table(step) -> dict[str, dict[str, str]]:
    """The "how many people chose each answer" table: answer -> column -> count."""
    table = step.soup.find("caption", string=lambda s: s and "How many people chose each answer" in s).parent
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    rows = {}
    for tr in table.select("tbody tr"):
        cells = [c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
        rows[cells[0]] = dict(zip(headers[1:], cells[1:], strict=True))
    return rows


def test_answers_are_split_by_perspective_only_for_perspectives_of_at_least_five_answering(app, client):
    lead = _lead()
    round_, _ = _workshop_round()
    q = factories.questionnaire()
    level_1 = f"1: {q.level(1).label}"
    level_4 = f"4: {q.level(4).label}"
    sign_in(client, lead.email)

    staff = _step(client, round_, 1)  # 5 NHS and 5 council answered: each has its own column
    rows = _table(staff)
    labels = {p.id: p.label for p in q.perspectives}
    assert rows[level_1] == {"Everyone": "3", labels["nhs"]: "3", labels["local_authority"]: "0"}
    assert rows[level_4] == {"Everyone": "7", labels["nhs"]: "2", labels["local_authority"]: "5"}
    assert "not shown on their own" not in staff.text()
    # The chart prints the numbers too.
    chart = staff.soup.select_one(".sa_workshop-chart").get_text(" ", strip=True)
    assert "3 people" in chart and "7 people" in chart

    everyone = _step(client, round_, 2)  # the 2 carers are too few for a column, and too few to take away
    rows = _table(everyone)
    assert labels["lived_experience"] not in everyone.soup.select_one("main table").get_text()
    assert rows[level_1]["Everyone"] == "5"
    # Everyone's answers are on the page, so neither staff column may stand
    # beside the carers' remainder: the smaller joins them.
    assert set(rows[level_1]) == {"Everyone", labels["local_authority"], disclosure.OTHER_LABEL}
    assert rows[level_1][disclosure.OTHER_LABEL] == "5"  # 3 NHS and 2 carers
    assert (
        f"only for perspectives with at least {disclosure.MIN_IN_ROOM} people answering this question"
        in everyone.text()
    )
    assert "Don't know" in rows


def test_notes_only_of_people_who_agreed_and_never_a_name(app, client):
    lead = _lead()
    round_, people = _workshop_round()
    # Person 0 changes their note after the results were released: the workshop shows the released one.
    response = responses.for_person(round_, people[0])
    responses.save_domain(response, "culture", {ROOM: ("1", "A newer note nobody has released")})
    db.session.commit()
    sign_in(client, lead.email)
    for number in range(1, 6):
        step = _step(client, round_, number)
        text = step.soup.get_text(" ", strip=True)
        for person in people:
            assert person.display_name not in text and person.email not in text
            assert person.display_name.split()[-1] not in text
        assert lead.display_name not in text and lead.email not in text
    step = _step(client, round_, 2)
    notes = [li.get_text(strip=True) for li in step.soup.select(".sa_workshop__notes li")]
    assert notes == sorted(CONSENTING_NOTES.values())  # sorted, not in the order people answered
    assert PRIVATE_NOTE not in step.text()
    assert "A newer note nobody has released" not in step.text()
    assert "no evidence notes to show" in _step(client, round_, 1).text().lower()


def test_a_consent_given_since_the_release_waits_for_the_next_one_and_a_withdrawn_one_counts_at_once(app, client):
    """Otherwise a note appearing or going between two views of a step
    would belong to the one person who resubmitted in between."""
    lead = _lead()
    round_, people = _workshop_round()
    private = db.session.get(Response, responses.for_person(round_, people[1]).id)
    private.workshop_consent = True  # person 1 agrees after the release
    withdrawn = db.session.get(Response, responses.for_person(round_, people[0]).id)
    withdrawn.workshop_consent = False  # person 0 no longer agrees
    db.session.commit()
    sign_in(client, lead.email)
    notes = [li.get_text(strip=True) for li in _step(client, round_, 2).soup.select(".sa_workshop__notes li")]
    assert PRIVATE_NOTE not in notes
    assert CONSENTING_NOTES[0] not in notes
    assert notes == [CONSENTING_NOTES[10]]

    responses.release(round_)
    db.session.commit()
    notes = [li.get_text(strip=True) for li in _step(client, round_, 2).soup.select(".sa_workshop__notes li")]
    assert notes == sorted([CONSENTING_NOTES[10], PRIVATE_NOTE])


def test_the_agreed_level_is_the_same_record_the_results_page_makes(app, client):
    lead = _lead()
    round_, _ = _workshop_round()
    sign_in(client, lead.email)
    step = _step(client, round_, 2)
    data = {**step.form_data(), "value": "2", "rationale": "Carers come in too late; the panel agreed Developing"}
    response = client.post(f"/rounds/{round_.id}/workshop/2", data=data)
    assert response.status_code == 302 and response.location.endswith(f"/rounds/{round_.id}/workshop/3")
    found = agreed.for_round(round_.id)[ROOM]
    assert (found.value, found.rationale, found.agreed_by_id) == ("2", data["rationale"], lead.id)
    assert db.session.query(AgreedAnswer).count() == 1
    # The results page's own "Agree a level" shows it, as if it had been recorded there.
    agree = page(client, f"/rounds/{round_.id}/results/agree/{ROOM}")
    assert agree.soup.find("input", attrs={"name": "value", "value": "2"}).has_attr("checked")
    assert data["rationale"] in agree.soup.find("textarea", attrs={"name": "rationale"}).get_text()
    assert f"by {lead.display_name}" in agree.text()
    event = audit.events()[0]
    assert event.action == "agreed level"
    assert event.actor_id == lead.id
    detail = json.loads(event.detail)
    assert detail["recorded_by"] == "lead" and detail["agreed_in"] == "consensus workshop"
    # The workshop shows it is agreed, without saying who agreed it.
    again = _step(client, round_, 2)
    assert "Already agreed: 2:" in again.text() and data["rationale"] in again.text()
    assert lead.display_name not in again.soup.get_text()


def test_the_partnerships_adviser_may_record_and_the_audit_log_says_so(app, client):
    round_, _ = _workshop_round()
    adviser = factories.adviser("adviser@example.org", ["Fife"])
    sign_in(client, adviser.email)
    step = _step(client, round_, 5)
    data = {**step.form_data(), "value": "3", "rationale": "The evaluation board showed real change"}
    response = client.post(f"/rounds/{round_.id}/workshop/5", data=data)
    # The last step goes back to the start page, which says it is saved.
    assert response.status_code == 302 and response.location.endswith(f"/rounds/{round_.id}/workshop")
    assert agreed.for_round(round_.id)[LOW].agreed_by_id == adviser.id
    event = audit.events()[0]
    assert (event.actor_id, json.loads(event.detail)["recorded_by"]) == (adviser.id, "adviser")
    start = page(client, f"/rounds/{round_.id}/workshop")
    assert "is saved" in start.text()


def test_without_javascript_the_links_and_the_form_go_through_the_workshop(app, client):
    lead = _lead()
    round_, _ = _workshop_round()
    sign_in(client, lead.email)
    start = page(client, f"/rounds/{round_.id}/workshop")
    first = page(client, start.soup.find("a", string="Start")["href"])
    assert "Step 1 of 5" in first.text() and not first.soup.find("a", rel="prev")
    second = page(client, first.soup.find("a", rel="next")["href"])
    assert "Step 2 of 5" in second.text()
    back = page(client, second.soup.find("a", rel="prev")["href"])
    assert back.h1 == first.h1
    # A form without a reason is refused with the results page's own words, and nothing is saved.
    refused = page(client, f"/rounds/{round_.id}/workshop/2", method="POST", data={**second.form_data(), "value": "3"})
    assert refused.title.startswith("Error:") and "Write down why you agreed this level" in refused.text()
    assert agreed.for_round(round_.id) == {}
    posted = {**second.form_data(), "value": "3", "rationale": "We agreed Established"}
    third = page(client, f"/rounds/{round_.id}/workshop/2", method="POST", data=posted, follow=True)
    assert "Step 3 of 5" in third.text() and "is saved" in third.text()
    last = page(client, f"/rounds/{round_.id}/workshop/5")
    links = [a.get_text(" ", strip=True) for a in last.soup.select("main nav a")]
    assert not last.soup.find("a", rel="next") and "Finish the workshop" in links


def test_before_results_exist_the_start_page_says_why_and_there_are_no_steps(app, client):
    lead = _lead()
    round_ = factories.round_("Fife")
    sign_in(client, lead.email)
    start = page(client, f"/rounds/{round_.id}/workshop")
    assert "There are no results while it is open" in start.text()
    assert not start.soup.find("a", string="Start")
    _step(client, round_, 1, status=404)


@pytest.mark.parametrize("who", ["other lead", "other adviser", "respondent"])
def test_people_without_the_right_get_page_not_found(app, client, who):
    round_, people = _workshop_round()
    if who == "other lead":
        person = factories.lead("dundee.lead@example.org", "Dundee City")
    elif who == "other adviser":
        person = factories.adviser("adviser@example.org", ["Dundee City"])
    else:
        person = people[0]  # answered in this very round
    sign_in(client, person.email)
    page(client, f"/rounds/{round_.id}/workshop", status=404)
    step = _step(client, round_, 1, status=404)
    assert "Page not found" in step.text()
    token = csrf_token(client, "/")
    response = client.post(
        f"/rounds/{round_.id}/workshop/1", data={"csrf_token": token, "value": "1", "rationale": "x"}
    )
    assert response.status_code == 404
    assert agreed.for_round(round_.id) == {}


def test_consent_is_asked_on_the_check_page_saved_with_the_submission_and_changed_by_submitting_again(app, client):
    q = factories.questionnaire()
    person = factories.member(factories.account("carer@example.org"), "Fife", "lived_experience")
    round_ = factories.round_("Fife")
    response = factories.response(
        round_,
        {i.id: 3 for i in q.asked("lived_experience")},
        perspective="lived_experience",
        respondent=person,
        submitted=False,
    )
    sign_in(client, person.email)
    check = page(client, f"/rounds/{round_.id}/answer/check")
    box = check.soup.find("input", attrs={"name": "workshop_consent"})
    assert box is not None and not box.has_attr("checked")
    label = check.soup.find("label", attrs={"for": box["id"]}).get_text(strip=True)
    assert "without my name" in label and "consensus workshop" in label
    client.post(f"/rounds/{round_.id}/answer/submit", data={**check.form_data(), "workshop_consent": "y"})
    db.session.expire_all()
    assert db.session.get(Response, response.id).workshop_consent is True

    responses.reopen(db.session.get(Response, response.id))
    db.session.commit()
    check = page(client, f"/rounds/{round_.id}/answer/check")
    assert check.soup.find("input", attrs={"name": "workshop_consent"}).has_attr("checked")  # as they left it
    client.post(f"/rounds/{round_.id}/answer/submit", data=check.form_data())  # unticked this time
    db.session.expire_all()
    assert db.session.get(Response, response.id).workshop_consent is False
