"""Reading an export file and checking it, row by row, before anything is
written: its JSON, its header, and every row's fields, their types and the
references between rows, converted for the database."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Column
from sqlalchemy import types as sqltypes

from selfassess.backup.fileformat import FORMAT, FORMAT_VERSION, HEADER, SECTION_BY_TABLE, SECTIONS, BackupError
from selfassess.data.models import QuestionnaireVersion
from selfassess.questionnaire import QuestionnaireFiles


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
    return _text_converter(column)


def _text_converter(column: Column[Any]) -> tuple[Converter, str]:
    """``_converter`` for the columns a JSON file holds as text (dates and
    times, text) or as an object (JSON columns)."""
    kind = column.type
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
    if isinstance(kind, sqltypes.JSON):
        return _json_converter(column)
    raise NotImplementedError(f"no export of {column.table.name}.{column.name} ({kind!r})")


# JSON columns that hold a list; every other JSON column holds an object.
JSON_LISTS = {("national_snapshot", "rounds")}


def _json_converter(column: Column[Any]) -> tuple[Converter, str]:
    wanted: type = list if (column.table.name, column.name) in JSON_LISTS else dict

    def to_json(value: Any) -> Any:
        if not isinstance(value, wanted):
            raise ValueError
        return value

    if wanted is list:
        return to_json, "a JSON list, like [[12, 3], [15, 1]]"
    return to_json, 'a JSON object, like {"indicators": [], "themes": []}'


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
    """Check the file's header: what it is, and which version (its lists are
    checked by ``check_rows``)."""
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
    return Export(data["schema_revision"], with_credentials, {})


def check_rows(export: Export, data: dict[str, Any]) -> None:
    """Check every row (its fields, their types and the references between
    rows) and convert the values for the database, into ``export.rows``.

    A list is looked for only here, once the file's schema revision is known
    to be this database's: a file from another revision, which has no list
    for a table added since or a list for one this code does not have, is
    refused for its revision, not as incomplete or unknown."""
    unexpected = sorted(set(data) - {*HEADER, *(section.key for section in SECTIONS)})
    if unexpected:
        raise BackupError(f"it has {json.dumps(unexpected[0])}, which is not part of an export.")
    missing = [section.key for section in SECTIONS if section.key not in data]
    if missing:
        raise BackupError(f'it is not a complete export: it has no "{missing[0]}" list.')
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
