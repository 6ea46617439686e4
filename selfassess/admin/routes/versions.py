"""Administration: questionnaire versions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from selfassess import access
from selfassess.admin import versions as service
from selfassess.admin.blueprint import bp
from selfassess.admin.forms import LoadQuestionnaireForm
from selfassess.data import versions


@bp.get("/questionnaires")
@access.admin
def questionnaire_versions():
    return render_template(
        "admin/versions.html",
        versions=versions.all_versions(),
        round_counts=versions.rounds_per_version(),
        files=service.questionnaire_files(),
        folder_exists=service.folder().is_dir(),
        form=LoadQuestionnaireForm(),
    )


@bp.post("/questionnaires/load")
@access.admin
def load_questionnaire():
    form = LoadQuestionnaireForm()
    outcome = service.load(form.name.data, current_user) if form.validate_on_submit() else None
    if outcome is None:
        abort(404)
    flash(outcome.message, outcome.category)
    return redirect(url_for("admin.questionnaire_versions"))
