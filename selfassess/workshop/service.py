"""The consensus workshop's workflows: which questions to talk through, in
what order, and what the room sees for each."""

from __future__ import annotations

from dataclasses import dataclass

from selfassess.data.models import Round
from selfassess.results import compute


@dataclass(frozen=True)
class Plan:
    results: compute.RoundResults
    indicator_ids: list[str]


def plan(round_: Round) -> Plan:
    results = compute.results_for(round_)
    return Plan(results, [])
