"""What is fuzzed: the routes (from the URL map), who may use each, the
world of real data they are posted to, and the forms found on the pages."""

from __future__ import annotations

import functools
import os
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from flask import Flask, url_for
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, Phase, settings
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Rule
from wtforms.fields.core import UnboundField

from selfassess import access, create_app, tokens
from selfassess.answering.forms import domain_form_class
from selfassess.data import actions, agreed, invitations, responses, versions
from selfassess.data.base import db
from selfassess.data.models import Job
from selfassess.questionnaire import parse, read_files
from selfassess.reports import jobs
from tests import factories

# Requests per route (each is a real request). FUZZ_EXAMPLES=500 fuzzes longer.
POST_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
GET_EXAMPLES = 2 * POST_EXAMPLES
ANONYMOUS_EXAMPLES = POST_EXAMPLES
FUZZ_SETTINGS = settings(
    max_examples=POST_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    # A failure is shrunk to the smallest request that fails (each try is a
    # request), but not explained further: that would take as long again.
    phases=[phase for phase in Phase if phase != Phase.explain],
)

INDICATOR = "leadership.shared-meaning"
SECTION = "leadership"

ANONYMOUS, RESPONDENT, LEAD, ADVISER, ADMIN = "anonymous", "respondent", "lead", "adviser", "admin"
ACTORS = [ANONYMOUS, RESPONDENT, LEAD, ADVISER, ADMIN]

# Who may use a route, from the access rule it declares.
ACTOR_FOR_RULE = {
    access.PUBLIC: ANONYMOUS,
    access.ADMIN: ADMIN,
    access.ADVISER: ADVISER,
    access.PARTNERSHIP_LEAD: LEAD,
    access.PARTNERSHIP_LEAD_OR_ADMIN: LEAD,
    access.ROUND_LEAD: LEAD,
    access.ROUND_RESULTS: LEAD,
    access.ROUND_REPORT: LEAD,
    access.ROUND_RESPONDENT: RESPONDENT,
    access.NATIONAL: ADMIN,  # administrators see the national picture too
}
# Public routes that are for someone signed in.
ACTOR_FOR_ENDPOINT = {"auth.sign_out": RESPONDENT}

# Forms that only do something once the round has closed (a new round may
# be opened only when none is open; the workshop needs released results):
# their world's round is closed.
CLOSED_ROUND_FOR = {"rounds.new_round", "rounds.open_checked", "rounds.reopen", "rounds.share_results", "workshop.step"}
# The action plan answers a round's results: its forms need a round that has closed.
CLOSED_ROUND_FOR |= {"plans.draft", "plans.add", "plans.edit", "plans.remove", "plans.comment"}

# Downloads that take seconds to build (a PDF): not worth a query-string fuzz.
SLOW_GETS = {"reports.report", "national.report"}

REDIRECTS = {301, 302, 303, 307, 308}


# --- the routes ------------------------------------------------------------------------


def _route_app() -> Flask:
    """An app only to read the URL map when the tests are collected."""
    app = create_app(
        {
            "ENV": "test",
            "TESTING": True,
            "SECRET_KEY": "collection-only",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "RATELIMIT_STORAGE_URI": "memory://",
            "MAIL_BACKEND": "memory",
        }
    )
    with app.app_context():
        db.engine.dispose()
    return app


def post_rules(app: Flask) -> list[Rule]:
    return sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods), key=lambda r: r.endpoint)


def get_rules(app: Flask) -> list[Rule]:
    rules = (r for r in app.url_map.iter_rules() if "GET" in r.methods and r.endpoint != "static")
    return sorted(rules, key=lambda r: r.endpoint)


POST_ENDPOINTS = [r.endpoint for r in post_rules(_route_app())]


def actor_for(app: Flask, endpoint: str) -> str:
    if endpoint in ACTOR_FOR_ENDPOINT:
        return ACTOR_FOR_ENDPOINT[endpoint]
    rule = getattr(app.view_functions[endpoint], "access_rule", None)
    assert rule in ACTOR_FOR_RULE, f"{endpoint}: access rule {rule!r} has no person to fuzz it as: add one here"
    return ACTOR_FOR_RULE[rule]


# --- the world ---------------------------------------------------------------------------

# Building the world reads the questionnaire's YAML several times (each
# factories.version() call), which takes seconds: it is read once per process.
_read_files_once = functools.cache(read_files)
_parse_once = functools.cache(parse)


