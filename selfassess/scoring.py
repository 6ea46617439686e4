"""The scoring engine: answers in, consensus scores out.

Pure Python with no Flask or database import: the web pages, the PDF report
and the command line all call ``score`` and never re-derive a number. Every
rule is written down in ``docs/scoring.md``; the rule numbers below refer to
it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import ROUND_DOWN, Decimal
from statistics import median_low
from typing import Any, Literal

from selfassess.questionnaire import DONT_KNOW, NOT_APPLICABLE, Indicator, Questionnaire, ScaleLevel
from selfassess.questionnaire.schema import Thresholds

Answer = int | str  # a scale value, "dont_know" or "na"
IndicatorStatus = Literal["answered", "not_applicable", "unanswered", "too_few", "not_asked"]
ThemeStatus = Literal["gap", "partial", "strength", "no_evidence"]

METHOD = "scoring method 2"
METHOD_SINCE = "1 December 2026"  # when method 2 replaced method 1 (docs/scoring.md)

# Comparisons of a coverage or a share with a setting use the figure rounded
# to this many places, so that floating-point noise (0.4999999999999996) never
# changes a result; stages and theme statuses use the shown figure, T(x).
COMPARISON_PLACES = 9


@dataclass(frozen=True)
class Respondent:
    id: str
    answers: Mapping[str, Answer]
    perspective: str | None = None


@dataclass(frozen=True)
class IndicatorResult:
    id: str
    domain: str
    score: float | None
    n: int
    n_na: int
    n_dont_know: int
    spread: int | None
    disagreement: bool
    status: IndicatorStatus
    agreed: bool


@dataclass(frozen=True)
class DomainResult:
    id: str
    score: float | None
    coverage: float | None
    stage: str | None
    insufficient: bool
    applicable: bool = True


@dataclass(frozen=True)
class OverallResult:
    score: float | None
    stage: str | None
    complete: bool


@dataclass(frozen=True)
class ThemeResult:
    id: str
    score: float | None
    status: ThemeStatus
    indicators: list[str]  # the answered indicators behind the score, in questionnaire order


@dataclass(frozen=True)
class Result:
    questionnaire: dict[str, str]
    overall: OverallResult
    domains: list[DomainResult]
    indicators: list[IndicatorResult]
    themes: list[ThemeResult]
    priorities: list[str]
    perspectives: dict[str, dict[str, float | None]]
    # How many respondents asked each indicator gave each answer: descriptive,
    # not a score, so kept apart from the indicator results.
    distribution: dict[str, dict[str, int]] = field(default_factory=dict)
    method: str = METHOD

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def domain(self, domain_id: str) -> DomainResult:
        return next(d for d in self.domains if d.id == domain_id)

    def indicator(self, indicator_id: str) -> IndicatorResult:
        return next(i for i in self.indicators if i.id == indicator_id)

    def theme(self, theme_id: str) -> ThemeResult:
        return next(t for t in self.themes if t.id == theme_id)


# --- the rules (docs/scoring.md, scoring method 2) ---------------------------


def score(
    questionnaire: Questionnaire,
    respondents: Sequence[Respondent],
    agreed: Mapping[str, Answer] | None = None,
) -> Result:
    """Score a set of respondents' answers (and any agreed answers)."""
    agreed = agreed or {}
    asked = _asked(questionnaire, respondents)
    indicators = _indicator_results(questionnaire, asked, agreed)
    domains = _domain_results(questionnaire, indicators)
    return Result(
        questionnaire={"id": questionnaire.id, "version": questionnaire.version},
        overall=_overall(questionnaire, domains),
        domains=domains,
        indicators=indicators,
        themes=_themes(questionnaire, indicators),
        priorities=_priorities(questionnaire, indicators),
        perspectives=_perspectives(questionnaire, respondents),
        distribution=_distribution(questionnaire, asked),
    )


def domain_scores(questionnaire: Questionnaire, respondents: Sequence[Respondent]) -> dict[str, float | None]:
    """Rule 8 for any group of respondents: domain scores from their answers
    alone (rules 1 to 3), ignoring agreed answers. Used for perspectives and
    for the small-numbers "other perspectives" group."""
    indicators = _indicator_results(questionnaire, _asked(questionnaire, respondents), {})
    return {d.id: d.score for d in _domain_results(questionnaire, indicators)}


def majority_level(values: Sequence[int]) -> int | None:
    """Rule 1: the highest level that more than half of the answers reach
    (the lower median). {1, 4} gives 1, {2, 3} gives 2, {2, 3, 3} gives 3."""
    return median_low(values) if values else None


