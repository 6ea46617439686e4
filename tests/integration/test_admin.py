"""The administrator's pages: overview, partnerships, people and roles, erasure, and who may use them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from selfassess.data import accounts, audit, partnerships
from selfassess.data.base import db
from selfassess.data.models import AuditEvent, Partnership, Response, Role
from tests import factories
from tests.db import empty_tables
from tests.pages import page

ADMIN = "admin@example.org"


@pytest.fixture
def admin(app, client):
    made = factories.account(ADMIN, is_admin=True, name="Ada Admin")
    factories.sign_in(client, ADMIN)
    return made


@pytest.fixture
def restore_partnerships(app):
    """Partnerships are reference data that stay between tests: put them back as they were."""
    before = {p.id: (p.name, p.slug) for p in partnerships.all_partnerships()}
    yield
    db.session.remove()
    empty_tables(db.engine)
    table = Partnership.__table__
    with db.engine.begin() as connection:
        for row in connection.execute(sa.select(table.c.id, table.c.name, table.c.slug)):
            if row.id not in before:
                connection.execute(table.delete().where(table.c.id == row.id))
            elif (row.name, row.slug) != before[row.id]:
                name, slug = before[row.id]
                connection.execute(table.update().where(table.c.id == row.id).values(name=name, slug=slug))


def post(client, form_url: str, data: dict, *, action: str | None = None, status: int = 302, index: int = 0):
    """Open the page with the form, then post it with its hidden fields and ``data``."""
    shown = page(client, form_url)
    fields = shown.form_data(index) if shown.soup.find("main").find_all("form", method="post") else {}
    fields.setdefault("csrf_token", shown.csrf_token())
    fields.update(data)
    return page(client, action or form_url, method="POST", data=fields, status=status)


def actions() -> list[str]:
    return [e.action for e in audit.events()]


# --- overview ------------------------------------------------------------------------


def test_overview_links_to_each_section_with_counts(client, admin):
    factories.version()
    overview = page(client, "/admin/")
    assert overview.h1 == "Administration"
    text = overview.text()
    assert "31 partnerships" in text
    assert "1 person" in text
    assert "1 administrator" in text
    assert "1 version stored" in text
    links = {a["href"] for a in overview.soup.find("main").find_all("a")}
    assert {"/admin/partnerships", "/admin/people", "/admin/questionnaires", "/admin/audit"} <= links


# --- partnerships --------------------------------------------------------------------


def test_lists_the_31_partnerships(client, admin):
    listed = page(client, "/admin/partnerships")
    assert "There are 31 partnerships" in listed.text()
    assert "Fife" in listed.text()
    assert "Orkney Islands" in listed.text() or "Orkney" in listed.text()


def test_adds_a_partnership(client, admin, restore_partnerships):
    result = post(client, "/admin/partnerships/new", {"name": "  New   Partnership "})
    assert result.response.headers["Location"].endswith("/admin/partnerships")
    assert partnerships.by_name("New Partnership") is not None
    listed = page(client, "/admin/partnerships")
    assert "Added the partnership New Partnership." in listed.text()
    assert "There are 32 partnerships" in listed.text()
    assert actions()[0] == "added partnership"


@pytest.mark.parametrize("name", ["Fife", "fife", "FIFE!"])
def test_refuses_a_duplicate_partnership(client, admin, restore_partnerships, name):
    shown = post(client, "/admin/partnerships/new", {"name": name}, status=200)
    assert shown.title.startswith("Error: ")
    assert "There is already a partnership called Fife: enter a different name" in shown.text()
    assert len(partnerships.all_partnerships()) == 31
    assert "added partnership" not in actions()


def test_refuses_an_empty_partnership_name(client, admin, restore_partnerships):
    shown = post(client, "/admin/partnerships/new", {"name": "  "}, status=200)
    assert "Enter the partnership's name" in shown.text()
    shown = post(client, "/admin/partnerships/new", {"name": "---"}, status=200)
    assert "Enter a name with at least one letter or number" in shown.text()


def test_renames_a_partnership(client, admin, restore_partnerships):
    fife = partnerships.by_name("Fife")
    form = page(client, f"/admin/partnerships/{fife.id}/rename")
    assert form.soup.find("input", attrs={"name": "name"})["value"] == "Fife"
    post(client, f"/admin/partnerships/{fife.id}/rename", {"name": "Fife Health and Social Care"})
    assert partnerships.get(fife.id).name == "Fife Health and Social Care"
    assert partnerships.by_name("Fife") is None
    event = audit.events()[0]
    assert event.action == "renamed partnership"
    assert event.partnership_id == fife.id
    assert "Fife Health and Social Care" in event.detail


def test_renaming_to_another_partnerships_name_is_refused(client, admin, restore_partnerships):
    fife = partnerships.by_name("Fife")
    shown = post(client, f"/admin/partnerships/{fife.id}/rename", {"name": "Angus"}, status=200)
    assert "There is already a partnership called Angus: enter a different name" in shown.text()
    assert partnerships.get(fife.id).name == "Fife"


def test_renaming_an_unknown_partnership_is_not_found(client, admin):
    page(client, "/admin/partnerships/999999/rename", status=404)


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
    shown = post(client, "/admin/people/new", {"email": ADMIN.upper(), "name": "Someone"}, status=200)
    assert "There is already a person with this email address" in shown.text()
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
    assert "Answers they submitted stay" in text

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
    sign_in = erased_client.get("/sign-in").get_data(as_text=True)
    token = factories._csrf(sign_in)
    refused = erased_client.post(
        "/sign-in", data={"email": "erase.me@example.org", "password": factories.PASSWORD, "csrf_token": token}
    )
    assert refused.status_code == 200, refused.get_data(as_text=True)[:3000]
    assert "The email address or password is not right" in refused.get_data(as_text=True)


def test_an_admin_cannot_erase_themselves(client, admin):
    shown = page(client, f"/admin/people/{admin.id}/erase")
    assert "You cannot erase yourself" in shown.text()
    page(client, f"/admin/people/{admin.id}/erase", method="POST", data={"csrf_token": shown.csrf_token()}, status=400)
    assert accounts.get(admin.id).erased_at is None


# --- the audit log cannot be edited -----------------------------------------------------


def test_no_admin_route_changes_the_audit_log(app):
    for rule in app.url_map.iter_rules():
        if "audit" in rule.rule:
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_the_audit_log_refuses_updates_and_deletes(app):
    from selfassess.data.models import AuditLogIsReadOnly

    audit.record("test event")
    db.session.commit()
    event = db.session.scalar(select(AuditEvent))
    event.action = "changed"
    with pytest.raises(AuditLogIsReadOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalar(select(AuditEvent)))
    with pytest.raises(AuditLogIsReadOnly):
        db.session.commit()
    db.session.rollback()


# --- who may use these pages -------------------------------------------------------------


def _admin_routes(app) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin."):
            continue
        url = rule.rule
        for argument in rule.arguments:
            url = url.replace(f"<int:{argument}>", "1").replace(f"<{argument}>", "1")
        for method in sorted(rule.methods & {"GET", "POST"}):
            found.append((method, url))
    return found


def test_every_admin_view_declares_the_admin_rule(app):
    for endpoint, view in app.view_functions.items():
        if endpoint.startswith("admin."):
            assert view.access_rule == "admin", endpoint


@pytest.mark.parametrize("who", ["lead", "adviser", "respondent"])
def test_other_people_are_refused_every_admin_route(app, client, who):
    if who == "lead":
        factories.lead("someone@example.org")
    elif who == "adviser":
        factories.adviser("someone@example.org")
    else:
        factories.member(factories.account("someone@example.org"))
    factories.sign_in(client, "someone@example.org")
    token = page(client, "/").csrf_token()
    routes = _admin_routes(app)
    assert len(routes) >= 15
    for method, url in routes:
        response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
        assert response.status_code == 403, f"{method} {url}: {response.status_code}"


def test_anonymous_visitors_are_sent_to_sign_in(app, client):
    token = factories._csrf(client.get("/sign-in").get_data(as_text=True))
    for method, url in _admin_routes(app):
        response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
        assert response.status_code == 302, f"{method} {url}: {response.status_code}"
        assert "/sign-in" in response.headers["Location"], f"{method} {url}"
