"""The emails selfassess sends, each written once here and sent through
``mail.send``. Numbers in them (days a link lasts, minutes a reset link
lasts) come from the settings."""

from __future__ import annotations

from flask import current_app, url_for

from selfassess import mail, tokens
from selfassess.data import accounts, invitations
from selfassess.data.models import Account, Invitation
from selfassess.presentation import long_date
from selfassess.questionnaire import Questionnaire


def invitation(invitation_: Invitation, questionnaire: Questionnaire, invited_by: Account) -> str:
    """Email the invitation's link (valid once, for INVITATION_DAYS); returns the link."""
    token = tokens.make("invitation", {"i": invitation_.id, "n": invitation_.nonce})
    link = url_for("auth.accept_invitation", token=token, _external=True)
    round_ = invitation_.round
    partnership = round_.partnership.name
    next_step = _next_step(invitation_)
    mail.send(
        invitation_.email or "",
        f"You are invited to {partnership}'s self-assessment",
        f"{invited_by.display_name} has invited you to take part in {round_.title}, "
        f"{partnership}'s self-assessment of co-production: how well the partnership "
        f"designs and delivers care together with the people who use it, carers and communities.\n\n"
        f"You will answer from your own point of view, as "
        f"{questionnaire.perspective_label(invitation_.perspective)}. It takes about 30 minutes, "
        f"and you can stop and come back at any time. The round closes on {long_date(round_.closes_on)}.\n\n"
        f"{next_step} within {current_app.config['INVITATION_DAYS']} days:\n{link}\n\n"
        f"The link works once. If it has stopped working, ask {invited_by.display_name} to send a new one.",
    )
    return link


def _next_step(invitation_: Invitation) -> str:
    """What following the link does: set up the account the invitation
    made, or sign in (and, for someone not yet in the partnership, accept)."""
    if invitations.sets_up_new_account(invitation_):
        return "To set up your account and start, open this link"
    step = "To start, open this link and sign in"
    if not accounts.is_member(invitation_.account, invitation_.round.partnership_id):
        step = (
            f"You join {invitation_.round.partnership.name} in selfassess only if you accept. "
            "To accept and start, open this link and sign in"
        )
    if invitation_.account.password_hash is None:
        step = (
            f'If you have no password yet, choose one first with "Forgotten your password?" on the sign-in page. {step}'
        )
    return step


def password_reset(account: Account) -> str:
    """Email a link to set a new password (valid for RESET_MINUTES, and only
    until the password changes); returns the link."""
    token = tokens.make("reset", {"u": account.id, "h": tokens.fingerprint(account.password_hash)})
    link = url_for("auth.reset_password", token=token, _external=True)
    mail.send(
        account.email or "",
        "Reset your selfassess password",
        f"Someone asked to reset the password for this email address on selfassess.\n\n"
        f"To choose a new password, open this link within {current_app.config['RESET_MINUTES']} minutes:\n"
        f"{link}\n\nIf it was not you, you can ignore this email.",
    )
    return link
