"""Answering a round: the task list, one page per domain, check your
answers, submit. The same pages serve a lead recording a response on
someone's behalf from a paper copy or an interview."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from selfassess import access
from selfassess.answering import fragments
from selfassess.answering.forms import (
    EVIDENCE_MAX,
    AnswerField,
    SubmitForm,
    domain_form_class,
    evidence_name,
    field_name,
)
from selfassess.data import accounts, audit, invitations, pending, responses, rounds, versions
from selfassess.data.base import db
from selfassess.data.models import Answer, Response, Round
from selfassess.extensions import login_manager
from selfassess.questionnaire import Domain, Questionnaire

bp = Blueprint("answering", __name__)


@dataclass
class Answering:
    """One response being answered, by its respondent or recorded by a lead."""

    round_: Round
    questionnaire: Questionnaire
    response: Response | None  # None until the first page is saved
    recorded: bool = False
    _answers: dict[str, Answer] | None = None
    _answers_of: int | None = None

    def url(self, page: str, **values: Any) -> str:
        if self.recorded:
            assert self.response is not None  # noqa: S101
            return url_for(
                f"answering.recorded_{page}", round_id=self.round_.id, response_id=self.response.id, **values
            )
        return url_for(f"answering.{page}", round_id=self.round_.id, **values)

    @property
    def perspective(self) -> str:
        if self.response is not None:
            return self.response.perspective
        return _perspective_for(self.round_)

    def answers(self) -> dict[str, Answer]:
        """The response's answers, read once per request."""
        if self.response is None:
            return {}
        if self._answers is None or self._answers_of != self.response.id:
            self._answers, self._answers_of = responses.answers(self.response), self.response.id
        return self._answers

    def domain(self, domain_id: str) -> tuple[int, Domain]:
        for index, domain in enumerate(self.questionnaire.domains):
            if domain.id == domain_id:
                return index, domain
        abort(404)


def _perspective_for(round_: Round) -> str:
    invitation = next(
        (i for i in invitations.for_round(round_) if i.account_id == current_user.id and i.withdrawn_at is None), None
    )
    if invitation is not None:
        return invitation.perspective
    membership = accounts.membership(current_user, round_.partnership_id)
    assert membership is not None  # access rule: a member  # noqa: S101
    return membership.perspective


def _own(round_: Round) -> Answering:
    questionnaire = versions.questionnaire_for(round_.questionnaire_version)
    # A page being saved seldom needs the stored answers: they are read only if it does.
    response = responses.for_person(round_, current_user, with_answers=request.method == "GET")
    return Answering(round_, questionnaire, response)


def _recorded(round_: Round, response_id: int) -> Answering:
    response = responses.get(response_id)
    if response is None or response.round_id != round_.id or response.recorded_by_id is None:
        abort(404)
    questionnaire = versions.questionnaire_for(round_.questionnaire_version)
    return Answering(round_, questionnaire, response, recorded=True)


def _domain_progress(answering: Answering, answers: dict[str, Answer]) -> list[dict[str, Any]]:
    progress = []
    for domain in answering.questionnaire.domains:
        answered = sum(1 for i in domain.indicators if i.id in answers and answers[i.id].value is not None)
        total = len(domain.indicators)
        status = "Completed" if answered == total else ("In progress" if answered else "Not started")
        progress.append({"domain": domain, "answered": answered, "total": total, "status": status})
    return progress


# --- own response ---------------------------------------------------------------


@bp.get("/rounds/<int:round_id>/answer")
@access.round_respondent
def task_list(round_: Round):
    return _task_list(_own(round_))


@bp.route("/rounds/<int:round_id>/answer/<domain_id>", methods=["GET", "POST"])
@access.round_respondent_keeping_typed(lambda round_id, domain_id: _keep_typed(round_id, domain_id))
def domain(round_: Round, domain_id: str):
    # Whose page this is, should the sign-in run out before it is posted (see _keep_typed).
    if session.get("answering_account_id") != current_user.id:
        session["answering_account_id"] = current_user.id
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
    return render_template("answering/submitted.html", answering=answering)


# --- recorded on someone's behalf by a lead -------------------------------------------


@bp.get("/rounds/<int:round_id>/recorded/<int:response_id>")
@access.round_lead
def recorded_task_list(round_: Round, response_id: int):
    return _task_list(_recorded(round_, response_id))


@bp.route("/rounds/<int:round_id>/recorded/<int:response_id>/<domain_id>", methods=["GET", "POST"])
@access.round_lead
def recorded_domain(round_: Round, response_id: int, domain_id: str):
    return _domain_page(_recorded(round_, response_id), domain_id)


@bp.get("/rounds/<int:round_id>/recorded/<int:response_id>/check")
@access.round_lead
def recorded_check(round_: Round, response_id: int):
    return _check(_recorded(round_, response_id))


@bp.post("/rounds/<int:round_id>/recorded/<int:response_id>/submit")
@access.round_lead
def recorded_submit(round_: Round, response_id: int):
    return _submit(_recorded(round_, response_id))


