"""What a person typed when their sign-in ran out (see ``PendingSave``)."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import delete, select

from selfassess.data.base import db, utcnow
from selfassess.data.models import PendingSave

KEEP_FOR = timedelta(days=1)


def keep(key: str, round_id: int, domain_id: str, form_data: str) -> None:
    db.session.execute(delete(PendingSave).where(PendingSave.created_at_utc < utcnow() - KEEP_FOR))
    db.session.add(PendingSave(key=key, round_id=round_id, domain_id=domain_id, form_data=form_data))


def take_for(key: str | None, round_id: int, domain_id: str, account_id: int) -> list[tuple[str, str]] | None:
    """The kept form data for this page, if this session kept some for this
    person. ``form_data`` is ``{"owner": user id, "fields": [[name, value], ...]}``:
    whoever signs in next in the same browser never sees what someone else typed."""
    if not key:
        return None
    kept = db.session.scalar(select(PendingSave).where(PendingSave.key == key))
    if kept is None or kept.round_id != round_id or kept.domain_id != domain_id:
        return None
    if kept.created_at_utc < utcnow() - KEEP_FOR:
        return None
    data = json.loads(kept.form_data)
    if not isinstance(data, dict) or data.get("owner") != account_id:
        return None
    return [tuple(pair) for pair in data["fields"]]  # type: ignore[misc]


def discard(key: str | None) -> None:
    if key:
        db.session.execute(delete(PendingSave).where(PendingSave.key == key))
