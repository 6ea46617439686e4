"""Inviting someone who already has an account (issue 10, item 2): it sends
an invitation they accept, signed in as themselves. It is not a way for a
lead to pull an account into their partnership: until the person accepts,
they are not a member, the lead sees only the email address the lead typed
(never the account's name), and nobody can make them a lead."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from selfassess.data import accounts, partnerships
from selfassess.data.base import db
from selfassess.data.models import Invitation, Role
from tests import factories
from tests.integration.rounds_helpers import actions, fresh, invite, lead_with_round, link_path, outbox
from tests.pages import page
from tests.signing_in import csrf_token, sign_in

KIM = "kim.elsewhere@example.org"
KIM_NAME = "Kim Realname"


def _someone_from_elsewhere():
    """An account of another partnership, with a password and a real name."""
    return factories.member(factories.account(KIM, name=KIM_NAME), "Dundee City", "nhs")


def _fife_membership(account):
    db.session.expire_all()
    return accounts.membership(account, partnerships.by_name("Fife").id)


def _next_of(location: str) -> str:
    """Where the sign-in page will send the person after signing in."""
    parts = urlsplit(location)
    assert parts.path == "/sign-in", location
    return parse_qs(parts.query)["next"][0]


def test_inviting_an_existing_account_neither_adds_it_nor_shows_its_name(app, client):
    round_ = lead_with_round(client)
    kim = _someone_from_elsewhere()
    assert invite(client, round_, KIM, "nhs").status_code == 302
    [message] = outbox(app)
    assert message.to == KIM
    assert "You join Fife in selfassess only if you accept" in message.body
    assert "open this link and sign in" in message.body
    assert _fife_membership(kim) is None

    manage = page(client, f"/rounds/{round_.id}/manage")
    assert KIM_NAME not in manage.html
    progress = manage.soup.find(id="progress-list").get_text(" ", strip=True)
    assert KIM in progress
    assert "Invited" in progress
    assert "Has not accepted the invitation yet" in progress
    text = manage.text()
    assert "1 person invited" in text
    assert "1 not started yet" in text
    assert "0 started but not submitted" in text

    fife = partnerships.by_name("Fife")
    leads = page(client, f"/partnerships/{fife.id}/leads")
    assert KIM_NAME not in leads.html
    assert KIM not in leads.html


def test_a_lead_cannot_make_an_invited_account_a_lead_before_it_accepts(app, client):
    round_ = lead_with_round(client)
    kim = _someone_from_elsewhere()
    invite(client, round_, KIM, "nhs")
    fife = partnerships.by_name("Fife")
    token = page(client, f"/partnerships/{fife.id}/leads").csrf_token()
    for action in ("add", "hand_over"):
        page(
            client,
            f"/partnerships/{fife.id}/leads",
            method="POST",
            status=404,
            data={"csrf_token": token, "person": str(kim.id), "action": action},
        )
    assert _fife_membership(kim) is None
    assert [m.account.email for m in accounts.leads(fife.id)] == ["lead@example.org"]
    assert "made lead" not in actions()
    assert "handed over lead role" not in actions()


def test_the_invited_account_joins_only_when_it_accepts_signed_in_as_itself(app, client):
    round_ = lead_with_round(client)
    kim = _someone_from_elsewhere()
    factories.member(factories.account("fife.someone@example.org"), "Fife")
    invite(client, round_, KIM, "third_sector")
    path = link_path(outbox(app)[0])
    invitation = db.session.query(Invitation).one()

    # Not signed in: asked to sign in, and brought back to the link afterwards.
    visitor = app.test_client()
    asked = visitor.get(path)
    assert asked.status_code == 302
    assert _next_of(asked.headers["Location"]) == path
    # Posting to the link while signed out changes nothing.
    token = csrf_token(visitor)
    posted = visitor.post(path, data={"csrf_token": token, "password": "x" * 20, "confirm": "x" * 20})
    assert posted.status_code == 302
    assert _next_of(posted.headers["Location"]) == path
    assert _fife_membership(kim) is None
    assert fresh(Invitation, invitation.id).accepted_at is None

    # Signed in as somebody else: the invitation is not theirs to accept.
    other = app.test_client()
    sign_in(other, "fife.someone@example.org")
    wrong = page(other, path)
    assert KIM in wrong.text()
    assert "Sign out" in wrong.text()
    page(other, path, method="POST", data={"csrf_token": wrong.csrf_token()})
    assert _fife_membership(kim) is None
    assert fresh(Invitation, invitation.id).accepted_at is None

    # Signed in as the invited account: they see what they would join, and
    # only a confirmation makes them a member.
    person = app.test_client()
    sign_in(person, KIM)
    confirm = page(person, path)
    assert confirm.h1 == "Accept the invitation"
    assert "Fife" in confirm.text()
    assert round_.title in confirm.text()
    assert _fife_membership(kim) is None
    accepted = person.post(path, data={"csrf_token": confirm.csrf_token()})
    assert accepted.status_code == 302
    assert accepted.headers["Location"].endswith(f"/rounds/{round_.id}/answer")
    membership = _fife_membership(kim)
    assert membership is not None
    assert (membership.role, membership.perspective) == (Role.RESPONDENT, "third_sector")
    assert fresh(Invitation, invitation.id).accepted_at is not None
    assert "accepted invitation" in actions()
    assert page(person, accepted.headers["Location"]).h1 == round_.title
    # The link works once.
    assert "already been used" in page(app.test_client(), path, status=400).text()

    # Now a member, they are shown by name and could be made a lead.
    manage = page(client, f"/rounds/{round_.id}/manage")
    assert KIM_NAME in manage.soup.find(id="progress-list").get_text(" ", strip=True)
    assert "1 not started yet" in manage.text()
    fife = partnerships.by_name("Fife")
    assert KIM_NAME in page(client, f"/partnerships/{fife.id}/leads").text()


def test_a_member_of_the_partnership_gets_an_ordinary_invitation(app, client):
    round_ = lead_with_round(client)
    nia = factories.member(factories.account("nia.member@example.org", name="Nia Member"), "Fife", "nhs")
    invite(client, round_, "nia.member@example.org", "nhs")
    manage = page(client, f"/rounds/{round_.id}/manage")
    progress = manage.soup.find(id="progress-list").get_text(" ", strip=True)
    assert "Nia Member" in progress
    assert "Not started" in progress
    [message] = outbox(app)
    assert "sign in" in message.body
    path = link_path(message)

    # They sign in, come back to the link, and it takes them straight to the
    # task list: they joined the partnership long ago.
    person = app.test_client()
    asked = person.get(path)
    assert _next_of(asked.headers["Location"]) == path
    signed_in = sign_in(person, "nia.member@example.org", at=asked.headers["Location"])
    assert signed_in.headers["Location"] == path
    arrived = person.get(path)
    assert arrived.status_code == 302
    assert arrived.headers["Location"].endswith(f"/rounds/{round_.id}/answer")
    assert page(person, arrived.headers["Location"]).h1 == round_.title
    assert fresh(Invitation, db.session.query(Invitation).one().id).accepted_at is not None
    assert _fife_membership(nia).perspective == "nhs"
