"""Signing in and out, forgotten passwords and accepting an invitation: the
workflows behind ``auth/routes.py``."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from selfassess import emails, mail, tokens
from selfassess.data import accounts, audit, invitations, transaction, versions
from selfassess.data.models import Account, Invitation
from selfassess.outcome import Outcome

EMAIL_KEPT = 254  # characters of a typed email address the log keeps


def sign_in(email: str, password: str) -> Account | None:
    """The account, when the password is right. Both a sign-in and a
    failure (a wrong password, or an address with no account) are in the
    audit log; the sign-in limits (auth/limits.py) count every failure, so
    they also bound how many failures can be written."""
    account = accounts.by_email(email)
    if not accounts.check_password(account, password):
        transaction.rollback()
        _record_failure("sign-in failed", email, account)
        return None
    audit.commit("signed in", actor=account)
    return account


def sign_in_refused(email: str, pause: str) -> None:
    """Sign-in was paused by a limit (``pause`` says which) before any password was checked."""
    _record_failure("sign-in refused", email, accounts.by_email(email), pause=pause)


def _record_failure(action: str, email: str, account: Account | None, **detail: str) -> None:
    """The event is about the account when the address has one, which shows
    by its name (and as "Erased person" once erased); the address typed is
    kept only when it has no account, so the log keeps no account's email
    (an erasure would leave it there)."""
    if account is not None:
        # The log names only an account that can sign in as the actor; one
        # with no password yet is named in the detail instead.
        about = {} if account.is_authenticated else {"account_id": account.id}
        audit.commit(action, actor=account, **about, **detail)
    else:
        audit.commit(action, email=accounts.normalise_email(email)[:EMAIL_KEPT], **detail)


def sign_out(account: Account) -> None:
    """End the person's sessions on the server, not only in this browser: a
    copy of the session cookie no longer works after signing out."""
    accounts.end_sessions(account)
    audit.commit("signed out", actor=account)


def send_reset_link(email: str) -> str | None:
    """Email a link to set a password to the account with this address, if
    there is one (anyone with an account may set a password this way,
    including people an administrator added). Returns the link only when
    this request may also be shown it on the page (``mail.may_show_link``)."""
    account = accounts.by_email(email)
    if account is None or account.erased_at is not None:
        return None
    link = emails.password_reset(account)
    return link if mail.may_show_link(account) else None


def reset_link_account(token: str) -> Account | str:
    """Whose password a reset link may set, or why it cannot be used
    ("expired", "invalid" or "used")."""
    try:
        payload = tokens.read("reset", token, current_app.config["RESET_MINUTES"] * 60)
    except tokens.LinkError as error:
        return str(error)
    account = accounts.get(int(payload.get("u", 0)))
    if (
        account is None
        or account.erased_at is not None
        or payload.get("h") != tokens.fingerprint(account.password_hash)
    ):
        return "used"
    return account


def reset_password(account: Account, password: str) -> Outcome:
    """Set the password a reset link is for: a new one, or the first for an
    account that had none (the email and the page said "Set your password")."""
    first = account.password_hash is None
    accounts.set_password(account, password)
    audit.commit("reset password", actor=account)
    if first:
        return Outcome("Your password has been set. Sign in with it.")
    return Outcome("Your password has been changed. Sign in with your new password.")


@dataclass(frozen=True)
class InvitationLink:
    invitation: Invitation

    @property
    def sets_up_new_account(self) -> bool:
        """The link may choose the first password of the account the
        invitation made; every other account signs in to accept
        (``invitations.sets_up_new_account`` says which is which)."""
        return invitations.sets_up_new_account(self.invitation)

    @property
    def joins_partnership(self) -> bool:
        """Accepting makes the person a member of the round's partnership:
        they are not one yet, so they are asked to confirm first."""
        return not accounts.is_member(self.invitation.account, self.invitation.round.partnership_id)

    @property
    def perspective_label(self) -> str:
        round_ = self.invitation.round
        return versions.questionnaire_for(round_.questionnaire_version).perspective_label(self.invitation.perspective)


def invitation_for(token: str) -> InvitationLink | str:
    """The invitation a link is for, or why it cannot be used ("expired",
    "invalid", "withdrawn" or "used")."""
    try:
        payload = tokens.read("invitation", token, current_app.config["INVITATION_DAYS"] * 24 * 3600)
    except tokens.LinkError as error:
        return str(error)
    invitation = invitations.get(int(payload.get("i", 0)))
    if invitation is None or invitation.withdrawn_at is not None:
        return "withdrawn"
    if invitation.nonce is None or invitation.nonce != payload.get("n"):
        return "used"
    return InvitationLink(invitation)


def accept_for_existing_account(link: InvitationLink, account: Account) -> None:
    """The invited account, signed in as itself, accepts: only now does it
    join the round's partnership (as a respondent, with the invitation's
    perspective) if it was not a member already."""
    invitation = link.invitation
    if account.id != invitation.account_id:
        raise PermissionError("only the invited account can accept its invitation")
    joins = link.joins_partnership
    accounts.add_member(account, invitation.round.partnership, invitation.perspective)
    invitations.accept(invitation)
    audit.commit_round("accepted invitation", invitation.round, account, joined_partnership=joins)


def accept_and_set_password(link: InvitationLink, password: str) -> Account:
    """The first password of an account the invitation made; never the
    password of an account that existed before (``sets_up_new_account``)."""
    invitation = link.invitation
    if not link.sets_up_new_account:
        raise PermissionError("an invitation sets the password only of an account it made")
    account = invitation.account
    accounts.set_password(account, password)
    accounts.add_member(account, invitation.round.partnership, invitation.perspective)
    invitations.accept(invitation)
    audit.commit_round("accepted invitation", invitation.round, account)
    return account
