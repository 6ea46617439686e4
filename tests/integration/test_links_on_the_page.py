"""Links that let someone into an account (issue 10, item 3).

An invitation link never sets the password of an account that already
existed: only an account the invitation made may choose its first password
through it. And a development copy shows a password-reset or invitation link
on the page only where that cannot hand an account to someone else: outside
production, to a request from this machine that came through no proxy, for
the demo's own accounts, and never for an administrator's."""

from __future__ import annotations

from datetime import date

import pytest

from selfassess import mail
from selfassess.data import accounts
from selfassess.data.models import Account, Role
from tests import factories
from tests.integration.rounds_helpers import fresh, invite, lead_with_round, link_path, outbox, post
from tests.pages import page
from tests.signing_in import csrf_token, sign_in

NEW_PASSWORD = "the attacker's chosen words"
OUTSIDE = "203.0.113.9"


# --- an invitation never sets an existing account's password ---------------------------------


def _admin_without_a_password(app):
    # `selfassess create-admin` makes one; they set a password through "Forgotten your password?".
    return factories.account("boss@example.org", password=None, is_admin=True)


def _added_by_an_administrator(app):
    return factories.account("boss@example.org", password=None)


def _with_a_password(app):
    return factories.member(factories.account("boss@example.org"), "Dundee City")


def _invited_by_another_partnership(app):
    factories.lead("dundee.lead@example.org", "Dundee City")
    dundee_lead = app.test_client()
    sign_in(dundee_lead, "dundee.lead@example.org")
    dundee_round = factories.round_("Dundee City")
    assert invite(dundee_lead, dundee_round, "boss@example.org", "nhs").status_code == 302
    return accounts.by_email("boss@example.org")


EXISTING = {
    "an administrator without a password": _admin_without_a_password,
    "an account an administrator added, without a password": _added_by_an_administrator,
    "an account with a password": _with_a_password,
    "an account another partnership's invitation made": _invited_by_another_partnership,
}


