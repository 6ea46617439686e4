"""What is demo data, and deleting it for ``selfassess demo --reset``.

The queries are written here, not in the query layer (``selfassess/data/``),
which has no functions for them: they concern only the demo, the made-up
rows ``is_demo`` marks and everything that hangs off them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, or_, select

from selfassess.data.base import db
from selfassess.data.models import (
    Account,
    Action,
    ActionComment,
    AdviserAssignment,
    AgreedAnswer,
    Answer,
    AuditEvent,
    Invitation,
    Membership,
    NationalSnapshot,
    PendingSave,
    Reminder,
    Response,
    Round,
    StoredFile,
)


def non_demo_counts() -> tuple[int, int]:
    real_accounts = db.session.scalar(select(func.count(Account.id)).where(Account.is_demo.is_(False))) or 0
    rounds_ = db.session.scalar(select(func.count(Round.id)).where(Round.is_demo.is_(False))) or 0
    return real_accounts, rounds_


def has_demo_data() -> bool:
    return (
        db.session.scalar(select(Account.id).where(Account.is_demo.is_(True)).limit(1)) is not None
        or db.session.scalar(select(Round.id).where(Round.is_demo.is_(True)).limit(1)) is not None
    )


def delete_demo_data() -> None:
    """Delete demo people and rounds and everything that hangs off them, in
    the current transaction."""
    demo_users = select(Account.id).where(Account.is_demo.is_(True)).scalar_subquery()
    demo_rounds = select(Round.id).where(Round.is_demo.is_(True)).scalar_subquery()
    demo_responses = (
        select(Response.id)
        .where(
            or_(
                Response.round_id.in_(demo_rounds),
                Response.respondent_id.in_(demo_users),
                Response.recorded_by_id.in_(demo_users),
            )
        )
        .scalar_subquery()
    )
    # The audit log is append-only in the app (models.py refuses ORM updates
    # and deletes of AuditEvent). This Core statement on the table bypasses
    # that on purpose: removing the events of made-up demo people and rounds
    # when the demo is reseeded is not editing the log of anything real. The
    # "loaded demo data" events themselves stay.
    audit_table = AuditEvent.__table__
    db.session.execute(
        delete(audit_table).where(or_(audit_table.c.round_id.in_(demo_rounds), audit_table.c.actor_id.in_(demo_users)))
    )
    for statement in _deletions(demo_users, demo_rounds, demo_responses):
        db.session.execute(statement, execution_options={"synchronize_session": False})
    db.session.expire_all()


def _deletions(demo_users: Any, demo_rounds: Any, demo_responses: Any) -> tuple:
    """The deletes, children before the rows they hang off."""
    return (
        delete(AgreedAnswer).where(
            or_(AgreedAnswer.round_id.in_(demo_rounds), AgreedAnswer.agreed_by_id.in_(demo_users))
        ),
        delete(PendingSave).where(PendingSave.round_id.in_(demo_rounds)),
        delete(ActionComment).where(
            or_(
                ActionComment.author_id.in_(demo_users),
                ActionComment.action_id.in_(select(Action.id).where(Action.round_id.in_(demo_rounds))),
            )
        ),
        delete(Action).where(Action.round_id.in_(demo_rounds)),
        delete(Reminder).where(
            or_(
                Reminder.round_id.in_(demo_rounds),
                Reminder.invitation_id.in_(
                    select(Invitation.id).where(
                        or_(Invitation.account_id.in_(demo_users), Invitation.invited_by_id.in_(demo_users))
                    )
                ),
            )
        ),
        delete(Answer).where(Answer.response_id.in_(demo_responses)),
        delete(Response).where(
            or_(
                Response.round_id.in_(demo_rounds),
                Response.respondent_id.in_(demo_users),
                Response.recorded_by_id.in_(demo_users),
            )
        ),
        delete(Invitation).where(
            or_(
                Invitation.round_id.in_(demo_rounds),
                Invitation.account_id.in_(demo_users),
                Invitation.invited_by_id.in_(demo_users),
            )
        ),
        delete(Membership).where(Membership.account_id.in_(demo_users)),
        delete(AdviserAssignment).where(AdviserAssignment.account_id.in_(demo_users)),
        delete(StoredFile).where(StoredFile.owner_id.in_(demo_users)),
        # The demo's national pictures, published by its administrator from its rounds.
        delete(NationalSnapshot).where(NationalSnapshot.published_by_id.in_(demo_users)),
        delete(Round).where(Round.is_demo.is_(True)),
        delete(Account).where(Account.is_demo.is_(True)),
    )
