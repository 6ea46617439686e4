"""Seeding the demo through the query layer, as the app itself would make
the rows, then back-dating them: people, Fife's two rounds, and one or two
closed rounds for ten other partnerships."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from flask import current_app

from selfassess import scoring
from selfassess.data import accounts, agreed, audit, invitations, partnerships, responses, rounds, versions
from selfassess.data.base import db
from selfassess.data.models import Account, Partnership, QuestionnaireVersion, Response, Role, Round
from selfassess.demo import national, plans
from selfassess.demo.people import (
    ADMIN,
    ADVISER,
    DUNDEE,
    DUNDEE_LEAD,
    FIFE,
    FIFE_LEAD,
    FIFE_RESPONDENTS,
    FIRST_NAMES,
    PASSWORD,
    SURNAMES,
)
from selfassess.demo.profiles import (
    AGREED_FALLBACK,
    AGREED_RATIONALE,
    DOMAINS,
    DONT_KNOW_NOTE,
    EARLIER_QUESTIONNAIRE,
    EVIDENCE,
    FIFE_LAST_YEAR,
    FIFE_PROFILE,
    HIGHEST,
    INVOLVEMENT,
    LAST_AUTUMN,
    LOWEST,
    OTHER_PARTNERSHIPS,
    OUTSIDE_VIEW,
    PERSPECTIVE_SHIFT,
    SEED,
)
from selfassess.demo.showcase import showcase
from selfassess.questionnaire import DONT_KNOW, NOT_APPLICABLE, Questionnaire
from selfassess.rounds import release


class _Seeder:
    def __init__(self, version: QuestionnaireVersion, earlier: QuestionnaireVersion) -> None:
        self.version = version  # today's questionnaire: every partnership's latest round
        self.earlier = earlier  # version 1.0.0: the rounds of autumn 2024, and Fife's of 2025
        self.version_questionnaire = versions.questionnaire_for(version)
        # Answers come from one generator and dates and times from another, so
        # that the answers are the same whatever today's date is.
        self.rng = random.Random(SEED)  # noqa: S311 -- made-up answers, not security
        self.dates = random.Random(SEED + 1)  # noqa: S311
        # One Argon2 hash for every demo account: hashing is slow on purpose,
        # and the demo password is published anyway.
        self.password_hash = PasswordHasher().hash(PASSWORD)
        self.names = [f"{first} {last}" for first in FIRST_NAMES for last in SURNAMES]
        self.rng.shuffle(self.names)
        self.indicator_offsets: dict[tuple[str, str], float] = {}
        self.biases: dict[int, float] = {}  # each person rates a little high or low, the same every year

    # people

    def person(self, email: str, name: str, **flags: bool) -> Account:
        account = accounts.create(email, name, is_demo=True, **flags)
        account.password_hash = self.password_hash
        return account

    def made_up_person(self, partnership: Partnership, number: int) -> Account:
        return self.person(f"{partnership.slug}.{number}@example.org", f"{self.names.pop()} (demo)")

    # answers

    def offset(self, partnership: Partnership, indicator_id: str) -> float:
        key = (partnership.slug, indicator_id)
        if key not in self.indicator_offsets:
            self.indicator_offsets[key] = self.rng.uniform(-0.4, 0.4)
        return self.indicator_offsets[key]

    def answers(
        self,
        questionnaire: Questionnaire,
        partnership: Partnership,
        account: Account,
        profile: tuple[float, ...],
        perspective: str,
    ) -> dict[str, tuple[str, str | None]]:
        rng = self.rng
        bias = self.biases.setdefault(account.id, rng.gauss(0, 0.2))
        shift = PERSPECTIVE_SHIFT[perspective]
        values: dict[str, tuple[str, str | None]] = {}
        for indicator in questionnaire.asked(perspective):
            domain = DOMAINS.index(indicator.domain_id)
            unsure = 0.15 if perspective in OUTSIDE_VIEW and indicator.domain_id in ("capacity", "systems") else 0.03
            if indicator.allow_na and rng.random() < 0.1:
                values[indicator.id] = (NOT_APPLICABLE, None)
                continue
            if rng.random() < unsure:
                values[indicator.id] = (DONT_KNOW, DONT_KNOW_NOTE if rng.random() < 0.2 else None)
                continue
            level = profile[domain] + self.offset(partnership, indicator.id) + shift[domain] + bias
            if indicator.id in INVOLVEMENT and perspective in OUTSIDE_VIEW:
                level -= 0.4
            value = min(HIGHEST, max(LOWEST, round(level + rng.gauss(0, 0.3))))
            evidence = None
            if rng.random() < 0.12:
                low, high = EVIDENCE[indicator.domain_id]
                evidence = rng.choice(low if value <= 2 else high)
            values[indicator.id] = (str(value), evidence)
        return values

    def respond(
        self,
        round_: Round,
        account: Account,
        perspective: str,
        profile: tuple[float, ...],
        submitted_at: datetime,
        settled: dict[int, dict[str, tuple[str, str | None]]] | None = None,
    ) -> Response:
        """Submit a response; ``settled`` fixes some answers (account id ->
        indicator id -> answer), so that the demo shows every kind of result."""
        questionnaire = versions.questionnaire_for(round_.questionnaire_version)
        values = self.answers(questionnaire, round_.partnership, account, profile, perspective)
        values.update((settled or {}).get(account.id, {}))
        response = responses.start(round_, account, perspective)
        responses.save_domain(response, questionnaire.domains[-1].id, values)
        responses.submit(response)
        response.submitted_at = response.counted_at = submitted_at
        response.created_at_utc = submitted_at - timedelta(days=self.dates.randint(0, 6), minutes=45)
        response.updated_at_utc = submitted_at
        return response

    # rounds

    def new_round(
        self, partnership: Partnership, title: str, opens_on: date, closes_on: date, *, earlier: bool = False
    ) -> Round:
        version = self.earlier if earlier else self.version
        round_ = rounds.create(partnership, version, title, opens_on, closes_on, is_demo=True)
        round_.created_at_utc = _at(opens_on - timedelta(days=7), 10)
        return round_

    def finish_closed(self, round_: Round) -> None:
        release.close(round_)
        round_.closed_at = round_.released_at = _at(round_.closes_on, 17)

    def some_time_in(self, start: date, end: date) -> datetime:
        """A time of day on one of the days from ``start`` up to, not including, ``end``."""
        span = max(1, (end - start).days)
        day = start + timedelta(days=self.dates.randrange(span))
        return _at(day, self.dates.randint(9, 20), self.dates.randint(0, 59))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def seed() -> None:
    """Make the demo data in the current transaction (the caller commits)."""
    folder = Path(current_app.config["QUESTIONNAIRES_DIR"])
    version, _ = versions.load_file(folder / current_app.config["DEFAULT_QUESTIONNAIRE"])
    earlier, _ = versions.load_file(folder / EARLIER_QUESTIONNAIRE)
    s = _Seeder(version, earlier)

    adviser = s.person(*ADVISER)
    accounts.set_adviser(adviser, True, set())
    admin = s.person(*ADMIN, is_admin=True)

    fife_last = _seed_fife(s)
    for name, profile, two_rounds in OTHER_PARTNERSHIPS:
        _seed_other(s, name, profile, two_rounds)
    # Last, so that the answers above stay the same as before they existed.
    db.session.flush()
    plans.seed_fife_plan(fife_last)
    plans.seed_overdue_round(s, date.today())
    db.session.flush()
    # Last again: more partnerships for the national picture, and its first snapshot.
    for name, profile, two_rounds in national.MORE_PARTNERSHIPS:
        _seed_other(s, name, profile, two_rounds)
    db.session.flush()
    national.seed_national(adviser, admin)
    db.session.flush()


def _seed_fife(s: _Seeder) -> Round:
    """Fife's two rounds; returns last year's."""
    fife = partnerships.by_name(FIFE)
    assert fife is not None  # reference data from migration 0002  # noqa: S101
    email, name, perspective = FIFE_LEAD
    lead = s.person(email, name)
    accounts.add_member(lead, fife, perspective, Role.LEAD)
    members = []
    for email, name, perspective, last_year in FIFE_RESPONDENTS:
        account = s.person(email, name)
        accounts.add_member(account, fife, perspective)
        members.append((account, perspective, last_year))

    # Last year's round: closed, results shared, up to two disagreements settled.
    last = s.new_round(
        fife,
        f"Co-production self-assessment {LAST_AUTUMN}",
        date(LAST_AUTUMN, 9, 22),
        date(LAST_AUTUMN, 11, 14),
        earlier=True,
    )
    for account, perspective, answered in [(lead, FIFE_LEAD[2], True), *members]:
        if answered:
            submitted_at = s.some_time_in(last.opens_on, last.closes_on)
            response = s.respond(last, account, perspective, FIFE_LAST_YEAR, submitted_at)
            _audit_submitted(last, account, response, submitted_at)
    s.finish_closed(last)
    _agree_disagreements(s, last, lead)
    rounds.share_results(last)
    last.results_shared_at = _at(last.closes_on + timedelta(days=21), 11)

    # This year's round: open; everyone but the lead has submitted.
    today = date.today()
    current = s.new_round(
        fife, f"Co-production self-assessment {today.year}", today - timedelta(weeks=3), today + timedelta(weeks=3)
    )
    for account, perspective, _ in members:
        invitation = invitations.invite(current, account.email or "", perspective, lead)
        invitations.accept(invitation)
        invitation.sent_at = _at(current.opens_on, 9, 30)
        invitation.accepted_at = invitation.sent_at + timedelta(hours=s.dates.randint(2, 60))
        accepted = audit.record("accepted invitation", actor=account, partnership_id=fife.id, round_id=current.id)
        accepted.at = invitation.accepted_at
        submitted_at = s.some_time_in(invitation.accepted_at.date() + timedelta(days=1), today)
        response = s.respond(current, account, perspective, FIFE_PROFILE, submitted_at)
        _audit_submitted(current, account, response, submitted_at)
    return last


def _audit_submitted(round_: Round, account: Account, response: Response, at: datetime) -> None:
    db.session.flush()
    event = audit.record(
        "submitted response",
        actor=account,
        partnership_id=round_.partnership_id,
        round_id=round_.id,
        response_id=response.id,
    )
    event.at = at


def _agree_disagreements(s: _Seeder, round_: Round, lead: Account) -> None:
    """Agreed answers for the (up to) two questions flagged as views
    differing, preferring the involvement ones the demo is about: the
    respondents' majority level, after the talk the rationale describes."""
    db.session.flush()
    questionnaire = versions.questionnaire_for(round_.questionnaire_version)
    result = scoring.score(questionnaire, responses.counted_respondents([round_.id])[round_.id])
    flagged = [i for i in result.indicators if i.disagreement]
    flagged.sort(key=lambda i: (i.id not in AGREED_RATIONALE, -(i.spread or 0), i.id))
    for outcome in flagged[:2]:
        made = agreed.record(
            round_,
            outcome.id,
            str(int(outcome.score)),  # type: ignore[arg-type]
            AGREED_RATIONALE.get(outcome.id, AGREED_FALLBACK),
            lead,
        )
        made.agreed_at = _at(round_.closes_on + timedelta(days=14), 15)


