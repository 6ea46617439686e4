"""Every form, posted with random field names, values and CSRF tokens, and
every page, with random query strings: no server error."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.integration.fuzzing.checking import fuzz_post, request_and_check
from tests.integration.fuzzing.strategies import form_posts, query_strings
from tests.integration.fuzzing.world import (
    ACTORS,
    ANONYMOUS,
    ANONYMOUS_EXAMPLES,
    FUZZ_SETTINGS,
    GET_EXAMPLES,
    POST_ENDPOINTS,
    FuzzWorld,
    actor_for,
    post_rules,
)


def test_every_post_route_is_fuzzed(app, fuzzing):
    """The routes fuzzed are the app's own, each with a person and real ids."""
    assert [r.endpoint for r in post_rules(app)] == POST_ENDPOINTS
    assert len(POST_ENDPOINTS) >= 30
    world = FuzzWorld()
    for rule in post_rules(app):
        actor_for(app, rule.endpoint)
        assert "<" not in world.url(app, rule)


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
@FUZZ_SETTINGS
@given(data=st.data())
def test_no_form_post_gets_a_server_error(post_target, endpoint, data):
    fuzz_post(post_target, data.draw(form_posts(post_target.fields, post_target.other_names), label="request"))


@settings(FUZZ_SETTINGS, max_examples=ANONYMOUS_EXAMPLES)
@given(data=st.data())
def test_no_form_posted_without_signing_in_gets_a_server_error(anonymous_target, data):
    """Every form of someone signed in, posted by someone who is not (as when
    a sign-in has run out): they are sent to sign in, never an error."""
    app = anonymous_target.app
    rules = [r for r in post_rules(app) if actor_for(app, r.endpoint) != ANONYMOUS]
    rule = data.draw(st.sampled_from(rules), label="route")
    anonymous_target.url = anonymous_target.world.url(app, rule)
    fuzz_post(anonymous_target, data.draw(form_posts({}, anonymous_target.other_names), label="request"))


@pytest.mark.parametrize("actor", ACTORS)
@settings(FUZZ_SETTINGS, max_examples=GET_EXAMPLES)
@given(data=st.data())
def test_no_page_gets_a_server_error_whatever_its_query_string(get_target, actor, data):
    target, pages = get_target
    chosen = data.draw(st.sampled_from(pages), label="page")
    query = data.draw(query_strings(chosen.query_names), label="query string")
    # An odd query string changes nothing about the kind of answer.
    request_and_check(target.client, "GET", chosen.url, expect={chosen.mimetype, "text/html"}, query_string=query)
