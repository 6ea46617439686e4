"""Signing in and out, forgotten passwords, and accepting an invitation."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from selfassess import access
from selfassess.auth import limits, service
from selfassess.auth.forms import ForgottenPasswordForm, SetPasswordForm, SignInForm
from selfassess.extensions import limiter

bp = Blueprint("auth", __name__)


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(
    limits.setting("SIGN_IN_LIMIT"),
    key_func=limits.account_and_address_key,
    methods=["POST"],
    deduct_when=limits.wrong_password,
    error_message=limits.paused_here,
    on_breach=limits.record_refusal,
    scope="sign-in-account-address",
)
@limiter.limit(
    limits.setting("SIGN_IN_ADDRESS_LIMIT"),
    methods=["POST"],
    deduct_when=limits.wrong_password,
    error_message=limits.paused_network,
    on_breach=limits.record_refusal,
    scope="sign-in-address",
)
@limiter.limit(
    limits.setting("SIGN_IN_ACCOUNT_LIMIT"),
    key_func=limits.account_key,
    methods=["POST"],
    deduct_when=limits.wrong_password,
    exempt_when=limits.known_browser,
    error_message=limits.paused_new_browsers,
    on_breach=limits.record_refusal,
    scope="sign-in-account",
)
@access.public
def sign_in():
    form = SignInForm()
    failed = False
    if form.validate_on_submit():
        account = service.sign_in(form.email.data, form.password.data)
        if account is not None:
            # A fresh session for each sign-in, so nothing of a previous
            # person's session carries over; only what a timed-out answer page
            # kept is handed on (it is shown only to the person it belongs to).
            kept = session.get("pending_save")
            session.clear()
            if kept:
                session["pending_save"] = kept
            login_user(account)
            response = redirect(_safe_next(request.args.get("next")))
            limits.remember_browser(response, account.email)
            return response
        limits.note_wrong_password()
        failed = True
    idle = session.get("signed_out_idle", False)
    return render_template("auth/sign_in.html", form=form, failed=failed, idle=idle, kept=session.get("pending_save"))


@bp.post("/sign-out")
@access.public
def sign_out():
    if current_user.is_authenticated:
        service.sign_out(current_user)
    logout_user()
    session.clear()
    flash("You have signed out.")
    return redirect(url_for("auth.sign_in"))


@bp.route("/forgotten-password", methods=["GET", "POST"])
@limiter.limit(limits.RESET_LINK_LIMIT, methods=["POST"], error_message=limits.paused_reset_links)
@access.public
def forgotten_password():
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        link = service.send_reset_link(form.email.data)
        # The same answer whether or not the address has an account.
        return render_template("auth/reset_sent.html", email=form.email.data, link=link)
    return render_template("auth/forgotten_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@access.public
def reset_password(token: str):
    account = service.reset_link_account(token)
    if isinstance(account, str):
        return render_template("auth/link_problem.html", reason=account, kind="reset"), 400
    form = SetPasswordForm(person=account)
    if form.validate_on_submit():
        outcome = service.reset_password(account, form.password.data)
        logout_user()
        flash(outcome.message, outcome.category)
        # Whoever holds the emailed link may sign in from this browser even
        # while the account is paused for new browsers (auth/limits.py).
        response = redirect(url_for("auth.sign_in"))
        limits.remember_browser(response, account.email)
        return response
    return render_template("auth/reset_password.html", form=form, account=account)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@access.public
def accept_invitation(token: str):
    link = service.invitation_for(token)
    if isinstance(link, str):
        return render_template("auth/link_problem.html", reason=link, kind="invitation"), 400
    if link.sets_up_new_account:
        return _set_up_account(link)
    return _accept_signed_in(link, url_for("auth.accept_invitation", token=token))


def _set_up_account(link: service.InvitationLink):
    """An account the invitation made: the person chooses its first password."""
    invitation = link.invitation
    form = SetPasswordForm(person=invitation.account)
    if form.validate_on_submit():
        login_user(service.accept_and_set_password(link, form.password.data))
        flash("Your account is ready.", "success")
        return redirect(url_for("answering.task_list", round_id=invitation.round_id))
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation)


def _accept_signed_in(link: service.InvitationLink, here: str):
    """An account that existed before it was invited accepts only while
    signed in as itself; joining a partnership it is not in takes a
    confirmation (a POST)."""
    invitation = link.invitation
    if not current_user.is_authenticated:
        flash(
            f"Sign in as {invitation.email} to accept the invitation to {invitation.round.title}. "
            "If you have not chosen a password yet, use “Forgotten your password?” below."
        )
        return redirect(url_for("auth.sign_in", next=here))
    mine = current_user.id == invitation.account_id
    if mine and (request.method == "POST" or not link.joins_partnership):
        service.accept_for_existing_account(link, current_user)
        return redirect(url_for("answering.task_list", round_id=invitation.round_id))
    return render_template("auth/accept_signed_in.html", link=link, invitation=invitation, mine=mine)


def _safe_next(target: str | None) -> str:
    """Only ever redirect within this site after signing in."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and target[1:2] not in ("/", "\\"):
            return target
    return url_for("home.index")
