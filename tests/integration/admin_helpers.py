"""Shared by the tests of the administrator's pages (test_admin*.py); the
``admin`` fixture, an administrator signed in, is in conftest.py."""

from __future__ import annotations

from selfassess.data import audit
from tests.pages import Page, page


def post(client, form_url: str, data: dict, *, action: str | None = None, status: int = 302, index: int = 0) -> Page:
    """Open the page with the form, then post it with its hidden fields and
    ``data``: the form that posts to ``action`` when the page has one, else
    the ``index``-th form."""
    shown = page(client, form_url)
    forms = shown.soup.find("main").find_all("form", method="post")
    if action is not None:
        index = next((i for i, form in enumerate(forms) if form.get("action") == action), index)
    fields = shown.form_data(index) if forms else {}
    fields.setdefault("csrf_token", shown.csrf_token())
    fields.update(data)
    return page(client, action or form_url, method="POST", data=fields, status=status)


def actions() -> list[str]:
    """The audit log's actions, newest first."""
    return [e.action for e in audit.events()]
