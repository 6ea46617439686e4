"""Responses and answers: starting, saving a domain's answers, submitting, reopening,
releasing results, and reading released answers for scoring."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload

from selfassess import cache
from selfassess.data import rounds, saving
from selfassess.data.base import db, utcnow
from selfassess.data.models import Account, Answer, Invitation, Membership, Response, ResponseStatus, Round
from selfassess.scoring import Respondent, parse_answer


def get(response_id: int) -> Response | None:
    return db.session.get(Response, response_id)


def for_person(round_: Round, account: Account, *, with_answers: bool = True) -> Response | None:
    """The person's response in the round, with its answers in the same query
    unless they are not wanted (saving a page seldom needs them)."""
    query = select(Response).where(Response.round_id == round_.id, Response.respondent_id == account.id)
    if not with_answers:
        return db.session.scalar(query)
    return db.session.scalars(query.options(joinedload(Response.answers))).unique().first()


def _insert() -> Any:
    """INSERT with ON CONFLICT, in the dialect of the database in use."""
    return postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert


def start(round_: Round, account: Account, perspective: str) -> Response:
    """The person's response in this round, created on first use. Two tabs
    starting at once both end up with the same response. Created in the
    request's own transaction (no savepoint: with SQLite's driver, releasing
    one commits), so a request that fails later leaves no empty response."""
    existing = for_person(round_, account)
    if existing is not None:
        return existing
    db.session.execute(
        _insert()(Response)
        .values(round_id=round_.id, respondent_id=account.id, perspective=perspective)
        .on_conflict_do_nothing(index_elements=["round_id", "respondent_id"])
    )
    found = for_person(round_, account)
    assert found is not None  # created now, or by the other request  # noqa: S101
    return found


def record_on_behalf(round_: Round, lead: Account, perspective: str, source: str, label: str | None) -> Response:
    response = Response(
        round_id=round_.id,
        respondent_id=None,
        perspective=perspective,
        recorded_by_id=lead.id,
        recorded_from=source,
        recorded_label=(label or "").strip() or None,
    )
    db.session.add(response)
    db.session.flush()
    return response


def recorded_in_round(round_: Round) -> list[Response]:
    return list(
        db.session.scalars(
            select(Response)
            .where(Response.round_id == round_.id, Response.recorded_by_id.is_not(None))
            .order_by(Response.id)
        )
    )


def answers(response: Response) -> dict[str, Answer]:
    if "answers" not in inspect(response).unloaded:
        return {a.indicator_id: a for a in response.answers}  # loaded with the response
    return {a.indicator_id: a for a in db.session.scalars(select(Answer).where(Answer.response_id == response.id))}


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


# In ``save_domain``: leave this part of the answer (its value or its evidence) as it is.
UNCHANGED: Any = _Unchanged()


def save_domain(response: Response, domain_id: str, values: dict[str, tuple[str | None, str | None]]) -> None:
    """Store a domain's answers (value, evidence) in one transaction, so that
    a request that dies half-way stores nothing, and two saves at once each
    keep their own answers (the last save of the same answer wins). A value
    or evidence given as ``UNCHANGED`` is left as it is (a new answer gets
    None for it)."""
    now = utcnow()
    groups: dict[tuple[bool, bool], list[dict[str, Any]]] = defaultdict(list)
    for indicator_id, (value, evidence) in values.items():
        sets = (value is not UNCHANGED, evidence is not UNCHANGED)
        if sets == (False, False):
            continue
        groups[sets].append(
            {
                "response_id": response.id,
                "indicator_id": indicator_id,
                "value": None if value is UNCHANGED else value,
                "evidence": None if evidence is UNCHANGED else evidence,
                "created_at_utc": now,
                "updated_at_utc": now,
            }
        )
    if not groups:
        return
    # Updating the response row first takes its lock, so saves of the same
    # response (two tabs) take turns and their statements never wait for
    # each other's rows (no deadlock); SQLite has one writer at a time anyway.
    db.session.flush()  # as the ORM's own statements would, before these
    connection = db.session.connection()
    connection.execute(saving.SAVED_DOMAIN, {"response": response.id, "domain": domain_id, "now": now})
    for (sets_value, sets_evidence), rows in sorted(groups.items()):
        # One statement for all the rows (executemany): its compiled form is
        # cached, unlike a multi-row VALUES whose size varies.
        connection.execute(_upsert(sets_value, sets_evidence), rows)
    # Written with Core statements: what the session holds is stale.
    db.session.expire(response, ["answers", "last_domain", "updated_at_utc"])


_upserts = cache.named("answer upserts", 8)


def _upsert(sets_value: bool, sets_evidence: bool):  # type: ignore[no-untyped-def]
    """INSERT ... ON CONFLICT DO UPDATE of the answer columns a save sets,
    built once per database dialect (its compiled form is cached too)."""

    def build():  # type: ignore[no-untyped-def]
        statement = _insert()(Answer.__table__)
        changes = {"updated_at_utc": statement.excluded.updated_at_utc}
        if sets_value:
            changes["value"] = statement.excluded.value
        if sets_evidence:
            changes["evidence"] = statement.excluded.evidence
        return statement.on_conflict_do_update(index_elements=["response_id", "indicator_id"], set_=changes)

    return _upserts.get_or_make((db.session.get_bind().dialect.name, sets_value, sets_evidence), build)


def submit(response: Response) -> None:
    """The owner submits: their answers as they stand become the copy that
    counts (``counted_*``), replacing the one they submitted before."""
    now = utcnow()
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = now
    response.counted_at = now
    response.counted_perspective = response.perspective
    db.session.flush()
    db.session.execute(
        update(Answer)
        .where(Answer.response_id == response.id)
        .values(counted_value=Answer.value, counted_evidence=Answer.evidence)
    )
    db.session.expire(response, ["answers"])
    rounds.changed(response.round)


def reopen(response: Response) -> None:
    """The owner may change their answers again. What they submitted keeps
    counting, exactly as submitted, until they submit again."""
    response.status = ResponseStatus.DRAFT
    response.submitted_at = None
    rounds.changed(response.round)


# --- releasing results ------------------------------------------------------------------
# Results show the copy released when the round last closed (``shown_*``),
# never the live answers: see rounds/release.py for the rule.


def shown_count(round_id: int) -> int:
    """How many responses the round's released results contain."""
    return (
        db.session.scalar(
            select(func.count(Response.id)).where(
                Response.round_id == round_id, Response.shown_perspective.is_not(None)
            )
        )
        or 0
    )