class FuzzWorld:
    """Fife's data, as test_access.World builds it (an open round with
    submitted responses, an invitation, a recorded response, a job), and an
    agreed answer, an administrator, and real invitation and reset links."""

    def __init__(self, closed: bool = False) -> None:
        patched = pytest.MonkeyPatch()
        patched.setattr(versions, "read_files", _read_files_once)
        patched.setattr(versions, "parse", _parse_once)
        try:
            self._build(closed)
        finally:
            patched.undo()

    def _build(self, closed: bool) -> None:
        self.closed = closed
        self.lead = factories.lead("fife.lead@example.org", "Fife")
        self.respondent = factories.member(factories.account("fife.nhs@example.org"), "Fife", "nhs")
        self.round = factories.round_("Fife", closed=closed)
        self.submitted = [
            factories.response(self.round, factories.all_answers(level), perspective="community") for level in (1, 2, 4)
        ]
        self.invitation = invitations.invite(self.round, "new.person@example.org", "nhs", self.lead)
        self.recorded = responses.record_on_behalf(self.round, self.lead, "community", "paper", "Paper copy 1")
        agreed.record(self.round, INDICATOR, "3", "We agreed it at the workshop.", self.lead)
        # An action the respondent owns, so that erasing them asks what happens to it.
        actions.add(self.round, "Run a workshop with the carers forum", owner=self.respondent.name)
        self.action = actions.add(self.round, "Hold a workshop on what co-production means here")
        self.adviser = factories.adviser("fife.adviser@example.org", ["Fife"])
        actions.comment(self.action, self.adviser, "Could carers co-chair it?")
        self.job = Job(owner_id=self.adviser.id, kind=jobs.ZIP_KIND)
        db.session.add(self.job)
        self.admin = factories.account("admin@example.org", is_admin=True)
        db.session.commit()
        self.invitation_token = tokens.make("invitation", {"i": self.invitation.id, "n": self.invitation.nonce})
        self.reset_token = tokens.make(
            "reset", {"u": self.respondent.id, "h": tokens.fingerprint(self.respondent.password_hash)}
        )
        self.emails = {
            RESPONDENT: self.respondent.email,
            LEAD: self.lead.email,
            ADVISER: self.adviser.email,
            ADMIN: self.admin.email,
        }

    def values(self, rule: Rule) -> dict:
        candidates = {
            "round_id": self.round.id,
            "partnership_id": self.round.partnership_id,
            "response_id": self.recorded.id,
            "invitation_id": self.invitation.id,
            "indicator_id": INDICATOR,
            "domain_id": SECTION,
            "kind": "csv",
            "account_id": self.respondent.id,
            "job_id": self.job.id,
            "action_id": self.action.id,
            "step": 1,  # a question where views differ: the answers 1, 2 and 4 are far apart
            "snapshot_id": 1,  # none is published in this world: "Page not found"
        }
        by_endpoint = {
            "auth.reset_password": {"token": self.reset_token},
            "auth.accept_invitation": {"token": self.invitation_token},
            # A submitted response, so that reopening it has something to do.
            "rounds.reopen_response": {"response_id": self.submitted[0].id},
        }
        candidates |= by_endpoint.get(rule.endpoint, {})
        missing = sorted(set(rule.arguments) - set(candidates))
        assert not missing, f"{rule.endpoint}: no real value for {missing}: add one to FuzzWorld.values"
        return {name: candidates[name] for name in rule.arguments}

    def url(self, app: Flask, rule: Rule) -> str:
        with app.test_request_context():
            return url_for(rule.endpoint, **self.values(rule))


# --- field names and values: from the pages and the form classes ----------------------------------


def form_class_names() -> set[str]:
    """Every field name of the app's form classes, the answering pages' included."""
    for version in versions.all_versions():
        questionnaire = versions.questionnaire_for(version)
        for domain in questionnaire.domains:
            domain_form_class(questionnaire, domain, domain.indicators)
    names: set[str] = set()
    classes = list(FlaskForm.__subclasses__())
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        if cls.__module__.startswith("selfassess"):
            names |= {name for name in dir(cls) if isinstance(getattr(cls, name, None), UnboundField)}
    return names - {"csrf_token"}


@dataclass
class Form:
    fields: dict[str, set[str]]  # each field's name and the values the page offers for it
    autosave: bool = False  # the page's script posts it as you type and reads the answer as JSON


def forms_on(html: str, method: str) -> list[tuple[str, Form]]:
    """A page's forms of this method, with their actions."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() != method:
            continue
        fields: dict[str, set[str]] = defaultdict(set)
        for element in form.find_all(["input", "textarea", "select", "button"]):
            name = element.get("name")
            if not name or name == "csrf_token":
                continue
            if element.name == "select":
                fields[name] |= {option.get("value", option.get_text()) for option in element.find_all("option")}
            elif element.name == "textarea":
                fields[name].add(element.get_text())
            else:
                fields[name].add(element.get("value", "on" if element.get("type") == "checkbox" else ""))
        found.append((form.get("action") or "", Form(dict(fields), form.has_attr("data-autosave"))))
    return found


# The POST forms found on each person's pages (with the round open or
# closed), by the endpoint they post to. The pages are the same on both
# databases: they are read once per process.
_FORMS: dict[tuple[str, bool], dict[str, Form]] = {}


def forms_by_endpoint(app: Flask, client, world: FuzzWorld, actor: str) -> dict[str, Form]:
    if (actor, world.closed) in _FORMS:
        return _FORMS[actor, world.closed]
    adapter = app.url_map.bind("localhost")
    by_endpoint: dict[str, Form] = {}
    for rule in get_rules(app):
        if rule.endpoint in SLOW_GETS or actor_for(app, rule.endpoint) != actor:
            continue
        url = world.url(app, rule)
        response = client.get(url)
        if response.mimetype != "text/html":
            continue
        for action, form in forms_on(response.get_data(as_text=True), "post"):
            try:
                endpoint, _ = adapter.match(urlsplit(action or url).path, method="POST")
            except (NotFound, MethodNotAllowed):
                continue
            merged = by_endpoint.setdefault(endpoint, Form({}))
            merged.autosave |= form.autosave
            for name, values in form.fields.items():
                merged.fields[name] = merged.fields.get(name, set()) | values
    _FORMS[actor, world.closed] = by_endpoint
    return by_endpoint
