"""Configuration: defaults here, then ``instance/config.py``, then
``SELFASSESS_*`` environment variables (and ``DATABASE_URL``, ``REDIS_URL``)."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "test", "production")
MIN_SECRET_BYTES = 32


class ConfigError(RuntimeError):
    """Start-up refused; the message says what to set."""


class Defaults:
    """Every setting and its default; docs/deploy.md explains each one."""

    ENV = "development"
    QUESTIONNAIRES_DIR = str(PROJECT_ROOT / "questionnaires")
    DEFAULT_QUESTIONNAIRE = "co-production-maturity.yaml"
    # Connections are checked before use only when they have sat idle (see
    # web._check_idle_connections), not on every request.
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict] = {"pool_pre_ping": False}
    IDLE_CONNECTION_CHECK_SECONDS = 10
    # CSRF tokens live as long as the session; a sign-in ends sooner, after
    # SESSION_IDLE_MINUTES without activity (see web._sessions).
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 1024 * 1024
    SESSION_IDLE_MINUTES = 30
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # The session cookie is re-signed and sent only when the session changes
    # (its last_active note moves on at most once a minute: web._sessions),
    # not with every response; the idle sign-out is checked on the server.
    SESSION_REFRESH_EACH_REQUEST = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE: bool | None = None  # None: secure in production only
    # The address people reach the app at, such as "https://selfassess.example.scot": the links in emails
    # are built on it (selfassess/emails.py). Production requires it; unset, a page's emails link to the
    # address its request came to, and a command's to emails.DEVELOPMENT_BASE_URL.
    BASE_URL: str | None = None
    MAIL_BACKEND = "log"
    MAIL_SENDER = "selfassess <no-reply@localhost>"
    INVITATION_DAYS = 14
    RESET_MINUTES = 60
    # Failed sign-ins (wrong passwords) allowed per account and network address
    # together; per network address, whatever the accounts; and per account
    # from browsers that have not signed in to it before (auth/limits.py).
    SIGN_IN_LIMIT = "5 per 15 minutes"
    SIGN_IN_ADDRESS_LIMIT = "20 per 15 minutes"
    SIGN_IN_ACCOUNT_LIMIT = "20 per hour"
    # Pages posted after a sign-in ran out whose typing is kept, per network address.
    PENDING_SAVE_LIMIT = "10 per hour"
    RATELIMIT_KEY_PREFIX = "selfassess"
    RATELIMIT_HEADERS_ENABLED = False
    COMPRESS_MIMETYPES: ClassVar[list[str]] = ["text/html", "text/csv", "application/json"]
    # gzip level 3: a page comes out about 9% bigger than at level 6 for half
    # the CPU time (browsers mostly take brotli, at its default level 4).
    COMPRESS_LEVEL = 3
    PROXY_FIX = 0  # the number of proxies in front of the app that set X-Forwarded-*


def configure(app: Flask, test_config: dict | None) -> None:
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("SELFASSESS")
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(os.environ["DATABASE_URL"])
    if os.environ.get("REDIS_URL"):
        app.config["REDIS_URL"] = os.environ["REDIS_URL"]
    if test_config:
        app.config.update(test_config)

    env = app.config["ENV"]
    if env not in ENVIRONMENTS:
        raise ConfigError(f"SELFASSESS_ENV is {env!r}; use one of {', '.join(ENVIRONMENTS)}.")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'selfassess.sqlite'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(app.config["SQLALCHEMY_DATABASE_URI"])

    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = env == "production"
    if env == "production" and not app.config["SESSION_COOKIE_SECURE"]:
        raise ConfigError(
            "SESSION_COOKIE_SECURE is off: in production the session cookie must only travel over HTTPS. "
            "Remove SELFASSESS_SESSION_COOKIE_SECURE=false (TLS ends at the reverse proxy; see docs/deploy.md)."
        )
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    if app.config["BASE_URL"]:
        _check_base_url(app.config["BASE_URL"])

    if not app.config.get("SECRET_KEY"):
        if env == "production":
            raise ConfigError(
                "No secret key: set SELFASSESS_SECRET_KEY (a long random string, for example from "
                "'python -c \"import secrets; print(secrets.token_hex(32))\"') or SECRET_KEY in instance/config.py."
            )
        app.config["SECRET_KEY"] = _development_secret(Path(app.instance_path))
    if env == "production":
        _refuse_unsafe_production(app.config)


def _refuse_unsafe_production(config: dict) -> None:
    """What production refuses besides a missing secret and insecure cookies
    (docs/deploy.md, "What production refuses")."""
    secret = config["SECRET_KEY"]
    length = len(secret if isinstance(secret, bytes) else str(secret).encode())
    if length < MIN_SECRET_BYTES:
        raise ConfigError(
            f"SELFASSESS_SECRET_KEY is too short ({length} bytes): use at least {MIN_SECRET_BYTES} bytes of random "
            "text, for example from 'python -c \"import secrets; print(secrets.token_hex(32))\"'."
        )
    if config["MAIL_BACKEND"] == "log":
        raise ConfigError(
            "SELFASSESS_MAIL_BACKEND is log, which writes password-reset and invitation links to the log: "
            "set SELFASSESS_MAIL_BACKEND=smtp and SELFASSESS_MAIL_SERVER (see docs/deploy.md)."
        )
    if not config["BASE_URL"] or not str(config["BASE_URL"]).startswith("https://"):
        raise ConfigError(
            "SELFASSESS_BASE_URL is not an https:// address: emails (invitations, reminders, password links) are "
            "built on it, so set it to the address people reach selfassess at, such as https://selfassess.example.scot."
        )
    if str(config["RATELIMIT_STORAGE_URI"]).startswith("memory"):
        raise ConfigError(
            "the sign-in limits would be counted in each worker's memory, so each worker would allow its own "
            "tries: set REDIS_URL (or SELFASSESS_RATELIMIT_STORAGE_URI) to a Redis server."
        )


def _check_base_url(base_url: str) -> None:
    parts = urlsplit(str(base_url))
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(
            f"SELFASSESS_BASE_URL is {base_url!r}: use the address people reach selfassess at, with http:// or "
            "https:// and no query, such as https://selfassess.example.scot."
        )


def _development_secret(instance: Path) -> str:
    """A secret generated once into instance/secret_key, so that sessions
    survive restarts in development without a secret ever being in git."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _normalise_db_url(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy needs the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
