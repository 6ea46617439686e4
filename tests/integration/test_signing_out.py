"""Signing out ends the session on the server: a copy of the session cookie
taken before signing out no longer signs anyone in (issue 10, item 4)."""

from __future__ import annotations

from selfassess.data import audit
from tests.signing_in import sign_in, sign_out


def replay(app, cookie: str, url: str = "/admin/"):
    """``url`` from another browser that holds a copy of the cookie."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other.get(url)


def test_a_cookie_copied_before_signing_out_is_refused_after_it(app, client, admin):
    assert client.get("/admin/").status_code == 200
    copied = client.get_cookie("session").value
    assert replay(app, copied).status_code == 200  # the copy works while the person is signed in

    sign_out(client)

    refused = replay(app, copied)
    assert refused.status_code == 302
    assert refused.headers["Location"].startswith("/sign-in")
    assert [event.action for event in audit.events()][:2] == ["signed out", "signed in"]


def test_signing_out_ends_the_sessions_of_every_browser(app, client, admin):
    """The person's session version changes, so a sign-in on another device ends too."""
    elsewhere = app.test_client()
    sign_in(elsewhere, admin.email)
    assert elsewhere.get("/admin/").status_code == 200
    sign_out(client)
    assert elsewhere.get("/admin/").status_code == 302