@bp.get("/rounds/<int:round_id>/recorded/<int:response_id>/submitted")
@access.round_lead
def recorded_submitted(round_: Round, response_id: int):
    answering = _recorded(round_, response_id)
    return render_template("answering/submitted.html", answering=answering)


# --- the pages ---------------------------------------------------------------------------


def _task_list(answering: Answering):
    answers = answering.answers()
    progress = _domain_progress(answering, answers)
    answered = sum(s["answered"] for s in progress)
    total = sum(s["total"] for s in progress)
    next_domain = next((s["domain"] for s in progress if s["status"] != "Completed"), None)
    return render_template(
        "answering/task_list.html",
        answering=answering,
        progress=progress,
        answered=answered,
        total=total,
        next_domain=next_domain,
    )


# Why a posted page was not saved, for the page's script to show (the
# refused page, assessments/refused.html, says the same at more length).
PROBLEMS = {
    "closed": "this round has closed, so answers can no longer be added or changed.",
    "submitted": "these answers have already been submitted (perhaps in another tab), so they are locked.",
    "changed": "the questions have changed since this page was opened. Open the page again.",
    "unknown": "the page sent an answer to a question that is not in this domain. Open the page again.",
    "not yours": "this page belongs to a different set of answers. Open the page again from your task list.",
}


def _refuse(answering: Answering, problem: str, status: int):
    """A form that cannot be saved: say why; nothing has been stored."""
    db.session.rollback()
    return render_template("answering/refused.html", answering=answering, problem=problem), status


def _domain_page(answering: Answering, domain_id: str):
    index, domain = answering.domain(domain_id)
    form_class = domain_form_class(answering.questionnaire, domain)
    version_tag = answering.round_.questionnaire_version.sha256[:16]
    autosave = request.headers.get("X-Autosave") == "1"

    if request.method == "POST":
        refusal = _stale_or_tampered(answering, domain, version_tag)
        if refusal is not None:
            if autosave:
                db.session.rollback()
                return jsonify(saved=False, problem=PROBLEMS[refusal[0]]), refusal[1]
            return _refuse(answering, *refusal)
        form = form_class()
        if form.validate():
            values = _changes(form, domain, answering.answers)
            response = answering.response or responses.start(answering.round_, current_user, answering.perspective)
            responses.save_domain(response, domain.id, values)
            if not answering.recorded and _kept_for(answering, domain) is not None:
                pending.discard(session.pop("pending_save", None))
            answering.response = response
            # Where to go next, worked out before the commit (afterwards the
            # round and response would be read again).
            if request.args.get("from") == "check":
                # Came from a change link on "Check your answers": go back there.
                after = answering.url("check")
            elif index + 1 < len(answering.questionnaire.domains):
                after = answering.url("domain", domain_id=answering.questionnaire.domains[index + 1].id)
            else:
                after = answering.url("check")
            db.session.commit()
            if autosave:
                return jsonify(saved=True)
            return redirect(after)
        if autosave:
            return jsonify(saved=False, problem="; ".join(e for errors in form.errors.values() for e in errors)), 400
        status = 400 if _has_tampered_values(form) else 200
        return _render_domain(answering, index, domain, form, version_tag), status

    if answering.response is not None and answering.response.is_submitted:
        return redirect(answering.url("check"))
    if not answering.round_.is_open:
        return _refuse(answering, "closed", 409)
    kept = None if answering.recorded else _kept_for(answering, domain)
    if kept is not None:
        form = form_class(formdata=MultiDict(kept))
    else:
        answers = answering.answers()
        data = {}
        for indicator in domain.indicators:
            answer = answers.get(indicator.id)
            data[field_name(indicator.id)] = answer.value if answer else None
            data[evidence_name(indicator.id)] = answer.evidence if answer else None
        form = form_class(formdata=None, data=data)
    return _render_domain(answering, index, domain, form, version_tag, kept=kept is not None)


def _render_domain(answering: Answering, index: int, domain: Domain, form, version_tag: str, kept: bool = False):
    form.response_id.data = str(answering.response.id) if answering.response else ""
    form.questionnaire.data = version_tag
    answers = answering.answers()
    progress = _domain_progress(answering, answers)
    return render_template(
        "answering/domain.html",
        answering=answering,
        domain=domain,
        index=index,
        form=form,
        indicator_html=lambda indicator, number: fragments.indicator_html(
            form, answering.questionnaire, index, indicator, number
        ),
        field_name=field_name,
        evidence_name=evidence_name,
        evidence_max=EVIDENCE_MAX,
        answered=sum(s["answered"] for s in progress),
        total=sum(s["total"] for s in progress),
        kept=kept,
    )


