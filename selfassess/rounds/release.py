"""Releasing a round's results when it closes, by the rule in
``disclosure.may_release``: the results people see change only when they
cannot be compared with the results seen before to work out one person's
answers. While a round is open there are no interim results, because the
lead sees who has submitted: results before and after one named person
submitted would show that person's answers.

Every way a round closes (the lead closing it, the demo, the tests'
factories) goes through ``close``.
"""

from __future__ import annotations

from selfassess import disclosure
from selfassess.data import responses, rounds
from selfassess.data.models import Round
from selfassess.presentation import plural


def close(round_: Round) -> str | None:
    """Close the round and release the answers that count now, when the rule
    allows. Returns None when the results now show them (or nothing
    changed), or a sentence for the lead saying why the results still show
    the earlier answers."""
    rounds.close(round_)
    if round_.released_at is None:
        responses.release(round_)
        return None
    changed = responses.unreleased_changes(round_)
    if changed == 0:
        return None
    if disclosure.may_release(responses.shown_count(round_.id), changed):
        responses.release(round_)
        return None
    return held_back(changed)


def held_back(changed: int) -> str:
    who = plural(changed, "person's answers have", "people's answers have")
    return (
        f"The results still show the answers as they were when the round last closed. Since then {who} "
        f"changed, and the results change only once at least {disclosure.MIN_CHANGED} people's answers have, "
        "so that nobody's answers can be worked out by comparing the results before and after. "
        "They will change when you close the round again after more people have submitted."
    )
