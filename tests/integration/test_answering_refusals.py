"""A stale or tampered section page is refused with a message that says
what happened, and stores nothing: every Answer row is as it was."""

from __future__ import annotations

import dataclasses

import pytest

from selfassess.data import rounds, versions
from selfassess.data.base import db
from selfassess.data.models import Round
from selfassess.questionnaire import read_files
from tests import factories
from tests.integration.test_answering_support import (
    OTHER,
    answers_of,
    domain_url,
    evidence,
    evidence_text,
    field,
    filled,
    indicators,
    questionnaire,
    respondent,
    respondent_with_round,
    response_of,
    responses_count,
    rows,
    save_page,
)
from tests.pages import page


def opened_with_answers(client, round_):
    """A person who has saved some answers and has the first page open again."""
    first, second = indicators("leadership")[:2]
    save_page(client, round_, "leadership", {first: "2", second: "3"}, {first: "Saved earlier."})
    return page(client, domain_url(round_, "leadership"))


@pytest.mark.parametrize("first_save", [False, True])
def test_an_answer_to_a_question_not_in_the_section_is_refused(app, client, first_save):
    round_ = respondent_with_round(client)
    form = page(client, domain_url(round_, "leadership")) if first_save else opened_with_answers(client, round_)
    before, responses_before = rows(), responses_count()
    data = filled(form, {indicators("leadership")[0]: "4"})
    data[field("leadership.made-up-indicator")] = "2"
    refused = page(client, domain_url(round_, "leadership"), method="POST", data=data, status=400)
    assert refused.h1 == "Your answers on this page were not saved"
    assert "sent an answer to a question that is not on it: not in this domain, or not asked of you" in refused.text()
    assert "Nothing from this page was saved. Answers you saved earlier are unchanged." in refused.text()
    assert refused.soup.find("a", string="Go back to your task list")["href"] == f"/rounds/{round_.id}/answer"
    assert rows() == before
    assert responses_count() == responses_before

    # A question of another section, posted here, is just as unknown.
    data = filled(form, {indicators("capacity")[0]: "2"})
    assert client.post(domain_url(round_, "leadership"), data=data).status_code == 400
    assert rows() == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("7", "is not one of the options: choose a level or “Don't know”"),
        ("0", "is not one of the options"),
        ("3.5", "is not one of the options"),
        ("na", "“Not applicable” is not an answer to"),
        ("Don't know", "is not one of the options"),
        (" ", "is not one of the options"),
        ("\r", "is not one of the options"),
        (" 3", "is not one of the options"),
    ],
)
def test_an_answer_off_the_scale_is_refused_on_the_page(app, client, value, message):
    round_ = respondent_with_round(client)
    form = opened_with_answers(client, round_)
    before = rows()
    first, second, third = indicators("leadership")[:3]
    data = filled(form, {first: value, third: "4"}, {second: "Changed evidence"})
    refused = page(client, domain_url(round_, "leadership"), method="POST", data=data, status=400)
    assert refused.title.startswith("Error: ")
    title = questionnaire().indicator(first).title
    summary = refused.soup.find(class_="ds_error-summary")
    assert message in summary.get_text(" ", strip=True)
    assert title in summary.get_text(" ", strip=True)
    assert summary.find("a")["href"] == f"#{field(first)}-0"
    assert refused.soup.find(id=f"{field(first)}-0") is not None
    assert message in refused.soup.find(id=f"indicator-{field(first)}").get_text(" ", strip=True)
    # Nothing on the page was saved, not even the valid answers.
    assert rows() == before
    # What was typed is on the page to correct.
    assert evidence_text(refused, second) == "Changed evidence"


def test_not_applicable_is_accepted_where_the_questionnaire_allows_it(app, client):
    round_ = respondent_with_round(client)
    result = save_page(client, round_, "systems", {"systems.spreading-what-works": "na"})
    assert result.status_code == 302
    assert answers_of()["systems.spreading-what-works"] == ("na", None)
    before = rows()
    refused = save_page(client, round_, "systems", {"systems.honest-about-money": "na"})
    assert refused.status_code == 400
    assert "“Not applicable” is not an answer to" in refused.get_data(as_text=True)
    assert rows() == before


@pytest.mark.parametrize("posted", ["someone else's", "made up", "not a number"])
def test_a_page_of_another_response_is_refused(app, client, posted):
    round_ = respondent_with_round(client)
    respondent(OTHER)
    someone = factories.response(round_, {indicators("leadership")[0]: "1"}, respondent=None, submitted=False)
    form = opened_with_answers(client, round_)
    before = rows()
    data = filled(form, {indicators("leadership")[0]: "4"})
    data["response_id"] = {
        "someone else's": str(someone.id),
        "made up": str(someone.id + 1000),
        "not a number": "1 OR 1=1",
    }[posted]
    refused = page(client, domain_url(round_, "leadership"), method="POST", data=data, status=400)
    assert "This page belongs to a different set of answers" in refused.text()
    assert "Nothing from this page was saved" in refused.text()
    assert rows() == before


