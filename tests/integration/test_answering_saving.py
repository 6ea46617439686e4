"""Saving a domain's answers as a respondent: with and without JavaScript,
resuming where they left off, and the page's saving as they go."""

from __future__ import annotations

from itertools import cycle

import pytest

from selfassess.data import responses
from selfassess.data.base import db
from tests.integration.test_answering_support import (
    EMAIL,
    answers_of,
    asked,
    autosave,
    checked_value,
    domain_url,
    evidence,
    evidence_text,
    field,
    filled,
    indicators,
    questionnaire,
    respondent_with_round,
    responses_count,
    rows,
    save_page,
)
from tests.pages import page
from tests.signing_in import sign_in, sign_out

# --- saving and resuming ----------------------------------------------------------------------------


def test_save_and_continue_saves_the_page_and_moves_to_the_next_section(app, client):
    round_ = respondent_with_round(client)
    # Every answer the page offers, in turn, for as many questions as it asks.
    offered = [str(v) for v in questionnaire().scale_values] + ["dont_know"]
    chosen = dict(zip(asked("leadership"), cycle(offered), strict=False))
    assert set(chosen.values()) == set(offered)
    first = indicators("leadership")[0]
    result = save_page(client, round_, "leadership", chosen, {first: "  We wrote it down in 2024.  "})
    assert result.status_code == 302
    assert result.headers["Location"] == domain_url(round_, "capacity")
    saved = answers_of()
    assert {k: v for k, (v, _e) in saved.items()} == chosen
    assert saved[first][1] == "We wrote it down in 2024."
    assert all(e is None for k, (_v, e) in saved.items() if k != first)

    # Coming back to the page shows what was saved.
    again = page(client, domain_url(round_, "leadership"))
    assert {i: checked_value(again, i) for i in asked("leadership")} == chosen
    assert evidence_text(again, first) == "We wrote it down in 2024."
    assert "not saved yet" not in again.text()

    # The last section goes on to check the answers.
    result = save_page(client, round_, "evaluation", {})
    assert result.headers["Location"] == f"/rounds/{round_.id}/answer/check"


def test_saving_works_without_javascript_and_a_page_left_blank_saves_nothing_new(app, client):
    round_ = respondent_with_round(client)
    result = save_page(client, round_, "capacity", {})
    assert result.status_code == 302
    assert result.headers["Location"] == domain_url(round_, "systems")
    assert all(value is None and note is None for value, note in answers_of().values())


def test_a_save_that_fails_half_way_stores_nothing_not_even_an_empty_response(app, client, monkeypatch):
    round_ = respondent_with_round(client)
    form = page(client, domain_url(round_, "leadership"))

    def fails(*_args, **_kwargs):
        raise RuntimeError("the worker died half-way")

    monkeypatch.setattr(responses, "save_domain", fails)
    with pytest.raises(RuntimeError):  # the test app passes the error on; in production, a 500 page
        client.post(domain_url(round_, "leadership"), data=filled(form, {indicators("leadership")[0]: "2"}))
    assert responses_count() == 0
    assert rows() == []


def test_leaving_and_coming_back_resumes_at_the_first_unfinished_section(app, client):
    round_ = respondent_with_round(client)
    save_page(client, round_, "leadership", dict.fromkeys(asked("leadership"), "3"))
    save_page(client, round_, "capacity", dict.fromkeys(asked("capacity")[:3], "3"))

    sign_out(client)
    sign_in(client, EMAIL)
    home = page(client, "/")
    assert round_.title in home.text()
    tasks = page(client, f"/rounds/{round_.id}/answer")
    carry_on = tasks.soup.find("a", string="Carry on where you left off")
    assert carry_on["href"] == domain_url(round_, "capacity")
    form = page(client, carry_on["href"])
    capacity = asked("capacity")
    assert [checked_value(form, i) for i in capacity] == ["3"] * 3 + [None] * (len(capacity) - 3)

    # With the first sections done, the button skips past them.
    save_page(client, round_, "capacity", dict.fromkeys(capacity, "3"))
    tasks = page(client, f"/rounds/{round_.id}/answer")
    assert tasks.soup.find("a", string="Carry on where you left off")["href"] == domain_url(round_, "systems")


