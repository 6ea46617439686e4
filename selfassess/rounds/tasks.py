"""The lead's round page as a task list: what to do in a round, in order,
each task with its status and a sentence of where it stands.

Statuses are computed here, never in the template, from the round's one
progress summary (``rounds/progress.py``), its released results, its agreed
levels and its action plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import url_for

from selfassess import clock, disclosure
from selfassess.data import actions, responses, rounds
from selfassess.data import agreed as agreed_answers
from selfassess.data import reminders as reminded
from selfassess.data.models import Account, ActionStatus, Round
from selfassess.presentation import long_date, plural
from selfassess.results import compute
from selfassess.rounds.progress import ProgressSummary

NOT_STARTED = "Not started"
IN_PROGRESS = "In progress"
COMPLETED = "Completed"
CANNOT_START = "Cannot start yet"
COLOURS = {NOT_STARTED: "grey", IN_PROGRESS: "blue", COMPLETED: "green", CANNOT_START: "grey"}


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Task:
    key: str  # names the task on the page: its id is "task-<key>"
    title: str
    status: str  # one of NOT_STARTED, IN_PROGRESS, COMPLETED, CANNOT_START
    url: str | None  # None while the task cannot start
    summary: str
    links: list[Link] = field(default_factory=list)
    overdue: int = 0  # actions past their due date and not done or dropped

    @property
    def colour(self) -> str:
        return COLOURS[self.status]


def task_list(round_: Round, lead: Account, summary: ProgressSummary) -> list[Task]:
    return [
        _invite(round_, summary),
        _answer(round_, lead),
        _remind(round_, summary),
        _close(round_),
        _agree(round_),
        _plan(round_),
        _share(round_),
    ]


def _invite(round_: Round, summary: ProgressSummary) -> Task:
    if not summary.invited:
        words = "Nobody is invited yet." if round_.is_open else "Nobody was invited."
    else:
        words = (
            f"{plural(summary.invited, 'person', 'people')} invited: {summary.submitted} submitted, "
            f"{summary.started} started, {summary.not_started} not started yet."
        )
    status = COMPLETED if not round_.is_open else (IN_PROGRESS if summary.anyone else NOT_STARTED)
    return Task("invite", "Invite people", status, "#invite" if round_.is_open else "#progress", words)


def _answer(round_: Round, lead: Account) -> Task:
    """The lead's own answers: leads answer from their own perspective too."""
    response = responses.for_person(round_, lead, with_answers=False)
    url = url_for("answering.task_list", round_id=round_.id)
    if response is not None and response.is_submitted:
        return Task(
            "answer", "Answer yourself", COMPLETED, url, f"You submitted on {long_date(response.submitted_at)}."
        )
    if response is not None and response.counted_at is not None:
        since = long_date(response.counted_at)
        words = f"You reopened your answers: what you submitted on {since} counts until you submit again."
        return Task("answer", "Answer yourself", IN_PROGRESS, url, words)
    if response is not None:
        return Task("answer", "Answer yourself", IN_PROGRESS, url, "You have started but not submitted.")
    words = "You have not started." if round_.is_open else "You did not answer, and the round is closed."
    return Task("answer", "Answer yourself", NOT_STARTED, url, words)


def _remind(round_: Round, summary: ProgressSummary) -> Task:
    if not round_.is_open:
        return Task("remind", "Send reminders", COMPLETED, None, "The round is closed, so no more reminders go.")
    if not summary.invited:
        return Task(
            "remind", "Send reminders", CANNOT_START, None, "Reminders go to people invited, once you invite them."
        )
    waiting = summary.invited - summary.submitted
    url = url_for("rounds.reminders", round_id=round_.id)
    automatic = (
        " Reminders also go by themselves before the closing date."
        if round_.auto_reminders
        else " Reminders do not go by themselves."
    )
    if not waiting:
        return Task("remind", "Send reminders", COMPLETED, url, "Everyone invited has submitted." + automatic)
    last = reminded.last_sent(round_)
    words = f"{plural(waiting, 'person', 'people')} invited {'has' if waiting == 1 else 'have'} not submitted yet."
    if last is not None:
        words += f" The last reminder went on {long_date(last)}."
    return Task("remind", "Send reminders", NOT_STARTED if last is None else IN_PROGRESS, url, words + automatic)


