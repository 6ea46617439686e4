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
under their own names. Ids are kept, so references survive; partnerships are
matched by name with the 31 the reference-data migration loads. Dates and
times are ISO 8601 strings, in UTC without a time zone, as stored. Left out
on purpose: password hashes (unless ``--with-credentials``), invitation
nonces (a link sent by the old system must not work in the new one), and the
short-lived working tables in ``NOT_EXPORTED``.

Import happens in one transaction, with Core inserts (the ORM would refuse
to write audit events, and would be slow): a failure half-way leaves the
database as it was. Both commands record themselves in the audit log.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

import click
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import Column, Connection, Table, func, insert, inspect, select, text
from sqlalchemy import types as sqltypes
from sqlalchemy.exc import SQLAlchemyError

from selfassess.data import audit
from selfassess.data.base import Base, db, utcnow
from selfassess.data.models import (
    Account,
    AdviserAssignment,
    AgreedAnswer,
    Answer,
    AuditEvent,
    Invitation,
    Membership,
    Partnership,
    QuestionnaireVersion,
    Response,
    Round,
)
from selfassess.questionnaire import QuestionnaireFiles

FORMAT = "selfassess-export"
FORMAT_VERSION = 1
# The migration that loads the 31 partnerships (its module lists them).
REFERENCE_DATA_REVISION = "0002"
PASSWORD_COLUMN = "password_hash"  # noqa: S105 -- a column name, not a password
BATCH = 2000  # rows read or written at a time


@dataclass(frozen=True)
class Section:
    """One table's list in the file."""

    key: str
    table: Table
    one: str
    many: str
    left_out: frozenset[str] = field(default_factory=frozenset)

    def columns(self, with_credentials: bool) -> list[Column[Any]]:
        return [
            column
            for column in self.table.columns
            if column.name not in self.left_out and (with_credentials or column.name != PASSWORD_COLUMN)
        ]

    def noun(self, count: int) -> str:
        return f"{count} {self.one if count == 1 else self.many}"


def _table(model: type[Base]) -> Table:
    return model.__table__  # type: ignore[return-value]


SECTIONS = (
    Section("partnerships", _table(Partnership), "partnership", "partnerships"),
    Section("accounts", _table(Account), "person", "people"),
    Section("memberships", _table(Membership), "membership", "memberships"),
    Section("adviser_assignments", _table(AdviserAssignment), "adviser assignment", "adviser assignments"),
    Section("questionnaire_versions", _table(QuestionnaireVersion), "questionnaire version", "questionnaire versions"),
    Section("rounds", _table(Round), "round", "rounds"),
    Section("invitations", _table(Invitation), "invitation", "invitations", frozenset({"nonce"})),
    Section("responses", _table(Response), "response", "responses"),
    Section("answers", _table(Answer), "answer", "answers"),
    Section("agreed_answers", _table(AgreedAnswer), "agreed answer", "agreed answers"),
    Section("audit_events", _table(AuditEvent), "audit event", "audit events"),
)
SECTION_BY_TABLE = {section.table.name: section for section in SECTIONS}

# Tables left out of an export: working data a restored system does without.
NOT_EXPORTED = {
    "pending_save": "kept unsaved page",  # what someone typed when their sign-in on the old system expired
    "stored_file": "stored ZIP of reports",  # generated files, which expire; made again on request
    "job": "background job",  # the jobs that built those files
}
HEADER = ("format", "format_version", "exported_at", "schema_revision", "with_credentials")


class BackupError(Exception):
    """Why an export or import cannot go ahead, in one line."""


# --- schema revisions --------------------------------------------------------------


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


def _at_code_revision(connection: Connection, doing: str) -> str:
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
        revision = _at_code_revision(connection, "export")
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


# --- reading and checking a file ---------------------------------------------------


@dataclass
class Export:
    """A checked export file, its values converted for the database."""

    schema_revision: str
    with_credentials: bool
    rows: dict[str, list[dict[str, Any]]]


