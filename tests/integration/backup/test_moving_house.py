"""`selfassess export` and `selfassess import`: moving house.

The demo data is seeded once, on SQLite, and exported (``source``, in
conftest.py); each test imports the file into a new database (PostgreSQL and
SQLite) and compares what the app makes of it: scores, perspective groups,
report text, sign-ins."""

from __future__ import annotations

import json
import re

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from selfassess import backup, cache, tokens
from selfassess.data import audit, partnerships
from selfassess.data.base import Base, db
from selfassess.data.models import Account, AuditEvent, Partnership, Round
from tests import factories
from tests.db import drop_pg_database
from tests.integration.backup.support import (
    comparable,
    every_round,
    import_file,
    new_database,
    outcome,
    report_text,
    sign_in_status,
)
from tests.integration.conftest import make_app


def give_fife_another_id() -> None:
    """Fife gets a different id here than in the old database: the file's
    partnerships are matched by name."""
    old_fife_id = partnerships.by_name("Fife").id
    db.session.delete(partnerships.by_name("Fife"))
    db.session.flush()
    db.session.add(Partnership(name="Fife", slug="fife"))
    db.session.commit()
    assert partnerships.by_name("Fife").id != old_fife_id


def check_the_import_says_what_it_did(result, source) -> None:
    assert result.exit_code == 0, result.output
    summary, passwords = result.output.strip().splitlines()
    assert re.fullmatch(
        rf"Imported 31 partnerships, \d+ people, .* and \d+ audit events from {re.escape(str(source.plain))} "
        r"\(31 partnerships matched by name\)\.",
        summary,
    ), summary
    assert "Forgotten your password?" in passwords
    event = audit.events(limit=1)[0]
    assert event.action == "imported data" and event.actor_id is None
    assert json.loads(event.detail)["exported_at"] == source.data()["exported_at"]


def check_the_app_makes_the_same_of_every_round(source) -> None:
    """Scores, perspective groups, previous round, peers; and Fife's reports read the same."""
    cache.clear_all()
    assert {r.id for r in every_round()} == set(source.expected)
    for round_ in every_round():
        assert outcome(round_) == source.expected[round_.id], round_.title
    assert len(source.reports) == 2
    for round_id, text in source.reports.items():
        round_ = db.session.get(Round, round_id)
        assert round_.partnership.name == "Fife"
        assert round_.title in text
        # An open round's report has no scores (no interim results); a closed one's has.
        assert ("Results appear when the round closes" if round_.is_open else "Overall stage") in text
        assert report_text(round_) == text


def check_no_secret_came_across(app, source) -> None:
    # No passwords came across: nobody signs in with the old one.
    assert db.session.scalar(select(func.count(Account.id)).where(Account.password_hash.is_not(None))) == 0
    # The sign-in form again, with an error.
    assert sign_in_status(app, "fife.lead@example.org", factories.DEMO_PASSWORD) == 200
    # The old system's invitation link does not work here.
    with app.app_context():
        link = f"/invitation/{tokens.make('invitation', {'i': source.invitation_id, 'n': source.nonce})}"
        assert app.test_client().get(link).status_code == 400


@pytest.mark.parametrize("target", ["postgresql", "sqlite"])
def test_a_database_moves_house_with_identical_results_and_reports(source, target, tmp_path):
    url = new_database(target, tmp_path)
    app = make_app(url, str(tmp_path))
    try:
        with app.app_context():
            upgrade()
            give_fife_another_id()
            check_the_import_says_what_it_did(import_file(source.plain, app), source)
            # Every row came across, as it was (partnership ids aside).
            again = tmp_path / "again.json"
            assert app.test_cli_runner().invoke(args=["export", str(again)]).exit_code == 0
            assert comparable(json.loads(again.read_text(encoding="utf-8"))) == comparable(source.data())
            check_the_app_makes_the_same_of_every_round(source)
            check_no_secret_came_across(app, source)
            db.session.remove()
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if target == "postgresql":
            drop_pg_database(url)


def test_the_file_holds_no_password_hash_or_invitation_nonce(source):
    plain = source.plain.read_text(encoding="utf-8")
    assert "password_hash" not in plain and "$argon2" not in plain
    assert source.nonce not in plain
    data = source.data()
    assert data["format"] == "selfassess-export" and data["format_version"] == 1
    assert data["with_credentials"] is False
    assert data["schema_revision"] == source.schema_revision
    assert {"id", "email", "name", "is_admin", "adviser_for_all", "erased_at", "is_demo"} <= set(data["accounts"][0])
    assert all("nonce" not in row for row in data["invitations"])
    assert any(row["id"] == source.invitation_id and row["accepted_at"] is None for row in data["invitations"])
    agreed = sum(len(outcome["agreed"]) for outcome in source.expected.values())
    assert len(data["answers"]) > 1000 and data["audit_events"]
    assert agreed >= 1 and len(data["agreed_answers"]) == agreed  # every agreed level the demo recorded
    assert len(data["adviser_assignments"]) == 1
    version = data["questionnaire_versions"][0]
    assert version["content"] and version["themes_content"] and len(version["sha256"]) == 64
    assert source.plain.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only

    with_credentials = json.loads(source.with_credentials.read_text(encoding="utf-8"))
    assert with_credentials["with_credentials"] is True
    hashes = {row["email"]: row["password_hash"] for row in with_credentials["accounts"]}
    assert all(hashes[email].startswith("$argon2") for email in factories.DEMO_SIGN_INS)
    assert hashes["new.person@example.org"] is None  # invited, has not set a password yet
    assert source.nonce not in source.with_credentials.read_text(encoding="utf-8")


def test_with_credentials_people_keep_their_passwords(app, runner, source, tmp_path):
    result = import_file(source.with_credentials)
    assert result.exit_code == 0, result.output
    assert len(result.output.strip().splitlines()) == 1  # nothing to say about passwords
    # Password hashes are slow to check on purpose: two people stand for all
    # (the export again, below, shows every hash came across unchanged).
    for email in ("fife.lead@example.org", "admin@example.org"):
        assert sign_in_status(app, email, factories.DEMO_PASSWORD) == 302, email

    again = tmp_path / "again.json"
    assert runner.invoke(args=["export", "--with-credentials", str(again)]).exit_code == 0
    exported = json.loads(again.read_text(encoding="utf-8"))
    original = json.loads(source.with_credentials.read_text(encoding="utf-8"))
    actions = [row["action"] for row in exported["audit_events"]]
    assert actions[-3:] == ["imported data", "signed in", "signed in"]
    assert comparable(exported, leave_out=("imported data", "signed in")) == comparable(original)

    # New rows get ids after the imported ones (PostgreSQL's sequences move on).
    newest = factories.account("after.import@example.org")
    event = audit.record("tested ids")
    db.session.commit()
    assert newest.id > max(row["id"] for row in original["accounts"])
    assert event.id > max(row["id"] for row in exported["audit_events"])


def test_every_table_is_exported_or_left_out_on_purpose():
    exported = {section.table.name for section in backup.SECTIONS}
    assert exported.isdisjoint(backup.NOT_EXPORTED)
    assert exported | set(backup.NOT_EXPORTED) == set(Base.metadata.tables)
    assert [s.key for s in backup.SECTIONS][:2] == ["partnerships", "accounts"]
    # Every reference points to an earlier list, so rows go in in file order.
    seen: set[str] = set()
    for section in backup.SECTIONS:
        for fk in section.table.foreign_keys:
            assert fk.column.table.name in seen, (section.key, fk.target_fullname)
        seen.add(section.table.name)
    assert AuditEvent.__table__.name in seen
