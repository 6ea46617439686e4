"""The demo's improvement cycle: Fife's action plan from last year's round,
with an action in every status (one of them overdue), so that this year's
round shows "What we said we would do"; and Dundee City's round of this
year, whose closing date has passed but which nobody has closed yet, for
``selfassess close-due`` to close."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from selfassess.data import accounts, actions, invitations, partnerships, rounds
from selfassess.data.models import ActionStatus, Role, Round
from selfassess.demo.people import DUNDEE

if TYPE_CHECKING:
    from selfassess.demo.seeding import _Seeder

# (text, what it answers, basis, owner, months after the round closed that
# it is due, status, note). Owners are names typed by the lead: one is a
# demo account's name, so that erasing that person lists the action.
FIFE_ACTIONS: tuple[tuple[str, dict, str, str | None, int | None, ActionStatus, str | None], ...] = (
    (
        "Give the co-production working group two protected days a month and a small budget of its own.",
        {"indicators": ["capacity.protected-time-and-money"], "themes": ["capacity-and-priorities"]},
        "partnership",
        "Dr Eilidh Paterson, Chief Officer (demo)",
        4,
        ActionStatus.DONE,
        "Agreed by the Integration Joint Board in March; the group met twice a month from April.",
    ),
    (
        "Write the strategic plan's summary in plain words with the lived experience panel before it goes out.",
        {"indicators": ["culture.everyday-language"], "themes": ["plain-language"]},
        "study_implies",
        "Callum Reid (demo)",
        7,
        ActionStatus.IN_PROGRESS,
        "First draft read by the panel in June; the second is with the communications team.",
    ),
    (
        "Ask people with lived experience to help decide what counts as success before the next service review.",
        {"indicators": ["evaluation.people-in-evaluation"], "themes": ["evaluating-co-production"]},
        "study_recommends",
        "Head of Planning",
        10,
        ActionStatus.NOT_STARTED,
        None,
    ),
    (
        "Bring NHS and council staff together to agree one way of recording involvement.",
        {"indicators": ["systems.joined-up-staffing-and-it"], "themes": []},
        "partnership",
        "Shona Mackay (demo)",
        15,
        ActionStatus.NOT_STARTED,
        None,
    ),
    (
        "Run a second citizens' panel on day services.",
        {"indicators": ["culture.real-involvement"], "themes": ["real-involvement-or-surface-engagement"]},
        "partnership",
        None,
        None,
        ActionStatus.DROPPED,
        "Dropped in May: the day services review already involves the people who use them.",
    ),
)


def _months_after(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def seed_fife_plan(last: Round) -> None:
    """The plan Fife wrote after last year's round."""
    for text, answers, basis, owner, months, status, note in FIFE_ACTIONS:
        action = actions.add(
            last,
            text,
            answers=answers,
            basis=basis,
            owner=owner,
            due_on=_months_after(last.closes_on, months) if months is not None else None,
            status=status,
            note=note,
        )
        action.created_at_utc = datetime.combine(last.closes_on + timedelta(days=30), time(10))


def seed_overdue_round(s: _Seeder, today: date) -> Round:
    """Dundee City's round of this year: its closing date was two days ago
    and it is still open, with most of the partnership's people submitted."""
    dundee = partnerships.by_name(DUNDEE)
    assert dundee is not None  # reference data from migration 0002  # noqa: S101
    lead = next(m.account for m in accounts.members(dundee.id) if m.role == Role.LEAD)
    current = s.new_round(
        dundee, f"Co-production self-assessment {today.year}", today - timedelta(weeks=6), today - timedelta(days=2)
    )
    people = [m for m in accounts.members(dundee.id) if m.role != Role.LEAD]
    for number, membership in enumerate(people):
        invitation = invitations.invite(current, membership.account.email or "", membership.perspective, lead)
        invitations.accept(invitation)
        invitation.sent_at = datetime.combine(current.opens_on, time(9, 30))
        invitation.accepted_at = invitation.sent_at + timedelta(hours=3)
        if number < len(people) - 1:  # one person never finished
            s.respond(
                current,
                membership.account,
                membership.perspective,
                _DUNDEE_NOW,
                s.some_time_in(current.opens_on, today),
            )
    rounds.changed(current)
    return current


_DUNDEE_NOW = (2.9, 2.5, 2.3, 3.0, 2.6)
