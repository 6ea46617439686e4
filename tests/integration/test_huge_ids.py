"""An id in a URL outside the database's integer range (PostgreSQL's
``integer`` holds at most 2,147,483,647) is "Page not found", as any id that
does not exist is, never a server error (penetration test, issue 10, item 12).
Every route with an id is tried, with each of its ids made too large."""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

from tests import factories
from tests.signing_in import csrf_token, sign_in

TOO_LARGE = ["2147483648", "99999999999999999999"]
# Values for the other parts of a URL, which are not ids.
OTHER_PARTS = {"domain_id": "leadership", "indicator_id": "leadership.shared-meaning", "kind": "csv"}


def routes_with_ids(app) -> list[tuple[str, str, list[str]]]:
    """(rule, method, names of its int parts) for every route that has an id."""
    found = []
    for rule in app.url_map.iter_rules():
        ids = [name for name, converter in rule._converters.items() if isinstance(converter, IntegerConverter)]
        if ids:
            method = "GET" if "GET" in rule.methods else "POST"
            found.append((rule.rule, method, ids))
    return sorted(found)


def url(rule: str, ids: list[str], too_large: str, which: str) -> str:
    """The rule's URL with id ``which`` too large and every other id 1."""
    path = rule
    for name in ids:
        path = path.replace(f"<int:{name}>", too_large if name == which else "1")
    for name, value in OTHER_PARTS.items():
        path = path.replace(f"<{name}>", value)
    return path.replace("<any(csv, json):kind>", "csv")


def test_every_route_with_an_id_is_tried(app):
    found = routes_with_ids(app)
    assert len(found) >= 30
    assert all("<" not in url(rule, ids, "1", ids[0]) for rule, _, ids in found), found


@pytest.mark.parametrize("too_large", TOO_LARGE)
def test_an_id_too_large_for_the_database_is_not_found(app, client, too_large):
    factories.account("admin@example.org", is_admin=True, adviser_for_all=True)  # may try every route
    sign_in(client, "admin@example.org")
    token = csrf_token(client, "/")
    answers = {}
    for rule, method, ids in routes_with_ids(app):
        for which in ids:
            address = url(rule, ids, too_large, which)
            response = client.open(address, method=method, data={"csrf_token": token} if method == "POST" else None)
            page_not_found = b"Page not found" in response.data
            answers[address] = (response.status_code, page_not_found)
    wrong = {address: answer for address, answer in answers.items() if answer != (404, True)}
    assert not wrong, wrong


@pytest.mark.parametrize("too_large", TOO_LARGE)
def test_the_report_command_refuses_an_id_too_large_in_one_line(runner, too_large):
    result = runner.invoke(args=["report", too_large])
    assert result.exit_code == 2
    assert "is not in the range 1<=x<=2147483647" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
