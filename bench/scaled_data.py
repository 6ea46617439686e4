"""A national-scale dataset for benchmarks: 31 partnerships, 10 rounds
each, 12 respondents a round (about 3,700 responses and 110,000 answers).

Each partnership has a lead and 12 respondents; its nine older rounds are
closed with every response submitted, and its latest round is open with
eleven submitted and one respondent (``bench.NN@example.org``) part way
through, for the load test to save as. One adviser supports every
partnership. Everyone's password is ``bench-password``.

Rows go in with bulk inserts: the ORM would take minutes here.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from argon2 import PasswordHasher
from sqlalchemy import insert, select

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

PASSWORD = "bench-password"
PERSPECTIVES = ["nhs", "local_authority", "third_sector", "lived_experience", "community", "independent_sector"]


def drafting_email(partnership_index: int) -> str:
    return f"bench.{partnership_index:02d}@example.org"


def lead_email(partnership_index: int) -> str:
    return f"lead.{partnership_index:02d}@example.org"


ADVISER_EMAIL = "adviser.bench@example.org"


def seed(
    rounds_per_partnership: int = 10,
    respondents: int = 12,
    seed_value: int = 2026,
    partnership_limit: int | None = None,
) -> dict:
    """Fill an empty, migrated database. Call inside an app context."""
    rng = random.Random(seed_value)
    version, _ = versions.load_file(questionnaires_path())
    db.session.commit()
    questionnaire = versions.questionnaire_for(version)
    indicators = [i.id for i in questionnaire.indicators]
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
    users, memberships, rounds_rows = [], [], []
    for p_index in range(len(partnerships)):
        users.append({"email": lead_email(p_index), "name": f"Lead {p_index}", "password_hash": password_hash})
        for r_index in range(respondents):
            email = (
                drafting_email(p_index) if r_index == respondents - 1 else f"r{p_index:02d}.{r_index:02d}@example.org"
            )
            users.append({"email": email, "name": f"Respondent {p_index}.{r_index}", "password_hash": password_hash})
    _bulk(Account, [{**u, "created_at_utc": now, "updated_at_utc": now} for u in users])
    ids = dict(db.session.execute(select(Account.email, Account.id)).all())

    start = date.today() - timedelta(days=365 * rounds_per_partnership)
    for p_index, partnership in enumerate(partnerships):
        memberships.append(
            {
                "account_id": ids[lead_email(p_index)],
                "partnership_id": partnership.id,
                "role": "lead",
                "perspective": "local_authority",
            }
        )
        for r_index in range(respondents):
            email = (
                drafting_email(p_index) if r_index == respondents - 1 else f"r{p_index:02d}.{r_index:02d}@example.org"
            )
            memberships.append(
                {
                    "account_id": ids[email],
                    "partnership_id": partnership.id,
                    "role": "respondent",
                    "perspective": PERSPECTIVES[r_index % len(PERSPECTIVES)],
                }
            )
        for round_index in range(rounds_per_partnership):
            opens = start + timedelta(days=365 * round_index)
            latest = round_index == rounds_per_partnership - 1
            rounds_rows.append(
                {
                    "partnership_id": partnership.id,
                    "questionnaire_version_id": version.id,
                    "title": f"Self-assessment {opens.year}",
                    "opens_on": opens,
                    "closes_on": opens + timedelta(days=60),
                    "status": "open" if latest else "closed",
                    "closed_at": None if latest else now,
                    "results_shared_at": None if latest else now,
                    "results_version": 1,
                    "is_demo": False,
                }
            )
    _bulk(Membership, [{**m, "created_at_utc": now, "updated_at_utc": now} for m in memberships])
    _bulk(Round, [{**r, "created_at_utc": now, "updated_at_utc": now} for r in rounds_rows])

    all_rounds = list(db.session.execute(select(Round.id, Round.partnership_id, Round.status).order_by(Round.id)))
    p_index_of = {p.id: i for i, p in enumerate(partnerships)}
    response_rows = []
    for round_id, partnership_id, status in all_rounds:
        p_index = p_index_of[partnership_id]
        for r_index in range(respondents):
            email = (
                drafting_email(p_index) if r_index == respondents - 1 else f"r{p_index:02d}.{r_index:02d}@example.org"
            )
            draft = status == "open" and r_index == respondents - 1
            response_rows.append(
                {
                    "round_id": round_id,
                    "respondent_id": ids[email],
                    "perspective": PERSPECTIVES[r_index % len(PERSPECTIVES)],
                    "status": "draft" if draft else "submitted",
                    "submitted_at": None if draft else now,
                    "created_at_utc": now,
                    "updated_at_utc": now,
                }
            )
    _bulk(Response, response_rows)

    base = {p.id: {i: rng.uniform(1.6, 3.4) for i in indicators} for p in partnerships}
    answer_rows = []
    responses = db.session.execute(
        select(Response.id, Response.status, Round.partnership_id).join(Round, Round.id == Response.round_id)
    ).all()
    for response_id, status, partnership_id in responses:
        for indicator_id in indicators[: len(indicators) // 2] if status == "draft" else indicators:
            value = rng.random()
            if value < 0.04:
                answer = "dont_know"
            else:
                answer = str(max(1, min(4, round(base[partnership_id][indicator_id] + rng.gauss(0, 0.7)))))
            answer_rows.append(
                {
                    "response_id": response_id,
                    "indicator_id": indicator_id,
                    "value": answer,
                    "evidence": "Minutes of the joint board show this." if value > 0.97 else None,
                    "created_at_utc": now,
                    "updated_at_utc": now,
                }
            )
        if len(answer_rows) > 20000:
            _bulk(Answer, answer_rows)
            answer_rows = []
    _bulk(Answer, answer_rows)
    db.session.commit()
    return {
        "partnerships": len(partnerships),
        "rounds": len(all_rounds),
        "responses": len(response_rows),
        "answers": db.session.query(Answer).count(),
        "adviser_id": adviser_id,
    }


def questionnaires_path():
    from pathlib import Path

    from flask import current_app

    return Path(current_app.config["QUESTIONNAIRES_DIR"]) / current_app.config["DEFAULT_QUESTIONNAIRE"]


def _bulk(model, rows: list[dict]) -> None:
    if rows:
        db.session.execute(insert(model), rows)


def _insert_one(model, **values) -> int:
    return db.session.execute(insert(model).values(**values).returning(model.id)).scalar_one()
