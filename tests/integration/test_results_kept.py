"""A closed round's scored results are kept, not worked out again on every
request, and every change they depend on makes new ones: an agreed level,
an erasure, a response reopened and submitted again then the round closed,
the scoring method and the questionnaire's text (results/compute.py, keyed
on rounds.results_key). What is compared with them (the previous round and
the peers) is kept while no round anywhere changes (rounds.results_generation)."""

from __future__ import annotations

from datetime import date

from selfassess import scoring
from selfassess.admin import accounts as admin_accounts
from selfassess.data import responses, rounds
from selfassess.data.base import db
from selfassess.results import compute, service
from selfassess.rounds import release
from tests import factories


def closed_round(levels=(2, 2, 3, 3), partnership: str = "Fife", opens_on: date = date(2026, 10, 1)):
    """A round of four NHS respondents answering every question at these levels, closed."""
    round_ = factories.round_(partnership, opens_on=opens_on, closes_on=date(opens_on.year, 12, 1))
    made = [factories.response(round_, factories.all_answers(level)) for level in levels]
    factories.close(round_)
    return round_, made


def first_indicator(round_) -> str:
    return compute.results_for(round_).questionnaire.indicators[0].id


def test_kept_until_something_changes(app):
    round_, _ = closed_round()
    first = compute.results_for(round_)
    db.session.expire_all()  # as in the next request
    again = compute.results_for(rounds.get(round_.id))
    assert again.scored is first.scored
    assert again.peers is first.peers


def test_an_agreed_level_makes_new_figures(app):
    round_, _ = closed_round()
    lead = factories.lead("lead@example.org")
    indicator_id = first_indicator(round_)
    before = compute.results_for(round_)
    key = rounds.results_key(round_)
    assert before.result.indicator(indicator_id).score == 2
    indicator = before.questionnaire.indicator(indicator_id)
    service.record_agreed(round_, indicator, "4", "We agreed it in the workshop.", lead)
    after = compute.results_for(rounds.get(round_.id))
    assert rounds.results_key(round_) != key
    assert after.result.indicator(indicator_id).score == 4
    service.remove_agreed(round_, indicator_id, lead)
    assert compute.results_for(rounds.get(round_.id)).result.indicator(indicator_id).score == 2


def test_erasing_answers_makes_new_figures(app):
    round_, made = closed_round(levels=(1, 1, 1, 4, 4))
    admin = factories.account("admin@example.org", is_admin=True)
    before = compute.results_for(round_)
    assert before.scored.submitted == 5
    for response in made[:2]:
        outcome = admin_accounts.erase(response.respondent, admin, remove_answers=True)
        assert outcome.category != "error", outcome.message
    after = compute.results_for(rounds.get(round_.id))
    assert after.scored.submitted == 3
    assert (before.result.overall.score, after.result.overall.score) == (1, 4)


def test_reopening_resubmitting_and_closing_makes_new_figures(app):
    round_, made = closed_round(levels=(2, 2, 2, 3))
    indicator_id = first_indicator(round_)
    before = compute.results_for(round_)
    assert before.result.indicator(indicator_id).score == 2
    rounds.reopen(round_)
    for response in made[:3]:  # enough changed answers for the results to change (disclosure.MIN_CHANGED)
        responses.reopen(response)
        responses.save_domain(response, "all", dict.fromkeys(factories.all_answers(4), ("4", None)))
        responses.submit(response)
    db.session.commit()
    interim = compute.results_for(rounds.get(round_.id))
    assert interim.result.indicator(indicator_id).score == 2  # open again: the results as it last closed
    assert release.close(rounds.get(round_.id)) is None
    db.session.commit()
    after = compute.results_for(rounds.get(round_.id))
    assert after.result.indicator(indicator_id).score == 4


def test_another_scoring_method_makes_new_results(app, monkeypatch):
    round_, _ = closed_round()
    before = compute.results_for(round_)
    key = rounds.results_key(round_)
    monkeypatch.setattr(scoring, "METHOD", "scoring method 3")
    after = compute.results_for(rounds.get(round_.id))
    assert rounds.results_key(round_) != key
    assert after.scored is not before.scored


def test_the_questionnaire_version_is_in_the_key(app, tmp_path):
    from tests.integration.results_helpers import archived, archived_version

    round_, _ = closed_round()
    other = factories.round_(closed=True, on=archived_version(), title="On version 1.0.0")
    key, other_key = rounds.results_key(round_), rounds.results_key(other)
    assert compute.results_for(round_).questionnaire.cache_key in key
    assert archived().cache_key in other_key
    assert key[-1] != other_key[-1]


def test_peers_and_previous_round_follow_other_rounds(app):
    """A partnership's results compare with its previous round and with other
    partnerships' latest closed rounds; a change to any of those is seen at once."""
    round_, _ = closed_round()
    first = compute.results_for(round_)
    assert first.previous is None and not first.peers.shown
    earlier, _ = closed_round(levels=(1, 1, 1, 1), opens_on=date(2025, 10, 1))
    with_previous = compute.results_for(rounds.get(round_.id))
    assert with_previous.previous[0].id == earlier.id
    others = ["Dundee City", "Angus", "Highland", "Glasgow City", "Moray"]
    for name in others:
        closed_round(partnership=name)
    assert compute.results_for(rounds.get(round_.id)).peers.contributing == 5
    # An agreed level in a peer's round changes the peers' figures.
    peer = rounds.latest_comparable_closed(*_family(round_), round_.partnership_id)[0]
    lead = factories.lead("peer.lead@example.org", partnership=peer.partnership.name)
    indicator = first.questionnaire.indicators[0]
    before = compute.results_for(rounds.get(round_.id)).peers
    service.record_agreed(peer, indicator, "4", "Agreed.", lead)
    after = compute.results_for(rounds.get(round_.id)).peers
    assert after is not before


def _family(round_) -> tuple[str, int]:
    version = round_.questionnaire_version
    return version.questionnaire_id, version.major
