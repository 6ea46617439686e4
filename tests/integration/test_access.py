"""Every route has an explicit access rule, and nobody sees another
partnership's data by changing an id in a URL or a form."""

from __future__ import annotations

import re

import pytest
from werkzeug.routing import Rule

from selfassess import access
from selfassess.data import actions, invitations, responses, rounds
from selfassess.data.base import db
from selfassess.data.models import Job
from tests import factories
from tests.signing_in import csrf_token, sign_in

PUBLIC, ADMIN, ADVISER = access.PUBLIC, access.ADMIN, access.ADVISER
NATIONAL = access.NATIONAL
PLEAD_OR_ADMIN = access.PARTNERSHIP_LEAD_OR_ADMIN
PLEAD, RESP, RLEAD, RESULTS, REPORT = (
    access.PARTNERSHIP_LEAD,
    access.ROUND_RESPONDENT,
    access.ROUND_LEAD,
    access.ROUND_RESULTS,
    access.ROUND_REPORT,
)

# Every route and the rule it must declare. A new route fails this test
# until it is added here with its rule.
EXPECTED = {
    "home.healthz": PUBLIC,  # for a load balancer: says only whether the database answers
    "home.index": PUBLIC,
    "home.about": PUBLIC,
    "home.favicon": PUBLIC,
    "home.privacy": PUBLIC,
    "home.accessibility": PUBLIC,
    "auth.sign_in": PUBLIC,
    "auth.sign_out": PUBLIC,
    "auth.forgotten_password": PUBLIC,
    "auth.reset_password": PUBLIC,  # the signed, single-use link is the credential
    "auth.accept_invitation": PUBLIC,  # likewise
    "answering.task_list": RESP,
    "answering.domain": RESP,
    "answering.check": RESP,
    "answering.submit": RESP,
    "answering.submitted": RESP,
    "answering.recorded_task_list": RLEAD,
    "answering.recorded_domain": RLEAD,
    "answering.recorded_check": RLEAD,
    "answering.recorded_submit": RLEAD,
    "answering.recorded_submitted": RLEAD,
    "rounds.partnership_rounds": PLEAD,
    "rounds.new_round": PLEAD_OR_ADMIN,  # an administrator may open a round for any partnership
    "rounds.open_checked": PLEAD_OR_ADMIN,
    "rounds.leads": PLEAD,
    "rounds.manage": RLEAD,
    "rounds.invite": RLEAD,
    "rounds.resend": RLEAD,
    "rounds.withdraw": RLEAD,
    "rounds.close": RLEAD,
    "rounds.reopen": RLEAD,
    "rounds.reopen_response": RLEAD,
    "rounds.share_results": RLEAD,
    "rounds.record_response": RLEAD,
    "results.show": RESULTS,
    "results.what_happens_next": RESULTS,
    "results.agree": RLEAD,
    "results.remove_agreed": RLEAD,
    "results.dashboard": ADVISER,
    "compare.show": ADVISER,
    "compare.csv": ADVISER,
    "reports.report": REPORT,
    "reports.export": REPORT,
    "reports.all_reports": ADVISER,
    "reports.job_status": ADVISER,
    "reports.job_download": ADVISER,
    "plans.plan": REPORT,
    "plans.draft": RLEAD,
    "plans.add": RLEAD,
    "plans.edit": RLEAD,
    "plans.remove": RLEAD,
    "plans.comment": REPORT,
    "workshop.start": REPORT,
    "workshop.step": REPORT,
    "rounds.reminders": RLEAD,
    "rounds.automatic_reminders": RLEAD,
    "admin.index": ADMIN,
    "admin.partnership_list": ADMIN,
    "admin.add_partnership": ADMIN,
    "admin.rename_partnership": ADMIN,
    "admin.account_list": ADMIN,
    "admin.add_account": ADMIN,
    "admin.account": ADMIN,
    "admin.add_membership": ADMIN,
    "admin.change_membership": ADMIN,
    "admin.remove_membership": ADMIN,
    "admin.adviser": ADMIN,
    "admin.administrator": ADMIN,
    "admin.erase_account": ADMIN,
    "admin.questionnaire_versions": ADMIN,
    "admin.load_questionnaire": ADMIN,
    "admin.audit_log": ADMIN,
    "admin.audit_csv": ADMIN,
    "admin.make_lead": ADMIN,
    "national.latest": NATIONAL,
    "national.show": NATIONAL,
    "national.report": NATIONAL,
    "national.admin": ADMIN,
    "national.publish": ADMIN,
    "national.role": ADMIN,
}


def test_every_route_declares_the_expected_access_rule(app):
    declared = {
        rule.endpoint: getattr(app.view_functions[rule.endpoint], "access_rule", None)
        for rule in app.url_map.iter_rules()
    }
    unlisted = sorted(set(declared) - set(EXPECTED))
    assert not unlisted, f"routes without an expected access rule in this test: {unlisted}"
    assert not sorted(set(EXPECTED) - set(declared)), "routes listed here that no longer exist"
    wrong = {e: (declared[e], rule) for e, rule in EXPECTED.items() if declared[e] != rule}
    assert not wrong, f"routes whose declared rule differs: {wrong}"


