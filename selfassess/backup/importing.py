"""Loading a checked export file into a new, empty database, in one
transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.exc import SQLAlchemyError

from selfassess.backup.fileformat import BATCH, NOT_EXPORTED, SECTION_BY_TABLE, SECTIONS, BackupError, table_of
from selfassess.backup.reading import Export, check, check_rows, load
from selfassess.backup.revisions import code_revision, database_revision, reference_partnerships
from selfassess.data import audit
from selfassess.data.base import Base, db
from selfassess.data.models import Partnership


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
    partnership = table_of(Partnership)
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
    table = table_of(Partnership)
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
