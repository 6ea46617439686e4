"""Every page not covered by the journeys, visited once each: checked with
axe and at 320 pixels wide."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Page

from selfassess.questionnaire import load
from tests import factories
from tests.e2e import data
from tests.e2e.support import ADMIN, ADVISER, DUNDEE_LEAD, FIFE_LEAD, at_320px, check_page, follow, sign_in, wide


def test_public_pages(page: Page) -> None:
    for path, heading in (
        ("/sign-in", "Sign in"),
        ("/forgotten-password", "Forgotten your password?"),
        ("/privacy", "Privacy"),
        ("/accessibility", "Accessibility"),
        ("/about", "About the questionnaire"),
    ):
        page.goto(path)
        check_page(page)
        assert heading in page.locator("h1").inner_text()
        at_320px(page)
        wide(page)


def test_page_not_found(page: Page) -> None:
    response = page.goto("/rounds/999999/manage-nothing-here")
    assert response is not None and response.status == 404
    check_page(page, status=404)
    assert page.locator("h1").inner_text() == "Page not found"
    at_320px(page)


def test_admin_pages(page: Page) -> None:
    sign_in(page, ADMIN)
    at_320px(page)  # the home page
    wide(page)
    follow(page, page.get_by_role("link", name="Manage partnerships, people, roles and questionnaire versions"))
    assert page.locator("h1").inner_text() == "Administration"
    at_320px(page)
    wide(page)

    follow(page, page.locator("main").get_by_role("link", name="People and roles"))
    assert page.locator("h1").inner_text() == "People and roles"
    at_320px(page)
    wide(page)

    follow(page, page.locator("main li a", has_text="Ruth Kerr"))
    assert "Ruth Kerr" in page.locator("h1").inner_text()
    at_320px(page)
    wide(page)

    page.goto("/admin/")
    check_page(page)
    follow(page, page.locator("main").get_by_role("link", name="Questionnaire versions"))
    assert page.locator("h1").inner_text() == "Questionnaire versions"
    at_320px(page)
    wide(page)

    page.goto("/admin/")
    check_page(page)
    follow(page, page.locator("main").get_by_role("link", name="Audit log"))
    assert page.locator("h1").inner_text() == "Audit log"
    at_320px(page)


def test_lead_round_list_and_new_round_form(page: Page, data_layer) -> None:
    # Dundee City has two closed rounds and this year's, past its closing date and still open.
    sign_in(page, DUNDEE_LEAD)
    follow(page, page.get_by_role("link", name="Manage rounds, invitations and results for Dundee City"))
    assert page.locator("h1").inner_text() == "Self-assessment rounds"
    assert page.locator("#rounds > li").count() == 3
    at_320px(page)
    wide(page)

    # A lead whose partnership has no open round sees the new-round form.
    partnership = data.PARTNERSHIPS["new round"]
    lead = data_layer.make(lambda: factories.lead(data.unique_email("lead"), partnership).email)
    page.context.clear_cookies()
    sign_in(page, lead, factories.PASSWORD)
    follow(page, page.get_by_role("link", name=f"Manage rounds, invitations and results for {partnership}"))
    follow(page, page.get_by_role("link", name="Open a new round"))
    assert page.locator("h1").inner_text() == "Open a new round"
    for label in ("Name of the round", "Questionnaire"):
        assert page.get_by_label(label, exact=True).count() == 1, label
    for legend in ("Opens on", "Closes on"):  # day, month and year boxes (tests/e2e/test_new_round.py)
        assert page.get_by_role("group", name=legend, exact=True).count() == 1, legend
    at_320px(page)


def test_the_site_has_a_favicon(server) -> None:
    try:
        with urllib.request.urlopen(server.url + "/favicon.ico", timeout=5) as response:  # noqa: S310 -- our server
            assert response.status == 200
    except urllib.error.HTTPError as error:
        error.close()
        pytest.fail(f"/favicon.ico answers {error.code}")


# Fife's closed round, the one with results, uses the earlier questionnaire.
EARLIER = factories.QUESTIONNAIRE.parent / "archive" / "co-production-maturity-1.0.0.yaml"


def widest_descriptors() -> str:
    """The id of the question of Fife's closed round with the longest level descriptor."""
    indicators = load(EARLIER).indicators
    return max(indicators, key=lambda i: max(len(text) for text in i.levels.values())).id


def test_pages_with_tables_reflow_at_320px(page: Page, new_browser) -> None:
    too_wide = []

    def narrow(on: Page) -> None:
        check_page(on)
        try:
            at_320px(on)
        except pytest.fail.Exception as problem:
            too_wide.append(str(problem))
        wide(on)

    sign_in(page, ADVISER)
    follow(page, page.get_by_role("link", name="See the adviser dashboard"))
    narrow(page)
    follow(page, page.get_by_role("link", name=re.compile(r"results for Fife$")))
    narrow(page)

    lead = new_browser()
    sign_in(lead, FIFE_LEAD)
    follow(lead, lead.get_by_role("link", name="Manage rounds, invitations and results for Fife"))
    follow(lead, lead.locator("#rounds h3 a").nth(1))  # the open round has no results until it closes
    follow(lead, lead.locator("#results ~ p a", has_text="See the results").first)
    # The question whose level descriptors are longest makes the widest table.
    follow(lead, lead.locator(f"main a[href$='/results/agree/{widest_descriptors()}']"))
    narrow(lead)

    assert not too_wide, "\n".join(too_wide)


def test_what_a_respondent_is_told_once_the_results_are_shared(page: Page) -> None:
    # Fife's lead shared last year's results, so its respondents are pointed at this page.
    sign_in(page, "fife.nhs@example.org")
    follow(page, page.get_by_role("link", name=re.compile(r"^What you told us and what happens next")))
    assert page.locator("h1").inner_text() == "What you told us and what happens next"
    assert page.locator("main h2").all_inner_texts() == ["The overall picture", "What was agreed", "What happens next"]
    at_320px(page)
    wide(page)