def _stale_or_tampered(answering: Answering, domain: Domain, version_tag: str) -> tuple[str, int] | None:
    """Why a posted page must not be saved, if it must not: the round has
    closed, the response was submitted (perhaps in another tab), the page
    names a question this domain does not have, the questionnaire changed
    since the page was opened, or the page belongs to another response."""
    if not answering.round_.is_open:
        return "closed", 409
    if answering.response is not None and answering.response.is_submitted:
        return "submitted", 409
    expected = {"csrf_token", "response_id", "questionnaire"}
    for indicator in domain.indicators:
        expected |= {field_name(indicator.id), evidence_name(indicator.id)}
    if set(request.form.keys()) - expected:
        return "unknown", 400
    if request.form.get("questionnaire") != version_tag:
        return "changed", 409
    posted_response = request.form.get("response_id", "")
    own_id = str(answering.response.id) if answering.response is not None else ""
    if posted_response != own_id and not (posted_response == "" and answering.response is not None):
        return "not yours", 400
    return None


def _has_tampered_values(form) -> bool:
    return any(
        isinstance(field, AnswerField) and field.errors
        for field in form  # values outside the options
    )


def _changes(form, domain: Domain, saved: Callable[[], dict[str, Answer]]) -> dict[str, tuple[Any, Any]]:
    """What a posted page changes: only the fields it sent (the page's script
    may send part of the form), never blanking an answer it did not show.
    A chosen level cannot be unchosen on the page, so a page that sends no
    level for a question answered since it was opened (in another tab)
    leaves that answer, and its evidence, as they are."""
    changes = {}
    for indicator in domain.indicators:
        level_name, evidence_field = field_name(indicator.id), evidence_name(indicator.id)
        value = (form[level_name].data or None) if level_name in request.form else responses.UNCHANGED
        evidence = (
            ((form[evidence_field].data or "").strip() or None)
            if evidence_field in request.form
            else responses.UNCHANGED
        )
        if value is responses.UNCHANGED and evidence is None:
            # The page left this question out: look at what is stored (read only now).
            stored = saved().get(indicator.id)
            if stored is None or stored.evidence is None or stored.value is not None:
                continue  # nothing typed for this question, and nothing of its own to clear
        changes[indicator.id] = (value, evidence)
    return changes


def _kept_for(answering: Answering, domain: Domain) -> list[tuple[str, str]] | None:
    """What this person typed on this page when their sign-in ran out, if anything."""
    return pending.take_for(session.get("pending_save"), answering.round_.id, domain.id, current_user.id)


def _check(answering: Answering):
    answers = answering.answers()
    progress = _domain_progress(answering, answers)
    missing = [
        indicator
        for domain in answering.questionnaire.domains
        for indicator in domain.indicators
        if indicator.id not in answers or answers[indicator.id].value is None
    ]
    return render_template(
        "answering/check.html",
        answering=answering,
        answers=answers,
        progress=progress,
        missing=missing,
        form=SubmitForm(formdata=None, response_id=str(answering.response.id) if answering.response else ""),
        field_name=field_name,
    )


def _submit(answering: Answering):
    form = SubmitForm()
    if not form.validate():
        abort(400)
    if not answering.round_.is_open:
        return _refuse(answering, "closed", 409)
    if answering.response is None:
        flash("Answer the questions before you submit.")
        return redirect(answering.url("task_list"))
    if form.response_id.data != str(answering.response.id):
        return _refuse(answering, "not yours", 400)
    if answering.response.is_submitted:
        return _refuse(answering, "submitted", 409)
    answers = answering.answers()
    missing = [i for i in answering.questionnaire.indicators if i.id not in answers or answers[i.id].value is None]
    if missing:
        return redirect(answering.url("check"))
    responses.submit(answering.response)
    audit.record(
        "submitted response" if not answering.recorded else "submitted recorded response",
        actor=current_user,
        partnership_id=answering.round_.partnership_id,
        round_id=answering.round_.id,
        response_id=answering.response.id,
    )
    db.session.commit()
    return redirect(answering.url("submitted"))


def _keep_typed(round_id: int, domain_id: str):
    """The sign-in ran out while the page was open: keep what was typed (the
    form passed its CSRF check, so it came from this browser's session) and
    ask the person to sign in again. Nothing is saved to the response until
    they have signed in and saved the page themselves."""
    if request.headers.get("X-Autosave") == "1":
        # The page's script keeps the typing in the browser and says so.
        return jsonify(saved=False, signed_out=True), 401
    owner_id = session.get("answering_account_id")
    round_ = rounds.get(round_id)
    domain = None
    if round_ is not None:
        questionnaire = versions.questionnaire_for(round_.questionnaire_version)
        domain = next((d for d in questionnaire.domains if d.id == domain_id), None)
    if owner_id is None or not session.get("signed_out_idle") or domain is None:
        # Not a page of this site whose sign-in ran out: the usual way to sign in.
        return login_manager.unauthorized()
    names = {"response_id", "questionnaire"}
    for indicator in domain.indicators:
        names |= {field_name(indicator.id), evidence_name(indicator.id)}
    form_data = [(k, v) for k, v in request.form.items(multi=True) if k in names]
    key = secrets.token_urlsafe(24)
    pending.keep(key, round_id, domain_id, json.dumps({"owner": owner_id, "fields": form_data}))
    db.session.commit()
    session["pending_save"] = key
    session["signed_out_idle"] = True
    return redirect(url_for("auth.sign_in", next=url_for("answering.domain", round_id=round_id, domain_id=domain_id)))
