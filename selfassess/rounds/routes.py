"""The lead's pages: rounds, invitations, progress, closing and sharing,
responses recorded on someone's behalf, and who leads the partnership.

Every action that changes something is a POST with a CSRF token and ends
with a redirect and a message; the workflows are in ``rounds/service.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from selfassess import access
from selfassess.choices import perspective_choices
from selfassess.outcome import Outcome
from selfassess.plans import service as plans
from selfassess.rounds import reminders as reminding
from selfassess.rounds import service, tasks
from selfassess.rounds.forms import (
    ADD_LEAD,
    CLOSE_UNDERSTOOD_MESSAGE,
    HAND_OVER,
    RECORDED_SOURCES,
    AutomaticRemindersForm,
    CloseRoundForm,
    InviteForm,
    LeadsForm,
    NewRoundForm,
    RecordResponseForm,
    SendRemindersForm,
)

if TYPE_CHECKING:
    from selfassess.data.models import Partnership, Round

bp = Blueprint("rounds", __name__)

STATUS_TEXT = {
    "invited": ("Invited", "grey"),
    "not started": ("Not started", "blue"),
    "started": ("Started", "orange"),
    "reopened": ("Reopened", "orange"),
    "submitted": ("Submitted", "green"),
    "withdrawn": ("Withdrawn", "red"),
}


def _back_to(round_: Round, outcome: Outcome):
    flash(outcome.message, outcome.category)
    return redirect(url_for("rounds.manage", round_id=round_.id))


def _invite_form(round_: Round) -> InviteForm:
    form = InviteForm()
    form.perspective.choices = perspective_choices(service.questionnaire(round_))
    return form


def _render_manage(round_: Round, invite_form: InviteForm):
    summary = service.progress_summary(round_)
    return render_template(
        "rounds/manage.html",
        round_=round_,
        questionnaire=service.questionnaire(round_),
        form=invite_form,
        summary=summary,
        tasks=tasks.task_list(round_, current_user, summary),
        previous_plan=plans.previous_plan(round_),
        status_text=STATUS_TEXT,
        sources=RECORDED_SOURCES,
        other_open=service.other_open_round(round_.partnership_id, other_than=round_),
        shown_link=service.take_shown_link(),
    )


# --- a partnership's rounds ----------------------------------------------------------------


@bp.get("/partnerships/<int:partnership_id>/rounds")
@access.partnership_lead
def partnership_rounds(partnership: Partnership):
    page = service.partnership_rounds(partnership)
    return render_template(
        "rounds/partnership.html",
        partnership=partnership,
        rounds=page.rounds,
        submitted=page.submitted,
        open_round=page.open_round,
        leads=page.leads,
    )


@bp.route("/partnerships/<int:partnership_id>/rounds/new", methods=["GET", "POST"])
@access.partnership_lead
def new_round(partnership: Partnership):
    choices = service.new_round_choices(partnership)
    if choices.open_round is not None or choices.latest is None:
        status = 409 if request.method == "POST" and choices.open_round is not None else 200
        return render_template(
            "rounds/new_round.html",
            partnership=partnership,
            open_round=choices.open_round,
            form=None,
            no_questionnaire=choices.latest is None,
        ), status
    form = NewRoundForm(**service.new_round_defaults(choices.latest))
    form.questionnaire_version.choices = [
        SelectChoice(v.id, f"{v.title}, version {v.version}" + (" (the latest)" if v.id == choices.latest.id else ""))
        for v in choices.versions
    ]
    if form.validate_on_submit():
        round_ = service.open_round(
            partnership,
            form.questionnaire_version.data,
            form.title.data,
            form.opens_on.data,
            form.closes_on.data,
            current_user,
        )
        flash(f"You opened {round_.title}. Now invite people to answer.", "success")
        return redirect(url_for("rounds.manage", round_id=round_.id))
    return render_template(
        "rounds/new_round.html", partnership=partnership, open_round=None, form=form, no_questionnaire=False
    )


# --- one round -------------------------------------------------------------------------------


@bp.get("/rounds/<int:round_id>/manage")
@access.round_lead
def manage(round_: Round):
    return _render_manage(round_, _invite_form(round_))


@bp.post("/rounds/<int:round_id>/invitations")
@access.round_lead
def invite(round_: Round):
    form = _invite_form(round_)
    if round_.is_open and not form.validate_on_submit():
        return _render_manage(round_, form)
    outcome = service.invite(round_, form.email.data or "", form.perspective.data, form.name.data, current_user)
    return _back_to(round_, outcome)


@bp.post("/rounds/<int:round_id>/invitations/<int:invitation_id>/resend")
@access.round_lead
def resend(round_: Round, invitation_id: int):
    return _back_to(round_, service.resend(round_, invitation_id, current_user))


@bp.post("/rounds/<int:round_id>/invitations/<int:invitation_id>/withdraw")
@access.round_lead
def withdraw(round_: Round, invitation_id: int):
    return _back_to(round_, service.withdraw(round_, invitation_id, current_user))


@bp.route("/rounds/<int:round_id>/close", methods=["GET", "POST"])
@access.round_lead
def close(round_: Round):
    if not round_.is_open:
        return _back_to(round_, service.close(round_, current_user))
    warning = reminding.close_warning(round_)
    form = CloseRoundForm()
    if warning.waiting:
        form.understood.validators = [DataRequired(CLOSE_UNDERSTOOD_MESSAGE)]
    if form.validate_on_submit():
        return _back_to(round_, service.close(round_, current_user))
    return render_template("rounds/close.html", round_=round_, form=form, warning=warning)


# --- reminders -------------------------------------------------------------------------------


def _render_reminders(round_: Round, send_form: SendRemindersForm, automatic_form: AutomaticRemindersForm):
    return render_template(
        "rounds/reminders.html",
        round_=round_,
        preview=reminding.preview(round_),
        form=send_form,
        automatic_form=automatic_form,
        status_text=STATUS_TEXT,
    )


@bp.route("/rounds/<int:round_id>/reminders", methods=["GET", "POST"])
@access.round_lead
def reminders(round_: Round):
    form = SendRemindersForm()
    if form.validate_on_submit():
        return _back_to(round_, reminding.send_now(round_, current_user))
    return _render_reminders(round_, form, AutomaticRemindersForm(automatic=round_.auto_reminders))


@bp.post("/rounds/<int:round_id>/reminders/automatic")
@access.round_lead
def automatic_reminders(round_: Round):
    form = AutomaticRemindersForm()
    if form.validate_on_submit():
        outcome = reminding.set_automatic(round_, form.automatic.data, current_user)
        flash(outcome.message, outcome.category)
        return redirect(url_for("rounds.reminders", round_id=round_.id))
    return _render_reminders(round_, SendRemindersForm(), form)


@bp.post("/rounds/<int:round_id>/reopen")
@access.round_lead
def reopen(round_: Round):
    return _back_to(round_, service.reopen(round_, current_user))


@bp.post("/rounds/<int:round_id>/responses/<int:response_id>/reopen")
@access.round_lead
def reopen_response(round_: Round, response_id: int):
    return _back_to(round_, service.reopen_response(round_, response_id, current_user))


@bp.post("/rounds/<int:round_id>/share")
@access.round_lead
def share_results(round_: Round):
    return _back_to(round_, service.share_results(round_, current_user))


@bp.route("/rounds/<int:round_id>/record", methods=["GET", "POST"])
@access.round_lead
def record_response(round_: Round):
    if not round_.is_open:
        message = "The round is closed, so no more answers can be recorded. Reopen it first."
        return _back_to(round_, Outcome(message, "info"))
    form = RecordResponseForm()
    form.source.choices = [SelectChoice(value, label) for value, label in RECORDED_SOURCES.items()]
    form.perspective.choices = perspective_choices(service.questionnaire(round_))
    if form.validate_on_submit():
        response_id = service.record_response(
            round_, current_user, form.perspective.data, form.source.data, form.label.data
        )
        flash("Now enter the answers as the person gave them.", "success")
        return redirect(url_for("answering.recorded_task_list", round_id=round_.id, response_id=response_id))
    return render_template("rounds/record.html", round_=round_, form=form)


# --- who leads the partnership ---------------------------------------------------------------


@bp.route("/partnerships/<int:partnership_id>/leads", methods=["GET", "POST"])
@access.partnership_lead
def leads(partnership: Partnership):
    found = service.leads(partnership)
    form = LeadsForm()
    form.person.choices = [
        SelectChoice(str(m.account_id), f"{m.account.display_name} ({m.account.email})") for m in found.candidates
    ]
    form.action.choices = [
        SelectChoice(HAND_OVER, "Hand over the lead role to them: you stop being a lead"),
        SelectChoice(ADD_LEAD, "Make them a lead as well: you both lead"),
    ]
    posted = request.form.get("person", "") if request.method == "POST" else ""
    if posted and not found.is_member(posted):
        abort(404)  # someone outside the partnership: as if they did not exist
    if found.candidates and form.validate_on_submit():
        chosen = next(m for m in found.candidates if str(m.account_id) == form.person.data)
        if form.action.data == HAND_OVER:
            flash(service.hand_over_lead(partnership, current_user, chosen).message, "success")
            return redirect(url_for("home.index"))
        flash(service.add_lead(partnership, current_user, chosen).message, "success")
        return redirect(url_for("rounds.leads", partnership_id=partnership.id))
    return render_template(
        "rounds/leads.html", partnership=partnership, form=form, leads=found.current, candidates=found.candidates
    )
