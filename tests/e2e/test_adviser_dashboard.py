"""The adviser's dashboard in a browser, as the demo's adviser (issue 12,
part 1): filtered to open rounds with the keyboard alone (Tab, Space,
Enter), checked with axe, and at 320 pixels wide with nothing scrolling
sideways and no table cut off."""

from __future__ import annotations

import re

from playwright.sync_api import Page

from tests.e2e.support import ADVISER, at_320px, check_page, press_and_wait, sign_in, tab_to

TABLE = "table#partnerships"

# Every table on the page fits in its box: none scrolls inside its wrapper,
# and none reaches past the window's right edge.
CUT_OFF = """width => [...document.querySelectorAll('table')].flatMap(table => {
    const box = table.closest('.sa_table-wrapper') || table.parentElement;
    const problems = [];
    if (box.scrollWidth > box.clientWidth + 1) problems.push(table.id + ' scrolls inside its box');
    if (table.getBoundingClientRect().right > width + 1) problems.push(table.id + ' reaches past the edge');
    return problems;
})"""


def _statuses(page: Page) -> dict[str, str]:
    rows = page.locator(f"{TABLE} tbody tr")
    return {
        row.locator("th").inner_text().strip(): row.locator("td[data-label='Status']").inner_text().strip()
        for row in rows.all()
    }


def test_filtering_to_open_rounds_by_keyboard(page: Page) -> None:
    sign_in(page, ADVISER)
    page.goto("/adviser")
    check_page(page)
    everyone = _statuses(page)
    assert "Open" in everyone.values() and "Closed" in everyone.values()
    assert page.locator("p[role=status]").inner_text() == f"Showing {len(everyone)} of {len(everyone)} partnerships."

    # Tick "Open" with Space, then Apply filters with Enter.
    tab_to(page, "input[name=status][value=open]")
    page.keyboard.press("Space")
    assert page.locator("input[name=status][value=open]").is_checked()
    tab_to(page, ".sa_dashboard-actions button[type=submit]")
    assert page.evaluate("document.activeElement.innerText") == "Apply filters"
    press_and_wait(page, "Enter")
    check_page(page)

    assert re.search(r"[?&]status=open(&|$)", page.url), page.url
    shown = _statuses(page)
    assert shown and set(shown.values()) == {"Open"}, shown
    assert "Fife" in shown
    assert set(shown) == {name for name, status in everyone.items() if status == "Open"}
    assert page.locator("p[role=status]").inner_text() == f"Showing {len(shown)} of {len(everyone)} partnerships."
    assert page.locator("input[name=status][value=open]").is_checked()  # the view says what it shows
    for row in page.locator(f"{TABLE} tbody tr").all():
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", row.locator("td[data-label='Closing date']").inner_text())

    # The heatmap: the value in every cell, drawn in the sequential scale.
    assert page.locator("#chart-heatmap svg.main-svg").count() >= 1
    assert page.locator("#chart-heatmap .hm, #chart-heatmap image").count() >= 1

    at_320px(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.evaluate(CUT_OFF, 320) == []
    # Stacked rows: each cell says which column it is in.
    label = page.locator(f"{TABLE} tbody tr").first.locator("td[data-label='Status']")
    assert page.evaluate("el => getComputedStyle(el, '::before').content", label.element_handle()) == '"Status"'
    check_page(page)

    # Clear filters: every partnership again.
    tab_to(page, ".sa_dashboard-actions a[href='/adviser']")
    press_and_wait(page, "Enter")
    check_page(page)
    assert _statuses(page) == everyone
