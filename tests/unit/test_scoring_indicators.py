"""Scoring method 2, rules 1 and 2: one question (indicator). The majority
level, agreed answers, the statuses in the contract's order, the counts
always reported, and the disagreement share.

Each expected number was worked out by hand and is written as a literal,
with the arithmetic above it (tests/unit/scoring_examples.py says more)."""

from __future__ import annotations

import pytest

from selfassess import scoring
from tests.builders import load_built, questionnaire_dict, respondent, respondents_answering
from tests.unit.scoring_examples import Q1, Q, fields, one_indicator

COUNTS = ("score", "status", "n", "n_na", "n_dont_know", "spread", "disagreement", "agreed")

# --- rule 1: the majority level ------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "level"),
    [
        ((1, 4), 1),  # v = 1: 2 of 2 reach it; v = 2: only 1 of 2, not more than half
        ((2, 3), 2),  # an even split goes down, never up
        ((2, 3, 3), 3),  # 2 of 3 reach 3
        ((4, 1, 4, 2), 2),  # sorted 1, 2, 4, 4: 3 of 4 reach 2, only 2 of 4 reach 4
        ((1, 1, 4, 4), 1),
        ((1, 2, 4), 2),
        ((3,), 3),
        ((), None),
    ],
)
def test_the_majority_level_is_the_highest_level_more_than_half_reach(values, level):
    assert scoring.majority_level(list(values)) == level


def test_an_indicator_score_is_the_majority_level_of_its_answers():
    # sorted 1, 2, 4: 2 of 3 reach 2; spread 4 - 1 = 3; the 4 is 2 levels from 2: 1/3 disagree
    assert fields(one_indicator(1, 2, 4), *COUNTS) == (2.0, "answered", 3, 0, 0, 3, True, False)
    # sorted 1, 2, 4, 4: 2, never the 3.0 halfway between the middle two
    assert one_indicator(4, 1, 4, 2).score == 2.0


# --- rule 2: agreed answers ---------------------------------------------------------------------


def test_an_agreed_level_replaces_the_majority_level():
    result = one_indicator(1, 1, 2, agreed={"alpha.i1": 4})
    # n and spread still describe the respondents' own answers
    assert fields(result, *COUNTS) == (4.0, "answered", 3, 0, 0, 1, False, True)


def test_an_agreed_level_with_no_answers_or_too_few_is_answered():
    assert fields(one_indicator(agreed={"alpha.i1": 3}), *COUNTS) == (3.0, "answered", 0, 0, 0, None, False, True)
    assert fields(one_indicator(2, agreed={"alpha.i1": 3}), "score", "status", "n") == (3.0, "answered", 1)


def test_an_agreed_level_counts_even_where_nobody_in_the_group_was_asked():
    q = load_built(questionnaire_dict(asked_of={"alpha.i1": ["nhs"]}))
    result = scoring.score(q, [respondent("r1", "community", alpha__i2=3)], {"alpha.i1": 2})
    assert fields(result.indicator("alpha.i1"), "score", "status", "agreed") == (2.0, "answered", True)


def test_an_agreed_na_makes_the_indicator_not_applicable_even_with_levels_given():
    result = one_indicator(3, 4, 4, agreed={"alpha.i1": "na"})
    assert fields(result, *COUNTS) == (None, "not_applicable", 3, 0, 0, 1, False, True)


def test_agreed_is_false_for_indicators_without_an_agreed_answer():
    result = scoring.score(Q1, [respondent("r1", alpha__i1=2, alpha__i2=2)], {"alpha.i1": 3})
    assert result.indicator("alpha.i1").agreed is True
    assert fields(result.indicator("alpha.i2"), "agreed", "score") == (False, 2.0)


# --- rule 2: the statuses, in the contract's order --------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # not_applicable when na > n: more said "Not applicable" than gave a level
        (("na",), (None, "not_applicable", 0, 1, 0, None, False, False)),
        ((1, "na", "na"), (None, "not_applicable", 1, 2, 0, 0, False, False)),
        ((3, 3, "na", "na", "na"), (None, "not_applicable", 2, 3, 0, 0, False, False)),
        # "Don't know" abstains: it neither outweighs nor adds to "Not applicable"
        (("na", "dont_know", "dont_know", "dont_know"), (None, "not_applicable", 0, 1, 3, None, False, False)),
        # a tie is not "more": one level against one "na", then too few levels
        ((2, "na"), (None, "too_few", 1, 1, 0, 0, False, False)),
        ((3, 3, 3, "na", "na"), (3.0, "answered", 3, 2, 0, 0, False, False)),
        # unanswered when nobody asked gave a level or "na"
        (("dont_know",), (None, "unanswered", 0, 0, 1, None, False, False)),
        (("dont_know", "dont_know"), (None, "unanswered", 0, 0, 2, None, False, False)),
        # too_few below min_answers (3): no score, even for agreeing answers
        ((4, 4), (None, "too_few", 2, 0, 0, 0, False, False)),
        ((1, 4, "dont_know"), (None, "too_few", 2, 0, 1, 3, False, False)),
        # enough levels
        ((1, 4, 4, "dont_know"), (4.0, "answered", 3, 0, 1, 3, True, False)),
    ],
)
def test_status_and_counts(values, expected):
    assert fields(one_indicator(*values), *COUNTS) == expected


