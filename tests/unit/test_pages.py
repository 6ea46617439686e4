"""The strict page check holds: the integration tier's client checks every
HTML page it gets, however it was requested, unless the request says its
answer is rightly not a whole page."""

from __future__ import annotations

import gzip

import brotli
import pytest
from flask import Flask, Response, redirect

from tests.pages import CheckedClient, check_html, page

GOOD = (
    "<!doctype html><html lang='en'><head><title>A page</title></head>"
    "<body><main><h1>A page</h1><form method='post'><input type='hidden' name='csrf_token' value='t'></form>"
    "</main></body></html>"
)
BROKEN = {
    "no title": GOOD.replace("<title>A page</title>", ""),
    "no h1": GOOD.replace("<h1>A page</h1>", "<p>A page</p>"),
    "duplicate ids": GOOD.replace("<h1>", "<p id='x'></p><p id='x'></p><h1>"),
    "inline script": GOOD.replace("</main>", "<script>alert(1)</script></main>"),
    "a form posts without a CSRF token": GOOD.replace("<input type='hidden' name='csrf_token' value='t'>", ""),
    "HTML does not parse": GOOD.replace("<h1>A page</h1>", "<h1>A page</h2>"),
    "invalid-codepoint": GOOD.replace("value='t'", "value='t\x1b'"),
}


def app() -> Flask:
    made = Flask(__name__)
    made.test_client_class = CheckedClient
    made.add_url_rule("/good", "good", lambda: GOOD)
    made.add_url_rule("/broken/<name>", "broken", lambda name: BROKEN[name], methods=["GET", "POST"])
    made.add_url_rule("/json", "json", lambda: {"saved": True})
    made.add_url_rule("/away", "away", lambda: redirect("/broken/no%20h1"))
    made.add_url_rule("/home", "home", lambda: redirect("/good"))

    def compressed(how: str) -> Response:
        body = brotli.compress(BROKEN["no h1"].encode()) if how == "br" else gzip.compress(BROKEN["no h1"].encode())
        return Response(body, mimetype="text/html", headers={"Content-Encoding": how})

    made.add_url_rule("/compressed/<how>", "compressed", compressed)
    return made


@pytest.mark.parametrize("problem", sorted(BROKEN))
def test_check_html_finds_each_problem(problem):
    with pytest.raises(AssertionError, match=problem):
        check_html(BROKEN[problem], "/x")


def test_the_client_checks_every_html_page_however_it_is_requested():
    client = app().test_client()
    assert client.get("/good").status_code == 200
    with pytest.raises(AssertionError, match="GET /broken/no h1: page has no h1"):
        client.get("/broken/no h1")
    with pytest.raises(AssertionError, match="POST /broken/duplicate ids: duplicate ids"):
        client.post("/broken/duplicate ids", data={"a": "b"})
    with pytest.raises(AssertionError, match="page has no h1"):
        client.open("/broken/no h1", method="POST")


def test_compressed_pages_are_checked_too():
    client = app().test_client()
    for how in ("br", "gzip"):
        with pytest.raises(AssertionError, match="page has no h1"):
            client.get(f"/compressed/{how}")


def test_what_is_not_a_page_is_not_checked_and_a_redirect_followed_is():
    client = app().test_client()
    assert client.get("/json").get_json() == {"saved": True}
    assert client.get("/away").status_code == 302  # Werkzeug's redirect body is not the app's page
    assert client.head("/broken/no h1").status_code == 200  # no body to check
    with pytest.raises(AssertionError, match="page has no h1"):
        client.get("/away", follow_redirects=True)
    assert client.get("/home", follow_redirects=True).status_code == 200


def test_a_request_says_when_its_answer_is_rightly_not_a_whole_page():
    client = app().test_client()
    assert client.get("/broken/no h1", whole_page=False).status_code == 200


def test_page_reuses_the_clients_check():
    client = app().test_client()
    shown = page(client, "/good")
    assert shown.h1 == "A page"
    assert shown.response.checked_soup is shown.soup
    assert shown.csrf_token() == "t"
