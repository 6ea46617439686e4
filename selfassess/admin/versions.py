"""Administration: questionnaire versions (loaded from the questionnaires
folder, with `selfassess check` problems shown) and the audit log."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from selfassess import access
from selfassess.admin.forms import (
    AuditFilterForm,
    LoadQuestionnaireForm,
)
from selfassess.admin.routes import bp
from selfassess.data import accounts, audit, partnerships, rounds, versions
from selfassess.data.base import db
from selfassess.data.models import QuestionnaireVersion
from selfassess.questionnaire import Problem, QuestionnaireError, check, parse, read_files

AUDIT_LIMIT = 200  # events shown on the audit log page

# --- questionnaire versions --------------------------------------------------------


@dataclass
class QuestionnaireFile:
    """A *.yaml file at the top level of the questionnaires folder, checked."""

    name: str
    path: Path
    problems: list[str] = field(default_factory=list)
    questionnaire_id: str | None = None
    version: str | None = None
    title: str | None = None
    stored: QuestionnaireVersion | None = None
    same_number: QuestionnaireVersion | None = None  # a stored version with this number but other text

    @property
    def loadable(self) -> bool:
        return not self.problems and self.stored is None


def _folder() -> Path:
    return Path(current_app.config["QUESTIONNAIRES_DIR"])


def _listing(folder: Path) -> dict[str, Path]:
    """The only files that may be loaded, by name: a name from a form is looked
    up here, so no path from a form ever reaches the file system."""
    if not folder.is_dir():
        return {}
    return {path.name: path for path in sorted(folder.glob("*.yaml")) if path.is_file()}


def _shown(problem: Problem, folder: Path) -> str:
    """A problem line with the file named from the questionnaires folder, not the server's full path."""
    try:
        relative = os.path.relpath(problem.file, folder)
    except ValueError:
        relative = Path(problem.file).name
    return str(Problem(relative, problem.path, problem.line, problem.message))


def _examine(name: str, path: Path, folder: Path, stored_versions: list[QuestionnaireVersion]) -> QuestionnaireFile:
    """Check one file: its problems are those ``selfassess check`` reports."""
    found = QuestionnaireFile(name, path)
    try:
        files = read_files(path)
        stored = versions.by_sha256(files.sha256)
        if stored is not None:  # valid when stored, and parsed once per process
            questionnaire = versions.questionnaire_for(stored)
        else:
            questionnaire = parse(
                files.questionnaire_text,
                files.themes_text,
                questionnaire_name=files.questionnaire_name,
                themes_name=files.themes_name,
            )
    except QuestionnaireError as error:
        # check() names every problem; a study themes file is valid on its own
        # but is no questionnaire, which read_files() explains.
        found.problems = [_shown(problem, folder) for problem in check(path) or error.problems]
        return found
    found.questionnaire_id, found.version, found.title = questionnaire.id, questionnaire.version, questionnaire.title
    found.stored = stored
    if stored is None:
        found.same_number = next(
            (
                v
                for v in stored_versions
                if v.questionnaire_id == questionnaire.id and v.version == questionnaire.version
            ),
            None,
        )
    return found


def questionnaire_files() -> list[QuestionnaireFile]:
    folder = _folder()
    stored_versions = versions.all_versions()
    return [_examine(name, path, folder, stored_versions) for name, path in _listing(folder).items()]


@bp.get("/questionnaires")
@access.admin
def questionnaire_versions():
    return render_template(
        "admin/versions.html",
        versions=versions.all_versions(),
        round_counts=versions.rounds_per_version(),
        files=questionnaire_files(),
        folder_exists=_folder().is_dir(),
        form=LoadQuestionnaireForm(),
    )


@bp.post("/questionnaires/load")
@access.admin
def load_questionnaire():
    form = LoadQuestionnaireForm()
    if not form.validate_on_submit():
        abort(404)
    folder = _folder()
    path = _listing(folder).get(form.name.data)
    if path is None:
        abort(404)
    name = path.name
    found = _examine(name, path, folder, versions.all_versions())
    if found.problems:
        flash(
            f"{name} has problems, so it was not loaded. Fix the problems listed for it below and try again.", "error"
        )
        return redirect(url_for("admin.questionnaire_versions"))
    try:
        version, new = versions.load_file(path)
    except QuestionnaireError:  # the file changed between the check and the load
        db.session.rollback()
        flash(
            f"{name} has problems, so it was not loaded. Fix the problems listed for it below and try again.", "error"
        )
        return redirect(url_for("admin.questionnaire_versions"))
    if not new:
        flash(
            f"{name} is already loaded, as {version.questionnaire_id} version {version.version} "
            f"(sha256 {version.sha256[:12]}): nothing changed.",
            "info",
        )
        return redirect(url_for("admin.questionnaire_versions"))
    audit.record(
        "loaded questionnaire version",
        actor=current_user,
        file=name,
        questionnaire=version.questionnaire_id,
        version=version.version,
        sha256=version.sha256[:12],
    )
    db.session.commit()
    flash(
        f"Loaded {name} as {version.questionnaire_id} version {version.version}. "
        "New rounds use it; rounds already opened keep the version they were opened on.",
        "success",
    )
    return redirect(url_for("admin.questionnaire_versions"))


# --- audit log --------------------------------------------------------------------


@dataclass
class AuditRow:
    at: Any
    who: str
    action: str
    partnership: str | None
    round: str | None
    detail: list[tuple[str, str]]


@bp.get("/audit")
@access.admin
def audit_log():
    all_partnerships = partnerships.all_partnerships()
    names = {p.id: p.name for p in all_partnerships}
    form = AuditFilterForm(formdata=request.args)
    form.partnership.choices = [SelectChoice("", "All partnerships")] + [
        SelectChoice(str(p.id), p.name) for p in all_partnerships
    ]
    chosen = form.partnership.data or ""
    partnership_id = int(chosen) if chosen.isdigit() and int(chosen) in names else None
    if partnership_id is None:
        form.partnership.data = ""
    events = audit.events(partnership_id=partnership_id, limit=AUDIT_LIMIT)
    round_titles: dict[int, str] = {}
    for event in events:
        if event.round_id is not None and event.round_id not in round_titles:
            found = rounds.get(event.round_id)
            round_titles[event.round_id] = found.title if found is not None else f"Round {event.round_id}"
    rows = [
        AuditRow(
            at=event.at,
            who=event.actor.display_name if event.actor is not None else "Nobody signed in",
            action=event.action,
            partnership=names.get(event.partnership_id) if event.partnership_id is not None else None,
            round=round_titles.get(event.round_id) if event.round_id is not None else None,
            detail=_detail(event.detail),
        )
        for event in events
    ]
    chosen_name = names.get(partnership_id) if partnership_id is not None else None
    return render_template("admin/audit.html", form=form, rows=rows, chosen_name=chosen_name, limit=AUDIT_LIMIT)


def _detail(detail: str | None) -> list[tuple[str, str]]:
    """An event's detail as readable pairs; a person is shown by their current
    display name, so an erased person reads "Erased person N"."""
    if not detail:
        return []
    try:
        values = json.loads(detail)
    except ValueError:
        return [("Detail", detail)]
    if not isinstance(values, dict):
        return [("Detail", str(values))]
    pairs = []
    for key, value in values.items():
        if key == "account_id" and isinstance(value, int):
            account = accounts.get(value)
            pairs.append(("Person", account.display_name if account is not None else f"Person {value}"))
        else:
            pairs.append((key.replace("_", " ").capitalize(), value if isinstance(value, str) else json.dumps(value)))
    return pairs
