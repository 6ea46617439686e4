"""The fuzzing fixtures: cheap passwords, and a client signed in as the
person who may use the routes fuzzed, with the world they act on."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from argon2 import PasswordHasher

from selfassess.data import accounts
from selfassess.reports import jobs
from tests.integration.fuzzing.checking import Target, request_and_check
from tests.integration.fuzzing.world import (
    ANONYMOUS,
    CLOSED_ROUND_FOR,
    SLOW_GETS,
    Form,
    FuzzWorld,
    actor_for,
    form_class_names,
    forms_by_endpoint,
    forms_on,
    get_rules,
    post_rules,
)

# Argon2 with its real parameters takes half a second a password: the same
# code with cheap parameters, so that building the world and signing in (and
# every fuzzed sign-in) take milliseconds.
_QUICK_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
_QUICK_DUMMY_HASH = _QUICK_HASHER.hash("not a real password")


@pytest.fixture
def fuzzing(app, monkeypatch, restore_partnerships):
    """Cheap passwords and no report-building thread while fuzzing; and the
    partnerships, reference data that stays between tests, put back as they
    were (the admin forms add and rename them: ``restore_partnerships``)."""
    monkeypatch.setattr(accounts, "_hasher", _QUICK_HASHER)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", _QUICK_DUMMY_HASH)
    # The adviser's ZIP of reports would build PDFs in a thread: not what is fuzzed here.
    monkeypatch.setattr(jobs, "_enqueue", lambda job_id: None)


@pytest.fixture
def post_target(app, client, endpoint, fuzzing) -> Target:
    rule = next(r for r in post_rules(app) if r.endpoint == endpoint)
    target = Target(app, client, actor_for(app, endpoint), FuzzWorld(closed=endpoint in CLOSED_ROUND_FOR))
    target.url = target.world.url(app, rule)
    form = forms_by_endpoint(app, client, target.world, target.actor).get(endpoint, Form({}))
    target.fields, target.autosave = form.fields, form.autosave
    target.other_names = sorted(form_class_names() - set(target.fields))
    return target


@pytest.fixture
def anonymous_target(app, client, fuzzing) -> Target:
    target = Target(app, client, ANONYMOUS)
    target.other_names = sorted(form_class_names())
    return target


@dataclass
class Page:
    url: str
    mimetype: str
    query_names: tuple[str, ...]  # the fields of the page's own GET forms


@pytest.fixture
def get_target(app, client, actor, fuzzing) -> tuple[Target, list[Page]]:
    target = Target(app, client, actor)
    pages = []
    for rule in get_rules(app):
        if rule.endpoint in SLOW_GETS or actor_for(app, rule.endpoint) != actor:
            continue
        url = target.world.url(app, rule)
        response = request_and_check(client, "GET", url, expect={"text/html", "application/json", "text/csv"})
        html = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
        names = sorted({name for _, form in forms_on(html, "get") for name in form.fields})
        pages.append(Page(url, response.mimetype, tuple(names)))
    assert pages, f"no GET pages for {actor}"
    return target, pages
