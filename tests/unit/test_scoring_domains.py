"""Scoring method 2, rules 3 to 5: a domain (applicable, coverage, score,
insufficient), the stage of a score, and the overall score.

Each expected number was worked out by hand and is written as a literal,
with the arithmetic above it (tests/unit/scoring_examples.py says more)."""

from __future__ import annotations

import math

import pytest

from selfassess import scoring
from tests.builders import domain_answers, load_built, questionnaire_dict, respondent
from tests.unit.scoring_examples import DEVELOPING, EMBEDDED, ESTABLISHED, NOT_YET, Q1, Q, alike, all_of, fields

DOMAIN = ("applicable", "coverage", "score", "stage", "insufficient")

# --- rule 3: domains --------------------------------------------------------------------------


def test_domain_score_is_the_weighted_mean_of_answered_indicators():
    q = load_built(questionnaire_dict(weights={"alpha.i1": 2}, min_answers=1))
    r1 = respondent("r1", None, domain_answers("alpha", 4, 1, 2, "na", "na"))
    r2 = respondent("r2", alpha__i3=3)
    # i1 4 (weight 2), i2 1, i3 m(2, 3) = 2; i4 and i5 not applicable
    # (2*4 + 1 + 2) / (2 + 1 + 1) = 11 / 4
    assert fields(scoring.score(q, [r1, r2]).domain("alpha"), *DOMAIN) == (True, 1.0, 2.75, ESTABLISHED, False)


def test_coverage_counts_too_few_and_unanswered_but_not_not_applicable_or_not_asked():
    q = load_built(questionnaire_dict(indicators_per_domain=6, weights={"alpha.i1": 2}, asked_of={"alpha.i5": ["nhs"]}))
    by_indicator = {
        "alpha.i1": (3, 3, 4),  # m = 3, answered, weight 2
        "alpha.i2": (2, 2, 2),  # answered 2
        "alpha.i3": (4, "dont_know", "dont_know"),  # too_few
        "alpha.i4": ("dont_know",) * 3,  # unanswered
        "alpha.i6": ("na", "na", 1),  # not_applicable; alpha.i5 is not asked of community
    }
    group = [respondent(f"r{n}", "community", {i: values[n] for i, values in by_indicator.items()}) for n in range(3)]
    result = scoring.score(q, group)
    statuses = [result.indicator(f"alpha.i{n}").status for n in range(1, 7)]
    assert statuses == ["answered", "answered", "too_few", "unanswered", "not_asked", "not_applicable"]
    # A = 2 + 1 = 3, U = 1 + 1 = 2: coverage 3 / 5; score (2*3 + 2) / 3 = 8 / 3, shown 2.66
    domain = result.domain("alpha")
    assert fields(domain, *DOMAIN) == (True, 0.6, 8 / 3, ESTABLISHED, False)


@pytest.mark.parametrize(
    ("last", "coverage", "score"),
    [
        ("na", 0.5, 3.0),  # A = 2, A + U = 4: exactly min_coverage, scored
        ("dont_know", 0.4, None),  # A = 2, A + U = 5: below it
    ],
)
def test_coverage_at_and_below_min_coverage(last, coverage, score):
    r1 = respondent("r1", None, domain_answers("alpha", 3, 3, "dont_know", "dont_know", last))
    domain = scoring.score(Q1, [r1]).domain("alpha")
    assert fields(domain, "coverage", "score", "insufficient") == (coverage, score, score is None)


@pytest.mark.parametrize(
    ("min_coverage", "scored"),
    [(0.6, True), (0.6000000001, True), (0.60000001, False), (0.61, False)],
)
def test_coverage_is_compared_with_min_coverage_at_nine_places(min_coverage, scored):
    q = load_built(questionnaire_dict(min_coverage=min_coverage, min_answers=1))
    r1 = respondent("r1", None, domain_answers("alpha", 2, 2, 2, "dont_know", "dont_know"))
    domain = scoring.score(q, [r1]).domain("alpha")
    # coverage 3 / 5 = 0.6; 0.6000000001 is 0.600000000 at nine places
    assert fields(domain, "coverage", "score") == (0.6, 2.0 if scored else None)


