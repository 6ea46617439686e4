"""What production refuses to start with (issue 10, items 5 and 7; issue
11): a secret key shorter than 32 bytes, the ``log`` mail backend (it
writes reset and invitation links to the log), rate-limit counts kept in
each worker's memory, and no https:// address for the links in emails.
No database is needed: ``configure`` reads the settings only."""

from __future__ import annotations

import pytest
from flask import Flask

from selfassess.config import ConfigError, configure

PRODUCTION = {
    "ENV": "production",
    "SECRET_KEY": "k" * 32,
    "MAIL_BACKEND": "smtp",
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
    "BASE_URL": "https://selfassess.example.scot",
}


@pytest.fixture(autouse=True)
def no_settings_from_the_environment(monkeypatch):
    for name in ("DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)


def configured(tmp_path, **settings) -> Flask:
    app = Flask("selfassess", instance_path=str(tmp_path))
    configure(app, {**PRODUCTION, **settings})
    return app


def refusal(tmp_path, **settings) -> str:
    with pytest.raises(ConfigError) as refused:
        configured(tmp_path, **settings)
    message = str(refused.value)
    assert "\n" not in message
    return message


def test_production_starts_with_safe_settings(tmp_path):
    assert configured(tmp_path).config["ENV"] == "production"
    assert configured(tmp_path, SECRET_KEY=b"k" * 32).config["ENV"] == "production"


@pytest.mark.parametrize("secret", ["short", "k" * 31, b"k" * 31, "é" * 15])
def test_production_refuses_a_secret_key_shorter_than_32_bytes(tmp_path, secret):
    message = refusal(tmp_path, SECRET_KEY=secret)
    assert message.startswith("SELFASSESS_SECRET_KEY is too short")
    assert "at least 32 bytes" in message and "secrets.token_hex(32)" in message


def test_a_secret_counts_bytes_not_characters(tmp_path):
    assert configured(tmp_path, SECRET_KEY="é" * 16).config["ENV"] == "production"  # 32 bytes in UTF-8


def test_production_refuses_the_log_mail_backend(tmp_path):
    message = refusal(tmp_path, MAIL_BACKEND="log")
    assert message.startswith("SELFASSESS_MAIL_BACKEND is log")
    assert "smtp" in message


def test_production_refuses_rate_limits_in_each_workers_memory(tmp_path):
    message = refusal(tmp_path, RATELIMIT_STORAGE_URI="memory://")
    assert "REDIS_URL" in message and "SELFASSESS_RATELIMIT_STORAGE_URI" in message


@pytest.mark.parametrize("base_url", [None, "", "http://selfassess.example.scot"])
def test_production_refuses_email_links_without_an_https_address(tmp_path, base_url):
    message = refusal(tmp_path, BASE_URL=base_url)
    assert message.startswith("SELFASSESS_BASE_URL is not an https:// address")


@pytest.mark.parametrize(
    "base_url", ["selfassess.example.scot", "ftp://example.scot", "https://", "https://x.scot/?a=1"]
)
def test_a_base_url_that_is_not_a_web_address_is_refused_anywhere(tmp_path, base_url):
    message = refusal(tmp_path, ENV="development", BASE_URL=base_url)
    assert message.startswith(f"SELFASSESS_BASE_URL is {base_url!r}")


def test_redis_url_is_where_production_keeps_the_rate_limits(tmp_path, monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    settings = {key: value for key, value in PRODUCTION.items() if key != "RATELIMIT_STORAGE_URI"}
    app = Flask("selfassess", instance_path=str(tmp_path))
    configure(app, settings)
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"


@pytest.mark.parametrize("env", ["development", "test"])
def test_outside_production_the_defaults_stand(tmp_path, env):
    app = configured(tmp_path, ENV=env, SECRET_KEY="short", MAIL_BACKEND="log", RATELIMIT_STORAGE_URI="memory://")
    assert app.config["MAIL_BACKEND"] == "log"
