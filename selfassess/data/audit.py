"""The audit log: sign-ins, submissions, reopenings, closings, agreed answers, downloads."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import has_request_context, request
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from selfassess.data.base import db, utcnow
from selfassess.data.models import Account, AuditEvent, Round


def record(
    action: str,
    *,
    actor: Account | None = None,
    partnership_id: int | None = None,
    round_id: int | None = None,
    **detail: Any,
) -> AuditEvent:
    """Add an event to the current transaction (it is saved with the change it describes)."""
    event = AuditEvent(
        at=utcnow(),
        actor_id=actor.id if actor is not None and actor.is_authenticated else None,
        action=action,
        partnership_id=partnership_id,
        round_id=round_id,
        detail=json.dumps(detail, sort_keys=True, default=str) if detail else None,
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event


def record_round(action: str, round_: Round, actor: Account | None, **detail: Any) -> AuditEvent:
    """An event about a round (with its partnership)."""
    return record(action, actor=actor, partnership_id=round_.partnership_id, round_id=round_.id, **detail)


def commit(action: str, **where: Any) -> AuditEvent:
    """Record the event and commit it with the change it describes: both are
    saved, or neither. Takes the arguments of ``record``."""
    event = record(action, **where)
    db.session.commit()
    return event


def commit_round(action: str, round_: Round, actor: Account | None, **detail: Any) -> AuditEvent:
    """``commit`` for an event about a round."""
    event = record_round(action, round_, actor, **detail)
    db.session.commit()
    return event


def ever_signed_in(account: Account) -> bool:
    """Whether the account has ever signed in (the log keeps every sign-in)."""
    found = select(AuditEvent.id).where(AuditEvent.actor_id == account.id, AuditEvent.action == "signed in").limit(1)
    return db.session.scalar(found) is not None


@dataclass(frozen=True)
class Filter:
    """Which events the administrator asked for: each one left as None matches every event.
    ``person`` is part of the name or email address of who did it; the dates are whole days in UTC."""

    partnership_id: int | None = None
    person: str | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None


def _where(chosen: Filter) -> list:
    where = []
    if chosen.partnership_id is not None:
        where.append(AuditEvent.partnership_id == chosen.partnership_id)
    if chosen.action is not None:
        where.append(AuditEvent.action == chosen.action)
    if chosen.since is not None:
        where.append(AuditEvent.at >= datetime.combine(chosen.since, time()))
    if chosen.until is not None:
        where.append(AuditEvent.at < datetime.combine(chosen.until + timedelta(days=1), time()))
    if chosen.person:
        text = chosen.person.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{text}%"
        people = select(Account.id).where(
            Account.email.ilike(pattern, escape="\\") | Account.name.ilike(pattern, escape="\\")
        )
        where.append(AuditEvent.actor_id.in_(people))
    return where


def count(chosen: Filter) -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)).where(*_where(chosen))) or 0


def matching(chosen: Filter, offset: int = 0, limit: int | None = None) -> list[AuditEvent]:
    """The events the filter matches, newest first, with who did each (one query)."""
    query = (
        select(AuditEvent)
        .options(joinedload(AuditEvent.actor))
        .where(*_where(chosen))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def actions() -> list[str]:
    """Every kind of event the log holds, in alphabetical order."""
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def events(partnership_id: int | None = None, limit: int = 200) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    if partnership_id is not None:
        query = query.where(AuditEvent.partnership_id == partnership_id)
    return list(db.session.scalars(query))
