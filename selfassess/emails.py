"""The emails selfassess sends, each written once: a subject here and two
templates, ``templates/emails/<name>.txt`` and ``<name>.html`` (on
``emails/layout.html``), sent together through ``mail.send``. Numbers in
them (days a link lasts, minutes a reset link lasts) come from the settings.

Links are absolute. They are built on ``BASE_URL`` when it is set (always in
production), else in a request on the address the request came to, else on
``DEVELOPMENT_BASE_URL`` (``make run``'s address), so that a command with no
request (reminders) makes the same links a page does.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, render_template, url_for

from selfassess import mail, tokens
from selfassess.data import accounts, invitations
from selfassess.data.models import Account, Invitation, Partnership, Round
from selfassess.presentation import long_date
from selfassess.questionnaire import Questionnaire

DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"
# What the lead's preview of a reminder shows where each person's link goes.
OWN_LINK = "[the person's own link]"


def _link(endpoint: str, **values: object) -> str:
    """An absolute link to a page, for an email (see the module's docstring)."""
    base = current_app.config.get("BASE_URL")
    if not base and has_request_context():
        return url_for(endpoint, _external=True, **values)
    parts = urlsplit(base or DEVELOPMENT_BASE_URL)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


def _send(to: str | None, name: str, subject: str, **context: object) -> None:
    """Render and send one email; nothing for a person without an address (erased)."""
    if not to:
        return
    text, html = _render(name, subject, **context)
    mail.send(to, subject, text, html)


def _render(name: str, subject: str, **context: object) -> tuple[str, str]:
    """The plain text and the HTML of one email, from its two templates."""
    context["subject"] = subject
    return render_template(f"emails/{name}.txt", **context), render_template(f"emails/{name}.html", **context)


# --- invitations and reminders ----------------------------------------------------


def _invitation_link(invitation_: Invitation) -> str:
    """The invitation's link: valid for INVITATION_DAYS and until it is used or a new one is sent."""
    token = tokens.make("invitation", {"i": invitation_.id, "n": invitation_.nonce})
    return _link("auth.accept_invitation", token=token)


def invitation(invitation_: Invitation, questionnaire: Questionnaire, invited_by: Account) -> str:
    """Email the invitation's link (valid once, for INVITATION_DAYS); returns the link."""
    url = _invitation_link(invitation_)
    round_ = invitation_.round
    _send(
        invitation_.email,
        "invitation",
        f"You are invited to {round_.partnership.name}'s self-assessment",
        round_=round_,
        invited_by=invited_by,
        perspective=questionnaire.perspective_label(invitation_.perspective),
        next_step=_next_step(invitation_),
        link=url,
        days=current_app.config["INVITATION_DAYS"],
    )
    return url


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


def reminder(invitation_: Invitation, days_left: int) -> None:
    """Remind someone invited who has not submitted that the round closes in
    ``days_left`` days. Someone who never accepted gets a fresh invitation
    link (the same invitation, so an earlier link keeps working too); anyone
    else a link to their task list."""
    round_ = invitation_.round
    if invitation_.accepted_at is None and invitation_.nonce is not None:
        url = _invitation_link(invitation_)
    else:
        url = _link("answering.task_list", round_id=round_.id)
    _send(invitation_.email, "reminder", _reminder_subject(round_), **_reminder_context(round_, days_left, url))


def reminder_preview(round_: Round, days_left: int) -> tuple[str, str]:
    """The subject and plain text of the reminder the round's people get
    today, with ``OWN_LINK`` where each person's link goes: from the same
    template as ``reminder``, so the preview is what is sent."""
    subject = _reminder_subject(round_)
    text, _ = _render("reminder", subject, **_reminder_context(round_, days_left, OWN_LINK))
    return subject, text


def _reminder_subject(round_: Round) -> str:
    return f"Reminder: {round_.partnership.name}'s self-assessment closes on {long_date(round_.closes_on)}"


def _reminder_context(round_: Round, days_left: int, url: str) -> dict[str, object]:
    return {"round_": round_, "days_left": days_left, "link": url}


# --- accounts -----------------------------------------------------------------------


def password_reset(account: Account) -> str:
    """Email a link to set a new password, or the first one for an account
    without (valid for RESET_MINUTES, and only until the password changes);
    returns the link."""
    url = _password_link(account)
    first = account.password_hash is None
    _send(
        account.email,
        "password_reset",
        "Set your selfassess password" if first else "Reset your selfassess password",
        first=first,
        link=url,
        minutes=current_app.config["RESET_MINUTES"],
    )
    return url


def _password_link(account: Account) -> str:
    token = tokens.make("reset", {"u": account.id, "h": tokens.fingerprint(account.password_hash)})
    return _link("auth.reset_password", token=token)


def made_lead(account: Account, partnership: Partnership, by: Account | None) -> None:
    """Tell someone they now lead the partnership's self-assessment (``by``:
    who made them one, a lead or an administrator), with a link to sign in,
    or to set their password if they have none yet."""
    first = account.password_hash is None
    _send(
        account.email,
        "made_lead",
        f"You have been made a lead of {partnership.name} in selfassess",
        partnership=partnership,
        by=by,
        first=first,
        link=_password_link(account) if first else _link("auth.sign_in"),
        minutes=current_app.config["RESET_MINUTES"],
    )


# --- results ------------------------------------------------------------------------


def results_shared(account: Account, round_: Round) -> None:
    """Tell someone who took part that the round's results are shared, with
    a link to what they told us and what happens next."""
    _send(
        account.email,
        "results_shared",
        f"The results of {round_.partnership.name}'s self-assessment are ready",
        round_=round_,
        link=_link("results.what_happens_next", round_id=round_.id),
    )
