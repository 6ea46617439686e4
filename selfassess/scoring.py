"""The scoring engine: answers in, consensus scores out.

Pure Python with no Flask or database import: the web pages, the PDF report
and the command line all call ``score`` and never re-derive a number. Every
rule is written down in ``docs/scoring.md``; the rule numbers below refer to
it.
"""

from __future__ import annotations

import json
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
    numeric = [a for a in answers if _is_value(a)]
    n = len(numeric)
    spread = max(numeric) - min(numeric) if numeric else None
    disagreement = n >= 2 and spread is not None and spread >= threshold
    status: IndicatorStatus
    if agreed is not None and _is_value(agreed):
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


def _is_value(answer: object) -> bool:
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


# --- responses files -----------------------------------------------------------


class ResponsesError(ValueError):
    """A responses file that cannot be scored; the message is one line."""


def parse_responses(text: str, questionnaire: Questionnaire) -> tuple[list[Respondent], dict[str, Answer]]:
    """Read a responses file (JSON) and check it against the questionnaire.

    Raises ResponsesError with a one-line message for anything that is not
    exactly what the contract allows.
    """
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise ResponsesError(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise ResponsesError("not valid JSON for a responses file: it is nested far too deeply") from None
    except ValueError as exc:  # for example a number with thousands of digits
        raise ResponsesError(f"not valid JSON for a responses file: {exc}") from None
    except _DuplicateKey as exc:
        raise ResponsesError(f"key {exc.args[0]!r} appears twice in the same object") from None
    if not isinstance(data, dict):
        raise ResponsesError("the file must be a JSON object with a 'respondents' list")
    unknown_keys = set(data) - {"respondents", "agreed"}
    if unknown_keys:
        raise ResponsesError(f"unknown top-level key(s): {', '.join(repr(k) for k in sorted(unknown_keys))}")
    if not isinstance(data.get("respondents"), list):
        raise ResponsesError("'respondents' must be a list")
    indicators = {i.id: i for i in questionnaire.indicators}
    perspectives = [p.id for p in questionnaire.perspectives]
    respondents: list[Respondent] = []
    seen: set[str] = set()
    for index, item in enumerate(data["respondents"]):
        if not isinstance(item, dict):
            raise ResponsesError(f"respondent {index + 1} must be an object")
        rid = item.get("id")
        if not isinstance(rid, str) or not rid:
            raise ResponsesError(f"respondent {index + 1} needs an 'id' that is a non-empty string")
        who = f"respondent {rid!r}"
        if rid in seen:
            raise ResponsesError(f"{who} appears twice")
        seen.add(rid)
        extra = set(item) - {"id", "perspective", "answers"}
        if extra:
            raise ResponsesError(f"{who}: unknown key(s): {', '.join(repr(k) for k in sorted(extra))}")
        perspective = item.get("perspective")
        if perspective is not None and perspective not in perspectives:
            raise ResponsesError(
                f"{who}: unknown perspective {perspective!r} (expected one of {', '.join(perspectives)})"
            )
        answers = item.get("answers")
        if not isinstance(answers, dict):
            raise ResponsesError(f"{who} needs an 'answers' object")
        for indicator_id, value in answers.items():
            check_answer(questionnaire, indicators.get(indicator_id), indicator_id, value, who)
        respondents.append(Respondent(id=rid, perspective=perspective, answers=answers))
    agreed = data.get("agreed", {})
    if not isinstance(agreed, dict):
        raise ResponsesError("'agreed' must be an object of indicator ids to agreed values")
    for indicator_id, value in agreed.items():
        if value == DONT_KNOW:
            raise ResponsesError(f'agreed value for {indicator_id!r} cannot be "dont_know"')
        if not _is_value(value) and value != NOT_APPLICABLE:
            raise ResponsesError(
                f'agreed value for {indicator_id!r} must be a whole number on the scale or "na", '
                f"not {json.dumps(value)}"
            )
        check_answer(questionnaire, indicators.get(indicator_id), indicator_id, value, "agreed")
    return respondents, agreed


def check_answer(
    questionnaire: Questionnaire, indicator: Indicator | None, indicator_id: str, value: object, who: str
) -> None:
    """One answer against the questionnaire; raises ResponsesError saying what is wrong.
    Shared by the responses file and the web forms, so both refuse the same things."""
    if indicator is None:
        raise ResponsesError(f"{who}: unknown indicator {indicator_id!r}")
    values = questionnaire.scale_values
    if _is_value(value):
        if value not in values:
            raise ResponsesError(
                f"{who}: answer to {indicator_id!r} is {value}, which is not on the scale ({values[0]} to {values[-1]})"
            )
        return
    if value == NOT_APPLICABLE:
        if not indicator.allow_na:
            raise ResponsesError(f'{who}: {indicator_id!r} cannot be answered "na" (not applicable)')
        return
    if value == DONT_KNOW:
        return
    raise ResponsesError(
        f'{who}: answer to {indicator_id!r} must be a whole number on the scale, "dont_know" or "na", '
        f"not {json.dumps(value)}"
    )


class _DuplicateKey(Exception):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result
