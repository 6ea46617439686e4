"""Answering a round: the task list, one page per domain, check your
answers, submit. The same pages serve a lead recording a response on
someone's behalf. The workflow is in ``answering/service.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_limiter import RateLimitExceeded
from flask_login import current_user

from selfassess import access
from selfassess.answering import kept, service
from selfassess.answering.forms import EVIDENCE_MAX, RECORDED_CONSENT_LABEL, SubmitForm, evidence_name, field_name
from selfassess.answering.questions import hidden_fields, indicator_html
from selfassess.extensions import limiter, login_manager

if TYPE_CHECKING:
    from selfassess.data.models import Round

bp = Blueprint("answering", __name__)
AUTOSAVE = "X-Autosave"
CONFLICT = (
    "Some answers on this page were changed in another tab or window after you opened it, so they have not been "
    "saved from here; your other answers are saved. Save the page to see both versions and choose which to keep."
)


def _autosave() -> bool:
    return request.headers.get(AUTOSAVE) == "1"


def _own(round_: Round) -> service.Answering:
    return service.own(round_, current_user, with_answers=request.method == "GET")


# --- own response ---------------------------------------------------------------


@bp.get("/rounds/<int:round_id>/answer")
@access.round_respondent
def task_list(round_: Round):
    return _task_list(_own(round_))


@bp.route("/rounds/<int:round_id>/answer/<domain_id>", methods=["GET", "POST"])
@access.round_respondent_keeping_typed(lambda round_id, domain_id: _keep_typed(round_id, domain_id))
def domain(round_: Round, domain_id: str):
    # Whose page this is, should the sign-in run out before it is posted (see
    # _keep_typed): the account and its session version, which signing out
    # everywhere moves on.
    if session.get("answering_as") != current_user.get_id():
        session["answering_as"] = current_user.get_id()
    return _domain_page(_own(round_), domain_id)


@bp.get("/rounds/<int:round_id>/answer/check")
@access.round_respondent
def check(round_: Round):
    return _check(_own(round_))


@bp.post("/rounds/<int:round_id>/answer/submit")
@access.round_respondent
def submit(round_: Round):
    return _submit(_own(round_))


@bp.get("/rounds/<int:round_id>/answer/submitted")
@access.round_respondent
def submitted(round_: Round):
    answering = _own(round_)
    if answering.response is None or not answering.response.is_submitted:
        return redirect(answering.url("task_list"))
    is_lead = access.can_lead(current_user, round_)
    return render_template("answering/submitted.html", answering=answering, is_lead=is_lead)


# --- recorded on someone's behalf by a lead -------------------------------------------


@bp.get("/rounds/<int:round_id>/recorded/<int:response_id>")
@access.round_lead
def recorded_task_list(round_: Round, response_id: int):
    return _task_list(service.recorded(round_, response_id, current_user))


@bp.route("/rounds/<int:round_id>/recorded/<int:response_id>/<domain_id>", methods=["GET", "POST"])
@access.round_lead
def recorded_domain(round_: Round, response_id: int, domain_id: str):
    return _domain_page(service.recorded(round_, response_id, current_user), domain_id)


@bp.get("/rounds/<int:round_id>/recorded/<int:response_id>/check")
@access.round_lead
def recorded_check(round_: Round, response_id: int):
    return _check(service.recorded(round_, response_id, current_user))


@bp.post("/rounds/<int:round_id>/recorded/<int:response_id>/submit")
@access.round_lead
def recorded_submit(round_: Round, response_id: int):
    return _submit(service.recorded(round_, response_id, current_user))


@bp.get("/rounds/<int:round_id>/recorded/<int:response_id>/submitted")
@access.round_lead
def recorded_submitted(round_: Round, response_id: int):
    answering = service.recorded(round_, response_id, current_user)
    return render_template("answering/submitted.html", answering=answering)


# --- the pages ---------------------------------------------------------------------------


def _task_list(answering: service.Answering):
    progress = service.progress(answering)
    return render_template(
        "answering/task_list.html",
        answering=answering,
        progress=progress.domains,
        answered=progress.answered,
        total=progress.total,
        next_domain=progress.next_domain,
    )


def _refused(answering: service.Answering, problem: str):
    """A form that cannot be saved: say why; nothing has been stored."""
    status = service.STATUS[problem]
    if _autosave():
        return jsonify(saved=False, problem=service.PROBLEMS[problem]), status
    return render_template("answering/refused.html", answering=answering, problem=problem), status


def _domain_page(answering: service.Answering, domain_id: str):
    if request.method == "POST":
        return _save(answering, domain_id)
    page = service.open_page(answering, domain_id, session.get("pending_save"))
    if page == "submitted":
        return redirect(answering.url("check"))
    if page == "closed":
        return _refused(answering, "closed")
    return _render_domain(answering, page)


def _save(answering: service.Answering, domain_id: str):
    outcome = service.save_page(
        answering,
        domain_id,
        request.form,
        from_check=request.args.get("from") == "check",
        pending_key=session.get("pending_save"),
    )
    if isinstance(outcome, service.Refused):
        return _refused(answering, outcome.problem)
    if isinstance(outcome, service.Invalid):
        if _autosave():
            problems = "; ".join(e for errors in outcome.page.form.errors.values() for e in errors)
            return jsonify(saved=False, problem=problems), 400
        return _render_domain(answering, outcome.page), 400 if outcome.tampered else 200
    if isinstance(outcome, service.Conflicted):
        # Saved but for answers changed in another tab or window: the page asks which to keep.
        if _autosave():
            return jsonify(saved=False, conflict=True, problem=CONFLICT, versions=outcome.versions), 409
        return _render_domain(answering, outcome.page), 409
    if outcome.kept_discarded:
        session.pop("pending_save", None)
    if _autosave():
        return jsonify(saved=True) if outcome.versions is None else jsonify(saved=True, versions=outcome.versions)
    return redirect(outcome.next_url)


def _render_domain(answering: service.Answering, page: service.DomainPage):
    service.stamp(answering, page.form)
    progress = service.progress(answering)
    return render_template(
        "answering/domain.html",
        answering=answering,
        domain=page.domain,
        indicators=page.indicators,
        index=page.index,
        form=page.form,
        indicator_html=lambda indicator, number: indicator_html(
            page.form, page.index + 1, indicator, number, page.conflicts.get(indicator.id)
        ),
        hidden_fields=hidden_fields,
        field_name=field_name,
        evidence_name=evidence_name,
        evidence_max=EVIDENCE_MAX,
        answered=progress.answered,
        total=progress.total,
        kept=page.kept,
        conflicts=page.conflicts,
    )


def _check(answering: service.Answering):
    response_id = str(answering.response.id) if answering.response else ""
    form = SubmitForm(
        formdata=None,
        response_id=response_id,
        workshop_consent=bool(answering.response and answering.response.workshop_consent),
    )
    if answering.recorded:
        form.workshop_consent.label.text = RECORDED_CONSENT_LABEL
    return render_template(
        "answering/check.html",
        answering=answering,
        answers=answering.answers(),
        progress=service.progress(answering).domains,
        missing=service.missing(answering),
        form=form,
        field_name=field_name,
    )


def _submit(answering: service.Answering):
    form = SubmitForm()
    if not form.validate():
        abort(400)
    result = service.submit(answering, form.response_id.data, workshop_consent=form.workshop_consent.data)
    if result == "submitted":
        return redirect(answering.url("submitted"))
    if result == "nothing":
        flash("Answer the questions before you submit.")
        return redirect(answering.url("task_list"))
    if result == "incomplete":
        return redirect(answering.url("check"))
    return _refused(answering, {"submitted already": "submitted"}.get(result, result))


def _keep_typed(round_id: int, domain_id: str):
    """The sign-in ran out while the page was open: keep what was typed and
    ask the person to sign in again (see kept.keep_typed)."""
    if _autosave():
        # The page's script keeps the typing in the browser and says so.
        return jsonify(saved=False, signed_out=True), 401
    result = None
    if session.get("signed_out_idle"):
        try:
            result = _keep(round_id, domain_id)
        except RateLimitExceeded:
            return _not_kept(round_id, domain_id, "too many"), 429
    if isinstance(result, kept.NotKept):
        return _not_kept(round_id, domain_id, result.reason), 413
    if result is None:
        # Not a page of this site whose sign-in ran out: the usual way to sign in.
        return login_manager.unauthorized()
    session["pending_save"] = result
    session["signed_out_idle"] = True
    return redirect(_sign_in_again(round_id, domain_id))


@limiter.limit(lambda: current_app.config["PENDING_SAVE_LIMIT"], scope="pending-save")
def _keep(round_id: int, domain_id: str) -> str | kept.NotKept | None:
    """Pages kept for signed-out sessions, limited per network address."""
    return kept.keep_typed(round_id, domain_id, session.get("answering_as"), request.form, session.get("pending_save"))


def _sign_in_again(round_id: int, domain_id: str) -> str:
    return url_for("auth.sign_in", next=url_for("answering.domain", round_id=round_id, domain_id=domain_id))


def _not_kept(round_id: int, domain_id: str, reason: str) -> str:
    return render_template(
        "answering/not_kept.html", reason=reason, sign_in=_sign_in_again(round_id, domain_id), evidence_max=EVIDENCE_MAX
    )
