"""The number of database queries a page makes does not grow with the
number of respondents, rounds or partnerships."""

from __future__ import annotations

import re

from flask import current_app
from sqlalchemy import event, select

from selfassess import cache
from selfassess.data.base import db
from selfassess.data.models import Account, Partnership, Round, RoundStatus
from selfassess.demo import scaled as scaled_data
from selfassess.national import service as national
from tests import factories
from tests.db import empty_tables

# The national picture is published only from at least 5 partnerships (disclosure.MIN_NATIONAL).
SMALL = {"partnership_limit": 5, "rounds_per_partnership": 2, "respondents": 4}
LARGE = {"partnership_limit": 12, "rounds_per_partnership": 5, "respondents": 9}


class Counter:
    def __init__(self, engine) -> None:
        self.engine = engine
        self.count = 0

    def __call__(self, *_args) -> None:
        self.count += 1

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self)


def counts(app, size: dict) -> dict[str, int]:
    scaled_data.seed(**size)
    first = db.session.scalars(select(Partnership).order_by(Partnership.name)).first()
    rounds = list(db.session.scalars(select(Round).where(Round.partnership_id == first.id)))
    open_round = next(r for r in rounds if r.status == RoundStatus.OPEN)
    closed = next(r for r in rounds if r.status == RoundStatus.CLOSED)
    chosen = [p.id for p in db.session.scalars(select(Partnership).order_by(Partnership.name).limit(3))]
    publish_national_picture()
    people = {
        "respondent": scaled_data.drafting_email(0),
        "lead": scaled_data.lead_email(0),
        "adviser": scaled_data.ADVISER_EMAIL,
    }
    pages = {
        "questionnaire page": ("respondent", "GET", f"/rounds/{open_round.id}/answer/culture"),
        "save and continue": ("respondent", "POST", f"/rounds/{open_round.id}/answer/culture"),
        "results page": ("lead", "GET", f"/rounds/{closed.id}/results"),
        "adviser dashboard": ("adviser", "GET", "/adviser"),
        "compare": ("adviser", "GET", "/adviser/compare?" + "&".join(f"partnership={i}" for i in chosen)),
        "national picture": ("adviser", "GET", "/national"),
    }
    found = {}
    clients = {}
    for name, (who, method, url) in pages.items():
        client = clients.get(who)
        if client is None:
            client = clients[who] = app.test_client()
            html = client.get("/sign-in").get_data(as_text=True)
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)[1]
            email = people[who]
            response = client.post(
                "/sign-in", data={"email": email, "password": scaled_data.PASSWORD, "csrf_token": token}
            )
            assert response.status_code == 302
        data = None
        if method == "POST":
            html = client.get(url).get_data(as_text=True)
            hidden = r'name="(csrf_token|response_id|questionnaire)" type="hidden" value="([^"]*)"'
            data = dict(re.findall(hidden, html))
            data["culture--everyday-language"] = "3"
        cache.clear("scored rounds", "peer benchmarks", "previous rounds and peers")  # nothing cached: the worst case
        with Counter(db.engine) as counter:
            response = client.open(url, method=method, data=data)
        assert response.status_code in (200, 302), (name, response.status_code)
        found[name] = counter.count
    return found


def publish_national_picture() -> None:
    """The scaled adviser is also an adviser of a national body; an administrator publishes a snapshot."""
    adviser = db.session.scalar(select(Account).where(Account.email == scaled_data.ADVISER_EMAIL))
    adviser.is_national = True
    admin = factories.account("admin.counts@example.org", is_admin=True)
    with current_app.test_request_context():
        outcome = national.publish(admin)
    assert outcome.category == "success", outcome.message


def test_query_counts_do_not_grow(app):
    small = counts(app, SMALL)
    db.session.remove()
    empty_tables(db.engine)
    large = counts(app, LARGE)
    assert small == large, f"small {small}, large {large}"
    # Cold caches: the results page reads its peers twice (their keys, then the rounds)
    # and the generation of all results twice (for its page's key, then for its
    # previous round and peers), with its plans' generation; warm, it reads the
    # user, the round and both generations in one statement (3 queries in all).
    assert all(n <= 16 for n in large.values()), large