def test_a_page_naming_a_response_before_the_person_has_one_is_refused(app, client):
    round_ = respondent_with_round(client)
    someone = factories.response(round_, {indicators("leadership")[0]: "1"}, submitted=False)
    form = page(client, domain_url(round_, "leadership"))
    assert form.form_data()["response_id"] == ""
    before = rows()
    data = filled(form, {indicators("leadership")[0]: "4"})
    data["response_id"] = str(someone.id)
    refused = page(client, domain_url(round_, "leadership"), method="POST", data=data, status=400)
    assert "This page belongs to a different set of answers" in refused.text()
    assert rows() == before
    assert response_of() is None


def test_a_page_posted_after_the_round_closed_is_refused(app, client):
    round_ = respondent_with_round(client)
    form = opened_with_answers(client, round_)
    rounds.close(db.session.get(Round, round_.id))
    db.session.commit()
    before = rows()
    refused = page(
        client,
        domain_url(round_, "leadership"),
        method="POST",
        data=filled(form, {indicators("leadership")[0]: "4"}),
        status=409,
    )
    assert refused.h1 == "Your answers on this page were not saved"
    assert "This round closed on" in refused.text()
    assert "answers can no longer be added or changed" in refused.text()
    assert rows() == before


def test_a_page_of_a_questionnaire_changed_since_it_was_opened_is_refused(app, client):
    round_ = respondent_with_round(client)
    form = opened_with_answers(client, round_)
    before = rows()
    data = filled(form, {indicators("leadership")[0]: "4"})

    tampered = {**data, "questionnaire": "0123456789abcdef"}
    refused = page(client, domain_url(round_, "leadership"), method="POST", data=tampered, status=409)
    assert "The questions have changed since this page was opened" in refused.text()
    assert rows() == before
    missing = {k: v for k, v in data.items() if k != "questionnaire"}
    assert client.post(domain_url(round_, "leadership"), data=missing).status_code == 409
    assert rows() == before

    # The round's questionnaire itself changes while the page is open.
    files = read_files(factories.QUESTIONNAIRE)
    major, minor, patch = (int(n) for n in questionnaire().version.split("."))
    was, now = f"version: {major}.{minor}.{patch}\n", f"version: {major}.{minor}.{patch + 1}\n"
    assert was in files.questionnaire_text
    newer, _ = versions.store(
        dataclasses.replace(files, questionnaire_text=files.questionnaire_text.replace(was, now, 1))
    )
    db.session.get(Round, round_.id).questionnaire_version_id = newer.id
    db.session.commit()
    refused = page(client, domain_url(round_, "leadership"), method="POST", data=data, status=409)
    assert "The questions have changed since this page was opened" in refused.text()
    assert rows() == before
    # Opened again, the page saves.
    assert save_page(client, round_, "leadership", {indicators("leadership")[0]: "4"}).status_code == 302


def test_evidence_over_1000_characters_is_refused_on_the_page(app, client):
    round_ = respondent_with_round(client)
    form = opened_with_answers(client, round_)
    before = rows()
    first, second = indicators("leadership")[:2]
    data = filled(form, {second: "1"}, {first: "e" * 1001})
    refused = page(client, domain_url(round_, "leadership"), method="POST", data=data)
    assert refused.title.startswith("Error: ")
    title = questionnaire().indicator(first).title
    message = f"Evidence for “{title}” must be 1,000 characters or fewer"
    summary = refused.soup.find(class_="ds_error-summary")
    assert summary.find("a", string=message)["href"] == f"#{evidence(first)}"
    assert refused.soup.find(id=f"{evidence(first)}-error").get_text(strip=True) == message
    assert refused.soup.find(id=evidence(first))["aria-invalid"] == "true"
    assert evidence_text(refused, first) == "e" * 1001
    assert rows() == before


def test_evidence_of_1000_characters_with_line_breaks_is_accepted_as_the_browser_counted_it(app, client):
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    # The browser's counter (and maxlength) count a line break as one character;
    # the form sends it as two (CR LF).
    text = ("a" * 99 + "\r\n") * 10
    assert len(text.replace("\r\n", "\n")) == 1000
    result = save_page(client, round_, "leadership", {first: "2"}, {first: text})
    assert result.status_code == 302, result.get_data(as_text=True)[:3000]
    assert answers_of()[first] == ("2", text.replace("\r\n", "\n").strip())


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_section_that_does_not_exist_is_not_found(app, client, method):
    round_ = respondent_with_round(client)
    token = page(client, domain_url(round_, "leadership")).csrf_token()
    for section in ("leadership2", "check-answers", "LEADERSHIP", "leadership.shared-meaning"):
        result = page(
            client,
            domain_url(round_, section),
            method=method,
            data={"csrf_token": token, "leadership--shared-meaning": "2"} if method == "POST" else None,
            status=404,
        )
        assert result.h1 == "Page not found"
    assert rows() == []
    assert responses_count() == 0
