"""The consensus workshop: a round's disagreements shown one at a time, made
for a projector, where the room agrees a level. Each step is a page of its
own with real links, so the workshop works without JavaScript; the
workflows are in ``workshop/service.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from selfassess import access
from selfassess.workshop import service
from selfassess.workshop.forms import RATIONALE_MAX, filled_agree_form

if TYPE_CHECKING:
    from selfassess.data.models import Round

bp = Blueprint("workshop", __name__)


@bp.get("/rounds/<int:round_id>/workshop")
@access.round_report
def start(round_: Round):
    return render_template("workshop/start.html", round_=round_, plan=service.plan(round_))


@bp.route("/rounds/<int:round_id>/workshop/<int:step>", methods=["GET", "POST"])
@access.round_report
def step(round_: Round, step: int):
    current = service.step(round_, step)
    form = filled_agree_form(current.plan.results.questionnaire, current.indicator, current.agreed)
    if form.validate_on_submit():
        outcome = service.record(round_, current, form.value.data, form.rationale.data, current_user)
        flash(outcome.message, outcome.category)
        if current.next is None:
            return redirect(url_for("workshop.start", round_id=round_.id))
        return redirect(url_for("workshop.step", round_id=round_.id, step=current.next))
    return render_template(
        "workshop/step.html",
        round_=round_,
        step=current,
        questionnaire=current.plan.results.questionnaire,
        form=form,
        rationale_max=RATIONALE_MAX,
    )
