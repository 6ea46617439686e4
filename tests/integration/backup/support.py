"""Shared by the backup tests: what the app makes of a round (to compare
before and after moving house), the export's rows, importing, and signing
in on a moved database."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import func, select

from selfassess import backup
from selfassess.data import partnerships
from selfassess.data.base import Base, db
from selfassess.data.models import Round
from selfassess.reports import build
from selfassess.results import compute
from tests.db import create_pg_database, pg_available, sqlite_url
from tests.signing_in import sign_in

PRODUCED = date(2026, 1, 15)  # the report's production date, the same in both databases
SECTION_KEYS = [section.key for section in backup.SECTIONS]


@dataclass(frozen=True)
class Source:
    schema_revision: str  # of the database it came from: the newest migration
    plain: Path  # exported without --with-credentials
    with_credentials: Path
    invitation_id: int
    nonce: str  # of an invitation not yet accepted
    expected: dict[int, dict]  # round id -> what the app makes of the round
    reports: dict[int, str]  # Fife's round ids -> their report's text

    def data(self) -> dict:
        return json.loads(self.plain.read_text(encoding="utf-8"))


def outcome(round_: Round) -> dict:
    """What the app shows of a round: its scores and perspective groups, the
    round it is compared with, the peer benchmark and the agreed answers."""
    results = compute.results_for(round_)
    scored = results.scored
    return {
        "title": round_.title,
        "partnership": round_.partnership.name,
        "submitted": scored.submitted,
        "result": scored.result.to_dict() if scored.result else None,
        "grouping": scored.grouping,
        "group_scores": scored.group_scores,
        "previous": results.previous[0].id if results.previous else None,
        "peers": results.peers,
        "agreed": {key: (a.value, a.rationale, a.agreed_by_id) for key, a in results.agreed.items()},
    }


def report_text(round_: Round) -> str:
    html = build.report_html(round_, produced=PRODUCED)
    html = re.sub(r"<style\b.*?</style>", " ", html, flags=re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def every_round() -> list[Round]:
    return list(db.session.scalars(select(Round).order_by(Round.id)))


def fife_rounds() -> list[Round]:
    fife = partnerships.by_name("Fife")
    return [r for r in every_round() if r.partnership_id == fife.id]


def cli_env(url: str) -> dict[str, str]:
    return {"DATABASE_URL": url, "SELFASSESS_SECRET_KEY": "x", "SELFASSESS_ENV": "test"}


def new_database(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        return sqlite_url(folder)
    if not pg_available():
        pytest.fail("PostgreSQL is not reachable: `make services` starts it (tests must run on both databases)")
    return create_pg_database()


def import_file(path: Path, app=None):
    runner = (app or current_app).test_cli_runner()
    result = runner.invoke(args=["import", str(path)])
    db.session.expire_all()
    return result


def comparable(data: dict, *, leave_out: tuple[str, ...] = ("imported data",)) -> dict:
    """An export's rows, header aside, with partnership ids replaced by names
    (partnerships are matched by name, so their ids may differ), and without
    the audit events of what happened since the import."""
    names = {row["id"]: row["name"] for row in data["partnerships"]}
    found: dict[str, list] = {"partnerships": sorted(names.values())}
    for key in SECTION_KEYS[1:]:
        found[key] = [
            {k: names[v] if k == "partnership_id" and v is not None else v for k, v in row.items()}
            for row in data[key]
            if key != "audit_events" or row["action"] not in leave_out
        ]
    return found


def sign_in_status(app, email: str, password: str) -> int:
    """The answer to signing in on ``app``: 302 signed in, 200 refused."""
    with app.app_context():
        return sign_in(app.test_client(), email, password, status=None).status_code


def rewrite(source: Source, tmp_path: Path, change) -> Path:
    data = source.data()
    change(data)
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table)) for table in Base.metadata.sorted_tables
    }