def unreleased_changes(round_: Round) -> int:
    """How many responses differ between what counts now and what the
    released results show: submitted since, or submitted again with any
    change. (An erased response is deleted, and leaves the results at once.)"""
    rows = db.session.execute(
        select(
            Response.id,
            Response.counted_perspective,
            Response.shown_perspective,
            Answer.counted_value,
            Answer.counted_evidence,
            Answer.shown_value,
            Answer.shown_evidence,
        )
        .outerjoin(Answer, Answer.response_id == Response.id)
        .where(Response.round_id == round_.id)
    )
    changed: set[int] = set()
    for response_id, counted_perspective, shown_perspective, *copies in rows:
        counted, shown = (counted_perspective, *copies[:2]), (shown_perspective, *copies[2:])
        if counted != shown:
            changed.add(response_id)
    return len(changed)


def release(round_: Round) -> None:
    """Results now show what counts: every response's counted copy becomes its shown copy."""
    in_round = select(Response.id).where(Response.round_id == round_.id).scalar_subquery()
    db.session.flush()
    db.session.execute(
        update(Response)
        .where(Response.round_id == round_.id)
        .values(shown_perspective=Response.counted_perspective, shown_workshop_consent=Response.workshop_consent)
    )
    db.session.execute(
        update(Answer)
        .where(Answer.response_id.in_(in_round))
        .values(shown_value=Answer.counted_value, shown_evidence=Answer.counted_evidence)
    )
    # Written with Core statements: what the session holds is stale (its
    # own changes were flushed above, so none is lost).
    db.session.expire_all()
    round_.released_at = utcnow()
    rounds.changed(round_)


def erase_answers(account: Account) -> list[Round]:
    """Delete every response of this person, with its answers and both its
    copies: the only way answers leave results (an administrator erasing
    them, at the person's request). Returns the rounds whose results change."""
    found = list(db.session.scalars(select(Response).where(Response.respondent_id == account.id)))
    changed = []
    for response in found:
        if response.shown_perspective is not None:
            changed.append(response.round)
            rounds.changed(response.round)
        db.session.delete(response)
    db.session.flush()
    return changed


def people_in_results(round_: Round) -> list[Account]:
    """The people whose submitted answers are in the round's released
    results and who may see them once shared: still members of the round's
    partnership, not erased, with an email address. Responses a lead
    recorded on someone's behalf have no account, and are not here."""
    query = (
        select(Account)
        .join(Response, Response.respondent_id == Account.id)
        .join(Membership, (Membership.account_id == Account.id) & (Membership.partnership_id == round_.partnership_id))
        .where(
            Response.round_id == round_.id,
            Response.shown_perspective.is_not(None),
            Account.erased_at.is_(None),
            Account.email.is_not(None),
        )
        .order_by(Account.id)
    )
    return list(db.session.scalars(query))


