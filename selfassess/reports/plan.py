"""A round's action plan as the outputs print it: the PDF report's table and
the CSV and JSON exports. Each action reads the same way in all three: what
it answers (the questions' and themes' own titles), whose word it is (in the
words of ``results/provenance.py``), its owner, due date, status and note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from selfassess.data.models import Action
from selfassess.plans.forms import STATUS_WORDS
from selfassess.questionnaire import Questionnaire
from selfassess.results import provenance

NOT_WRITTEN = (
    "The action plan has not been written in selfassess yet. The round's lead writes it on the round's action "
    "plan page, reached from the results page under “Action plan”: each action with what it answers, who will "
    "do it, by when, and how it is going. Once it is written, this section prints it."
)


@dataclass(frozen=True)
class PlannedAction:
    text: str
    answers: list[str]  # the titles of the questions and themes it answers
    basis: str  # whose word it is, in words
    owner: str | None
    due_on: date | None
    status: str  # in words
    note: str | None


def _titles(questionnaire: Questionnaire, answers: dict[str, Any]) -> list[str]:
    """The questions' and themes' titles, in that order; an id the
    questionnaire no longer has is shown as it is stored."""
    titles = []
    for indicator_id in answers.get("indicators") or []:
        try:
            titles.append(questionnaire.indicator(indicator_id).title)
        except KeyError:
            titles.append(str(indicator_id))
    for theme_id in answers.get("themes") or []:
        try:
            titles.append(f"Study theme: {questionnaire.study.theme(theme_id).title}")
        except KeyError:
            titles.append(f"Study theme: {theme_id}")
    return titles


def planned(questionnaire: Questionnaire, actions: list[Action]) -> list[PlannedAction]:
    return [
        PlannedAction(
            action.text,
            _titles(questionnaire, action.answers or {}),
            provenance.plan_basis(action.basis),
            action.owner,
            action.due_on,
            STATUS_WORDS[action.status],
            action.note,
        )
        for action in actions
    ]


def as_export(actions: list[Action]) -> list[dict[str, Any]]:
    """The plan for the JSON export: stored values (ids, ISO dates, status
    codes) for analysts, each code with its words, as the themes have."""
    return [
        {
            "text": action.text,
            "answers": {
                "indicators": list((action.answers or {}).get("indicators") or []),
                "themes": list((action.answers or {}).get("themes") or []),
            },
            "basis": action.basis,
            "basis_words": provenance.plan_basis(action.basis),
            "owner": action.owner,
            "due_on": action.due_on.isoformat() if action.due_on else None,
            "status": action.status.value,
            "status_words": STATUS_WORDS[action.status],
            "note": action.note,
        }
        for action in actions
    ]
