"""Who may use the lead's pages: only leads of the partnership. Everyone
else signed in gets "Page not found", exactly as for an id that does not
exist; an anonymous visitor is sent to sign in. Changing a round,
invitation, response or person id to one from another partnership is
refused the same way, and a refused request changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from selfassess.data import audit, invitations, partnerships
from selfassess.data.base import db
from selfassess.data.models import Account, Invitation, Membership, Response, Round
from tests import factories
from tests.integration.rounds_helpers import outbox
from tests.signing_in import csrf_token, sign_in

SNEAKY_DATES = {
    **{f"opens_on-{part}": value for part, value in (("day", "1"), ("month", "1"), ("year", "2027"))},
    **{f"closes_on-{part}": value for part, value in (("day", "1"), ("month", "2"), ("year", "2027"))},
}

# Every route of the lead's pages: (method, URL with {p}artnership, {r}ound,
# {i}nvitation and re{s}ponse ids, form data a lead might post).
ROUTES = [
    ("GET", "/partnerships/{p}/rounds", {}),
    ("GET", "/partnerships/{p}/rounds/new", {}),
    ("POST", "/partnerships/{p}/rounds/new", {"title": "Sneaky round", **SNEAKY_DATES}),
    ("POST", "/partnerships/{p}/rounds/new/open", {"title": "Sneaky round", **SNEAKY_DATES, "checked": "forged"}),
    ("GET", "/rounds/{r}/manage", {}),
    ("POST", "/rounds/{r}/invitations", {"email": "intruder@example.org", "perspective": "nhs"}),
    ("POST", "/rounds/{r}/invitations/{i}/resend", {}),
    ("POST", "/rounds/{r}/invitations/{i}/withdraw", {}),
    ("GET", "/rounds/{r}/close", {}),
    ("POST", "/rounds/{r}/close", {}),
    ("POST", "/rounds/{r}/reopen", {}),
    ("POST", "/rounds/{r}/responses/{s}/reopen", {}),
    ("POST", "/rounds/{r}/share", {}),
    ("GET", "/rounds/{r}/reminders", {}),
    ("POST", "/rounds/{r}/reminders", {}),
    ("POST", "/rounds/{r}/reminders/automatic", {"automatic": "y"}),
    ("GET", "/rounds/{r}/record", {}),
    ("POST", "/rounds/{r}/record", {"source": "paper", "perspective": "nhs"}),
    ("GET", "/partnerships/{p}/leads", {}),
    ("POST", "/partnerships/{p}/leads", {"person": "{respondent}", "action": "add"}),
]


@dataclass
class World:
    fife_id: int
    dundee_id: int
    fife_round: Round
    dundee_round: Round
    fife_invitation: Invitation
    dundee_invitation: Invitation
    fife_response: Response
    dundee_response: Response
    respondent: Account
    dundee_lead: Account

    def ids(self, partnership: str = "fife", **swap: int) -> dict[str, int]:
        fife = partnership == "fife"
        values = {
            "p": self.fife_id if fife else self.dundee_id,
            "r": (self.fife_round if fife else self.dundee_round).id,
            "i": (self.fife_invitation if fife else self.dundee_invitation).id,
            "s": (self.fife_response if fife else self.dundee_response).id,
            "respondent": self.respondent.id,
        }
        values.update(swap)
        return values


@pytest.fixture
def world(app) -> World:
    lead = factories.lead("lead@example.org", "Fife")
    respondent = factories.member(factories.account("respondent@example.org"), "Fife", "third_sector")
    dundee_lead = factories.lead("dundee.lead@example.org", "Dundee City")
    fife_round = factories.round_("Fife")
    dundee_round = factories.round_("Dundee City")
    fife_invitation = invitations.invite(fife_round, "invited@example.org", "community", lead)
    dundee_invitation = invitations.invite(dundee_round, "invited.dundee@example.org", "community", dundee_lead)
    db.session.commit()
    fife_response = factories.response(fife_round, factories.all_answers(3), respondent=respondent)
    dundee_response = factories.response(dundee_round, factories.all_answers(3))
    return World(
        fife_id=partnerships.by_name("Fife").id,
        dundee_id=partnerships.by_name("Dundee City").id,
        fife_round=fife_round,
        dundee_round=dundee_round,
        fife_invitation=fife_invitation,
        dundee_invitation=dundee_invitation,
        fife_response=fife_response,
        dundee_response=dundee_response,
        respondent=respondent,
        dundee_lead=dundee_lead,
    )


def snapshot() -> dict[str, object]:
    """Everything a refused request might have changed."""
    db.session.expire_all()
    return {
        "rounds": sorted(
            (r.id, r.title, r.status, r.results_shared_at, r.results_version) for r in db.session.query(Round)
        ),
        "invitations": sorted(
            (i.id, i.email, i.perspective, i.nonce, i.withdrawn_at) for i in db.session.query(Invitation)
        ),
        "responses": sorted((r.id, r.status, r.recorded_by_id) for r in db.session.query(Response)),
        "memberships": sorted((m.account_id, m.partnership_id, m.role) for m in db.session.query(Membership)),
        "accounts": db.session.query(Account).count(),
        "events": sorted(e.action for e in audit.events() if e.action != "signed in"),
    }


def request(client, method: str, url_template: str, data: dict, ids: dict[str, int]):
    url = url_template.format(**ids)
    if method == "GET":
        return client.get(url)
    form = {k: v.format(**ids) for k, v in data.items()}
    return client.post(url, data={"csrf_token": csrf_token(client), **form})


def test_every_route_of_the_lead_pages_is_listed_here(app):
    listed = {(method, template.replace("{p}", "<int:partnership_id>")) for method, template, _ in ROUTES}
    listed = {
        (
            m,
            t.replace("{r}", "<int:round_id>")
            .replace("{i}", "<int:invitation_id>")
            .replace("{s}", "<int:response_id>"),
        )
        for m, t in listed
    }
    found = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("rounds.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert found == listed


def test_only_leads_of_the_partnership_may_use_the_routes(app, world):
    clients = {}
    for email in ("respondent@example.org", "dundee.lead@example.org"):
        clients[email] = app.test_client()
        sign_in(clients[email], email)
    clients["anonymous"] = app.test_client()
    before = snapshot()
    ids = world.ids()
    problems = []
    for method, url, data in ROUTES:
        for who, client in clients.items():
            result = request(client, method, url, data, ids)
            expected = 302 if who == "anonymous" else 404
            if result.status_code != expected:
                problems.append(f"{who}: {method} {url}: {result.status_code}, expected {expected}")
            elif who == "anonymous" and not result.headers["Location"].startswith("/sign-in"):
                problems.append(f"{who}: {method} {url}: sent to {result.headers['Location']}")
            elif who != "anonymous" and "Page not found" not in result.get_data(as_text=True):
                problems.append(f"{who}: {method} {url}: not the Page not found page")
        if snapshot() != before:
            problems.append(f"{method} {url}: a refused request changed something")
            before = snapshot()
    assert problems == []
    assert outbox(app) == []


def test_a_lead_cannot_reach_another_partnership_by_changing_ids(app, world, client):
    sign_in(client, "lead@example.org")
    before = snapshot()
    fife, dundee = world.ids(), world.ids("dundee")
    problems = []
    for method, url, data in ROUTES:
        swaps = [dundee]  # the whole address from Dundee City
        if "{i}" in url:
            swaps.append({**fife, "i": dundee["i"]})  # a Dundee invitation in a Fife round
        if "{s}" in url:
            swaps.append({**fife, "s": dundee["s"]})  # a Dundee response in a Fife round
        if "{respondent}" in str(data):
            swaps.append({**fife, "respondent": world.dundee_lead.id})  # a Dundee person in the Fife form
        for ids in swaps:
            result = request(client, method, url, data, ids)
            if result.status_code != 404:
                problems.append(f"{method} {url} with {ids}: {result.status_code}")
    assert problems == []
    assert snapshot() == before
    assert outbox(app) == []


def test_a_lead_can_use_the_routes_of_their_own_partnership(app, world, client):
    """The other side of the tests above: the same addresses work for the lead."""
    sign_in(client, "lead@example.org")
    ids = world.ids()
    for method, url, _data in ROUTES:
        if method == "GET":
            result = client.get(url.format(**ids))
            assert result.status_code in (200, 302), f"{url}: {result.status_code}"
