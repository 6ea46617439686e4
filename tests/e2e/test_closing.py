"""A lead agrees a level where views differ, closes the round and reads the
results: the radar chart, its "Show on the chart" toggles (mouse and
keyboard), the same numbers in the tables, and every table without
JavaScript.

The lead, last year's round and this year's open one, answered by people who
see things differently, are the test's own (tests/e2e/data.py)."""

from __future__ import annotations

import json
from decimal import ROUND_DOWN, Decimal

import pytest
from playwright.sync_api import Locator, Page

from tests import factories
from tests.e2e import data
from tests.e2e.support import (
    at_320px,
    check_page,
    follow,
    sign_in,
    tab_to,
    wide,
)

REASON = "Agreed at the review meeting: good examples in a few services, not yet across the partnership."
PARTNERSHIP = data.PARTNERSHIPS["closing"]


@pytest.fixture
def lead(data_layer) -> str:
    return data_layer.make(lambda: data.lead_with_a_round_where_views_differ(PARTNERSHIP))


def shown(value: float | None) -> str | None:
    """A score as the page writes it: cut off (not rounded) at two decimals,
    after the scoring's guard against floating-point noise (docs/scoring.md)."""
    if value is None:
        return None
    return str(Decimal(repr(round(value, 9))).quantize(Decimal("0.01"), rounding=ROUND_DOWN))


def trace_visibility(page: Page, index: int) -> object:
    return page.evaluate(
        "i => { const gd = document.getElementById('chart-radar');"
        " return [gd.data[i].visible, gd._fullData[i].visible]; }",
        index,
    )


def table(element: Locator) -> tuple[list[str], dict[str, list[str]]]:
    """A table's column headings, and its rows by their heading cell."""
    return element.evaluate(
        """t => {
            const heads = [...t.querySelectorAll('thead th')].map(th => th.innerText.trim());
            const rows = {};
            for (const tr of t.querySelectorAll('tbody tr')) {
                const cells = [...tr.querySelectorAll('td')].map(td => td.innerText.trim());
                rows[tr.querySelector('th').innerText.trim()] = cells;
            }
            return [heads, rows];
        }"""
    )


def check_radar_matches_tables(page: Page) -> None:
    spec = json.loads(page.locator("script#chart-radar-data[type='application/json']").text_content())
    domains = page.locator("#domain-table tbody th").all_inner_texts()
    domain_heads, domain_rows = table(page.locator("#domain-table"))
    perspective_heads, perspective_rows = table(
        page.locator("main table", has=page.locator("caption", has_text="Domain scores by perspective"))
    )
    assert len(spec["data"]) >= 3, [t["name"] for t in spec["data"]]

    for index, trace in enumerate(spec["data"]):
        values = trace["r"][:-1]  # the last point closes the line
        assert trace["r"][-1] == trace["r"][0]
        assert len(values) == len(domains)
        name = trace["name"]
        if index == 0:
            assert name.endswith("(everyone)")
            heads, rows, column, cut = domain_heads, domain_rows, "Score", None
        elif name.startswith("Previous round"):
            heads, rows, column, cut = domain_heads, domain_rows, "Previous round", None
        elif name.startswith("Median of"):
            heads, rows, column, cut = domain_heads, domain_rows, "Other partnerships: median (middle half)", " ("
        else:  # a perspective
            heads, rows, column, cut = perspective_heads, perspective_rows, name, None
        assert column in heads, f"no column {column!r} for the series {name!r}: {heads}"
        position = heads.index(column) - 1  # the row's heading cell is not a td
        for domain, value in zip(domains, values, strict=True):
            cell = rows[domain][position]
            if cut:
                cell = cell.split(cut)[0]
            expected = shown(value)
            if expected is None:
                assert cell in ("no score", "not enough"), f"{name}, {domain}: the chart has none, the table {cell!r}"
            else:
                assert cell == expected, f"{name}, {domain}: the chart has {value} ({expected}), the table {cell!r}"


