"""Scoring method 2, rules 6 to 8: the study's themes, the priorities and
the perspectives.

Each expected number was worked out by hand and is written as a literal,
with the arithmetic above it (tests/unit/scoring_examples.py says more)."""

from __future__ import annotations

import pytest

from selfassess import scoring
from tests.builders import all_indicator_ids, domain_answers, load_built, questionnaire_dict, respondent, themes_dict
from tests.unit.scoring_examples import Q1, Q, alike, all_of, fields

# --- rule 6: themes ------------------------------------------------------------------------


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
    group = [*alike(3, {"alpha.i1": 4, "alpha.i2": "dont_know", "beta.i1": 1}), respondent("r4", alpha__i2=4)]
    result = scoring.score(q, group)
    # theme-a: alpha.i1 (weight 2, score 4) and beta.i1 (weight 1, score 1): (8 + 1) / 3 = 3.0
    assert fields(result.theme("theme-a"), "score", "status", "indicators") == (3.0, "partial", ["alpha.i1", "beta.i1"])
    # theme-b: beta.i1 1; alpha.i2 has one level only (too_few), so it is no evidence
    assert fields(result.theme("theme-b"), "score", "status", "indicators") == (1.0, "gap", ["beta.i1"])
    assert fields(result.theme("theme-c"), "score", "status", "indicators") == (None, "no_evidence", [])
    # the theme uses beta.i1 although the beta domain has too little coverage to score
    assert result.domain("beta").score is None


def theme_a(weights_and_scores, themes=None):
    """theme-a's result when it is linked from alpha.i1, alpha.i2, ... with these
    (weight, score) pairs, one respondent each (min_answers 1)."""
    ids = [f"alpha.i{n}" for n in range(1, len(weights_and_scores) + 1)]
    q = load_built(
        questionnaire_dict(
            min_answers=1,
            weights={i: w for i, (w, _) in zip(ids, weights_and_scores, strict=True)},
            links=linked(**{i.replace(".", "__"): ["theme-a"] for i in ids}, beta__i1=["theme-b"]),
        ),
        themes,
    )
    answers = {i: s for i, (_, s) in zip(ids, weights_and_scores, strict=True)}
    return scoring.score(q, [respondent("r1", None, answers)]).theme("theme-a")


@pytest.mark.parametrize(
    ("pairs", "score", "status"),
    [
        (((1, 1),), 1.0, "gap"),
        (((1, 2), (1, 3)), 2.5, "gap"),  # exactly gap_at_most: a gap
        (((35, 2), (36, 3)), 178 / 71, "gap"),  # 2.50704..., shown 2.50
        (((49, 2), (51, 3)), 2.51, "partial"),  # (98 + 153) / 100
        (((1, 3),), 3.0, "partial"),
        (((1, 3), (1, 4)), 3.5, "partial"),  # exactly strength_above: not yet a strength
        (((49, 3), (51, 4)), 3.51, "strength"),  # (147 + 204) / 100
        (((1, 4),), 4.0, "strength"),
    ],
)
def test_theme_status_at_the_default_thresholds(pairs, score, status):
    assert fields(theme_a(pairs), "score", "status") == (score, status)


@pytest.mark.parametrize(
    ("pairs", "status"),
    [
        (((1, 2),), "gap"),  # 2.0: at most 2.0
        (((1, 2), (1, 3)), "partial"),  # 2.5
        (((1, 3),), "partial"),  # 3.0: not above 3.0
        (((99, 3), (1, 4)), "strength"),  # 3.01
    ],
)
def test_theme_with_its_own_thresholds(pairs, status):
    assert theme_a(pairs, themes_dict(thresholds={"theme-a": (2.0, 3.0)})).status == status


def test_theme_with_equal_thresholds_has_no_partial():
    equal = themes_dict(thresholds={"theme-a": (2.5, 2.5)})
    assert theme_a(((1, 2), (1, 3)), equal).status == "gap"
    assert theme_a(((49, 2), (51, 3)), equal).status == "strength"


def test_theme_uses_agreed_answers_and_skips_not_applicable_ones():
    q = load_built(questionnaire_dict(links=linked(alpha__i1=["theme-a"], alpha__i2=["theme-a"], beta__i1=["theme-b"])))
    group = alike(3, {"alpha.i1": 1, "alpha.i2": 2})
    theme = scoring.score(q, group, {"alpha.i1": 4, "alpha.i2": "na"}).theme("theme-a")
    # only alpha.i1 counts, with its agreed 4
    assert fields(theme, "score", "status") == (4.0, "strength")


# --- rule 7: priorities ---------------------------------------------------------------------------


