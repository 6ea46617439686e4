"""The action plan's pages, read from the demo's data (nothing is changed):
checked with axe and at 320 pixels wide."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.e2e.support import FIFE_LEAD, at_320px, follow, sign_in, wide


def _closed_round_results(page: Page) -> None:
    follow(page, page.get_by_role("link", name="Manage rounds, invitations and results for Fife"))
    follow(page, page.locator("#rounds h3 a").nth(1))  # the open round has no results, so no plan yet
    follow(page, page.locator("#results ~ p a", has_text="See the results").first)


def test_the_lead_reads_the_plan_and_its_forms(page: Page) -> None:
    sign_in(page, FIFE_LEAD)
    _closed_round_results(page)
    assert page.locator("h2#action-plan").count() == 1
    follow(page, page.locator("#action-plan ~ p a[href$='/plan']").first)
    assert page.locator("h1").inner_text().startswith("Action plan")
    at_320px(page)
    wide(page)
    follow(page, page.locator("main").get_by_role("link", name="Add an action"))
    assert page.locator("h1").inner_text() == "Add an action"
    for label in ("Day", "Month", "Year", "Who owns it (optional)"):
        assert page.get_by_label(label, exact=True).count() == 1, label
    at_320px(page)
    # An error summary, checked too: a date that does not exist.
    page.get_by_label("What will you do?").fill("A browser test's action, never saved")
    page.get_by_label("Day", exact=True).fill("31")
    page.get_by_label("Month", exact=True).fill("2")
    page.get_by_label("Year", exact=True).fill("2027")
    follow(page, page.get_by_role("button", name="Save the action"))
    assert page.locator(".ds_error-summary").count() == 1
    at_320px(page)
