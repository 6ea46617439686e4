"""Reading a response's answers for a save that compares them with the page
being saved (answering/stale.py), under the response's lock: two tabs
saving at once take turns, and each compares its page with what the other
saved, never with what was there before it."""

from __future__ import annotations

from sqlalchemy import select, update

from selfassess.data.base import db
from selfassess.data.models import Answer, Response


def answers_to_compare(response: Response) -> dict[str, tuple[str | None, str | None]]:
    """The response's answers as saved now, indicator -> (value, evidence),
    read after taking the response row's lock for the rest of the request's
    transaction (``responses.save_domain`` takes the same lock, first)."""
    # An update that changes nothing still takes the row's lock (and on
    # SQLite, the database's write lock, so this read sees the last save).
    db.session.execute(
        update(Response).where(Response.id == response.id).values(updated_at_utc=Response.updated_at_utc)
    )
    rows = db.session.execute(
        select(Answer.indicator_id, Answer.value, Answer.evidence).where(Answer.response_id == response.id)
    )
    return {indicator_id: (value, evidence) for indicator_id, value, evidence in rows}
