"""The lead closes a round (after a confirmation), reopens it or a submitted
response, and shares the results once the round is closed."""

from __future__ import annotations

from datetime import date

from selfassess.data.models import Response, ResponseStatus, Round
from tests import factories
from tests.integration.rounds_helpers import actions, fresh, lead_with_round, post
from tests.pages import page
from tests.signing_in import sign_in


def test_closing_asks_for_confirmation_and_is_audited_and_prompts_to_share(app, client):
    round_ = lead_with_round(client)
    confirm = page(client, f"/rounds/{round_.id}/close")
    assert confirm.h1 == f"Close {round_.title}?"
    assert fresh(Round, round_.id).is_open  # looking at the question changes nothing
    assert "closed round" not in actions()

    result = client.post(f"/rounds/{round_.id}/close", data=confirm.form_data())
    assert result.status_code == 302
    assert not fresh(Round, round_.id).is_open
    assert "closed round" in actions()
    manage = page(client, result.headers["Location"])
    assert "Now share the results" in manage.text()
    prompt = manage.soup.find(id="share-prompt").get_text(" ", strip=True)
    assert "lived experience" in prompt
    assert "what their answers led to" in prompt


def test_closing_without_the_csrf_token_is_refused(app, client):
    round_ = lead_with_round(client)
    assert client.post(f"/rounds/{round_.id}/close").status_code == 400
    assert fresh(Round, round_.id).is_open


def test_a_closed_round_can_be_reopened(app, client):
    round_ = lead_with_round(client, closed=True)
    result = post(client, f"/rounds/{round_.id}/reopen")
    assert result.status_code == 302
    assert fresh(Round, round_.id).is_open
    assert "reopened round" in actions()
    assert "You reopened" in page(client, f"/rounds/{round_.id}/manage").text()


def test_a_round_is_not_reopened_while_another_is_open(app, client):
    old = lead_with_round(client, closed=True)
    factories.round_(title="Self-assessment 2027", opens_on=date(2027, 10, 1), closes_on=date(2027, 12, 1))
    post(client, f"/rounds/{old.id}/reopen")
    assert not fresh(Round, old.id).is_open
    assert "only one open round" in page(client, f"/rounds/{old.id}/manage").text()
    assert "reopened round" not in actions()


def test_a_submitted_response_is_reopened_while_the_round_is_open(app, client):
    round_ = lead_with_round(client)
    response = factories.response(round_, factories.all_answers(3))
    manage = page(client, f"/rounds/{round_.id}/manage")
    assert manage.soup.find("form", action=f"/rounds/{round_.id}/responses/{response.id}/reopen")
    result = post(client, f"/rounds/{round_.id}/responses/{response.id}/reopen")
    assert result.status_code == 302
    assert fresh(Response, response.id).status == ResponseStatus.DRAFT
    assert "reopened response" in actions()
    # Reopened, not "Started": what they submitted still counts until they submit again.
    assert "Reopened" in page(client, f"/rounds/{round_.id}/manage").soup.find(id="progress-list").get_text()


def test_a_response_is_not_reopened_when_the_round_is_closed(app, client):
    round_ = lead_with_round(client)
    response = factories.response(round_, factories.all_answers(3))
    post(client, f"/rounds/{round_.id}/close")
    post(client, f"/rounds/{round_.id}/responses/{response.id}/reopen")
    assert fresh(Response, response.id).status == ResponseStatus.SUBMITTED
    assert "reopened response" not in actions()
    assert "The round is closed" in page(client, f"/rounds/{round_.id}/manage").text()


def test_results_are_shared_only_when_the_round_is_closed(app, client):
    round_ = lead_with_round(client)
    respondent = factories.member(factories.account("r@example.org"))
    for _ in range(3):
        factories.response(round_, factories.all_answers(3))
    post(client, f"/rounds/{round_.id}/share")
    assert fresh(Round, round_.id).results_shared_at is None
    assert "Close the round before you share" in page(client, f"/rounds/{round_.id}/manage").text()

    other = app.test_client()
    sign_in(other, respondent.email)
    page(other, f"/rounds/{round_.id}/results", status=404)

    post(client, f"/rounds/{round_.id}/close")
    result = post(client, f"/rounds/{round_.id}/share")
    assert result.status_code == 302
    assert fresh(Round, round_.id).results_shared_at is not None
    assert "shared results" in actions()
    manage = page(client, f"/rounds/{round_.id}/manage")
    assert manage.soup.find(id="share-prompt") is None
    assert "You shared the results" in manage.text()
    page(other, f"/rounds/{round_.id}/results")
