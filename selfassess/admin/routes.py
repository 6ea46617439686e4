"""Administration: partnerships, people and roles, questionnaire versions."""

from __future__ import annotations

from flask import Blueprint, render_template

from selfassess import access

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@access.admin
def index():
    return render_template("admin/index.html")