Converter = Callable[[Any], Any]


def _converter(column: Column[Any]) -> tuple[Converter, str]:
    """A function that turns a JSON value into the column's value (raising
    ValueError when it cannot), and what it expects, in words."""
    kind = column.type
    if isinstance(kind, sqltypes.Enum):
        allowed = list(kind.enums)
        enum_class = kind.enum_class

        def to_enum(value: Any) -> Any:
            if value not in allowed:
                raise ValueError
            return enum_class(value) if enum_class is not None else value

        return to_enum, "one of " + ", ".join(repr(v) for v in allowed)
    if isinstance(kind, sqltypes.Boolean):

        def to_bool(value: Any) -> bool:
            if not isinstance(value, bool):
                raise ValueError
            return value

        return to_bool, "true or false"
    if isinstance(kind, sqltypes.Integer):

        def to_int(value: Any) -> int:
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError
            return value

        return to_int, "a whole number"
    if isinstance(kind, sqltypes.DateTime):

        def to_datetime(value: Any) -> datetime:
            if not isinstance(value, str):
                raise ValueError
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is not None:
                raise ValueError
            return parsed

        return to_datetime, "a date and time like 2025-10-01T09:30:00, in UTC without a time zone"
    if isinstance(kind, sqltypes.Date):

        def to_date(value: Any) -> date:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            return date.fromisoformat(value)

        return to_date, "a date like 2025-10-01"
    if isinstance(kind, sqltypes.String):
        length = kind.length

        def to_text(value: Any) -> str:
            if not isinstance(value, str) or (length is not None and len(value) > length):
                raise ValueError
            return value

        return to_text, f"text of at most {length} characters" if length else "text"
    raise NotImplementedError(f"no export of {column.table.name}.{column.name} ({kind!r})")


def load(path: Path) -> Any:
    """The file's JSON, or BackupError saying why it has none."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise BackupError(f"it cannot be read ({error.strerror}).") from None
    except UnicodeDecodeError:
        raise BackupError("it is not UTF-8 text, so not a selfassess export.") from None
    except json.JSONDecodeError as error:
        raise BackupError(f"it is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno}).") from None
    except RecursionError:
        raise BackupError("it is not a selfassess export (its JSON is nested too deeply).") from None


def check(data: Any) -> Export:
    """Check the file's header: what it is, and which version."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f'it is not a selfassess export (it has no "format": "{FORMAT}").')
    version = data.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise BackupError(
            f"it is in export format version {json.dumps(version)}; "
            f"this version of selfassess reads format version {FORMAT_VERSION}."
        )
    for key in HEADER:
        if key not in data:
            raise BackupError(f'it is not a complete export: it has no "{key}".')
    if not isinstance(data["schema_revision"], str) or not data["schema_revision"]:
        raise BackupError('its "schema_revision" must be text.')
    if not isinstance(data["exported_at"], str):
        raise BackupError('its "exported_at" must be a date and time.')
    with_credentials = data["with_credentials"]
    if not isinstance(with_credentials, bool):
        raise BackupError('its "with_credentials" must be true or false.')
    expected = {*HEADER, *(section.key for section in SECTIONS)}
    unexpected = sorted(set(data) - expected)
    if unexpected:
        raise BackupError(f"it has {json.dumps(unexpected[0])}, which is not part of an export.")
    missing = [section.key for section in SECTIONS if section.key not in data]
    if missing:
        raise BackupError(f'it is not a complete export: it has no "{missing[0]}" list.')
    return Export(data["schema_revision"], with_credentials, {})


