"""A sign-in that runs out while a section page is open: the person is told,
signs in again and finds the page as they left it; nothing is saved until
they save it, CSRF protection stays as it was, and nobody else ever sees
what they typed."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.integration.test_answering_support import (
    EMAIL,
    OTHER,
    answers_of,
    checked_value,
    domain_url,
    evidence_text,
    filled,
    indicators,
    make_idle,
    pending_count,
    respondent,
    respondent_with_round,
    responses_count,
    rows,
    save_page,
)
from tests.pages import page
from tests.signing_in import csrf_token, sign_in

IDLE_WAYS = ["last activity long ago", "idle limit of zero"]


def go_idle(app, client, how: str) -> None:
    if how == "last activity long ago":
        make_idle(client)
    else:
        app.config["SESSION_IDLE_MINUTES"] = 0


def sign_in_again(app, client, location: str, email: str = EMAIL):
    """Sign in on the page the person was sent to, as they would."""
    app.config["SESSION_IDLE_MINUTES"] = 30
    return sign_in(client, email, at=location)


@pytest.mark.parametrize("how", IDLE_WAYS)
def test_a_page_posted_after_the_sign_in_ran_out_is_kept_and_shown_again_after_signing_in(app, client, how):
    round_ = respondent_with_round(client)
    first, second, third = indicators("leadership")[:3]
    form = page(client, domain_url(round_, "leadership"))
    typed = filled(form, {first: "4", second: "dont_know"}, {first: "Written into the strategic plan.\r\nTwice."})

    go_idle(app, client, how)
    result = client.post(domain_url(round_, "leadership"), data=typed)

    # Told, and sent to sign in; nothing saved.
    assert result.status_code == 302
    location = result.headers["Location"]
    assert urlsplit(location).path == "/sign-in"
    assert parse_qs(urlsplit(location).query)["next"] == [domain_url(round_, "leadership")]
    assert responses_count() == 0
    assert rows() == []
    sign_in_page = page(client, location)
    assert "You were signed out because the page was left for a while" in sign_in_page.text()
    assert "What you had typed has been kept" in sign_in_page.text()
    # Still signed out: the pages need a sign-in.
    assert client.get(f"/rounds/{round_.id}/answer").status_code == 302

    # Signing in again goes back to the page, as it was left, not yet saved.
    back = sign_in_again(app, client, location)
    assert back.headers["Location"] == domain_url(round_, "leadership")
    again = page(client, back.headers["Location"])
    assert "You were signed out while this page was open" in again.text()
    assert "not saved yet" in again.text()
    assert checked_value(again, first) == "4"
    assert checked_value(again, second) == "dont_know"
    assert checked_value(again, third) is None
    assert evidence_text(again, first) == "Written into the strategic plan.\nTwice."
    assert again.form().get("data-kept") == "true"
    assert rows() == []

    # Saving it stores it, and the kept copy is gone.
    result = client.post(domain_url(round_, "leadership"), data=filled(again, {}))
    assert result.status_code == 302
    assert result.headers["Location"] == domain_url(round_, "capacity")
    saved = answers_of()
    assert saved[first] == ("4", "Written into the strategic plan.\nTwice.")
    assert saved[second] == ("dont_know", None)
    assert third not in saved or saved[third] == (None, None)
    assert pending_count() == 0
    after = page(client, domain_url(round_, "leadership"))
    assert "You were signed out" not in after.text()
    assert after.form().get("data-kept") == "false"


def test_saved_answers_are_untouched_until_the_kept_page_is_saved(app, client):
    round_ = respondent_with_round(client)
    first, second = indicators("capacity")[:2]
    save_page(client, round_, "capacity", {first: "1", second: "2"}, {first: "A start."})
    before = rows()

    form = page(client, domain_url(round_, "capacity"))
    make_idle(client)
    result = client.post(domain_url(round_, "capacity"), data=filled(form, {first: "3"}, {first: "Much better now."}))
    assert result.status_code == 302
    assert rows() == before

    sign_in_again(app, client, result.headers["Location"])
    kept = page(client, domain_url(round_, "capacity"))
    assert checked_value(kept, first) == "3"
    assert evidence_text(kept, first) == "Much better now."
    assert rows() == before
    # The other pages show what was saved.
    assert "You were signed out" not in page(client, domain_url(round_, "leadership")).text()
    assert answers_of()[first] == ("1", "A start.")

    client.post(domain_url(round_, "capacity"), data=filled(kept, {}))
    assert answers_of()[first] == ("3", "Much better now.")
    assert answers_of()[second] == ("2", None)


@pytest.mark.parametrize("idle", [False, True])
@pytest.mark.parametrize("token", ["missing", "wrong", "another session's"])
def test_a_post_without_this_sessions_csrf_token_is_refused_and_stores_nothing(app, client, idle, token):
    round_ = respondent_with_round(client)
    save_page(client, round_, "leadership", {indicators("leadership")[0]: "2"})
    form = page(client, domain_url(round_, "leadership"))
    data = filled(form, {indicators("leadership")[0]: "4"}, {indicators("leadership")[1]: "Typed"})
    if token == "missing":
        del data["csrf_token"]
    elif token == "wrong":
        data["csrf_token"] = "IjJhNjBhZjQ3ZjY4Y2E2ZDk0In0.aaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbb"
    else:
        data["csrf_token"] = csrf_token(app.test_client())
    if idle:
        make_idle(client)
    before = rows()

    refused = page(client, domain_url(round_, "leadership"), method="POST", data=data, status=400)
    assert refused.h1 == "This form could not be used"
    assert "nothing was saved" in refused.text()
    assert rows() == before
    assert pending_count() == 0
    autosaved = client.post(domain_url(round_, "leadership"), data=data, headers={"X-Autosave": "1"})
    assert autosaved.status_code == 400
    assert rows() == before
    assert pending_count() == 0


def test_what_one_browser_kept_is_never_shown_to_another_person(app, client):
    round_ = respondent_with_round(client)
    respondent(OTHER)
    first = indicators("leadership")[0]
    form = page(client, domain_url(round_, "leadership"))
    make_idle(client)
    result = client.post(domain_url(round_, "leadership"), data=filled(form, {first: "4"}, {first: "Private note"}))
    assert result.status_code == 302
    assert pending_count() == 1

    # Someone else, in another browser.
    other = app.test_client()
    sign_in(other, OTHER)
    theirs = page(other, domain_url(round_, "leadership"))
    assert "You were signed out" not in theirs.text()
    assert "Private note" not in theirs.html
    assert checked_value(theirs, first) is None
    assert theirs.form().get("data-kept") == "false"

    # Someone else, in the same browser (a shared computer), from the sign-in page it was left on.
    back = sign_in_again(app, client, result.headers["Location"], email=OTHER)
    same_browser = page(client, back.headers["Location"])
    assert "Signed in as Omar Other" in same_browser.text() or "Omar Other" in same_browser.html
    assert "You were signed out" not in same_browser.text()
    assert "Private note" not in same_browser.html
    assert checked_value(same_browser, first) is None
    # Their own save does not throw away what the first person typed, nor save it as theirs.
    client.post(domain_url(round_, "leadership"), data=filled(same_browser, {first: "1"}))
    assert answers_of(OTHER)[first] == ("1", None)
    assert answers_of(EMAIL) == {}


def test_a_kept_page_is_only_shown_on_the_page_it_came_from(app, client):
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    form = page(client, domain_url(round_, "leadership"))
    make_idle(client)
    result = client.post(domain_url(round_, "leadership"), data=filled(form, {first: "4"}))
    sign_in_again(app, client, result.headers["Location"])

    # Saving another page first keeps the kept page for later.
    assert save_page(client, round_, "capacity", {indicators("capacity")[0]: "2"}).status_code == 302
    kept = page(client, domain_url(round_, "leadership"))
    assert "You were signed out while this page was open" in kept.text()
    assert checked_value(kept, first) == "4"
    assert pending_count() == 1


def test_a_signed_out_post_to_a_page_that_does_not_exist_keeps_nothing(app, client):
    round_ = respondent_with_round(client)
    form = page(client, domain_url(round_, "leadership"))
    make_idle(client)
    for url in (domain_url(round_, "nonsense"), f"/rounds/{round_.id + 1000}/answer/leadership"):
        result = client.post(url, data=form.form_data())
        assert result.status_code == 302, url
        assert urlsplit(result.headers["Location"]).path == "/sign-in"
    assert pending_count() == 0
    assert responses_count() == 0
