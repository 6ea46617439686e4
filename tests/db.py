"""Real databases for tests: a fresh SQLite file and a fresh PostgreSQL
database per test session, each migrated from empty with the project's own
migrations, and emptied between tests (the 31 partnerships, reference data
from a migration, stay)."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import sqlalchemy as sa

PG_SOCKET_DIR = os.environ.get("PG_SOCKET_DIR", "/var/run/postgresql")
# Peer authentication over the local socket works both on this machine
# (trust) and on a fresh Debian install where `make services` created a role.
PG_ADMIN_URL = os.environ.get("SELFASSESS_TEST_PG_ADMIN_URL", f"postgresql+psycopg:///postgres?host={PG_SOCKET_DIR}")

KEEP_TABLES = {"partnership", "alembic_version"}


def pg_available() -> bool:
    try:
        engine = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


def create_pg_database() -> str:
    name = f"selfassess_test_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return PG_ADMIN_URL.replace("/postgres?", f"/{name}?")


def drop_pg_database(url: str) -> None:
    name = sa.engine.make_url(url).database
    engine = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'selfassess-test.sqlite'}"


def empty_tables(engine: sa.Engine) -> None:
    metadata = sa.MetaData()
    metadata.reflect(bind=engine)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = [t.name for t in metadata.sorted_tables if t.name not in KEEP_TABLES]
            if names:
                connection.execute(
                    sa.text("TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " RESTART IDENTITY CASCADE")
                )
        else:
            for table in reversed(metadata.sorted_tables):
                if table.name not in KEEP_TABLES:
                    connection.execute(table.delete())


def selfassess_command(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    """Run the installed ``selfassess`` command (the one beside this Python)."""
    executable = Path(os.sys.executable).parent / "selfassess"
    return subprocess.run(
        [str(executable), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=300,
        check=False,
    )
