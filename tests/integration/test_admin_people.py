"""The administrator's pages for people: listing and searching, adding
someone, memberships, the adviser and administrator roles, and erasure."""

from __future__ import annotations

import json

from selfassess.data import accounts, audit, partnerships
from selfassess.data import actions as action_plans
from selfassess.data.base import db
from selfassess.data.models import Action, Response, Role
from tests import factories
from tests.integration.admin_helpers import actions, post
from tests.pages import page
from tests.signing_in import sign_in

# --- people ---------------------------------------------------------------------------


def test_lists_and_searches_people(client, admin):
    factories.account("joan.smith@example.org", name="Joan Smith")
    factories.account("peter@nhs.scot", name="Peter Jones")
    everyone = page(client, "/admin/people")
    assert "Everyone (3)" in everyone.text()
    by_email = page(client, "/admin/people?q=NHS.SCOT")
    assert "1 person found" in by_email.text()
    assert "Peter Jones" in by_email.text()
    assert "Joan Smith" not in by_email.text()
    by_name = page(client, "/admin/people?q=smith")
    assert "Joan Smith" in by_name.text()
    assert "Peter Jones" not in by_name.text()
    nobody = page(client, "/admin/people?q=100%25")
    assert "0 people found" in nobody.text()
    assert "No one's email address or name contains" in nobody.text()


def test_adds_a_person_without_a_password(client, admin):
    result = post(client, "/admin/people/new", {"email": " New.Person@Example.org ", "name": "New Person"})
    added = accounts.by_email("new.person@example.org")
    assert added is not None
    assert added.name == "New Person"
    assert added.password_hash is None
    assert result.response.headers["Location"].endswith(f"/admin/people/{added.id}")
    shown = page(client, f"/admin/people/{added.id}")
    assert "Added New Person." in shown.text()
    assert "Not set yet" in shown.text()
    event = audit.events()[0]
    assert event.action == "added person"
    assert "new.person" not in (event.detail or "")  # no email in the log, which outlives erasure


def test_adding_a_person_checks_the_form(client, admin):
    shown = post(client, "/admin/people/new", {"email": "", "name": ""}, status=200)
    assert "Enter the person's email address" in shown.text()
    assert "Enter the person's full name" in shown.text()
    shown = post(client, "/admin/people/new", {"email": "not-an-email", "name": "X"}, status=200)
    assert "Enter an email address in the right format" in shown.text()
    shown = post(client, "/admin/people/new", {"email": admin.email.upper(), "name": "Someone"}, status=200)
    assert "There is already a person with this email address" in shown.text()
    assert len(accounts.all_accounts()) == 1


def test_a_field_with_two_problems_shows_both_in_one_message(client, admin):
    """Both under one id, which the field's aria-describedby names (two
    elements with the same id were found by the strict page check)."""
    shown = post(client, "/admin/people/new", {"email": "0" * 255, "name": "X"}, status=200)
    [message] = shown.soup.select("#email-error")
    assert len(shown.soup.find(class_="ds_error-summary").find_all("a", href="#email")) == 2
    assert "email-error" in shown.soup.find(id="email")["aria-describedby"].split()
    assert "Enter an email address in the right format" in message.get_text()
    assert len(accounts.all_accounts()) == 1


def test_adds_changes_and_removes_a_membership(client, admin):
    factories.version()
    person = factories.account("p@example.org", password=None)
    fife = partnerships.by_name("Fife")
    form = page(client, f"/admin/people/{person.id}/memberships/new")
    perspectives = [i["value"] for i in form.soup.find_all("input", attrs={"name": "perspective"})]
    assert "nhs" in perspectives and "lived_experience" in perspectives

    post(
        client,
        f"/admin/people/{person.id}/memberships/new",
        {"partnership": str(fife.id), "role": "respondent", "perspective": "nhs"},
    )
    (membership,) = accounts.memberships(person)
    assert (membership.partnership_id, membership.role, membership.perspective) == (fife.id, Role.RESPONDENT, "nhs")
    shown = page(client, f"/admin/people/{person.id}")
    assert "Fife" in shown.text()
    assert "Respondent, answering from the perspective: NHS" in shown.text()

    # Fife is no longer offered
    again = page(client, f"/admin/people/{person.id}/memberships/new")
    assert str(fife.id) not in [o["value"] for o in again.soup.find_all("option")]

    post(
        client,
        f"/admin/people/{person.id}/memberships/{fife.id}",
        {"role": "lead", "perspective": "third_sector"},
    )
    db.session.expire_all()
    (membership,) = accounts.memberships(person)
    assert (membership.role, membership.perspective) == (Role.LEAD, "third_sector")

    post(
        client,
        f"/admin/people/{person.id}",
        {},
        action=f"/admin/people/{person.id}/memberships/{fife.id}/remove",
        index=0,
    )
    db.session.expire_all()
    assert accounts.memberships(person) == []
    assert actions()[:3] == ["changed membership"] * 3


