"""The lead invites people to a round (by email, again, resent, withdrawn)
and follows who has started and submitted, never what they answered."""

from __future__ import annotations

from datetime import date

from selfassess.data.base import db
from selfassess.data.models import Account, Invitation, Membership
from tests import factories
from tests.integration.rounds_helpers import (
    actions,
    fresh,
    invite,
    invite_directly,
    lead_with_round,
    link_path,
    outbox,
    post,
)
from tests.pages import page

LEVEL_LABELS = ("Not yet in place", "Developing", "Established", "Embedded")

# --- inviting ------------------------------------------------------------------------------


def test_an_invited_person_sets_a_password_from_the_emailed_link_and_reaches_the_task_list(app, client):
    round_ = lead_with_round(client)
    manage = page(client, f"/rounds/{round_.id}/manage")
    assert "Nobody has been invited yet" in manage.text()

    result = invite(client, round_, "New.Person@Example.org")
    assert result.status_code == 302
    assert result.headers["Location"].endswith(f"/rounds/{round_.id}/manage")
    [message] = outbox(app)
    assert message.to == "new.person@example.org"
    assert round_.title in message.body
    assert "People with lived experience and carers" in message.body

    after = page(client, f"/rounds/{round_.id}/manage")
    assert "We sent an invitation to new.person@example.org" in after.text()
    # The link goes only to the email: a development copy shows it on the
    # page only for the demo's own accounts (tests/integration/test_links_on_the_page.py).
    assert after.soup.find(id="invitation-link") is None
    assert "Invited" in after.soup.find(id="progress-list").get_text()
    assert "1 person invited" in after.text()
    assert "invited" in actions()

    newcomer = app.test_client()
    path = link_path(message)
    form = page(newcomer, path)
    assert form.h1 == "Set up your account"
    result = newcomer.post(
        path,
        data={"csrf_token": form.csrf_token(), "password": "a long new password", "confirm": "a long new password"},
    )
    assert result.status_code == 302, result.get_data(as_text=True)
    assert result.headers["Location"].endswith(f"/rounds/{round_.id}/answer")
    tasks = page(newcomer, result.headers["Location"])
    assert tasks.h1 == round_.title
    assert "People with lived experience and carers" in tasks.text()

    # The link works once.
    again = page(app.test_client(), path, status=400)
    assert "already been used" in again.text()


def test_inviting_again_sends_a_new_link(app, client):
    round_ = lead_with_round(client)
    invite(client, round_)
    invite(client, round_)
    first, second = outbox(app)
    assert "already invited" in page(client, f"/rounds/{round_.id}/manage").text()
    assert page(app.test_client(), link_path(first), status=400)
    assert page(app.test_client(), link_path(second)).h1 == "Set up your account"
    assert db.session.query(Invitation).count() == 1


def test_resending_makes_the_old_link_stop_working(app, client):
    round_ = lead_with_round(client)
    invite(client, round_)
    invitation = db.session.query(Invitation).one()
    result = post(client, f"/rounds/{round_.id}/invitations/{invitation.id}/resend")
    assert result.status_code == 302
    old, new = outbox(app)
    assert old.to == new.to == "new.person@example.org"
    assert "already been used" in page(app.test_client(), link_path(old), status=400).text()
    assert page(app.test_client(), link_path(new)).h1 == "Set up your account"
    assert "We sent a new link" in page(client, f"/rounds/{round_.id}/manage").text()
    assert "resent invitation" in actions()


def test_withdrawing_stops_the_link(app, client):
    round_ = lead_with_round(client)
    invite(client, round_)
    invitation = db.session.query(Invitation).one()
    result = post(client, f"/rounds/{round_.id}/invitations/{invitation.id}/withdraw")
    assert result.status_code == 302
    assert "withdrawn" in page(app.test_client(), link_path(outbox(app)[0]), status=400).text()
    manage = page(client, f"/rounds/{round_.id}/manage")
    assert "Withdrawn" in manage.soup.find(id="progress-list").get_text()
    assert "0 people invited" in manage.text()
    # Someone who never set up their account is no longer in the partnership.
    assert fresh(Invitation, invitation.id).withdrawn_at is not None
    assert "withdrew invitation" in actions()
    # A withdrawn invitation cannot be resent.
    post(client, f"/rounds/{round_.id}/invitations/{invitation.id}/resend")
    assert len(outbox(app)) == 1


