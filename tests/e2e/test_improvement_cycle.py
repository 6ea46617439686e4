"""The improvement cycle in one go, as the demo's lead of Fife does it in a
browser: the task list, a reminder that arrives at a real SMTP server,
closing early, the consensus workshop by keyboard, an action plan drafted
from the priorities and edited, that plan in the PDF report, the results
shared by email, and a next round that shows the plan with its statuses.

It changes the demo data, so it has a server of its own (with the demo
loaded afresh) that sends email to an aiosmtpd server this test starts
(tests/smtp_server.py), instead of the shared server that only logs email.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from tests import smtp_server
from tests.e2e.conftest import new_context, serve
from tests.e2e.support import check_page, choose_radio, follow, press_and_wait, sign_in, tab_to

LEAD = "fife.lead@example.org"
NEW_PERSON = "new.colleague@example.org"
OWNER = "Morag Findlay, Head of Engagement"
REASON = "Heard in the room: examples exist in some services, not yet across the partnership."


@pytest.fixture(scope="module")
def cycle(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Page, smtp_server.Inbox]]:
    with smtp_server.running() as inbox:
        settings = {
            "SELFASSESS_MAIL_BACKEND": "smtp",
            "SELFASSESS_MAIL_SERVER": inbox.host,
            "SELFASSESS_MAIL_PORT": str(inbox.port),
            "SELFASSESS_MAIL_USE_TLS": "false",
        }
        with serve(tmp_path_factory.mktemp("cycle-server"), settings) as own:
            context = new_context(browser, own)
            yield context.new_page(), inbox
            context.close()


def _main(page: Page) -> str:
    return page.locator("main").inner_text()


def _task(page: Page, key: str) -> str:
    return page.locator(f"#task-{key}").inner_text()


def _what_we_said(page: Page) -> str:
    assert page.locator("#what-we-said").inner_text() == "What we said we would do"
    return page.get_by_role("region", name="Table: what we said we would do").inner_text()


def _open_fifes_round(page: Page, which: int = 0) -> None:
    page.goto("/")
    follow(page, page.get_by_role("link", name="Manage rounds, invitations and results for Fife"))
    follow(page, page.locator("#rounds h3 a").nth(which))


def test_a_lead_runs_the_whole_cycle_in_the_browser(cycle):
    page, inbox = cycle
    sign_in(page, LEAD)
    _open_fifes_round(page)
    _the_task_list_and_last_years_plan(page)
    _invite_and_remind(page, inbox)
    _close_early(page)
    _the_workshop_by_keyboard(page)
    action = _draft_and_edit_the_plan(page)
    _the_plan_is_in_the_report(page, action)
    _share_and_email_the_people_who_answered(page, inbox)
    _the_next_round_shows_the_plan(page, action)


def _the_task_list_and_last_years_plan(page: Page) -> None:
    assert page.locator("#task-list > li").count() == 7
    assert "Not started" in _task(page, "answer")  # the lead has not answered
    assert "Cannot start yet" in _task(page, "agree")  # no results while the round is open
    # Last year's plan, with each action's status.
    previous = _what_we_said(page)
    for status in ("Done", "In progress", "Not started", "Dropped"):
        assert status in previous, status


def _invite_and_remind(page: Page, inbox: smtp_server.Inbox) -> None:
    page.fill("#email", NEW_PERSON)
    page.locator("label", has_text="NHS").first.click()
    follow(page, page.get_by_role("button", name="Send the invitation"))
    assert inbox.to(NEW_PERSON), "the invitation did not arrive"

    follow(page, page.locator("#task-remind").get_by_role("link").first)
    assert NEW_PERSON in _main(page)
    assert "Subject" in _main(page)
    follow(page, page.get_by_role("button", name="Send the reminder"))
    assert "We sent a reminder to 1 person." in _main(page)
    reminders = [m for m in inbox.to(NEW_PERSON) if "remind" in m.subject.lower()]
    assert len(reminders) == 1, [m.subject for m in inbox.to(NEW_PERSON)]
    assert reminders[0].html and reminders[0].text  # both parts

    # A second click the same day sends nothing more.
    follow(page, page.locator("#task-remind").get_by_role("link").first)
    assert page.get_by_role("button", name="Send the reminder").count() == 0
    page.go_back()


def _close_early(page: Page) -> None:
    follow(page, page.locator("#task-close").get_by_role("link").first)
    assert NEW_PERSON in _main(page)  # who will not be able to answer
    follow(page, page.get_by_role("button", name="Close the round"))
    assert "There is a problem" in _main(page)  # not confirmed: nothing closed
    page.locator("label[for=understood]").click()  # the design system draws the box over the input
    follow(page, page.get_by_role("button", name="Close the round"))
    assert "You closed" in _main(page)
    assert "Completed" in _task(page, "close")


def _the_workshop_by_keyboard(page: Page) -> None:
    follow(page, page.locator("#task-agree .ds_task-list__task-link"))  # to the workshop
    steps = int(re.search(r"(\d+) questions? to talk through", _main(page)).group(1))
    assert steps >= 2
    follow(page, page.get_by_role("button", name="Start"))
    assert f"Step 1 of {steps}" in _main(page)
    press_and_wait(page, "ArrowRight")
    check_page(page)
    assert f"Step 2 of {steps}" in _main(page)
    press_and_wait(page, "ArrowLeft")
    assert f"Step 1 of {steps}" in _main(page)
    assert "(demo)" not in _main(page)  # nothing on screen names a person

    tab_to(page, "input[type=radio][name=value]", limit=80)
    choose_radio(page, "value", "2")
    tab_to(page, "textarea[name=rationale]")
    page.keyboard.type(REASON)
    tab_to(page, "button[type=submit]")
    press_and_wait(page, "Enter")
    check_page(page)
    assert f"Step 2 of {steps}" in _main(page)
    assert "is saved" in _main(page)


def _draft_and_edit_the_plan(page: Page) -> str:
    _open_fifes_round(page)
    assert "1 of" in _task(page, "agree") or "agreed" in _task(page, "agree").lower()
    follow(page, page.locator("#task-plan").get_by_role("link").first)
    follow(page, page.get_by_role("button", name="Draft the plan from the results"))
    first = page.locator("ol.ds_no-bullets > li").first
    action = first.locator("h3 .ds_break-word").inner_text()
    assert action.startswith("Improve: ")  # from a priority question
    follow(page, first.get_by_role("link", name=re.compile("^Change")))
    page.get_by_label("Who owns it (optional)").fill(OWNER)
    next_year = date.today().year + 1
    page.get_by_label("Day", exact=True).fill("31")
    page.get_by_label("Month", exact=True).fill("3")
    page.get_by_label("Year", exact=True).fill(str(next_year))
    page.locator("label", has_text="In progress").click()
    follow(page, page.get_by_role("button", name="Save the action"))
    saved = page.locator("ol.ds_no-bullets > li").first.inner_text()
    assert OWNER in saved and f"31 March {next_year}" in saved and "In progress" in saved
    return action


def _the_plan_is_in_the_report(page: Page, action: str) -> None:
    follow(page, page.get_by_role("link", name="See the results").first)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("link", name="Download report (PDF)").click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert OWNER in text
    assert " ".join(action.split()[:4]) in text


def _share_and_email_the_people_who_answered(page: Page, inbox: smtp_server.Inbox) -> None:
    _open_fifes_round(page)
    follow(page, page.get_by_role("button", name="Share the results"))
    shared = inbox.to("fife.nhs@example.org")
    assert any("results" in m.subject.lower() for m in shared), [m.subject for m in shared]
    assert not [m for m in inbox.to(NEW_PERSON) if "results" in m.subject.lower()]  # never answered


def _the_next_round_shows_the_plan(page: Page, action: str) -> None:
    page.goto("/")
    follow(page, page.get_by_role("link", name="Manage rounds, invitations and results for Fife"))
    follow(page, page.get_by_role("link", name="Open a new round"))
    year = date.today().year + 1
    page.get_by_label("Name of the round", exact=True).fill(f"Co-production self-assessment {year}")
    for legend, day, month in (("Opens on", "12", "1"), ("Closes on", "20", "2")):
        dates = page.get_by_role("group", name=legend, exact=True)
        for box, value in (("Day", day), ("Month", month), ("Year", str(year))):
            dates.get_by_label(box, exact=True).fill(value)
    follow(page, page.get_by_role("button", name="Continue"))
    assert page.locator("h1").inner_text() == "Check before you open the round"
    follow(page, page.get_by_role("button", name=re.compile("Open the round")))
    previous = _what_we_said(page)
    assert action in previous and "In progress" in previous
