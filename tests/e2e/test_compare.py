"""Comparing partnerships as the demo adviser: three of the demo's
partnerships ticked in the form, a radar with one line each that the
keyboard switches off and on, axe on the page, and the page at 320 px; and
the same comparison with JavaScript off, where the table gives everything."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page

from tests.e2e.support import ADVISER, at_320px, check_page, sign_in

# Three of the demo's partnerships whose latest rounds with results are on the
# same questionnaire version, in the page's order; Fife's is on an earlier one.
CHOSEN = ["Dundee City", "Glasgow City", "Highland"]
EARLIER = "Fife"
TABLE = "table:has(caption:text('Domain scores and stages of each partnership'))"


def _choose(page: Page, names: list[str], *, javascript: bool = True) -> None:
    page.goto("/adviser/compare")
    check_page(page, javascript=javascript)
    form = page.locator("main form[method=get]")
    for name in names:  # by keyboard: the design system's label covers the box itself
        box = form.get_by_label(name, exact=True)
        box.focus()
        page.keyboard.press("Space")
        assert box.is_checked(), name
    with page.expect_navigation():
        form.get_by_role("button", name="Compare").press("Enter")
    check_page(page, javascript=javascript)
    assert page.url.count("partnership=") == len(names)


def _visible(page: Page) -> dict[str, object]:
    return page.evaluate(
        "() => Object.fromEntries(document.getElementById('chart-compare').data"
        ".map(t => [t.name, t.visible === undefined ? true : t.visible]))"
    )


def test_three_partnerships_on_one_radar_toggled_by_keyboard(page: Page) -> None:
    sign_in(page, ADVISER)
    _choose(page, CHOSEN)
    assert page.locator("h1").inner_text() == "Compare partnerships"
    page.locator("#chart-compare svg.main-svg").first.wait_for()
    assert _visible(page) == dict.fromkeys(CHOSEN, True)
    headers = page.locator(f"{TABLE} thead th").all_inner_texts()
    assert headers == ["Domain", *CHOSEN]

    # The toggles are real checkboxes: Tab to one and press Space.
    toggles = page.locator("[data-chart-toggles=chart-compare]")
    toggle = toggles.get_by_label(CHOSEN[1], exact=True)
    toggle.focus()
    page.keyboard.press("Space")
    page.wait_for_function(
        "() => document.getElementById('chart-compare').data[1].visible === 'legendonly'", timeout=3_000
    )
    assert not toggle.is_checked()
    assert _visible(page) == {CHOSEN[0]: True, CHOSEN[1]: "legendonly", CHOSEN[2]: True}
    page.keyboard.press("Space")
    page.wait_for_function("() => document.getElementById('chart-compare').data[1].visible === true", timeout=3_000)
    assert _visible(page) == dict.fromkeys(CHOSEN, True)
    check_page(page)

    # At 320 px: no sideways scroll; the table scrolls in its own focusable, labelled region.
    at_320px(page)
    region = page.locator(f".sa_table-wrapper:has({TABLE})")
    assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
    assert re.match(r"Table: ", region.get_attribute("aria-label") or "")
    region.focus()
    assert page.evaluate("() => document.activeElement.classList.contains('sa_table-wrapper')")
    box = page.locator("#chart-compare").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
    check_page(page)

    # The CSV of the same comparison.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download this comparison (CSV)").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert text.startswith("partnership,round,")
    assert all(name in text for name in CHOSEN)


def test_without_javascript_the_table_gives_every_figure(new_browser) -> None:
    """And a partnership on an earlier major version is said, and shown on its own."""
    plain = new_browser(java_script_enabled=False)
    sign_in(plain, ADVISER, javascript=False)
    _choose(plain, [*CHOSEN, EARLIER], javascript=False)
    said = plain.locator("#compared + ul li", has_text=f"{EARLIER}:").inner_text()
    assert "another major version than the others'" in said and "not on the chart" in said
    assert plain.locator(f"table:has(caption:text('Domain scores and stages of {EARLIER} '))").count() == 1
    assert plain.locator(f"{TABLE} thead th").all_inner_texts() == ["Domain", *CHOSEN]
    assert plain.locator("[data-chart-toggles=chart-compare]").is_hidden()
    rows = plain.locator(f"{TABLE} tbody tr")
    assert rows.count() >= 2
    for row in rows.all():
        cells = row.locator("td").all_inner_texts()
        assert len(cells) == len(CHOSEN) and all(cell.strip() for cell in cells)
