"""What a person typed when their sign-in ran out (see ``PendingSave``)."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from selfassess.data.base import db, utcnow
from selfassess.data.models import PendingSave

KEEP_FOR = timedelta(days=1)


def keep(round_id: int, domain_id: str, owner_id: int, fields: list[tuple[str, str]], *, replacing: str | None) -> str:
    """Keep what this person typed on this page, under a new key, which is
    returned: the only copy kept of this person's page (an earlier one goes,
    as does ``replacing``, what the same session kept before)."""
    db.session.execute(delete(PendingSave).where(PendingSave.created_at_utc < utcnow() - KEEP_FOR))
    discard(replacing)
    same_page = select(PendingSave).where(PendingSave.round_id == round_id, PendingSave.domain_id == domain_id)
    for earlier in db.session.scalars(same_page):
        if _owner(earlier) == owner_id:
            db.session.delete(earlier)
    key = secrets.token_urlsafe(24)
    form_data = json.dumps({"owner": owner_id, "fields": fields})
    db.session.add(PendingSave(key=key, round_id=round_id, domain_id=domain_id, form_data=form_data))
    return key


def _owner(kept: PendingSave) -> int | None:
    data = json.loads(kept.form_data)
    return data.get("owner") if isinstance(data, dict) else None


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
    if _owner(kept) != account_id:
        return None
    return [tuple(pair) for pair in json.loads(kept.form_data)["fields"]]  # type: ignore[misc]


def discard(key: str | None) -> None:
    if key:
        db.session.execute(delete(PendingSave).where(PendingSave.key == key))
