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
from selfassess.plans.forms import date_hint
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
    OpenRoundForm,
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


def _new_round_page(partnership: Partnership, choices: service.NewRoundChoices, form, status: int = 200, **extra):
    return render_template(
        "rounds/new_round.html",
        partnership=partnership,
        open_round=choices.open_round,
        is_lead=choices.is_lead,
        form=form,
        no_questionnaire=choices.latest is None,
        date_hint=date_hint(),
        **extra,
    ), status


def _refused(partnership: Partnership, choices: service.NewRoundChoices):
    """The page when no round may be opened: one is open, or there is no questionnaire."""
    if choices.open_round is None and choices.latest is not None:
        return None
    status = 409 if request.method == "POST" and choices.open_round is not None else 200
    return _new_round_page(partnership, choices, None, status)


def _new_round_form(form_class: type[NewRoundForm], choices: service.NewRoundChoices, **kwargs) -> NewRoundForm:
    form = form_class(**service.new_round_defaults(choices.latest), **kwargs)
    form.questionnaire_version.choices = [
        SelectChoice(v.id, f"{v.title}, version {v.version}" + (" (the latest)" if v.id == choices.latest.id else ""))
        for v in choices.versions
    ]
    return form


def _new_round(form: NewRoundForm) -> service.NewRound:
    return service.NewRound(form.questionnaire_version.data, form.title.data, form.opens_on.data, form.closes_on.data)


def _posted_values(new: service.NewRound) -> dict[str, str]:
    """The form's fields as the check page posts them, and as a Change link's query."""
    values = {"title": new.title, "questionnaire_version": str(new.version_id)}
    for name, day in (("opens_on", new.opens_on), ("closes_on", new.closes_on)):
        values |= {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}
    return values


@bp.route("/partnerships/<int:partnership_id>/rounds/new", methods=["GET", "POST"])
@access.partnership_lead_or_admin
def new_round(partnership: Partnership):
    """The form, then (valid) the check page; nothing is stored until its button.
    A "Change" link of the check page comes back with the values in its query."""
    choices = service.new_round_choices(partnership, current_user)
    if (refused := _refused(partnership, choices)) is not None:
        return refused
    if request.method == "GET" and request.args:
        form = _new_round_form(NewRoundForm, choices, formdata=request.args)
    else:
        form = _new_round_form(NewRoundForm, choices)
    if not form.validate_on_submit():
        return _new_round_page(partnership, choices, form)
    new = _new_round(form)
    values = _posted_values(new)
    return render_template(
        "rounds/check_new_round.html",
        partnership=partnership,
        form=form,
        new=new,
        values=values | {"checked": new.signed(partnership)},
        change=url_for("rounds.new_round", partnership_id=partnership.id, **values),
        version_label=next(c.label for c in form.questionnaire_version.choices if c.value == new.version_id),
        is_lead=choices.is_lead,
    )


@bp.post("/partnerships/<int:partnership_id>/rounds/new/open")
@access.partnership_lead_or_admin
def open_checked(partnership: Partnership):
    """The check page's "Open the round": its values are validated again and
    must be those it showed; a round opened meanwhile (another tab) is refused."""
    choices = service.new_round_choices(partnership, current_user)
    if (refused := _refused(partnership, choices)) is not None:
        return refused
    form = _new_round_form(OpenRoundForm, choices)
    if not form.validate_on_submit() or not _new_round(form).as_checked(partnership, form.checked.data):
        return _new_round_page(partnership, choices, form, 400, changed=True)
    opened = service.open_round(partnership, _new_round(form), current_user)
    if opened.round_ is None:
        return _new_round_page(partnership, service.new_round_choices(partnership, current_user), None, 409)
    flash(opened.outcome.message, opened.outcome.category)
    if opened.by_lead:
        return redirect(url_for("rounds.manage", round_id=opened.round_.id))
    return redirect(url_for("admin.partnership_list"))


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
