"""The national picture's published snapshots, the questionnaire version it
covers, and the national-body role (``docs/national.md``)."""

from __future__ import annotations

import functools
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import defer

from selfassess.data.base import db
from selfassess.data.models import Account, NationalSnapshot, QuestionnaireVersion


def current_version() -> QuestionnaireVersion | None:
    """The questionnaire the national picture covers: the most recently
    loaded questionnaire, at its highest major version (the newest version
    loaded of that major, whose text names the domains and questions)."""
    newest = db.session.scalar(select(QuestionnaireVersion).order_by(QuestionnaireVersion.id.desc()).limit(1))
    if newest is None:
        return None
    return db.session.scalar(
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.questionnaire_id == newest.questionnaire_id)
        .order_by(QuestionnaireVersion.major.desc(), QuestionnaireVersion.id.desc())
        .limit(1)
    )


def published() -> list[NationalSnapshot]:
    """Every snapshot, the latest first, its figures and rounds read only when
    asked for (a page lists every snapshot but shows the figures of one or two)."""
    return list(
        db.session.scalars(
            select(NationalSnapshot)
            .options(defer(NationalSnapshot.figures), defer(NationalSnapshot.rounds))
            .order_by(NationalSnapshot.published_at.desc(), NationalSnapshot.id.desc())
        )
    )


def key(snapshot: NationalSnapshot) -> tuple:
    """What identifies a snapshot in a cache (snapshots never change): its id,
    when it was made and the database, so that one deleted and made again
    with the same id (a restore) is another."""
    return (_database(db.engine), snapshot.id, snapshot.created_at_utc)


@functools.cache
def _database(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def on_questionnaire(questionnaire_id: str, major: int) -> list[NationalSnapshot]:
    """The snapshots of one questionnaire and major version, the oldest first."""
    return list(
        db.session.scalars(
            select(NationalSnapshot)
            .where(NationalSnapshot.questionnaire_id == questionnaire_id, NationalSnapshot.major == major)
            .order_by(NationalSnapshot.published_at, NationalSnapshot.id)
        )
    )


def add(
    *,
    questionnaire_id: str,
    major: int,
    published_at: datetime,
    published_by: Account,
    title: str,
    contributing: int,
    rounds: list[list[int]],
    figures: dict,
) -> NationalSnapshot:
    snapshot = NationalSnapshot(
        questionnaire_id=questionnaire_id,
        major=major,
        published_at=published_at,
        published_by=published_by,
        title=title,
        contributing=contributing,
        rounds=rounds,
        figures=figures,
    )
    db.session.add(snapshot)
    db.session.flush()
    return snapshot


def set_national(account: Account, is_national: bool) -> None:
    account.is_national = is_national
