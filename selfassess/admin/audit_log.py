"""The audit log as an administrator reads it: events, newest first, filtered
and a page at a time, every value in words (a person's name, a round's
title, a perspective's label, a question's title), and the same view as a
CSV. Everything a page of events needs is looked up in a few queries,
however many events it shows."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from selfassess import spreadsheet
from selfassess.data import accounts, audit, partnerships, rounds, versions
from selfassess.data.audit import Filter
from selfassess.data.models import Account, AuditEvent, Round
from selfassess.questionnaire import Questionnaire

PAGE_SIZE = 50  # events a page
# Detail keys that hold an account's id (older events say person_id or user_id).
PERSON_KEYS = {"account_id": "Person", "person_id": "Person", "user_id": "Person", "to_account_id": "To person"}
# What each detail key means, in words; a key not listed is shown as itself, capitalised.
KEY_WORDS = {
    "action_id": "Action",
    "actions": "Actions",
    "administrator": "Administrator",
    "adviser": "Adviser role",
    "answers": "Their answers",
    "email": "Email address typed",
    "format": "Format",
    "indicator": "Question",
    "invitation_id": "Invitation",
    "joined_partnership": "Joined the partnership",
    "pause": "Paused",
    "questionnaire_version": "Questionnaire version",
    "reports": "Reports",
    "reset": "Replaced the data there was",
    "response_id": "Response",
    "sent": "Reminders sent",
    "sha256": "Fingerprint",
    "skipped": "Not sent (reminded today already)",
    "value": "Level",
    "with_credentials": "With passwords",
}
NOBODY = "Nobody signed in"
# Events whose actor is the account someone tried to sign in as, not who did it.
SIGN_IN_ATTEMPTS = ("sign-in failed", "sign-in refused")


def action_words(action: str) -> str:
    """A kind of event as the page names it ("signed in" is "Signed in")."""
    return action[:1].upper() + action[1:]


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    who: str
    action: str
    partnership: str | None
    round: str | None
    detail: list[tuple[str, str]]


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    number: int  # this page, from 1
    pages: int  # at least 1, even with no events
    total: int  # events the filter matches, on every page


def kinds() -> list[str]:
    """Every kind of event the log holds, for the filter."""
    return audit.actions()


def page_of(chosen: Filter, number: int) -> AuditPage:
    """One page of the events the filter matches; a page past the last is the last."""
    total = audit.count(chosen)
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(number, 1), pages)
    events = audit.matching(chosen, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    return AuditPage(_rows(events), number, pages, total)


CSV_HEADINGS = ["When (UTC)", "Who", "What happened", "Partnership", "Round", "Details"]


def as_csv(chosen: Filter, admin: Account) -> str:
    """Every event the filter matches (not only one page), in the page's
    words; the download is itself in the log (it holds people's names)."""
    out = io.StringIO()
    writer = spreadsheet.writer(out)
    writer.writerow(CSV_HEADINGS)
    for row in _rows(audit.matching(chosen)):
        details = "; ".join(f"{key}: {value}" for key, value in row.detail)
        writer.writerow(
            [row.at.strftime("%Y-%m-%d %H:%M:%S"), row.who, row.action, row.partnership or "", row.round or "", details]
        )
    audit.commit("downloaded audit log", actor=admin, partnership_id=chosen.partnership_id, format="csv")
    return out.getvalue()


# --- in words --------------------------------------------------------------------------


@dataclass
class _Lookups:
    """What the events name, each fetched once for all of them."""

    people: dict[int, Account]
    rounds: dict[int, Round]
    partnerships: dict[int, str]
    latest: Questionnaire | None

    def questionnaire(self, event: AuditEvent) -> Questionnaire | None:
        """The questionnaire of the event's round; of the latest version when it is about no round."""
        found = self.rounds.get(event.round_id) if event.round_id is not None else None
        return versions.questionnaire_for(found.questionnaire_version) if found is not None else self.latest

    def round_title(self, round_id: int | None) -> str | None:
        if round_id is None:
            return None
        found = self.rounds.get(round_id)
        return found.title if found is not None else f"A round that no longer exists ({round_id})"

    def person(self, account_id: int) -> str:
        found = self.people.get(account_id)
        return found.display_name if found is not None else f"Person {account_id}"


def _details(event: AuditEvent) -> dict[str, Any]:
    if not event.detail:
        return {}
    try:
        values = json.loads(event.detail)
    except ValueError:
        return {"detail": event.detail}
    return values if isinstance(values, dict) else {"detail": values}


def _lookups(events: list[AuditEvent]) -> _Lookups:
    person_ids = {
        value
        for event in events
        for key, value in _details(event).items()
        if key in PERSON_KEYS and isinstance(value, int)
    }
    round_ids = {event.round_id for event in events if event.round_id is not None}
    partnership_ids = {event.partnership_id for event in events if event.partnership_id is not None}
    names = {p.id: p.name for p in partnerships.by_ids(partnership_ids)} if partnership_ids else {}
    latest = versions.latest() if events else None
    return _Lookups(
        accounts.by_ids(person_ids),
        rounds.by_ids(round_ids),
        names,
        versions.questionnaire_for(latest) if latest is not None else None,
    )


def _rows(events: list[AuditEvent]) -> list[AuditRow]:
    look = _lookups(events)
    return [
        AuditRow(
            at=event.at,
            who=_who(event),
            action=action_words(event.action),
            partnership=look.partnerships.get(event.partnership_id) if event.partnership_id is not None else None,
            round=look.round_title(event.round_id),
            detail=[(_key_words(key), _value_words(key, value, event, look)) for key, value in _details(event).items()],
        )
        for event in events
    ]


def _who(event: AuditEvent) -> str:
    """Who did it: for a failed or refused sign-in, the person whose account
    was tried, said so, since the person trying may not be them."""
    if event.actor is None:
        return NOBODY
    if event.action in SIGN_IN_ATTEMPTS:
        return f"Someone signing in as {event.actor.display_name}"
    return event.actor.display_name


def _key_words(key: str) -> str:
    return PERSON_KEYS.get(key) or KEY_WORDS.get(key) or action_words(key.replace("_", " "))


def _value_words(key: str, value: Any, event: AuditEvent, look: _Lookups) -> str:
    if key in PERSON_KEYS and isinstance(value, int):
        return look.person(value)
    if isinstance(value, bool) or value in ("yes", "no"):
        return "Yes" if value in (True, "yes") else "No"
    if key in ("response_id", "invitation_id", "action_id") and isinstance(value, int):
        thing = {"response_id": "a response", "invitation_id": "an invitation", "action_id": "an action"}[key]
        title = look.round_title(event.round_id)
        where = " in the plan of " if key == "action_id" else " in "
        return action_words(thing + (where + title if title else ""))
    questionnaire = look.questionnaire(event)
    if questionnaire is not None:
        found = _from_questionnaire(key, value, questionnaire)
        if found is not None:
            return found
    if key == "format" and isinstance(value, str):
        return value.upper()
    return value if isinstance(value, str) else json.dumps(value)


def _from_questionnaire(key: str, value: Any, questionnaire: Questionnaire) -> str | None:
    """A perspective's label ("a to b" for a change), a question's title, a level's label."""
    if key == "perspective" and isinstance(value, str):
        return " to ".join(questionnaire.perspective_label(part) for part in value.split(" to "))
    try:
        if key == "indicator" and isinstance(value, str):
            return questionnaire.indicator(value).title
        if key == "value" and isinstance(value, int):
            return f"{value}: {questionnaire.level(value).label}"
    except KeyError:
        return None
    return None
