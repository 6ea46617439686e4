"""The lead's pages: rounds, invitations, progress, closing and sharing,
responses recorded on someone's behalf, and who leads the partnership.

Every action that changes something is a POST with a CSRF token, is audited
in the same transaction, and ends with a redirect and a message. An
invitation or response id in a URL must belong to the round in the URL, or
the answer is "Page not found", as for any id the lead may not see.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from selfassess import access, disclosure, mail, tokens
from selfassess.data import accounts, audit, invitations, responses, rounds, versions
from selfassess.data.base import db
from selfassess.data.models import Invitation, Partnership, Response, Role, Round
from selfassess.presentation import long_date
from selfassess.questionnaire import Questionnaire
from selfassess.rounds.forms import (
    ADD_LEAD,
    HAND_OVER,
    RECORDED_SOURCES,
    CloseRoundForm,
    InviteForm,
    LeadsForm,
    NewRoundForm,
    RecordResponseForm,
)

bp = Blueprint("rounds", __name__)

# A link shown once on the round page in development, where no email goes out.
_SHOWN_LINK = "rounds_shown_link"

STATUS_TEXT = {
    "invited": ("Invited", "grey"),
    "not started": ("Not started", "blue"),
    "started": ("Started", "orange"),
    "submitted": ("Submitted", "green"),
    "withdrawn": ("Withdrawn", "red"),
}


# --- helpers ----------------------------------------------------------------------


def _questionnaire(round_: Round) -> Questionnaire:
    return versions.questionnaire_for(round_.questionnaire_version)


def _perspective_choices(questionnaire: Questionnaire) -> list[SelectChoice]:
    return [SelectChoice(p.id, p.label) for p in questionnaire.perspectives]


def _invitation_in(round_: Round, invitation_id: int) -> Invitation:
    invitation = invitations.get(invitation_id)
    if invitation is None or invitation.round_id != round_.id:
        abort(404)
    return invitation


def _response_in(round_: Round, response_id: int) -> Response:
    response = responses.get(response_id)
    if response is None or response.round_id != round_.id:
        abort(404)
    return response


def _open_round(partnership_id: int, other_than: Round | None = None) -> Round | None:
    found = rounds.open_rounds_for_partnerships([partnership_id])
    return next((r for r in found if other_than is None or r.id != other_than.id), None)


def _back_to(round_: Round, message: str, category: str = "success"):
    flash(message, category)
    return redirect(url_for("rounds.manage", round_id=round_.id))


def _send_invitation(invitation: Invitation) -> None:
    """Email the invitation's link; in development, also keep it to show on the page."""
    token = tokens.make("invitation", {"i": invitation.id, "n": invitation.nonce})
    link = url_for("auth.accept_invitation", token=token, _external=True)
    round_ = invitation.round
    questionnaire = _questionnaire(round_)
    days = current_app.config["INVITATION_DAYS"]
    has_account = invitation.account.password_hash is not None
    next_step = (
        "To start, open this link and sign in" if has_account else "To set up your account and start, open this link"
    )
    mail.send(
        invitation.email or "",
        f"You are invited to {round_.partnership.name}'s self-assessment",
        f"{current_user.display_name} has invited you to take part in {round_.title}, "
        f"{round_.partnership.name}'s self-assessment of co-production: how well the partnership "
        f"designs and delivers care together with the people who use it, carers and communities.\n\n"
        f"You will answer from your own point of view, as "
        f"{questionnaire.perspective_label(invitation.perspective)}. It takes about 30 minutes, "
        f"and you can stop and come back at any time. The round closes on {long_date(round_.closes_on)}.\n\n"
        f"{next_step} within {days} days:\n{link}\n\n"
        f"The link works once. If it has stopped working, ask {current_user.display_name} to send a new one.",
    )
    if mail.shows_links_on_page():
        session[_SHOWN_LINK] = {"email": invitation.email, "url": link}


