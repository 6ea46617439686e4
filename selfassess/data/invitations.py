"""Invitations to answer in a round."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from selfassess.data import accounts
from selfassess.data.base import db, utcnow
from selfassess.data.models import Account, Invitation, Round


def get(invitation_id: int) -> Invitation | None:
    return db.session.get(Invitation, invitation_id)


def for_round(round_: Round) -> list[Invitation]:
    return list(db.session.scalars(select(Invitation).where(Invitation.round_id == round_.id).order_by(Invitation.id)))


def invite(round_: Round, email: str, perspective: str, invited_by: Account, name: str | None = None) -> Invitation:
    """Invite a person (creating their account, without a password, if they
    have none) and make them a respondent of the round's partnership."""
    account = accounts.by_email(email)
    if account is None:
        # People a demo lead invites are demo data too, so `selfassess demo --reset` can clear them.
        account = accounts.create(email, name, is_demo=invited_by.is_demo)
    accounts.add_member(account, round_.partnership, perspective)
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.round_id == round_.id, Invitation.account_id == account.id)
    )
    if invitation is None:
        invitation = Invitation(
            round_id=round_.id, account_id=account.id, email=account.email, invited_by_id=invited_by.id
        )
        db.session.add(invitation)
    invitation.perspective = perspective
    invitation.withdrawn_at = None
    _renew(invitation)
    db.session.flush()
    return invitation


def resend(invitation: Invitation) -> None:
    """A new link; the old one stops working."""
    _renew(invitation)


def withdraw(invitation: Invitation) -> None:
    invitation.nonce = None
    invitation.withdrawn_at = utcnow()
    account = invitation.account
    if account.password_hash is None:
        # They never set up their account: they lose access to the partnership.
        membership = accounts.membership(account, invitation.round.partnership_id)
        if membership is not None:
            db.session.delete(membership)


def accept(invitation: Invitation) -> None:
    invitation.nonce = None
    invitation.accepted_at = utcnow()


def _renew(invitation: Invitation) -> None:
    invitation.nonce = secrets.token_urlsafe(24)
    invitation.sent_at = utcnow()
