"""Hardened defaults: what production refuses, the headers every page
carries, and the health check a load balancer reads."""

from __future__ import annotations

import pytest

from selfassess.data import accounts
from selfassess.data.base import db
from tests import factories
from tests.integration.conftest import PRODUCTION, make_app


def production_app(app, tmp_path, **extra):
    settings = {**PRODUCTION, **extra}
    return make_app(app.config["SQLALCHEMY_DATABASE_URI"], str(tmp_path), **settings)


def test_production_refuses_to_start_without_a_secret_key(app, tmp_path, capsys):
    with pytest.raises(SystemExit):
        production_app(app, tmp_path, SECRET_KEY=None)
    message = capsys.readouterr().err
    assert message.startswith("selfassess cannot start: No secret key: set SELFASSESS_SECRET_KEY")
    assert "Traceback" not in message and message.count("\n") == 1


def test_production_refuses_a_short_secret_the_log_mail_backend_and_limits_in_memory(app, tmp_path, capsys):
    """Issue 10, items 5 and 7: each with one line that says what to set, and no traceback."""
    for setting, starts in (
        ({"SECRET_KEY": "short"}, "SELFASSESS_SECRET_KEY is too short (5 bytes)"),
        ({"MAIL_BACKEND": "log"}, "SELFASSESS_MAIL_BACKEND is log"),
        ({"RATELIMIT_STORAGE_URI": "memory://"}, "the sign-in limits would be counted in each worker's memory"),
    ):
        with pytest.raises(SystemExit):
            production_app(app, tmp_path, **setting)
        message = capsys.readouterr().err
        assert message.startswith(f"selfassess cannot start: {starts}")
        assert "Traceback" not in message and message.count("\n") == 1


def test_production_refuses_insecure_cookies(app, tmp_path, capsys):
    with pytest.raises(SystemExit):
        production_app(app, tmp_path, SESSION_COOKIE_SECURE=False)
    assert "SESSION_COOKIE_SECURE is off" in capsys.readouterr().err


def test_production_refuses_a_database_with_demo_data(app, tmp_path, capsys):
    accounts.create("demo.person@example.org", "Demo", "demo-password", is_demo=True)
    db.session.commit()
    with pytest.raises(SystemExit):
        production_app(app, tmp_path)
    assert "demo data" in capsys.readouterr().err


def test_production_sends_strict_headers_and_secure_cookies(app, tmp_path):
    factories.account("someone@example.org")
    production = production_app(app, tmp_path)
    client = production.test_client()
    response = client.get("/sign-in", base_url="https://selfassess.example.org")
    headers = response.headers
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    csp = headers["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    cookie = headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_development_cookies_are_http_only_and_same_site(client):
    factories.account("someone@example.org")
    response = client.get("/sign-in")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Strict-Transport-Security" not in response.headers


def test_healthz_reports_the_database(client, app, tmp_path):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    unreachable = make_app("postgresql+psycopg://nobody@127.0.0.1:1/nothing", str(tmp_path))
    response = unreachable.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_a_page_when_the_database_is_down_is_a_clear_503(app, tmp_path):
    unreachable = make_app("postgresql+psycopg://nobody@127.0.0.1:1/nothing", str(tmp_path))
    response = unreachable.test_client().get("/about")
    assert response.status_code == 503
    assert "cannot reach its database" in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "30"