def test_not_asked_comes_first_when_nobody_in_the_group_is_asked():
    q = load_built(questionnaire_dict(asked_of={"alpha.i1": ["nhs", "local_authority"]}))
    community = [respondent(f"r{n}", "community", alpha__i2=2) for n in range(4)]
    result = scoring.score(q, community)
    assert fields(result.indicator("alpha.i1"), *COUNTS) == (None, "not_asked", 0, 0, 0, None, False, False)
    # one NHS respondent is asked it: then it is merely unanswered
    result = scoring.score(q, [*community, respondent("nhs1", "nhs")])
    assert result.indicator("alpha.i1").status == "unanswered"


def test_an_empty_group_is_asked_nothing():
    result = scoring.score(Q, [])
    assert {i.status for i in result.indicators} == {"not_asked"}
    # a respondent who left the question blank was still asked it
    assert scoring.score(Q, [respondent("r1", "nhs")]).indicator("alpha.i1").status == "unanswered"


def test_a_respondent_without_a_perspective_is_asked_everything():
    q = load_built(questionnaire_dict(asked_of={"alpha.i1": ["nhs"]}))
    result = scoring.score(q, [respondent("r1", None, alpha__i1="dont_know")])
    assert fields(result.indicator("alpha.i1"), "status", "n_dont_know") == ("unanswered", 1)


def test_answers_from_respondents_not_asked_are_left_out():
    # the web forms and the responses file never let one through; the engine ignores one if it comes
    q = load_built(questionnaire_dict(asked_of={"alpha.i1": ["nhs"]}))
    group = [
        *respondents_answering("alpha.i1", 2, 2, 2, perspective="nhs"),
        respondent("c1", "community", alpha__i1=4),
    ]
    result = scoring.score(q, group)
    assert fields(result.indicator("alpha.i1"), "score", "n", "spread") == (2.0, 3, 0)
    assert result.distribution["alpha.i1"] == {"1": 0, "2": 3, "3": 0, "4": 0, "dont_know": 0, "na": 0}


def test_min_answers_is_a_setting():
    q = load_built(questionnaire_dict(min_answers=5))
    assert one_indicator(3, 3, 3, 3, questionnaire=q).status == "too_few"
    assert one_indicator(3, 3, 3, 3, 2, questionnaire=q).score == 3.0
    assert one_indicator(2, questionnaire=Q1).score == 2.0


# --- rule 2: disagreement ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "settings", "disagreement"),
    [
        ((1, 1, 3), {}, True),  # m = 1; 3 is 2 levels away: 1/3 >= 0.25
        ((2, 2, 2, 4), {}, True),  # m = 2; 1/4 = 0.25 exactly: at least the share
        ((2, 2, 2, 2, 4), {}, False),  # 1/5 = 0.2
        ((1, 2, 3, 4), {}, True),  # m = 2; only 4 is 2 away: 1/4
        ((2, 3, 3, 4), {}, False),  # m = 3; nobody 2 away, though the range is 2
        ((1, 1, 4), {"disagreement_distance": 3}, True),  # 4 is 3 away from 1
        ((1, 1, 3), {"disagreement_distance": 3}, False),
        ((3, 3, 4), {"disagreement_distance": 1}, True),  # any difference: 1/3
        ((1, 1, 3), {"disagreement_share": 0.34}, False),  # 1/3 < 0.34
        ((1, 1, 3), {"disagreement_share": 0.3333333334}, True),  # both 0.333333333 at 9 places
        ((1, 1, 3), {"disagreement_share": 0.33333334}, False),  # 0.33333334 > 0.333333333
        ((1, 4), {"min_answers": 1}, True),  # m = 1; 1/2; two answers are enough to disagree
        ((1, 1, 4), {"min_answers": 4}, False),  # too_few: never flagged
        ((1, 4, 4, 4), {"disagreement_share": 1.0}, False),  # m is itself an answer, so never all
    ],
)
def test_disagreement_is_a_share_of_answers_far_from_the_majority_level(values, settings, disagreement):
    q = load_built(questionnaire_dict(**settings))
    assert one_indicator(*values, questionnaire=q).disagreement is disagreement


def test_disagreement_is_measured_from_the_respondents_own_level_not_the_agreed_one():
    # m(4, 4, 4, 4, 2) = 4; only the 2 is far: 1/5 < 0.25. Measured from the agreed 2, four of five would be.
    result = one_indicator(4, 4, 4, 4, 2, agreed={"alpha.i1": 2})
    assert fields(result, "score", "disagreement", "agreed") == (2.0, False, True)
    # m(1, 1, 4) = 1, and the 4 is far (1/3) whatever was agreed
    assert one_indicator(1, 1, 4, agreed={"alpha.i1": 4}).disagreement is True


def test_no_disagreement_unless_answered():
    assert one_indicator(1, 1, 4, agreed={"alpha.i1": "na"}).disagreement is False
    assert one_indicator(1, 4, "na", "na", "na").disagreement is False  # not applicable
