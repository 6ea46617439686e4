"""Assessment rounds: opening, closing, sharing results, and finding the
rounds a round is compared with (its own previous round, and peers)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Engine, bindparam, func, inspect, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.util import identity_key

from selfassess import scoring
from selfassess.data.base import db, utcnow
from selfassess.data.models import Partnership, QuestionnaireVersion, Round, RoundStatus

# Built once: every page of a round reads it (access._round_rule).
_BY_ID = (
    select(Round)
    .options(joinedload(Round.partnership), joinedload(Round.questionnaire_version))
    .where(Round.id == bindparam("round_id"))
)


def get(round_id: int) -> Round | None:
    known = db.session.identity_map.get(identity_key(Round, round_id))
    if known is not None and not inspect(known).expired:
        return known  # as Session.get: no query for a round this request has read
    return db.session.scalar(_BY_ID, {"round_id": round_id})


def by_ids(ids: set[int]) -> dict[int, Round]:
    """The rounds with these ids, with their questionnaire versions, in one query."""
    if not ids:
        return {}
    query = select(Round).options(joinedload(Round.questionnaire_version)).where(Round.id.in_(ids))
    return {r.id: r for r in db.session.scalars(query)}


def counts_by_partnership() -> dict[int, int]:
    """How many rounds each partnership has had (those with none are left out)."""
    query = select(Round.partnership_id, func.count(Round.id)).group_by(Round.partnership_id)
    return dict(db.session.execute(query).all())


def for_partnership(partnership_id: int) -> list[Round]:
    return list(
        db.session.scalars(
            select(Round)
            .options(joinedload(Round.questionnaire_version))
            .where(Round.partnership_id == partnership_id)
            .order_by(Round.opens_on.desc(), Round.id.desc())
        )
    )


def for_partnerships(partnership_ids: list[int]) -> list[Round]:
    return list(
        db.session.scalars(
            select(Round)
            .options(joinedload(Round.questionnaire_version), joinedload(Round.partnership))
            .where(Round.partnership_id.in_(partnership_ids))
            .order_by(Round.partnership_id, Round.opens_on.desc(), Round.id.desc())
        )
    )


def _latest(where: list) -> list[Round]:
    """Each partnership's latest round among those matching ``where``: one
    query, the latest chosen by the database (a window function)."""
    ranked = _ranked(where)
    return list(
        db.session.scalars(
            select(Round)
            .join(ranked, ranked.c.id == Round.id)
            .where(ranked.c.place == 1)
            .options(joinedload(Round.questionnaire_version), joinedload(Round.partnership))
            .order_by(Round.partnership_id)
        )
    )


def _ranked(where: list):
    """Rounds matching ``where``, each with its place (1 the latest) among its partnership's."""
    return (
        select(
            Round.id,
            func.row_number()
            .over(partition_by=Round.partnership_id, order_by=(Round.opens_on.desc(), Round.id.desc()))
            .label("place"),
        )
        .join(QuestionnaireVersion)
        .where(*where)
        .subquery()
    )


def latest_for_partnerships(partnership_ids: list[int]) -> dict[int, Round]:
    """Each partnership's most recent round (open or closed)."""
    if not partnership_ids:
        return {}
    return {r.partnership_id: r for r in _latest([Round.partnership_id.in_(partnership_ids)])}


def with_results(latest: dict[int, Round]) -> dict[int, Round]:
    """For each partnership's latest round (``latest_for_partnerships``), the
    latest round with released results: the round itself when it has them,
    an earlier one when it has not (an open round has none until it closes),
    or the round itself again when no round of the partnership has any."""
    missing = [partnership_id for partnership_id, r in latest.items() if r.released_at is None]
    if not missing:
        return latest
    released = _latest([Round.partnership_id.in_(missing), Round.released_at.is_not(None)])
    return {**latest, **{r.partnership_id: r for r in released}}


def create(
    partnership: Partnership,
    version: QuestionnaireVersion,
    title: str,
    opens_on: date,
    closes_on: date,
    *,
    is_demo: bool = False,
) -> Round:
    round_ = Round(
        partnership=partnership,
        questionnaire_version=version,
        title=title.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        status=RoundStatus.OPEN,
        is_demo=is_demo,
    )
    db.session.add(round_)
    db.session.flush()
    return round_


def results_key(round_: Round) -> tuple:
    """What identifies a round's results in a cache: the same key, the same
    results. ``results_version`` changes with everything in the database the
    results depend on (a submission, closing, reopening, an agreed level, an
    erasure); the scoring method and the questionnaire's ``cache_key`` (its
    id, version and text) with what the code and the file do; the database
    and the round's creation time tell apart a round deleted and made again
    with the same id (demo --reset, a restore)."""
    version = round_.questionnaire_version
    return _results_key(
        round_.id,
        round_.created_at_utc,
        round_.results_version,
        version.questionnaire_id,
        version.version,
        version.sha256,
    )


