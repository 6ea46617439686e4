"""Reminders: who in a round has not submitted, the reminders sent to them,
and the rounds due to close on their date or due for automatic reminders.

Days here are days in Europe/London (``clock.today_in_london``): a round closing on
a date is open until midnight London time at the end of that date, in
summer time (BST) and in winter (GMT) alike.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from selfassess.data.base import db
from selfassess.data.models import Invitation, Reminder, Response, Round, RoundStatus

LEAD = "lead"
SEVEN_DAYS = "7 days"
TWO_DAYS = "2 days"
# The automatic kinds, each with the most days left at which it goes, the earliest first.
AUTOMATIC = {SEVEN_DAYS: 7, TWO_DAYS: 2}
AUTOMATIC_WHEN = " and ".join(AUTOMATIC)  # "7 days and 2 days", for the pages


def not_submitted(round_: Round) -> list[Invitation]:
    """Invitations in the round, not withdrawn, whose person has not
    submitted (a response whose submission counts, ``counted_at``, has been
    submitted even while reopened) and who has an email address."""
    counted = select(Response.respondent_id).where(
        Response.round_id == round_.id,
        Response.respondent_id.is_not(None),
        Response.counted_at.is_not(None),
    )
    query = (
        select(Invitation)
        .where(
            Invitation.round_id == round_.id,
            Invitation.withdrawn_at.is_(None),
            Invitation.email.is_not(None),
            Invitation.account_id.not_in(counted),
        )
        .order_by(Invitation.id)
    )
    return list(db.session.scalars(query))


def reminded_on(round_: Round, day: date) -> set[int]:
    """The invitations of the round that had a reminder on this day."""
    query = select(Reminder.invitation_id).where(Reminder.round_id == round_.id, Reminder.sent_on == day)
    return set(db.session.scalars(query))


def kinds_sent(round_: Round) -> dict[int, set[str]]:
    """For each invitation of the round, the kinds of reminder it had."""
    found: dict[int, set[str]] = {}
    for invitation_id, kind in db.session.execute(
        select(Reminder.invitation_id, Reminder.kind).where(Reminder.round_id == round_.id)
    ):
        found.setdefault(invitation_id, set()).add(kind)
    return found


def last_sent(round_: Round) -> date | None:
    """The last day anyone in the round had a reminder."""
    query = select(Reminder.sent_on).where(Reminder.round_id == round_.id).order_by(Reminder.sent_on.desc())
    return db.session.scalar(query.limit(1))


def record(invitation: Invitation, kind: str, day: date) -> bool:
    """Note a reminder to the invitation on this day, in a savepoint of its
    own. False when it already had one that day (perhaps recorded a moment
    ago by another worker): the unique (invitation, day) constraint refuses
    a second, and only this row is rolled back."""
    try:
        with db.session.begin_nested():
            db.session.add(Reminder(invitation_id=invitation.id, round_id=invitation.round_id, kind=kind, sent_on=day))
    except IntegrityError:
        return False
    return True


def due_to_close(today: date) -> list[Round]:
    """Open rounds whose closing date has ended (today in London is after it)."""
    query = select(Round).where(Round.status == RoundStatus.OPEN, Round.closes_on < today).order_by(Round.id)
    return list(db.session.scalars(query))


def still_open(round_id: int) -> Round | None:
    """The round, locked for this transaction (on PostgreSQL), if it is still
    open: two workers closing rounds at once close each round once."""
    query = select(Round).where(Round.id == round_id, Round.status == RoundStatus.OPEN).with_for_update()
    return db.session.scalar(query.execution_options(populate_existing=True))


def due_for_automatic(today: date) -> list[Round]:
    """Open rounds with automatic reminders on that close within the next 7 days (today included)."""
    longest = max(AUTOMATIC.values())
    query = (
        select(Round)
        .where(
            Round.status == RoundStatus.OPEN,
            Round.auto_reminders.is_(True),
            Round.closes_on >= today,
            Round.closes_on <= today + timedelta(days=longest),
        )
        .order_by(Round.id)
    )
    return list(db.session.scalars(query))
