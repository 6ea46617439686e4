"""Backing up and moving house: ``selfassess export FILE`` writes everything
a restore needs as one JSON file, and ``selfassess import FILE`` loads it
into a new, empty database (for example PostgreSQL, from SQLite).

The file (format version 1) is one UTF-8 JSON object::

    {"format": "selfassess-export", "format_version": 1,
     "exported_at": "2026-03-01T10:00:00", "schema_revision": "0003",
     "with_credentials": false,
     "partnerships": [{"id": 14, "name": "Fife", ...}, ...],
     "accounts": [...], "memberships": [...], ...}

then one list per table (``SECTIONS``, in an order where every reference
points to an earlier list), one object per row with the table's columns
under their own names (a JSON column, such as what an action answers, as a
JSON object). The lists are those of the file's schema revision: a table
added by a migration (the action plans of 0006) adds its list without a new
format version, and a file goes only into a database at its own revision.
Ids are kept, so references survive; partnerships are matched by name with
the 31 the reference-data migration loads. Dates and
times are ISO 8601 strings, in UTC without a time zone, as stored. Left out
on purpose: password hashes (unless ``--with-credentials``), invitation
nonces (a link sent by the old system must not work in the new one), and the
short-lived working tables in ``NOT_EXPORTED``.

Import happens in one transaction, with Core inserts (the ORM would refuse
to write audit events, and would be slow): a failure half-way leaves the
database as it was. Both commands record themselves in the audit log.

The package: ``fileformat`` (the header and the sections), ``revisions``
(schema revisions), ``reading`` (reading and checking a file), ``importing``
(loading it) and, here, the export and the two commands. The export stays in
this module so that its JSON encoder (``_json_default``) is looked up here
when it runs: ``tests/integration/test_backup.py`` replaces it to make
writing fail half-way.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

import click
from flask import current_app
from sqlalchemy import Connection, select
from sqlalchemy.exc import SQLAlchemyError

from selfassess.backup.fileformat import (
    BATCH,
    FORMAT,
    FORMAT_VERSION,
    HEADER,
    NOT_EXPORTED,
    PASSWORD_COLUMN,
    SECTION_BY_TABLE,
    SECTIONS,
    BackupError,
    Section,
    listed,
)
from selfassess.backup.importing import Imported, import_
from selfassess.backup.reading import Converter, Export, check, check_rows, load
from selfassess.backup.revisions import (
    REFERENCE_DATA_REVISION,
    at_code_revision,
    code_revision,
    database_revision,
    reference_partnerships,
)
from selfassess.data import audit
from selfassess.data.base import db, utcnow

__all__ = [
    "BATCH",
    "FORMAT",
    "FORMAT_VERSION",
    "HEADER",
    "NOT_EXPORTED",
    "PASSWORD_COLUMN",
    "REFERENCE_DATA_REVISION",
    "SECTIONS",
    "SECTION_BY_TABLE",
    "BackupError",
    "Converter",
    "Export",
    "Imported",
    "Section",
    "check",
    "check_rows",
    "code_revision",
    "database_revision",
    "export",
    "export_command",
    "import_",
    "import_command",
    "load",
    "reference_partnerships",
]

# --- export ------------------------------------------------------------------------


@contextlib.contextmanager
def _snapshot() -> Iterator[Connection]:
    """A connection that sees the database as it was at one moment, so that
    rows written while the export runs cannot leave references dangling."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        with (
            engine.connect().execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True) as c,
            c.begin(),
        ):
            yield c
    elif engine.dialect.name == "sqlite":
        # pysqlite begins transactions only before writes: begin one by hand.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("BEGIN")
            try:
                yield c
            finally:
                c.exec_driver_sql("ROLLBACK")
    else:  # pragma: no cover -- SQLite and PostgreSQL are the databases supported
        with engine.connect() as c, c.begin():
            yield c


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def export(path: Path, *, with_credentials: bool) -> dict[str, int]:
    """Write the database to ``path`` (through a temporary file in the same
    folder, renamed when complete). Returns the number of rows per section."""
    path = Path(path)
    with _snapshot() as connection:
        revision = at_code_revision(connection, "export")
        try:
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        except OSError as error:
            raise BackupError(f"Cannot write {path}: {error.strerror}.") from None
        # mkstemp makes the file readable by its owner only: it holds personal data.
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                counts = _write(out, connection, revision, with_credentials)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    return counts


def _write(out: TextIO, connection: Connection, revision: str, with_credentials: bool) -> dict[str, int]:
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": utcnow().isoformat(timespec="seconds"),
        "schema_revision": revision,
        "with_credentials": with_credentials,
    }
    out.write("{\n")
    for key, value in header.items():
        out.write(f"{json.dumps(key)}: {json.dumps(value)},\n")
    counts = {}
    for number, section in enumerate(SECTIONS):
        columns = section.columns(with_credentials)
        names = [column.name for column in columns]
        out.write(f"{json.dumps(section.key)}: [")
        count = 0
        query = select(*columns).order_by(section.table.c.id)
        # Closed even when writing fails: on PostgreSQL it is a server-side cursor.
        with connection.execution_options(yield_per=BATCH).execute(query) as rows:
            for row in rows:
                out.write(",\n" if count else "\n")
                # Enum values are str subclasses, written as their value.
                out.write(json.dumps(dict(zip(names, row, strict=True)), default=_json_default, ensure_ascii=False))
                count += 1
        out.write("\n]" if count else "]")
        out.write(",\n" if number < len(SECTIONS) - 1 else "\n")
        counts[section.key] = count
    out.write("}\n")
    return counts


# --- the commands ------------------------------------------------------------------


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(2)


@click.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--with-credentials",
    is_flag=True,
    help="Include password hashes, so that people keep their passwords (keep the file as safe as the database).",
)
def export_command(path: Path, with_credentials: bool) -> None:
    """Write every partnership, person, round, response and audit event to a JSON file, for 'selfassess import'."""
    try:
        counts = export(path, with_credentials=with_credentials)
    except BackupError as error:
        _fail(str(error))
    except SQLAlchemyError as error:
        _fail(f"Cannot export: the database could not be read ({str(error).splitlines()[0]}).")
    except OSError as error:
        _fail(f"Cannot write {path}: {error.strerror}.")
    passwords = "with password hashes" if with_credentials else "without passwords"
    try:
        audit.record("exported data", file=path.name, with_credentials=with_credentials, via="command line")
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        _fail(f"Exported to {path}, but the audit log could not record it ({str(error).splitlines()[0]}).")
    click.echo(f"Exported {listed(counts)} to {path} ({passwords}).")


@click.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def import_command(path: Path) -> None:
    """Load a file written by 'selfassess export' into a new, empty database."""
    try:
        imported = import_(path, production=current_app.config["ENV"] == "production")
    except BackupError as error:
        _fail(f"Refusing to import {path}: {error}")
    matched = imported.matched_partnerships
    click.echo(
        f"Imported {listed(imported.counts)} from {path} "
        f"({matched} partnership{'' if matched == 1 else 's'} matched by name)."
    )
    if not imported.with_credentials:
        click.echo(
            "The file holds no passwords: everyone sets a new one with 'Forgotten your password?' on the sign-in page."
        )
