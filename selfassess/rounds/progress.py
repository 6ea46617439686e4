"""Who has got where in a round, counted once for the whole round page.

Every number the lead's round page prints comes from ``summary``, and each
has one definition, so that two numbers never contradict each other:

- A response is **submitted** when its answers count towards the results
  (``counted_at``): one reopened since still counts, exactly as submitted,
  until its owner submits again.
- A response is **started** when it has answers but none that count yet.
- Everyone the page counts is one *entry*: a person whose invitation
  stands, a member who answered without an invitation, a person whose
  invitation was withdrawn after they submitted (what they submitted still
  counts), or a response the lead recorded from a paper copy or an
  interview.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from selfassess import disclosure
from selfassess.data import accounts, responses, versions
from selfassess.data.models import Response, Round
from selfassess.presentation import plural
from selfassess.responding import (
    INTERVIEW,
    INVITED,
    NOT_STARTED,
    PAPER,
    SOURCES,
    STARTED,
    SUBMITTED,
    UNINVITED,
    WITHDRAWN,
    Entry,
    entry,
    recorded_entry,
)
from selfassess.results.wording import listed


@dataclass(frozen=True)
class PerspectiveRow:
    id: str
    label: str
    invited: int  # people invited as this perspective whose invitation stands
    started: int  # responses begun and not submitted
    submitted: int  # responses that count
    people: int  # everyone who may yet count as this perspective: invited, started or submitted


@dataclass(frozen=True)
class SmallGroup:
    """A perspective too small to be shown on its own in the results."""

    label: str
    count: int
    left_out: bool  # even together with the other small ones, too few: left out of the results


@dataclass(frozen=True)
class ProgressSummary:
    respondents: list[responses.RespondentProgress]
    recorded: list[Response]
    invited: int  # people whose invitation stands
    not_started: int  # of them: no answers yet
    started: int  # of them: answers begun, not submitted
    submitted: int  # of them: answers that count
    reopened: int  # submitted responses (of anyone) reopened since, whose earlier answers count
    submitted_total: int  # every response that counts: the sum of ``submitted_from``
    started_total: int  # every response begun that does not count yet
    submitted_from: list[tuple[str, int]]  # (source, how many submitted), invited first
    perspectives: list[PerspectiveRow]
    small_groups: list[SmallGroup]

    @property
    def enough(self) -> bool:
        return disclosure.enough_responses(self.submitted_total)

    @property
    def min_responses(self) -> int:
        return disclosure.MIN_RESPONSES

    @property
    def min_group(self) -> int:
        return disclosure.MIN_GROUP

    @property
    def other_label(self) -> str:
        return disclosure.OTHER_LABEL

    @property
    def anyone(self) -> bool:
        """Anyone invited, answering or recorded at all."""
        return bool(self.invited or self.submitted_total or self.started_total)

    @property
    def headline(self) -> str:
        """How many responses count and where each came from, in one sentence:
        "9 responses have been submitted: 8 of the 8 people invited and 1
        recorded from a paper copy." """
        parts = [_SOURCE_WORDS[source](count, self.invited) for source, count in self.submitted_from]
        sentence = plural(self.submitted_total, "response has", "responses have") + " been submitted"
        sentence += (": " + listed(parts) + ".") if parts else "."
        if self.reopened:
            sentence += (
                f" {plural(self.reopened, 'of them was', 'of them were')} reopened since: "
                "what was submitted counts until it is submitted again."
            )
        return sentence


_SOURCE_WORDS = {
    INVITED: lambda n, invited: f"{n} of the {plural(invited, 'person', 'people')} invited",
    UNINVITED: lambda n, _: f"{n} from {'a member' if n == 1 else 'members'} who answered without an invitation",
    WITHDRAWN: lambda n, _: (
        f"{n} from {'someone' if n == 1 else 'people'} whose invitation you withdrew after they submitted"
    ),
    PAPER: lambda n, _: f"{n} recorded from {'a paper copy' if n == 1 else 'paper copies'}",
    INTERVIEW: lambda n, _: f"{n} recorded from {'an interview' if n == 1 else 'interviews'}",
}


