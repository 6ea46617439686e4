"""A person with lived experience, in a real browser, is shown only the
questions asked of their perspective: on the task list, on every domain's
page and on the check-your-answers page, none of the staff-only questions
(those whose ``asked_of`` leaves lived experience out). Every page passes
``check_page`` (axe finds no violation).

The respondent, their partnership and its open round are the test's own
(tests/e2e/data.py); nothing is saved."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from selfassess.questionnaire import load
from tests import factories
from tests.e2e import data
from tests.e2e.support import check_page, follow, sign_in

PERSPECTIVE = "lived_experience"
QUESTIONNAIRE = load(factories.QUESTIONNAIRE)


def field(indicator_id: str) -> str:
    return indicator_id.replace(".", "--")


@pytest.fixture
def respondent(data_layer) -> str:
    """Someone with lived experience who has not answered their partnership's open round yet."""
    partnership = data.PARTNERSHIPS["lived experience"]
    return data_layer.make(lambda: data.respondent_with_an_open_round(partnership, PERSPECTIVE))


def _check_the_domain_page(page: Page, number: int) -> None:
    """The domain's page just opened: its questions are those asked of the perspective, in order."""
    domain = QUESTIONNAIRE.domains[number - 1]
    asked = [i for i in domain.indicators if i.is_asked_of(PERSPECTIVE)]
    staff_only = [i for i in domain.indicators if not i.is_asked_of(PERSPECTIVE)]
    assert page.locator("h1").inner_text() == domain.title
    assert page.locator(".ds_page-header__label").inner_text() == f"Domain {number} of {len(QUESTIONNAIRE.domains)}"
    sections = page.locator("form[data-autosave] section.sa_indicator")
    shown = [sections.nth(n).get_attribute("id") for n in range(sections.count())]
    assert shown == [f"indicator-{field(i.id)}" for i in asked], domain.id
    for position, indicator in enumerate(asked):
        section = sections.nth(position)
        assert section.is_visible()
        assert indicator.title in section.locator("h2").inner_text()
        assert section.locator(f"input[type=radio][name='{field(indicator.id)}']").count() >= len(QUESTIONNAIRE.scale)
    text = page.locator("main").inner_text()
    for indicator in staff_only:
        assert page.locator(f"[name^='{field(indicator.id)}']").count() == 0, indicator.id
        assert indicator.title not in text, indicator.id


def test_a_person_with_lived_experience_sees_only_the_questions_asked_of_them(page: Page, respondent: str) -> None:
    asked = QUESTIONNAIRE.asked(PERSPECTIVE)
    staff_only = [i for i in QUESTIONNAIRE.indicators if i not in asked]
    assert asked and staff_only, "the questionnaire should ask some questions of staff only"

    sign_in(page, respondent, factories.PASSWORD)
    follow(page, page.locator("main a.ds_button", has_text="Start answering"))
    tasks = page.url
    main = page.locator("main").inner_text()
    assert f"You have answered 0 of {len(asked)} questions." in main
    assert QUESTIONNAIRE.perspective_label(PERSPECTIVE) in main
    for number, domain in enumerate(QUESTIONNAIRE.domains, 1):
        count = sum(1 for i in asked if i.domain_id == domain.id)
        task = page.locator(f"#task-{domain.id}")
        assert f"0 of {count} questions answered" in task.inner_text(), domain.id
        follow(page, task.locator("a"))  # a real page load, checked by axe
        _check_the_domain_page(page, number)
        page.goto(tasks)
        check_page(page)

    # The check-your-answers page lists the same questions, all still to answer.
    follow(page, page.locator("#task-check a"))
    assert page.locator("h1").inner_text() == "Check your answers"
    rows = page.locator(".ds_summary-list__item dt")
    assert [rows.nth(n).inner_text().strip() for n in range(rows.count())] == [i.title for i in asked]
    main = page.locator("main").inner_text()
    assert not [i.id for i in staff_only if i.title in main]
