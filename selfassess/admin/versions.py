"""Questionnaire versions on the administrator's pages: the files in the
questionnaires folder, each checked as ``selfassess check`` checks it, and
loading one as a version new rounds can use."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from selfassess.data import audit, transaction, versions
from selfassess.data.models import Account, QuestionnaireVersion
from selfassess.outcome import Outcome
from selfassess.questionnaire import Problem, QuestionnaireError, check, parse, read_files


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


def folder() -> Path:
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
        files = read_files(path, folder)
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
        found.problems = [_shown(problem, folder) for problem in check(path, folder) or error.problems]
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
    where = folder()
    stored_versions = versions.all_versions()
    return [_examine(name, path, where, stored_versions) for name, path in _listing(where).items()]


def load(name: str, admin: Account) -> Outcome | None:
    """Load a file of the questionnaires folder by name (None: no such file).
    A file with problems is not loaded; loading it again changes nothing."""
    path = _listing(folder()).get(name)
    if path is None:
        return None
    problems = f"{path.name} has problems, so it was not loaded. Fix the problems listed for it below and try again."
    if _examine(path.name, path, folder(), versions.all_versions()).problems:
        return Outcome(problems, "error")
    try:
        version, new = versions.load_file(path, folder())
    except QuestionnaireError:  # the file changed between the check and the load
        transaction.rollback()
        return Outcome(problems, "error")
    if not new:
        return Outcome(
            f"{path.name} is already loaded, as {version.questionnaire_id} version {version.version} "
            f"(sha256 {version.sha256[:12]}): nothing changed.",
            "info",
        )
    audit.commit(
        "loaded questionnaire version",
        actor=admin,
        file=path.name,
        questionnaire=version.questionnaire_id,
        version=version.version,
        sha256=version.sha256[:12],
    )
    return Outcome(
        f"Loaded {path.name} as {version.questionnaire_id} version {version.version}. "
        "New rounds use it; rounds already opened keep the version they were opened on."
    )