def check_rows(export: Export, data: dict[str, Any]) -> None:
    """Check every row (its fields, their types and the references between
    rows) and convert the values for the database, into ``export.rows``."""
    ids: dict[str, set[int]] = {}
    for section in SECTIONS:
        rows = data[section.key]
        if not isinstance(rows, list):
            raise BackupError(f'"{section.key}" must be a list.')
        columns = section.columns(export.with_credentials)
        names = {column.name for column in columns}
        converters = [(column.name, column.nullable, *_converter(column)) for column in columns]
        references = [(column.name, fk.column.table.name) for column in columns for fk in column.foreign_keys]
        seen: set[int] = set()
        for index, row in enumerate(rows):
            where = f"{section.key}[{index}]"
            if not isinstance(row, dict):
                raise BackupError(f"{where} must be an object.")
            if row.keys() != names:
                extra = sorted(row.keys() - names)
                if extra:
                    raise BackupError(f'{where} has "{extra[0]}", which an export does not hold.')
                raise BackupError(f'{where} has no "{sorted(names - row.keys())[0]}".')
            for key, nullable, convert, wanted in converters:
                value = row[key]
                if value is None:
                    if not nullable:
                        raise BackupError(f'{where}: "{key}" must not be null.')
                    continue
                try:
                    row[key] = convert(value)
                except ValueError:
                    raise BackupError(f'{where}: "{key}" is {json.dumps(value)[:40]}; it must be {wanted}.') from None
            if row["id"] in seen:
                raise BackupError(f"{where}: id {row['id']} is there twice.")
            seen.add(row["id"])
            for key, table in references:
                if row[key] is not None and row[key] not in ids[table]:
                    raise BackupError(
                        f'{where}: "{key}" is {row[key]}, which is not in "{SECTION_BY_TABLE[table].key}".'
                    )
            if section.table.name == QuestionnaireVersion.__tablename__:
                files = QuestionnaireFiles(
                    row["source_name"], row["content"], row["themes_name"], row["themes_content"]
                )
                if files.sha256 != row["sha256"]:
                    raise BackupError(f'{where}: "sha256" does not match the questionnaire\'s text.')
        ids[section.table.name] = seen
        export.rows[section.key] = rows


# --- import ------------------------------------------------------------------------


@dataclass
class Imported:
    counts: dict[str, int]
    matched_partnerships: int
    with_credentials: bool


def _check_target(connection: Connection, export: Export) -> None:
    found = database_revision(connection)
    if found is None:
        raise BackupError("this database has no tables yet: run 'selfassess db upgrade' first.")
    if found != export.schema_revision:
        raise BackupError(
            f"the file is from a database at schema revision {export.schema_revision}, and this database is at "
            f"{found}: import into a database at the same revision."
        )
    expected = code_revision()
    if found != expected:
        raise BackupError(
            f"the file and this database are at schema revision {found}, but this version of selfassess expects "
            f"{expected}: import with the version of selfassess that matches, then run 'selfassess db upgrade'."
        )
    held = []
    tables = [section.table for section in SECTIONS[1:]]
    tables += [table for table in Base.metadata.sorted_tables if table.name not in SECTION_BY_TABLE]
    for table in tables:
        count = connection.scalar(select(func.count()).select_from(table)) or 0
        if count:
            section = SECTION_BY_TABLE.get(table.name)
            one = section.one if section else NOT_EXPORTED.get(table.name, f"row in {table.name}")
            many = section.many if section else f"{one}s"
            held.append(f"{count} {one if count == 1 else many}")
    reference = reference_partnerships()
    partnership = _table(Partnership)
    others = sorted(set(connection.scalars(select(partnership.c.name))) - reference)
    if others:
        held.append(
            f"{len(others)} partnership{'' if len(others) == 1 else 's'} besides the 31 "
            f"(such as {json.dumps(others[0], ensure_ascii=False)})"
        )
    if held:
        raise BackupError(
            f"this database already holds data ({', '.join(held)}); import only into a new database, "
            "migrated with 'selfassess db upgrade'."
        )


