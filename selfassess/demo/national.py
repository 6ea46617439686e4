"""The demo's national picture: seven more partnerships with a closed round,
so that seventeen contribute and the stages can be shown (none of them a
partnership the browser tests keep empty, ``tests/e2e/data.py``); a question most
partnerships find does not apply, so that one figure is withheld; the demo
adviser made an adviser of a national body; and a first snapshot published.

The withheld figure is honest data, not a special case: "Feedback on
national support" (capacity.feedback-on-support) asks staff whether they
have given feedback on the national support they received. In the demo only
the partnerships in ``GAVE_FEEDBACK`` had national support to give feedback
on; everyone asked it elsewhere answers "Not applicable". So fewer than
``disclosure.MIN_NATIONAL`` partnerships have a score for it, and the
national picture withholds it (docs/national.md)."""

from __future__ import annotations

from selfassess.data import audit
from selfassess.data import national as national_data
from selfassess.data.models import Account
from selfassess.national import service
from selfassess.questionnaire import NOT_APPLICABLE, Questionnaire

# Each partnership's underlying level per domain, in the order of
# profiles.DOMAINS; each has one closed round, in the autumn of LAST_AUTUMN.
MORE_PARTNERSHIPS: tuple[tuple[str, tuple[float, ...], bool], ...] = (
    ("Aberdeenshire", (2.9, 2.7, 2.6, 3.0, 2.8), False),
    ("East Ayrshire", (2.7, 2.6, 2.8, 2.9, 2.7), False),
    ("East Dunbartonshire", (2.2, 1.9, 2.1, 2.3, 2.0), False),
    ("North Lanarkshire", (3.1, 2.8, 2.7, 3.2, 2.9), False),
    ("North Ayrshire", (2.8, 2.9, 2.6, 2.7, 3.0), False),
    ("Renfrewshire", (2.6, 2.7, 2.9, 2.8, 2.6), False),
    ("South Lanarkshire", (2.4, 2.2, 2.0, 2.6, 2.3), False),
)

FEEDBACK_QUESTION = "capacity.feedback-on-support"
GAVE_FEEDBACK = frozenset({"Dundee City", "Glasgow City", "West Lothian"})


def feedback_not_applicable(
    settled: dict[int, dict[str, tuple[str, str | None]]],
    people: list[tuple[Account, str]],
    questionnaire: Questionnaire,
    partnership: str,
) -> None:
    """Outside ``GAVE_FEEDBACK``, everyone asked the feedback question says it does not apply."""
    indicator = next((i for i in questionnaire.indicators if i.id == FEEDBACK_QUESTION and i.allow_na), None)
    if indicator is None or partnership in GAVE_FEEDBACK:
        return
    for account, perspective in people:
        if indicator.is_asked_of(perspective):
            settled[account.id][indicator.id] = (NOT_APPLICABLE, None)


def seed_national(adviser: Account, admin: Account) -> None:
    """The demo adviser sees the national picture, and a first snapshot is
    published from the demo's rounds (in the current transaction)."""
    national_data.set_national(adviser, True)
    found = service.preview()
    if found.allowed:
        snapshot = service.make_snapshot(admin, found)
        audit.record(
            "published national picture", actor=admin, snapshot_id=snapshot.id, contributing=found.contributing
        )