def test_withdrawing_removes_someone_who_never_set_up_an_account_from_the_partnership(app, client):
    round_ = lead_with_round(client)
    invite(client, round_)
    invitation = db.session.query(Invitation).one()
    post(client, f"/rounds/{round_.id}/invitations/{invitation.id}/withdraw")
    assert db.session.query(Membership).filter_by(account_id=invitation.account_id).count() == 0


def test_someone_who_has_not_set_up_an_account_can_be_invited_to_the_next_round(app, client):
    old = lead_with_round(client)
    invite(client, old)
    post(client, f"/rounds/{old.id}/close")
    new = factories.round_(title="Self-assessment 2027", opens_on=date(2027, 10, 1), closes_on=date(2027, 12, 1))
    assert invite(client, new).status_code == 302


def test_an_invitation_needs_a_proper_email_and_a_perspective_and_stores_nothing_otherwise(app, client):
    round_ = lead_with_round(client)
    token = page(client, f"/rounds/{round_.id}/manage").csrf_token()
    cases = [
        ({"email": "not an email", "perspective": "nhs"}, "Enter an email address in the right format"),
        ({"email": "", "perspective": "nhs"}, "Enter the email address of the person you want to invite"),
        ({"email": "a@example.org"}, "Select the person's perspective"),
        ({"email": "a@example.org", "perspective": "martian"}, "Select the person's perspective"),
    ]
    for data, message in cases:
        result = page(client, f"/rounds/{round_.id}/invitations", method="POST", data={"csrf_token": token, **data})
        assert result.title.startswith("Error: ")
        assert message in result.soup.find(class_="ds_error-summary").get_text()
    assert db.session.query(Invitation).count() == 0
    assert db.session.query(Account).count() == 1  # the lead
    assert outbox(app) == []


def test_nobody_is_invited_to_a_closed_round(app, client):
    round_ = lead_with_round(client, closed=True)
    manage = page(client, f"/rounds/{round_.id}/manage")
    assert "Invite someone" not in manage.text()
    invite(client, round_)
    assert db.session.query(Invitation).count() == 0
    assert outbox(app) == []


# --- progress ---------------------------------------------------------------------------------


def test_progress_shows_who_is_invited_started_and_submitted_but_never_answers(app, client):
    round_ = lead_with_round(client)
    invite_directly(round_, "waiting@example.org", "community")
    # Members of the partnership: someone not yet a member is shown only by email address.
    started = factories.member(factories.account("started@example.org", name="Sam Started"), perspective="third_sector")
    invite_directly(round_, "started@example.org", "third_sector")
    factories.response(
        round_,
        {"leadership.shared-meaning": 2},
        respondent=started,
        perspective="third_sector",
        submitted=False,
        evidence={"leadership.shared-meaning": "Our private evidence note"},
    )
    done = factories.member(factories.account("done@example.org", name="Dana Done"))
    invite_directly(round_, "done@example.org", "nhs")
    factories.response(
        round_,
        factories.all_answers(4),
        respondent=done,
        evidence={"leadership.shared-meaning": "Another secret example"},
    )

    manage = page(client, f"/rounds/{round_.id}/manage")
    text = manage.text()
    assert "3 people invited" in text
    assert "1 not started yet" in text
    assert "1 started but not submitted" in text
    assert "1 submitted" in text
    rows = {
        item.find("dt").get_text(" ", strip=True): item.find("dd").get_text(" ", strip=True)
        for item in manage.soup.find(id="progress-list").find_all(class_="ds_summary-list__item")
    }
    assert rows["waiting@example.org"].startswith("Invited")
    assert rows["Sam Started started@example.org"].startswith("Started")
    assert rows["Dana Done done@example.org"].startswith("Submitted")
    assert "1 response has been submitted" in text
    assert "Results appear when you close the round, if at least 3 responses are submitted by then" in text
    for secret in ("private evidence note", "secret example", *LEVEL_LABELS):
        assert secret not in manage.html


def test_the_round_page_links_to_the_results_once_closed_with_three_submitted(app, client):
    round_ = lead_with_round(client)
    for _ in range(3):
        factories.response(round_, factories.all_answers(3))
    manage = page(client, f"/rounds/{round_.id}/manage")
    assert "3 responses have been submitted" in manage.text()
    # No interim results: no link while the round is open.
    assert manage.soup.find("a", href=f"/rounds/{round_.id}/results") is None
    factories.close(db.session.merge(round_))
    manage = page(client, f"/rounds/{round_.id}/manage")
    link = manage.soup.find("a", href=f"/rounds/{round_.id}/results")
    assert link.get_text(" ", strip=True).startswith("See the results")
