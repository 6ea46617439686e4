"""Signing in, and CSRF tokens, for every test that uses the Flask test
client: one way to sign in and one way to fetch a token.

``sign_in`` posts the sign-in form as a person does; ``csrf_token`` reads
this client's token from a page's form (Flask-WTF gives a session one token
for every form, so any page with a form will do; the sign-in page has one
for anyone). The browser tests sign in through the browser instead
(``tests/e2e/support.py``)."""

from __future__ import annotations

from tests.pages import page

# The password of every account the factories make, unless a test gives another.
PASSWORD = "correct horse battery staple"
SIGN_IN = "/sign-in"


def csrf_token(client, url: str = SIGN_IN) -> str:
    """This client's CSRF token, from the form on ``url`` (checked as every page is)."""
    return page(client, url).csrf_token()


def sign_in(client, email: str, password: str = PASSWORD, *, at: str = SIGN_IN, status: int | None = 302, **request):
    """Sign in through the form on ``at`` (the sign-in page, or the one a
    person was sent to, with its ``?next=``), as a person would.

    ``status`` is the answer expected: 302 signed in (the default), 200 the
    form again with an error, 429 paused; None accepts any. ``request`` goes
    with the post (``environ_base={"REMOTE_ADDR": ...}``)."""
    data = {"email": email, "password": password, "csrf_token": csrf_token(client, at)}
    response = client.post(at, data=data, **request)
    if status is not None:
        assert response.status_code == status, f"signing in as {email}: {response.status_code}, expected {status}"
    return response


def sign_out(client):
    """Sign out with the header's sign-out button, as a person would."""
    response = client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302, f"signing out: {response.status_code}"
    return response