def _progress_summary(round_: Round) -> dict[str, Any]:
    people_progress = responses.progress(round_)
    recorded = responses.recorded_in_round(round_)
    statuses = [p.status for p in people_progress]
    submitted_total = responses.submitted_count(round_.id)
    return {
        "respondents": people_progress,
        "recorded": recorded,
        "invited": sum(1 for p in people_progress if p.invitation is not None and p.status != "withdrawn"),
        "not_started": statuses.count("invited") + statuses.count("not started"),
        "started": statuses.count("started"),
        "submitted": statuses.count("submitted"),
        "recorded_submitted": sum(1 for r in recorded if r.is_submitted),
        "submitted_total": submitted_total,
        "enough": disclosure.enough_responses(submitted_total),
        "min_responses": disclosure.MIN_RESPONSES,
    }


def _invite_form(questionnaire: Questionnaire) -> InviteForm:
    form = InviteForm()
    form.perspective.choices = _perspective_choices(questionnaire)
    return form


def _render_manage(round_: Round, invite_form: InviteForm, status: int = 200):
    questionnaire = _questionnaire(round_)
    return render_template(
        "rounds/manage.html",
        round_=round_,
        questionnaire=questionnaire,
        form=invite_form,
        summary=_progress_summary(round_),
        status_text=STATUS_TEXT,
        sources=RECORDED_SOURCES,
        other_open=_open_round(round_.partnership_id, other_than=round_),
        shown_link=session.pop(_SHOWN_LINK, None),
    ), status


# --- a partnership's rounds ----------------------------------------------------------------


@bp.get("/partnerships/<int:partnership_id>/rounds")
@access.partnership_lead
def partnership_rounds(partnership: Partnership):
    partnership_rounds = rounds.for_partnership(partnership.id)
    return render_template(
        "rounds/partnership.html",
        partnership=partnership,
        rounds=partnership_rounds,
        submitted={r.id: responses.submitted_count(r.id) for r in partnership_rounds},
        open_round=next((r for r in partnership_rounds if r.is_open), None),
        leads=accounts.leads(partnership.id),
    )


@bp.route("/partnerships/<int:partnership_id>/rounds/new", methods=["GET", "POST"])
@access.partnership_lead
def new_round(partnership: Partnership):
    open_round = _open_round(partnership.id)
    stored_versions = versions.all_versions()
    latest = versions.latest()
    if open_round is not None or latest is None:
        status = 409 if request.method == "POST" and open_round is not None else 200
        return render_template(
            "rounds/new_round.html",
            partnership=partnership,
            open_round=open_round,
            form=None,
            no_questionnaire=latest is None,
        ), status
    today = date.today()
    form = NewRoundForm(
        title=f"Self-assessment {today.year}",
        opens_on=today,
        closes_on=today + timedelta(weeks=6),
        questionnaire_version=latest.id,
    )
    form.questionnaire_version.choices = [
        SelectChoice(v.id, f"{v.title}, version {v.version}" + (" (the latest)" if v.id == latest.id else ""))
        for v in stored_versions
    ]
    if form.validate_on_submit():
        version = versions.get(form.questionnaire_version.data)
        if version is None:  # pragma: no cover - the choices come from the stored versions
            abort(404)
        # A round a demo lead opens is demo data too, so `selfassess demo --reset` can clear it.
        round_ = rounds.create(
            partnership,
            version,
            form.title.data,
            form.opens_on.data,
            form.closes_on.data,
            is_demo=current_user.is_demo,
        )
        audit.record(
            "opened round",
            actor=current_user,
            partnership_id=partnership.id,
            round_id=round_.id,
            title=round_.title,
            questionnaire_version=version.version,
        )
        db.session.commit()
        flash(f"You opened {round_.title}. Now invite people to answer.", "success")
        return redirect(url_for("rounds.manage", round_id=round_.id))
    return render_template(
        "rounds/new_round.html", partnership=partnership, open_round=None, form=form, no_questionnaire=False
    )


# --- one round -------------------------------------------------------------------------------


@bp.get("/rounds/<int:round_id>/manage")
@access.round_lead
def manage(round_: Round):
    form = _invite_form(_questionnaire(round_))
    return _render_manage(round_, form)


