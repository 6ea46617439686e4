"""Data of its own for each browser test that changes something, made
through the app's data layer (``tests/factories.py``) in the database the
server uses; and a guard that no test changes the demo data the others read.

The demo data (``selfassess demo``, loaded once per session) is only read:
Fife's open round, Dundee City's closed ones, the adviser and the
administrator. A test that invites, answers, agrees or closes does so in a
partnership of its own (``PARTNERSHIPS``), which the demo leaves empty, with
people of its own, so that every test runs alone and in any order.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

import sqlalchemy as sa
from flask import Flask

from selfassess.data import accounts, partnerships
from selfassess.data.base import db
from tests import factories

T = TypeVar("T")

# The partnership each test that changes something works in: none has demo
# data, and no two tests share one.
PARTNERSHIPS = {
    "invitation": "East Lothian",
    "long evidence": "Midlothian",
    "closing": "Falkirk",
    "adviser without a round": "Inverclyde",  # an adviser's partnership with no round yet
    "lived experience": "East Renfrewshire",
    "two tabs": "Clackmannanshire and Stirling",
    "two tabs without javascript": "Dumfries and Galloway",
    "workshop": "Shetland Islands",
    "new round": "Orkney",
    "opening a round": "Argyll and Bute",  # a lead opens one through the form and its check page
}
# The demo's own partnerships an adviser of the tests' own supports.
ADVISER_DEMO_PARTNERSHIPS = ("Fife", "Dundee City", "Glasgow City")
# The demo's rows that tests must leave as they were: what the pages show.
WATCHED_TABLES = ("partnership", "round", "response", "answer", "agreed_answer", "invitation", "membership")

_numbers = itertools.count(1)


def unique_email(who: str) -> str:
    """An address no other test (or earlier run of this one) uses."""
    return f"{who}.{next(_numbers)}@e2e.example.org"


@dataclass
class DataLayer:
    """The app's data layer, in the test process, on the server's database."""

    app: Flask

    def make(self, build: Callable[[], T]) -> T:
        """Run ``build`` in an app context and commit: return plain values
        (emails, ids), not database objects, which do not outlive it."""
        with self.app.app_context():
            made = build()
            db.session.commit()
            db.session.remove()
            return made

    def fingerprint(self, upto: dict[str, int] | None = None) -> dict[str, str]:
        """A digest of each watched table's rows (those with an id up to
        ``upto``'s, when given: rows made since then belong to the tests)."""
        with self.app.app_context():
            found = {}
            for name in WATCHED_TABLES:
                table = db.metadata.tables[name]
                query = sa.select(table).order_by(table.c.id)
                if upto is not None:
                    query = query.where(table.c.id <= upto[name])
                rows = db.session.execute(query).all()
                found[name] = hashlib.sha256(repr(rows).encode()).hexdigest()
            db.session.remove()
            return found

    def last_ids(self) -> dict[str, int]:
        with self.app.app_context():
            found = {}
            for name in WATCHED_TABLES:
                table = db.metadata.tables[name]
                found[name] = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0)))
            db.session.remove()
            return found


def open_round(partnership: str):
    """This year's round of ``partnership``, open from three weeks ago for six weeks."""
    today = date.today()
    return factories.round_(
        partnership,
        title=f"Self-assessment {today.year}",
        opens_on=today - timedelta(weeks=3),
        closes_on=today + timedelta(weeks=3),
    )


def lead_with_an_open_round(partnership: str) -> str:
    """A lead of ``partnership`` (with the factories' password) and an open round there; the lead's email."""
    lead = factories.lead(unique_email("lead"), partnership)
    open_round(partnership)
    return lead.email


def respondent_with_an_open_round(partnership: str, perspective: str = "nhs") -> str:
    """Someone in ``partnership``, of this perspective, who has not answered its open round yet; their email."""
    respondent = factories.member(factories.account(unique_email("respondent")), partnership, perspective)
    open_round(partnership)
    return respondent.email


# How each perspective answers each domain in the closing test's rounds: the
# NHS and local authority see more than people with lived experience do, so
# that views differ on the questions of the first two domains.
VIEWS = {
    "nhs": (4, 4, 3, 3, 3),
    "local_authority": (4, 3, 3, 3, 2),
    "lived_experience": (1, 2, 2, 3, 2),
}
DOMAIN_ORDER = ("leadership", "capacity", "systems", "culture", "evaluation")


def _answers(perspective: str, shift: int = 0) -> dict[str, object]:
    levels = VIEWS[perspective]
    return factories.all_answers(
        lambda indicator: max(1, min(4, levels[DOMAIN_ORDER.index(indicator.split(".")[0])] + shift))
    )


def lead_with_a_round_where_views_differ(partnership: str) -> str:
    """Last year's round, closed, and this year's, open: each answered by
    three people of each perspective in ``VIEWS`` (enough for every group
    to be shown), who differ by two levels or more on some questions; no
    level agreed yet. The lead's email."""
    lead = factories.lead(unique_email("lead"), partnership)
    last_year = date.today().year - 1
    previous = factories.round_(
        partnership,
        title=f"Self-assessment {last_year}",
        opens_on=date(last_year, 10, 1),
        closes_on=date(last_year, 12, 1),
    )
    for perspective in VIEWS:
        for _ in range(3):
            factories.response(previous, _answers(perspective, shift=-1), perspective=perspective)
    factories.close(db.session.merge(previous))
    current = open_round(partnership)
    for perspective in VIEWS:
        for _ in range(3):
            factories.response(current, _answers(perspective), perspective=perspective)
    return lead.email


def adviser_for_some_partnerships() -> str:
    """An adviser for three of the demo's partnerships and one with no round yet; their email."""
    names = [*ADVISER_DEMO_PARTNERSHIPS, PARTNERSHIPS["adviser without a round"]]
    adviser = factories.account(unique_email("adviser"))
    accounts.set_adviser(adviser, False, {partnerships.by_name(name).id for name in names})
    return adviser.email
