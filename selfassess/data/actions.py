"""Action plans: a round's actions and the comments on them.

An action belongs to the round whose results it answers; the next round of
the same partnership reads the previous round's plan ("What we said we
would do") through ``for_round(previous.id)``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import bindparam, func, select, true
from sqlalchemy.orm import selectinload

from selfassess.data import rounds
from selfassess.data.base import db
from selfassess.data.models import Account, Action, ActionComment, ActionStatus, Round

OPEN_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


def get(round_: Round, action_id: int) -> Action | None:
    """The action, only if it belongs to this round (so an id from another
    partnership's plan is simply not found)."""
    return db.session.scalar(select(Action).where(Action.id == action_id, Action.round_id == round_.id))


def for_round(round_id: int) -> list[Action]:
    return for_rounds([round_id]).get(round_id, [])


def for_rounds(round_ids: list[int]) -> dict[int, list[Action]]:
    """The plans of several rounds in one query (with their comments in one more)."""
    found: dict[int, list[Action]] = defaultdict(list)
    if round_ids:
        query = (
            select(Action)
            .where(Action.round_id.in_(round_ids))
            .options(selectinload(Action.comments).selectinload(ActionComment.author))
            .order_by(Action.round_id, Action.position, Action.id)
        )
        for action in db.session.scalars(query):
            found[action.round_id].append(action)
    return dict(found)


def results_and_plans_generation(partnership_id: int) -> tuple[tuple, tuple]:
    """``rounds.results_generation()``, and a value that changes whenever an
    action of any of the partnership's rounds is added, changed or removed
    (its own plan and the previous round's, which a results page shows): how
    many there are, their ids and the latest change. One small statement, read
    on every view of a results page (what the page is kept under)."""
    found = db.session.execute(_GENERATIONS, {"partnership_id": partnership_id}).one()
    width = len(rounds.GENERATION_COLUMNS)
    return rounds.generation_of(found[:width]), tuple(found[width:])


def _generations_query():
    every = select(*(c.label(f"round_{i}") for i, c in enumerate(rounds.GENERATION_COLUMNS))).subquery()
    plans = (
        select(
            func.count(Action.id).label("actions"),
            func.coalesce(func.sum(Action.id), 0).label("ids"),
            func.max(Action.updated_at_utc).label("changed"),
        )
        .join(Round, Action.round_id == Round.id)
        .where(Round.partnership_id == bindparam("partnership_id"))
        .subquery()
    )
    # Each subquery is one row: joined on true, one row of both.
    return select(*every.c, *plans.c).select_from(every.join(plans, true()))


_GENERATIONS = _generations_query()


def lock_plan(round_: Round) -> None:
    """Hold the round's row until the transaction ends, so that two drafts
    of one plan at once (a double click) do not both find it empty."""
    db.session.execute(select(Round.id).where(Round.id == round_.id).with_for_update())


def add(
    round_: Round,
    text: str,
    *,
    answers: dict | None = None,
    basis: str = "partnership",
    owner: str | None = None,
    due_on: date | None = None,
    status: ActionStatus = ActionStatus.NOT_STARTED,
    note: str | None = None,
) -> Action:
    position = db.session.scalar(
        select(func.coalesce(func.max(Action.position), 0)).where(Action.round_id == round_.id)
    )
    action = Action(
        round_id=round_.id,
        position=(position or 0) + 1,
        text=text.strip(),
        answers=answers or {},
        basis=basis,
        owner=(owner or "").strip() or None,
        due_on=due_on,
        status=status,
        note=(note or "").strip() or None,
    )
    db.session.add(action)
    db.session.flush()
    return action


def update(action: Action, **values) -> None:
    """Change the given fields (text, owner, due_on, status, note, answers)."""
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip() or (None if name in ("owner", "note") else value.strip())
        setattr(action, name, value)


def remove(action: Action) -> None:
    db.session.delete(action)


def comment(action: Action, author: Account, text: str) -> ActionComment:
    made = ActionComment(action_id=action.id, author_id=author.id, text=text.strip())
    db.session.add(made)
    db.session.flush()
    return made


def is_overdue(action: Action, today: date) -> bool:
    """Past its due date and neither done nor dropped (``overdue`` counts the same in SQL)."""
    return action.due_on is not None and action.due_on < today and action.status in OPEN_STATUSES


def overdue(round_ids: list[int], today: date) -> dict[int, int]:
    """How many actions of each round are past their due date and neither
    done nor dropped (``is_overdue``), without loading them."""
    if not round_ids:
        return {}
    query = (
        select(Action.round_id, func.count())
        .where(Action.round_id.in_(round_ids), Action.due_on < today, Action.status.in_(OPEN_STATUSES))
        .group_by(Action.round_id)
    )
    return dict(db.session.execute(query).all())


def owned_by_name(names: list[str]) -> list[Action]:
    """Actions whose owner text matches one of these names (case and spacing
    ignored), for an administrator to reassign before erasing a person."""
    wanted = {" ".join(n.split()).lower() for n in names if n and n.strip()}
    if not wanted:
        return []
    query = (
        select(Action)
        .where(Action.owner.is_not(None))
        .options(selectinload(Action.round).selectinload(Round.partnership))
    )
    return [a for a in db.session.scalars(query) if " ".join((a.owner or "").split()).lower() in wanted]
