"""The audit log as an administrator reads it: events, newest first, with
names for the partnership, round and person each one is about."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from selfassess.data import accounts, audit, partnerships, rounds
from selfassess.data.models import Partnership

LIMIT = 200  # events shown on the page
# Detail keys that hold an account's id (older events say person_id or user_id).
PERSON_KEYS = {"account_id": "Person", "person_id": "Person", "user_id": "Person", "to_account_id": "To person"}


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    who: str
    action: str
    partnership: str | None
    round: str | None
    detail: list[tuple[str, str]]


@dataclass(frozen=True)
class AuditLog:
    partnerships: list[Partnership]
    chosen: Partnership | None
    rows: list[AuditRow]
    limit: int = LIMIT


def audit_log(partnership_id: str | None) -> AuditLog:
    """The latest events, of one partnership when ``partnership_id`` names one."""
    every = partnerships.all_partnerships()
    names = {p.id: p.name for p in every}
    chosen = next(
        (p for p in every if partnership_id and partnership_id.isdigit() and p.id == int(partnership_id)), None
    )
    events = audit.events(partnership_id=chosen.id if chosen else None, limit=LIMIT)
    round_titles: dict[int, str] = {}
    for event in events:
        if event.round_id is not None and event.round_id not in round_titles:
            found = rounds.get(event.round_id)
            round_titles[event.round_id] = found.title if found is not None else f"Round {event.round_id}"
    rows = [
        AuditRow(
            at=event.at,
            who=event.actor.display_name if event.actor is not None else "Nobody signed in",
            action=event.action,
            partnership=names.get(event.partnership_id) if event.partnership_id is not None else None,
            round=round_titles.get(event.round_id) if event.round_id is not None else None,
            detail=detail_pairs(event.detail),
        )
        for event in events
    ]
    return AuditLog(every, chosen, rows)


def detail_pairs(detail: str | None) -> list[tuple[str, str]]:
    """An event's detail as readable pairs; a person is shown by their current
    display name, so an erased person reads "Erased person N"."""
    if not detail:
        return []
    try:
        values = json.loads(detail)
    except ValueError:
        return [("Detail", detail)]
    if not isinstance(values, dict):
        return [("Detail", str(values))]
    pairs = []
    for key, value in values.items():
        if key in PERSON_KEYS and isinstance(value, int):
            account = accounts.get(value)
            pairs.append((PERSON_KEYS[key], account.display_name if account is not None else f"Person {value}"))
        else:
            pairs.append((key.replace("_", " ").capitalize(), value if isinstance(value, str) else json.dumps(value)))
    return pairs
