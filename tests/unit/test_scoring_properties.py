"""Properties of scoring method 2 that hold for any answers and any settings,
checked with hypothesis over built questionnaires with random weights, random
scales, random settings (min_answers, min_coverage, the disagreement distance
and share, priorities, theme thresholds), random ``asked_of``, random
respondents answering only what they are asked, and random agreed answers."""

from __future__ import annotations

import random
from decimal import Decimal
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from selfassess import scoring
from tests.builders import DOMAINS, THEMES, all_indicator_ids, load_built, questionnaire_dict, respondent, themes_dict

EXAMPLES = settings(max_examples=75, deadline=None)
PERSPECTIVES = [None, "nhs", "community", "third_sector"]
ASKABLE = ["nhs", "community", "third_sector", "lived_experience"]
DOMAIN_SETS = [("alpha",), DOMAINS, ("alpha", "beta", "gamma")]
SCALES = [
    ((1, 1.0), (2, 1.5), (3, 2.5), (4, 3.5)),  # the real one
    ((1, 1.0), (2, 1.8), (3, 2.6), (4, 3.4), (5, 4.2)),
    ((0, 0.0), (1, 0.5), (2, 1.5)),
]
VARIANTS = 8  # questionnaires per set of domains; loading one takes ~30 ms, so they are drawn from a pool


@cache
def built(domains, variant):
    """A questionnaire over ``domains`` with random weights, scale, settings,
    ``asked_of`` and theme thresholds, the same for the same variant; variant 0
    is the plain one (the real scale and defaults, every weight 1)."""
    if variant == 0:
        return load_built(questionnaire_dict(domains=domains))
    rng = random.Random(f"{domains}-{variant}")  # noqa: S311 - test data, not secrets
    ids = all_indicator_ids(domains)
    scale = rng.choice(SCALES)
    low, high = scale[0][0], scale[-1][0]
    steps = [low + (high - low) * k / 8 for k in range(9)]

    def thresholds():
        gap = rng.choice(steps)
        return gap, rng.choice([s for s in steps if s >= gap])

    return load_built(
        questionnaire_dict(
            domains=domains,
            scale=scale,
            weights={i: rng.randint(1, 3) for i in ids},
            domain_weights={d: rng.randint(1, 3) for d in domains},
            min_answers=rng.randint(1, 4),
            min_coverage=rng.choice([0.25, 0.5, 0.6, 1.0]),
            disagreement_distance=rng.randint(1, 3),
            disagreement_share=rng.choice([0.1, 0.25, 1 / 3, 0.5, 1.0]),
            priorities=rng.randint(0, 5),
            asked_of={i: rng.sample(ASKABLE, rng.randint(1, 3)) for i in ids if rng.random() < 0.3},
        ),
        themes_dict(thresholds={t: thresholds() for t in THEMES if rng.random() < 0.7}),
    )


def questionnaires():
    return st.builds(built, st.sampled_from(DOMAIN_SETS), st.integers(0, VARIANTS - 1))


@st.composite
def cases(draw, max_respondents=8):
    """(questionnaire, respondents, agreed); each respondent answers only what
    their perspective is asked, as the web forms and the responses file allow."""
    q = draw(questionnaires())
    answers = [*q.scale_values, "dont_know", "na"]
    respondents = []
    for n in range(draw(st.integers(0, max_respondents))):
        perspective = draw(st.sampled_from(PERSPECTIVES))
        asked = [i.id for i in q.asked(perspective)]
        given_ = draw(st.dictionaries(st.sampled_from(asked), st.sampled_from(answers), max_size=len(asked)))
        respondents.append(respondent(f"r{n}", perspective, given_))
    ids = [i.id for i in q.indicators]
    agreed = draw(st.dictionaries(st.sampled_from(ids), st.sampled_from([*q.scale_values, "na"]), max_size=4))
    return q, respondents, agreed


def all_scores(result):
    yield result.overall.score
    yield from (d.score for d in result.domains)
    yield from (i.score for i in result.indicators)
    yield from (t.score for t in result.themes)
    for scores in result.perspectives.values():
        yield from scores.values()


def band_label(q, score):
    """The label of the scale band that holds the figure shown, str(T(score)):
    the lowest level's band reaches up to the next min_score (included), each
    other level's from above its min_score up to the next one (included)."""
    shown = Decimal(scoring.shown(score))
    edges = [Decimal(repr(level.min_score)) for level in q.scale[1:]]
    for level, upper in zip(q.scale, edges, strict=False):
        if shown <= upper:
            return level.label
    return q.scale[-1].label


# --- scores and coverage -----------------------------------------------------------------------


@EXAMPLES
@given(cases())
def test_every_score_is_within_the_scale_or_null(case):
    q = case[0]
    low, high = q.scale_values[0], q.scale_values[-1]
    for value in all_scores(scoring.score(*case)):
        assert value is None or low <= value <= high


