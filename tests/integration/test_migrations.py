"""The migrations take an empty database to the head revision, on SQLite and
PostgreSQL, and what they build is exactly what the models describe."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from selfassess.data.base import db
from tests.db import create_pg_database, drop_pg_database, sqlite_url
from tests.integration.conftest import make_app


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
    else:
        url = create_pg_database()
        yield url
        drop_pg_database(url)


def test_upgrade_from_empty_reaches_head_and_matches_the_models(empty_database, tmp_path):
    app = make_app(empty_database, str(tmp_path))
    with app.app_context():
        upgrade()
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True, "render_as_batch": True})
            assert context.get_current_revision() == script.get_current_head()
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"the models and the migrations differ: {differences}"
        count = db.session.scalar(sa.text("SELECT count(*) FROM partnership"))
        assert count == 31
        db.session.remove()
        db.engine.dispose()
