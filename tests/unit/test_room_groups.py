"""The workshop's small-numbers rule for a room (disclosure.room_groups): a
perspective gets its own column only when at least MIN_IN_ROOM of its people
answered, and never so that taking the columns from everyone's answers would
give a smaller group's away."""

from __future__ import annotations

from selfassess.disclosure import OTHER, OTHER_LABEL, room_groups

ORDER = [("nhs", "NHS"), ("local_authority", "Local authority"), ("lived_experience", "Lived experience")]


def _shown(answering: dict[str, int]) -> tuple[list[tuple[str, int]], bool]:
    groups, hidden = room_groups(answering, ORDER)
    return [(g.label, g.count) for g in groups], hidden


def test_perspectives_of_five_or_more_each_get_a_column():
    assert _shown({"nhs": 5, "local_authority": 6}) == ([("NHS", 5), ("Local authority", 6)], False)


def test_smaller_perspectives_join_together_when_they_make_five():
    shown, hidden = _shown({"nhs": 5, "local_authority": 3, "lived_experience": 2})
    assert shown == [("NHS", 5), (OTHER_LABEL, 5)] and hidden


def test_a_remainder_under_five_takes_the_smallest_column_with_it():
    # NHS 6 and council 5 beside everyone's 13 would give the 2 carers' answers away.
    groups, hidden = room_groups({"nhs": 6, "local_authority": 5, "lived_experience": 2}, ORDER)
    assert [(g.key, g.count) for g in groups] == [("nhs", 6), (OTHER, 7)] and hidden
    assert set(groups[1].perspectives) == {"local_authority", "lived_experience"}


def test_no_split_when_it_would_say_nothing_more_than_the_whole():
    assert _shown({"nhs": 9, "lived_experience": 2}) == ([], True)  # the 2 would be the difference
    assert _shown({"nhs": 12}) == ([], False)  # one perspective: the whole is its column
    assert _shown({"nhs": 4, "lived_experience": 4}) == ([], True)
    assert _shown({}) == ([], False)