def shown_respondents(round_ids: list[int]) -> dict[int, list[Respondent]]:
    """The released answers of these rounds (what their results show), ready
    for the scoring engine, in one query whatever the number of rounds or
    respondents. Respondents are anonymous here: only the response id and
    perspective travel on."""
    return _respondents(round_ids, Response.shown_perspective, Answer.shown_value)


def counted_respondents(round_ids: list[int]) -> dict[int, list[Respondent]]:
    """The answers that count now (released or not), like ``shown_respondents``."""
    return _respondents(round_ids, Response.counted_perspective, Answer.counted_value)


def _respondents(round_ids: list[int], perspective: Any, value: Any) -> dict[int, list[Respondent]]:
    by_round: dict[int, dict[int, Respondent]] = {round_id: {} for round_id in round_ids}
    if not round_ids:
        return {}
    rows = db.session.execute(
        select(Response.round_id, Response.id, perspective, Answer.indicator_id, value)
        .outerjoin(Answer, Answer.response_id == Response.id)
        .where(Response.round_id.in_(round_ids), perspective.is_not(None))
        .order_by(Response.round_id, Response.id)
    )
    for round_id, response_id, as_who, indicator_id, answer in rows:
        respondent = by_round[round_id].setdefault(
            response_id, Respondent(id=str(response_id), perspective=as_who, answers={})
        )
        if indicator_id is not None and answer is not None:
            respondent.answers[indicator_id] = parse_answer(answer)  # type: ignore[index]
    return {round_id: list(found.values()) for round_id, found in by_round.items()}


def evidence_notes(round_id: int) -> dict[str, list[str]]:
    """Evidence notes of the released responses, by indicator, without names,
    in a stable order that does not follow who answered first."""
    notes: dict[str, list[str]] = defaultdict(list)
    rows = db.session.execute(
        select(Answer.indicator_id, Answer.shown_evidence)
        .join(Response)
        .where(
            Response.round_id == round_id,
            Response.shown_perspective.is_not(None),
            Answer.shown_evidence.is_not(None),
            Answer.shown_evidence != "",
        )
        .order_by(Answer.indicator_id, Answer.shown_evidence)
    )
    for indicator_id, evidence in rows:
        notes[indicator_id].append(evidence)
    return dict(notes)


def submitted_count(round_id: int) -> int:
    """How many responses count: submitted, and still counting if reopened since."""
    return (
        db.session.scalar(
            select(func.count(Response.id)).where(Response.round_id == round_id, Response.counted_at.is_not(None))
        )
        or 0
    )


@dataclass(frozen=True)
class RespondentProgress:
    """Where one invited person is in a round; never their answers."""

    invitation: Invitation | None
    account: Account | None
    perspective: str
    status: str  # "invited", "withdrawn", "not started", "started", "submitted"
    response: Response | None
    updated_at: datetime | None


def progress(round_: Round) -> list[RespondentProgress]:
    invitations = list(
        db.session.scalars(select(Invitation).where(Invitation.round_id == round_.id).order_by(Invitation.id))
    )
    by_user = {
        r.respondent_id: r
        for r in db.session.scalars(
            select(Response).where(Response.round_id == round_.id, Response.respondent_id.is_not(None))
        )
    }
    return matched(invitations, by_user)


def matched(invitations: list[Invitation], by_user: dict[int, Response]) -> list[RespondentProgress]:
    """Each invitation with its person's response, then each response with no invitation."""
    result = []
    seen: set[int] = set()
    for invitation in invitations:
        seen.add(invitation.account_id)
        response = by_user.get(invitation.account_id)
        if invitation.withdrawn_at is not None:
            status = "withdrawn"
        elif response is not None:
            status = "submitted" if response.is_submitted else "started"
        elif invitation.accepted_at is None and invitation.account.password_hash is None:
            status = "invited"
        else:
            status = "not started"
        result.append(
            RespondentProgress(
                invitation,
                invitation.account,
                invitation.perspective,
                status,
                response,
                response.updated_at_utc if response else None,
            )
        )
    for account_id, response in by_user.items():
        if account_id not in seen:
            status = "submitted" if response.is_submitted else "started"
            result.append(
                RespondentProgress(
                    None, response.respondent, response.perspective, status, response, response.updated_at_utc
                )
            )
    return result
