"""Action plans: the workflows behind ``plans/routes.py``, and the plan as
other pages show it (``plan_for``, ``previous_plan``, ``for_results``).

A plan answers a round's results, so it can be written once the round has
closed at least once; its statuses change all through the year after."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask import abort

from selfassess import clock, scoring
from selfassess.data import actions, audit, rounds, versions
from selfassess.data.models import Account, Action, ActionStatus, Round
from selfassess.outcome import Outcome
from selfassess.plans.forms import STATUS_WORDS
from selfassess.presentation import plural
from selfassess.questionnaire import Questionnaire
from selfassess.results import compute, provenance

STATUS_COLOURS = {
    ActionStatus.NOT_STARTED: "grey",
    ActionStatus.IN_PROGRESS: "blue",
    ActionStatus.DONE: "green",
    ActionStatus.DROPPED: "red",
}
# Theme statuses whose actions are drafted into a plan.
DRAFTED_STATUSES = ("gap", "partial")


@dataclass(frozen=True)
class PlannedAction:
    """An action with what it answers in names, and its basis and status in words."""

    action: Action
    questions: list[str]
    themes: list[str]

    @property
    def basis(self) -> str:
        return provenance.plan_basis(self.action.basis)

    @property
    def status(self) -> str:
        return STATUS_WORDS[self.action.status]

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS[self.action.status]

    @property
    def overdue(self) -> bool:
        return actions.is_overdue(self.action, clock.today_in_london())


def _planned(action: Action, questionnaire: Questionnaire) -> PlannedAction:
    """What an action answers, by name; an id the questionnaire no longer has is left out."""
    indicators = {i.id: i for i in questionnaire.indicators}
    themes = {t.id: t for t in questionnaire.study.themes}
    answers = action.answers or {}
    return PlannedAction(
        action,
        [indicators[i].title for i in answers.get("indicators", []) if i in indicators],
        [themes[t].title for t in answers.get("themes", []) if t in themes],
    )


def questionnaire(round_: Round) -> Questionnaire:
    return versions.questionnaire_for(round_.questionnaire_version)


def plan_for(round_: Round) -> list[PlannedAction]:
    """The round's plan, in order, with what each action answers in names."""
    found = questionnaire(round_)
    return [_planned(a, found) for a in actions.for_round(round_.id)]


def has_results(round_: Round) -> bool:
    """A plan answers results: the round must have closed at least once."""
    return round_.released_at is not None


def _require_results(round_: Round) -> None:
    if not has_results(round_):
        abort(404)


# --- what we said we would do ---------------------------------------------------------


@dataclass(frozen=True)
class ScoreChange:
    """A question an action answered: its score in the previous round and in this one."""

    title: str
    before: float | None
    after: float | None

    @property
    def change(self) -> str:
        if self.before is None or self.after is None:
            return "no comparison"
        difference = scoring.truncate(self.after) - scoring.truncate(self.before)
        if difference == 0:
            return "no change"
        return f"{'up' if difference > 0 else 'down'} {abs(difference).quantize(Decimal('0.01'))}"


@dataclass(frozen=True)
class PreviousAction:
    planned: PlannedAction
    changes: list[ScoreChange] = field(default_factory=list)


@dataclass(frozen=True)
class PreviousPlan:
    """The previous round's plan, each action's status, and for the questions
    each answered, the change in score since (``compared`` when this round
    has results to compare; ``cross_version`` when its questionnaire is not
    comparable question by question)."""

    round_: Round
    actions: list[PreviousAction]
    compared: bool
    cross_version: bool


def previous_plan(round_: Round) -> PreviousPlan | None:
    """The plan of the partnership's previous round, or None when there is no
    previous round or it had no plan."""
    earlier = rounds.previous(round_)
    if earlier is None:
        return None
    found = actions.for_round(earlier.id)
    if not found:
        return None
    scored = compute.scored_rounds([round_, earlier]) if has_results(round_) else {}
    return _previous(round_, earlier, found, scored.get(round_.id), scored.get(earlier.id))


def _previous(
    round_: Round,
    earlier: Round,
    found: list[Action],
    now: compute.ScoredRound | None,
    then: compute.ScoredRound | None,
) -> PreviousPlan:
    this_questionnaire, earlier_questionnaire = questionnaire(round_), questionnaire(earlier)
    cross_version = not versions.comparable(earlier_questionnaire, this_questionnaire)
    compared = bool(has_results(round_) and now and now.result and then and then.result and not cross_version)
    asked_now = {i.id for i in this_questionnaire.indicators}
    listed = []
    for action in found:
        changes = []
        if compared:
            for indicator_id in (action.answers or {}).get("indicators", []):
                if indicator_id in asked_now:
                    before, after = _score(then.result, indicator_id), _score(now.result, indicator_id)  # type: ignore[union-attr]
                    changes.append(ScoreChange(this_questionnaire.indicator(indicator_id).title, before, after))
        listed.append(PreviousAction(_planned(action, earlier_questionnaire), changes))
    return PreviousPlan(earlier, listed, compared, cross_version)


