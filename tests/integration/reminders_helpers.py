"""Shared by the tests of reminders and closing on the date
(test_reminders.py, test_close_due.py)."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from selfassess.data import accounts, audit
from selfassess.data.base import db
from selfassess.data.models import Round
from tests import factories
from tests.integration.rounds_helpers import invite_directly, outbox

LONDON = ZoneInfo("Europe/London")


def at_london(year: int, month: int, day: int, hour: int = 9, minute: int = 0):
    """Freeze the clock at this time on London's clocks (BST or GMT, whichever is in force)."""
    return time_machine.travel(datetime(year, month, day, hour, minute, tzinfo=LONDON), tick=False)


def fife_round(closes_on: date = date(2026, 12, 1), *, auto: bool = True, opens_on: date = date(2026, 6, 1)) -> Round:
    """Fife's lead (lead@example.org) and an open round closing on ``closes_on``."""
    if accounts.by_email("lead@example.org") is None:
        factories.lead("lead@example.org")
    round_ = factories.round_(opens_on=opens_on, closes_on=closes_on)
    round_.auto_reminders = auto
    db.session.commit()
    return round_


def people(round_: Round) -> dict[str, str]:
    """Four people invited: one who never accepted, one who accepted and has
    not started, one who started, one who submitted. Returns their emails by
    where they have got to."""
    invited = "amy.invited@example.org"
    invite_directly(round_, invited)
    found = {"invited": invited}
    for status, name in (("not started", "Ben Notstarted"), ("started", "Cat Started"), ("submitted", "Dan Done")):
        email = f"{name.split()[0].lower()}@example.org"
        factories.member(factories.account(email, name=name), round_.partnership.name)
        invite_directly(round_, email)
        if status != "not started":
            factories.response(
                round_, factories.all_answers(3), respondent=accounts.by_email(email), submitted=status == "submitted"
            )
        found[status] = email
    return found


def sent_to(app) -> list[str]:
    return sorted(m.to for m in outbox(app))


def events(action: str) -> list[dict]:
    db.session.expire_all()
    return [{"actor": e.actor_id, **json.loads(e.detail or "{}")} for e in audit.events() if e.action == action]
