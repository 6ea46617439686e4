"""The home page for each kind of person, and the public information pages."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template
from flask_login import current_user

from selfassess import access
from selfassess.data import accounts, health, responses, rounds, versions
from selfassess.questionnaire import load

bp = Blueprint("home", __name__)


@bp.get("/")
@access.public
def index():
    if not current_user.is_authenticated:
        return render_template("home/welcome.html")
    memberships = accounts.memberships(current_user)
    partnership_rounds = {}
    my_responses = {}
    for membership in memberships:
        partnership_rounds[membership.partnership_id] = rounds.for_partnership(membership.partnership_id)
        for round_ in partnership_rounds[membership.partnership_id]:
            my_responses[round_.id] = responses.for_person(round_, current_user)
    return render_template(
        "home/index.html",
        memberships=memberships,
        partnership_rounds=partnership_rounds,
        my_responses=my_responses,
        can_see_results=access.can_see_results,
    )


@bp.get("/about")
@access.public
def about():
    version = versions.latest()
    questionnaire = (
        versions.questionnaire_for(version)
        if version is not None
        else load(f"{current_app.config['QUESTIONNAIRES_DIR']}/{current_app.config['DEFAULT_QUESTIONNAIRE']}")
    )
    return render_template("home/about.html", questionnaire=questionnaire)


@bp.get("/favicon.ico")
@access.public
def favicon():
    # Pages name their icon; this is for clients that ask for /favicon.ico anyway.
    return redirect(current_app.jinja_env.globals["asset_url"]("favicon.svg"), code=301)


@bp.get("/privacy")
@access.public
def privacy():
    return render_template("home/privacy.html")


@bp.get("/accessibility")
@access.public
def accessibility():
    return render_template("home/accessibility.html")


@bp.get("/healthz")
@access.public
def healthz():
    """For a load balancer: 200 when the database answers, 503 when it does not."""
    if not health.database_answers():
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}
