"""A national-scale dataset for benchmarks: 31 partnerships, 10 rounds
each, 12 respondents a round (about 3,700 responses and 110,000 answers).

Each partnership has a lead and 12 respondents; its nine older rounds are
closed with every response submitted, and its latest round is open with
eleven submitted and one respondent (``bench.NN@example.org``) part way
through, for the load test to save as. One adviser supports every
partnership. Everyone's password is ``bench-password``.

Used by ``bench/load.py`` and ``tests/integration/test_query_counts.py``.
Rows go in with bulk inserts: the ORM would take minutes here.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from flask import current_app
from sqlalchemy import Row, insert, select

from selfassess.data import versions
from selfassess.data.base import db, utcnow
from selfassess.data.models import (
    Account,
    Answer,
    Membership,
    Partnership,
    Response,
    Round,
)
from selfassess.questionnaire import Questionnaire

PASSWORD = "bench-password"  # noqa: S105 -- made-up accounts on a benchmark's throw-away database
PERSPECTIVES = ["nhs", "local_authority", "third_sector", "lived_experience", "community", "independent_sector"]


def drafting_email(partnership_index: int) -> str:
    return f"bench.{partnership_index:02d}@example.org"


def lead_email(partnership_index: int) -> str:
    return f"lead.{partnership_index:02d}@example.org"


ADVISER_EMAIL = "adviser.bench@example.org"


def respondent_email(partnership_index: int, respondent_index: int, respondents: int) -> str:
    """The last respondent of each partnership is the one still drafting."""
    if respondent_index == respondents - 1:
        return drafting_email(partnership_index)
    return f"r{partnership_index:02d}.{respondent_index:02d}@example.org"


def seed(
    rounds_per_partnership: int = 10,
    respondents: int = 12,
    seed_value: int = 2026,
    partnership_limit: int | None = None,
) -> dict:
    """Fill an empty, migrated database. Call inside an app context."""
    rng = random.Random(seed_value)  # noqa: S311 -- made-up answers, not security
    version, _ = versions.load_file(questionnaires_path())
    db.session.commit()
    questionnaire = versions.questionnaire_for(version)
    password_hash = PasswordHasher().hash(PASSWORD)
    now = utcnow()
    partnerships = list(db.session.scalars(select(Partnership).order_by(Partnership.name)))[:partnership_limit]

    adviser_id = _insert_one(
        Account,
        email=ADVISER_EMAIL,
        name="Bench Adviser",
        password_hash=password_hash,
        adviser_for_all=True,
        created_at_utc=now,
        updated_at_utc=now,
    )
    ids = _insert_accounts(len(partnerships), respondents, password_hash, now)
    _insert_memberships(partnerships, respondents, ids, now)
    _insert_rounds(partnerships, rounds_per_partnership, version.id, now)
    all_rounds = list(db.session.execute(select(Round.id, Round.partnership_id, Round.status).order_by(Round.id)))
    response_count = _insert_responses(all_rounds, partnerships, respondents, ids, now)
    _insert_answers(rng, partnerships, questionnaire, now)
    db.session.commit()
    return {
        "partnerships": len(partnerships),
        "rounds": len(all_rounds),
        "responses": response_count,
        "answers": db.session.query(Answer).count(),
        "adviser_id": adviser_id,
    }


def _insert_accounts(partnership_count: int, respondents: int, password_hash: str, now: datetime) -> dict[str, int]:
    """A lead and the respondents of every partnership; returns every account's id by email."""
    rows = []
    for p_index in range(partnership_count):
        rows.append({"email": lead_email(p_index), "name": f"Lead {p_index}", "password_hash": password_hash})
        for r_index in range(respondents):
            email = respondent_email(p_index, r_index, respondents)
            rows.append({"email": email, "name": f"Respondent {p_index}.{r_index}", "password_hash": password_hash})
    _bulk(Account, [{**row, "created_at_utc": now, "updated_at_utc": now} for row in rows])
    return dict(db.session.execute(select(Account.email, Account.id)).all())


def _insert_memberships(partnerships: list[Partnership], respondents: int, ids: dict[str, int], now: datetime) -> None:
    rows = []
    for p_index, partnership in enumerate(partnerships):
        rows.append(
            {
                "account_id": ids[lead_email(p_index)],
                "partnership_id": partnership.id,
                "role": "lead",
                "perspective": "local_authority",
            }
        )
        for r_index in range(respondents):
            rows.append(
                {
                    "account_id": ids[respondent_email(p_index, r_index, respondents)],
                    "partnership_id": partnership.id,
                    "role": "respondent",
                    "perspective": PERSPECTIVES[r_index % len(PERSPECTIVES)],
                }
            )
    _bulk(Membership, [{**row, "created_at_utc": now, "updated_at_utc": now} for row in rows])


