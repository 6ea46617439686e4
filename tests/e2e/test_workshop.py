"""The consensus workshop on a projector, driven by keyboard: the arrow keys
step through the questions (but not while typing in a field), the agreed
level is recorded without a mouse, and axe finds nothing wrong on the start
page or a step.

The lead and the closed round, answered by three people who differ on two
questions, are the test's own (tests/e2e/data.py)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page

from tests import factories
from tests.e2e import data
from tests.e2e.support import at_320px, check_page, choose_radio, follow, press_and_wait, sign_in, tab_to, wide
from tests.signing_in import PASSWORD

PARTNERSHIP = data.PARTNERSHIPS["workshop"]
DIFFER = ("leadership.shared-meaning", "culture.trusted-partnering")  # 1, 4 and 4: views differ
LOW = "evaluation.learning-loop"  # everyone 2: a priority
NOTE = "The carers forum met the board twice this year"
REASON = "The board heard carers twice; the group agreed it is established."


def _round_where_views_differ() -> tuple[str, int]:
    """A lead, and a closed round of three NHS people: everything at the top
    level but the questions above. One of them agreed to show their notes."""
    lead = factories.lead(data.unique_email("lead"), PARTNERSHIP)
    year = date.today().year
    round_ = factories.round_(
        PARTNERSHIP, title=f"Workshop round {year}", opens_on=date(year, 1, 1), closes_on=date(year, 2, 1), closed=True
    )
    for place in range(3):

        def level(indicator_id: str, place: int = place) -> int:
            if indicator_id in DIFFER:
                return 1 if place == 0 else 4
            return 2 if indicator_id == LOW else 4

        response = factories.response(
            round_, factories.all_answers(level), evidence={DIFFER[0]: NOTE} if place == 0 else None
        )
        response.workshop_consent = response.shown_workshop_consent = place == 0  # as released
    return lead.email, round_.id


@pytest.fixture
def workshop(data_layer) -> tuple[str, int]:
    return data_layer.make(_round_where_views_differ)


def _step_shown(page: Page, number: int) -> None:
    assert re.search(rf"/workshop/{number}$", page.url), page.url
    assert f"Step {number} of 3" in page.locator("main").inner_text()


def test_the_arrow_keys_step_through_and_the_level_is_agreed_by_keyboard(page: Page, workshop):
    email, round_id = workshop
    sign_in(page, email, PASSWORD)
    page.goto(f"/rounds/{round_id}/workshop")
    check_page(page)
    assert "3 questions to talk through" in page.locator("main").inner_text()
    follow(page, page.get_by_role("button", name="Start"))
    _step_shown(page, 1)
    main = page.locator("main").inner_text()
    assert NOTE in main and email not in main

    press_and_wait(page, "ArrowRight")
    check_page(page)
    _step_shown(page, 2)
    press_and_wait(page, "ArrowRight")
    _step_shown(page, 3)
    page.keyboard.press("ArrowRight")  # the last step: nowhere further to go
    page.wait_for_timeout(300)
    _step_shown(page, 3)
    press_and_wait(page, "ArrowLeft")
    press_and_wait(page, "ArrowLeft")
    _step_shown(page, 1)
    page.keyboard.press("ArrowLeft")  # the first step
    page.wait_for_timeout(300)
    _step_shown(page, 1)

    # Choosing a level and typing the reason use the arrow keys without leaving the page.
    tab_to(page, "input[type=radio][name=value]", limit=60)
    choose_radio(page, "value", "3")
    tab_to(page, "textarea[name=rationale]")
    page.keyboard.type(REASON)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    _step_shown(page, 1)
    tab_to(page, "button[type=submit]")
    press_and_wait(page, "Enter")
    check_page(page)
    _step_shown(page, 2)
    assert "is saved" in page.locator("main").inner_text()

    press_and_wait(page, "ArrowLeft")
    _step_shown(page, 1)
    main = page.locator("main").inner_text()
    assert "Already agreed: 3:" in main and REASON in main
    assert page.locator("input[name=value][value='3']").is_checked()


def test_a_step_reads_at_320_pixels_and_without_javascript(page: Page, workshop):
    email, round_id = workshop
    sign_in(page, email, PASSWORD)
    page.goto(f"/rounds/{round_id}/workshop/1")
    check_page(page)
    at_320px(page)
    wide(page)
    check_page(page, javascript=False)