def test_weights_change_coverage():
    q = load_built(questionnaire_dict(weights={"alpha.i1": 3}, min_answers=1))
    r1 = respondent("r1", None, domain_answers("alpha", 1, "dont_know", "dont_know", "dont_know", "dont_know"))
    # A = 3, U = 4: coverage 3 / 7, about 0.43, below 0.5
    domain = scoring.score(q, [r1]).domain("alpha")
    assert fields(domain, "coverage", "score", "insufficient") == (3 / 7, None, True)


def test_a_domain_all_not_applicable_or_all_not_asked_is_not_applicable():
    all_na = scoring.score(Q1, [respondent("r1", None, {**all_of("alpha", "na"), **all_of("beta", 3)})])
    assert fields(all_na.domain("alpha"), *DOMAIN) == (False, None, None, None, False)
    assert all_na.domain("beta").score == 3.0
    q = load_built(questionnaire_dict(min_answers=1, asked_of={f"alpha.i{n}": ["nhs"] for n in range(1, 6)}))
    not_asked = scoring.score(q, [respondent("r1", "community", all_of("beta", 3))])
    assert fields(not_asked.domain("alpha"), *DOMAIN) == (False, None, None, None, False)


def test_a_domain_nobody_could_answer_is_applicable_with_no_score():
    domain = scoring.score(Q1, [respondent("r1", None, all_of("alpha", "dont_know"))]).domain("alpha")
    assert fields(domain, *DOMAIN) == (True, 0.0, None, None, True)


def test_agreed_answers_count_in_coverage():
    r1 = respondent("r1", None, domain_answers("alpha", 4, "dont_know", "dont_know", "dont_know", "dont_know"))
    # 1 / 5 = 0.2: no score
    assert fields(scoring.score(Q1, [r1]).domain("alpha"), "coverage", "score") == (0.2, None)
    # agreed "na" takes i2 to i4 out: A = 1 (i1), U = 1 (i5)
    with_na = scoring.score(Q1, [r1], {"alpha.i2": "na", "alpha.i3": "na", "alpha.i4": "na"}).domain("alpha")
    assert fields(with_na, "coverage", "score") == (0.5, 4.0)
    # agreed levels are answered: A = 3, U = 2 (r2 was asked i4 and i5 and left them blank);
    # (1 + 2 + 2) / 3 = 5 / 3, shown 1.66
    agreed = scoring.score(Q, [respondent("r2")], {"alpha.i1": 1, "alpha.i2": 2, "alpha.i3": 2}).domain("alpha")
    assert fields(agreed, *DOMAIN) == (True, 0.6, 5 / 3, DEVELOPING, False)
    # with nobody in the group, nobody was asked i4 and i5: they count in neither
    assert scoring.score(Q, [], {"alpha.i1": 1}).domain("alpha").coverage == 1.0


# --- rule 4: stages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "stage"),
    [
        (1.0, NOT_YET),
        (1.5, NOT_YET),  # on a boundary: the lower level
        (1.51, DEVELOPING),
        (2.5, DEVELOPING),
        (2.5071, DEVELOPING),  # shown 2.50
        (2.509999, DEVELOPING),  # shown 2.50
        (2.51, ESTABLISHED),
        (math.nextafter(2.51, 0), ESTABLISHED),  # noise just below 2.51 is shown 2.51
        (2.5099999999999, ESTABLISHED),  # 2.510000000 at nine places
        (math.nextafter(2.5, 3), DEVELOPING),  # noise just above 2.5
        (3.5, ESTABLISHED),
        (3.4999999999999996, ESTABLISHED),
        (3.51, EMBEDDED),
        (4.0, EMBEDDED),
        (None, None),
    ],
)
def test_stage_is_the_band_holding_the_shown_figure(score, stage):
    assert scoring.stage(Q, score) == stage