def _results_key(
    round_id: int, created_at: datetime, results_version: int, questionnaire_id: str, version: str, sha256: str
) -> tuple:
    # (questionnaire_id, version, sha256) is the questionnaire's cache_key:
    # the sha256 of a stored version is the fingerprint of its text.
    database = _database(db.engine)
    return (database, round_id, created_at, results_version, scoring.METHOD, (questionnaire_id, version, sha256))


@functools.cache
def _database(engine: Engine) -> str:
    """The database an engine reaches, as a string: hashed and compared
    hundreds of times a request in keys, which a URL object does slowly.
    (The cache holds the engine, so its identity cannot be reused.)"""
    return engine.url.render_as_string(hide_password=True)


def results_generation() -> tuple:
    """A value that changes whenever any round's results may have changed,
    or a round was made or deleted: what is worked out from several rounds
    (a round's previous round, its peers) is current while this stays the
    same. Every change to results bumps a round's ``results_version`` (see
    ``changed``), which writes the row and so its ``updated_at_utc``; a
    deleted round lowers the count. One small aggregate query."""
    return generation_of(db.session.execute(select(*GENERATION_COLUMNS)).one())


# What ``results_generation`` reads, for a query that reads it with more
# (``actions.results_and_plans_generation``).
GENERATION_COLUMNS = (
    func.count(Round.id),
    func.coalesce(func.sum(Round.results_version), 0),
    func.max(Round.updated_at_utc),
)


def generation_of(found: Sequence) -> tuple:
    """``results_generation`` from a row of ``GENERATION_COLUMNS``."""
    return (_database(db.engine), *found)


_KEY_COLUMNS = (
    Round.id,
    Round.created_at_utc,
    Round.results_version,
    QuestionnaireVersion.questionnaire_id,
    QuestionnaireVersion.version,
    QuestionnaireVersion.sha256,
)


def changed(round_: Round) -> None:
    """Something the results depend on changed: cached results are stale."""
    round_.results_version += 1


def close(round_: Round) -> None:
    round_.status = RoundStatus.CLOSED
    round_.closed_at = utcnow()
    changed(round_)


def reopen(round_: Round) -> None:
    round_.status = RoundStatus.OPEN
    round_.closed_at = None
    round_.results_shared_at = None
    changed(round_)


def share_results(round_: Round) -> None:
    round_.results_shared_at = utcnow()


def same_questionnaire(questionnaire_id: str, major: int) -> list:
    """The rule of ``versions.comparable`` as conditions on a query joined to
    QuestionnaireVersion: the same questionnaire and major version."""
    return [QuestionnaireVersion.questionnaire_id == questionnaire_id, QuestionnaireVersion.major == major]


def previous(round_: Round) -> Round | None:
    """The partnership's latest closed round before this one on the same
    questionnaire, of any version: one on another major version is compared
    at domain level only, with a warning (results/compute.py)."""
    version = round_.questionnaire_version
    return db.session.scalar(
        select(Round)
        .join(QuestionnaireVersion)
        .where(
            Round.partnership_id == round_.partnership_id,
            Round.status == RoundStatus.CLOSED,
            Round.id != round_.id,
            Round.opens_on <= round_.opens_on,
            QuestionnaireVersion.questionnaire_id == version.questionnaire_id,
        )
        .order_by(Round.opens_on.desc(), Round.id.desc())
        .limit(1)
    )


def latest_comparable_closed(questionnaire_id: str, major: int, exclude_partnership_id: int | None) -> list[Round]:
    """For every other partnership, its latest closed round on a comparable questionnaire."""
    return _latest(_comparable_closed(questionnaire_id, major, exclude_partnership_id))


def latest_comparable_closed_keys(questionnaire_id: str, major: int, exclude_partnership_id: int | None) -> list[tuple]:
    """The ``results_key`` of each round ``latest_comparable_closed`` finds,
    read as plain columns without loading the rounds: enough to tell
    whether what was worked out from them is still current."""
    ranked = _ranked(_comparable_closed(questionnaire_id, major, exclude_partnership_id))
    rows = db.session.execute(
        select(*_KEY_COLUMNS)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Round.questionnaire_version_id)
        .join(ranked, ranked.c.id == Round.id)
        .where(ranked.c.place == 1)
        .order_by(Round.partnership_id)
    )
    return [_results_key(*row) for row in rows]


def _comparable_closed(questionnaire_id: str, major: int, exclude_partnership_id: int | None) -> list:
    where = [Round.status == RoundStatus.CLOSED, *same_questionnaire(questionnaire_id, major)]
    if exclude_partnership_id is not None:
        where.append(Round.partnership_id != exclude_partnership_id)
    return where


def open_rounds_for_partnerships(partnership_ids: list[int]) -> list[Round]:
    return [r for r in for_partnerships(partnership_ids) if r.is_open]
