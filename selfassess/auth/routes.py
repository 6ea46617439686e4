"""Signing in and out, forgotten passwords, and accepting an invitation."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from selfassess import access, mail, tokens
from selfassess.auth.forms import ForgottenPasswordForm, SetPasswordForm, SignInForm
from selfassess.data import accounts, audit, invitations
from selfassess.data.base import db
from selfassess.extensions import limiter

bp = Blueprint("auth", __name__)


def _sign_in_failed(response) -> bool:  # type: ignore[no-untyped-def]
    # Only failed attempts count towards the limit.
    return request.method == "POST" and response.status_code != 302


def _account_key() -> str:
    return "account:" + accounts.normalise_email(request.form.get("email", ""))[:254]


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_LIMIT"]


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(
    _sign_in_limit, key_func=_account_key, methods=["POST"], deduct_when=_sign_in_failed, scope="sign-in-account"
)
@limiter.limit(_sign_in_limit, methods=["POST"], deduct_when=_sign_in_failed, scope="sign-in-address")
@access.public
def sign_in():
    form = SignInForm()
    failed = False
    if form.validate_on_submit():
        account = accounts.by_email(form.email.data)
        if accounts.check_password(account, form.password.data):
            # A fresh session for each sign-in, so nothing of a previous
            # person's session carries over; only what a timed-out answer page
            # kept is handed on (it is shown only to the person it belongs to).
            kept = session.get("pending_save")
            session.clear()
            if kept:
                session["pending_save"] = kept
            login_user(account)
            audit.record("signed in", actor=account)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        failed = True
        db.session.rollback()
    idle = session.get("signed_out_idle", False)
    return render_template("auth/sign_in.html", form=form, failed=failed, idle=idle, kept=session.get("pending_save"))


@bp.post("/sign-out")
@access.public
def sign_out():
    if current_user.is_authenticated:
        audit.record("signed out", actor=current_user)
        db.session.commit()
    logout_user()
    session.clear()
    flash("You have signed out.")
    return redirect(url_for("auth.sign_in"))


@bp.route("/forgotten-password", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@access.public
def forgotten_password():
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        account = accounts.by_email(form.email.data)
        link = None
        # Anyone with an account may set a password this way, including people
        # an administrator added who have not had one yet.
        if account is not None and account.erased_at is None:
            token = tokens.make("reset", {"u": account.id, "h": tokens.fingerprint(account.password_hash)})
            link = url_for("auth.reset_password", token=token, _external=True)
            mail.send(
                account.email,
                "Reset your selfassess password",
                f"Someone asked to reset the password for this email address on selfassess.\n\n"
                f"To choose a new password, open this link within {current_app.config['RESET_MINUTES']} minutes:\n"
                f"{link}\n\nIf it was not you, you can ignore this email.",
            )
        # The same answer whether or not the address has an account.
        return render_template(
            "auth/reset_sent.html", email=form.email.data, link=link if mail.shows_links_on_page() else None
        )
    return render_template("auth/forgotten_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@access.public
def reset_password(token: str):
    try:
        payload = tokens.read("reset", token, current_app.config["RESET_MINUTES"] * 60)
    except tokens.LinkError as error:
        return render_template("auth/link_problem.html", reason=str(error), kind="reset"), 400
    account = accounts.get(int(payload.get("u", 0)))
    if (
        account is None
        or account.erased_at is not None
        or payload.get("h") != tokens.fingerprint(account.password_hash)
    ):
        return render_template("auth/link_problem.html", reason="used", kind="reset"), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        accounts.set_password(account, form.password.data)
        audit.record("reset password", actor=account)
        db.session.commit()
        logout_user()
        flash("Your password has been changed. Sign in with your new password.", "success")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_password.html", form=form, account=account)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@access.public
def accept_invitation(token: str):
    try:
        payload = tokens.read("invitation", token, current_app.config["INVITATION_DAYS"] * 24 * 3600)
    except tokens.LinkError as error:
        return render_template("auth/link_problem.html", reason=str(error), kind="invitation"), 400
    invitation = invitations.get(int(payload.get("i", 0)))
    if invitation is None or invitation.withdrawn_at is not None:
        return render_template("auth/link_problem.html", reason="withdrawn", kind="invitation"), 400
    if invitation.nonce is None or invitation.nonce != payload.get("n"):
        return render_template("auth/link_problem.html", reason="used", kind="invitation"), 400
    account = invitation.account
    if account.password_hash is not None:
        # They already have an account: the link just brings them in.
        invitations.accept(invitation)
        db.session.commit()
        flash(f"You have been invited to {invitation.round.title}. Sign in to start.")
        return redirect(url_for("auth.sign_in", next=url_for("answering.task_list", round_id=invitation.round_id)))
    form = SetPasswordForm()
    if form.validate_on_submit():
        accounts.set_password(account, form.password.data)
        invitations.accept(invitation)
        audit.record(
            "accepted invitation",
            actor=account,
            partnership_id=invitation.round.partnership_id,
            round_id=invitation.round_id,
        )
        db.session.commit()
        login_user(account)
        flash("Your account is ready.", "success")
        return redirect(url_for("answering.task_list", round_id=invitation.round_id))
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation)


def _safe_next(target: str | None) -> str:
    """Only ever redirect within this site after signing in."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and target[1:2] not in ("/", "\\"):
            return target
    return url_for("home.index")