def summary(round_: Round) -> ProgressSummary:
    members = accounts.member_ids(round_.partnership_id)
    people = [_as_the_lead_sees(p, members) for p in responses.progress(round_)]
    recorded = responses.recorded_in_round(round_)
    entries = [e for e in (entry(p) for p in people) if e is not None] + [recorded_entry(r) for r in recorded]
    invited = [e for e in entries if e.source == INVITED]
    counted = [e for e in entries if e.stage == SUBMITTED]
    by_source = Counter(e.source for e in counted)
    rows = _perspective_rows(round_, entries)
    return ProgressSummary(
        respondents=people,
        recorded=recorded,
        invited=len(invited),
        not_started=sum(1 for e in invited if e.stage == NOT_STARTED),
        started=sum(1 for e in invited if e.stage == STARTED),
        submitted=sum(1 for e in invited if e.stage == SUBMITTED),
        reopened=sum(1 for p in people if p.status == "reopened")
        + sum(1 for r in recorded if r.counted_at is not None and not r.is_submitted),
        submitted_total=len(counted),
        started_total=sum(1 for e in entries if e.stage == STARTED),
        submitted_from=[(s, by_source[s]) for s in SOURCES if by_source[s] or (s == INVITED and invited)],
        perspectives=rows,
        small_groups=_small_groups(round_, rows, counted),
    )


def _as_the_lead_sees(person: responses.RespondentProgress, members: set[int]) -> responses.RespondentProgress:
    """Someone invited who has not accepted and is not a member (an account
    that existed before it was invited): the lead sees only the email
    address they typed, as "Invited", never the account's name. A response
    reopened since it was submitted shows as "reopened": it still counts."""
    if person.status == STARTED and person.response is not None and person.response.counted_at is not None:
        person = replace(person, status="reopened")
    invitation = person.invitation
    if invitation is None or invitation.accepted_at is not None or invitation.account_id in members:
        return person
    return replace(person, account=None, status="invited" if person.status == NOT_STARTED else person.status)


def _perspective_rows(round_: Round, entries: list[Entry]) -> list[PerspectiveRow]:
    """One row for each of the questionnaire's perspectives, in its order,
    then any other perspective someone answers as."""
    questionnaire = versions.questionnaire_for(round_.questionnaire_version)
    order = [p.id for p in questionnaire.perspectives]
    order += sorted({e.perspective for e in entries} - set(order))
    rows = []
    for perspective in order:
        mine = [e for e in entries if e.perspective == perspective]
        rows.append(
            PerspectiveRow(
                id=perspective,
                label=questionnaire.perspective_label(perspective),
                invited=sum(1 for e in mine if e.source == INVITED),
                started=sum(1 for e in mine if e.stage == STARTED),
                submitted=sum(1 for e in mine if e.stage == SUBMITTED),
                people=len(mine),
            )
        )
    return rows


def _small_groups(round_: Round, rows: list[PerspectiveRow], counted: list[Entry]) -> list[SmallGroup]:
    """Perspectives with fewer than ``disclosure.MIN_GROUP``: while the round
    is open, of the people who may answer as it; once closed, of the
    responses submitted. They are shown together as "other perspectives",
    or left out when even together they are too few (``disclosure.group_perspectives``)."""
    order = [(row.id, row.label) for row in rows]
    if round_.is_open:
        grouping = disclosure.group_perspectives([row.id for row in rows for _ in range(row.people)], order)
        sizes = {row.id: row.people for row in rows}
    else:
        grouping = disclosure.group_perspectives([e.perspective for e in counted], order)
        sizes = {row.id: row.submitted for row in rows}
    own = {group.key for group in grouping.groups if group.key != disclosure.OTHER}
    return [
        SmallGroup(row.label, sizes[row.id], grouping.left_out > 0)
        for row in rows
        if sizes[row.id] and row.id not in own
    ]
