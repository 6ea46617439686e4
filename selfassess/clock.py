"""The time, in one place (tests freeze it here)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    """Now, in UTC, without a time zone: stored the same way in SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


LONDON = ZoneInfo("Europe/London")


def today_in_london(now: datetime | None = None) -> date:
    """Today's date in Europe/London (GMT in winter, BST in summer): the day a
    lead in Scotland sees on the calendar, for due dates and closing dates.
    ``now`` is a UTC time without a time zone, as ``utcnow`` gives."""
    return (now or utcnow()).replace(tzinfo=UTC).astimezone(LONDON).date()
