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
- The national picture (``docs/national.md``) is published as dated
  snapshots. A figure is shown only when at least ``MIN_NATIONAL``
  partnerships contribute to it, a breakdown only when every cell holds at
  least ``MIN_NATIONAL`` partnerships (adjacent stages are merged until it
  does), and a snapshot is published only when at least
  ``MIN_NATIONAL_CHANGED`` partnerships' rounds differ from the previous one.
- In the consensus workshop, a question's answers are split by perspective
  only for perspectives of at least ``MIN_IN_ROOM`` people answering it
  (see ``room_groups``).

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
# The consensus workshop shows a question's answers, level by level, to a
# room of people who know each other, and the room knows who is a carer or a
# manager. Three carers who all chose one level are exposed the moment their
# column is on the screen, so a perspective gets its own column only when at
# least this many of its people answered the question.
MIN_IN_ROOM = 5
# The national picture: partnerships behind any figure or any cell of a
# breakdown, and partnerships whose rounds must differ between two snapshots.
MIN_NATIONAL = 5
MIN_NATIONAL_CHANGED = 5

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


def room_groups(answering: dict[str, int], order: list[tuple[str, str]]) -> tuple[list[Group], bool]:
    """Which perspectives the workshop may show apart, for one question.
    ``answering`` counts the people of each perspective who answered it;
    ``order`` is the questionnaire's (id, label) list. Returns the groups to
    show (with "other perspectives" last) and whether any perspective was
    kept out of sight by joining others.

    A perspective is shown apart when at least ``MIN_IN_ROOM`` of its people
    answered. The rest are shown together only when they too number
    ``MIN_IN_ROOM``; when fewer, the smallest perspective shown apart joins
    them (and so on), since everyone's answers are on the page too, and
    taking the columns from them would give away the small group's. A split
    with fewer than two groups says nothing the whole does not: none then."""
    present = [pid for pid, count in answering.items() if count]
    apart = [
        Group(pid, label, (pid,), answering.get(pid, 0)) for pid, label in order if answering.get(pid, 0) >= MIN_IN_ROOM
    ]
    rest = [pid for pid in present if pid not in {g.key for g in apart}]
    rest_count = sum(answering[pid] for pid in rest)
    while apart and 0 < rest_count < MIN_IN_ROOM:
        smallest = min(apart, key=lambda g: g.count)
        apart.remove(smallest)
        rest.append(smallest.key)
        rest_count += smallest.count
    groups = apart + ([Group(OTHER, OTHER_LABEL, tuple(rest), rest_count)] if rest else [])
    if len(groups) < 2:
        return [], len(present) > 1
    return groups, bool(rest)
