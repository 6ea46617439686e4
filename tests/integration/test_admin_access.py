"""Only administrators may use the administrator's pages: everyone else is
refused, and anonymous visitors are sent to sign in."""

from __future__ import annotations

import pytest

from tests import factories
from tests.signing_in import csrf_token, sign_in


def _admin_routes(app) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin."):
            continue
        url = rule.rule
        for argument in rule.arguments:
            url = url.replace(f"<int:{argument}>", "1").replace(f"<{argument}>", "1")
        for method in sorted(rule.methods & {"GET", "POST"}):
            found.append((method, url))
    return found


def test_every_admin_view_declares_the_admin_rule(app):
    for endpoint, view in app.view_functions.items():
        if endpoint.startswith("admin."):
            assert view.access_rule == "admin", endpoint


@pytest.mark.parametrize("who", ["lead", "adviser", "respondent"])
def test_other_people_are_refused_every_admin_route(app, client, who):
    if who == "lead":
        factories.lead("someone@example.org")
    elif who == "adviser":
        factories.adviser("someone@example.org")
    else:
        factories.member(factories.account("someone@example.org"))
    sign_in(client, "someone@example.org")
    token = csrf_token(client)
    routes = _admin_routes(app)
    assert len(routes) >= 15
    for method, url in routes:
        response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
        assert response.status_code == 403, f"{method} {url}: {response.status_code}"


def test_anonymous_visitors_are_sent_to_sign_in(app, client):
    token = csrf_token(client)
    for method, url in _admin_routes(app):
        response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
        assert response.status_code == 302, f"{method} {url}: {response.status_code}"
        assert "/sign-in" in response.headers["Location"], f"{method} {url}"
