"""A closed round's scored results are kept, not worked out again on every
request, and every change they depend on makes new ones: an agreed level,
an erasure, a response reopened and submitted again then the round closed,
the scoring method and the questionnaire's text (results/compute.py, keyed
on rounds.results_key). What is compared with them (the previous round and
the peers) is kept while no round anywhere changes (rounds.results_generation)."""

from __future__ import annotations

from datetime import date

from selfassess import clock, scoring
from selfassess.admin import accounts as admin_accounts
from selfassess.data import actions, responses, rounds
from selfassess.data.base import db
from selfassess.results import compute, service
from selfassess.rounds import release
from tests import factories
from tests.pages import page
from tests.signing_in import sign_in


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


# --- the results page's content, kept under results_page's key ---------------------------
# Each change below shows on the page at once: the page's kept content is made
# again whenever anything it shows changes (results/service.py results_page).

LEAD = "lead@example.org"


def shown(client, round_) -> str:
    return " ".join(page(client, f"/rounds/{round_.id}/results").text().split())


def lead_sees(round_, client) -> str:
    sign_in(client, LEAD)
    return shown(client, round_)


def test_the_page_shows_an_agreed_level_and_its_removal(app, client):
    round_, _ = closed_round()
    lead = factories.lead(LEAD)
    indicator = compute.results_for(round_).questionnaire.indicators[0]
    before = lead_sees(round_, client)
    service.record_agreed(round_, indicator, "4", "We agreed it in the workshop.", lead)
    after = shown(client, rounds.get(round_.id))
    assert "We agreed it in the workshop." not in before
    assert after != before and "Agreed" in after
    service.remove_agreed(rounds.get(round_.id), indicator.id, lead)
    assert shown(client, rounds.get(round_.id)) == before


def test_the_page_shows_an_erasure(app, client):
    round_, made = closed_round(levels=(1, 1, 1, 4, 4))
    factories.lead(LEAD)
    admin = factories.account("admin@example.org", is_admin=True)
    assert "5 people's answers are in these results" in lead_sees(round_, client)
    for response in made[:2]:
        admin_accounts.erase(response.respondent, admin, remove_answers=True)
    assert "3 people's answers are in these results" in shown(client, rounds.get(round_.id))


def test_the_page_shows_a_reopened_round_and_its_new_results(app, client):
    round_, made = closed_round(levels=(2, 2, 2, 3))
    factories.lead(LEAD)
    before = lead_sees(round_, client)
    rounds.reopen(round_)
    db.session.commit()
    interim = shown(client, rounds.get(round_.id))
    assert interim != before  # the reopened note, the same figures
    for response in made[:3]:
        responses.reopen(response)
        responses.save_domain(response, "all", dict.fromkeys(factories.all_answers(4), ("4", None)))
        responses.submit(response)
    db.session.commit()
    assert release.close(rounds.get(round_.id)) is None
    db.session.commit()
    after = shown(client, rounds.get(round_.id))
    assert after not in (before, interim)
    assert "with a score of 4" in after and "with a score of 2" in before


def test_the_page_shows_sharing_the_results(app, client):
    round_, _ = closed_round()
    factories.lead(LEAD)
    assert "You have not shared these results" in lead_sees(round_, client)
    rounds.share_results(round_)
    db.session.commit()
    assert "You have not shared these results" not in shown(client, rounds.get(round_.id))


def test_the_page_shows_each_change_to_the_plan(app, client):
    round_, _ = closed_round()
    factories.lead(LEAD)
    assert "There is no action plan" in lead_sees(round_, client)
    made = actions.add(round_, "Hold a workshop", owner="Aileen Brown")
    db.session.commit()
    assert "Hold a workshop" in shown(client, rounds.get(round_.id))
    actions.update(made, text="Hold two workshops")
    db.session.commit()
    assert "Hold two workshops" in shown(client, rounds.get(round_.id))
    actions.remove(made)
    db.session.commit()
    assert "There is no action plan" in shown(client, rounds.get(round_.id))


def test_the_page_shows_an_action_becoming_overdue(app, client, monkeypatch):
    round_, _ = closed_round()
    factories.lead(LEAD)
    actions.add(round_, "Hold a workshop", due_on=date(2027, 3, 1))
    db.session.commit()
    monkeypatch.setattr(clock, "today_in_london", lambda now=None: date(2027, 3, 1))
    assert "Overdue" not in lead_sees(round_, client)
    monkeypatch.setattr(clock, "today_in_london", lambda now=None: date(2027, 3, 2))
    assert "Overdue" in shown(client, rounds.get(round_.id))


def test_the_page_shows_a_new_previous_round_and_peers(app, client):
    round_, _ = closed_round()
    factories.lead(LEAD)
    before = lead_sees(round_, client)
    assert "There is no earlier closed round" in before
    closed_round(levels=(1, 1, 1, 1), opens_on=date(2025, 10, 1))
    assert "Previous round" in shown(client, rounds.get(round_.id))
    for name in ["Dundee City", "Angus", "Highland", "Glasgow City", "Moray"]:
        closed_round(partnership=name)
    assert "Other partnerships: median" in shown(client, rounds.get(round_.id))


def test_the_page_shows_another_scoring_method(app, client, monkeypatch):
    round_, _ = closed_round()
    factories.lead(LEAD)
    assert "(scoring method 3)" not in lead_sees(round_, client)
    monkeypatch.setattr(scoring, "METHOD", "scoring method 3")
    monkeypatch.setitem(app.jinja_env.globals, "scoring_method", scoring.METHOD)
    assert "(scoring method 3)" in shown(client, rounds.get(round_.id))


def test_the_page_is_keyed_on_the_questionnaire_version(app, client):
    round_, _ = closed_round()
    lead = factories.lead(LEAD)
    page_key = service.results_page(round_, lead).key
    assert compute.results_for(round_).questionnaire.cache_key in page_key[0]


def test_each_kind_of_viewer_sees_their_own_page(app, client):
    """The lead's page, kept, is not what the partnership's adviser or a respondent is shown."""
    round_, _ = closed_round()
    factories.lead(LEAD)
    factories.adviser("adviser@example.org", ["Fife"])
    factories.member(factories.account("member@example.org"), "Fife")
    lead_page = lead_sees(round_, client)
    assert "You have not shared these results" in lead_page and "Download report (PDF)" in lead_page
    sign_in(client, "adviser@example.org")
    adviser_page = shown(client, round_)
    assert "You have not shared these results" not in adviser_page and "Download report (PDF)" in adviser_page
    rounds.share_results(round_)
    db.session.commit()
    sign_in(client, "member@example.org")
    member_page = shown(client, rounds.get(round_.id))
    assert "Download report (PDF)" not in member_page and "Write the plan" not in member_page
