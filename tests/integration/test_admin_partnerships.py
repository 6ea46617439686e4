"""The administrator's overview, and the partnerships: listed, added and renamed."""

from __future__ import annotations

import pytest

from selfassess.data import audit, partnerships
from tests import factories
from tests.integration.admin_helpers import actions, post
from tests.pages import page

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
