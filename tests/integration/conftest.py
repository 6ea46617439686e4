"""Integration tests run through the Flask test client against real
databases: every test runs once on SQLite and once on PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import g
from flask_migrate import upgrade

from selfassess import create_app
from selfassess.data.base import db
from selfassess.data.models import Partnership
from selfassess.extensions import limiter
from tests import factories
from tests import smtp_server as smtp
from tests.db import create_pg_database, drop_pg_database, empty_tables, pg_available, sqlite_url
from tests.pages import CheckedClient
from tests.signing_in import sign_in

DATABASES = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory):
    urls = {"sqlite": sqlite_url(tmp_path_factory.mktemp("sqlite"))}
    if pg_available():
        urls["postgresql"] = create_pg_database()
    yield urls
    if "postgresql" in urls:
        drop_pg_database(urls["postgresql"])


_migrated: dict[str, object] = {}


class IsolatedClient(CheckedClient):
    """A test client whose requests behave as separate requests would, and
    which checks every HTML page it gets (``tests.pages.CheckedClient``).

    Tests hold the app context open (so factories can use the database), and
    Flask reuses that context for requests made inside it. Without care, `g`
    would carry the signed-in person (Flask-Login) and the CSRF token
    (Flask-WTF) from one request, or one client, to the next, and the
    request would share the test's database session. So `g` is emptied
    before each request, and whatever a request left uncommitted is rolled
    back after it: a route that forgets to commit fails its test.
    """

    def open(self, *args, **kwargs):
        g.__dict__.clear()
        try:
            return super().open(*args, **kwargs)
        finally:
            g.__dict__.clear()
            db.session.rollback()


def make_app(url: str, instance_path: str, **extra):
    config = {
        "ENV": "test",
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": url,
        "MAIL_BACKEND": "memory",
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": None,
        **extra,
    }
    app = create_app(config)
    app.instance_path = instance_path
    app.test_client_class = CheckedClient
    _made.append(app)
    return app


# What a production app needs to start besides a database (selfassess/config.py
# refuses less): a secret of 32 bytes or more, the https:// address emails link to,
# and shared storage for the sign-in limits (a Redis database of its own: tests that make a production
# app do not sign in, so runs at the same time may share it). The memory mail
# backend of make_app is allowed.
PRODUCTION = {
    "ENV": "production",
    "SECRET_KEY": "a-long-random-production-secret-of-48-characters",
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/9",
    "BASE_URL": "https://selfassess.example.scot",
}


# Apps made by tests (besides the fixture's): their connection pools are
# closed when the test ends, so no connection is left for the garbage collector.
_made: list = []


def _dispose_made_apps() -> None:
    while _made:
        made = _made.pop()
        with made.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(params=DATABASES)
def app(request, database_urls, tmp_path):
    kind = request.param
    if kind not in database_urls:
        pytest.fail("PostgreSQL is not reachable: `make services` starts it (tests must run on both databases)")
    app = make_app(database_urls[kind], str(tmp_path))
    app.test_client_class = IsolatedClient
    # The rate limiter is one object per process: start each test with no counts.
    limiter.reset()
    with app.app_context():
        if kind not in _migrated:
            upgrade()
            _migrated[kind] = True
        empty_tables(db.engine)
        db.session.remove()
        yield app
        db.session.remove()
        _dispose_made_apps()
        empty_tables(db.engine)
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def smtp_server(app):
    """A real SMTP server the app sends its email to (``tests.smtp_server.Inbox``:
    ``.messages``, each with ``to``, ``subject``, ``text``, ``html`` and ``link_path()``)."""
    with smtp.running() as inbox:
        app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER=inbox.host, MAIL_PORT=inbox.port, MAIL_USE_TLS=False)
        yield inbox


@pytest.fixture
def admin(app, client):
    """An administrator, Ada Admin (admin@example.org), signed in on ``client``."""
    made = factories.account("admin@example.org", is_admin=True, name="Ada Admin")
    sign_in(client, made.email)
    return made


@pytest.fixture
def restore_partnerships(app):
    """For a test that adds or renames partnerships, which are reference data
    that stay between tests: afterwards they are put back as they were."""
    table = Partnership.__table__
    names = sa.select(table.c.id, table.c.name, table.c.slug)
    with db.engine.connect() as connection:
        before = {row.id: (row.name, row.slug) for row in connection.execute(names)}
    yield
    db.session.remove()
    with db.engine.connect() as connection:
        if {row.id: (row.name, row.slug) for row in connection.execute(names)} == before:
            return
    empty_tables(db.engine)  # nothing may point at a partnership that goes
    with db.engine.begin() as connection:
        for row in connection.execute(names):
            if row.id not in before:
                connection.execute(table.delete().where(table.c.id == row.id))
            elif (row.name, row.slug) != before[row.id]:
                name, slug = before[row.id]
                connection.execute(table.update().where(table.c.id == row.id).values(name=name, slug=slug))
