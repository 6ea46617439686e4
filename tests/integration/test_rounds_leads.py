"""The partnership's pages for its lead: handing over or sharing the lead
role, and opening a new round."""

from __future__ import annotations

from datetime import date

from selfassess.data import accounts, partnerships
from selfassess.data.base import db
from selfassess.data.models import Membership, Role, Round
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


# --- opening a round ----------------------------------------------------------------------------------


def new_round_data(form_page, **changes: str) -> dict[str, str]:
    data = {
        **form_page.form_data(),
        "title": "Self-assessment 2027",
        "opens_on": "2027-03-01",
        "closes_on": "2027-04-30",
        "questionnaire_version": form_page.soup.find("select").find("option", selected=True)["value"],
    }
    data.update(changes)
    return data


def test_a_lead_opens_a_new_round_on_the_latest_questionnaire(app, client):
    factories.lead("lead@example.org")
    version = factories.version()
    sign_in(client, "lead@example.org")
    fife = partnerships.by_name("Fife")
    listing = page(client, f"/partnerships/{fife.id}/rounds")
    assert "There are no rounds yet" in listing.text()
    form = page(client, f"/partnerships/{fife.id}/rounds/new")
    assert form.soup.find("input", id="opens_on")["type"] == "date"
    assert form.soup.find("select").find("option", selected=True)["value"] == str(version.id)
    result = client.post(f"/partnerships/{fife.id}/rounds/new", data=new_round_data(form))
    assert result.status_code == 302
    round_ = db.session.query(Round).one()
    assert result.headers["Location"].endswith(f"/rounds/{round_.id}/manage")
    assert (round_.title, round_.opens_on, round_.closes_on) == (
        "Self-assessment 2027",
        date(2027, 3, 1),
        date(2027, 4, 30),
    )
    assert round_.questionnaire_version_id == version.id
    assert "opened round" in actions()
    assert "Self-assessment 2027" in page(client, f"/partnerships/{fife.id}/rounds").text()


def test_a_closing_date_of_only_spaces_is_asked_for_again_and_opens_nothing(app, client):
    """Found by the form fuzz test: a box holding spaces was taken as filled
    in, and the round reached the database without a closing date."""
    factories.lead("lead@example.org")
    factories.version()
    sign_in(client, "lead@example.org")
    fife = partnerships.by_name("Fife")
    form = page(client, f"/partnerships/{fife.id}/rounds/new")
    refused = page(
        client, f"/partnerships/{fife.id}/rounds/new", method="POST", data=new_round_data(form, closes_on=" ")
    )
    assert "Enter the date the round closes" in refused.text()
    assert db.session.query(Round).count() == 0


def test_a_second_open_round_is_refused(app, client):
    round_ = lead_with_round(client)
    fife = partnerships.by_name("Fife")
    refused = page(client, f"/partnerships/{fife.id}/rounds/new")
    assert f"{round_.title} is still open" in refused.text()
    assert refused.soup.find("main").find("form") is None
    token = refused.csrf_token()
    result = page(
        client,
        f"/partnerships/{fife.id}/rounds/new",
        method="POST",
        status=409,
        data={"csrf_token": token, "title": "Another", "opens_on": "2027-01-01", "closes_on": "2027-02-01"},
    )
    assert "only one open round" in result.text()
    assert db.session.query(Round).count() == 1


def test_bad_dates_are_refused_and_nothing_is_stored(app, client):
    factories.lead("lead@example.org")
    factories.version()
    sign_in(client, "lead@example.org")
    fife = partnerships.by_name("Fife")
    form = page(client, f"/partnerships/{fife.id}/rounds/new")
    cases = [
        ({"opens_on": "2027-05-01", "closes_on": "2027-04-30"}, "The closing date must be the same as or after"),
        ({"opens_on": "2027-02-30"}, "Enter the date the round opens as a real date"),
        ({"closes_on": ""}, "Enter the date the round closes"),
        ({"title": "  "}, "Enter a name for the round"),
        ({"questionnaire_version": "999999"}, "Select the questionnaire for this round"),
    ]
    for changes, message in cases:
        result = page(
            client, f"/partnerships/{fife.id}/rounds/new", method="POST", data=new_round_data(form, **changes)
        )
        errors = result.soup.find(class_="ds_error-summary").get_text()
        assert message in errors, errors
        assert errors.count("Enter") + errors.count("The closing") + errors.count("Select") == 1
    assert db.session.query(Round).count() == 0
    assert "opened round" not in actions()
