"""The cases of issue 9's first list, each of which method 1 got wrong, under
scoring method 2; and a stored questionnaire of version 1.x (method-1
settings, old theme keys and action words) still scored, by method 2.

Each expected number was worked out by hand and is written as a literal,
with the arithmetic above it (tests/unit/scoring_examples.py says more)."""

from __future__ import annotations

from selfassess import scoring
from tests.builders import load_built, questionnaire_dict, respondent, respondents_answering, themes_dict
from tests.unit.scoring_examples import DEVELOPING, NOT_YET, Q1, Q, alike, all_of, fields, one_indicator


def test_one_and_four_give_one_not_established():
    # method 1: the median 2.5, "Established"; method 2: more than half reach 1 only
    q2 = load_built(questionnaire_dict(min_answers=2))
    result = scoring.score(q2, respondents_answering("alpha.i1", 1, 4))
    assert result.indicator("alpha.i1").score == 1.0
    four = scoring.score(Q1, alike(2, all_of("alpha", 1), prefix="low") + alike(2, all_of("alpha", 4), prefix="hi"))
    assert fields(four.domain("alpha"), "score", "stage") == (1.0, NOT_YET)
    # with the real min_answers of 3, two people are too few to score at all
    assert one_indicator(1, 4).status == "too_few"


def test_a_domain_answered_two_and_three_throughout_is_developing():
    group = alike(3, all_of("alpha", 2), prefix="two") + alike(3, all_of("alpha", 3), prefix="three")
    # every indicator m(2, 2, 2, 3, 3, 3) = 2; method 1 gave 2.5, "Established"
    domain = scoring.score(Q, group).domain("alpha")
    assert fields(domain, "score", "stage") == (2.0, DEVELOPING)
    # one more person answering 3 tips every question: 4 of 7 reach 3
    domain = scoring.score(Q, [*group, respondent("extra", None, all_of("alpha", 3))]).domain("alpha")
    assert fields(domain, "score", "stage") == (3.0, "Established")


def test_ten_fours_and_one_two_flag_nothing():
    result = one_indicator(*[4] * 10, 2)
    # m = 4; one answer of eleven is 2 levels away: 1/11 < 0.25. Method 1's range of 2 flagged it.
    assert fields(result, "score", "spread", "disagreement") == (4.0, 2, False)


def test_four_dont_knows_of_five_leave_one_answer_too_few():
    q = load_built(
        questionnaire_dict(
            links={
                "alpha.i1": ["theme-a"],
                **{f"alpha.i{n}": ["theme-b"] for n in range(2, 6)},
                **{f"beta.i{n}": ["theme-c"] for n in range(1, 6)},
            }
        )
    )
    group = [
        respondent("lead", "nhs", all_of("alpha", 4)),
        *alike(4, {"alpha.i1": "dont_know", **{f"alpha.i{n}": 3 for n in range(2, 6)}}, "community"),
    ]
    result = scoring.score(q, group)
    # one person's 4 is not the question's score, and nobody can read it off the results
    assert fields(result.indicator("alpha.i1"), "score", "status", "n", "n_dont_know") == (None, "too_few", 1, 4)
    # coverage counts the question: A = 4, U = 1, so 0.8, not method 1's 100%
    # the others m(3, 3, 3, 3, 4) = 3
    assert fields(result.domain("alpha"), "coverage", "score") == (0.8, 3.0)
    assert fields(result.theme("theme-a"), "score", "status") == (None, "no_evidence")


def test_one_level_against_two_not_applicable_is_not_applicable():
    assert fields(one_indicator(3, "na", "na"), "score", "status") == (None, "not_applicable")
    # even where one level would be enough (min_answers 1), and method 1 scored it 3
    result = scoring.score(Q1, [respondent("r1", None, {"alpha.i1": 3}), *alike(2, {"alpha.i1": "na"}, prefix="na")])
    assert fields(result.indicator("alpha.i1"), "score", "status", "n", "n_na") == (None, "not_applicable", 1, 2)


def test_no_priorities_when_everything_is_at_the_top_level():
    result = scoring.score(Q, alike(3, {**all_of("alpha", 4), **all_of("beta", 4)}))
    assert result.priorities == []
    assert result.overall.stage == "Embedded"


# --- a stored questionnaire of version 1.x --------------------------------------------------------


def method_1_files():
    """A questionnaire and themes file as version 1.x wrote them: the method-1
    scoring block, gap_below / strength_from, and the bases "implied" and
    "recommended"."""
    q = questionnaire_dict()
    q["scoring"] = {"min_coverage": 0.5, "disagreement_threshold": 2, "priorities": 3}
    t = themes_dict()
    for theme, basis in zip(t["themes"], ("implied", "recommended", "implied"), strict=True):
        theme["thresholds"] = {"gap_below": 2.0, "strength_from": 3.0}
        theme["actions"][0]["basis"] = basis
        theme["actions"][0]["aimed_at"] = "national-government"
    return q, t


def test_a_stored_1x_questionnaire_loads_with_method_2_defaults():
    q = load_built(*method_1_files())
    assert (q.scoring.min_answers, q.scoring.min_coverage, q.scoring.priorities) == (3, 0.5, 3)
    assert (q.scoring.disagreement.distance, q.scoring.disagreement.share) == (2, 0.25)
    thresholds = q.study.theme("theme-a").thresholds
    assert (thresholds.gap_at_most, thresholds.strength_above) == (2.0, 3.0)
    # the old words are read as the weaker claim
    assert [t.actions[0].basis for t in q.study.themes] == [
        "selfassess_suggests",
        "study_implies",
        "selfassess_suggests",
    ]
    assert {t.actions[0].aimed_at for t in q.study.themes} == {"national"}


def test_a_stored_1x_questionnaire_is_scored_by_method_2(tmp_path):
    q = load_built(*method_1_files(), folder=tmp_path)
    group = [
        *alike(10, {"alpha.i1": 4, "alpha.i2": 1, "alpha.i3": 3, "beta.i1": 4}, prefix="four"),
        respondent("two", None, {"alpha.i1": 2, "alpha.i2": 4, "alpha.i3": 2}),
        respondent("one", None, {"alpha.i2": 4}),
    ]
    result = scoring.score(q, group)
    assert result.method == "scoring method 2"
    # alpha.i1: ten 4s and a 2, not flagged though the file says disagreement_threshold 2
    assert fields(result.indicator("alpha.i1"), "score", "disagreement") == (4.0, False)
    # alpha.i2: ten 1s and two 4s: m = 1, 2/12 < 0.25
    assert fields(result.indicator("alpha.i2"), "score", "disagreement") == (1.0, False)
    # theme-c (alpha.i3, beta.i1, beta.i4): alpha.i3 m(3 x 10, 2) = 3, beta.i1 4: (3 + 4) / 2 = 3.5,
    # above the file's strength_from of 3.0 (read as strength_above), where the default 3.5 says partial
    assert fields(result.theme("theme-c"), "score", "status") == (3.5, "strength")
    # theme-b (alpha.i2, alpha.i5, beta.i3): 1, at most the file's gap_below of 2.0
    assert fields(result.theme("theme-b"), "score", "status") == (1.0, "gap")
