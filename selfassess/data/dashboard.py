"""What the adviser's dashboard reads about many partnerships at once, in
queries whose number does not grow with theirs: each round's previous
round, who has answered in each round, the round of each partnership's
latest action plan, and ``generation``, which changes whenever any of these
may have."""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import NamedTuple

from sqlalchemy import Engine, and_, bindparam, func, literal_column, select, true, union_all
from sqlalchemy.orm import aliased, joinedload

from selfassess.data import responses
from selfassess.data.base import db
from selfassess.data.models import (
    Account,
    Action,
    AdviserAssignment,
    Invitation,
    Partnership,
    QuestionnaireVersion,
    Response,
    Round,
    RoundStatus,
)


class SeenPartnership(NamedTuple):
    """A partnership as the dashboard needs it: plain values, not an ORM
    object (building 31 of those was most of a warm dashboard's cost)."""

    id: int
    name: str


def partnerships_seen(adviser: Account) -> list[tuple[SeenPartnership, bool]]:
    """Each partnership the adviser may see (``accounts.advised_partnership_ids``),
    by name, and whether they support it (an adviser for all may also support
    some): one query, where the rule and the assignments would be two."""
    if getattr(adviser, "id", None) is None:
        return []
    supported = (
        select(AdviserAssignment.id)
        .where(AdviserAssignment.account_id == adviser.id, AdviserAssignment.partnership_id == Partnership.id)
        .exists()
    )
    query = select(Partnership.id, Partnership.name, supported).order_by(Partnership.name)
    if not adviser.adviser_for_all:
        query = query.where(supported)
    return [(SeenPartnership(id_, name), bool(is_supported)) for id_, name, is_supported in db.session.execute(query)]


def generation(partnership_ids: list[int]) -> tuple:
    """A value that changes whenever anything the dashboard's rows show of
    these partnerships may have changed: their rounds (made, deleted, any
    field written, and ``results_version``, which every submission, closing,
    reopening, agreed level and erasure bumps), the invitations and responses
    of each one's latest round (its response rate: added, removed, withdrawn,
    submitted or otherwise written) and the actions of all their rounds
    (a plan may be on an earlier round). Every row's ``updated_at_utc`` is
    set on each write. One query of four small aggregates, built once."""
    rows = db.session.execute(_generation_query(), {"partnership_ids": list(partnership_ids)})
    # The database as a string, as in rounds.results_key: a round deleted and
    # made again elsewhere with the same id is another round.
    found = sorted(tuple(row) for row in rows)  # the names come first, and differ
    return (_database(db.engine), *found)


@functools.cache
def _generation_query():
    ids = bindparam("partnership_ids", expanding=True)
    return union_all(*_generation_arms(Round.partnership_id.in_(ids)))


def seen_generation(adviser: Account) -> tuple:
    """``generation`` of every partnership the adviser may see, with the
    partnerships themselves (added, removed, renamed) and the adviser's
    assignments: in one query, so that a warm dashboard needs no other."""
    rows = db.session.execute(_seen_generation_query(adviser.adviser_for_all), {"account_id": adviser.id})
    found = sorted(tuple(row) for row in rows)
    return (_database(db.engine), adviser.id, adviser.adviser_for_all, *found)


@functools.cache
def _seen_generation_query(for_all: bool):
    account = bindparam("account_id")
    assigned = select(AdviserAssignment.partnership_id).where(AdviserAssignment.account_id == account)
    theirs = true() if for_all else Round.partnership_id.in_(assigned)
    return union_all(
        *_generation_arms(theirs),
        _aggregate("partnership", Partnership.id, Partnership.updated_at_utc, literal_column("0")),
        _aggregate(
            "assignment",
            AdviserAssignment.id,
            AdviserAssignment.updated_at_utc,
            func.coalesce(func.sum(AdviserAssignment.partnership_id), 0),
        ).where(AdviserAssignment.account_id == account),
    )


def _aggregate(name: str, id_column, updated_column, *extra):
    return select(
        literal_column(f"'{name}'"),
        func.count(id_column),
        func.coalesce(func.sum(id_column), 0),
        func.max(updated_column),
        *extra,
    )


