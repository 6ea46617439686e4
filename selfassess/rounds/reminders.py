"""Reminding people who have not submitted, and closing rounds on their date.

- The lead sends a reminder with one click (``send_now``) after seeing who
  gets it and what it says (``preview``).
- Unless the lead turns them off (``set_automatic``), reminders also go by
  themselves 7 days and 2 days before the closing date, each once per
  person, and a round closes by itself when its closing date has ended in
  London (``close_due``, run by ``selfassess close-due`` or the worker).

Nobody who has submitted is reminded, and nobody gets more than one
reminder a day, however they were sent (the database holds that, even with
two workers). Each reminder is saved before its email goes, so a crash
sends at most one, never two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from selfassess import clock, emails
from selfassess.data import audit, transaction
from selfassess.data import reminders as reminded
from selfassess.data.models import Account, Invitation, Round
from selfassess.data.responses import RespondentProgress
from selfassess.outcome import Outcome
from selfassess.presentation import plural
from selfassess.rounds import release, service


def days_left(round_: Round, today: date) -> int:
    """Whole days from ``today`` (in London) to the closing date: 0 on the day itself."""
    return (round_.closes_on - today).days


# --- who would get one ------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    to_remind: list[RespondentProgress]  # as the lead sees them on the round page
    reminded_today: list[RespondentProgress]
    subject: str
    text: str
    next_automatic: date | None

    @property
    def count(self) -> int:
        return len(self.to_remind)


def preview(round_: Round) -> Preview:
    today = clock.today_in_london()
    to_remind, today_already = _people(round_, today)
    subject, text = emails.reminder_preview(round_, days_left(round_, today))
    return Preview(to_remind, today_already, subject, text, next_automatic(round_, today))


def _people(round_: Round, today: date) -> tuple[list[RespondentProgress], list[RespondentProgress]]:
    """Who has not submitted: those a reminder would go to now, and those who had one today."""
    if not round_.is_open:
        return [], []
    waiting = {i.id for i in reminded.not_submitted(round_)}
    had_one = reminded.reminded_on(round_, today)
    people = [
        p
        for p in service.progress_summary(round_).respondents
        if p.invitation is not None and p.invitation.id in waiting
    ]
    return [p for p in people if p.invitation.id not in had_one], [p for p in people if p.invitation.id in had_one]


def next_automatic(round_: Round, today: date | None = None) -> date | None:
    """The day the next automatic reminder goes (today when one is due and
    close-due has not run yet), or None when none will: automatic reminders
    off, the round closed, nobody left to remind, or the last one gone."""
    today = today or clock.today_in_london()
    if not round_.is_open or not round_.auto_reminders:
        return None
    waiting = reminded.not_submitted(round_)
    had = reminded.kinds_sent(round_)
    for kind, first, last in _windows(round_):
        if last < today:
            continue
        if first > today:
            return first
        if any(kind not in had.get(i.id, set()) for i in waiting):
            return today
    return None


def _windows(round_: Round) -> list[tuple[str, date, date]]:
    """Each automatic kind with the first and last day it may go: "7 days"
    from 7 days before the closing date until 3 days before, "2 days" from 2
    days before until the closing date."""
    kinds = list(reminded.AUTOMATIC.items())
    # Each window ends the day before the next kind's begins; the last on the closing date.
    ends = [days + 1 for _, days in kinds[1:]] + [0]
    closes = round_.closes_on
    return [
        (kind, closes - timedelta(days=days), closes - timedelta(days=end))
        for (kind, days), end in zip(kinds, ends, strict=True)
    ]


def _kind_due(round_: Round, today: date) -> str | None:
    return next((kind for kind, first, last in _windows(round_) if first <= today <= last), None)


# --- closing before the date ----------------------------------------------------------------


@dataclass(frozen=True)
class CloseWarning:
    """What the lead reads before closing: who would lose the chance to answer."""

    submitted_total: int
    not_started: list[RespondentProgress]  # invited or not started, as the lead sees them
    started: list[RespondentProgress]  # started but not submitted: their answers will not count
    reopened: list[RespondentProgress]  # reopened since submitting: the answers they submitted count
    early: bool  # the closing date has not ended yet

    @property
    def waiting(self) -> bool:
        return bool(self.not_started or self.started or self.reopened)


def close_warning(round_: Round) -> CloseWarning:
    summary = service.progress_summary(round_)
    people = summary.respondents
    unfinished = [p for p in people if p.status in ("started", "reopened")]
    return CloseWarning(
        submitted_total=summary.submitted_total,
        not_started=[p for p in people if p.status in ("invited", "not started")],
        started=[p for p in unfinished if p.response is None or p.response.counted_at is None],
        reopened=[p for p in unfinished if p.response is not None and p.response.counted_at is not None],
        early=clock.today_in_london() <= round_.closes_on,
    )


# --- sending ------------------------------------------------------------------------------


def send_now(round_: Round, lead: Account) -> Outcome:
    """The lead's reminder: to everyone who has not submitted and had no reminder today."""
    if not round_.is_open:
        return Outcome("The round is closed, so there is nobody to remind.", "info")
    today = clock.today_in_london()
    waiting = reminded.not_submitted(round_)
    if not waiting:
        return Outcome("Everyone invited has submitted, so there is nobody to remind.", "info")
    sent = [i for i in waiting if reminded.record(i, reminded.LEAD, today)]
    skipped = len(waiting) - len(sent)
    if not sent:
        transaction.rollback()
        who = plural(skipped, "person who has", "people who have")
        return Outcome(f"Nobody was reminded: the {who} not submitted had a reminder today already.", "info")
    audit.commit_round("sent reminders", round_, lead, sent=len(sent), skipped=skipped)
    _email(sent, days_left(round_, today))
    message = f"We sent a reminder to {plural(len(sent), 'person', 'people')}."
    if skipped:
        message += f" {plural(skipped, 'person', 'people')} had a reminder today already, so we did not send another."
    return Outcome(message)


