"""Questionnaire versions: the exact files a round was opened on."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from selfassess import cache
from selfassess.data.base import db
from selfassess.data.models import QuestionnaireVersion, Round
from selfassess.questionnaire import Questionnaire, QuestionnaireFiles, parse, read_files

_parsed = cache.named("questionnaires", 64)


def questionnaire_for(version: QuestionnaireVersion) -> Questionnaire:
    """The validated questionnaire of a stored version. Parsed once per
    process: a stored version never changes, so its hash is a safe key."""
    return _parsed.get_or_make(
        version.sha256,
        lambda: parse(
            version.content,
            version.themes_content,
            questionnaire_name=version.source_name,
            themes_name=version.themes_name,
        ),
    )


def comparable(a: Questionnaire, b: Questionnaire) -> bool:
    """Scores on these two questionnaires can be compared: the same
    questionnaire and major version (``rounds.same_questionnaire`` is the
    same rule as a query)."""
    return a.id == b.id and a.major == b.major


def get(version_id: int) -> QuestionnaireVersion | None:
    return db.session.get(QuestionnaireVersion, version_id)


def by_sha256(sha256: str) -> QuestionnaireVersion | None:
    return db.session.scalar(select(QuestionnaireVersion).where(QuestionnaireVersion.sha256 == sha256))


def rounds_per_version() -> dict[int, int]:
    """How many rounds use each stored version (versions no round uses are left out)."""
    query = select(Round.questionnaire_version_id, func.count(Round.id)).group_by(Round.questionnaire_version_id)
    return dict(db.session.execute(query).all())


def all_versions() -> list[QuestionnaireVersion]:
    return list(
        db.session.scalars(
            select(QuestionnaireVersion).order_by(
                QuestionnaireVersion.questionnaire_id, QuestionnaireVersion.created_at_utc.desc()
            )
        )
    )


def latest(questionnaire_id: str | None = None) -> QuestionnaireVersion | None:
    """The most recently loaded version (of one questionnaire, if given)."""
    query = select(QuestionnaireVersion).order_by(QuestionnaireVersion.id.desc()).limit(1)
    if questionnaire_id is not None:
        query = query.where(QuestionnaireVersion.questionnaire_id == questionnaire_id)
    return db.session.scalar(query)


def store(files: QuestionnaireFiles) -> tuple[QuestionnaireVersion, bool]:
    """Store a questionnaire's files as a version, unless identical files are
    stored already. Returns the version and whether it is new. Raises
    QuestionnaireError when the files are not valid."""
    questionnaire = parse(
        files.questionnaire_text,
        files.themes_text,
        questionnaire_name=files.questionnaire_name,
        themes_name=files.themes_name,
    )
    existing = db.session.scalar(select(QuestionnaireVersion).where(QuestionnaireVersion.sha256 == files.sha256))
    if existing is not None:
        return existing, False
    version = QuestionnaireVersion(
        questionnaire_id=questionnaire.id,
        version=questionnaire.version,
        major=questionnaire.major,
        title=questionnaire.title,
        source_name=Path(files.questionnaire_name).name,
        content=files.questionnaire_text,
        themes_name=Path(files.themes_name).name,
        themes_content=files.themes_text,
        sha256=files.sha256,
    )
    db.session.add(version)
    db.session.flush()
    return version, True


def load_file(path: str | Path, root: str | Path | None = None) -> tuple[QuestionnaireVersion, bool]:
    """Store a questionnaire file, whose themes file must be inside ``root`` (see ``read_files``)."""
    return store(read_files(path, root))
