"""The small-numbers rule (``selfassess/disclosure.py``), tested directly.

Expectations about the rule's VALUE (how many people make a group, how many
responses show results) are written as plain numbers, so that lowering a
limit (say MIN_GROUP to 1, which would show one person's answers) fails
here. Only the tests about the rule's SHAPE use the module's constants.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selfassess import disclosure
from selfassess.disclosure import Group, Grouping, group_perspectives

# The questionnaire's perspectives, in its order (questionnaires/co-production-maturity.yaml).
ORDER = [
    ("nhs", "NHS"),
    ("local_authority", "Local authority (council)"),
    ("third_sector", "Third sector (voluntary and community organisations)"),
    ("independent_sector", "Independent sector (private care providers)"),
    ("lived_experience", "People with lived experience and carers"),
    ("community", "Community members and groups"),
]
LABELS = dict(ORDER)


def shown(grouping: Grouping) -> list[tuple[str, str, tuple, int]]:
    """The groups as (key, label, perspectives, count), in the order shown."""
    return [(g.key, g.label, g.perspectives, g.count) for g in grouping.groups]


def own(perspective: str, count: int) -> tuple[str, str, tuple, int]:
    return (perspective, LABELS[perspective], (perspective,), count)


def other(perspectives: tuple, count: int) -> tuple[str, str, tuple, int]:
    return ("other", "Other perspectives", perspectives, count)


# --- when results and comparisons appear -------------------------------------------


@pytest.mark.parametrize(("count", "expected"), [(0, False), (1, False), (2, False), (3, True), (4, True), (50, True)])
def test_results_appear_from_three_responses(count, expected):
    assert disclosure.enough_responses(count) is expected


@pytest.mark.parametrize(
    ("count", "expected"), [(0, False), (1, False), (2, False), (3, False), (4, False), (5, True), (31, True)]
)
def test_comparisons_appear_from_five_other_partnerships(count, expected):
    assert disclosure.enough_peers(count) is expected


def test_the_limits_are_inclusive_lower_bounds():
    # Shape: the limit itself is enough, one fewer is not.
    assert disclosure.enough_responses(disclosure.MIN_RESPONSES)
    assert not disclosure.enough_responses(disclosure.MIN_RESPONSES - 1)
    assert disclosure.enough_peers(disclosure.MIN_PEERS)
    assert not disclosure.enough_peers(disclosure.MIN_PEERS - 1)


def test_the_limits_are_the_documented_ones():
    # docs/scoring.md promises 3 responses, groups of 3 and 5 other partnerships.
    assert (disclosure.MIN_RESPONSES, disclosure.MIN_GROUP, disclosure.MIN_PEERS) == (3, 3, 5)


# --- one perspective: groups of 0, 1, 2, 3 and more --------------------------------


def test_no_respondents_no_groups_and_nobody_left_out():
    assert group_perspectives([], ORDER) == Grouping([], 0)


@pytest.mark.parametrize("count", [1, 2])
def test_one_or_two_of_a_perspective_are_not_shown_and_are_left_out(count):
    grouping = group_perspectives(["nhs"] * count, ORDER)
    assert grouping.groups == []
    assert grouping.left_out == count


@pytest.mark.parametrize("count", [3, 4, 7])
def test_three_or_more_of_a_perspective_get_their_own_group(count):
    grouping = group_perspectives(["lived_experience"] * count, ORDER)
    assert shown(grouping) == [own("lived_experience", count)]
    assert grouping.left_out == 0


def test_a_group_is_a_group_object_with_the_questionnaire_label():
    grouping = group_perspectives(["third_sector"] * 3, ORDER)
    assert grouping.groups == [
        Group("third_sector", "Third sector (voluntary and community organisations)", ("third_sector",), 3)
    ]


def test_a_perspective_nobody_has_is_not_shown():
    grouping = group_perspectives(["nhs"] * 3, ORDER)
    assert [g.key for g in grouping.groups] == ["nhs"]


# --- small perspectives merged as "other perspectives" ------------------------------


def test_two_small_perspectives_reaching_three_together_are_shown_as_other():
    grouping = group_perspectives(["community", "nhs", "community"], ORDER)
    # Merged perspectives are listed in questionnaire order, whatever the order of the answers.
    assert shown(grouping) == [other(("nhs", "community"), 3)]
    assert grouping.left_out == 0


def test_three_perspectives_of_one_each_make_an_other_group_of_three():
    grouping = group_perspectives(["independent_sector", "local_authority", "third_sector"], ORDER)
    assert shown(grouping) == [other(("local_authority", "third_sector", "independent_sector"), 3)]


def test_small_perspectives_fewer_than_three_together_are_left_out_and_counted():
    grouping = group_perspectives(["nhs", "community"], ORDER)
    assert grouping.groups == []
    assert grouping.left_out == 2


def test_a_full_group_stands_while_the_small_rest_is_left_out():
    grouping = group_perspectives(["nhs", "nhs", "nhs", "community", "third_sector"], ORDER)
    assert shown(grouping) == [own("nhs", 3)]
    assert grouping.left_out == 2


def test_a_full_group_and_an_other_group_both_stand():
    perspectives = ["nhs"] * 4 + ["third_sector", "lived_experience", "community"]
    grouping = group_perspectives(perspectives, ORDER)
    assert shown(grouping) == [own("nhs", 4), other(("third_sector", "lived_experience", "community"), 3)]
    assert grouping.left_out == 0


def test_a_full_group_never_joins_other_to_make_it_big_enough():
    grouping = group_perspectives(["nhs"] * 3 + ["community"] * 2, ORDER)
    assert [g.key for g in grouping.groups] == ["nhs"]
    assert grouping.groups[0].perspectives == ("nhs",)


# --- no perspective, or one the questionnaire does not list -----------------------------


def test_respondents_without_a_perspective_join_the_small_ones():
    grouping = group_perspectives([None, "community", None], ORDER)
    assert shown(grouping) == [other(("community", None), 3)]


def test_one_respondent_without_a_perspective_beside_a_full_group_is_left_out():
    grouping = group_perspectives(["nhs", None, "nhs", "nhs"], ORDER)
    assert shown(grouping) == [own("nhs", 3)]
    assert grouping.left_out == 1


def test_an_unknown_perspective_never_gets_its_own_group_even_with_three():
    grouping = group_perspectives(["retired_perspective"] * 3, ORDER)
    assert shown(grouping) == [other(("retired_perspective",), 3)]


def test_unknown_and_missing_perspectives_come_after_the_listed_small_ones():
    grouping = group_perspectives(["unknown", None, "community", "nhs"], ORDER)
    assert shown(grouping) == [other(("nhs", "community", "unknown", None), 4)]


def test_two_unknown_perspectives_alone_are_left_out():
    grouping = group_perspectives(["unknown", None], ORDER)
    assert grouping == Grouping([], 2)


# --- order and input ----------------------------------------------------------------------


def test_groups_follow_the_questionnaire_order_and_other_comes_last():
    perspectives = ["community"] * 3 + ["nhs"] + ["lived_experience"] * 3 + ["nhs", "local_authority"] + ["nhs"] * 2
    grouping = group_perspectives(perspectives, ORDER)
    assert shown(grouping) == [own("nhs", 4), own("lived_experience", 3), own("community", 3)]
    assert grouping.left_out == 1


def test_other_comes_last_even_when_its_perspectives_come_first_in_the_questionnaire():
    perspectives = ["nhs", "local_authority", "third_sector"] + ["community"] * 3
    grouping = group_perspectives(perspectives, ORDER)
    assert [g.key for g in grouping.groups] == ["community", "other"]


def test_the_order_given_is_the_order_used():
    reversed_order = list(reversed(ORDER))
    grouping = group_perspectives(["nhs"] * 3 + ["community"] * 3, reversed_order)
    assert [g.key for g in grouping.groups] == ["community", "nhs"]


def test_any_iterable_of_perspectives_is_read_once():
    grouping = group_perspectives((p for p in ["nhs", "nhs", "nhs"]), ORDER)
    assert shown(grouping) == [own("nhs", 3)]


# --- properties for any respondents -------------------------------------------------------

PERSPECTIVES = st.sampled_from([key for key, _ in ORDER] + [None, "unknown", "another_unknown"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PERSPECTIVES, max_size=40))
def test_the_rule_holds_for_any_respondents(perspectives):
    grouping = group_perspectives(perspectives, ORDER)
    # Every group shown is big enough.
    assert all(g.count >= disclosure.MIN_GROUP for g in grouping.groups)
    # Nobody is in two groups: the groups' perspectives do not overlap...
    members = [p for g in grouping.groups for p in g.perspectives]
    assert len(members) == len(set(members))
    # ...and each group counts exactly the respondents with its perspectives.
    for g in grouping.groups:
        assert g.count == sum(1 for p in perspectives if p in g.perspectives)
    # Everyone is either shown once or left out.
    assert sum(g.count for g in grouping.groups) + grouping.left_out == len(perspectives)
    # What is left out is too small to show, and only left out when there is no "other" group.
    assert grouping.left_out < disclosure.MIN_GROUP
    if grouping.left_out:
        assert disclosure.OTHER not in [g.key for g in grouping.groups]


@settings(max_examples=200, deadline=None)
@given(st.lists(PERSPECTIVES, max_size=40))
def test_groups_are_in_questionnaire_order_with_other_last(perspectives):
    keys = [g.key for g in group_perspectives(perspectives, ORDER).groups]
    listed = [key for key, _ in ORDER]
    own_groups = [k for k in keys if k != disclosure.OTHER]
    assert own_groups == sorted(own_groups, key=listed.index)
    assert disclosure.OTHER not in keys[:-1]
    # Only perspectives the questionnaire lists get a group of their own.
    assert set(own_groups) <= set(listed)