def _partnership_ids(connection: Connection, rows: list[dict[str, Any]]) -> tuple[dict[int, int], int]:
    """Insert the partnerships this database does not have (by name) and
    return the file's partnership ids mapped to this database's, and how many
    were matched by name."""
    table = _table(Partnership)
    existing = {row.name: row.id for row in connection.execute(select(table.c.name, table.c.id))}
    slugs = {row.slug: row.name for row in connection.execute(select(table.c.slug, table.c.name))}
    used = set(existing.values())
    next_id = max(used | {row["id"] for row in rows}, default=0) + 1
    mapping: dict[int, int] = {}
    new = []
    for index, row in enumerate(rows):
        if row["name"] in existing:
            mapping[row["id"]] = existing[row["name"]]
            continue
        if row["slug"] in slugs:
            raise BackupError(
                f"partnerships[{index}] ({row['name']}) is not in this database, and its short name "
                f"{row['slug']!r} is taken by {slugs[row['slug']]}."
            )
        new_id = row["id"]
        if new_id in used:
            new_id, next_id = next_id, next_id + 1
        used.add(new_id)
        slugs[row["slug"]] = row["name"]
        mapping[row["id"]] = new_id
        new.append({**row, "id": new_id})
    if new:
        connection.execute(insert(table), new)
    return mapping, len(rows) - len(new)


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL: new rows get ids after the imported ones."""
    if connection.dialect.name != "postgresql":
        return  # SQLite gives a new row the largest id + 1
    for section in SECTIONS:
        table = section.table
        connection.execute(
            select(
                func.setval(
                    func.pg_get_serial_sequence(table.name, "id"),
                    select(func.coalesce(func.max(table.c.id), 0) + 1).scalar_subquery(),
                    False,
                )
            )
        )


def import_(path: Path, *, production: bool = False) -> Imported:
    """Load an export file into this (new, empty) database, in one
    transaction. Raises BackupError, with nothing written, when it cannot."""
    data = load(path)
    export = check(data)
    try:
        connection = db.session.connection()
        _check_target(connection, export)
        check_rows(export, data)
        if production and any(row["is_demo"] for key in ("accounts", "rounds") for row in export.rows[key]):
            raise BackupError("the file holds demo data, and production never runs with demo data.")
        mapping, matched = _partnership_ids(connection, export.rows["partnerships"])
        counts = {"partnerships": len(export.rows["partnerships"])}
        for section in SECTIONS[1:]:
            rows = export.rows[section.key]
            to_partnership = [
                column.name
                for column in section.table.columns
                if any(fk.column.table.name == Partnership.__tablename__ for fk in column.foreign_keys)
            ]
            for start in range(0, len(rows), BATCH):
                batch = rows[start : start + BATCH]
                for row in batch:
                    for key in to_partnership:
                        if row[key] is not None:
                            row[key] = mapping[row[key]]
                connection.execute(insert(section.table), batch)
            counts[section.key] = len(rows)
        _reset_sequences(connection)
        audit.record(
            "imported data",
            file=Path(path).name,
            exported_at=data["exported_at"],
            with_credentials=export.with_credentials,
            via="command line",
        )
        db.session.commit()
    except BackupError:
        db.session.rollback()
        raise
    except SQLAlchemyError as error:
        db.session.rollback()
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise BackupError(f"the database refused the file's data, so nothing was imported ({reason}).") from None
    return Imported(counts, matched, export.with_credentials)


# --- the commands ------------------------------------------------------------------


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(2)


def _listed(counts: dict[str, int]) -> str:
    parts = [section.noun(counts[section.key]) for section in SECTIONS]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


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
    click.echo(f"Exported {_listed(counts)} to {path} ({passwords}).")


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
        f"Imported {_listed(imported.counts)} from {path} "
        f"({matched} partnership{'' if matched == 1 else 's'} matched by name)."
    )
    if not imported.with_credentials:
        click.echo(
            "The file holds no passwords: everyone sets a new one with 'Forgotten your password?' on the sign-in page."
        )
