"""The small-numbers rule: nothing may let anyone work out one person's answers.

- Results appear only once at least ``MIN_RESPONSES`` responses are submitted.
- A perspective gets its own line, sentence or column only when at least
  ``MIN_GROUP`` respondents of it submitted; smaller groups are shown together
  as "other perspectives", and when that group is itself smaller than
  ``MIN_GROUP`` it is left out (and the page says so).
- Comparisons with other partnerships appear only when at least
  ``MIN_PEERS`` other partnerships contribute, and never name them.
- Results show the answers released when the round last closed, never live
  answers. A submission keeps counting, exactly as submitted, until its
  owner submits again. Closing again releases the answers that count now
  only when the results shown had no figures, or when at least
  ``MIN_CHANGED`` responses differ from those shown: so no two views of a
  round's results differ by one person's answers.

Pure functions, no Flask or database: the web pages, the PDF report and the
exports all apply the rule through here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

MIN_RESPONSES = 3
MIN_GROUP = 3
MIN_PEERS = 5
MIN_CHANGED = 3

OTHER = "other"
OTHER_LABEL = "Other perspectives"


@dataclass(frozen=True)
class Group:
    """A set of respondents whose results may be shown together."""

    key: str  # a perspective id, or "other"
    label: str
    perspectives: tuple[str, ...]
    count: int


@dataclass(frozen=True)
class Grouping:
    groups: list[Group] = field(default_factory=list)  # shown, in questionnaire order, "other" last
    left_out: int = 0  # respondents in a combined group too small to show


def enough_responses(count: int) -> bool:
    return count >= MIN_RESPONSES


def enough_peers(count: int) -> bool:
    return count >= MIN_PEERS


def may_release(shown: int, changed: int) -> bool:
    """May results that showed ``shown`` responses be replaced by results in
    which ``changed`` responses differ (submitted since, or submitted again
    with a change)? Only when the shown results had no figures (too few
    responses) or enough responses changed that none can be told apart."""
    return changed > 0 and (not enough_responses(shown) or changed >= MIN_CHANGED)


def group_perspectives(perspectives: Iterable[str | None], order: list[tuple[str, str]]) -> Grouping:
    """Group respondents' perspectives for showing. ``order`` is the
    questionnaire's (id, label) list; a respondent without a perspective
    counts in the "other perspectives" group."""
    counts = Counter(p for p in perspectives)
    groups: list[Group] = []
    small: list[str] = []
    small_count = 0
    for perspective_id, label in order:
        count = counts.pop(perspective_id, 0)
        if count >= MIN_GROUP:
            groups.append(Group(perspective_id, label, (perspective_id,), count))
        elif count:
            small.append(perspective_id)
            small_count += count
    # Anything not in the questionnaire's list (or no perspective) joins the small ones.
    for perspective_id, count in counts.items():
        small.append(perspective_id)  # type: ignore[arg-type]
        small_count += count
    if small_count >= MIN_GROUP:
        groups.append(Group(OTHER, OTHER_LABEL, tuple(small), small_count))  # type: ignore[arg-type]
        return Grouping(groups, 0)
    return Grouping(groups, small_count)