def _generation_arms(whose_rounds) -> list:
    # The partnerships' rounds are read once (a CTE, so the ids are sent once
    # and the latest of each ranked once): four copies of an expanding list
    # of ids cost PostgreSQL more to plan than the aggregates cost to run.
    theirs = (
        select(Round.id, Round.partnership_id, Round.opens_on, Round.updated_at_utc, Round.results_version)
        .where(whose_rounds)
        .cte("theirs")
    )
    ranked = select(
        theirs.c.id,
        func.row_number()
        .over(partition_by=theirs.c.partnership_id, order_by=(theirs.c.opens_on.desc(), theirs.c.id.desc()))
        .label("place"),
    ).cte("ranked")
    latest = select(ranked.c.id).where(ranked.c.place == 1)
    return [
        _aggregate("round", theirs.c.id, theirs.c.updated_at_utc, func.coalesce(func.sum(theirs.c.results_version), 0)),
        _aggregate("invitation", Invitation.id, Invitation.updated_at_utc, func.count(Invitation.withdrawn_at)).where(
            Invitation.round_id.in_(latest)
        ),
        _aggregate("response", Response.id, Response.updated_at_utc, func.count(Response.counted_at)).where(
            Response.round_id.in_(latest)
        ),
        _aggregate("action", Action.id, Action.updated_at_utc, func.count(Action.due_on)).where(
            Action.round_id.in_(select(theirs.c.id))
        ),
    ]


@functools.cache
def _database(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def previous_rounds(round_list: list[Round]) -> dict[int, Round]:
    """For each round, what ``rounds.previous`` finds for it (the
    partnership's latest closed round before it on the same questionnaire),
    in one query: the database ranks the candidates of each round."""
    if not round_list:
        return {}
    this, this_version, earlier_version = aliased(Round), aliased(QuestionnaireVersion), aliased(QuestionnaireVersion)
    ranked = (
        select(
            this.id.label("for_id"),
            Round.id.label("id"),
            func.row_number()
            .over(partition_by=this.id, order_by=(Round.opens_on.desc(), Round.id.desc()))
            .label("place"),
        )
        .join(this_version, this_version.id == this.questionnaire_version_id)
        .join(
            Round,
            and_(
                Round.partnership_id == this.partnership_id,
                Round.id != this.id,
                Round.opens_on <= this.opens_on,
                Round.status == RoundStatus.CLOSED,
            ),
        )
        .join(earlier_version, earlier_version.id == Round.questionnaire_version_id)
        .where(this.id.in_([r.id for r in round_list]))
        .where(earlier_version.questionnaire_id == this_version.questionnaire_id)
        .subquery()
    )
    query = (
        select(ranked.c.for_id, Round)
        .join(ranked, ranked.c.id == Round.id)
        .where(ranked.c.place == 1)
        .options(joinedload(Round.questionnaire_version))
    )
    return dict(db.session.execute(query).all())


def latest_plan_rounds(partnership_ids: list[int]) -> dict[int, int]:
    """For each partnership with an action plan, the id of the latest round
    that has one (its actions' overdue count is ``actions.overdue``)."""
    if not partnership_ids:
        return {}
    query = (
        select(Round.partnership_id, Round.id)
        .where(Round.partnership_id.in_(partnership_ids), select(Action.id).where(Action.round_id == Round.id).exists())
        .order_by(Round.partnership_id, Round.opens_on, Round.id)
    )
    return dict(db.session.execute(query).all())  # the latest of each partnership comes last, and stays


def progress_for_rounds(
    round_ids: list[int],
) -> tuple[dict[int, list[responses.RespondentProgress]], dict[int, list[Response]]]:
    """``responses.progress`` of several rounds, and the responses their leads
    recorded (``responses.recorded_in_round``), in two queries whatever their number."""
    if not round_ids:
        return {}, {}
    invitations: dict[int, list[Invitation]] = defaultdict(list)
    query = (
        select(Invitation)
        .where(Invitation.round_id.in_(round_ids))
        .options(joinedload(Invitation.account))
        .order_by(Invitation.id)
    )
    for invitation in db.session.scalars(query):
        invitations[invitation.round_id].append(invitation)
    by_user: dict[int, dict[int, Response]] = defaultdict(dict)
    recorded: dict[int, list[Response]] = defaultdict(list)
    query = (
        select(Response)
        .where(Response.round_id.in_(round_ids))
        .options(joinedload(Response.respondent))
        .order_by(Response.id)
    )
    for response in db.session.scalars(query):
        if response.respondent_id is not None:
            by_user[response.round_id][response.respondent_id] = response
        elif response.recorded_by_id is not None:
            recorded[response.round_id].append(response)
    people = {i: responses.matched(invitations.get(i, []), by_user.get(i, {})) for i in round_ids}
    return people, dict(recorded)