def _seed_other(s: _Seeder, name: str, profile: tuple[float, ...], two_rounds: bool) -> None:
    partnership = partnerships.by_name(name)
    assert partnership is not None  # reference data from migration 0002  # noqa: S101
    if name == DUNDEE:
        email, lead_name, perspective = DUNDEE_LEAD
        lead = s.person(email, lead_name)
        accounts.add_member(lead, partnership, perspective, Role.LEAD)
    count = s.rng.randint(4, 8)
    # Several perspectives in every partnership, the rest at random.
    chosen = ["nhs", "local_authority", "lived_experience"]
    chosen += s.rng.choices(list(PERSPECTIVE_SHIFT), k=count - len(chosen))
    members = []
    for number, perspective in enumerate(chosen, start=1):
        account = s.made_up_person(partnership, number)
        accounts.add_member(account, partnership, perspective)
        members.append((account, perspective))

    years = [LAST_AUTUMN - 1, LAST_AUTUMN] if two_rounds else [LAST_AUTUMN]
    for year in years:
        opens_on = date(year, 9, 1) + timedelta(days=s.dates.randint(0, 40))
        closes_on = opens_on + timedelta(weeks=s.dates.randint(5, 8))
        earlier = year < LAST_AUTUMN
        round_ = s.new_round(partnership, f"Co-production self-assessment {year}", opens_on, closes_on, earlier=earlier)
        year_profile = tuple(level - 0.3 for level in profile) if earlier else profile
        answering = members if not earlier else members[: max(4, len(members) - 2)]
        settled = {} if earlier else showcase(s.version_questionnaire, name, answering)
        for account, perspective in answering:
            s.respond(round_, account, perspective, year_profile, s.some_time_in(opens_on, closes_on), settled)
        s.finish_closed(round_)
        if s.dates.random() < 0.6:
            rounds.share_results(round_)
            round_.results_shared_at = _at(closes_on + timedelta(days=s.dates.randint(7, 30)), 11)