def _email(invitations_: list[Invitation], left: int) -> None:
    """Email the reminders already saved (committed), one each."""
    for invitation in invitations_:
        emails.reminder(invitation, left)


def set_automatic(round_: Round, on: bool, lead: Account) -> Outcome:
    if round_.auto_reminders == on:
        state = "on" if on else "off"
        return Outcome(f"Automatic reminders were already {state}. Nothing changed.", "info")
    round_.auto_reminders = on
    audit.commit_round("turned automatic reminders " + ("on" if on else "off"), round_, lead)
    if on:
        return Outcome(f"Reminders will go by themselves {reminded.AUTOMATIC_WHEN} before the closing date.")
    return Outcome("Reminders will no longer go by themselves. You can still send one from this page.")


# --- closing on the date, and automatic reminders --------------------------------------------


@dataclass(frozen=True)
class CloseDueSummary:
    closed: list[str]  # the rounds closed, as "Partnership: title"
    reminders_sent: int

    def lines(self) -> list[str]:
        closed = ", ".join(self.closed) if self.closed else "none"
        return [
            f"Rounds closed on their date: {len(self.closed)} ({closed})",
            f"Reminders sent: {self.reminders_sent}",
        ]


def close_due(now: datetime | None = None) -> CloseDueSummary:
    """Close every open round whose closing date has ended in London, then
    send the automatic reminders that are due. Safe to run as often as you
    like: nothing closes twice and nobody is reminded twice."""
    today = clock.today_in_london(now)
    closed = [title for r in reminded.due_to_close(today) if (title := _close_on_date(r.id))]
    sent = sum(_send_automatic(r, today) for r in reminded.due_for_automatic(today))
    return CloseDueSummary(closed, sent)


def _close_on_date(round_id: int) -> str | None:
    """Close the round (if another worker has not just closed it), by the
    same release rule as the lead's close; returns which round it was."""
    round_ = reminded.still_open(round_id)
    if round_ is None:
        transaction.rollback()
        return None
    held = release.close(round_)
    results = "held back" if held else "released"
    audit.commit_round("closed round", round_, None, reason="its closing date ended", results=results)
    return f"{round_.partnership.name}: {round_.title}"


def _send_automatic(round_: Round, today: date) -> int:
    """The automatic reminder due now: "7 days" with 7 to 3 days left, "2 days"
    with 2 days or fewer; each once per person, and never a second reminder
    the same day."""
    kind = _kind_due(round_, today)
    if kind is None:  # pragma: no cover - due_for_automatic finds only rounds within the windows
        return 0
    had = reminded.kinds_sent(round_)
    due = [i for i in reminded.not_submitted(round_) if kind not in had.get(i.id, set())]
    sent = [i for i in due if reminded.record(i, kind, today)]
    if not sent:
        transaction.rollback()
        return 0
    audit.commit_round("sent reminders", round_, None, sent=len(sent), kind=kind)
    _email(sent, days_left(round_, today))
    return len(sent)