@bp.post("/rounds/<int:round_id>/invitations")
@access.round_lead
def invite(round_: Round):
    form = _invite_form(_questionnaire(round_))
    if not round_.is_open:
        return _back_to(round_, "The round is closed, so nobody new can be invited. Reopen it first.", "info")
    if not form.validate_on_submit():
        return _render_manage(round_, form)
    email = accounts.normalise_email(form.email.data)
    existing = next(
        (i for i in invitations.for_round(round_) if i.email == email and i.withdrawn_at is None),
        None,
    )
    if existing is not None:
        # Already invited: a new link, with the perspective chosen now.
        existing.perspective = form.perspective.data
        invitations.resend(existing)
        invitation = existing
    else:
        invitation = invitations.invite(round_, email, form.perspective.data, current_user, form.name.data or None)
    audit.record(
        "invited" if existing is None else "resent invitation",
        actor=current_user,
        partnership_id=round_.partnership_id,
        round_id=round_.id,
        invitation_id=invitation.id,
        perspective=invitation.perspective,
    )
    _send_invitation(invitation)
    db.session.commit()
    if existing is not None:
        return _back_to(round_, f"{email} was already invited. We sent a new link; the old one no longer works.")
    return _back_to(round_, f"We sent an invitation to {email}.")


@bp.post("/rounds/<int:round_id>/invitations/<int:invitation_id>/resend")
@access.round_lead
def resend(round_: Round, invitation_id: int):
    invitation = _invitation_in(round_, invitation_id)
    if invitation.withdrawn_at is not None or invitation.email is None:
        return _back_to(
            round_, "That invitation was withdrawn. To invite the person again, use the invite form.", "info"
        )
    if not round_.is_open:
        return _back_to(round_, "The round is closed, so there is no point sending a new link.", "info")
    invitations.resend(invitation)
    audit.record_round("resent invitation", round_, current_user, invitation_id=invitation.id)
    _send_invitation(invitation)
    db.session.commit()
    return _back_to(round_, f"We sent a new link to {invitation.email}. The old link no longer works.")


@bp.post("/rounds/<int:round_id>/invitations/<int:invitation_id>/withdraw")
@access.round_lead
def withdraw(round_: Round, invitation_id: int):
    invitation = _invitation_in(round_, invitation_id)
    if invitation.withdrawn_at is not None:
        return _back_to(round_, "That invitation was already withdrawn.", "info")
    invitations.withdraw(invitation)
    audit.record_round("withdrew invitation", round_, current_user, invitation_id=invitation.id)
    db.session.commit()
    who = invitation.email or invitation.account.display_name
    return _back_to(round_, f"You withdrew the invitation to {who}. Their link no longer works.")


@bp.route("/rounds/<int:round_id>/close", methods=["GET", "POST"])
@access.round_lead
def close(round_: Round):
    if not round_.is_open:
        return _back_to(round_, "The round is already closed.", "info")
    form = CloseRoundForm()
    if form.validate_on_submit():
        rounds.close(round_)
        audit.record_round("closed round", round_, current_user)
        db.session.commit()
        return _back_to(
            round_,
            f"You closed {round_.title}. Now share the results with everyone who took part.",
        )
    return render_template("rounds/close.html", round_=round_, form=form, summary=_progress_summary(round_))


@bp.post("/rounds/<int:round_id>/reopen")
@access.round_lead
def reopen(round_: Round):
    if round_.is_open:
        return _back_to(round_, "The round is already open.", "info")
    other = _open_round(round_.partnership_id, other_than=round_)
    if other is not None:
        return _back_to(
            round_,
            f"{other.title} is open. A partnership can have only one open round: close {other.title} first.",
            "info",
        )
    was_shared = round_.results_shared_at is not None
    rounds.reopen(round_)
    audit.record_round("reopened round", round_, current_user)
    db.session.commit()
    message = f"You reopened {round_.title}. People can answer and change their answers again."
    if was_shared:
        message += " The results are no longer shared: share them again after you close the round."
    return _back_to(round_, message)