@pytest.mark.parametrize("make", EXISTING.values(), ids=EXISTING.keys())
def test_an_invitation_never_sets_the_password_of_an_account_that_already_existed(app, client, make):
    round_ = lead_with_round(client)
    existing = make(app)
    before = fresh(Account, existing.id).password_hash
    outbox(app).clear()
    invite(client, round_, "boss@example.org", "nhs")
    [message] = outbox(app)
    assert "set up your account" not in message.body
    if before is None:
        assert 'choose one first with "Forgotten your password?"' in message.body
    # Whatever the lead's page shows, the link itself must not hand over the account.
    path = link_path(message)

    holder = app.test_client()
    opened = holder.get(path)
    assert opened.status_code == 302, "the link offered to set the password"
    assert opened.headers["Location"].startswith("/sign-in")
    data = {"csrf_token": csrf_token(holder), "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    posted = holder.post(path, data=data)
    assert posted.status_code == 302
    assert posted.headers["Location"].startswith("/sign-in")

    after = fresh(Account, existing.id)
    assert after.password_hash == before
    assert not accounts.check_password(after, NEW_PASSWORD)
    sign_in(app.test_client(), "boss@example.org", NEW_PASSWORD, status=200)
    # Nobody was signed in by the link.
    assert "Sign in" in page(holder, "/").text()


def test_an_account_an_invitation_made_chooses_its_first_password_from_a_later_round_too(app, client):
    old = lead_with_round(client)
    invite(client, old, "new.person@example.org")
    post(client, f"/rounds/{old.id}/close")
    new = factories.round_(title="Self-assessment 2027", opens_on=date(2027, 10, 1), closes_on=date(2027, 12, 1))
    invite(client, new, "new.person@example.org")
    path = link_path(outbox(app)[-1])
    newcomer = app.test_client()
    form = page(newcomer, path)
    assert form.h1 == "Set up your account"
    data = {"csrf_token": form.csrf_token(), "password": "a long new password", "confirm": "a long new password"}
    result = newcomer.post(path, data=data)
    assert result.headers["Location"].endswith(f"/rounds/{new.id}/answer")
    made = accounts.by_email("new.person@example.org")
    assert accounts.check_password(fresh(Account, made.id), "a long new password")


# --- showing a link on the page -------------------------------------------------------------


def _reset_link_shown(app, email: str, **request) -> bool:
    visitor = app.test_client()
    token = csrf_token(visitor, "/forgotten-password")
    sent = page(visitor, "/forgotten-password", method="POST", data={"csrf_token": token, "email": email}, **request)
    assert f"If {email} has a selfassess account" in sent.text()
    return "/reset-password/" in sent.html


def test_a_reset_link_is_shown_only_for_a_demo_account_asked_for_from_this_machine_directly(app):
    factories.account("demo.person@example.org", is_demo=True)
    factories.account("real.person@example.org")
    factories.account("demo.admin@example.org", is_demo=True, is_admin=True)
    factories.account("real.admin@example.org", password=None, is_admin=True)

    assert _reset_link_shown(app, "demo.person@example.org")
    assert not _reset_link_shown(app, "real.person@example.org")
    assert not _reset_link_shown(app, "demo.admin@example.org")
    assert not _reset_link_shown(app, "real.admin@example.org")
    # Behind the reverse proxy every request comes from 127.0.0.1: the
    # header the proxy adds is what shows it came from outside.
    assert not _reset_link_shown(app, "demo.person@example.org", headers={"X-Forwarded-For": OUTSIDE})
    assert not _reset_link_shown(app, "demo.person@example.org", environ_base={"REMOTE_ADDR": OUTSIDE})
    # Every one of them was still sent (here: kept in the outbox; in development: the log).
    assert len(outbox(app)) == 6


def test_no_link_is_shown_in_production_or_when_the_email_really_goes(app):
    demo = factories.account("demo.person@example.org", is_demo=True)
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        assert mail.may_show_link(demo)
        for setting, value in (("ENV", "production"), ("MAIL_BACKEND", "smtp")):
            kept = app.config[setting]
            app.config[setting] = value
            try:
                assert not mail.may_show_link(demo), setting
            finally:
                app.config[setting] = kept
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "::1"}):
        assert mail.may_show_link(demo)
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}, headers={"Forwarded": "for=x"}):
        assert not mail.may_show_link(demo)


def test_an_invitation_link_is_shown_to_the_lead_only_for_a_demo_account_from_this_machine_directly(app):
    factories.member(factories.account("demo.lead@example.org", is_demo=True), "Fife", "local_authority", Role.LEAD)
    factories.member(factories.account("demo.admin@example.org", is_demo=True, is_admin=True), "Dundee City")
    factories.member(factories.account("real.person@example.org"), "Fife")
    round_ = factories.round_()
    lead = app.test_client()
    sign_in(lead, "demo.lead@example.org")

    def shown(email: str, **request) -> bool:
        data = {"csrf_token": csrf_token(lead, "/"), "email": email, "perspective": "nhs"}
        assert lead.post(f"/rounds/{round_.id}/invitations", data=data, **request).status_code == 302
        manage = page(lead, f"/rounds/{round_.id}/manage")
        box = manage.soup.find(id="invitation-link")
        if box is None:
            return False
        assert box.find("a")["href"].endswith(link_path(outbox(app)[-1]))
        return True

    assert shown("new.demo.person@example.org")  # made by a demo lead: demo data too
    assert not shown("another.new.person@example.org", headers={"X-Forwarded-For": OUTSIDE})
    assert not shown("a.third.new.person@example.org", environ_base={"REMOTE_ADDR": OUTSIDE})
    assert not shown("real.person@example.org")
    assert not shown("demo.admin@example.org")
    assert len(outbox(app)) == 5