def _insert_rounds(
    partnerships: list[Partnership], rounds_per_partnership: int, version_id: int, now: datetime
) -> None:
    """One round a year for each partnership, the latest open and the rest closed."""
    start = date.today() - timedelta(days=365 * rounds_per_partnership)
    rows = []
    for partnership in partnerships:
        for round_index in range(rounds_per_partnership):
            opens = start + timedelta(days=365 * round_index)
            latest = round_index == rounds_per_partnership - 1
            rows.append(
                {
                    "partnership_id": partnership.id,
                    "questionnaire_version_id": version_id,
                    "title": f"Self-assessment {opens.year}",
                    "opens_on": opens,
                    "closes_on": opens + timedelta(days=60),
                    "status": "open" if latest else "closed",
                    "closed_at": None if latest else now,
                    "released_at": None if latest else now,
                    "results_shared_at": None if latest else now,
                    "results_version": 1,
                    "is_demo": False,
                }
            )
    _bulk(Round, [{**row, "created_at_utc": now, "updated_at_utc": now} for row in rows])


def _insert_responses(
    all_rounds: list[Row], partnerships: list[Partnership], respondents: int, ids: dict[str, int], now: datetime
) -> int:
    """A response from every respondent in every round: submitted, but for the
    drafting respondent's in an open round. Returns how many."""
    p_index_of = {p.id: i for i, p in enumerate(partnerships)}
    rows = []
    for round_id, partnership_id, status in all_rounds:
        p_index = p_index_of[partnership_id]
        for r_index in range(respondents):
            draft = status == "open" and r_index == respondents - 1
            perspective = PERSPECTIVES[r_index % len(PERSPECTIVES)]
            rows.append(
                {
                    "round_id": round_id,
                    "respondent_id": ids[respondent_email(p_index, r_index, respondents)],
                    "perspective": perspective,
                    "status": "draft" if draft else "submitted",
                    "submitted_at": None if draft else now,
                    "counted_at": None if draft else now,
                    "counted_perspective": None if draft else perspective,
                    "shown_perspective": perspective if status == "closed" else None,
                    "created_at_utc": now,
                    "updated_at_utc": now,
                }
            )
    _bulk(Response, rows)
    return len(rows)


def _insert_answers(
    rng: random.Random, partnerships: list[Partnership], questionnaire: Questionnaire, now: datetime
) -> None:
    """Every question asked of the respondent's perspective answered in a
    submitted response, half of them in a draft, around a level per
    partnership and question; counted when submitted, shown when the round closed."""
    asked = {p.id: [i.id for i in questionnaire.asked(p.id)] for p in questionnaire.perspectives}
    base = {p.id: {i.id: rng.uniform(1.6, 3.4) for i in questionnaire.indicators} for p in partnerships}
    rows = []
    responses = db.session.execute(
        select(Response.id, Response.status, Response.perspective, Round.partnership_id, Round.status).join(
            Round, Round.id == Response.round_id
        )
    ).all()
    for response_id, status, perspective, partnership_id, round_status in responses:
        counted, shown = status == "submitted", round_status == "closed"
        indicators = asked[perspective]
        for indicator_id in indicators[: len(indicators) // 2] if status == "draft" else indicators:
            value = rng.random()
            if value < 0.04:
                answer = "dont_know"
            else:
                answer = str(max(1, min(4, round(base[partnership_id][indicator_id] + rng.gauss(0, 0.7)))))
            evidence = "Minutes of the joint board show this." if value > 0.97 else None
            rows.append(
                {
                    "response_id": response_id,
                    "indicator_id": indicator_id,
                    "value": answer,
                    "evidence": evidence,
                    "counted_value": answer if counted else None,
                    "counted_evidence": evidence if counted else None,
                    "shown_value": answer if shown else None,
                    "shown_evidence": evidence if shown else None,
                    "created_at_utc": now,
                    "updated_at_utc": now,
                }
            )
        if len(rows) > 20000:
            _bulk(Answer, rows)
            rows = []
    _bulk(Answer, rows)


def questionnaires_path() -> Path:
    return Path(current_app.config["QUESTIONNAIRES_DIR"]) / current_app.config["DEFAULT_QUESTIONNAIRE"]


def _bulk(model, rows: list[dict]) -> None:
    if rows:
        db.session.execute(insert(model), rows)


def _insert_one(model, **values) -> int:
    return db.session.execute(insert(model).values(**values).returning(model.id)).scalar_one()
