"""A round's results page, agreeing a level where people disagree, and what
the respondents are told: the workflows behind ``results/routes.py`` (the
adviser's dashboard is ``results/dashboard.py``)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from flask import abort

from selfassess import access, clock, scoring
from selfassess.data import actions, audit, rounds
from selfassess.data import agreed as agreed_answers
from selfassess.data.models import Account, AgreedAnswer, Round
from selfassess.outcome import Outcome
from selfassess.questionnaire import NOT_APPLICABLE, Indicator, Questionnaire, ScaleLevel
from selfassess.results import compute, figures


@dataclass(frozen=True)
class ResultsPage:
    """A results page: who sees it, and ``key``, which changes whenever
    anything its content shows changes, so the content can be kept under it
    (results/routes.py). The results themselves are worked out only when
    asked for, which a kept page does not."""

    round_: Round
    is_lead: bool
    can_download: bool
    key: tuple

    @functools.cached_property
    def results(self) -> compute.RoundResults:
        return compute.results_for(self.round_)

    @functools.cached_property
    def charts(self) -> dict[str, figures.Figure]:
        return {"radar": figures.summary_radar(self.results)} if self.results.result is not None else {}


def results_page(round_: Round, viewer: Account) -> ResultsPage:
    """The key holds the round's results key (its responses, agreed levels,
    erasures, scoring method and questionnaire version), ``results_generation``
    (any round anywhere changing: the previous round and the peers), the
    round's own fields the page prints, the partnership's action plans, today
    (an action becomes overdue) and the kind of viewer. One small query
    (``actions.results_and_plans_generation``)."""
    is_lead, can_download = access.can_lead(viewer, round_), access.can_download_report(viewer, round_)
    shown = (
        round_.status,
        round_.released_at,
        round_.results_shared_at,
        round_.title,
        round_.opens_on,
        round_.closes_on,
    )
    results_generation, plans_generation = actions.results_and_plans_generation(round_.partnership_id)
    key = (
        rounds.results_key(round_),
        results_generation,
        shown,
        plans_generation,
        clock.today_in_london(),
        is_lead,
        can_download,
    )
    return ResultsPage(round_, is_lead, can_download, key)


def domain_charts(results: compute.RoundResults) -> dict[str, figures.Figure]:
    """Each domain's question scores, for the "every question" part of the page."""
    return {f"domain-{d.id}": figures.domain_bars(results, d.id) for d in results.questionnaire.domains}


# --- agreeing a level ---------------------------------------------------------------------


@dataclass(frozen=True)
class AgreeingLevel:
    """What the lead sees to agree a level for one question."""

    results: compute.RoundResults
    indicator: Indicator
    existing: AgreedAnswer | None

    @property
    def outcome(self):  # type: ignore[no-untyped-def]
        return self.results.result.indicator(self.indicator.id)  # type: ignore[union-attr]

    @property
    def counts(self) -> dict[str, int]:
        return self.results.result.distribution[self.indicator.id]  # type: ignore[union-attr]

    @property
    def notes(self) -> list[str]:
        return self.results.evidence.get(self.indicator.id, [])


def agreeing(round_: Round, indicator_id: str) -> AgreeingLevel:
    """The question to agree a level for; "Page not found" when the round has
    no results yet or the question is not in its questionnaire."""
    results = compute.results_for(round_, with_evidence=True)
    if results.result is None:
        abort(404)
    try:
        indicator = results.questionnaire.indicator(indicator_id)
    except KeyError:
        abort(404)
    return AgreeingLevel(results, indicator, results.agreed.get(indicator_id))


def record_agreed(
    round_: Round, indicator: Indicator, value: str, rationale: str, lead: Account, **detail: str
) -> Outcome:
    """Record the agreed level; ``detail`` adds to the audit event (the consensus workshop says where and who)."""
    agreed_answers.record(round_, indicator.id, value, rationale, lead)
    audit.commit_round("agreed level", round_, lead, indicator=indicator.id, value=value, **detail)
    return Outcome(f"The agreed level for “{indicator.title}” is saved, and the results now use it.")


def remove_agreed(round_: Round, indicator_id: str, lead: Account) -> Outcome | None:
    if not agreed_answers.remove(round_, indicator_id):
        return None
    audit.commit_round("removed agreed level", round_, lead, indicator=indicator_id)
    return Outcome("The agreed level is removed; the results use everyone's answers again.")


# --- what the respondents are told --------------------------------------------------------


@dataclass(frozen=True)
class AgreedLevel:
    question: str
    level: str  # the level's label, or "Not applicable"
    reason: str


@dataclass(frozen=True)
class WhatHappensNext:
    """The respondents' page, in words only: no scores, medians, coverage or
    spread. ``stage`` is the overall stage (its label and what it means),
    None when there were not enough answers for one."""

    results: compute.RoundResults
    stage: ScaleLevel | None
    agreed: list[AgreedLevel]


def what_happens_next(round_: Round) -> WhatHappensNext:
    """What the people who took part told us together, what was agreed, and
    (on the page, from the plans) the action plan."""
    results = compute.results_for(round_)
    questionnaire = results.questionnaire
    overall = results.result.overall.score if results.result is not None else None
    agreed = [
        AgreedLevel(indicator.question, _level_words(questionnaire, found.value), found.rationale)
        for indicator in questionnaire.indicators
        if (found := results.agreed.get(indicator.id)) is not None
    ]
    return WhatHappensNext(results, scoring.stage_level(questionnaire, overall), agreed)


def _level_words(questionnaire: Questionnaire, value: str) -> str:
    return "Not applicable" if value == NOT_APPLICABLE else questionnaire.level(int(value)).label