def test_adding_a_membership_checks_the_form(client, admin):
    factories.version()
    person = factories.account("p@example.org")
    url = f"/admin/people/{person.id}/memberships/new"
    shown = post(client, url, {"partnership": "", "perspective": "martian"}, status=200)
    text = shown.text()
    assert "Select a partnership" in text
    assert "Select a role" in text
    assert "Select a perspective from the list" in text
    assert accounts.memberships(person) == []


def test_adding_a_membership_needs_a_questionnaire_version(client, admin):
    person = factories.account("p@example.org")
    shown = page(client, f"/admin/people/{person.id}/memberships/new")
    assert "No questionnaire version is loaded yet" in shown.text()


def test_changing_an_unknown_membership_is_not_found(client, admin):
    factories.version()
    person = factories.account("p@example.org")
    fife = partnerships.by_name("Fife")
    page(client, f"/admin/people/{person.id}/memberships/{fife.id}", status=404)
    page(client, "/admin/people/999999", status=404)


def test_sets_the_adviser_role(client, admin):
    person = factories.account("adv@example.org")
    fife, angus = partnerships.by_name("Fife"), partnerships.by_name("Angus")
    url = f"/admin/people/{person.id}/adviser"
    post(client, url, {"adviser": "some", "partnerships": [str(fife.id), str(angus.id)]})
    db.session.expire_all()
    assert not person.adviser_for_all
    assert {a.partnership_id for a in person.adviser_assignments} == {fife.id, angus.id}
    shown = page(client, f"/admin/people/{person.id}")
    assert "An adviser for Angus, Fife" in shown.text()
    # the form shows what is set
    form = page(client, url)
    checked = {i["value"] for i in form.soup.find_all("input", attrs={"name": "partnerships"}) if i.has_attr("checked")}
    assert checked == {str(fife.id), str(angus.id)}

    post(client, url, {"adviser": "all"})
    db.session.expire_all()
    assert person.adviser_for_all and not person.adviser_assignments

    post(client, url, {"adviser": "none"})
    db.session.expire_all()
    assert not person.is_adviser
    assert actions()[:3] == ["changed roles"] * 3


def test_an_adviser_for_some_partnerships_needs_at_least_one(client, admin):
    person = factories.account("adv@example.org")
    shown = post(client, f"/admin/people/{person.id}/adviser", {"adviser": "some"}, status=200)
    assert "Select at least one partnership" in shown.text()
    assert not person.is_adviser


def test_makes_and_removes_an_administrator(client, admin):
    person = factories.account("p@example.org")
    url = f"/admin/people/{person.id}"
    post(client, url, {}, action=f"{url}/administrator")
    db.session.expire_all()
    assert person.is_admin
    post(client, url, {}, action=f"{url}/administrator")
    db.session.expire_all()
    assert not person.is_admin
    assert actions()[:2] == ["changed roles", "changed roles"]


def test_an_admin_cannot_remove_their_own_admin_flag(client, admin):
    own = page(client, f"/admin/people/{admin.id}")
    assert "You cannot remove your own administrator role" in own.text()
    assert not own.soup.find("input", attrs={"name": "make_admin"})
    # even when posting directly
    data = {"csrf_token": own.csrf_token(), "make_admin": "no"}
    page(client, f"/admin/people/{admin.id}/administrator", method="POST", data=data, status=302)
    db.session.expire_all()
    assert accounts.get(admin.id).is_admin
    assert "You cannot remove your own administrator role" in page(client, f"/admin/people/{admin.id}").text()
    assert "changed roles" not in actions()


# --- erasure --------------------------------------------------------------------------


def test_erasing_a_person(client, admin):
    round_ = factories.round_()
    person = factories.member(factories.account("erase.me@example.org", name="Erin Rase"), "Fife", "nhs")
    submitted = factories.response(round_, factories.all_answers(3), respondent=person)
    account_id, response_id = person.id, submitted.id

    confirm = page(client, f"/admin/people/{account_id}/erase")
    text = confirm.text()
    assert "Erin Rase" in text and "erase.me@example.org" in text
    assert "can no longer sign in" in text
    assert f"Erased person {account_id}" in text
    assert "Unless you tick the box below, answers they submitted stay" in text

    post(client, f"/admin/people/{account_id}/erase", {})
    db.session.expire_all()
    erased = accounts.get(account_id)
    assert erased.name is None and erased.email is None and erased.erased_at is not None
    assert accounts.by_email("erase.me@example.org") is None
    assert erased.display_name == f"Erased person {account_id}"
    kept = db.session.get(Response, response_id)
    assert kept is not None and kept.is_submitted and kept.respondent_id == account_id

    shown = page(client, f"/admin/people/{account_id}")
    assert shown.h1 == f"Erased person {account_id}"
    assert "Erin" not in shown.text()
    assert "Erin Rase" not in page(client, "/admin/people").text()
    log = page(client, "/admin/audit")
    assert f"Erased person {account_id}" in log.text()
    assert "erased person" in actions()
    # an erased person cannot be changed or erased again
    page(client, f"/admin/people/{account_id}/erase", status=404)
    page(client, f"/admin/people/{account_id}/adviser", status=404)

    # the erased person can no longer sign in
    erased_client = client.application.test_client()
    refused = sign_in(erased_client, "erase.me@example.org", status=200)
    assert "The email address or password is not right" in refused.get_data(as_text=True)


