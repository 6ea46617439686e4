"""Properties of the scoring engine that hold for any answers, checked with
hypothesis over built questionnaires with random weights, random respondents
and random agreed answers."""

from __future__ import annotations

import random
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from selfassess import scoring
from tests.builders import DOMAINS, all_indicator_ids, load_built, questionnaire_dict, respondent

EXAMPLES = settings(max_examples=75, deadline=None)
ANSWERS = [1, 2, 3, 4, "dont_know", "na"]
AGREED = [1, 2, 3, 4, "na"]
PERSPECTIVES = [None, "nhs", "community", "third_sector"]
DOMAIN_SETS = [("alpha",), DOMAINS, ("alpha", "beta", "gamma")]


VARIANTS = 8  # questionnaires per set of domains; loading one takes ~30 ms, so they are drawn from a pool


@cache
def built(domains, variant):
    """A questionnaire over ``domains`` with random weights and scoring settings,
    the same for the same variant; variant 0 is the plain one (every weight 1)."""
    if variant == 0:
        return load_built(questionnaire_dict(domains=domains))
    rng = random.Random(f"{domains}-{variant}")  # noqa: S311 - test data, not secrets
    return load_built(
        questionnaire_dict(
            domains=domains,
            weights={i: rng.randint(1, 3) for i in all_indicator_ids(domains)},
            domain_weights={d: rng.randint(1, 3) for d in domains},
            min_coverage=rng.choice([0.25, 0.5, 0.6, 1.0]),
            disagreement_threshold=rng.randint(1, 3),
            priorities=rng.randint(0, 5),
        )
    )


def questionnaires():
    return st.builds(built, st.sampled_from(DOMAIN_SETS), st.integers(0, VARIANTS - 1))


@st.composite
def cases(draw, max_respondents=6):
    """(questionnaire, respondents, agreed)."""
    q = draw(questionnaires())
    ids = [i.id for i in q.indicators]
    count = draw(st.integers(0, max_respondents))
    respondents = [
        respondent(
            f"r{n}",
            draw(st.sampled_from(PERSPECTIVES)),
            draw(st.dictionaries(st.sampled_from(ids), st.sampled_from(ANSWERS), max_size=len(ids))),
        )
        for n in range(count)
    ]
    agreed = draw(st.dictionaries(st.sampled_from(ids), st.sampled_from(AGREED), max_size=4))
    return q, respondents, agreed


def all_scores(result):
    yield result.overall.score
    yield from (d.score for d in result.domains)
    yield from (i.score for i in result.indicators)
    yield from (t.score for t in result.themes)
    for scores in result.perspectives.values():
        yield from scores.values()


def scored_parts(result):
    """Everything but the descriptive distribution and the perspectives."""
    data = result.to_dict()
    return {key: data[key] for key in ("overall", "domains", "indicators", "themes", "priorities")}


def level_index(q, label):
    return [level.label for level in q.scale].index(label)


@EXAMPLES
@given(cases())
def test_every_score_is_on_the_scale_or_null(case):
    result = scoring.score(*case)
    for value in all_scores(result):
        assert value is None or 1.0 <= value <= 4.0


@EXAMPLES
@given(cases())
def test_coverage_is_between_zero_and_one_or_null(case):
    for domain in scoring.score(*case).domains:
        assert domain.coverage is None or 0.0 <= domain.coverage <= 1.0


@EXAMPLES
@given(cases(), st.randoms(use_true_random=False))
def test_respondent_order_never_changes_the_result(case, random):
    q, respondents, agreed = case
    shuffled = list(respondents)
    random.shuffle(shuffled)
    assert scoring.score(q, shuffled, agreed).to_dict() == scoring.score(q, respondents, agreed).to_dict()


def with_numeric_answers(respondents):
    return sorted({k for r in respondents for k, v in r.answers.items() if isinstance(v, int)})


@EXAMPLES
@given(cases(), st.data())
def test_a_new_respondent_answering_na_where_others_gave_numbers_changes_no_score(case, data):
    q, respondents, agreed = case
    numeric = with_numeric_answers(respondents)
    chosen = data.draw(st.lists(st.sampled_from(numeric), unique=True) if numeric else st.just([]))
    extra = respondent("extra-na", data.draw(st.sampled_from(PERSPECTIVES)), dict.fromkeys(chosen, "na"))
    before = scoring.score(q, respondents, agreed)
    after = scoring.score(q, [*respondents, extra], agreed)
    assert scored_parts(after) == scored_parts(before)


@EXAMPLES
@given(cases(), st.data())
def test_an_na_answer_to_an_indicator_that_has_numeric_answers_changes_no_score(case, data):
    q, respondents, agreed = case
    numeric = with_numeric_answers(respondents)
    # (respondent, indicator) pairs where the respondent has not answered an indicator others gave numbers for
    open_slots = [(n, i) for n, r in enumerate(respondents) for i in numeric if i not in r.answers]
    if not open_slots:
        return
    n, indicator = data.draw(st.sampled_from(open_slots))
    changed = list(respondents)
    old = changed[n]
    changed[n] = respondent(old.id, old.perspective, {**old.answers, indicator: "na"})
    before = scoring.score(q, respondents, agreed)
    after = scoring.score(q, changed, agreed)
    assert scored_parts(after) == scored_parts(before)


@EXAMPLES
@given(cases())
def test_stage_always_matches_the_score(case):
    q = case[0]
    result = scoring.score(*case)
    for part in [result.overall, *result.domains]:
        if part.score is None:
            assert part.stage is None
            continue
        value = round(part.score, 9)
        reached = [level for level in q.scale if level.min_score <= value]
        assert reached, "a score on the scale reaches at least the lowest level"
        assert part.stage == reached[-1].label
        above = q.scale[level_index(q, part.stage) + 1 :]
        assert all(level.min_score > value for level in above)


@EXAMPLES
@given(cases())
def test_domains_without_a_score_are_insufficient_and_make_the_result_incomplete(case):
    result = scoring.score(*case)
    for domain in result.domains:
        assert domain.insufficient is (domain.score is None)
    assert result.overall.complete is all(d.score is not None for d in result.domains)


@EXAMPLES
@given(cases())
def test_priorities_are_the_lowest_answered_indicators_in_order(case):
    q = case[0]
    result = scoring.score(*case)
    answered = {i.id: i.score for i in result.indicators if i.status == "answered"}
    priorities = result.priorities
    assert len(priorities) == min(q.scoring.priorities, len(answered))
    assert all(p in answered for p in priorities)
    scores = [answered[p] for p in priorities]
    assert scores == sorted(scores)
    if priorities:
        left_out = [s for i, s in answered.items() if i not in priorities]
        assert all(s >= scores[-1] for s in left_out)


@EXAMPLES
@given(cases())
def test_a_shown_score_is_never_in_a_higher_stage_than_the_real_one(case):
    q = case[0]
    result = scoring.score(*case)
    for value in all_scores(result):
        if value is not None:
            shown = float(scoring.shown(value))
            assert level_index(q, scoring.stage(q, shown)) <= level_index(q, scoring.stage(q, value))


@EXAMPLES
@given(st.floats(min_value=1.0, max_value=4.0, allow_nan=False))
def test_any_truncated_score_is_never_in_a_higher_stage(value):
    q = built(DOMAINS, 0)
    shown = float(scoring.shown(value))
    assert shown <= round(value, 9)
    assert level_index(q, scoring.stage(q, shown)) <= level_index(q, scoring.stage(q, value))