def test_priorities_lowest_first_then_heavier_then_questionnaire_order():
    q = load_built(questionnaire_dict(min_answers=1, weights={"beta.i1": 2}))
    r1 = respondent("r1", None, {**domain_answers("alpha", 3, 1, 2, 4, 2), **domain_answers("beta", 2, 1)})
    # scores: alpha.i2 1, beta.i2 1, then alpha.i3, alpha.i5, beta.i1 at 2 (beta.i1 weighs 2)
    assert scoring.score(q, [r1]).priorities == ["alpha.i2", "beta.i2", "beta.i1"]
    q5 = load_built(questionnaire_dict(min_answers=1, weights={"beta.i1": 2}, priorities=5))
    assert scoring.score(q5, [r1]).priorities == ["alpha.i2", "beta.i2", "beta.i1", "alpha.i3", "alpha.i5"]


def test_priorities_ties_keep_questionnaire_order_whatever_the_answers_order():
    q = load_built(questionnaire_dict(priorities=4, min_answers=1))
    r1 = respondent("r1", None, {"beta.i1": 1, "beta.i3": 2, "alpha.i5": 1, "alpha.i1": 2, "alpha.i2": 3})
    assert scoring.score(q, [r1]).priorities == ["alpha.i5", "beta.i1", "alpha.i1", "beta.i3"]


def test_priorities_leave_out_the_top_level():
    r1 = respondent("r1", None, {**domain_answers("alpha", 4, 3, 4, 4, 4)})
    assert scoring.score(Q1, [r1]).priorities == ["alpha.i2"]
    assert scoring.score(Q1, [respondent("r1", None, {**all_of("alpha", 4), **all_of("beta", 4)})]).priorities == []


def test_priorities_only_from_answered_indicators_and_their_agreed_scores():
    group = alike(3, domain_answers("alpha", 1, 1, 3, 2, 4))
    group += alike(2, {"beta.i1": 1}, prefix="s")  # too_few: not a priority
    result = scoring.score(Q, group, {"alpha.i1": 4, "alpha.i2": "na"})
    # alpha.i1 is agreed at the top level, alpha.i2 not applicable
    assert result.priorities == ["alpha.i4", "alpha.i3"]


def test_zero_priorities():
    q = load_built(questionnaire_dict(priorities=0, min_answers=1))
    assert scoring.score(q, [respondent("r1", alpha__i1=1)]).priorities == []


# --- rule 8: perspectives ----------------------------------------------------------------------------


def test_perspectives_use_only_their_respondents_and_ignore_agreed_answers():
    group = [
        *alike(2, {**all_of("alpha", 2), **all_of("beta", 4)}, "nhs", "n"),
        respondent("n3", "nhs", {**all_of("alpha", 3), **all_of("beta", 4)}),
        *alike(3, {**all_of("alpha", 1), **all_of("beta", "dont_know")}, "community", "c"),
        respondent("x", None, all_of("alpha", 4)),
    ]
    result = scoring.score(Q, group, {"alpha.i1": 4, "beta.i1": "na"})
    assert result.perspectives == {
        # alpha m(2, 2, 3) = 2 everywhere, the agreed 4 ignored; beta 4, beta.i1's agreed "na" ignored
        "nhs": {"alpha": 2.0, "beta": 4.0},
        # beta: nothing but "Don't know", coverage 0
        "community": {"alpha": 1.0, "beta": None},
    }
    # the whole group: alpha.i1 agreed 4; the others m(1, 1, 1, 2, 2, 3, 4) = 2: (4 + 4*2) / 5
    assert result.domain("alpha").score == 2.4


def test_perspectives_come_in_the_questionnaires_order():
    group = [*alike(3, all_of("alpha", 3), "community", "c"), *alike(3, all_of("alpha", 2), "nhs", "n")]
    assert list(scoring.score(Q, group).perspectives) == ["nhs", "community"]


def test_a_perspective_of_fewer_than_min_answers_people_has_no_scores():
    group = [*alike(2, all_of("alpha", 3), "lived_experience"), respondent("x", None, all_of("alpha", 1))]
    assert scoring.score(Q, group).perspectives == {"lived_experience": {"alpha": None, "beta": None}}


def test_questions_not_asked_of_a_perspective_never_count_against_it():
    q = load_built(questionnaire_dict(asked_of={"alpha.i1": ["nhs"], "alpha.i2": ["nhs"], "alpha.i3": ["nhs"]}))
    group = [
        *alike(3, all_of("alpha", 2), "nhs", "n"),
        *alike(3, domain_answers("alpha", None, None, None, 4, 3), "community", "c"),
    ]
    result = scoring.score(q, group)
    # community: i1 to i3 not asked there, so coverage is 2 / 2, not 2 / 5: (4 + 3) / 2
    # nhs: 2 throughout
    assert result.perspectives == {"nhs": {"alpha": 2.0, "beta": None}, "community": {"alpha": 3.5, "beta": None}}
    # the whole group: i1 to i3 m(2, 2, 2) = 2; i4 m(2, 2, 2, 4, 4, 4) = 2; i5 m(2, 2, 2, 3, 3, 3) = 2
    assert result.domain("alpha").score == 2.0


def test_no_perspectives_when_no_respondent_gives_one():
    assert scoring.score(Q1, [respondent("r1", None, all_of("alpha", 3))]).perspectives == {}
