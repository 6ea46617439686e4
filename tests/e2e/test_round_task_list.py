"""The lead's round page, a task list, in a real browser: every round of the
demo's Fife passes axe and reads at 320 pixels wide, and each task's
status is read out with its link."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.e2e.support import FIFE_LEAD, at_320px, check_page, follow, sign_in, wide

STATUSES = {"Not started", "In progress", "Completed", "Cannot start yet"}


def test_every_round_page_of_fife_is_a_task_list_that_reads_at_320px(page: Page) -> None:
    sign_in(page, FIFE_LEAD)
    follow(page, page.get_by_role("link", name="Manage rounds, invitations and results for Fife"))
    rounds = page.url
    count = page.locator("#rounds h3 a").count()
    assert count >= 2  # an open round and a closed one
    for index in range(count):
        page.goto(rounds)
        follow(page, page.locator("#rounds h3 a").nth(index))
        tasks = page.locator("#task-list > li")
        assert tasks.count() == 7
        for task in tasks.all():
            assert task.locator("[aria-hidden='true'] .ds_tag").inner_text() in STATUSES
        # The status is part of the link's name for a screen reader.
        link = page.locator("#task-answer a.ds_task-list__task-link")
        assert link.locator(".visually-hidden").inner_text().strip("() ") in STATUSES
        check_page(page)
        at_320px(page)
        wide(page)
