"""Who may reach the answering pages: a member of another partnership finds
nothing, and an anonymous visitor is sent to sign in, whatever they post."""

from __future__ import annotations

from tests import factories
from tests.integration.test_answering_support import (
    OTHER,
    domain_url,
    field,
    indicators,
    respondent,
    respondent_with_round,
    responses_count,
    rows,
)
from tests.signing_in import csrf_token, sign_in


def answering_urls(round_id: int) -> list[tuple[str, str]]:
    return [
        ("GET", f"/rounds/{round_id}/answer"),
        ("GET", f"/rounds/{round_id}/answer/leadership"),
        ("POST", f"/rounds/{round_id}/answer/leadership"),
        ("GET", f"/rounds/{round_id}/answer/check"),
        ("POST", f"/rounds/{round_id}/answer/submit"),
        ("GET", f"/rounds/{round_id}/answer/submitted"),
    ]


def test_a_member_of_another_partnership_gets_page_not_found_on_every_answering_url(app, client):
    fife = respondent_with_round(client)
    respondent(OTHER, "Highland")
    highland = factories.round_("Highland")
    other = app.test_client()
    sign_in(other, OTHER)
    token = csrf_token(other, domain_url(highland, "leadership"))
    # Their own round answers...
    assert other.get(f"/rounds/{highland.id}/answer").status_code == 200
    before = rows()
    # ...but changing the round id to Fife's finds nothing, whatever the page.
    for method, url in answering_urls(fife.id):
        result = other.open(url, method=method, data={"csrf_token": token, field(indicators("leadership")[0]): "2"})
        assert result.status_code == 404, (method, url)
        assert "Page not found" in result.get_data(as_text=True)
    autosaved = other.post(
        domain_url(fife, "leadership"),
        data={"csrf_token": token, field(indicators("leadership")[0]): "2"},
        headers={"X-Autosave": "1"},
    )
    assert autosaved.status_code == 404
    # As for a round that does not exist.
    for method, url in answering_urls(fife.id + highland.id + 100):
        assert other.open(url, method=method, data={"csrf_token": token}).status_code == 404, (method, url)
    assert rows() == before
    assert responses_count() == 0


def test_an_anonymous_visitor_is_sent_to_sign_in(app, client):
    respondent()
    round_ = factories.round_()
    anonymous = app.test_client()
    token = csrf_token(anonymous)
    for method, url in answering_urls(round_.id):
        if (method, url) == ("POST", domain_url(round_, "leadership")):
            continue  # the keep-typed path: test_answering_session.py
        result = anonymous.open(url, method=method, data={"csrf_token": token})
        assert result.status_code == 302, (method, url)
        assert result.headers["Location"].startswith("/sign-in"), (method, url)
    assert responses_count() == 0


def test_an_anonymous_post_to_a_section_that_was_never_signed_in_keeps_nothing(app, client):
    from tests.integration.test_answering_support import pending_count

    respondent()
    round_ = factories.round_()
    anonymous = app.test_client()
    token = csrf_token(anonymous)
    for url in (
        domain_url(round_, "leadership"),
        domain_url(round_, "no-such-section"),
        f"/rounds/{round_.id + 100}/answer/leadership",
    ):
        result = anonymous.post(url, data={"csrf_token": token, "leadership--shared-meaning": "2"})
        assert result.status_code == 302, url
        assert result.headers["Location"].startswith("/sign-in"), url
    assert pending_count() == 0
    assert responses_count() == 0
