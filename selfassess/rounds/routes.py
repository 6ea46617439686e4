"""The lead's pages: rounds, invitations, progress, closing and sharing."""

from __future__ import annotations

from flask import Blueprint, render_template

from selfassess import access
from selfassess.data import rounds
from selfassess.data.models import Partnership, Round

bp = Blueprint("rounds", __name__)


@bp.get("/partnerships/<int:partnership_id>/rounds")
@access.partnership_lead
def partnership_rounds(partnership: Partnership):
    return render_template(
        "rounds/partnership.html", partnership=partnership, rounds=rounds.for_partnership(partnership.id)
    )


@bp.get("/rounds/<int:round_id>/manage")
@access.round_lead
def manage(round_: Round):
    return render_template("rounds/manage.html", round_=round_)
