"""Results of a round, and the adviser dashboard."""

from __future__ import annotations

from flask import Blueprint, render_template

from selfassess import access
from selfassess.data.models import Round

bp = Blueprint("results", __name__)


@bp.get("/rounds/<int:round_id>/results")
@access.round_results
def show(round_: Round):
    return render_template("results/show.html", round_=round_)


@bp.get("/adviser")
@access.adviser
def dashboard():
    return render_template("results/dashboard.html")
