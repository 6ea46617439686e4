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
from statistics import median
from typing import Any, Literal

from selfassess.questionnaire import DONT_KNOW, NOT_APPLICABLE, Indicator, Questionnaire

Answer = int | str  # a scale value, "dont_know" or "na"
IndicatorStatus = Literal["answered", "not_applicable", "unanswered"]
ThemeStatus = Literal["gap", "partial", "strength", "no_evidence"]

# Comparisons of a score with a level's min_score or a theme threshold use the
# score rounded to this many places, so that floating-point noise
# (3.4999999999999996) never moves a stage.
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
    # How many respondents gave each answer, per indicator: descriptive, not a
    # score, so kept apart from the indicator results.
    distribution: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def domain(self, domain_id: str) -> DomainResult:
        return next(d for d in self.domains if d.id == domain_id)

    def indicator(self, indicator_id: str) -> IndicatorResult:
        return next(i for i in self.indicators if i.id == indicator_id)

    def theme(self, theme_id: str) -> ThemeResult:
        return next(t for t in self.themes if t.id == theme_id)


# --- the rules ---------------------------------------------------------------


def score(
    questionnaire: Questionnaire,
    respondents: Sequence[Respondent],
    agreed: Mapping[str, Answer] | None = None,
) -> Result:
    """Score a set of respondents' answers (and any agreed answers)."""
    agreed = agreed or {}
    indicators = _indicator_results(questionnaire, respondents, agreed)
    domains = _domain_results(questionnaire, indicators)
    return Result(
        questionnaire={"id": questionnaire.id, "version": questionnaire.version},
        overall=_overall(questionnaire, domains),
        domains=domains,
        indicators=indicators,
        themes=_themes(questionnaire, indicators),
        priorities=_priorities(questionnaire, indicators),
        perspectives=_perspectives(questionnaire, respondents),
        distribution=_distribution(questionnaire, respondents),
    )


def domain_scores(questionnaire: Questionnaire, respondents: Sequence[Respondent]) -> dict[str, float | None]:
    """Rule 6 for any group of respondents: domain scores from their answers
    alone, ignoring agreed answers. Used for perspectives and for the
    small-numbers "other perspectives" group."""
    indicators = _indicator_results(questionnaire, respondents, {})
    return {d.id: d.score for d in _domain_results(questionnaire, indicators)}


def _indicator_results(
    questionnaire: Questionnaire, respondents: Sequence[Respondent], agreed: Mapping[str, Answer]
) -> list[IndicatorResult]:
    threshold = questionnaire.scoring.disagreement_threshold
    results = []
    for indicator in questionnaire.indicators:
        answers = [r.answers[indicator.id] for r in respondents if indicator.id in r.answers]
        results.append(_indicator(indicator, answers, agreed.get(indicator.id), threshold))
    return results


def _indicator(indicator: Indicator, answers: list[Answer], agreed: Answer | None, threshold: int) -> IndicatorResult:
    """Rule 1."""
    numeric = [a for a in answers if is_value(a)]
    n = len(numeric)
    spread = max(numeric) - min(numeric) if numeric else None
    disagreement = n >= 2 and spread is not None and spread >= threshold
    status: IndicatorStatus
    if agreed is not None and is_value(agreed):
        score_, status, is_agreed = float(agreed), "answered", True
    elif agreed == NOT_APPLICABLE:
        score_, status, is_agreed = None, "not_applicable", True
    else:
        is_agreed = False
        if numeric:
            score_, status = float(median(numeric)), "answered"
        elif NOT_APPLICABLE in answers and DONT_KNOW not in answers:
            score_, status = None, "not_applicable"
        else:
            score_, status = None, "unanswered"
    return IndicatorResult(
        id=indicator.id,
        domain=indicator.domain_id,
        score=score_,
        n=n,
        spread=spread,
        disagreement=disagreement,
        status=status,
        agreed=is_agreed,
    )


def _domain_results(questionnaire: Questionnaire, indicators: list[IndicatorResult]) -> list[DomainResult]:
    """Rule 2."""
    by_id = {r.id: r for r in indicators}
    results = []
    for domain in questionnaire.domains:
        answered = [(i.weight, by_id[i.id].score) for i in domain.indicators if by_id[i.id].status == "answered"]
        unanswered = sum(i.weight for i in domain.indicators if by_id[i.id].status == "unanswered")
        a = sum(w for w, _ in answered)
        c = a + unanswered
        coverage = a / c if c else None
        score_ = None
        if coverage is not None and _cmp(coverage) >= questionnaire.scoring.min_coverage:
            score_ = _weighted_mean(answered)
        results.append(
            DomainResult(
                id=domain.id,
                score=score_,
                coverage=coverage,
                stage=stage(questionnaire, score_),
                insufficient=score_ is None,
            )
        )
    return results