def _close(round_: Round) -> Task:
    if round_.is_open:
        url = url_for("rounds.close", round_id=round_.id)
        return Task("close", "Close the round", NOT_STARTED, url, f"The round closes on {long_date(round_.closes_on)}.")
    words = f"The round was closed on {long_date(round_.closed_at or round_.closes_on)}."
    return Task("close", "Close the round", COMPLETED, "#round-actions", words)


def _agree(round_: Round) -> Task:
    """Questions where views differ (as the results and the workshop flag
    them), and how many of them have an agreed level."""
    title = "Agree levels where people disagree"
    result = compute.scored_round(round_).result if round_.released_at is not None else None
    if result is None:
        words = (
            f"Results appear when you close the round with at least {disclosure.MIN_RESPONSES} responses submitted."
            if round_.released_at is None
            else f"There are no results: they need at least {disclosure.MIN_RESPONSES} responses submitted."
        )
        return Task("agree", title, CANNOT_START, None, words)
    flagged = [i.id for i in result.indicators if i.disagreement]
    agreed = agreed_answers.for_round(round_.id)
    done = sum(1 for i in flagged if i in agreed)
    others = len(agreed) - done
    if not flagged:
        words, status = "Views do not differ on any question.", COMPLETED
    else:
        words = f"Views differ on {plural(len(flagged), 'question')}; you have agreed a level for {done} of them."
        status = COMPLETED if done == len(flagged) else (IN_PROGRESS if done else NOT_STARTED)
    if others:
        words += f" {plural(others, 'other question has', 'other questions have')} an agreed level too."
    links = [Link("See the results", url_for("results.show", round_id=round_.id))]
    return Task("agree", title, status, url_for("workshop.start", round_id=round_.id), words, links)


def _plan(round_: Round) -> Task:
    title = "Write the action plan"
    if round_.released_at is None:
        words, links, overdue = "You can write the plan once the round has closed.", [], 0
        previous = rounds.previous(round_)
        if previous is not None:
            # During the year the lead works from this round's page: last
            # round's plan, still being carried out, is marked here too.
            overdue = actions.overdue([previous.id], clock.today_in_london()).get(previous.id, 0)
            if overdue:
                words += f" In {previous.title}'s plan, {plural(overdue, 'action is', 'actions are')} overdue."
                links = [Link(f"Update the plan of {previous.title}", url_for("plans.plan", round_id=previous.id))]
        return Task("plan", title, CANNOT_START, None, words, links, overdue=overdue)
    found = actions.for_round(round_.id)
    url = url_for("plans.plan", round_id=round_.id)
    if not found:
        return Task("plan", title, NOT_STARTED, url, "The plan has no actions yet.")
    finished = sum(1 for a in found if a.status in (ActionStatus.DONE, ActionStatus.DROPPED))
    today = clock.today_in_london()
    overdue = sum(1 for a in found if actions.is_overdue(a, today))  # already loaded: no second query
    words = f"The plan has {plural(len(found), 'action')}: {finished} done or dropped."
    if overdue:
        words += f" {plural(overdue, 'action is', 'actions are')} overdue: past the due date and not done."
    status = COMPLETED if finished == len(found) else IN_PROGRESS
    return Task("plan", title, status, url, words, overdue=overdue)


def _share(round_: Round) -> Task:
    title = "Share the results"
    if round_.is_open:
        return Task("share", title, CANNOT_START, None, "You can share the results once the round is closed.")
    if round_.results_shared_at is None:
        return Task("share", title, NOT_STARTED, "#share-prompt", "Only leads can see the results at the moment.")
    words = f"You shared the results with everyone who took part on {long_date(round_.results_shared_at)}."
    return Task("share", title, COMPLETED, url_for("results.show", round_id=round_.id), words)
