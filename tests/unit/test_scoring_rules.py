"""The scoring rules of the issue, one worked example at a time.

Every expected number below was worked out by hand from the rule and is
written as a literal; the comment above it shows the arithmetic.

The built questionnaire (tests/builders.py) has domains alpha and beta of five
indicators each (alpha.i1 ... beta.i5) and the real scale: 1-4, min_score 1.0
"Not yet in place", 1.5 "Developing", 2.5 "Established", 3.5 "Embedded".
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from selfassess import scoring
from tests.builders import (
    all_indicator_ids,
    domain_answers,
    load_built,
    questionnaire_dict,
    respondent,
    respondents_answering,
    themes_dict,
)

NOT_YET, DEVELOPING, ESTABLISHED, EMBEDDED = "Not yet in place", "Developing", "Established", "Embedded"

Q = load_built()


def one_indicator(*values, agreed=None, questionnaire=Q, indicator="alpha.i1"):
    """The result for one indicator answered with ``values`` (one respondent each)."""
    result = scoring.score(questionnaire, respondents_answering(indicator, *values), agreed)
    return result.indicator(indicator)


def all_of(domain, value):
    return domain_answers(domain, *[value] * 5)


# --- rule 1: indicators ---------------------------------------------------------------


def test_median_of_an_odd_number_of_answers():
    result = one_indicator(1, 2, 4)
    # sorted 1, 2, 4: the middle one is 2; spread 4 - 1 = 3
    assert (result.score, result.n, result.spread) == (2.0, 3, 3)
    assert result.status == "answered"
    assert result.disagreement is True
    assert result.agreed is False


def test_median_of_an_even_number_of_answers_is_the_mean_of_the_middle_two():
    result = one_indicator(4, 1, 4, 2)
    # sorted 1, 2, 4, 4: (2 + 4) / 2 = 3.0; spread 4 - 1 = 3
    assert (result.score, result.n, result.spread) == (3.0, 4, 3)


def test_even_median_can_fall_between_scale_values():
    result = one_indicator(2, 3)
    # (2 + 3) / 2 = 2.5; spread 1 is below the threshold of 2
    assert (result.score, result.n, result.spread, result.disagreement) == (2.5, 2, 1, False)


def test_dont_know_and_na_are_not_numeric_answers():
    result = one_indicator(3, "dont_know", "na", 1)
    # numeric answers 3 and 1: median (1 + 3) / 2 = 2.0, n = 2, spread 2
    assert (result.score, result.n, result.spread) == (2.0, 2, 2)
    assert result.status == "answered"


def test_agreed_value_overrides_the_median():
    result = one_indicator(1, 1, 2, agreed={"alpha.i1": 4})
    assert (result.score, result.status, result.agreed) == (4.0, "answered", True)
    # n and spread still describe the respondents' own answers
    assert (result.n, result.spread) == (3, 1)


def test_agreed_value_with_no_respondent_answers():
    result = one_indicator(agreed={"alpha.i1": 3})
    assert (result.score, result.status, result.agreed) == (3.0, "answered", True)
    assert (result.n, result.spread, result.disagreement) == (0, None, False)


def test_agreed_na_makes_the_indicator_not_applicable_even_with_numeric_answers():
    result = one_indicator(3, 4, agreed={"alpha.i1": "na"})
    assert (result.score, result.status, result.agreed) == (None, "not_applicable", True)
    assert (result.n, result.spread) == (2, 1)


def test_agreed_is_false_for_indicators_without_an_agreed_answer():
    result = scoring.score(Q, [respondent("r1", alpha__i1=2, alpha__i2=2)], {"alpha.i1": 3})
    assert result.indicator("alpha.i1").agreed is True
    assert result.indicator("alpha.i2").agreed is False
    assert result.indicator("alpha.i2").score == 2.0


@pytest.mark.parametrize(
    ("values", "status"),
    [
        (("na",), "not_applicable"),
        (("na", "na"), "not_applicable"),
        (("na", "dont_know"), "unanswered"),
        (("dont_know",), "unanswered"),
        ((), "unanswered"),
    ],
)
def test_status_without_numeric_answers(values, status):
    result = one_indicator(*values)
    assert result.status == status
    assert (result.score, result.n, result.spread, result.disagreement) == (None, 0, None, False)


def test_one_numeric_answer_among_na_is_answered():
    result = one_indicator("na", 2, "na")
    assert (result.status, result.score, result.n) == ("answered", 2.0, 1)


@pytest.mark.parametrize(
    ("values", "threshold", "disagreement"),
    [
        ((2, 4), 2, True),  # n = 2, spread exactly 2: disagreement
        ((2, 3), 2, False),  # spread 1
        ((1, 1, 3), 2, True),  # spread 2
        ((1,), 2, False),  # n = 1: spread 0
        ((4, "na", "dont_know"), 2, False),  # still n = 1
        ((2, 4), 3, False),  # a custom threshold of 3: spread 2 is not enough
        ((1, 4), 3, True),  # spread 3
        ((3, 4), 1, True),  # threshold 1: any difference
        ((4,), 1, False),  # but one answer never disagrees
    ],
)
def test_disagreement_threshold(values, threshold, disagreement):
    q = load_built(questionnaire_dict(disagreement_threshold=threshold))
    assert one_indicator(*values, questionnaire=q).disagreement is disagreement


def test_a_single_answer_has_spread_zero():
    result = one_indicator(4)
    assert (result.n, result.spread, result.disagreement) == (1, 0, False)


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


# --- rule 4: themes ------------------------------------------------------------------


def linked(**theme_of):
    """Links for questionnaire_dict: every indicator to theme-c, except those named
    (``alpha__i1=["theme-a"]``)."""
    links = {i: ["theme-c"] for i in all_indicator_ids()}
    links.update({k.replace("__", "."): v for k, v in theme_of.items()})
    return links


def test_theme_score_is_the_weighted_mean_of_its_answered_indicators():
    q = load_built(
        questionnaire_dict(
            weights={"alpha.i1": 2},
            links=linked(alpha__i1=["theme-a"], beta__i1=["theme-a", "theme-b"], alpha__i2=["theme-b"]),
        )
    )
    r1 = respondent("r1", alpha__i1=4, alpha__i2="dont_know", beta__i1=1)
    result = scoring.score(q, [r1])
    # theme-a: alpha.i1 (weight 2, score 4) and beta.i1 (weight 1, score 1): (8 + 1) / 3 = 3.0
    assert (result.theme("theme-a").score, result.theme("theme-a").status) == (3.0, "partial")
    # theme-b: beta.i1 answered 1, alpha.i2 unanswered
    assert (result.theme("theme-b").score, result.theme("theme-b").status) == (1.0, "gap")
    # theme-c: nothing answered
    assert (result.theme("theme-c").score, result.theme("theme-c").status) == (None, "no_evidence")
    # the theme uses beta.i1 although the beta domain has too little coverage to score
    assert result.domain("beta").score is None


@pytest.mark.parametrize(
    ("values", "score", "status"),
    [
        ((1,), 1.0, "gap"),
        ((2, 2.5), 2.25, "gap"),
        ((2, 3), 2.5, "partial"),  # exactly gap_below: not a gap
        ((3,), 3.0, "partial"),
        ((3, 3.5), 3.25, "partial"),
        ((3.5,), 3.5, "strength"),  # exactly strength_from
        ((4,), 4.0, "strength"),
    ],
)
def test_theme_status_at_the_default_thresholds(values, score, status):
    # theme-a is linked from alpha.i1 and alpha.i2; an x.5 indicator score is the
    # median of two answers either side of it
    q = load_built(questionnaire_dict(links=linked(alpha__i1=["theme-a"], alpha__i2=["theme-a"], beta__i1=["theme-b"])))
    respondents = []
    for indicator, value in zip(("alpha.i1", "alpha.i2"), values, strict=False):
        pair = (int(value), int(value) + 1) if value % 1 else (int(value),)
        for n, answer in enumerate(pair):
            respondents.append(respondent(f"{indicator}-{n}", None, {indicator: answer}))
    theme = scoring.score(q, respondents).theme("theme-a")
    assert (theme.score, theme.status) == (score, status)


@pytest.mark.parametrize(
    ("values", "status"),
    [
        ((1, 2), "gap"),  # median 1.5
        ((2,), "partial"),  # 2.0: exactly gap_below
        ((2, 3), "partial"),  # 2.5
        ((3,), "strength"),  # 3.0: exactly strength_from
        ((4,), "strength"),
    ],
)
def test_theme_with_custom_thresholds(values, status):
    # theme-a: gap below 2.0, strength from 3.0
    q = load_built(
        questionnaire_dict(links=linked(alpha__i1=["theme-a"], beta__i1=["theme-b"])),
        themes_dict(thresholds={"theme-a": (2.0, 3.0)}),
    )
    theme = scoring.score(q, respondents_answering("alpha.i1", *values)).theme("theme-a")
    assert theme.status == status


def test_theme_with_equal_thresholds_has_no_partial():
    q = load_built(
        questionnaire_dict(links=linked(alpha__i1=["theme-a"], beta__i1=["theme-b"])),
        themes_dict(thresholds={"theme-a": (2.5, 2.5)}),
    )
    assert scoring.score(q, respondents_answering("alpha.i1", 2, 3)).theme("theme-a").status == "strength"
    assert scoring.score(q, respondents_answering("alpha.i1", 2)).theme("theme-a").status == "gap"


def test_theme_uses_agreed_answers_and_skips_not_applicable_ones():
    q = load_built(questionnaire_dict(links=linked(alpha__i1=["theme-a"], alpha__i2=["theme-a"], beta__i1=["theme-b"])))
    r1 = respondent("r1", alpha__i1=1, alpha__i2=2)
    theme = scoring.score(q, [r1], {"alpha.i1": 4, "alpha.i2": "na"}).theme("theme-a")
    # only alpha.i1 counts, with its agreed 4
    assert (theme.score, theme.status) == (4.0, "strength")


# --- rule 5: priorities -----------------------------------------------------------------


def test_priorities_lowest_first_with_ties_at_the_cut_off_in_questionnaire_order():
    r1 = respondent("r1", None, {**domain_answers("alpha", 3, 1, 2, 4, 2), **domain_answers("beta", 2, 1)})
    r2 = respondent("r2", beta__i2=2)
    result = scoring.score(Q, [r1, r2])
    # scores: alpha.i2 1, beta.i2 1.5, then alpha.i3, alpha.i5, beta.i1 tied at 2: only the first fits
    assert result.priorities == ["alpha.i2", "beta.i2", "alpha.i3"]


def test_priorities_keep_questionnaire_order_for_ties_across_domains():
    q = load_built(questionnaire_dict(priorities=4))
    # listed beta first in the answers on purpose: order comes from the questionnaire
    r1 = respondent("r1", None, {"beta.i1": 1, "beta.i3": 2, "alpha.i5": 1, "alpha.i1": 2, "alpha.i2": 3})
    assert scoring.score(q, [r1]).priorities == ["alpha.i5", "beta.i1", "alpha.i1", "beta.i3"]


def test_fewer_answered_indicators_than_priorities():
    r1 = respondent("r1", alpha__i4=2, beta__i3=1, alpha__i1="dont_know", alpha__i2="na")
    assert scoring.score(Q, [r1]).priorities == ["beta.i3", "alpha.i4"]


def test_priorities_use_agreed_scores_and_leave_out_not_applicable():
    r1 = respondent("r1", alpha__i1=1, alpha__i2=1, alpha__i3=3, alpha__i4=2, alpha__i5=4)
    result = scoring.score(Q, [r1], {"alpha.i1": 4, "alpha.i2": "na"})
    assert result.priorities == ["alpha.i4", "alpha.i3", "alpha.i1"]


def test_zero_priorities():
    q = load_built(questionnaire_dict(priorities=0))
    assert scoring.score(q, [respondent("r1", alpha__i1=1)]).priorities == []


# --- rule 6: perspectives -----------------------------------------------------------------


def test_perspectives_use_only_their_respondents_and_ignore_agreed_answers():
    respondents = [
        respondent("r1", "nhs", {**all_of("alpha", 2), **all_of("beta", 4)}),
        respondent("r2", "nhs", {**all_of("alpha", 3), **all_of("beta", 4)}),
        respondent("r3", "community", {**all_of("alpha", 1), **all_of("beta", "dont_know")}),
        respondent("r4", None, all_of("alpha", 4)),
    ]
    result = scoring.score(Q, respondents, {"alpha.i1": 1, "beta.i1": "na"})
    assert result.perspectives == {
        # alpha: median(2, 3) = 2.5 everywhere, agreed alpha.i1 = 1 ignored; beta: 4
        "nhs": {"alpha": 2.5, "beta": 4.0},
        # beta: nothing answered, no coverage
        "community": {"alpha": 1.0, "beta": None},
    }
    # the whole group does use the agreed answers: alpha.i1 = 1, the other four median(1, 2, 3, 4) = 2.5:
    # (1 + 4 * 2.5) / 5 = 11 / 5
    assert result.domain("alpha").score == pytest.approx(2.2)


def test_only_perspectives_present_appear():
    result = scoring.score(Q, [respondent("r1", "lived_experience", alpha__i1=3), respondent("r2", alpha__i1=1)])
    assert list(result.perspectives) == ["lived_experience"]


def test_no_perspectives_when_no_respondent_gives_one():
    assert scoring.score(Q, [respondent("r1", None, all_of("alpha", 3))]).perspectives == {}


# --- showing scores ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "text"),
    [
        (2.999, "2.99"),  # truncated, not rounded to 3.00
        (3.4999999999999996, "3.50"),  # noise: really 3.5
        (1.0, "1.00"),
        (None, "no score"),
        (2.875, "2.87"),  # rounding would give 2.88
        (3.6666666666666665, "3.66"),
        (3.499, "3.49"),
        (4.0, "4.00"),
    ],
)
def test_shown_scores_are_truncated_to_two_decimals(score, text):
    assert scoring.shown(score) == text


def test_truncate_gives_a_decimal():
    assert scoring.truncate(2.999) == Decimal("2.99")
    assert scoring.truncate(1.8333333333333333) == Decimal("1.83")


@pytest.mark.parametrize("score", [1.4999, 2.4999, 2.999, 3.499, 3.4999999999999996, 2.875])
def test_a_shown_score_is_never_in_a_higher_stage_than_the_real_one(score):
    labels = [level.label for level in Q.scale]
    shown_stage = scoring.stage(Q, float(scoring.shown(score)))
    assert labels.index(shown_stage) <= labels.index(scoring.stage(Q, score))


# --- the result as a whole ----------------------------------------------------------------------


def test_result_has_the_output_keys_in_file_order_and_unrounded_numbers():
    r1 = respondent("r1", "nhs", domain_answers("alpha", 4, 4, 3))
    data = scoring.score(Q, [r1]).to_dict()
    assert {"questionnaire", "overall", "domains", "indicators", "themes", "priorities", "perspectives"} <= set(data)
    assert data["questionnaire"] == {"id": "test-questionnaire", "version": "1.0.0"}
    assert {"score", "stage", "complete"} <= set(data["overall"])
    assert [d["id"] for d in data["domains"]] == ["alpha", "beta"]
    assert [i["id"] for i in data["indicators"]] == all_indicator_ids()
    assert [t["id"] for t in data["themes"]] == ["theme-a", "theme-b", "theme-c"]
    for domain in data["domains"]:
        assert {"id", "score", "coverage", "stage", "insufficient"} <= set(domain)
    for indicator in data["indicators"]:
        assert {"id", "domain", "score", "n", "spread", "disagreement", "status", "agreed"} <= set(indicator)
    for theme in data["themes"]:
        assert {"id", "score", "status"} <= set(theme)
    assert data["indicators"][5]["domain"] == "beta"
    # alpha: (4 + 4 + 3) / 3 with coverage 3 / 5, not rounded
    assert data["domains"][0]["score"] == 11 / 3
    assert data["domains"][0]["coverage"] == 0.6
    assert data["perspectives"] == {"nhs": {"alpha": 11 / 3, "beta": None}}