def _overall(questionnaire: Questionnaire, domains: list[DomainResult]) -> OverallResult:
    """Rule 3."""
    weights = {d.id: d.weight for d in questionnaire.domains}
    scored = [(weights[d.id], d.score) for d in domains if d.score is not None]
    score_ = _weighted_mean(scored) if scored else None
    return OverallResult(score=score_, stage=stage(questionnaire, score_), complete=len(scored) == len(domains))


def _themes(questionnaire: Questionnaire, indicators: list[IndicatorResult]) -> list[ThemeResult]:
    """Rule 4."""
    by_id = {r.id: r for r in indicators}
    results = []
    for theme in questionnaire.study.themes:
        behind = [i for i in questionnaire.indicators if theme.id in i.themes and by_id[i.id].status == "answered"]
        score_ = _weighted_mean([(i.weight, by_id[i.id].score) for i in behind]) if behind else None
        status: ThemeStatus
        if score_ is None:
            status = "no_evidence"
        elif _cmp(score_) < theme.thresholds.gap_below:
            status = "gap"
        elif _cmp(score_) >= theme.thresholds.strength_from:
            status = "strength"
        else:
            status = "partial"
        results.append(ThemeResult(id=theme.id, score=score_, status=status, indicators=[i.id for i in behind]))
    return results


def _priorities(questionnaire: Questionnaire, indicators: list[IndicatorResult]) -> list[str]:
    """Rule 5: lowest answered scores first; sorted() is stable, so ties keep
    questionnaire order, including at the cut-off."""
    answered = [r for r in indicators if r.status == "answered"]
    ranked = sorted(answered, key=lambda r: _cmp(r.score))  # type: ignore[arg-type]
    return [r.id for r in ranked[: questionnaire.scoring.priorities]]


def _perspectives(
    questionnaire: Questionnaire, respondents: Sequence[Respondent]
) -> dict[str, dict[str, float | None]]:
    """Rule 6, in the questionnaire's order of perspectives."""
    present = {r.perspective for r in respondents if r.perspective is not None}
    return {
        p.id: domain_scores(questionnaire, [r for r in respondents if r.perspective == p.id])
        for p in questionnaire.perspectives
        if p.id in present
    }


def _distribution(questionnaire: Questionnaire, respondents: Sequence[Respondent]) -> dict[str, dict[str, int]]:
    keys = [str(v) for v in questionnaire.scale_values] + [DONT_KNOW, NOT_APPLICABLE]
    counts = {i.id: dict.fromkeys(keys, 0) for i in questionnaire.indicators}
    for respondent in respondents:
        for indicator_id, answer in respondent.answers.items():
            if indicator_id in counts:
                counts[indicator_id][str(answer)] += 1
    return counts


def stage(questionnaire: Questionnaire, score_: float | None) -> str | None:
    """The label of the highest scale level whose min_score <= score."""
    if score_ is None:
        return None
    label = None
    for level in questionnaire.scale:
        if level.min_score <= _cmp(score_):
            label = level.label
    return label


def _weighted_mean(pairs: Iterable[tuple[int, float | None]]) -> float:
    pairs = list(pairs)
    total = sum(w for w, _ in pairs)
    return sum(w * s for w, s in pairs if s is not None) / total


def _cmp(value: float) -> float:
    return round(value, COMPARISON_PLACES)


def parse_answer(text: str) -> Answer:
    """An answer as stored or typed ("3", "dont_know", "na") as the engine takes it."""
    return text if text in (DONT_KNOW, NOT_APPLICABLE) else int(text)


def is_value(answer: object) -> bool:
    return isinstance(answer, int) and not isinstance(answer, bool)


# --- showing scores to people ------------------------------------------------


def truncate(value: float, places: int = 2) -> Decimal:
    """A score as shown to people: truncated, not rounded, so that a shown
    score never sits in a higher level than the real one. The noise guard of
    the comparisons applies first, so 2.9999999999 shows as 3.00."""
    return Decimal(repr(_cmp(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


def shown(value: float | None, places: int = 2) -> str:
    """Text for a score, or "no score" when there is none."""
    return "no score" if value is None else str(truncate(value, places))