def test_an_admin_cannot_erase_themselves(client, admin):
    shown = page(client, f"/admin/people/{admin.id}/erase")
    assert "You cannot erase yourself" in shown.text()
    page(client, f"/admin/people/{admin.id}/erase", method="POST", data={"csrf_token": shown.csrf_token()}, status=400)
    assert accounts.get(admin.id).erased_at is None


# --- erasing someone who owns actions ---------------------------------------------------


def person_who_owns_actions():
    """Erin Rase owns two actions, one by her name (typed with odd spacing and
    capitals) in Fife and one by her email address in Dundee City; an action
    of someone with a longer name is not hers."""
    person = factories.member(factories.account("erase.me@example.org", name="Erin Rase"), "Fife", "nhs")
    fife = factories.round_(closed=True)
    dundee = factories.round_("Dundee City", title="Dundee 2026", closed=True)
    by_name = action_plans.add(fife, "Run a workshop with the carers forum", owner="erin  RASE")
    by_email = action_plans.add(dundee, "Write to every GP practice", owner="erase.me@example.org")
    other = action_plans.add(fife, "Publish the results", owner="Erin Rasey")
    db.session.commit()
    return person.id, by_name.id, by_email.id, other.id


def owner_of(action_id: int) -> str | None:
    db.session.expire_all()
    return db.session.get(Action, action_id).owner


def test_the_erasure_page_lists_the_actions_the_person_owns(client, admin):
    account_id, by_name, by_email, _ = person_who_owns_actions()
    shown = page(client, f"/admin/people/{account_id}/erase")
    text = shown.text()
    assert "2 actions in action plans have them as the owner" in text
    for action_id, partnership, round_title in [
        (by_name, "Fife", "Self-assessment 2026"),
        (by_email, "Dundee City", "Dundee 2026"),
    ]:
        section = " ".join(shown.soup.find(id=f"owned-{action_id}").find_parent("section").get_text(" ").split())
        assert partnership in section and round_title in section, section
        assert shown.soup.find("input", attrs={"name": f"action_{action_id}", "value": "give"})
        assert shown.soup.find("input", attrs={"name": f"owner_{action_id}"})
    assert "Run a workshop with the carers forum" in text and "Write to every GP practice" in text
    assert "Publish the results" not in text  # Erin Rasey's, not hers


def test_erasing_gives_their_actions_new_owners_in_the_same_change(client, admin):
    account_id, by_name, by_email, other = person_who_owns_actions()
    post(
        client,
        f"/admin/people/{account_id}/erase",
        {f"action_{by_name}": "give", f"owner_{by_name}": "  Morag Baird ", f"action_{by_email}": "none"},
    )
    assert accounts.get(account_id).erased_at is not None
    assert owner_of(by_name) == "Morag Baird"
    assert owner_of(by_email) is None
    assert owner_of(other) == "Erin Rasey"
    shown = page(client, f"/admin/people/{account_id}")
    assert "1 action has a new owner and 1 action has no owner now." in shown.text()
    changes = [e for e in audit.events() if e.action == "changed action owner"]
    assert sorted(json.loads(e.detail)["owner"] for e in changes) == ["cleared", "reassigned"]
    assert not any("Morag" in (e.detail or "") or "Erin" in (e.detail or "") for e in audit.events())
    assert actions()[0] == "erased person"  # after the owner changes, in the same commit


def test_erasing_without_saying_what_happens_to_an_action_erases_nothing(client, admin):
    account_id, by_name, by_email, _ = person_who_owns_actions()
    url = f"/admin/people/{account_id}/erase"
    for data, error in [
        ({f"action_{by_name}": "none"}, "Choose what happens to the action “Write to every GP practice”"),
        (
            {f"action_{by_name}": "give", f"owner_{by_name}": " ", f"action_{by_email}": "none"},
            "Enter the new owner of “Run a workshop with the carers forum”, or choose to leave it with no owner",
        ),
    ]:
        refused = post(client, url, data, status=200)
        assert refused.title.startswith("Error:")
        summary = refused.soup.find(class_="ds_error-summary")
        assert summary is not None and error in " ".join(summary.get_text(" ").split())
        erased = accounts.get(account_id)
        assert erased.erased_at is None and erased.name == "Erin Rase"
        assert (owner_of(by_name), owner_of(by_email)) == ("erin  RASE", "erase.me@example.org")
    assert "erased person" not in actions() and "changed action owner" not in actions()