def _agree_a_level(page: Page) -> None:
    """On the results: agree a level on a question where views differ."""
    differing = page.locator("tr[id^='indicator-']", has=page.locator(".ds_tag", has_text="Views differ")).filter(
        has=page.get_by_role("link", name="Agree a level")
    )
    assert differing.count() > 0, "no question where views differ"
    row = differing.first
    indicator = row.get_attribute("id").removeprefix("indicator-")
    title = row.locator("th").inner_text().split("\n")[0].strip()
    follow(page, row.get_by_role("link", name="Agree a level"))
    assert page.locator("h1").inner_text() == f"Agree a level: {title}"
    page.locator("label", has_text="2: ").click()
    page.get_by_label("Why did you agree this level?").fill(REASON)
    follow(page, page.get_by_role("button", name="Save the agreed level"))
    assert page.url.endswith(f"#indicator-{indicator}")
    assert f"The agreed level for “{title}” is saved" in page.locator(".ds_notification-panel").inner_text()
    row = page.locator(f"tr[id='indicator-{indicator}']")
    assert row.locator(".ds_tag", has_text="Agreed level").count() == 1
    assert row.locator("td").first.inner_text() == "2.00"


def _close_the_round(page: Page, round_page: str) -> None:
    """Close the round, after the confirmation page."""
    page.goto(round_page)
    check_page(page)
    follow(page, page.get_by_role("link", name="Close the round"))
    assert page.locator("h1").inner_text().startswith("Close ")
    at_320px(page)
    wide(page)
    follow(page, page.get_by_role("button", name="Close the round"))
    assert "You closed" in page.locator(".ds_notification-panel").inner_text()
    assert page.locator(".ds_tag", has_text="Closed").count() >= 1


def _use_the_toggles(page: Page) -> dict:
    """The toggles: one per series, ticked for the series shown; used with the
    mouse, then the keyboard. The chart's data."""
    spec = json.loads(page.locator("#chart-radar-data").text_content())
    toggles = page.locator("[data-chart-toggles='chart-radar'] input[type=checkbox]")
    assert page.locator("[data-chart-toggles='chart-radar']").is_visible()
    assert toggles.count() == len(spec["data"])
    for index, trace in enumerate(spec["data"]):
        assert page.locator(f"label[for='chart-radar-toggle-{index}']").inner_text() == trace["name"]
        assert toggles.nth(index).is_checked() == (trace["visible"] is True)

    # With the mouse: show the second series.
    assert trace_visibility(page, 1) == ["legendonly", "legendonly"]
    page.locator("label[for='chart-radar-toggle-1']").click()
    page.wait_for_function("() => document.getElementById('chart-radar').data[1].visible === true")
    assert trace_visibility(page, 1) == [True, True]

    # With the keyboard: hide this round's series, then show it again.
    page.goto(page.url.split("#")[0])
    check_page(page)
    tab_to(page, "#chart-radar-toggle-0", limit=60)
    page.keyboard.press("Space")
    page.wait_for_function("() => document.getElementById('chart-radar').data[0].visible === 'legendonly'")
    assert not toggles.nth(0).is_checked()
    page.keyboard.press("Space")
    page.wait_for_function("() => document.getElementById('chart-radar').data[0].visible === true")
    assert toggles.nth(0).is_checked()
    return spec


def test_lead_agrees_a_level_closes_the_round_and_reads_the_results(page: Page, new_browser, lead: str) -> None:
    sign_in(page, lead, factories.PASSWORD)
    follow(page, page.get_by_role("link", name=f"Manage rounds, invitations and results for {PARTNERSHIP}"))
    follow(page, page.locator("main a.ds_button", has_text="Manage"))
    round_page = page.url

    # No interim results while the round is open: the page says when they appear.
    assert page.locator("#results ~ p a", has_text="See the results").count() == 0
    assert page.locator("#results ~ p", has_text="Results appear when you close the round").count() == 1
    _close_the_round(page, round_page)

    # The results of the closed round: agree a level, the radar drawn.
    follow(page, page.locator("#results ~ p a", has_text="See the results").first)
    assert page.locator(".ds_warning-text").count() == 0
    _agree_a_level(page)
    assert page.locator("#chart-radar svg.main-svg").count() >= 1
    assert page.locator("#chart-radar .scatterlayer .trace, #chart-radar g.trace").count() >= 1
    check_radar_matches_tables(page)
    spec = _use_the_toggles(page)
    captions = page.locator("main table caption").all_inner_texts()

    # Without JavaScript: no chart, no toggles, every table.
    plain = new_browser(java_script_enabled=False)
    sign_in(plain, lead, factories.PASSWORD, javascript=False)
    plain.goto(page.url.split("#")[0])
    check_page(plain, javascript=False)
    assert plain.locator("main table caption").all_inner_texts() == captions
    assert len(captions) >= 8
    assert plain.locator("svg.main-svg").count() == 0
    assert not plain.locator("[data-chart-toggles]").first.is_visible()
    assert plain.locator("#domain-table tbody tr").count() == len(spec["data"][0]["r"]) - 1
