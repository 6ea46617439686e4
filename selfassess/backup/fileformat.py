"""The export file's parts: its header, and one section per table in an order
where every reference points to an earlier section (the package's docstring
describes the file)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Table

from selfassess.data.base import Base
from selfassess.data.models import (
    Account,
    Action,
    ActionComment,
    AdviserAssignment,
    AgreedAnswer,
    Answer,
    AuditEvent,
    Invitation,
    Membership,
    NationalSnapshot,
    Partnership,
    QuestionnaireVersion,
    Reminder,
    Response,
    Round,
)

FORMAT = "selfassess-export"
FORMAT_VERSION = 1
PASSWORD_COLUMN = "password_hash"  # noqa: S105 -- a column name, not a password
BATCH = 2000  # rows read or written at a time


class BackupError(Exception):
    """Why an export or import cannot go ahead, in one line."""


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


def table_of(model: type[Base]) -> Table:
    return model.__table__  # type: ignore[return-value]


SECTIONS = (
    Section("partnerships", table_of(Partnership), "partnership", "partnerships"),
    Section("accounts", table_of(Account), "person", "people"),
    Section("memberships", table_of(Membership), "membership", "memberships"),
    Section("adviser_assignments", table_of(AdviserAssignment), "adviser assignment", "adviser assignments"),
    Section(
        "questionnaire_versions", table_of(QuestionnaireVersion), "questionnaire version", "questionnaire versions"
    ),
    Section("rounds", table_of(Round), "round", "rounds"),
    Section("invitations", table_of(Invitation), "invitation", "invitations", frozenset({"nonce"})),
    Section("responses", table_of(Response), "response", "responses"),
    Section("answers", table_of(Answer), "answer", "answers"),
    Section("agreed_answers", table_of(AgreedAnswer), "agreed answer", "agreed answers"),
    # Which reminders were sent, so that a restored system does not send one again.
    Section("reminders", table_of(Reminder), "reminder sent", "reminders sent"),
    Section("actions", table_of(Action), "action", "actions"),
    Section("action_comments", table_of(ActionComment), "comment on an action", "comments on actions"),
    # Published national pictures, kept as published: a restore must not recompute them.
    Section("national_snapshots", table_of(NationalSnapshot), "national picture", "national pictures"),
    Section("audit_events", table_of(AuditEvent), "audit event", "audit events"),
)
SECTION_BY_TABLE = {section.table.name: section for section in SECTIONS}

# Tables left out of an export: working data a restored system does without.
NOT_EXPORTED = {
    "pending_save": "kept unsaved page",  # what someone typed when their sign-in on the old system expired
    "stored_file": "stored ZIP of reports",  # generated files, which expire; made again on request
    "job": "background job",  # the jobs that built those files
}
HEADER = ("format", "format_version", "exported_at", "schema_revision", "with_credentials")


def listed(counts: dict[str, int]) -> str:
    """The rows per section in words: "31 partnerships, 12 people, ... and 40 audit events"."""
    parts = [section.noun(counts[section.key]) for section in SECTIONS]
    return ", ".join(parts[:-1]) + " and " + parts[-1]