@bp.post("/rounds/<int:round_id>/responses/<int:response_id>/reopen")
@access.round_lead
def reopen_response(round_: Round, response_id: int):
    response = _response_in(round_, response_id)
    if not round_.is_open:
        return _back_to(round_, "The round is closed, so answers cannot be changed. Reopen the round first.", "info")
    if not response.is_submitted:
        return _back_to(round_, "Those answers have not been submitted, so they can still be changed.", "info")
    responses.reopen(response)
    audit.record_round("reopened response", round_, current_user, response_id=response.id)
    db.session.commit()
    if response.respondent is not None:
        who = response.respondent.display_name
        return _back_to(round_, f"{who} can change their answers now. They need to submit them again to count.")
    return _back_to(round_, "You can change the recorded answers now. Submit them again for them to count.")


@bp.post("/rounds/<int:round_id>/share")
@access.round_lead
def share_results(round_: Round):
    if round_.is_open:
        return _back_to(round_, "Close the round before you share its results.", "info")
    if round_.results_shared_at is not None:
        return _back_to(round_, "The results are already shared.", "info")
    rounds.share_results(round_)
    audit.record_round("shared results", round_, current_user)
    db.session.commit()
    return _back_to(round_, "You shared the results. Everyone who took part can now see them when they sign in.")


@bp.route("/rounds/<int:round_id>/record", methods=["GET", "POST"])
@access.round_lead
def record_response(round_: Round):
    if not round_.is_open:
        return _back_to(round_, "The round is closed, so no more answers can be recorded. Reopen it first.", "info")
    questionnaire = _questionnaire(round_)
    form = RecordResponseForm()
    form.source.choices = [SelectChoice(value, label) for value, label in RECORDED_SOURCES.items()]
    form.perspective.choices = _perspective_choices(questionnaire)
    if form.validate_on_submit():
        response = responses.record_on_behalf(
            round_, current_user, form.perspective.data, form.source.data, form.label.data
        )
        audit.record_round(
            "started recorded response",
            round_,
            current_user,
            response_id=response.id,
            source=response.recorded_from,
            perspective=response.perspective,
        )
        db.session.commit()
        flash("Now enter the answers as the person gave them.", "success")
        return redirect(url_for("answering.recorded_task_list", round_id=round_.id, response_id=response.id))
    return render_template("rounds/record.html", round_=round_, form=form)


# --- who leads the partnership ---------------------------------------------------------------


@bp.route("/partnerships/<int:partnership_id>/leads", methods=["GET", "POST"])
@access.partnership_lead
def leads(partnership: Partnership):
    members = accounts.members(partnership.id)
    current_leads = [m for m in members if m.role == Role.LEAD]
    candidates = [m for m in members if m.role != Role.LEAD and m.account.is_active]
    form = LeadsForm()
    form.person.choices = [
        SelectChoice(str(m.account_id), f"{m.account.display_name} ({m.account.email})") for m in candidates
    ]
    form.action.choices = [
        SelectChoice(HAND_OVER, "Hand over the lead role to them: you stop being a lead"),
        SelectChoice(ADD_LEAD, "Make them a lead as well: you both lead"),
    ]
    if request.method == "POST":
        posted = request.form.get("person", "")
        if posted and not any(str(m.account_id) == posted for m in members):
            abort(404)  # someone outside the partnership: as if they did not exist
    if candidates and form.validate_on_submit():
        chosen = next(m for m in candidates if str(m.account_id) == form.person.data)
        successor = chosen.account
        if form.action.data == HAND_OVER:
            accounts.hand_over_lead(current_user, successor, partnership)
            audit.record(
                "handed over lead role",
                actor=current_user,
                partnership_id=partnership.id,
                to_account_id=successor.id,
            )
            db.session.commit()
            flash(
                f"{successor.display_name} now leads {partnership.name}'s self-assessment. "
                "You are no longer a lead; you can still answer as a respondent.",
                "success",
            )
            return redirect(url_for("home.index"))
        accounts.add_member(successor, partnership, chosen.perspective, Role.LEAD)
        audit.record("made lead", actor=current_user, partnership_id=partnership.id, account_id=successor.id)
        db.session.commit()
        flash(f"{successor.display_name} is now a lead of {partnership.name} as well as you.", "success")
        return redirect(url_for("rounds.leads", partnership_id=partnership.id))
    return render_template(
        "rounds/leads.html", partnership=partnership, form=form, leads=current_leads, candidates=candidates
    )
