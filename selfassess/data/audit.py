"""The audit log: sign-ins, submissions, reopenings, closings, agreed answers, downloads."""

from __future__ import annotations

import json
from typing import Any

from flask import has_request_context, request
from sqlalchemy import select

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


def events(partnership_id: int | None = None, limit: int = 200) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    if partnership_id is not None:
        query = query.where(AuditEvent.partnership_id == partnership_id)
    return list(db.session.scalars(query))
