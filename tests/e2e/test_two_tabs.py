"""One domain page open in two tabs of the same browser (issue 10, item 14),
with JavaScript on (the page saves as the person goes) and off: in tab A a
level and evidence, saved; in tab B, opened before, another level, saved.
Tab B's page asks which answer to keep, showing both (and passing axe, at
320 pixels wide too); A's evidence is still saved. Keeping B's answer saves
B's level, with the evidence B left as it was.

The respondent, their partnership and its open round are the test's own
(tests/e2e/data.py)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import BrowserContext, Locator, Page, expect

from selfassess.data import accounts
from selfassess.data.base import db
from selfassess.data.models import Answer, Response
from selfassess.questionnaire import load
from tests import factories
from tests.e2e import data
from tests.e2e.support import at_320px, check_page, sign_in, wide

QUESTIONNAIRE = load(factories.QUESTIONNAIRE)
FIRST = QUESTIONNAIRE.domains[0].indicators[0]
NAME = FIRST.id.replace(".", "--")
A_NOTE = "Agreed at the board in May, with the carers' forum."


def _respondent(data_layer, javascript: bool) -> str:
    partnership = data.PARTNERSHIPS["two tabs" if javascript else "two tabs without javascript"]
    return data_layer.make(lambda: data.respondent_with_an_open_round(partnership))


def _saved(data_layer, email: str) -> dict[str, tuple[str | None, str | None]]:
    """The person's saved answers, indicator -> (level, evidence)."""

    def read() -> dict[str, tuple[str | None, str | None]]:
        account = accounts.by_email(email)
        rows = db.session.execute(
            sa.select(Answer.indicator_id, Answer.value, Answer.evidence)
            .join(Response)
            .where(Response.respondent_id == account.id)
        )
        return {indicator_id: (value, evidence) for indicator_id, value, evidence in rows}

    return data_layer.make(read)


def _choose(tab: Page, name: str, value: str) -> None:
    """Choose an option by its label, as a person does (the design system's radio is drawn over the input)."""
    option = tab.locator(f"input[name='{name}'][value='{value}']").get_attribute("id")
    tab.locator(f"label[for='{option}']").click()
    assert tab.locator(f"#{option}").is_checked()


def _choose_level(tab: Page, value: str) -> None:
    _choose(tab, NAME, value)


def _save(tab: Page) -> None:
    with tab.expect_navigation():
        tab.locator("form[data-autosave] button[type=submit]").click()


def _status(tab: Page) -> Locator:
    return tab.locator(".sa_autosave-status")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no javascript"])
def test_a_second_tab_asks_which_answer_to_keep_and_loses_nothing(
    context: BrowserContext, new_browser, data_layer, javascript: bool
) -> None:
    respondent = _respondent(data_layer, javascript)
    tab_a = context.new_page() if javascript else new_browser(java_script_enabled=False)
    sign_in(tab_a, respondent, factories.PASSWORD, javascript=javascript)
    with tab_a.expect_navigation():
        tab_a.locator("main a.ds_button", has_text="Start answering").click()
    check_page(tab_a, javascript=javascript)
    with tab_a.expect_navigation():
        tab_a.locator(f"#task-{QUESTIONNAIRE.domains[0].id} a").click()
    check_page(tab_a, javascript=javascript)
    url = tab_a.url
    tab_b = tab_a.context.new_page()
    tab_b.goto(url)
    check_page(tab_b, javascript=javascript)

    # Tab A: a level and evidence, saved. With JavaScript the level is saved
    # as soon as it is chosen, and the evidence with the page.
    _choose_level(tab_a, "2")
    if javascript:
        expect(_status(tab_a)).to_contain_text("Saved at")
    tab_a.fill(f"#{NAME}--evidence", A_NOTE)
    _save(tab_a)
    check_page(tab_a, javascript=javascript)
    assert tab_a.url.endswith(f"/answer/{QUESTIONNAIRE.domains[1].id}")
    assert _saved(data_layer, respondent)[FIRST.id] == ("2", A_NOTE)

    # Tab B, opened before: another level, saved. It asks which to keep.
    _choose_level(tab_b, "3")
    if javascript:
        expect(_status(tab_b)).to_contain_text("changed in another tab or window")
    _save(tab_b)
    check_page(tab_b, status=409, javascript=javascript)
    assert tab_b.url == url
    assert _saved(data_layer, respondent)[FIRST.id] == ("2", A_NOTE)
    summary = tab_b.locator(".ds_error-summary")
    assert "was changed in another tab or window" in summary.inner_text()
    question = tab_b.locator(f"#indicator-{NAME}")
    assert f"Saved in another tab or window: 2: Developing. Evidence: {A_NOTE}" in question.inner_text()
    assert f"From this page: 3: Established. Evidence: {A_NOTE}" in question.inner_text()
    # What tab B sent is on the page; the evidence it never touched is not blanked.
    assert tab_b.locator(f"input[name='{NAME}'][value='3']").is_checked()
    assert tab_b.locator(f"#{NAME}--evidence").input_value() == A_NOTE
    assert summary.locator("a").first.get_attribute("href") == f"#{NAME}--keep-0"
    at_320px(tab_b)
    wide(tab_b)

    # Keeping this tab's answer saves it.
    _choose(tab_b, f"{NAME}--keep", "mine")
    _save(tab_b)
    check_page(tab_b, javascript=javascript)
    assert tab_b.url.endswith(f"/answer/{QUESTIONNAIRE.domains[1].id}")
    assert _saved(data_layer, respondent)[FIRST.id] == ("3", A_NOTE)
