"""The backup tests' one expensive set-up: the demo data, seeded once on a new
SQLite database and exported both ways (``source``)."""

from __future__ import annotations

import re

import pytest
from flask_migrate import upgrade

from selfassess import backup, cache, tokens
from selfassess.data import accounts, audit, invitations
from selfassess.data.base import db
from tests.db import sqlite_url
from tests.integration.backup.support import Source, every_round, fife_rounds, outcome, report_text
from tests.integration.conftest import make_app


@pytest.fixture(scope="package")
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
        cache.clear_all()
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
