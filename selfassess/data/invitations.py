"""Invitations to answer in a round."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from selfassess.data import accounts, audit
from selfassess.data.base import db, utcnow
from selfassess.data.models import Account, Invitation, Role, Round


def get(invitation_id: int) -> Invitation | None:
    return db.session.get(Invitation, invitation_id)


def for_round(round_: Round) -> list[Invitation]:
    return list(db.session.scalars(select(Invitation).where(Invitation.round_id == round_.id).order_by(Invitation.id)))


def invite(round_: Round, email: str, perspective: str, invited_by: Account, name: str | None = None) -> Invitation:
    """Invite a person to the round.

    - Someone with no account gets one, without a password, and is made a
      respondent of the round's partnership; the invitation records that it
      made the account (it carries the account's creation time as its own),
      so that its link may choose the account's first password
      (``sets_up_new_account``).
    - A member of the partnership gets an ordinary invitation.
    - Someone whose account exists but is not a member is only invited: they
      join the partnership when they accept, signed in as themselves
      (``auth/service.py``). Until then the lead sees only the email address.
    """
    account = accounts.by_email(email)
    made_at = None
    if account is None:
        # People a demo lead invites are demo data too, so `selfassess demo --reset` can clear them.
        account = accounts.create(email, name, is_demo=invited_by.is_demo)
        accounts.add_member(account, round_.partnership, perspective)
        made_at = account.created_at_utc
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.round_id == round_.id, Invitation.account_id == account.id)
    )
    if invitation is None:
        invitation = Invitation(
            round_id=round_.id, account_id=account.id, email=account.email, invited_by_id=invited_by.id
        )
        if made_at is not None:
            invitation.created_at_utc = made_at
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
    if sets_up_new_account(invitation):
        # They never set up the account the invitation made: they lose access
        # to the partnership. (Anyone else keeps the memberships they had.)
        membership = accounts.membership(account, invitation.round.partnership_id)
        if membership is not None:
            db.session.delete(membership)


def sets_up_new_account(invitation: Invitation) -> bool:
    """Whether this invitation's link may choose the account's first password.

    Only for an account an invitation to this partnership made, and that
    nobody has used since: no password, never signed in, not erased, not an
    administrator or adviser, and in no partnership but this one, as a
    respondent. Every other account, an administrator without a password
    among them, existed before it was invited: it never gets a password
    through an invitation link (its owner signs in, or uses "Forgotten your
    password?", whose link goes to the account's own email address).
    """
    account = invitation.account
    partnership_id = invitation.round.partnership_id
    if account.password_hash is not None or account.erased_at is not None or account.is_admin or account.is_adviser:
        return False
    if any(m.partnership_id != partnership_id or m.role != Role.RESPONDENT for m in account.memberships):
        return False
    first = db.session.scalar(
        select(Invitation).where(Invitation.account_id == account.id).order_by(Invitation.id).limit(1)
    )
    return (
        first is not None
        and first.created_at_utc == account.created_at_utc
        and first.round.partnership_id == partnership_id
        and not audit.ever_signed_in(account)
    )


def accept(invitation: Invitation) -> None:
    invitation.nonce = None
    invitation.accepted_at = utcnow()


def _renew(invitation: Invitation) -> None:
    invitation.nonce = secrets.token_urlsafe(24)
    invitation.sent_at = utcnow()
