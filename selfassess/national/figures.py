"""The figures of a national snapshot, worked out once when it is published
and stored as they are (``NationalSnapshot.figures``): for the whole
questionnaire, each domain and each question, how many partnerships are at
each stage (merged or withheld by ``rules``), the median and interquartile
range, and the study themes most often a gap. Scores come from
``results.compute`` (the partnerships' scored rounds), never re-derived."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from selfassess import scoring
from selfassess.national import rules
from selfassess.questionnaire import Questionnaire
from selfassess.results.compute import ScoredRound

OVERALL = "overall"


@dataclass(frozen=True)
class Contribution:
    partnership_id: int
    scored: ScoredRound

    @property
    def result(self) -> scoring.Result:
        assert self.scored.result is not None  # noqa: S101 -- only rounds with results contribute
        return self.scored.result


def basis_of(contributions: list[Contribution]) -> dict[int, tuple[int, int]]:
    return {c.partnership_id: (c.scored.round_id, c.scored.results_version) for c in contributions}


def _stored_basis(figure: dict) -> dict[int, tuple[int, int]]:
    return {pid: (rid, version) for pid, rid, version in figure.get("basis", [])}


def _indicator_score(result: scoring.Result, indicator_id: str) -> float | None:
    found = next((i for i in result.indicators if i.id == indicator_id), None)
    return found.score if found is not None and found.status == "answered" else None


def _domain_score(result: scoring.Result, domain_id: str) -> float | None:
    found = next((d for d in result.domains if d.id == domain_id), None)
    return found.score if found is not None else None


class _Builder:
    def __init__(
        self, questionnaire: Questionnaire, contributions: list[Contribution], earlier: list[dict], now: datetime
    ) -> None:
        self.questionnaire = questionnaire
        self.contributions = contributions
        self.earlier = earlier  # the figures of every earlier snapshot on this questionnaire, oldest first
        self.now = now.isoformat()

    def settle(self, key: str, fresh: dict, basis: dict[int, tuple[int, int]]) -> dict:
        """The fresh figure, or the one published before that too few
        partnerships' rounds separate it from (``rules.earlier_to_repeat``);
        with the previous snapshot's median beside it."""
        shown_before = [
            f["items"][key] for f in self.earlier if not f.get("items", {}).get(key, {}).get("withheld", True)
        ]
        place = rules.earlier_to_repeat([_stored_basis(f) for f in shown_before], basis)
        figure = dict(shown_before[place]) if place is not None else fresh
        before = self.earlier[-1]["items"].get(key) if self.earlier else None
        if not figure.get("withheld") and "median" in figure:
            figure["previous_median"] = None if not before or before.get("withheld") else before.get("median")
        return figure

    def score_figure(self, key: str, value: Callable[[scoring.Result], float | None]) -> dict:
        scored = [(c, v) for c in self.contributions if (v := value(c.result)) is not None]
        found = rules.summary([v for _, v in scored])
        if found is None:
            return {"withheld": True}
        places = [self.questionnaire.scale.index(scoring.stage_level(self.questionnaire, v)) for _, v in scored]  # type: ignore[arg-type]
        cells = rules.merge_cells(rules.stage_counts(places, len(self.questionnaire.scale)))
        basis = basis_of([c for c, _ in scored])
        fresh = {
            "withheld": False,
            "contributing": len(scored),
            "median": found.median,
            "lower": found.lower_quartile,
            "upper": found.upper_quartile,
            "cells": [[c.first, c.last, c.count] for c in cells] if cells is not None else None,
            "basis": [[pid, rid, version] for pid, (rid, version) in sorted(basis.items())],
            "computed_at": self.now,
        }
        return self.settle(key, fresh, basis)

    def theme_figure(self, theme_id: str) -> dict:
        with_evidence = [
            (c, t.status)
            for c in self.contributions
            for t in c.result.themes
            if t.id == theme_id and t.status != "no_evidence"
        ]
        if not rules.enough(len(with_evidence)):
            return {"withheld": True}
        gaps = sum(1 for _, status in with_evidence if status == "gap")
        cells = rules.merge_cells([len(with_evidence) - gaps, gaps])
        basis = basis_of([c for c, _ in with_evidence])
        fresh = {
            "withheld": False,
            "contributing": len(with_evidence),
            "gap": gaps if cells is not None else None,
            "basis": [[pid, rid, version] for pid, (rid, version) in sorted(basis.items())],
            "computed_at": self.now,
        }
        return self.settle(f"theme:{theme_id}", fresh, basis)

    def items(self) -> dict[str, dict]:
        found = {OVERALL: self.score_figure(OVERALL, lambda r: r.overall.score)}
        for domain in self.questionnaire.domains:
            found[f"domain:{domain.id}"] = self.score_figure(
                f"domain:{domain.id}", lambda r, d=domain.id: _domain_score(r, d)
            )
            for indicator in domain.indicators:
                found[f"indicator:{indicator.id}"] = self.score_figure(
                    f"indicator:{indicator.id}", lambda r, i=indicator.id: _indicator_score(r, i)
                )
        for theme in self.questionnaire.study.themes:
            found[f"theme:{theme.id}"] = self.theme_figure(theme.id)
        return found


def build(questionnaire: Questionnaire, contributions: list[Contribution], earlier: list[dict], now: datetime) -> dict:
    """What the snapshot's page and PDF print, with the names of things as
    the questionnaire has them today, so the snapshot never changes."""
    q = questionnaire
    return {
        "questionnaire": {"id": q.id, "version": q.version, "title": q.title},
        "stages": [level.label for level in q.scale],
        "domains": [
            {
                "id": d.id,
                "title": d.title,
                "indicators": [{"id": i.id, "title": i.title} for i in d.indicators],
            }
            for d in q.domains
        ],
        "themes": [{"id": t.id, "title": t.title, "kind": t.kind} for t in q.study.themes],
        "items": _Builder(questionnaire, contributions, earlier, now).items(),
    }
