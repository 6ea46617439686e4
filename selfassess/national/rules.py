"""The disclosure rules of the national picture (``docs/national.md``), as
pure functions: no Flask, no database. The service gives them numbers and
stores what they return.

- A figure is shown only when at least ``disclosure.MIN_NATIONAL``
  partnerships contribute to it.
- A breakdown over the stages is shown only when every cell holds at least
  ``MIN_NATIONAL`` partnerships: starting from the lowest stage, stages are
  joined to the next until the group holds enough; a remainder at the top
  joins the group below it. A cell with no partnership counts like any
  other small cell. A breakdown left with one cell is withheld.
- A snapshot is published only when at least
  ``disclosure.MIN_NATIONAL_CHANGED`` partnerships' rounds differ from the
  previous snapshot.
- A figure is shown afresh only when the partnerships' rounds behind it
  differ, by at least ``MIN_NATIONAL_CHANGED``, from those behind every
  figure for it published before; otherwise the snapshot shows again the
  figure published before, so no two snapshots differ by one partnership.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from selfassess import disclosure

# A partnership's contribution: partnership id -> (round id, results version).
Basis = Mapping[int, tuple[int, int]]


@dataclass(frozen=True)
class Cell:
    """Stages ``first`` to ``last`` (places in the scale, from 0) and the
    partnerships in them."""

    first: int
    last: int
    count: int


@dataclass(frozen=True)
class Summary:
    median: float
    lower_quartile: float
    upper_quartile: float


def enough(count: int) -> bool:
    return count >= disclosure.MIN_NATIONAL


def merge_cells(counts: Sequence[int]) -> list[Cell] | None:
    """The stage counts (one per stage, lowest first) with adjacent stages
    joined until every cell holds at least ``MIN_NATIONAL`` partnerships, or
    None when that leaves fewer than two cells (nothing to break down)."""
    cells: list[Cell] = []
    start, running = 0, 0
    for place, count in enumerate(counts):
        running += count
        if enough(running):
            cells.append(Cell(start, place, running))
            start, running = place + 1, 0
    if start < len(counts):  # a remainder too small to stand alone joins the group below
        if not cells:
            return None
        last = cells.pop()
        cells.append(Cell(last.first, len(counts) - 1, last.count + running))
    return cells if len(cells) >= 2 else None


def stage_counts(places: Iterable[int], stages: int) -> list[int]:
    """How many partnerships are at each stage (places from 0)."""
    counts = [0] * stages
    for place in places:
        counts[place] += 1
    return counts


def summary(values: Sequence[float]) -> Summary | None:
    """Median and interquartile range (quartiles "inclusive", as the peer
    benchmark), or None when fewer than ``MIN_NATIONAL`` partnerships have a value."""
    if not enough(len(values)):
        return None
    lower, _middle, upper = statistics.quantiles(values, n=4, method="inclusive")
    return Summary(statistics.median(values), lower, upper)


def differing(before: Basis, after: Basis) -> int:
    """Partnerships whose contribution differs: joined, left, or another
    round or results version (an agreed level, an erasure, a reopened round)."""
    return sum(1 for pid in set(before) | set(after) if before.get(pid) != after.get(pid))


def may_publish(previous: Basis | None, now: Basis) -> bool:
    """Enough partnerships contribute, and (after the first snapshot) enough
    of their rounds differ from the previous snapshot's."""
    if not enough(len(now)):
        return False
    return previous is None or differing(previous, now) >= disclosure.MIN_NATIONAL_CHANGED


def earlier_to_repeat(earlier: Sequence[Basis], now: Basis) -> int | None:
    """Which figure published before (its place in ``earlier``, oldest
    first) to show again instead of a new one, because too few partnerships'
    rounds differ from those behind it: the most recent such, or None when
    the new figure differs enough from every one."""
    close = [place for place, basis in enumerate(earlier) if differing(basis, now) < disclosure.MIN_NATIONAL_CHANGED]
    return close[-1] if close else None
