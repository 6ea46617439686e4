"""The scoring rules for a domain (its weighted mean and coverage), the
stages, and the overall score.

Each expected number was worked out by hand and is written as a literal,
with the arithmetic above it (tests/unit/scoring_examples.py says more)."""

from __future__ import annotations

import pytest

from selfassess import scoring
from tests.builders import domain_answers, load_built, questionnaire_dict, respondent
from tests.unit.scoring_examples import DEVELOPING, EMBEDDED, ESTABLISHED, NOT_YET, Q, all_of

# --- rule 2: domains ---------------------------------------------------------------


def test_domain_score_is_the_weighted_mean_of_answered_indicators():
    q = load_built(questionnaire_dict(weights={"alpha.i1": 2}))
    r1 = respondent("r1", None, domain_answers("alpha", 4, 1, 2, "na", "na"))
    r2 = respondent("r2", alpha__i3=3)
    domain = scoring.score(q, [r1, r2]).domain("alpha")
    # indicator scores: i1 4 (weight 2), i2 1, i3 median(2, 3) = 2.5; i4, i5 not applicable
    # (2*4 + 1*1 + 1*2.5) / (2 + 1 + 1) = 11.5 / 4 = 2.875
    assert domain.score == 2.875
    assert domain.coverage == 1.0
    assert domain.stage == ESTABLISHED
    assert domain.insufficient is False


def test_coverage_counts_unanswered_but_not_not_applicable_weights():
    q = load_built(questionnaire_dict(weights={"alpha.i1": 2}))
    r1 = respondent("r1", None, domain_answers("alpha", 4, 1, 2, "dont_know", "na"))
    domain = scoring.score(q, [r1]).domain("alpha")
    # A = 2 + 1 + 1 = 4 (i1, i2, i3); C = A + 1 (i4 unanswered) = 5; i5 counts in neither
    assert domain.coverage == 0.8
    # (2*4 + 1 + 2) / 4 = 11 / 4
    assert domain.score == 2.75
    assert domain.stage == ESTABLISHED


def test_coverage_exactly_at_min_coverage_gives_a_score():
    r1 = respondent("r1", None, domain_answers("alpha", 3, 3, "dont_know", "dont_know", "na"))
    domain = scoring.score(Q, [r1]).domain("alpha")
    # A = 2, C = 4: coverage 0.5 = min_coverage
    assert domain.coverage == 0.5
    assert domain.score == 3.0
    assert (domain.stage, domain.insufficient) == (ESTABLISHED, False)


def test_coverage_below_min_coverage_gives_no_score():
    r1 = respondent("r1", None, domain_answers("alpha", 3, 3, "dont_know", "dont_know", "dont_know"))
    domain = scoring.score(Q, [r1]).domain("alpha")
    # A = 2, C = 5: coverage 0.4 < 0.5
    assert domain.coverage == 0.4
    assert (domain.score, domain.stage, domain.insufficient) == (None, None, True)


@pytest.mark.parametrize(("min_coverage", "scored"), [(0.6, True), (0.61, False)])
def test_coverage_boundary_with_a_custom_min_coverage(min_coverage, scored):
    q = load_built(questionnaire_dict(min_coverage=min_coverage))
    r1 = respondent("r1", None, domain_answers("alpha", 2, 2, 2, "dont_know", "dont_know"))
    domain = scoring.score(q, [r1]).domain("alpha")
    # coverage 3 / 5 = 0.6
    assert domain.coverage == 0.6
    assert domain.score == (2.0 if scored else None)
    assert domain.insufficient is not scored


def test_weights_change_coverage():
    q = load_built(questionnaire_dict(weights={"alpha.i1": 3}))
    r1 = respondent("r1", None, domain_answers("alpha", 1, "dont_know", "dont_know", "dont_know", "dont_know"))
    domain = scoring.score(q, [r1]).domain("alpha")
    # A = 3 (i1 weighs 3), C = 3 + 4 = 7: coverage 3 / 7, about 0.43, below 0.5
    assert domain.coverage == pytest.approx(3 / 7)
    assert domain.score is None


def test_not_applicable_indicators_count_in_neither_part_of_coverage():
    r1 = respondent("r1", None, domain_answers("alpha", 2, "na", "na", "na", "na"))
    domain = scoring.score(Q, [r1]).domain("alpha")
    # A = 1, C = 1
    assert (domain.coverage, domain.score, domain.stage) == (1.0, 2.0, DEVELOPING)


def test_coverage_is_null_when_every_indicator_is_not_applicable():
    r1 = respondent("r1", None, {**all_of("alpha", "na"), **all_of("beta", 3)})
    result = scoring.score(Q, [r1])
    alpha = result.domain("alpha")
    assert (alpha.coverage, alpha.score, alpha.stage, alpha.insufficient) == (None, None, None, True)
    assert result.domain("beta").score == 3.0


def test_agreed_na_takes_an_indicator_out_of_coverage():
    r1 = respondent("r1", None, domain_answers("alpha", 4, "dont_know", "dont_know", "dont_know", "dont_know"))
    without = scoring.score(Q, [r1]).domain("alpha")
    # 1 / 5 = 0.2: no score
    assert (without.coverage, without.score) == (0.2, None)
    agreed = {"alpha.i2": "na", "alpha.i3": "na", "alpha.i4": "na"}
    with_agreed = scoring.score(Q, [r1], agreed).domain("alpha")
    # A = 1 (i1), C = 1 + 1 (i5 still unanswered) = 2
    assert (with_agreed.coverage, with_agreed.score) == (0.5, 4.0)


