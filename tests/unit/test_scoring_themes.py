"""The scoring rules for the study's themes, the priorities and the
perspectives.

Each expected number was worked out by hand and is written as a literal,
with the arithmetic above it (tests/unit/scoring_examples.py says more)."""

from __future__ import annotations

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
from tests.unit.scoring_examples import Q, all_of

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
