"""The consensus workshop's workflows: which questions the room talks
through, in what order, and what it sees for each. Everything comes from the
round's released results, as on the results page; no person is named."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask import abort

from selfassess import access, disclosure
from selfassess.data import responses
from selfassess.data import workshop as workshop_notes
from selfassess.data.models import Account, AgreedAnswer, Round
from selfassess.outcome import Outcome
from selfassess.questionnaire import DONT_KNOW, NOT_APPLICABLE, Domain, Indicator
from selfassess.results import compute
from selfassess.results import service as results_service


@dataclass(frozen=True)
class Plan:
    """The questions to talk through: those where views differ, then the
    priorities not already among them."""

    results: compute.RoundResults
    flagged: list[str]
    priorities: list[str]

    @property
    def indicator_ids(self) -> list[str]:
        return self.flagged + self.priorities

    @property
    def steps(self) -> int:
        return len(self.indicator_ids)


def plan(round_: Round) -> Plan:
    results = compute.results_for(round_)
    if results.result is None:
        return Plan(results, [], [])
    flagged = [i.id for i in results.result.indicators if i.disagreement]
    priorities = [i for i in results.result.priorities if i not in flagged]
    return Plan(results, flagged, priorities)


@dataclass(frozen=True)
class Row:
    """One answer (a level, "don't know" or "not applicable") and how many chose it."""

    key: str
    label: str
    description: str
    count: int
    share: float  # of the largest count, for the bar's length
    by_group: list[int]  # in the order of ``Step.groups``


@dataclass(frozen=True)
class Step:
    plan: Plan
    number: int  # from 1
    indicator: Indicator
    domain: Domain
    rows: list[Row]
    groups: list[disclosure.Group]
    some_perspectives_not_shown: bool
    notes: list[str]
    agreed: AgreedAnswer | None

    @property
    def flagged(self) -> bool:
        return self.indicator.id in self.plan.flagged

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.plan.steps else None


def step(round_: Round, number: int) -> Step:
    """The question at this step; "Page not found" when the round has no
    results or no such step."""
    found = plan(round_)
    if not 1 <= number <= found.steps:
        abort(404)
    results = found.results
    questionnaire = results.questionnaire
    indicator = questionnaire.indicator(found.indicator_ids[number - 1])
    domain = next(d for d in questionnaire.domains if d.id == indicator.domain_id)
    answers = [
        (r.perspective, str(r.answers[indicator.id]))
        for r in responses.shown_respondents([round_.id]).get(round_.id, [])
        if indicator.id in r.answers
    ]
    groups, hidden = disclosure.room_groups(
        dict(Counter(p for p, _ in answers)), [(p.id, p.label) for p in questionnaire.perspectives]
    )
    counts = results.result.distribution[indicator.id]  # type: ignore[union-attr]
    keys = [
        (str(level.value), f"{level.value}: {level.label}", indicator.levels[level.value].strip())
        for level in questionnaire.scale
    ]
    keys.append((DONT_KNOW, "Don't know", ""))
    if indicator.allow_na:
        keys.append((NOT_APPLICABLE, "Not applicable", ""))
    largest = max([counts.get(key, 0) for key, _, _ in keys] + [1])
    rows = [
        Row(
            key,
            label,
            description,
            counts.get(key, 0),
            counts.get(key, 0) / largest,
            [sum(1 for p, a in answers if a == key and p in g.perspectives) for g in groups],
        )
        for key, label, description in keys
    ]
    notes = workshop_notes.consented_notes(round_.id, indicator.id)
    return Step(found, number, indicator, domain, rows, groups, hidden, notes, results.agreed.get(indicator.id))


def record(round_: Round, current: Step, value: str, rationale: str, by: Account) -> Outcome:
    """Record the level the room agreed, exactly as the results page's
    "Agree a level" does, noting that it was agreed in the workshop and
    whether a lead or the partnership's adviser recorded it."""
    recorded_as = "lead" if access.can_lead(by, round_) else "adviser"
    return results_service.record_agreed(
        round_, current.indicator, value, rationale, by, agreed_in="consensus workshop", recorded_by=recorded_as
    )
