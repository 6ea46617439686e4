"""The statements the answer pages run on every request, built once: the
person's response with its answers' levels and evidence, and, for a save
that compares them with the page being saved (answering/stale.py), the
answers read under the response's lock: two tabs saving at once take turns,
and each compares its page with what the other saved, never with what was
there before it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select, update

from selfassess.data.base import db
from selfassess.data.models import Account, Answer, Response, Round


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """An answer's level and evidence as saved now: what the answer pages show."""

    value: str | None
    evidence: str | None


_PERSON = select(Response).where(
    Response.round_id == bindparam("round_id"), Response.respondent_id == bindparam("account_id")
)
_PERSON_ANSWERS = (
    select(Response, Answer.indicator_id, Answer.value, Answer.evidence)
    .outerjoin(Answer, Answer.response_id == Response.id)
    .where(Response.round_id == bindparam("round_id"), Response.respondent_id == bindparam("account_id"))
)
_STORED = select(Answer.indicator_id, Answer.value, Answer.evidence).where(
    Answer.response_id == bindparam("response_id")
)


def person_with_stored(round_: Round, account: Account) -> tuple[Response | None, dict[str, StoredAnswer]]:
    """The person's response in the round and its answers' levels and
    evidence, in one query (none: None and no answers)."""
    response, stored = None, {}
    for found, indicator_id, value, evidence in db.session.execute(
        _PERSON_ANSWERS, {"round_id": round_.id, "account_id": account.id}
    ):
        response = found
        if indicator_id is not None:
            stored[indicator_id] = StoredAnswer(value, evidence)
    return response, stored


def stored(response: Response) -> dict[str, StoredAnswer]:
    """A response's answers' levels and evidence as saved now."""
    rows = db.session.execute(_STORED, {"response_id": response.id})
    return {indicator_id: StoredAnswer(value, evidence) for indicator_id, value, evidence in rows}


def person(round_: Round, account: Account) -> Response | None:
    """The person's response in the round, without its answers."""
    return db.session.scalar(_PERSON, {"round_id": round_.id, "account_id": account.id})


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
# Saving a domain's page (responses.save_domain): the response's lock first.
SAVED_DOMAIN = (
    update(_responses)
    .where(_responses.c.id == bindparam("response"))
    .values(last_domain=bindparam("domain"), updated_at_utc=bindparam("now"))
)
