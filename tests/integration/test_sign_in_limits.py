"""Sign-in is rate limited per account and per network address, with a clear
message; with Redis the counts are shared by every worker."""

from __future__ import annotations

import re

from selfassess.extensions import limiter
from tests import factories
from tests.integration.conftest import make_app
from tests.signing_in import sign_in


def attempt(client, email: str, password: str, address: str = "127.0.0.1"):
    """A sign-in from this network address, whatever the answer."""
    return sign_in(client, email, password, status=None, environ_base={"REMOTE_ADDR": address})


def test_an_account_is_paused_after_five_failed_sign_ins_from_anywhere(app, client):
    factories.account("person@example.org")
    for number in range(5):
        response = attempt(client, "person@example.org", "wrong password", f"10.0.0.{number}")
        assert response.status_code == 200  # "the email address or password is not right"
    refused = attempt(client, "person@example.org", factories.PASSWORD, "10.0.0.99")
    assert refused.status_code == 429
    text = refused.get_data(as_text=True)
    assert "Too many attempts" in text and "Wait 15 minutes" in text
    # Another account is not affected.
    factories.account("other@example.org")
    assert attempt(app.test_client(), "other@example.org", factories.PASSWORD, "10.0.0.50").status_code == 302


def test_an_address_is_paused_after_five_failed_sign_ins_to_any_account(app, client):
    for number in range(5):
        attempt(client, f"guess{number}@example.org", "wrong password", "10.1.1.1")
    factories.account("person@example.org")
    assert attempt(client, "person@example.org", factories.PASSWORD, "10.1.1.1").status_code == 429
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
