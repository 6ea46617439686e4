"""Checking and submitting answers: every answer listed with a link to change
it, submitting only when everything is answered, the locked answers
afterwards, a response reopened by the lead, and a closed round."""

from __future__ import annotations

from urllib.parse import urlsplit

from selfassess.data import responses
from selfassess.data.base import db
from tests.integration.test_answering_support import (
    DOMAINS,
    PERSPECTIVE,
    answer_all,
    answers_of,
    asked,
    autosave,
    checked_value,
    domain_url,
    evidence_text,
    field,
    filled,
    indicators,
    questionnaire,
    respondent_with_round,
    response_of,
    responses_count,
    rows,
    save_page,
)
from tests.pages import page

# --- checking and submitting ------------------------------------------------------------------------------


def test_check_your_answers_lists_every_answer_with_a_link_to_change_it(app, client):
    round_ = respondent_with_round(client)
    q = questionnaire()
    shown = q.asked(PERSPECTIVE)  # every question the respondent is asked
    first = asked(DOMAINS[0])[0]
    not_applicable = next(i for i in shown if i.allow_na and i.domain_id != DOMAINS[0])
    unanswered = next(i for i in shown if i.domain_id not in (DOMAINS[0], not_applicable.domain_id))
    save_page(client, round_, DOMAINS[0], {first: "2"}, {first: "Only the board talks about it."})
    save_page(client, round_, not_applicable.domain_id, {not_applicable.id: "na"})
    check = page(client, f"/rounds/{round_.id}/answer/check")
    assert check.h1 == "Check your answers"
    items = check.soup.find_all(class_="ds_summary-list__item")
    assert len(items) == len(shown)
    for item, indicator in zip(items, shown, strict=True):
        assert item.find("dt").get_text(strip=True) == indicator.title
        change = next(a for a in item.find_all("a") if a.get_text(strip=True).startswith("Change"))
        link = urlsplit(change["href"])  # (a query may say where the page goes back to)
        assert (link.path, link.fragment) == (
            domain_url(round_, indicator.domain_id),
            f"indicator-{field(indicator.id)}",
        )
        assert indicator.title in change.get_text()  # "Change <title>" for screen readers
    answers = {
        i.id: item.find(class_="ds_summary-list__answer").get_text(" ", strip=True)
        for item, i in zip(items, shown, strict=True)
    }
    assert answers[first] == f"2: {q.scale[1].label} Evidence: Only the board talks about it."
    assert answers[not_applicable.id] == "Not applicable"
    assert answers[unanswered.id] == "Not answered"
    # Every page the link goes to has the anchor it points at.
    target = page(client, domain_url(round_, "leadership"))
    assert target.soup.find(id=f"indicator-{field(first)}") is not None


def test_evidence_is_shown_as_the_person_typed_it(app, client):
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    typed = '<b>Bold</b> & "quoted" <script>alert(1)</script>'
    save_page(client, round_, "leadership", {first: "2"}, {first: typed})
    assert answers_of()[first] == ("2", typed)
    check = page(client, f"/rounds/{round_.id}/answer/check")
    assert f"Evidence: {typed}" in check.text()
    assert check.soup.find("main").find("b") is None
    assert evidence_text(page(client, domain_url(round_, "leadership")), first) == typed


def test_submit_is_refused_until_every_question_is_answered_and_the_page_says_which(app, client):
    round_ = respondent_with_round(client)
    for section in DOMAINS:
        skip = {"capacity": asked("capacity")[2], "evaluation": asked("evaluation")[-1]}.get(section)
        save_page(
            client,
            round_,
            section,
            {i: "dont_know" if i.endswith("e") else "2" for i in asked(section) if i != skip},
        )
    check = page(client, f"/rounds/{round_.id}/answer/check")
    summary = check.soup.find(class_="ds_error-summary")
    assert "2 questions are not answered yet" in summary.get_text(" ", strip=True)
    missing = {a.get_text(strip=True): a["href"] for a in summary.find_all("a")}
    q = questionnaire()
    capacity_missing = q.indicator(asked("capacity")[2])
    evaluation_missing = q.indicator(asked("evaluation")[-1])
    assert missing == {
        capacity_missing.title: f"{domain_url(round_, 'capacity')}#indicator-{field(capacity_missing.id)}",
        evaluation_missing.title: f"{domain_url(round_, 'evaluation')}#indicator-{field(evaluation_missing.id)}",
    }
    assert check.soup.find("button", string="Submit my answers") is None

    # Posting the submit form anyway does not submit.
    response_id = str(response_of().id)
    result = client.post(
        f"/rounds/{round_.id}/answer/submit", data={"csrf_token": check.csrf_token(), "response_id": response_id}
    )
    assert result.status_code == 302
    assert result.headers["Location"] == f"/rounds/{round_.id}/answer/check"
    assert not response_of().is_submitted
    again = page(client, result.headers["Location"])
    assert "2 questions are not answered yet" in again.text()


