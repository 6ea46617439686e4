"""The consensus workshop: a round's disagreements shown one at a time, made
for a projector, where the room agrees a level. The workflows are in
``workshop/service.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, render_template

from selfassess import access
from selfassess.workshop import service

if TYPE_CHECKING:
    from selfassess.data.models import Round

bp = Blueprint("workshop", __name__)


@bp.get("/rounds/<int:round_id>/workshop")
@access.round_report
def start(round_: Round):
    plan = service.plan(round_)
    return render_template("workshop/start.html", round_=round_, plan=plan)
