"""Opening a round: the form (day, month and year boxes), the check page,
which stores nothing, and its "Open the round", for the partnership's leads
and for administrators, for any partnership."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import pytest

from selfassess.data import audit, partnerships
from selfassess.data.base import db
from selfassess.data.models import Round
from tests import factories
from tests.integration.rounds_helpers import actions
from tests.pages import page
from tests.signing_in import sign_in

DATES = {"opens_on": date(2027, 3, 1), "closes_on": date(2027, 4, 30)}


def date_parts(name: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def new_round_data(form_page, **changes: str) -> dict[str, str]:
    """The form filled in: Self-assessment 2027, 1 March to 30 April 2027,
    the latest questionnaire; ``changes`` replace fields (``closes_on-day="31"``)."""
    data = {
        **form_page.form_data(),
        "title": "Self-assessment 2027",
        "questionnaire_version": form_page.soup.find("select").find("option", selected=True)["value"],
    }
    for name, day in DATES.items():
        data |= date_parts(name, str(day.day), str(day.month), str(day.year))
    data.update({key.replace("__", "-"): value for key, value in changes.items()})
    return data


def fife_lead(client) -> int:
    factories.lead("lead@example.org")
    factories.version()
    sign_in(client, "lead@example.org")
    return partnerships.by_name("Fife").id


def check_page(client, fife_id: int, **changes: str):
    form = page(client, f"/partnerships/{fife_id}/rounds/new")
    return page(client, f"/partnerships/{fife_id}/rounds/new", method="POST", data=new_round_data(form, **changes))


def test_a_lead_checks_the_round_then_opens_it(app, client):
    fife_id = fife_lead(client)
    form = page(client, f"/partnerships/{fife_id}/rounds/new")
    assert not form.soup.find("input", type="date")
    boxes = [i["name"] for i in form.soup.find("main").find_all("input", attrs={"inputmode": "numeric"})]
    assert boxes == [f"{n}-{p}" for n in ("opens_on", "closes_on") for p in ("day", "month", "year")]
    check = page(client, f"/partnerships/{fife_id}/rounds/new", method="POST", data=new_round_data(form))
    assert check.h1 == "Check before you open the round"
    text = check.text()
    for shown in ("Fife", "Self-assessment 2027", "1 March 2027", "30 April 2027", "(the latest)"):
        assert shown in text
    assert db.session.query(Round).count() == 0, "nothing is stored before the button"
    assert "opened round" not in actions()
    opened = page(client, f"/partnerships/{fife_id}/rounds/new/open", method="POST", data=check.form_data(), status=302)
    round_ = db.session.query(Round).one()
    assert opened.response.headers["Location"].endswith(f"/rounds/{round_.id}/manage")
    assert (round_.title, round_.opens_on, round_.closes_on) == ("Self-assessment 2027", *DATES.values())
    event = audit.events()[0]
    assert event.action == "opened round" and "administrator" not in (event.detail or "")
    assert "You opened Self-assessment 2027" in page(client, opened.response.headers["Location"]).text()


def test_a_change_link_comes_back_to_the_form_with_the_values(app, client):
    fife_id = fife_lead(client)
    check = check_page(client, fife_id, title="Autumn round", closes_on__day="15")
    links = {a.find("span").get_text(strip=True): a["href"] for a in check.soup.select(".ds_summary-list__actions a")}
    assert set(links) == {"Questionnaire", "Name of the round", "Opens on", "Closes on"}
    url = links["Closes on"]
    assert urlsplit(url).fragment == "closes_on"
    form = page(client, url.split("#")[0])
    assert form.soup.find("input", id="title")["value"] == "Autumn round"
    assert form.soup.find("input", id="closes_on")["value"] == "15"
    assert form.soup.find("input", id="closes_on-month")["value"] == "4"
    assert not form.soup.find(class_="ds_error-summary"), "a Change link is not a submission"
    assert db.session.query(Round).count() == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"closes_on__day": "", "closes_on__month": "", "closes_on__year": ""}, "Enter the closing date"),
        ({"opens_on__day": "", "opens_on__month": "", "opens_on__year": ""}, "Enter the opening date"),
        ({"closes_on__month": ""}, "The closing date must include a month"),
        ({"opens_on__day": "31", "opens_on__month": "2"}, "The opening date must be a real date"),
        ({"closes_on__year": "27"}, "The closing date must be a real date, with a 4-digit year"),
        ({"closes_on__day": "x"}, "The closing date must be a real date"),
        ({"opens_on__month": "5"}, "The closing date must be after the opening date"),
        ({"closes_on__month": "3", "closes_on__day": "1"}, "The closing date must be after the opening date"),
        ({"title": "  "}, "Enter a name for the round"),
        ({"questionnaire_version": "999999"}, "Select the questionnaire for this round"),
    ],
)
def test_a_form_that_is_not_right_says_what_to_do_once_and_opens_nothing(app, client, changes, message):
    fife_id = fife_lead(client)
    result = check_page(client, fife_id, **changes)
    errors = [li.get_text(strip=True) for li in result.soup.select(".ds_error-summary__list li")]
    assert len(errors) == 1 and errors[0].startswith(message), errors
    assert result.title.startswith("Error: ")
    assert db.session.query(Round).count() == 0


def test_a_closing_date_of_only_spaces_is_asked_for_again_and_opens_nothing(app, client):
    """Found by the form fuzz test: a box holding spaces was taken as filled
    in, and the round reached the database without a closing date."""
    fife_id = fife_lead(client)
    refused = check_page(client, fife_id, closes_on__day=" ", closes_on__month="  ", closes_on__year="\t")
    errors = refused.soup.find(class_="ds_error-summary").get_text()
    assert "Enter the closing date" in errors and "must" not in errors
    assert db.session.query(Round).count() == 0


def test_values_changed_after_the_check_are_refused_and_nothing_is_stored(app, client):
    fife_id = fife_lead(client)
    check = check_page(client, fife_id)
    for tampered in ({"title": "Something else"}, {"closes_on-day": "29"}, {"checked": "forged"}, {"checked": ""}):
        result = page(
            client,
            f"/partnerships/{fife_id}/rounds/new/open",
            method="POST",
            data={**check.form_data(), **tampered},
            status=400,
        )
        assert "The round was not opened" in result.text()
        assert result.soup.find("form", action=f"/partnerships/{fife_id}/rounds/new")
    without_csrf = {k: v for k, v in check.form_data().items() if k != "csrf_token"}
    page(client, f"/partnerships/{fife_id}/rounds/new/open", method="POST", data=without_csrf, status=400)
    assert db.session.query(Round).count() == 0
    assert "opened round" not in actions()


def test_a_check_page_is_refused_when_a_round_was_opened_meanwhile(app, client):
    """Two tabs: the round was opened in the first; the second's button opens nothing."""
    fife_id = fife_lead(client)
    first, second = check_page(client, fife_id), check_page(client, fife_id, title="The same again")
    page(client, f"/partnerships/{fife_id}/rounds/new/open", method="POST", data=first.form_data(), status=302)
    refused = page(
        client, f"/partnerships/{fife_id}/rounds/new/open", method="POST", data=second.form_data(), status=409
    )
    assert "Self-assessment 2027 is still open" in refused.text()
    assert "No round was opened" in refused.text()
    assert [r.title for r in db.session.query(Round)] == ["Self-assessment 2027"]


