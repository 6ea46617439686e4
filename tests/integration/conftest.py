"""Integration tests run through the Flask test client against real
databases: every test runs once on SQLite and once on PostgreSQL."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade

from selfassess import create_app
from selfassess.data.base import db
from tests.db import create_pg_database, drop_pg_database, empty_tables, pg_available, sqlite_url

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
    return app


@pytest.fixture(params=DATABASES)
def app(request, database_urls, tmp_path):
    kind = request.param
    if kind not in database_urls:
        pytest.fail("PostgreSQL is not reachable: `make services` starts it (tests must run on both databases)")
    app = make_app(database_urls[kind], str(tmp_path))
    with app.app_context():
        if kind not in _migrated:
            upgrade()
            _migrated[kind] = True
        empty_tables(db.engine)
        db.session.remove()
        yield app
        db.session.remove()
        empty_tables(db.engine)
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