# --- saving as the person goes (the page's script) -----------------------------------------------------


def test_an_autosave_saves_the_fields_sent_and_answers_json(app, client):
    round_ = respondent_with_round(client)
    form = page(client, domain_url(round_, "leadership"))
    first, second = indicators("leadership")[:2]
    result = autosave(client, round_, "leadership", {**form.form_data(), field(first): "2"})
    assert result.status_code == 200
    assert result.is_json
    assert result.get_json()["saved"] is True
    assert answers_of() == {first: ("2", None)}

    # The page's script sends the whole form: untouched questions stay unanswered.
    data = filled(form, {second: "dont_know"}, {second: "Nobody has asked us yet."})
    assert autosave(client, round_, "leadership", data).get_json()["saved"] is True
    assert answers_of()[second] == ("dont_know", "Nobody has asked us yet.")
    assert answers_of()[first] == ("2", None)


def test_a_partial_autosave_never_blanks_the_fields_it_did_not_send(app, client):
    round_ = respondent_with_round(client)
    first, second, third = indicators("leadership")[:3]
    save_page(
        client,
        round_,
        "leadership",
        {first: "4", second: "1", third: "3"},
        {first: "Agreed at the board.", second: "Only in one locality."},
    )
    form = page(client, domain_url(round_, "leadership"))
    hidden = form.form_data()

    # Only the evidence of the first: its answer stays.
    result = autosave(client, round_, "leadership", {**hidden, evidence(first): "Agreed at the board in May."})
    assert result.get_json()["saved"] is True
    # Only the answer of the second: its evidence stays.
    assert autosave(client, round_, "leadership", {**hidden, field(second): "2"}).get_json()["saved"] is True
    # Nothing but the hidden fields: nothing changes.
    before = rows()
    assert autosave(client, round_, "leadership", hidden).get_json()["saved"] is True
    assert [r[:4] for r in rows()] == [r[:4] for r in before]

    saved = answers_of()
    assert saved[first] == ("4", "Agreed at the board in May.")
    assert saved[second] == ("2", "Only in one locality.")
    assert saved[third] == ("3", None)


def test_an_autosave_that_is_refused_answers_json_with_a_problem_to_show(app, client):
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    save_page(client, round_, "leadership", {first: "3"})
    hidden = page(client, domain_url(round_, "leadership")).form_data()
    before = rows()

    off_scale = autosave(client, round_, "leadership", {**hidden, field(first): "7"})
    assert off_scale.status_code == 400
    assert off_scale.is_json
    body = off_scale.get_json()
    assert body["saved"] is False
    assert "is not one of the options" in body["problem"]

    too_long = autosave(client, round_, "leadership", {**hidden, evidence(first): "x" * 1001})
    assert too_long.status_code == 400
    assert too_long.get_json()["saved"] is False
    assert "1,000 characters or fewer" in too_long.get_json()["problem"]

    unknown = autosave(client, round_, "leadership", {**hidden, "capacity--time-it-takes": "2"})
    assert unknown.status_code == 400
    assert unknown.get_json()["saved"] is False
    assert "not in this domain" in unknown.get_json()["problem"]

    from selfassess.data import rounds

    rounds.close(db.session.merge(round_))
    db.session.commit()
    closed = autosave(client, round_, "leadership", {**hidden, field(first): "2"})
    assert closed.status_code == 409
    assert closed.get_json()["saved"] is False
    assert "closed" in closed.get_json()["problem"]
    assert "can no longer be added or changed" in closed.get_json()["problem"]

    assert rows() == before


def test_a_signed_out_autosave_gets_401_json_and_stores_nothing(app, client):
    from tests.integration.test_answering_support import make_idle, pending_count

    round_ = respondent_with_round(client)
    hidden = page(client, domain_url(round_, "leadership")).form_data()
    make_idle(client)
    result = autosave(client, round_, "leadership", {**hidden, field(indicators("leadership")[0]): "2"})
    assert result.status_code == 401
    assert result.is_json
    assert result.get_json() == {"saved": False, "signed_out": True}
    assert answers_of() == {}
    assert responses_count() == 0
    assert pending_count() == 0
