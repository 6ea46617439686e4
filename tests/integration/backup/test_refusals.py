"""`selfassess import` refuses what it cannot load whole (a file that is not a
whole export, a database that holds data or is at another schema revision,
demo data in production), and `selfassess export` never leaves half a file."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from selfassess import backup
from selfassess.data import partnerships
from selfassess.data.base import db
from selfassess.data.models import Account
from tests import factories
from tests.db import selfassess_command, sqlite_url
from tests.integration.backup.support import cli_env, counts, import_file, rewrite
from tests.integration.conftest import PRODUCTION, make_app


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
    production = make_app(app.config["SQLALCHEMY_DATABASE_URI"], str(tmp_path), **PRODUCTION)
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
