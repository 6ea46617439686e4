"""A round's action plan: the lead drafts, adds, changes and removes
actions; the partnership's adviser reads and comments. The workflows are
in ``plans/service.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, render_template

from selfassess import access
from selfassess.plans import service

if TYPE_CHECKING:
    from selfassess.data.models import Round

bp = Blueprint("plans", __name__)


@bp.get("/rounds/<int:round_id>/plan")
@access.round_report
def plan(round_: Round):
    return render_template("plans/plan.html", round_=round_, plan=service.plan_for(round_))
