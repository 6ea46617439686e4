"""As the demo's administrator, in a browser: open a round for a partnership
that has none, from the partnerships page, through the new-round form's
check page; make a new person its lead; read the email a real SMTP server
received, follow its link, see "Set your password", set it and sign in as
the new lead. axe finds nothing wrong on the administrator's pages and
nothing scrolls sideways at 320 pixels.

It adds a round and a person, so it has a server of its own (the demo
loaded afresh) that sends email to an aiosmtpd server this test starts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Browser, Page

from tests import smtp_server
from tests.e2e.conftest import Server, new_context, serve
from tests.e2e.support import at_320px, check_page, choose_radio, follow, sign_in, tab_to, wide

ADMIN = "admin@example.org"
NEW_LEAD = "nia.new@example.org"
NEW_NAME = "Nia New"
TITLE = "Administrator's round"
NEW_PASSWORD = "a long password for the new lead"


@pytest.fixture(scope="module")
def own(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Browser, Server, smtp_server.Inbox]]:
    with smtp_server.running() as inbox:
        settings = {
            "SELFASSESS_MAIL_BACKEND": "smtp",
            "SELFASSESS_MAIL_SERVER": inbox.host,
            "SELFASSESS_MAIL_PORT": str(inbox.port),
            "SELFASSESS_MAIL_USE_TLS": "false",
        }
        with serve(tmp_path_factory.mktemp("admin-server"), settings) as server:
            yield browser, server, inbox


def _narrow_and_back(page: Page) -> None:
    at_320px(page)
    wide(page)


def _partnership(page: Page, name: str):
    return page.locator("main ol > li").filter(has=page.get_by_role("heading", name=name, exact=True))


def _a_partnership_with_no_round(page: Page) -> str:
    item = page.locator("main ol > li").filter(has_text="No round yet").filter(has_text="No lead yet").first
    return item.locator("h2").inner_text()


def _open_a_round(page: Page, name: str) -> None:
    follow(page, _partnership(page, name).get_by_role("link", name=f"Open a round for {name}"))
    _narrow_and_back(page)
    page.fill("#title", TITLE)
    opens = date.today()
    closes = opens.replace(year=opens.year + 1, day=1)
    for field, day in (("opens_on", opens), ("closes_on", closes)):
        page.fill(f"#{field}", str(day.day))
        page.fill(f"#{field}-month", str(day.month))
        page.fill(f"#{field}-year", str(day.year))
    follow(page, page.locator("main button[type=submit]"))
    assert page.locator("h1").inner_text() == "Check before you open the round"
    assert name in page.locator("main").inner_text()
    _narrow_and_back(page)
    follow(page, page.get_by_role("button", name="Open the round"))


def _make_a_new_person_lead(page: Page, name: str) -> None:
    follow(page, _partnership(page, name).get_by_role("link", name=f"Make someone a lead of {name}"))
    assert page.locator("h1").inner_text() == f"Make someone a lead of {name}"
    _narrow_and_back(page)
    page.fill("#email", NEW_LEAD)
    page.fill("#name", NEW_NAME)
    page.locator("input[name=perspective]").first.focus()
    choose_radio(page, "perspective", "nhs")
    tab_to(page, "main button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page(page)
    main = page.locator("main").inner_text()
    assert f"Added {NEW_NAME} to {name} as a lead." in main
    leads = _partnership(page, name).inner_text()
    assert NEW_NAME in leads and TITLE in leads


def test_an_administrator_opens_a_round_and_makes_a_new_person_its_lead(own) -> None:
    browser, server, inbox = own
    context = new_context(browser, server)
    page = context.new_page()
    sign_in(page, ADMIN)
    page.goto("/admin/partnerships")
    check_page(page)
    _narrow_and_back(page)
    name = _a_partnership_with_no_round(page)

    _open_a_round(page, name)
    assert "/admin/partnerships" in page.url
    item = _partnership(page, name).inner_text()
    assert f"{TITLE}: open" in item
    assert _partnership(page, name).get_by_role("link", name=f"Open a round for {name}").count() == 0

    _make_a_new_person_lead(page, name)
    (message,) = inbox.to(NEW_LEAD)
    assert name in message.subject
    assert "set your password" in message.text.lower()
    link = message.link_path()
    context.close()

    # The new lead, in a browser of their own, follows the link from the email.
    theirs = new_context(browser, server)
    page = theirs.new_page()
    page.goto(link)
    check_page(page)
    assert page.locator("h1").inner_text() == "Set your password"
    _narrow_and_back(page)
    page.fill("#password", NEW_PASSWORD)
    page.fill("#confirm", NEW_PASSWORD)
    follow(page, page.get_by_role("button", name="Save the password"))
    assert "Your password has been set" in page.locator("main").inner_text()
    assert "changed" not in page.locator("main").inner_text()
    sign_in(page, NEW_LEAD, NEW_PASSWORD)
    assert name in page.locator("main").inner_text()  # their partnership, on their home page
    theirs.close()


def test_the_audit_log_filters_and_pages_by_keyboard(own) -> None:
    browser, server, _inbox = own
    context = new_context(browser, server)
    page = context.new_page()
    sign_in(page, ADMIN)
    page.goto("/admin/audit")
    check_page(page)
    _narrow_and_back(page)
    page.fill("#since", "31/2/2026")
    follow(page, page.get_by_role("button", name="Show"))
    assert "Enter the “From” date as a real date" in page.locator(".ds_error-summary").inner_text()
    _narrow_and_back(page)
    page.fill("#since", "")
    page.select_option("#kind", label="Signed in")
    follow(page, page.get_by_role("button", name="Show"))
    headings = page.locator("main ol h3").all_inner_texts()
    assert headings and set(headings) == {"Signed in"}
    _narrow_and_back(page)
    context.close()
