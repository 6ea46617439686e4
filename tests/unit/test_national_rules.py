"""The national picture's disclosure rules (selfassess/national/rules.py,
docs/national.md): merging stages, withholding, and the rule that enough
partnerships' rounds differ between two snapshots."""

from __future__ import annotations

import itertools

import pytest

from selfassess import disclosure
from selfassess.national.rules import (
    Cell,
    differing,
    earlier_to_repeat,
    may_publish,
    merge_cells,
    stage_counts,
    summary,
)

MIN = disclosure.MIN_NATIONAL


def test_the_limits_are_named_in_disclosure():
    assert disclosure.MIN_NATIONAL == 5
    assert disclosure.MIN_NATIONAL_CHANGED == 5


def test_every_stage_with_enough_partnerships_stands_alone():
    assert merge_cells([5, 6, 7, 5]) == [Cell(0, 0, 5), Cell(1, 1, 6), Cell(2, 2, 7), Cell(3, 3, 5)]


def test_small_stages_join_the_next_one_up():
    # 2 + 4 = 6 reaches the limit; 7 stands alone; the 1 at the top joins the group below it.
    assert merge_cells([2, 4, 7, 1]) == [Cell(0, 1, 6), Cell(2, 3, 8)]


def test_an_empty_stage_is_merged_like_any_small_one():
    assert merge_cells([0, 6, 7, 0]) == [Cell(0, 1, 6), Cell(2, 3, 7)]


def test_a_breakdown_left_with_one_cell_is_withheld():
    assert merge_cells([2, 4, 3, 1]) is None
    assert merge_cells([0, 9, 0, 0]) is None
    assert merge_cells([1, 1, 1, 1]) is None


@pytest.mark.parametrize("counts", list(itertools.product(range(8), repeat=4)))
def test_no_shown_cell_ever_holds_fewer_than_the_limit(counts):
    cells = merge_cells(list(counts))
    if cells is None:
        return
    assert all(cell.count >= MIN for cell in cells)
    assert sum(cell.count for cell in cells) == sum(counts)
    # The cells cover every stage once, in order.
    assert [s for cell in cells for s in range(cell.first, cell.last + 1)] == [0, 1, 2, 3]


def test_stage_counts():
    assert stage_counts([0, 1, 1, 3], 4) == [1, 2, 0, 1]


def test_median_and_middle_half_need_enough_partnerships():
    assert summary([2.0, 2.5, 3.0, 3.5]) is None
    found = summary([1.0, 2.0, 3.0, 4.0, 5.0])
    assert (found.median, found.lower_quartile, found.upper_quartile) == (3.0, 2.0, 4.0)


def _basis(*pairs):
    return {pid: (pid * 100 + version, version) for pid, version in pairs}


def test_a_partnership_joining_leaving_or_changing_counts_as_differing():
    before = _basis((1, 1), (2, 1), (3, 1), (4, 1), (5, 1))
    assert differing(before, before) == 0
    joined = {**before, 6: (600, 1)}
    assert differing(before, joined) == 1
    left = {k: v for k, v in before.items() if k != 5}
    assert differing(before, left) == 1
    changed = {**before, 1: (101, 2)}  # the same round, its results changed (an agreed level)
    assert differing(before, changed) == 1
    newer = {**before, 2: (999, 1)}  # a newer round closed
    assert differing(before, newer) == 1


def test_publishing_needs_enough_partnerships_and_enough_change():
    first = _basis(*[(p, 1) for p in range(1, 6)])
    assert may_publish(None, first)
    assert not may_publish(None, _basis(*[(p, 1) for p in range(1, 5)]))
    four_changed = {**first, 1: (1, 9), 2: (2, 9), 3: (3, 9), 6: (6, 1)}
    assert differing(first, four_changed) == 4
    assert not may_publish(first, four_changed)
    five_changed = {**four_changed, 7: (7, 1)}
    assert may_publish(first, five_changed)


def test_a_figure_too_close_to_one_published_before_is_repeated():
    old = _basis(*[(p, 1) for p in range(1, 8)])
    far = _basis(*[(p, 2) for p in range(1, 8)])
    near = {**far, 8: (8, 1)}  # one partnership more than `far`
    assert earlier_to_repeat([], near) is None
    assert earlier_to_repeat([old], far) is None
    assert earlier_to_repeat([old, far], near) == 1
    assert earlier_to_repeat([far, old], near) == 0  # any earlier one, not only the last
