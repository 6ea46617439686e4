"""Sending a fuzzed request and checking the answer: no server error, and
without the right CSRF token nothing in the database changes."""

from __future__ import annotations

import functools
import traceback
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Flask
from werkzeug.datastructures import MultiDict

from selfassess.data.base import db
from selfassess.extensions import limiter
from tests.integration.fuzzing.strategies import BAD_CSRF, FormPost, short
from tests.integration.fuzzing.world import ANONYMOUS, REDIRECTS, FuzzWorld
from tests.pages import NotAPage
from tests.signing_in import csrf_token, sign_in

# --- the assertion helper ------------------------------------------------------------------------


def _describe(method: str, url: str, request: dict) -> str:
    shown = ", ".join(f"{key}={short(value)}" for key, value in request.items() if value)
    return f"{method} {url} {shown}"


def _traceback_summary(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/selfassess/" in f.filename] or frames[-3:]
    where = " <- ".join(f"{f.filename.split('/main/')[-1]}:{f.lineno} {f.name}" for f in reversed(ours[-4:]))
    message = str(error).splitlines()[0][:300] if str(error) else ""
    return f"{type(error).__module__}.{type(error).__name__}: {message} (at {where})"


def request_and_check(client, method: str, url: str, *, expect: set[str] | None = None, **request):
    """Make a request and fail on any server error: an exception a route
    raised (the test app propagates them) or a 5xx answer. Otherwise the
    answer must be a redirect within the site or a page of an expected type
    (HTML unless ``expect`` says otherwise), and a page must pass the strict
    page check (the client's, ``tests.pages.CheckedClient``)."""
    described = _describe(method, url, request)
    try:
        response = client.open(url, method=method, **request)
    except NotAPage as problem:
        raise AssertionError(f"not a valid page: {described}\n  {problem}") from problem
    except Exception as error:
        raise AssertionError(f"server error (the route raised): {described}\n  {_traceback_summary(error)}") from error
    status = response.status_code
    assert status < 500, f"server error {status}: {described}"
    if status in REDIRECTS:
        location = response.headers.get("Location", "")
        assert location, f"redirect {status} without a Location: {described}"
        assert urlsplit(location).netloc in ("", "localhost"), f"redirect off the site to {location}: {described}"
        return response
    # Too large a request is answered before any of the app's code runs.
    expect = {"text/html"} if status == 413 else expect or {"text/html"}
    assert response.mimetype in expect, f"{status} {response.mimetype}, expected {sorted(expect)}: {described}"
    if response.mimetype == "text/html":
        html = response.get_data(as_text=True)
        assert html.lstrip().lower().startswith("<!doctype html"), f"{status}: not an HTML page: {described}"
    elif response.mimetype == "application/json":
        assert response.get_json(silent=True) is not None, f"{status}: JSON that does not parse: {described}"
    return response


@functools.cache
def _state_query() -> sa.CompoundSelect:
    return sa.union_all(
        *(
            sa.select(sa.literal(table.name), sa.func.count(), sa.func.max(table.c.updated_at_utc)).select_from(table)
            for table in db.metadata.sorted_tables
        )
    )


def database_state() -> dict[str, tuple]:
    """Every table's row count and latest change, in one query on a connection of its own."""
    with db.engine.connect() as connection:
        return {name: (count, latest) for name, count, latest in connection.execute(_state_query())}


class Target:
    """What a test fuzzes: a client signed in as ``actor``, the world, a URL and its form's fields."""

    def __init__(self, app: Flask, client, actor: str, world: FuzzWorld | None = None) -> None:
        self.app, self.client, self.actor = app, client, actor
        self.world = world or FuzzWorld()
        if actor != ANONYMOUS:
            sign_in(client, self.world.emails[actor])
        self.token = csrf_token(client)  # this session's CSRF token
        self.foreign_token = csrf_token(app.test_client())  # a real token, of another session
        self.url = ""
        self.fields: dict[str, set[str]] = {}
        self.autosave = False
        self.other_names: list[str] = []

    def __repr__(self) -> str:
        return f"Target({self.actor}, {self.url or 'pages'}, fields={sorted(self.fields)})"


def fuzz_post(target: Target, post: FormPost) -> None:
    """One fuzzed POST: no server error; and without the right CSRF token it
    is refused and nothing in the database changes."""
    pairs = list(post.pairs)
    headers = {}
    if post.csrf == "valid":
        pairs.insert(0, ("csrf_token", target.token))
    elif post.csrf == "header":
        headers["X-CSRFToken"] = target.token
    elif post.csrf == "wrong":
        pairs.insert(0, ("csrf_token", "not-the-token"))
    elif post.csrf == "foreign":
        pairs.insert(0, ("csrf_token", target.foreign_token))
    elif post.csrf == "tampered":
        pairs.insert(0, ("csrf_token", target.token[:-2] + ("BB" if target.token.endswith("AA") else "AA")))
    if post.autosave:
        headers["X-Autosave"] = "1"
    # So that every example reaches the sign-in and forgotten-password forms,
    # not only the first few before the rate limit answers 429 (also fine).
    limiter.reset()
    before = database_state() if post.csrf in BAD_CSRF else None
    if post.autosave and target.autosave and post.csrf not in BAD_CSRF:
        expect = {"application/json"}  # what the page's script reads
    elif post.autosave:
        expect = {"text/html", "application/json"}
    else:
        expect = {"text/html"}
    response = request_and_check(
        target.client,
        "POST",
        target.url,
        expect=expect,
        data=MultiDict(pairs),
        headers=headers,
        query_string=post.query,
        content_type="multipart/form-data" if post.multipart else "application/x-www-form-urlencoded",
    )
    if before is not None:
        assert response.status_code in (400, 413), (
            f"POST {target.url} with a {post.csrf} CSRF token was not refused: {response.status_code}"
        )
        after = database_state()
        changed = {name: (before[name], after[name]) for name in before if before[name] != after[name]}
        assert not changed, f"POST {target.url} with a {post.csrf} CSRF token changed the database: {changed}"
    elif response.status_code in REDIRECTS and urlsplit(response.headers["Location"]).path == "/sign-in":
        # Signed out, or sent to sign in: the session, and so its token, may be new.
        target.token = csrf_token(target.client)
