"""Agreed answers: the level a partnership agreed for an indicator, with why."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from selfassess.data import rounds
from selfassess.data.base import db, utcnow
from selfassess.data.models import Account, AgreedAnswer, Round


def for_round(round_id: int) -> dict[str, AgreedAnswer]:
    return for_rounds([round_id]).get(round_id, {})


def for_rounds(round_ids: list[int]) -> dict[int, dict[str, AgreedAnswer]]:
    """Agreed answers of several rounds in one query."""
    found: dict[int, dict[str, AgreedAnswer]] = defaultdict(dict)
    if round_ids:
        for agreed in db.session.scalars(select(AgreedAnswer).where(AgreedAnswer.round_id.in_(round_ids))):
            found[agreed.round_id][agreed.indicator_id] = agreed
    return dict(found)


def record(round_: Round, indicator_id: str, value: str, rationale: str, by: Account) -> AgreedAnswer:
    """Record (or replace) the agreed level for an indicator."""
    values = {
        "value": value,
        "rationale": rationale.strip(),
        "agreed_by_id": by.id,
        "agreed_at": utcnow(),
    }
    agreed = db.session.scalar(
        select(AgreedAnswer).where(AgreedAnswer.round_id == round_.id, AgreedAnswer.indicator_id == indicator_id)
    )
    if agreed is None:
        agreed = AgreedAnswer(round_id=round_.id, indicator_id=indicator_id, **values)
        db.session.add(agreed)
    else:
        for name, item in values.items():
            setattr(agreed, name, item)
    rounds.changed(round_)
    return agreed


def remove(round_: Round, indicator_id: str) -> bool:
    agreed = db.session.scalar(
        select(AgreedAnswer).where(AgreedAnswer.round_id == round_.id, AgreedAnswer.indicator_id == indicator_id)
    )
    if agreed is None:
        return False
    db.session.delete(agreed)
    rounds.changed(round_)
    return True