@pytest.mark.parametrize(
    ("values", "score", "stage"),
    [
        ((1, 2, 1, 2, "na"), 1.5, NOT_YET),  # 6 / 4
        ((2, 3, 2, 3, "na"), 2.5, DEVELOPING),  # 10 / 4: method 1 said Established
        ((3, 3, 2, 3, 2), 2.6, ESTABLISHED),  # 13 / 5
        ((3, 4, 3, 4, "na"), 3.5, ESTABLISHED),  # 14 / 4
        ((4, 4, 4, 4, 3), 3.8, EMBEDDED),  # 19 / 5
    ],
)
def test_domain_stage_at_each_boundary(values, score, stage):
    domain = scoring.score(Q1, [respondent("r1", None, domain_answers("alpha", *values))]).domain("alpha")
    assert fields(domain, "score", "stage") == (score, stage)


def test_stages_follow_the_questionnaires_own_bands():
    q = load_built(questionnaire_dict(scale=((1, 1.0), (2, 1.8), (3, 2.6), (4, 3.4), (5, 4.2))))
    labels = [scoring.stage(q, s) for s in (1.8, 1.81, 2.6, 2.61, 4.2, 4.21, 5.0)]
    assert labels == [NOT_YET, DEVELOPING, DEVELOPING, ESTABLISHED, EMBEDDED, "Level 5", "Level 5"]


# --- rule 5: overall ---------------------------------------------------------------------------------


def test_overall_is_weighted_by_domain_weight():
    q = load_built(questionnaire_dict(domain_weights={"alpha": 3}, min_answers=1))
    r1 = respondent("r1", None, {**all_of("alpha", 2), **all_of("beta", 4)})
    # (3*2 + 1*4) / (3 + 1) = 10 / 4 = 2.5 (unweighted 3.0), on the boundary: Developing
    assert fields(scoring.score(q, [r1]).overall, "score", "stage", "complete") == (2.5, DEVELOPING, True)


def test_overall_needs_every_applicable_domain_to_have_a_score():
    r1 = respondent("r1", None, {**all_of("alpha", 2), **all_of("beta", "dont_know")})
    result = scoring.score(Q1, [r1])
    assert result.domain("beta").insufficient is True
    # no flattering partial figure from alpha alone
    assert fields(result.overall, "score", "stage", "complete") == (None, None, False)


def test_a_domain_that_is_not_applicable_is_left_out_of_the_overall():
    r1 = respondent("r1", None, {**all_of("alpha", 3), **all_of("beta", "na")})
    assert fields(scoring.score(Q1, [r1]).overall, "score", "stage", "complete") == (3.0, ESTABLISHED, True)


def test_no_applicable_domain_is_not_complete():
    for group in ([], [respondent("r1", None, {**all_of("alpha", "na"), **all_of("beta", "na")})]):
        overall = scoring.score(Q1, group).overall
        assert fields(overall, "score", "stage", "complete") == (None, None, False)


def test_floating_point_noise_never_moves_the_figure_shown():
    # alpha 1, beta (1 + 2 + 4 + 4) / 4 = 2.75, gamma (2 + 4 + 4 + 4 + 4) / 5 = 3.6:
    # (1 + 2.75 + 3.6) / 3 = 2.45 exactly, but 2.4499999999999997 in floating point
    q = load_built(questionnaire_dict(domains=("alpha", "beta", "gamma"), min_answers=1))
    answers = {
        **domain_answers("alpha", 1, "na", "na", "na", "na"),
        **domain_answers("beta", 1, 2, 4, 4, "na"),
        **domain_answers("gamma", 2, 4, 4, 4, 4),
    }
    overall = scoring.score(q, [respondent("r1", None, answers)]).overall
    assert overall.score == pytest.approx(2.45)
    assert (scoring.shown(overall.score), overall.stage) == ("2.45", DEVELOPING)


def test_a_domain_answered_by_enough_people_scores_as_one_person_would_with_q1():
    # min_answers changes who counts, not the arithmetic: three alike respondents under Q
    # give the same domain as one under Q1
    answers = domain_answers("alpha", 4, 3, 3, "na", "dont_know")
    assert scoring.score(Q, alike(3, answers)).domain("alpha") == scoring.score(Q1, alike(1, answers)).domain("alpha")
