"""A round's action plan: the lead drafts, adds, changes and removes
actions; the partnership's adviser reads and comments. Every change is a
POST with a CSRF token and ends with a redirect to the plan and a message;
the workflows are in ``plans/service.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from selfassess import access
from selfassess.outcome import Outcome
from selfassess.plans import service
from selfassess.plans.forms import (
    COMMENT_MAX,
    NOTE_MAX,
    TEXT_MAX,
    ActionForm,
    CommentForm,
    ConfirmForm,
    date_hint,
)

if TYPE_CHECKING:
    from selfassess.data.models import Action, Round
    from selfassess.results.compute import RoundResults

bp = Blueprint("plans", __name__)


def _to_plan(round_: Round, outcome: Outcome):
    flash(outcome.message, outcome.category)
    return redirect(url_for("plans.plan", round_id=round_.id))


@bp.get("/rounds/<int:round_id>/plan")
@access.round_report
def plan(round_: Round):
    has_results = service.has_results(round_)
    return render_template(
        "plans/plan.html",
        round_=round_,
        has_results=has_results,
        plan=service.plan_for(round_) if has_results else [],
        previous=service.previous_plan(round_) if has_results else None,
        is_lead=access.can_lead(current_user, round_),
        comment_max=COMMENT_MAX,
    )


@bp.app_template_global("plans_for_results")
def plans_for_results(results: RoundResults) -> service.ResultsPlans:
    """The results page's plans (results pages do not import this package:
    the plans read the results, not the other way round)."""
    return service.for_results(results)


@bp.post("/rounds/<int:round_id>/plan/draft")
@access.round_lead
def draft(round_: Round):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _to_plan(round_, service.draft(round_, current_user))


def _action_form(round_: Round, action: Action | None = None) -> ActionForm:
    data = None
    if action is not None:
        answers = action.answers or {}
        data = {
            "text": action.text,
            "indicators": answers.get("indicators", []),
            "themes": answers.get("themes", []),
            "owner": action.owner,
            "due_on": action.due_on,
            "status": action.status.value,
            "note": action.note,
        }
    form = ActionForm(data=data)
    found = service.questionnaire(round_)
    form.indicators.choices = [SelectChoice(i.id, i.title) for i in found.indicators]
    form.themes.choices = [SelectChoice(t.id, t.title) for t in found.study.themes]
    return form


def _values(form: ActionForm) -> service.ActionValues:
    return service.ActionValues(
        text=form.text.data,
        indicators=list(form.indicators.data or []),
        themes=list(form.themes.data or []),
        owner=form.owner.data,
        due_on=form.due_on.data,
        status=form.status.data,
        note=form.note.data,
    )


def _render_action(round_: Round, form: ActionForm, action: Action | None):
    return render_template(
        "plans/action.html",
        round_=round_,
        form=form,
        action=action,
        date_hint=date_hint(),
        text_max=TEXT_MAX,
        note_max=NOTE_MAX,
        remove_form=ConfirmForm(),
    )


@bp.route("/rounds/<int:round_id>/plan/add", methods=["GET", "POST"])
@access.round_lead
def add(round_: Round):
    if not service.has_results(round_):
        abort(404)
    form = _action_form(round_)
    if form.validate_on_submit():
        return _to_plan(round_, service.add(round_, _values(form), current_user))
    return _render_action(round_, form, None)


@bp.route("/rounds/<int:round_id>/plan/<int:action_id>", methods=["GET", "POST"])
@access.round_lead
def edit(round_: Round, action_id: int):
    action = service.action_in(round_, action_id)
    form = _action_form(round_, action)
    if form.validate_on_submit():
        return _to_plan(round_, service.change(round_, action, _values(form), current_user))
    return _render_action(round_, form, action)


@bp.route("/rounds/<int:round_id>/plan/<int:action_id>/remove", methods=["GET", "POST"])
@access.round_lead
def remove(round_: Round, action_id: int):
    """A page asking to confirm, then the removal."""
    action = service.action_in(round_, action_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        return _to_plan(round_, service.remove(round_, action, current_user))
    return render_template("plans/remove.html", round_=round_, action=action, form=form)


@bp.post("/rounds/<int:round_id>/plan/<int:action_id>/comment")
@access.round_report
def comment(round_: Round, action_id: int):
    action = service.action_in(round_, action_id)
    form = CommentForm()
    if not form.validate_on_submit():
        message = next(iter(form.text.errors), None)
        if message is None:
            abort(400)
        return _to_plan(round_, Outcome(f"Your comment was not added: {message[0].lower()}{message[1:]}.", "info"))
    return _to_plan(round_, service.comment(round_, action, form.text.data, current_user))