def _score(result: scoring.Result, indicator_id: str) -> float | None:
    found = next((i for i in result.indicators if i.id == indicator_id), None)
    return found.score if found is not None and found.status == "answered" else None


@dataclass(frozen=True)
class ResultsPlans:
    """The results page's "Action plan" and "What we said we would do"."""

    plan: list[PlannedAction]
    previous: PreviousPlan | None


def for_results(results: compute.RoundResults) -> ResultsPlans:
    """Both plans for a results page, read in one query, scored with what
    the results already hold."""
    round_ = results.round_
    earlier = results.previous[0] if results.previous else None
    found = actions.for_rounds([round_.id] + ([earlier.id] if earlier else []))
    plan = [_planned(a, results.questionnaire) for a in found.get(round_.id, [])]
    previous = None
    if earlier is not None and found.get(earlier.id):
        then = results.previous[1] if results.previous else None
        now = results.scored if results.released else None
        previous = _previous(round_, earlier, found[earlier.id], now, then)
    return ResultsPlans(plan, previous)


# --- changing the plan --------------------------------------------------------------------


def draft(round_: Round, lead: Account) -> Outcome:
    """An empty plan filled from the results: an action for each priority
    question, and the partnership actions of each theme that is a gap or
    partly so, each with its own basis. A plan with actions is left alone."""
    _require_results(round_)
    actions.lock_plan(round_)
    if actions.for_round(round_.id):
        return Outcome("The plan already has actions, so nothing was drafted. Add or change actions here.", "info")
    result = compute.scored_round(round_).result
    if result is None:
        return Outcome("There are no results to draft from: add the actions you agree instead.", "info")
    found = questionnaire(round_)
    drafts = [(f"Improve: {found.indicator(i).title}", {"indicators": [i]}, "partnership") for i in result.priorities]
    for theme_result in result.themes:
        if theme_result.status in DRAFTED_STATUSES:
            theme = found.study.theme(theme_result.id)
            drafts += [
                (a.text.strip(), {"themes": [theme.id]}, a.basis) for a in theme.actions if a.aimed_at == "partnership"
            ]
    seen: set[str] = set()
    for text, answers, basis in drafts:
        if text not in seen:
            seen.add(text)
            actions.add(round_, text, answers=answers, basis=basis)
    if not seen:
        return Outcome("There are no priorities or gaps to draft from: add the actions you agree instead.", "info")
    audit.commit_round("drafted action plan", round_, lead, actions=len(seen))
    return Outcome(
        f"{plural(len(seen), 'action')} drafted from the priorities and the study's themes. "
        "Change, add or remove them as you agree the plan."
    )


@dataclass(frozen=True)
class ActionValues:
    """What the lead typed on the action form."""

    text: str
    indicators: list[str]
    themes: list[str]
    owner: str | None
    due_on: date | None
    status: str  # an ActionStatus value
    note: str | None

    @property
    def action_status(self) -> ActionStatus:
        return ActionStatus(self.status)

    @property
    def answers(self) -> dict:
        return {"indicators": self.indicators, "themes": self.themes}


def add(round_: Round, values: ActionValues, lead: Account) -> Outcome:
    _require_results(round_)
    made = actions.add(
        round_,
        values.text,
        answers=values.answers,
        owner=values.owner,
        due_on=values.due_on,
        status=values.action_status,
        note=values.note,
    )
    audit.commit_round("added action", round_, lead, action_id=made.id)
    return Outcome(f"The action “{made.text}” is added to the plan.")


def change(round_: Round, action: Action, values: ActionValues, lead: Account) -> Outcome:
    actions.update(
        action,
        text=values.text,
        answers=values.answers,
        owner=values.owner or "",
        due_on=values.due_on,
        status=values.action_status,
        note=values.note or "",
    )
    audit.commit_round("changed action", round_, lead, action_id=action.id, status=values.status)
    return Outcome(f"The action “{action.text}” is saved: {STATUS_WORDS[values.action_status].lower()}.")


def remove(round_: Round, action: Action, lead: Account) -> Outcome:
    text, action_id = action.text, action.id
    actions.remove(action)
    audit.commit_round("removed action", round_, lead, action_id=action_id)
    return Outcome(f"The action “{text}” is removed from the plan.")


def comment(round_: Round, action: Action, text: str, author: Account) -> Outcome:
    actions.comment(action, author, text)
    audit.commit_round("commented on action", round_, author, action_id=action.id)
    return Outcome(f"Your comment on “{action.text}” is added.")


def action_in(round_: Round, action_id: int) -> Action:
    """An action of this round's plan; any other is "Page not found"."""
    _require_results(round_)
    found = actions.get(round_, action_id)
    if found is None:
        abort(404)
    return found