def test_submitting_locks_the_answers(app, client):
    round_ = respondent_with_round(client)
    answer_all(client, round_, "3")
    check = page(client, f"/rounds/{round_.id}/answer/check")
    assert check.soup.find(class_="ds_error-summary") is None
    result = client.post(f"/rounds/{round_.id}/answer/submit", data=check.form_data())
    assert result.status_code == 302
    assert result.headers["Location"] == f"/rounds/{round_.id}/answer/submitted"
    done = page(client, result.headers["Location"])
    assert "your answers have been submitted" in done.text()
    assert response_of().is_submitted

    # The answers page is read-only now.
    answers = page(client, f"/rounds/{round_.id}/answer/check")
    assert answers.h1 == "Your answers"
    assert "can no longer be changed" in answers.text()
    assert not [a for a in answers.soup.find_all("a") if a.get_text(strip=True).startswith("Change")]
    assert answers.soup.find("button", string="Submit my answers") is None
    tasks = page(client, f"/rounds/{round_.id}/answer")
    assert "You submitted on" in tasks.text()
    assert tasks.soup.find("a", string="Carry on where you left off") is None

    # The section pages go to the answers page...
    for section in DOMAINS:
        opened = client.get(domain_url(round_, section))
        assert opened.status_code == 302
        assert opened.headers["Location"] == f"/rounds/{round_.id}/answer/check"


def test_a_page_posted_after_submission_is_refused_with_a_clear_message_and_stores_nothing(app, client):
    round_ = respondent_with_round(client)
    answer_all(client, round_, "3")
    # A tab left open on the first section...
    stale = page(client, domain_url(round_, "leadership"))
    check = page(client, f"/rounds/{round_.id}/answer/check")
    client.post(f"/rounds/{round_.id}/answer/submit", data=check.form_data())
    before = rows()

    refused = page(
        client,
        domain_url(round_, "leadership"),
        method="POST",
        data=filled(stale, {indicators("leadership")[0]: "1"}),
        status=409,
    )
    assert refused.h1 == "Your answers on this page were not saved"
    assert "already been submitted" in refused.text()
    assert "Nothing from this page was saved" in refused.text()
    assert rows() == before

    # The page's script, still running in that tab, is told the same.
    data = filled(stale, {indicators("leadership")[0]: "1"})
    autosaved = autosave(client, round_, "leadership", data)
    assert autosaved.status_code == 409
    assert autosaved.get_json()["saved"] is False
    assert "already been submitted" in autosaved.get_json()["problem"]
    assert rows() == before

    again = client.post(f"/rounds/{round_.id}/answer/submit", data=check.form_data())
    assert again.status_code == 409
    assert rows() == before


def test_a_response_the_lead_reopened_can_be_changed_and_submitted_again(app, client):
    round_ = respondent_with_round(client)
    answer_all(client, round_, "3")
    check = page(client, f"/rounds/{round_.id}/answer/check")
    client.post(f"/rounds/{round_.id}/answer/submit", data=check.form_data())
    responses.reopen(db.session.merge(response_of()))
    db.session.commit()

    first = indicators("leadership")[0]
    form = page(client, domain_url(round_, "leadership"))
    assert checked_value(form, first) == "3"
    result = client.post(domain_url(round_, "leadership"), data=filled(form, {first: "4"}))
    assert result.status_code == 302
    assert answers_of()[first] == ("4", None)
    check = page(client, f"/rounds/{round_.id}/answer/check")
    assert client.post(f"/rounds/{round_.id}/answer/submit", data=check.form_data()).status_code == 302
    assert response_of().is_submitted


def test_a_closed_round_cannot_be_answered(app, client):
    round_ = respondent_with_round(client, closed=True)
    refused = page(client, domain_url(round_, "leadership"), status=409)
    assert "so answers can no longer be added or changed" in refused.text()
    assert responses_count() == 0
    # The task list and the answers page say so, and offer nothing that would be refused.
    tasks = page(client, f"/rounds/{round_.id}/answer")
    assert "This round closed on" in tasks.text()
    assert "The round closes on" not in tasks.text()
    assert tasks.soup.find("a", string="Start with domain 1") is None


def test_answers_not_submitted_before_the_round_closed_can_be_seen_but_not_changed(app, client):
    round_ = respondent_with_round(client)
    answer_all(client, round_, "2")
    from selfassess.data import rounds

    rounds.close(db.session.merge(round_))
    db.session.commit()
    answers = page(client, f"/rounds/{round_.id}/answer/check")
    assert answers.h1 == "Your answers"
    assert "so these answers can no longer be changed or submitted" in answers.text()
    assert not [a for a in answers.soup.find_all("a") if a.get_text(strip=True).startswith("Change")]
    assert answers.soup.find("button", string="Submit my answers") is None
    assert len(answers.soup.find_all(class_="ds_summary-list__item")) == len(questionnaire().asked(PERSPECTIVE))
    tasks = page(client, f"/rounds/{round_.id}/answer")
    assert tasks.soup.find("a", string="Carry on where you left off") is None
    # A submit form left open is refused.
    refused = page(
        client,
        f"/rounds/{round_.id}/answer/submit",
        method="POST",
        data={"csrf_token": answers.csrf_token(), "response_id": str(response_of().id)},
        status=409,
    )
    assert "This round closed on" in refused.text()
    assert not response_of().is_submitted