def _asked(questionnaire: Questionnaire, respondents: Sequence[Respondent]) -> dict[str, list[Answer] | None]:
    """For each indicator, the answers of the respondents asked it (a missing
    answer is left out), or None when the group has no respondent asked it."""
    found: dict[str, list[Answer] | None] = {}
    for indicator in questionnaire.indicators:
        asked = [r for r in respondents if indicator.is_asked_of(r.perspective)]
        found[indicator.id] = [r.answers[indicator.id] for r in asked if indicator.id in r.answers] if asked else None
    return found


def _indicator_results(
    questionnaire: Questionnaire, asked: Mapping[str, list[Answer] | None], agreed: Mapping[str, Answer]
) -> list[IndicatorResult]:
    return [
        _indicator(questionnaire, indicator, asked[indicator.id], agreed.get(indicator.id))
        for indicator in questionnaire.indicators
    ]


def _indicator(
    questionnaire: Questionnaire, indicator: Indicator, answers: list[Answer] | None, agreed: Answer | None
) -> IndicatorResult:
    """Rule 2."""
    settings = questionnaire.scoring
    given = answers or []
    numeric = [a for a in given if is_value(a)]
    n, n_na, n_dk = len(numeric), given.count(NOT_APPLICABLE), given.count(DONT_KNOW)
    status: IndicatorStatus
    score_: float | None = None
    if agreed is not None and is_value(agreed):
        score_, status = float(agreed), "answered"
    elif agreed == NOT_APPLICABLE:
        status = "not_applicable"
    elif answers is None:
        status = "not_asked"
    elif n_na > n:
        status = "not_applicable"
    elif n == 0:
        status = "unanswered"
    elif n < settings.min_answers:
        status = "too_few"
    else:
        score_, status = float(majority_level(numeric)), "answered"  # type: ignore[arg-type]
    return IndicatorResult(
        id=indicator.id,
        domain=indicator.domain_id,
        score=score_,
        n=n,
        n_na=n_na,
        n_dont_know=n_dk,
        spread=max(numeric) - min(numeric) if numeric else None,
        disagreement=status == "answered" and _disagree(questionnaire, numeric),
        status=status,
        agreed=agreed is not None and (is_value(agreed) or agreed == NOT_APPLICABLE),
    )


def _disagree(questionnaire: Questionnaire, numeric: list[int]) -> bool:
    """Rule 2's flag: enough answers, and at least ``share`` of them
    ``distance`` or more levels from the respondents' own majority level."""
    settings = questionnaire.scoring
    if len(numeric) < max(2, settings.min_answers):
        return False
    middle = majority_level(numeric)
    far = sum(1 for v in numeric if abs(v - middle) >= settings.disagreement.distance)  # type: ignore[operator]
    return _cmp(far / len(numeric)) >= _cmp(settings.disagreement.share)


def _domain_results(questionnaire: Questionnaire, indicators: list[IndicatorResult]) -> list[DomainResult]:
    """Rule 3."""
    by_id = {r.id: r for r in indicators}
    results = []
    for domain in questionnaire.domains:
        outcomes = [(i.weight, by_id[i.id]) for i in domain.indicators]
        answered = [(w, r.score) for w, r in outcomes if r.status == "answered"]
        a = sum(w for w, _ in answered)
        u = sum(w for w, r in outcomes if r.status in ("unanswered", "too_few"))
        applicable = a + u > 0
        coverage = a / (a + u) if applicable else None
        score_ = None
        if coverage is not None and _cmp(coverage) >= _cmp(questionnaire.scoring.min_coverage):
            score_ = _weighted_mean(answered)
        results.append(
            DomainResult(
                id=domain.id,
                score=score_,
                coverage=coverage,
                stage=stage(questionnaire, score_),
                insufficient=applicable and score_ is None,
                applicable=applicable,
            )
        )
    return results


def _overall(questionnaire: Questionnaire, domains: list[DomainResult]) -> OverallResult:
    """Rule 5: a score only when every applicable domain has one."""
    weights = {d.id: d.weight for d in questionnaire.domains}
    applicable = [d for d in domains if d.applicable]
    complete = bool(applicable) and all(d.score is not None for d in applicable)
    score_ = _weighted_mean([(weights[d.id], d.score) for d in applicable]) if complete else None
    return OverallResult(score=score_, stage=stage(questionnaire, score_), complete=complete)


