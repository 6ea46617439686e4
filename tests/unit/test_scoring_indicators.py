"""The scoring rules for one question (indicator): the median, agreed
answers, "Don't know" and "Not applicable", status and disagreement.

Each expected number was worked out by hand and is written as a literal,
with the arithmetic above it (tests/unit/scoring_examples.py says more)."""

from __future__ import annotations

import pytest

from selfassess import scoring
from tests.builders import load_built, questionnaire_dict, respondent
from tests.unit.scoring_examples import Q, one_indicator

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