@EXAMPLES
@given(cases())
def test_coverage_is_null_exactly_when_a_domain_is_not_applicable(case):
    for domain in scoring.score(*case).domains:
        assert (domain.coverage is None) is (not domain.applicable)
        assert domain.coverage is None or 0.0 <= domain.coverage <= 1.0
        assert domain.insufficient is (domain.applicable and domain.score is None)


@EXAMPLES
@given(cases())
def test_an_indicator_score_is_an_agreed_level_or_one_of_the_answers_given(case):
    q, respondents, _ = case
    result = scoring.score(*case)
    for indicator in result.indicators:
        given_ = [r.answers.get(indicator.id) for r in respondents]
        assert (indicator.score is not None) is (indicator.status == "answered")
        if indicator.score is not None and not indicator.agreed:
            assert int(indicator.score) in given_
            assert indicator.n >= q.scoring.min_answers
        if indicator.disagreement:
            assert indicator.status == "answered" and indicator.n >= max(2, q.scoring.min_answers)


@EXAMPLES
@given(cases())
def test_overall_has_a_score_exactly_when_every_applicable_domain_has_one(case):
    result = scoring.score(*case)
    applicable = [d for d in result.domains if d.applicable]
    complete = bool(applicable) and all(d.score is not None for d in applicable)
    assert result.overall.complete is complete
    assert (result.overall.score is not None) is complete


# --- what must not change a result ---------------------------------------------------------------


@EXAMPLES
@given(cases(), st.randoms(use_true_random=False))
def test_respondent_order_never_matters(case, rng):
    q, respondents, agreed = case
    shuffled = list(respondents)
    rng.shuffle(shuffled)
    assert scoring.score(q, shuffled, agreed).to_dict() == scoring.score(q, respondents, agreed).to_dict()


def without_dont_know_counts(result):
    """The result without what a "Don't know" may change: n_dont_know and the distribution."""
    data = result.to_dict()
    del data["distribution"]
    for indicator in data["indicators"]:
        del indicator["n_dont_know"]
    return data


@EXAMPLES
@given(cases(), st.data())
def test_an_extra_dont_know_changes_nothing_but_the_dont_know_count(case, data):
    q, respondents, agreed = case
    if not respondents:
        return
    n = data.draw(st.integers(0, len(respondents) - 1))
    old = respondents[n]
    blank = [i.id for i in q.asked(old.perspective) if i.id not in old.answers]
    changed = list(respondents)
    if blank and data.draw(st.booleans()):
        # one respondent says "Don't know" where they had left a question blank
        indicator = data.draw(st.sampled_from(blank))
        changed[n] = respondent(old.id, old.perspective, {**old.answers, indicator: "dont_know"})
    else:
        # a new respondent, of a perspective already there, says "Don't know" to some of what they are asked
        asked = [i.id for i in q.asked(old.perspective)]
        if not asked:
            return
        chosen = data.draw(st.lists(st.sampled_from(asked), unique=True, min_size=1))
        changed.append(respondent("extra", old.perspective, dict.fromkeys(chosen, "dont_know")))
    before, after = scoring.score(q, respondents, agreed), scoring.score(q, changed, agreed)
    assert without_dont_know_counts(after) == without_dont_know_counts(before)
    assert sum(i.n_dont_know for i in after.indicators) > sum(i.n_dont_know for i in before.indicators)


# --- what people read -----------------------------------------------------------------------------


@EXAMPLES
@given(cases())
def test_the_stage_shown_is_the_band_of_the_figure_shown(case):
    q = case[0]
    result = scoring.score(*case)
    for part in [result.overall, *result.domains]:
        if part.score is None:
            assert part.stage is None
        else:
            assert part.stage == band_label(q, part.score), scoring.shown(part.score)


@EXAMPLES
@given(cases())
def test_a_theme_status_follows_the_figure_shown(case):
    q = case[0]
    for theme in scoring.score(*case).themes:
        if theme.score is None:
            assert theme.status == "no_evidence"
            continue
        shown = Decimal(scoring.shown(theme.score))
        thresholds = q.study.theme(theme.id).thresholds
        gap, strength = Decimal(repr(thresholds.gap_at_most)), Decimal(repr(thresholds.strength_above))
        assert theme.status == ("gap" if shown <= gap else "strength" if shown > strength else "partial")


@EXAMPLES
@given(cases())
def test_priorities_are_the_lowest_answered_indicators_below_the_top_level(case):
    q = case[0]
    result = scoring.score(*case)
    top = q.scale_values[-1]
    weight = {i.id: i.weight for i in q.indicators}
    order = [i.id for i in q.indicators]
    below = [i for i in result.indicators if i.status == "answered" and i.score < top]
    ranked = sorted(below, key=lambda i: (i.score, -weight[i.id], order.index(i.id)))
    assert result.priorities == [i.id for i in ranked[: q.scoring.priorities]]
    assert all(result.indicator(p).score < top for p in result.priorities)


@EXAMPLES
@given(st.floats(min_value=0.0, max_value=5.0, allow_nan=False), questionnaires())
def test_any_score_has_the_stage_of_its_shown_figure(value, q):
    assert scoring.stage(q, value) == scoring.stage(q, float(scoring.shown(value))) == band_label(q, value)
