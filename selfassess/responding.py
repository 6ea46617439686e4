"""Who counts as having responded in a round, by one definition for the
lead's round page (``rounds/progress.py``, which says more) and the
adviser's dashboard (``response_rates``, for many rounds at once).

Every person or recorded response is one ``Entry``: where it came from
(``SOURCES``) and how far it has got. A response is submitted when its
answers count towards the results (``counted_at``): one reopened since
still counts, exactly as submitted, until its owner submits again.
"""

from __future__ import annotations

from dataclasses import dataclass

from selfassess import disclosure
from selfassess.data import dashboard as dashboard_data
from selfassess.data import responses, versions
from selfassess.data.models import Response, Round

# Where a response came from, in the order the page lists them.
INVITED = "invited"
UNINVITED = "uninvited"
WITHDRAWN = "withdrawn"
PAPER = "paper"
INTERVIEW = "interview"
SOURCES = (INVITED, UNINVITED, WITHDRAWN, PAPER, INTERVIEW)

NOT_STARTED = "not started"
STARTED = "started"
SUBMITTED = "submitted"


@dataclass(frozen=True)
class Entry:
    """One person or recorded response, as the counts see it."""

    source: str  # one of SOURCES
    stage: str  # NOT_STARTED, STARTED or SUBMITTED
    perspective: str  # the one their submitted answers count under, else the one they answer or were invited as


def _stage(response: Response | None) -> str:
    if response is None:
        return NOT_STARTED
    return SUBMITTED if response.counted_at is not None else STARTED


def _perspective(response: Response | None, invited_as: str) -> str:
    if response is None:
        return invited_as
    if response.counted_at is not None and response.counted_perspective:
        return response.counted_perspective
    return response.perspective


def entry(person: responses.RespondentProgress) -> Entry | None:
    """A withdrawn invitation counts only for answers submitted before (they still count)."""
    stage = _stage(person.response)
    perspective = _perspective(person.response, person.perspective)
    if person.invitation is None:
        return Entry(UNINVITED, stage, perspective)
    if person.invitation.withdrawn_at is not None:
        return Entry(WITHDRAWN, stage, perspective) if stage == SUBMITTED else None
    return Entry(INVITED, stage, perspective)


def recorded_entry(response: Response) -> Entry:
    source = INTERVIEW if response.recorded_from == INTERVIEW else PAPER
    return Entry(source, _stage(response), _perspective(response, response.perspective))


@dataclass(frozen=True)
class PerspectiveRate:
    """A perspective (or "other perspectives" together) with enough responses to be shown."""

    label: str
    submitted: int  # responses that count
    invited: int  # of the people whose invitation stands


@dataclass(frozen=True)
class ResponseRate:
    """A round's response rate as ``rounds.progress.summary`` counts: ``submitted``
    of the ``invited``; ``submitted_total`` is every response that counts."""

    invited: int
    submitted: int
    submitted_total: int
    perspectives: list[PerspectiveRate]  # only groups the small-numbers rule lets stand

    @property
    def fraction(self) -> float | None:
        return self.submitted / self.invited if self.invited else None


def response_rates(round_list: list[Round]) -> dict[int, ResponseRate]:
    """Each round's response rate, reading all of them in two queries."""
    people, recorded = dashboard_data.progress_for_rounds([r.id for r in round_list])
    rates = {}
    for round_ in round_list:
        entries = [e for e in (entry(p) for p in people.get(round_.id, [])) if e is not None]
        entries += [recorded_entry(r) for r in recorded.get(round_.id, [])]
        rates[round_.id] = _rate(round_, entries)
    return rates


def _rate(round_: Round, entries: list[Entry]) -> ResponseRate:
    """By perspective only as ``disclosure.group_perspectives`` groups the
    responses that count: a perspective with fewer than ``MIN_GROUP`` joins
    "other perspectives", which is left out when it too is smaller."""
    questionnaire = versions.questionnaire_for(round_.questionnaire_version)
    invited = [e for e in entries if e.source == INVITED]
    counted = [e for e in entries if e.stage == SUBMITTED]
    grouping = disclosure.group_perspectives(
        [e.perspective for e in counted], [(p.id, p.label) for p in questionnaire.perspectives]
    )
    groups = [
        PerspectiveRate(group.label, group.count, sum(1 for e in invited if e.perspective in group.perspectives))
        for group in grouping.groups
    ]
    return ResponseRate(
        invited=len(invited),
        submitted=sum(1 for e in invited if e.stage == SUBMITTED),
        submitted_total=len(counted),
        perspectives=groups,
    )
