"""The partnership's pages for its lead: handing over or sharing the lead
role (opening a new round: test_new_round.py)."""

from __future__ import annotations

from selfassess.data import accounts, partnerships
from selfassess.data.base import db
from selfassess.data.models import Membership, Role
from tests import factories
from tests.integration.rounds_helpers import actions, lead_with_round
from tests.pages import page
from tests.signing_in import sign_in

# --- the lead role --------------------------------------------------------------------------------


def test_a_lead_hands_over_the_lead_role_and_loses_the_lead_pages(app, client):
    round_ = lead_with_round(client)
    successor = factories.member(factories.account("next@example.org", name="Nia Next"))
    fife = partnerships.by_name("Fife")
    leads = page(client, f"/partnerships/{fife.id}/leads")
    assert "Nia Next" in leads.text()
    result = client.post(
        f"/partnerships/{fife.id}/leads",
        data={**leads.form_data(), "person": str(successor.id), "action": "hand_over"},
    )
    assert result.status_code == 302
    assert "now leads" in page(client, result.headers["Location"]).text()
    assert "handed over lead role" in actions()
    for url in (f"/partnerships/{fife.id}/rounds", f"/rounds/{round_.id}/manage", f"/partnerships/{fife.id}/leads"):
        page(client, url, status=404)
    new_lead = app.test_client()
    sign_in(new_lead, "next@example.org")
    page(new_lead, f"/rounds/{round_.id}/manage")
    db.session.expire_all()
    assert [m.account.email for m in accounts.leads(fife.id)] == ["next@example.org"]


def test_a_lead_makes_someone_a_lead_as_well(app, client):
    lead_with_round(client)
    other = factories.member(factories.account("also@example.org"))
    fife = partnerships.by_name("Fife")
    leads = page(client, f"/partnerships/{fife.id}/leads")
    result = client.post(
        f"/partnerships/{fife.id}/leads", data={**leads.form_data(), "person": str(other.id), "action": "add"}
    )
    assert result.status_code == 302
    db.session.expire_all()
    assert sorted(m.account.email for m in accounts.leads(fife.id)) == ["also@example.org", "lead@example.org"]
    assert "made lead" in actions()
    page(client, f"/partnerships/{fife.id}/rounds")


def test_the_lead_role_form_says_what_to_do_and_stores_nothing_when_incomplete(app, client):
    lead_with_round(client)
    other = factories.member(factories.account("also@example.org"))
    fife = partnerships.by_name("Fife")
    token = page(client, f"/partnerships/{fife.id}/leads").csrf_token()
    result = page(client, f"/partnerships/{fife.id}/leads", method="POST", data={"csrf_token": token})
    summary = result.soup.find(class_="ds_error-summary").get_text()
    assert "Select the person who should lead" in summary
    assert "Select whether to hand over the lead role or share it" in summary
    page(
        client,
        f"/partnerships/{fife.id}/leads",
        method="POST",
        data={"csrf_token": token, "person": str(other.id), "action": "crown"},
    )
    db.session.expire_all()
    assert db.session.get(Membership, accounts.membership(other, fife.id).id).role == Role.RESPONDENT
    assert "made lead" not in actions()