def test_an_agreed_value_counts_as_answered_for_coverage():
    agreed = {"alpha.i1": 1, "alpha.i2": 2, "alpha.i3": 2}
    domain = scoring.score(Q, [], agreed).domain("alpha")
    # A = 3, C = 5; (1 + 2 + 2) / 3 = 5 / 3
    assert domain.coverage == 0.6
    assert domain.score == pytest.approx(5 / 3)
    assert domain.stage == DEVELOPING


# --- stages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "stage"),
    [
        (1.0, NOT_YET),
        (1.49, NOT_YET),
        (1.5, DEVELOPING),
        (1.4999999999999998, DEVELOPING),  # noise just below 1.5
        (2.49, DEVELOPING),
        (2.5, ESTABLISHED),
        (2.4999999999999996, ESTABLISHED),  # noise just below 2.5
        (3.49999999, ESTABLISHED),  # a real difference, not noise
        (3.4999999999999996, EMBEDDED),  # noise just below 3.5
        (3.5, EMBEDDED),
        (4.0, EMBEDDED),
        (None, None),
    ],
)
def test_stage_is_the_highest_level_whose_min_score_is_reached(score, stage):
    assert scoring.stage(Q, score) == stage


@pytest.mark.parametrize(
    ("values", "score", "stage"),
    [
        ((1, 1, 1, 2, 2), 1.4, NOT_YET),  # 7 / 5
        ((1, 2, 1, 2, "na"), 1.5, DEVELOPING),  # 6 / 4
        ((2, 2, 2, 3, 3), 2.4, DEVELOPING),  # 12 / 5
        ((2, 3, 2, 3, "na"), 2.5, ESTABLISHED),  # 10 / 4
        ((3, 3, 3, 4, 4), 3.4, ESTABLISHED),  # 17 / 5
        ((3, 4, 3, 4, "na"), 3.5, EMBEDDED),  # 14 / 4
    ],
)
def test_domain_stage_at_and_just_below_each_boundary(values, score, stage):
    domain = scoring.score(Q, [respondent("r1", None, domain_answers("alpha", *values))]).domain("alpha")
    assert domain.score == pytest.approx(score)
    assert domain.stage == stage


def test_floating_point_noise_never_moves_the_overall_stage():
    # Three domains of equal weight whose scores add up, exactly, to 7.5:
    #   alpha 2, beta (4 + 4 + 3) / 3 = 11/3, gamma (1.5 + 2 + 2) / 3 = 11/6
    #   overall (2 + 11/3 + 11/6) / 3 = (12 + 22 + 11) / 18 = 45 / 18 = 2.5 exactly,
    # but in floating point the mean comes out as 2.4999999999999996.
    q = load_built(questionnaire_dict(domains=("alpha", "beta", "gamma")))
    r1 = respondent(
        "r1",
        None,
        {
            **all_of("alpha", 2),
            **domain_answers("beta", 4, 4, 3, "na", "na"),
            **domain_answers("gamma", 1, 2, 2, "na", "na"),
        },
    )
    r2 = respondent("r2", gamma__i1=2)  # gamma.i1: median(1, 2) = 1.5
    overall = scoring.score(q, [r1, r2]).overall
    assert overall.score == pytest.approx(2.5)
    assert overall.stage == ESTABLISHED
    assert scoring.shown(overall.score) == "2.50"


# --- rule 3: overall ----------------------------------------------------------------


def test_overall_is_weighted_by_domain_weight():
    q = load_built(questionnaire_dict(domain_weights={"alpha": 3}))
    r1 = respondent("r1", None, {**all_of("alpha", 2), **all_of("beta", 4)})
    overall = scoring.score(q, [r1]).overall
    # (3*2 + 1*4) / (3 + 1) = 10 / 4 = 2.5 (unweighted it would be 3.0)
    assert overall.score == 2.5
    assert overall.stage == ESTABLISHED
    assert overall.complete is True


def test_overall_leaves_out_domains_without_a_score_and_is_not_complete():
    q = load_built(questionnaire_dict(domain_weights={"beta": 5}))
    r1 = respondent("r1", None, {**all_of("alpha", 2), **all_of("beta", "dont_know")})
    result = scoring.score(q, [r1])
    assert result.domain("beta").insufficient is True
    assert (result.overall.score, result.overall.stage, result.overall.complete) == (2.0, DEVELOPING, False)


def test_a_domain_with_every_indicator_not_applicable_makes_the_result_incomplete():
    r1 = respondent("r1", None, {**all_of("alpha", 3), **all_of("beta", "na")})
    overall = scoring.score(Q, [r1]).overall
    assert (overall.score, overall.complete) == (3.0, False)


def test_overall_with_no_domain_score():
    overall = scoring.score(Q, [respondent("r1", alpha__i1=3)]).overall
    assert (overall.score, overall.stage, overall.complete) == (None, None, False)


def test_no_respondents_at_all():
    result = scoring.score(Q, [])
    assert (result.overall.score, result.overall.complete) == (None, False)
    assert {i.status for i in result.indicators} == {"unanswered"}
    assert {t.status for t in result.themes} == {"no_evidence"}
    assert (result.priorities, result.perspectives) == ([], {})
