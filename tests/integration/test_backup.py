"""`selfassess export` and `selfassess import`: backing up and moving house.

The demo data is seeded once, on SQLite, and exported; each test imports
the file into a new database (PostgreSQL and SQLite) and compares what the
app makes of it: scores, perspective groups, report text, sign-ins."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import func, select

from selfassess import backup, tokens
from selfassess.data import accounts, audit, invitations, partnerships
from selfassess.data.base import Base, db
from selfassess.data.models import Account, AuditEvent, Partnership, Round
from selfassess.reports import build
from selfassess.results import compute
from tests import factories
from tests.db import create_pg_database, drop_pg_database, pg_available, selfassess_command, sqlite_url
from tests.integration.conftest import make_app

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


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """The demo data on a new SQLite database, exported both ways, with what
    the app makes of every round."""
    folder = tmp_path_factory.mktemp("backup-source")
    url = sqlite_url(folder)
    app = make_app(url, str(folder))
    with app.app_context():
        upgrade()
        runner = app.test_cli_runner()
        seeded = runner.invoke(args=["demo"], env={"PORT": None})
        assert seeded.exit_code == 0, seeded.output
        # An invitation still waiting to be accepted: its link works here, and
        # must not work once the data has moved house.
        open_round = max(fife_rounds(), key=lambda r: r.opens_on)
        lead = accounts.by_email("fife.lead@example.org")
        invitation = invitations.invite(open_round, "new.person@example.org", "community", lead)
        # An adviser for some partnerships (the demo's one supports all of them).
        accounts.set_adviser(accounts.by_email("dundee.lead@example.org"), False, {open_round.partnership_id})
        db.session.commit()
        link = f"/invitation/{tokens.make('invitation', {'i': invitation.id, 'n': invitation.nonce})}"
        assert app.test_client().get(link).status_code == 200

        plain = folder / "selfassess.json"
        exported = runner.invoke(args=["export", str(plain)])
        assert exported.exit_code == 0, exported.output
        assert re.fullmatch(
            rf"Exported 31 partnerships, \d+ people, .* and \d+ audit events to {re.escape(str(plain))} "
            r"\(without passwords\)\.",
            exported.output.strip(),
        ), exported.output
        assert audit.events(limit=1)[0].action == "exported data"
        compute.clear_cache()
        expected = {round_.id: outcome(round_) for round_ in every_round()}
        reports = {round_.id: report_text(round_) for round_ in fife_rounds()}
        source = Source(
            backup.code_revision(),
            plain,
            folder / "with-credentials.json",
            invitation.id,
            invitation.nonce,
            expected,
            reports,
        )
        result = runner.invoke(args=["export", "--with-credentials", str(source.with_credentials)])
        assert result.exit_code == 0, result.output
        assert "(with password hashes)" in result.output
        db.session.remove()
        db.engine.dispose()
    return source


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
    with app.app_context():
        client = app.test_client()
        page = client.get("/sign-in").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
        return client.post("/sign-in", data={"email": email, "password": password, "csrf_token": token}).status_code


@pytest.mark.parametrize("target", ["postgresql", "sqlite"])
def test_a_database_moves_house_with_identical_results_and_reports(source, target, tmp_path):
    url = new_database(target, tmp_path)
    app = make_app(url, str(tmp_path))
    try:
        with app.app_context():
            upgrade()
            # Fife gets a different id here than in the old database: the
            # file's partnerships are matched by name.
            old_fife_id = partnerships.by_name("Fife").id
            db.session.delete(partnerships.by_name("Fife"))
            db.session.flush()
            db.session.add(Partnership(name="Fife", slug="fife"))
            db.session.commit()
            assert partnerships.by_name("Fife").id != old_fife_id

            result = import_file(source.plain, app)
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

            # Every row came across, as it was (partnership ids aside).
            again = tmp_path / "again.json"
            assert app.test_cli_runner().invoke(args=["export", str(again)]).exit_code == 0
            assert comparable(json.loads(again.read_text(encoding="utf-8"))) == comparable(source.data())

            # The app makes the same of every round: scores, perspective
            # groups, previous round, peers; and Fife's reports read the same.
            compute.clear_cache()
            assert {r.id for r in every_round()} == set(source.expected)
            for round_ in every_round():
                assert outcome(round_) == source.expected[round_.id], round_.title
            assert len(source.reports) == 2
            for round_id, text in source.reports.items():
                round_ = db.session.get(Round, round_id)
                assert round_.partnership.name == "Fife"
                assert round_.title in text and "Overall stage" in text
                assert report_text(round_) == text

            # No passwords came across: nobody signs in with the old one.
            assert db.session.scalar(select(func.count(Account.id)).where(Account.password_hash.is_not(None))) == 0
            # The sign-in form again, with an error.
            assert sign_in_status(app, "fife.lead@example.org", factories.DEMO_PASSWORD) == 200
            # The old system's invitation link does not work here.
            with app.app_context():
                link = f"/invitation/{tokens.make('invitation', {'i': source.invitation_id, 'n': source.nonce})}"
                assert app.test_client().get(link).status_code == 400
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
    assert len(data["answers"]) > 1000 and len(data["agreed_answers"]) == 2 and data["audit_events"]
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


def _duplicate_answer(data: dict) -> None:
    # Passes every check of the file, and breaks a unique constraint in the
    # database after everything before answers has been inserted.
    copy = {**data["answers"][0], "id": max(row["id"] for row in data["answers"]) + 1}
    data["answers"].append(copy)


REFUSED_FILES = {
    "not JSON": (lambda data: None, "it is not valid JSON (Expecting value at line 2, column 1)."),
    "not an export": (lambda data: data.clear(), 'it is not a selfassess export (it has no "format"'),
    "another format version": (
        lambda data: data.update(format_version=2),
        "it is in export format version 2; this version of selfassess reads format version 1.",
    ),
    "another schema revision": (
        lambda data: data.update(schema_revision="0002"),
        "the file is from a database at schema revision 0002, and this database is at ",
    ),
    "a missing list": (lambda data: data.pop("answers"), 'it is not a complete export: it has no "answers" list.'),
    "a value of the wrong kind": (
        lambda data: data["answers"][3].update(value=7),
        'answers[3]: "value" is 7; it must be text of at most 20 characters.',
    ),
    "a date that is not a date": (
        lambda data: data["rounds"][0].update(opens_on="1 October"),
        'rounds[0]: "opens_on" is "1 October"; it must be a date like 2025-10-01.',
    ),
    "a reference to nothing": (
        lambda data: data["answers"][0].update(response_id=999999),
        'answers[0]: "response_id" is 999999, which is not in "responses".',
    ),
    "an invitation nonce": (
        lambda data: data["invitations"][0].update(nonce="abc"),
        'invitations[0] has "nonce", which an export does not hold.',
    ),
    "a questionnaire whose text does not match its hash": (
        lambda data: data["questionnaire_versions"][0].update(content="edited"),
        'questionnaire_versions[0]: "sha256" does not match the questionnaire\'s text.',
    ),
    "a failure half-way": (_duplicate_answer, "the database refused the file's data, so nothing was imported"),
}


def test_refuses_a_file_that_is_not_a_whole_export(app, source, tmp_path):
    before = counts()
    for case, (change, message) in REFUSED_FILES.items():
        if case == "not JSON":
            path = tmp_path / "broken.json"
            path.write_text('{"format": \n', encoding="utf-8")
        else:
            path = rewrite(source, tmp_path, change)
        result = import_file(path)
        assert result.exit_code == 2, (case, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), case
        assert result.output.strip().splitlines() == [result.output.strip()], case
        assert result.output.startswith(f"Refusing to import {path}: "), case
        assert message in result.output, case
        assert counts() == before, case


@pytest.mark.parametrize("what", ["a person", "an extra partnership"])
def test_refuses_a_database_that_holds_data(app, source, what):
    if what == "a person":
        factories.account("already.here@example.org")
    else:
        partnerships.create("Made-up Partnership")
        db.session.commit()
    before = counts()
    try:
        result = import_file(source.plain)
        assert result.exit_code == 2, result.output
        assert len(result.output.strip().splitlines()) == 1
        assert "this database already holds data (" in result.output
        assert ("1 person" if what == "a person" else 'such as "Made-up Partnership"') in result.output
        assert counts() == before
    finally:
        made_up = partnerships.by_name("Made-up Partnership")
        if made_up is not None:  # partnerships stay between tests: leave the 31
            db.session.delete(made_up)
            db.session.commit()


def test_production_refuses_demo_data(app, source, tmp_path):
    production = make_app(app.config["SQLALCHEMY_DATABASE_URI"], str(tmp_path), ENV="production")
    with production.app_context():
        try:
            result = import_file(source.plain, production)
            assert result.exit_code == 2, result.output
            assert "the file holds demo data, and production never runs with demo data." in result.output
            assert db.session.scalar(select(func.count(Account.id))) == 0
        finally:
            db.session.remove()
            db.engine.dispose()


def test_refuses_a_database_at_another_schema_revision(source, tmp_path):
    app = make_app(sqlite_url(tmp_path), str(tmp_path))
    try:
        with app.app_context():
            runner = app.test_cli_runner()
            exported = runner.invoke(args=["export", str(tmp_path / "none.json")])
            assert exported.exit_code == 2
            assert "Cannot export: the database has no tables yet (run 'selfassess db upgrade' first)." in (
                exported.output
            )
            refused = import_file(source.plain, app)
            assert refused.exit_code == 2
            assert "this database has no tables yet: run 'selfassess db upgrade' first." in refused.output

            upgrade(revision="0002")
            refused = import_file(source.plain, app)
            assert refused.exit_code == 2
            expected = (
                f"the file is from a database at schema revision {source.schema_revision}, and this database is at 0002"
            )
            assert expected in refused.output
            exported = runner.invoke(args=["export", str(tmp_path / "old.json")])
            assert exported.exit_code == 2 and "database is at schema revision 0002" in exported.output
            assert not list(tmp_path.glob("*.json*"))
            db.session.remove()
    finally:
        with app.app_context():
            db.engine.dispose()


def test_a_failed_export_leaves_the_previous_file_as_it_was(app, tmp_path, monkeypatch):
    path = tmp_path / "backup.json"
    path.write_text("the previous backup", encoding="utf-8")

    def fail(value):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_json_default", fail)
    result = app.test_cli_runner().invoke(args=["export", str(path)])
    assert result.exit_code == 2
    assert result.output.strip() == f"Cannot write {path}: No space left on device."
    assert path.read_text(encoding="utf-8") == "the previous backup"
    assert [p.name for p in tmp_path.iterdir()] == ["backup.json"]


def test_the_real_command_refuses_without_a_traceback(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("[1, 2", encoding="utf-8")
    result = selfassess_command("import", str(broken), env=cli_env(sqlite_url(tmp_path)))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"Refusing to import {broken}: it is not valid JSON (Expecting ',' delimiter at line 1, column 6)."
    )
    assert "Traceback" not in result.stdout + result.stderr


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
