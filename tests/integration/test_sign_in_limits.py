"""Sign-in is rate limited per account and network address together, per
network address, and per account for browsers that have not signed in to it
before, with a clear message; with Redis the counts are shared by every
worker (issue 10, item 5; docs/deploy.md, "Signing in: limits and sessions")."""

from __future__ import annotations

import re

import limits

from selfassess.extensions import limiter
from tests import factories
from tests.integration.conftest import make_app
from tests.signing_in import csrf_token, sign_in, sign_out


def attempt(client, email: str, password: str, address: str = "127.0.0.1"):
    """A sign-in from this network address, whatever the answer."""
    return sign_in(client, email, password, status=None, environ_base={"REMOTE_ADDR": address})


def allowed(app, setting: str) -> int:
    """How many failed sign-ins a limit allows (from its setting, as the app reads it)."""
    return limits.parse(app.config[setting]).amount


def reset_password(app, client, email: str, password: str, address: str) -> None:
    """Reset a password through the emailed link, in this browser."""
    client.post(
        "/forgotten-password",
        data={"email": email, "csrf_token": csrf_token(client, "/forgotten-password")},
        environ_base={"REMOTE_ADDR": address},
    )
    link = re.search(r"https?://\S+(/reset-password/\S+)", app.extensions["outbox"][-1].body).group(1)
    data = {"password": password, "confirm": password, "csrf_token": csrf_token(client, link)}
    assert client.post(link, data=data, environ_base={"REMOTE_ADDR": address}).status_code == 302


def test_an_account_is_paused_from_one_address_after_five_failed_sign_ins_from_it(app, client):
    factories.account("person@example.org")
    for _ in range(allowed(app, "SIGN_IN_LIMIT")):
        response = attempt(client, "person@example.org", "wrong password", "10.0.0.1")
        assert response.status_code == 200  # "the email address or password is not right"
    refused = attempt(client, "person@example.org", factories.PASSWORD, "10.0.0.1")
    assert refused.status_code == 429
    text = refused.get_data(as_text=True)
    assert "Too many attempts" in text and "Wait 15 minutes" in text
    # From another address the same person signs in, and from the same
    # address another account is not affected.
    assert attempt(app.test_client(), "person@example.org", factories.PASSWORD, "10.0.0.2").status_code == 302
    factories.account("other@example.org")
    assert attempt(app.test_client(), "other@example.org", factories.PASSWORD, "10.0.0.1").status_code == 302


def test_an_address_is_paused_after_twenty_failed_sign_ins_to_any_accounts(app, client):
    for number in range(allowed(app, "SIGN_IN_ADDRESS_LIMIT")):
        assert attempt(client, f"guess{number}@example.org", "wrong password", "10.1.1.1").status_code == 200
    factories.account("person@example.org")
    refused = attempt(client, "person@example.org", factories.PASSWORD, "10.1.1.1")
    assert refused.status_code == 429
    assert "from your network" in refused.get_data(as_text=True)
    # From another address the same person signs in.
    assert attempt(app.test_client(), "person@example.org", factories.PASSWORD, "10.1.1.2").status_code == 302


def test_successful_sign_ins_do_not_count(app, client):
    factories.account("person@example.org")
    for _ in range(8):
        fresh = app.test_client()
        assert attempt(fresh, "person@example.org", factories.PASSWORD).status_code == 302


def test_with_redis_every_worker_shares_the_counts(app, tmp_path):
    """Two app instances (as two gunicorn workers) with the same Redis: five
    failures in one and the sixth attempt in the other is refused."""
    factories.account("person@example.org")
    # A Redis database of its own for each run of this test (one per test
    # database, which may run at the same time), emptied first.
    number = 7 if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") else 8
    settings = {"RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:6379/{number}"}
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    first = make_app(url, str(tmp_path), **settings).test_client()
    second = make_app(url, str(tmp_path), **settings).test_client()
    limiter.reset()
    for _ in range(5):
        assert attempt(first, "person@example.org", "wrong password").status_code == 200
    refused = attempt(second, "person@example.org", factories.PASSWORD)
    assert refused.status_code == 429
    assert re.search(r"Too many attempts", refused.get_data(as_text=True))


def test_wrong_passwords_from_everywhere_do_not_shut_the_owner_out(app, client):
    """Thirty wrong passwords from six addresses, in new browsers: from the
    twenty-first on, new browsers are refused. The owner still signs in from
    a browser they signed in on before; in a new browser they are refused, with
    a plain way in (reset the password), and once it is reset they sign in."""
    owner = factories.account("person@example.org")
    assert attempt(client, owner.email, factories.PASSWORD, "192.0.2.1").status_code == 302
    sign_out(client)
    per_address, ceiling = allowed(app, "SIGN_IN_LIMIT"), allowed(app, "SIGN_IN_ACCOUNT_LIMIT")
    answers = [
        attempt(app.test_client(), owner.email, "wrong password", f"198.51.100.{number // per_address}").status_code
        for number in range(ceiling + 10)
    ]
    assert answers == [200] * ceiling + [429] * 10

    assert attempt(client, owner.email, factories.PASSWORD, "192.0.2.2").status_code == 302

    new_browser = app.test_client()
    refused = attempt(new_browser, owner.email, factories.PASSWORD, "192.0.2.3")
    assert refused.status_code == 429
    text = " ".join(refused.get_data(as_text=True).split())
    assert "only from a browser that has signed in to it before" in text and "reset your password" in text
    reset_password(app, new_browser, owner.email, "a different long password", "192.0.2.3")
    assert attempt(new_browser, owner.email, "a different long password", "192.0.2.3").status_code == 302


def test_only_wrong_passwords_count(app, client):
    """A form sent without a password, or with a stale CSRF token, checks no
    password, so it does not count towards a limit."""
    factories.account("person@example.org")
    for _ in range(allowed(app, "SIGN_IN_LIMIT") + 1):
        client.post("/sign-in", data={"email": "person@example.org", "password": "x"})  # no CSRF token: 400
        attempt(client, "person@example.org", "")
    assert attempt(client, "person@example.org", factories.PASSWORD).status_code == 302
