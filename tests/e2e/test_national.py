"""The national picture in a browser, as the demo's adviser of a national
body: distributions by stage, a withheld figure, the charts with their
tables; and the administrator's publishing page, which refuses a snapshot
that would differ from the demo's by too few partnerships. Every page passes
axe and reflows at 320 pixels wide."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from selfassess import disclosure
from tests.e2e.conftest import Server, new_context, serve
from tests.e2e.support import ADMIN, ADVISER, at_320px, check_page, sign_in, wide


def test_the_national_picture_as_the_demo_adviser(page: Page) -> None:
    sign_in(page, ADVISER)
    page.goto("/national")
    check_page(page)
    assert page.locator("h1").inner_text().startswith("National picture, ")
    domains = page.locator("table#national-domains")
    assert "Stages 1 and 2:" in domains.inner_text() or "Stage 2 (Developing):" in domains.inner_text()
    withheld = f"Withheld: fewer than {disclosure.MIN_NATIONAL} partnerships have a score for this question"
    assert page.locator("table#national-questions-capacity td", has_text=withheld).count() == 1
    assert page.locator("#chart-national-medians svg.main-svg").count() >= 1
    assert page.locator("#chart-national-stages svg.main-svg").count() >= 1
    assert page.locator("table#national-themes tbody tr").count() >= 5
    at_320px(page)
    wide(page)


@pytest.fixture(scope="module")
def demo_as_seeded(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Browser, Server]]:
    """A server of its own with the demo just loaded: other browser tests close
    rounds in partnerships of their own, which would change how many
    partnerships differ from the demo's snapshot on the shared server."""
    with serve(tmp_path_factory.mktemp("national-server")) as server:
        yield browser, server


def test_publishing_is_refused_when_too_few_partnerships_changed(demo_as_seeded) -> None:
    browser, server = demo_as_seeded
    context = new_context(browser, server)
    page = context.new_page()
    sign_in(page, ADMIN)
    page.goto("/admin/national")
    check_page(page)
    text = page.locator("main").inner_text()
    assert "You cannot publish a snapshot now. No partnership has a round that differs" in text
    assert page.get_by_role("button", name="Publish national picture for").count() == 0
    at_320px(page)
    wide(page)
    context.close()
