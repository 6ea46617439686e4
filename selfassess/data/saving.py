"""Reading a response's answers for a save that compares them with the page
being saved (answering/stale.py), under the response's lock: two tabs
saving at once take turns, and each compares its page with what the other
saved, never with what was there before it."""

from __future__ import annotations

from sqlalchemy import bindparam, select, update

from selfassess.data.base import db
from selfassess.data.models import Answer, Response


def answers_to_compare(response: Response) -> dict[str, tuple[str | None, str | None]]:
    """The response's answers as saved now, indicator -> (value, evidence),
    read after taking the response row's lock for the rest of the request's
    transaction (``responses.save_domain`` takes the same lock, first)."""
    # An update that changes nothing still takes the row's lock (and on
    # SQLite, the database's write lock, so this read sees the last save).
    db.session.flush()  # as the ORM's own statements would, before these
    connection = db.session.connection()
    connection.execute(_LOCK, {"response": response.id})
    rows = connection.execute(_ANSWERS, {"response": response.id})
    return {indicator_id: (value, evidence) for indicator_id, value, evidence in rows}


# Built once (every save of a page reads them), and run on the connection:
# the update changes nothing the session holds.
_responses = Response.__table__
_LOCK = (
    update(_responses)
    .where(_responses.c.id == bindparam("response"))
    .values(updated_at_utc=_responses.c.updated_at_utc)
)
_ANSWERS = select(Answer.indicator_id, Answer.value, Answer.evidence).where(Answer.response_id == bindparam("response"))
