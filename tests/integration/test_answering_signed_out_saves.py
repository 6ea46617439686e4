"""What a signed-out page may keep (issue 10, item 8): a session signed out
for inactivity could post 900 KB bodies to any domain of any round and fill
``pending_save``. Now typing is kept only for a person who belongs to the
round, only as much as the page can hold, one kept page per person and
page, and only so many times an hour from one network address. The tests
of typing kept and found again after signing in are in
test_answering_session.py."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from selfassess.data.base import db
from selfassess.data.models import PendingSave
from tests import factories
from tests.integration.test_answering_support import (
    OTHER,
    checked_value,
    domain_url,
    evidence,
    evidence_text,
    field,
    filled,
    indicators,
    make_idle,
    pending_count,
    respondent,
    respondent_with_round,
)
from tests.pages import page
from tests.signing_in import sign_in, sign_out


def sent_to_sign_in(result) -> bool:
    return result.status_code == 302 and urlsplit(result.headers["Location"]).path == "/sign-in"


def kept_sizes() -> list[int]:
    db.session.expire_all()
    return [len(kept.form_data) for kept in db.session.scalars(select(PendingSave))]


def test_a_signed_out_save_to_a_round_the_person_does_not_belong_to_keeps_nothing(app, client):
    """Someone in Highland, signed out on their own round's page, posts to Fife's round."""
    fife = factories.round_("Fife")
    respondent(OTHER, "Highland")
    highland = factories.round_("Highland")
    sign_in(client, OTHER)
    own = page(client, domain_url(highland, "leadership"))
    first = indicators("leadership")[0]
    make_idle(client)

    result = client.post(domain_url(fife, "leadership"), data=filled(own, {first: "2"}, {first: "Not theirs"}))
    assert sent_to_sign_in(result)
    assert pending_count() == 0
    # Their own round's page is kept as before.
    result = client.post(domain_url(highland, "leadership"), data=filled(own, {first: "2"}, {first: "Theirs"}))
    assert sent_to_sign_in(result)
    assert pending_count() == 1


def test_a_signed_out_save_after_signing_out_everywhere_keeps_nothing(app, client):
    """The person signed out in another browser since (which ends every
    session of theirs): this session no longer identifies them."""
    round_ = respondent_with_round(client)
    form = page(client, domain_url(round_, "leadership"))
    make_idle(client)
    assert sent_to_sign_in(client.get(f"/rounds/{round_.id}/answer"))  # signed out for inactivity
    elsewhere = app.test_client()
    sign_in(elsewhere, "ruth.respondent@example.org")
    sign_out(elsewhere)

    result = client.post(domain_url(round_, "leadership"), data=filled(form, {indicators("leadership")[0]: "2"}))
    assert sent_to_sign_in(result)
    assert pending_count() == 0


def test_a_signed_out_save_bigger_than_the_page_can_hold_keeps_nothing_and_says_so(app, client):
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    form = page(client, domain_url(round_, "leadership"))
    make_idle(client)

    huge = filled(form, {first: "2"}, {first: "x" * 900_000})
    refused = page(client, domain_url(round_, "leadership"), method="POST", data=huge, status=413)
    assert refused.h1 == "What you typed on this page was not kept"
    assert "more than the page can hold" in refused.text()
    assert refused.soup.find("a", string="Sign in again")["href"].startswith("/sign-in?next=")
    assert pending_count() == 0

    # One character over a box's limit is too much as well (the page's boxes stop at the limit)...
    over = filled(form, {first: "2"}, {first: "x" * 1001})
    assert page(client, domain_url(round_, "leadership"), method="POST", data=over, status=413)
    # ...and so is an answer that is not one a page offers.
    assert page(
        client,
        domain_url(round_, "leadership"),
        method="POST",
        data={**over, field(first): "2" * 200, evidence(first): ""},
        status=413,
    )
    assert pending_count() == 0

    # A full page is kept: every box at its limit, line breaks counted as the browser counts them.
    full = filled(form, dict.fromkeys(indicators("leadership"), "3"))
    full.update({evidence(i): "y\r\n" * 500 for i in indicators("leadership")})
    assert sent_to_sign_in(client.post(domain_url(round_, "leadership"), data=full))
    assert pending_count() == 1
    assert kept_sizes()[0] < 20 * 1024


def test_only_one_value_of_each_field_is_kept(app, client):
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    form = page(client, domain_url(round_, "leadership"))
    make_idle(client)
    data = MultiDict([*filled(form, {first: "2"}).items(), *[(evidence(first), "z" * 1000)] * 50])
    assert sent_to_sign_in(client.post(domain_url(round_, "leadership"), data=data))
    assert kept_sizes()[0] < 3000


def test_one_page_is_kept_per_person_and_page(app, client):
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    form = page(client, domain_url(round_, "leadership"))
    make_idle(client)
    for note in ("First try", "Second try", "Third try"):
        assert sent_to_sign_in(client.post(domain_url(round_, "leadership"), data=filled(form, {}, {first: note})))
    assert pending_count() == 1
    [kept] = db.session.scalars(select(PendingSave)).all()
    assert [evidence(first), "Third try"] in json.loads(kept.form_data)["fields"]


def test_signed_out_saves_from_one_address_are_limited(app, client):
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    url = domain_url(round_, "leadership")
    form = page(client, url)
    make_idle(client)
    limit = int(app.config["PENDING_SAVE_LIMIT"].split()[0])
    for attempt in range(limit):
        assert sent_to_sign_in(client.post(url, data=filled(form, {first: "2"}, {first: f"Try {attempt}"})))

    refused = page(client, url, method="POST", data=filled(form, {first: "3"}, {first: "One too many"}), status=429)
    assert refused.h1 == "What you typed on this page was not kept"
    assert "too many pages" in refused.text()
    assert pending_count() == 1

    # What was kept before the limit is found after signing in.
    app.config["SESSION_IDLE_MINUTES"] = 30
    back = sign_in(client, "ruth.respondent@example.org", at=refused.soup.find("a", string="Sign in again")["href"])
    assert back.headers["Location"] == url
    kept = page(client, url)
    assert "You were signed out while this page was open" in kept.text()
    assert checked_value(kept, first) == "2"
    assert evidence_text(kept, first) == f"Try {limit - 1}"
