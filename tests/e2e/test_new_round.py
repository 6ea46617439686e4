"""Opening a round as a lead, by keyboard alone: the form's day, month and
year boxes, a date that is not right and its message, the check page, and
"Open the round"; axe finds nothing wrong and nothing scrolls sideways at
320 pixels. The lead and the partnership are the test's own."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Page

from selfassess.data import partnerships
from tests import factories
from tests.e2e import data
from tests.e2e.support import at_320px, check_page, focus_matches, focused, press_and_wait, sign_in, tab_to, wide
from tests.signing_in import PASSWORD

PARTNERSHIP = data.PARTNERSHIPS["opening a round"]
TITLE = "Keyboard round"


def _type_date(page: Page, name: str, day: date) -> None:
    """Focus on the day box: type the date, moving on with Tab."""
    assert focus_matches(page, f"#{name}"), name
    for value in (day.day, day.month, day.year):
        page.keyboard.press("Control+A")
        page.keyboard.type(str(value))
        page.keyboard.press("Tab")


def test_a_lead_opens_a_round_by_keyboard_through_the_check_page(page: Page, data_layer) -> None:
    lead = data_layer.make(lambda: factories.lead(data.unique_email("lead"), PARTNERSHIP).email)
    partnership_id = data_layer.make(lambda: partnerships.by_name(PARTNERSHIP).id)
    sign_in(page, lead, PASSWORD)
    page.goto(f"/partnerships/{partnership_id}/rounds/new")
    check_page(page)
    assert page.locator("main input[type=date]").count() == 0
    for legend in ("Opens on", "Closes on"):
        assert page.get_by_role("group", name=legend).count() == 1, legend
    at_320px(page)
    wide(page)

    opens = date.today().replace(day=1)
    closes = opens.replace(year=opens.year + 1)
    tab_to(page, "#title")
    page.keyboard.press("Control+A")
    page.keyboard.type(TITLE)
    tab_to(page, "#opens_on")
    _type_date(page, "opens_on", closes)  # the wrong way round: refused
    _type_date(page, "closes_on", opens)
    tab_to(page, "main button[type=submit]")
    press_and_wait(page, "Enter")
    check_page(page)
    summary = page.locator(".ds_error-summary")
    assert "The closing date must be after the opening date" in summary.inner_text()
    at_320px(page)
    wide(page)

    # The error summary's link takes the focus to the day box of the closing date.
    tab_to(page, ".ds_error-summary a")
    page.keyboard.press("Enter")
    assert focus_matches(page, "#closes_on")
    _type_date(page, "closes_on", closes)
    tab_to(page, "#opens_on", backwards=True)
    _type_date(page, "opens_on", opens)
    tab_to(page, "main button[type=submit]")
    press_and_wait(page, "Enter")
    check_page(page)
    assert page.locator("h1").inner_text() == "Check before you open the round"
    main = page.locator("main").inner_text()
    for shown in (PARTNERSHIP, TITLE, f"{opens.day} {opens:%B %Y}", f"{closes.day} {closes:%B %Y}"):
        assert shown in main, shown
    at_320px(page)
    wide(page)

    tab_to(page, "main button[type=submit]")
    assert focused(page).endswith('"Open the round"')
    press_and_wait(page, "Enter")
    check_page(page)
    assert "/manage" in page.url
    assert f"You opened {TITLE}" in page.locator("main").inner_text()
