"""Schema revisions: the one this code migrates to, the one a database is
at, and the migration that loads the 31 partnerships. An export records its
database's revision, and goes only into a database at the same one."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import Connection, inspect, text

from selfassess.backup.fileformat import BackupError

# The migration that loads the 31 partnerships (its module lists them).
REFERENCE_DATA_REVISION = "0002"


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def code_revision() -> str | None:
    """The newest migration this code has (what ``selfassess db upgrade`` migrates to)."""
    return _scripts().get_current_head()


def database_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    found = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return ",".join(sorted(found)) or None


def reference_partnerships() -> set[str]:
    """The names of the partnerships the reference-data migration loads."""
    module = _scripts().get_revision(REFERENCE_DATA_REVISION).module  # type: ignore[union-attr]
    return set(module.PARTNERSHIPS)


def at_code_revision(connection: Connection, doing: str) -> str:
    """The database's revision, or BackupError when it is not the code's."""
    found = database_revision(connection)
    expected = code_revision()
    if found is None:
        raise BackupError(f"Cannot {doing}: the database has no tables yet (run 'selfassess db upgrade' first).")
    if found != expected:
        raise BackupError(
            f"Cannot {doing}: the database is at schema revision {found}, but this version of selfassess "
            f"expects {expected} (run 'selfassess db upgrade' first)."
        )
    return found