def _themes(questionnaire: Questionnaire, indicators: list[IndicatorResult]) -> list[ThemeResult]:
    """Rule 6."""
    by_id = {r.id: r for r in indicators}
    results = []
    for theme in questionnaire.study.themes:
        behind = [i for i in questionnaire.indicators if theme.id in i.themes and by_id[i.id].status == "answered"]
        score_ = _weighted_mean([(i.weight, by_id[i.id].score) for i in behind]) if behind else None
        status = theme_status(theme.thresholds, score_)
        results.append(ThemeResult(id=theme.id, score=score_, status=status, indicators=[i.id for i in behind]))
    return results


def _priorities(questionnaire: Questionnaire, indicators: list[IndicatorResult]) -> list[str]:
    """Rule 7: answered indicators below the top level, lowest score first,
    then the heavier, then questionnaire order."""
    weights = {i.id: i.weight for i in questionnaire.indicators}
    top = questionnaire.scale_values[-1]
    below_top = [
        (place, r)
        for place, r in enumerate(indicators)
        if r.status == "answered" and _cmp(r.score) < top  # type: ignore[arg-type]
    ]
    ranked = sorted(below_top, key=lambda pr: (_cmp(pr[1].score), -weights[pr[1].id], pr[0]))  # type: ignore[arg-type]
    return [r.id for _, r in ranked[: questionnaire.scoring.priorities]]


def _perspectives(
    questionnaire: Questionnaire, respondents: Sequence[Respondent]
) -> dict[str, dict[str, float | None]]:
    """Rule 8, in the questionnaire's order of perspectives."""
    present = {r.perspective for r in respondents if r.perspective is not None}
    return {
        p.id: domain_scores(questionnaire, [r for r in respondents if r.perspective == p.id])
        for p in questionnaire.perspectives
        if p.id in present
    }


def _distribution(questionnaire: Questionnaire, asked: Mapping[str, list[Answer] | None]) -> dict[str, dict[str, int]]:
    """How many of the respondents asked each indicator gave each answer."""
    keys = [str(v) for v in questionnaire.scale_values] + [DONT_KNOW, NOT_APPLICABLE]
    counts = {}
    for indicator in questionnaire.indicators:
        row = dict.fromkeys(keys, 0)
        for answer in asked[indicator.id] or []:
            row[str(answer)] += 1
        counts[indicator.id] = row
    return counts


def stage_level(questionnaire: Questionnaire, score_: float | None) -> ScaleLevel | None:
    """Rule 4: the level whose band holds the shown figure T(score), a figure
    exactly on a boundary taking the lower level: the lowest level, raised to
    each higher level whose min_score is strictly below T(score)."""
    if score_ is None:
        return None
    shown_figure = truncate(score_)
    found = questionnaire.scale[0]
    for level in questionnaire.scale[1:]:
        if _decimal(level.min_score) < shown_figure:
            found = level
    return found


def stage(questionnaire: Questionnaire, score_: float | None) -> str | None:
    """The label of rule 4's level, or None for no score."""
    level = stage_level(questionnaire, score_)
    return None if level is None else level.label


def theme_status(thresholds: Thresholds, score_: float | None) -> ThemeStatus:
    """Rule 6's status of a theme score: a gap at or below gap_at_most, a
    strength above strength_above, by the shown figure T(score)."""
    if score_ is None:
        return "no_evidence"
    if truncate(score_) <= _decimal(thresholds.gap_at_most):
        return "gap"
    if truncate(score_) > _decimal(thresholds.strength_above):
        return "strength"
    return "partial"


def _weighted_mean(pairs: Iterable[tuple[int, float | None]]) -> float:
    pairs = list(pairs)
    total = sum(w for w, _ in pairs)
    return sum(w * s for w, s in pairs if s is not None) / total


def _cmp(value: float) -> float:
    return round(value, COMPARISON_PLACES)


def _decimal(setting: float) -> Decimal:
    """A setting from the questionnaire as an exact decimal (2.5, 3.55)."""
    return Decimal(repr(setting))


def parse_answer(text: str) -> Answer:
    """An answer as stored or typed ("3", "dont_know", "na") as the engine takes it."""
    return text if text in (DONT_KNOW, NOT_APPLICABLE) else int(text)


def is_value(answer: object) -> bool:
    return isinstance(answer, int) and not isinstance(answer, bool)


# --- showing scores to people ------------------------------------------------


def truncate(value: float, places: int = 2) -> Decimal:
    """T(x): a score as shown to people, rounded to nine places (so that
    2.9999999999 shows as 3.00) and then truncated, not rounded, so that a
    shown score never sits in a higher level than the real one."""
    return Decimal(repr(_cmp(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


def shown(value: float | None, places: int = 2) -> str:
    """Text for a score, or "no score" when there is none."""
    return "no score" if value is None else str(truncate(value, places))
