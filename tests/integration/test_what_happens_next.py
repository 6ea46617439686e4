"""The respondents' page "What you told us and what happens next": the
overall stage in words, the levels agreed and the action plan, for the
people who may see the round's results, and no scores."""

from __future__ import annotations

import re
from datetime import date

from selfassess.data import accounts, actions, agreed
from selfassess.data.base import db
from selfassess.data.models import ActionStatus
from tests import factories
from tests.integration.rounds_helpers import lead_with_round, post
from tests.pages import page
from tests.signing_in import sign_in


def shared_round(client, *, people: int = 3, level: int = 2):
    """Fife's round, closed with ``people`` responses at ``level`` and its results shared by the lead."""
    round_ = lead_with_round(client)
    for n in range(people):
        factories.response(
            round_, factories.all_answers(level), respondent=factories.member(factories.account(f"r{n}@example.org"))
        )
    factories.close(round_)
    post(client, f"/rounds/{round_.id}/share")
    return round_


def respondent(app, email: str = "r0@example.org"):
    person = app.test_client()
    sign_in(person, email)
    return person


def test_a_respondent_reads_the_overall_stage_what_was_agreed_and_the_plan_without_scores(app, client):
    round_ = shared_round(client)
    q = factories.questionnaire()
    indicator = q.indicators[0]
    agreed.record(
        round_, indicator.id, "3", "We run the carers' forum together now.", accounts.by_email("lead@example.org")
    )
    actions.add(
        round_,
        "Pay carers for their time on the forum",
        owner="Morag Sinclair",
        due_on=date(2027, 3, 31),
        status=ActionStatus.IN_PROGRESS,
    )
    actions.add(round_, "Publish what changed after each meeting")
    db.session.commit()

    shown = page(respondent(app), f"/rounds/{round_.id}/what-happens-next")
    text = shown.text()
    assert shown.h1 == "What you told us and what happens next"
    stage = q.level(2)
    assert f"the partnership is at the stage {stage.label}" in text
    assert stage.description in text
    assert indicator.question in text
    assert f"Agreed level {q.level(3).label}" in text
    assert "We run the carers' forum together now." in text
    assert "1. Pay carers for their time on the forum" in text
    assert "Who Morag Sinclair By 31 March 2027 Where it has got to In progress" in text
    assert "2. Publish what changed after each meeting" in text
    assert "Who Nobody named yet By No date set Where it has got to Not started" in text
    # Words only: no score, median, coverage or spread.
    assert not re.search(r"\d\.\d", text)
    for word in ("median", "coverage", "spread", "score"):
        assert word not in text.lower().replace("the scores behind them", "")


def test_before_there_is_a_plan_the_page_says_it_is_being_written(app, client):
    round_ = shared_round(client)
    text = page(respondent(app), f"/rounds/{round_.id}/what-happens-next").text()
    assert "The partnership is writing its action plan from these results." in text
    assert "No levels have been agreed for this round." in text


def test_with_too_few_answers_the_page_says_there_is_no_overall_picture(app, client):
    round_ = shared_round(client, people=2)
    text = page(respondent(app), f"/rounds/{round_.id}/what-happens-next").text()
    assert "There were not enough answers for an overall picture: results need at least 3 people's answers" in text
    assert "the stage" not in text


def test_the_home_page_links_a_respondent_to_it_once_the_results_are_shared(app, client):
    round_ = shared_round(client)
    home = page(respondent(app), "/")
    link = home.soup.find("a", href=f"/rounds/{round_.id}/what-happens-next")
    assert link is not None and "What you told us and what happens next" in link.get_text()


def test_it_is_not_found_before_the_results_are_shared_or_for_another_partnership(app, client):
    round_ = lead_with_round(client)
    for n in range(3):
        factories.response(
            round_, factories.all_answers(2), respondent=factories.member(factories.account(f"r{n}@example.org"))
        )
    factories.close(round_)
    url = f"/rounds/{round_.id}/what-happens-next"
    page(respondent(app), url, status=404)
    assert page(respondent(app), "/").soup.find("a", href=url) is None

    post(client, f"/rounds/{round_.id}/share")
    page(respondent(app), url)
    factories.lead("dundee.lead@example.org", "Dundee City")
    page(respondent(app, "dundee.lead@example.org"), url, status=404)
    dundee_member = factories.member(factories.account("dundee.nhs@example.org"), "Dundee City")
    page(respondent(app, dundee_member.email), url, status=404)
