"""The improvement adviser: the dashboard with its heatmap, Fife's results
and PDF report, and the ZIP of every supported partnership's report, built
in the background while the page shows how far it has got.

The adviser is the test's own (tests/e2e/data.py), for three of the demo's
partnerships (whose data every test only reads) and one with no round yet."""

from __future__ import annotations

import io
import json
import re
import zipfile
from decimal import ROUND_DOWN, Decimal

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from pypdf import PdfReader

from tests import factories
from tests.e2e import data
from tests.e2e.support import at_320px, check_page, follow, sign_in

# Three reports, each with its charts drawn by Chromium: some seconds each on
# two idle cores, several times that when the machine is busy.
ZIP_WAIT_MS = 300_000
PDF_WAIT_MS = 60_000


def shown(value: float | None) -> str:
    if value is None:
        return ""
    return str(Decimal(repr(round(value, 9))).quantize(Decimal("0.01"), rounding=ROUND_DOWN))


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@pytest.fixture
def adviser(data_layer) -> str:
    return data_layer.make(data.adviser_for_some_partnerships)


def _check_the_dashboard(page: Page) -> list[str]:
    """The latest round of each partnership; the heatmap and its table. The
    partnerships with a round."""
    assert page.locator("h1").inner_text() == "Partnerships you support"
    rows = page.locator('table:has(caption:text("Each partnership\'s latest round")) tbody tr')
    with_a_round = [
        row.locator("th").inner_text().strip()
        for row in rows.all()
        if row.locator("td").first.inner_text().strip() != "No round yet"
    ]
    assert "Fife" in with_a_round and len(with_a_round) >= 2
    assert page.locator("#chart-heatmap svg.main-svg").count() >= 1
    assert page.locator("#chart-heatmap .hm, #chart-heatmap image").count() >= 1, "no heatmap cells drawn"
    heat = json.loads(page.locator("script#chart-heatmap-data[type='application/json']").text_content())
    trace = heat["data"][0]
    heat_table = page.locator("table:has(caption:text('the numbers in the heatmap'))")
    table_rows = heat_table.locator("tbody tr")
    assert table_rows.count() == len(trace["y"]) > 0
    for name, values in zip(trace["y"], trace["z"], strict=True):
        cells = heat_table.locator("tbody tr", has=page.locator(f"th:text-is('{name}')")).locator("td")
        assert cells.all_inner_texts() == [shown(v) or "no score" for v in values], name
    return with_a_round


def _download_fifes_report(results: Page) -> None:
    """In another tab: Fife's results and report."""
    results.goto("/adviser")
    check_page(results)
    follow(results, results.get_by_role("link", name=re.compile(r"results for Fife$")))
    assert results.locator(".ds_page-header__label").inner_text() == "Fife"
    assert results.locator("#chart-radar svg.main-svg").count() >= 1
    with results.expect_download(timeout=PDF_WAIT_MS) as download_info:
        # The report takes some seconds to build: do not wait for a navigation.
        results.get_by_role("link", name="Download report (PDF)").click(no_wait_after=True, timeout=PDF_WAIT_MS)
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename.startswith("selfassess-fife-") and download.suggested_filename.endswith(".pdf")
    pdf = PdfReader(download.path())
    assert len(pdf.pages) > 10, f"the report has {len(pdf.pages)} pages"
    with open(download.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
    check_page(results)  # nothing logged while downloading
    results.close()


def _download_the_zip(zip_page: Page, with_a_round: list[str]) -> None:
    """Back on the first tab: it polls, then reloads itself when the ZIP is ready."""
    zip_page.bring_to_front()
    finished = zip_page.locator(".sa_job__progress").filter(has_not_text="Building report")
    try:
        finished.wait_for(timeout=ZIP_WAIT_MS)
    except PlaywrightTimeoutError:
        said = zip_page.locator(".sa_job__progress").inner_text()
        pytest.fail(f"the ZIP was not ready in {ZIP_WAIT_MS // 1000} seconds; the page says: {said}")
    check_page(zip_page)
    assert finished.inner_text().startswith("Ready:"), f"building the ZIP failed: {finished.inner_text()}"
    at_320px(zip_page)
    assert f"Ready: {len(with_a_round)} reports" in zip_page.locator(".sa_job__progress").inner_text()
    with zip_page.expect_download(timeout=PDF_WAIT_MS) as download_info:
        zip_page.get_by_role("link", name="Download the ZIP file").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(download.path()) as archive:
        names = archive.namelist()
        assert len(names) == len(set(names)) == len(with_a_round), names
        for partnership in with_a_round:
            matching = [n for n in names if n.startswith(f"selfassess-{slug(partnership)}-")]
            assert len(matching) == 1, f"{partnership}: {matching} in {names}"
        for name in names:
            assert name.endswith(".pdf")
            body = archive.read(name)
            assert body.startswith(b"%PDF-"), name
            assert len(PdfReader(io.BytesIO(body)).pages) > 1, name
    check_page(zip_page)


def test_adviser_dashboard_report_and_all_reports(page: Page, adviser: str) -> None:
    sign_in(page, adviser, factories.PASSWORD)
    follow(page, page.get_by_role("link", name="See the adviser dashboard"))
    with_a_round = _check_the_dashboard(page)

    # Start building every report; the page says how far it has got.
    follow(page, page.get_by_role("link", name="Download all reports"))
    assert page.locator("h1").inner_text() == "Download all reports"
    follow(page, page.get_by_role("button", name=re.compile(r"^Build all reports")))
    progress = page.locator(".sa_job__progress")
    assert re.search(r"Building report \d+ of \d+|Ready:", progress.inner_text()), progress.inner_text()
    assert progress.get_attribute("role") == "status"

    # Meanwhile, in another tab: Fife's results and report.
    _download_fifes_report(page.context.new_page())
    _download_the_zip(page, with_a_round)
