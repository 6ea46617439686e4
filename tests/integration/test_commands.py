"""The `selfassess create-admin` command."""

from __future__ import annotations

from selfassess.data import accounts, audit
from selfassess.data.base import db


def test_create_admin_makes_an_administrator_who_sets_a_password_later(runner):
    result = runner.invoke(args=["create-admin", "boss@example.org", "The Boss"])
    assert result.exit_code == 0, result.output
    account = accounts.by_email("boss@example.org")
    assert account.is_admin and account.password_hash is None
    db.session.expire_all()
    assert "made administrator" in [e.action for e in audit.events()]


def test_create_admin_refuses_what_is_not_an_email_address_and_stores_nothing(runner):
    result = runner.invoke(args=["create-admin", "not-an-email", "Someone"])
    assert result.exit_code == 2
    assert "is not an email address" in result.output
    assert accounts.all_accounts() == []