def test_a_second_open_round_is_refused(app, client):
    factories.lead("lead@example.org")
    round_ = factories.round_()
    sign_in(client, "lead@example.org")
    fife_id = partnerships.by_name("Fife").id
    refused = page(client, f"/partnerships/{fife_id}/rounds/new")
    assert f"{round_.title} is still open" in refused.text()
    assert refused.soup.find("main").find("form") is None
    data = {"csrf_token": refused.csrf_token(), "title": "Another", **date_parts("opens_on", "1", "1", "2027")}
    for url in (f"/partnerships/{fife_id}/rounds/new", f"/partnerships/{fife_id}/rounds/new/open"):
        result = page(client, url, method="POST", status=409, data=data)
        assert "only one open round" in result.text()
    assert db.session.query(Round).count() == 1


def test_an_administrator_opens_a_round_for_a_partnership_with_no_lead(app, client):
    factories.account("admin@example.org", is_admin=True)
    factories.version()
    sign_in(client, "admin@example.org")
    angus_id = partnerships.by_name("Angus").id
    form = page(client, f"/partnerships/{angus_id}/rounds/new")
    assert form.soup.find("a", class_="ds_back-link")["href"] == "/admin/partnerships"
    check = page(client, f"/partnerships/{angus_id}/rounds/new", method="POST", data=new_round_data(form))
    assert "the partnership's leads can invite people" in check.text()
    opened = page(
        client, f"/partnerships/{angus_id}/rounds/new/open", method="POST", data=check.form_data(), status=302
    )
    assert opened.response.headers["Location"].endswith("/admin/partnerships")
    banner = page(client, "/admin/partnerships").soup.find(class_="ds_notification-panel").get_text(" ", strip=True)
    assert "You opened Self-assessment 2027 for Angus" in banner
    assert "It has no lead yet: make someone its lead" in banner
    round_ = db.session.query(Round).one()
    assert round_.partnership_id == angus_id
    event = audit.events()[0]
    assert (event.action, event.round_id) == ("opened round", round_.id)
    assert '"opened_as": "administrator"' in event.detail


def test_an_administrator_is_told_the_leads_can_invite_people(app, client):
    factories.lead("lead@example.org")
    factories.account("admin@example.org", is_admin=True)
    factories.version()
    sign_in(client, "admin@example.org")
    fife_id = partnerships.by_name("Fife").id
    check = check_page(client, fife_id)
    page(client, f"/partnerships/{fife_id}/rounds/new/open", method="POST", data=check.form_data(), status=302)
    banner = page(client, "/admin/partnerships").soup.find(class_="ds_notification-panel").get_text(" ", strip=True)
    assert "for Fife. Its leads can now invite people to answer." in banner


@pytest.mark.parametrize("who", ["member", "adviser", "other lead"])
def test_someone_neither_lead_nor_administrator_gets_page_not_found(app, client, who):
    factories.lead("lead@example.org")
    factories.version()
    if who == "member":
        factories.member(factories.account("who@example.org"), "Fife")
    elif who == "adviser":
        factories.adviser("who@example.org", ["Fife"])
    else:
        factories.lead("who@example.org", "Dundee City")
    lead = app.test_client()
    sign_in(lead, "lead@example.org")
    fife_id = partnerships.by_name("Fife").id
    check = check_page(lead, fife_id)
    sign_in(client, "who@example.org")
    page(client, f"/partnerships/{fife_id}/rounds/new", status=404)
    token = page(client, "/").csrf_token()
    for url in (f"/partnerships/{fife_id}/rounds/new", f"/partnerships/{fife_id}/rounds/new/open"):
        page(client, url, method="POST", data={**check.form_data(), "csrf_token": token}, status=404)
    assert db.session.query(Round).count() == 0


def test_a_partnership_that_does_not_exist_is_not_found_for_an_administrator(app, client):
    factories.account("admin@example.org", is_admin=True)
    sign_in(client, "admin@example.org")
    page(client, "/partnerships/999999/rounds/new", status=404)