def test_a_route_without_a_rule_is_refused(app, client):
    app.add_url_rule("/forgotten-rule", "forgotten_rule", lambda: "secret")
    response = client.get("/forgotten-rule")
    assert response.status_code == 404
    assert b"secret" not in response.data


class World:
    """Fife's data, and people who must not see it."""

    def __init__(self) -> None:
        fife_lead = factories.lead("fife.lead@example.org", "Fife")
        self.fife_respondent = factories.member(factories.account("fife.nhs@example.org"), "Fife", "nhs")
        self.round = factories.round_("Fife", closed=False)
        for level in (1, 2, 4):
            factories.response(self.round, factories.all_answers(level), perspective="community")
        # Closed once and open again: it has results, and pages for answering.
        factories.close(self.round)
        rounds.reopen(self.round)
        self.invitation = invitations.invite(self.round, "new.person@example.org", "nhs", fife_lead)
        self.recorded = responses.record_on_behalf(self.round, fife_lead, "community", "paper", "Paper copy 1")
        self.action = actions.add(self.round, "Hold a workshop on what co-production means here")
        fife_adviser = factories.adviser("fife.adviser@example.org", ["Fife"])
        self.job = Job(owner_id=fife_adviser.id, kind="all reports")
        db.session.add(self.job)
        db.session.commit()
        factories.lead("dundee.lead@example.org", "Dundee City")
        factories.adviser("dundee.adviser@example.org", ["Dundee City"])
        factories.member(factories.account("angus.member@example.org"), "Angus", "community")

    def values(self, rule: Rule) -> dict:
        candidates = {
            "round_id": self.round.id,
            "partnership_id": self.round.partnership_id,
            "response_id": self.recorded.id,
            "invitation_id": self.invitation.id,
            "indicator_id": "leadership.shared-meaning",
            "domain_id": "leadership",
            "kind": "csv",
            "token": "not-a-real-token",
            "account_id": self.fife_respondent.id,
            "job_id": self.job.id,
            "action_id": self.action.id,
            "step": 1,  # the workshop's first question: the answers 1, 2 and 4 differ
            "snapshot_id": 1,  # refused before it is looked up: the role comes first
        }
        return {name: candidates[name] for name in rule.arguments}


# People who must get "Page not found" (or, for admin pages, "no access")
# for everything of Fife's: a lead of another partnership, an adviser for
# another partnership and a respondent of another partnership.
OUTSIDERS = ["dundee.lead@example.org", "dundee.adviser@example.org", "angus.member@example.org"]


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_changing_an_id_reveals_nothing_of_another_partnership(app, client, outsider):
    world = World()
    sign_in(client, outsider)
    token = csrf_token(client)
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.arguments or EXPECTED[rule.endpoint] == PUBLIC:
            continue
        url = _build(app, rule, world)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
            # Pages of a role the person does not have answer "no access"
            # (403); anything of Fife's answers "Page not found" (404).
            expected = {ADMIN: (403,), ADVISER: (403, 404), NATIONAL: (403,)}.get(EXPECTED[rule.endpoint], (404,))
            assert response.status_code in expected, f"{outsider}: {method} {url} gave {response.status_code}"
            assert b"fife" not in response.data.lower(), url
            checked += 1
    assert checked >= 40


def test_the_same_urls_work_for_the_people_they_are_for(app, client):
    """So that the refusals above are refusals of real pages."""
    world = World()
    owners = {
        RLEAD: "fife.lead@example.org",
        PLEAD: "fife.lead@example.org",
        PLEAD_OR_ADMIN: "fife.lead@example.org",
        RESULTS: "fife.lead@example.org",
        REPORT: "fife.lead@example.org",
        RESP: "fife.nhs@example.org",
        ADVISER: "fife.adviser@example.org",
    }
    for rule in app.url_map.iter_rules():
        owner = owners.get(EXPECTED[rule.endpoint])
        if not rule.arguments or owner is None or "GET" not in rule.methods:
            continue
        if rule.endpoint in ("reports.report", "reports.job_download"):
            continue  # a PDF build and an unfinished job: covered in test_reports.py
        signed_in = app.test_client()
        sign_in(signed_in, owner)
        url = _build(app, rule, world)
        response = signed_in.get(url)
        assert response.status_code != 404, f"{owner}: GET {url} is 404 for its owner"


def _build(app, rule: Rule, world: World) -> str:
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **world.values(rule))


def test_pages_for_signed_in_people_send_anonymous_visitors_to_sign_in(app, client):
    world = World()
    for rule in app.url_map.iter_rules():
        if EXPECTED[rule.endpoint] == PUBLIC or "GET" not in rule.methods:
            continue
        url = _build(app, rule, world)
        response = client.get(url)
        assert response.status_code == 302, url
        assert re.search(r"/sign-in\?next=", response.headers["Location"]), url
