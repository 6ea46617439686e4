"""Scores as they are shown (cut off, never rounded up into a higher stage)
and the result as a whole.

Each expected number was worked out by hand and is written as a literal,
with the arithmetic above it (tests/unit/scoring_examples.py says more)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from selfassess import scoring
from tests.builders import all_indicator_ids, domain_answers, respondent
from tests.unit.scoring_examples import Q

# --- showing scores ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "text"),
    [
        (2.999, "2.99"),  # truncated, not rounded to 3.00
        (3.4999999999999996, "3.50"),  # noise: really 3.5
        (1.0, "1.00"),
        (None, "no score"),
        (2.875, "2.87"),  # rounding would give 2.88
        (3.6666666666666665, "3.66"),
        (3.499, "3.49"),
        (4.0, "4.00"),
    ],
)
def test_shown_scores_are_truncated_to_two_decimals(score, text):
    assert scoring.shown(score) == text


def test_truncate_gives_a_decimal():
    assert scoring.truncate(2.999) == Decimal("2.99")
    assert scoring.truncate(1.8333333333333333) == Decimal("1.83")


@pytest.mark.parametrize("score", [1.4999, 2.4999, 2.999, 3.499, 3.4999999999999996, 2.875])
def test_a_shown_score_is_never_in_a_higher_stage_than_the_real_one(score):
    labels = [level.label for level in Q.scale]
    shown_stage = scoring.stage(Q, float(scoring.shown(score)))
    assert labels.index(shown_stage) <= labels.index(scoring.stage(Q, score))


# --- the result as a whole ----------------------------------------------------------------------


def test_result_has_the_output_keys_in_file_order_and_unrounded_numbers():
    r1 = respondent("r1", "nhs", domain_answers("alpha", 4, 4, 3))
    data = scoring.score(Q, [r1]).to_dict()
    assert {"questionnaire", "overall", "domains", "indicators", "themes", "priorities", "perspectives"} <= set(data)
    assert data["questionnaire"] == {"id": "test-questionnaire", "version": "1.0.0"}
    assert {"score", "stage", "complete"} <= set(data["overall"])
    assert [d["id"] for d in data["domains"]] == ["alpha", "beta"]
    assert [i["id"] for i in data["indicators"]] == all_indicator_ids()
    assert [t["id"] for t in data["themes"]] == ["theme-a", "theme-b", "theme-c"]
    for domain in data["domains"]:
        assert {"id", "score", "coverage", "stage", "insufficient"} <= set(domain)
    for indicator in data["indicators"]:
        assert {"id", "domain", "score", "n", "spread", "disagreement", "status", "agreed"} <= set(indicator)
    for theme in data["themes"]:
        assert {"id", "score", "status"} <= set(theme)
    assert data["indicators"][5]["domain"] == "beta"
    # alpha: (4 + 4 + 3) / 3 with coverage 3 / 5, not rounded
    assert data["domains"][0]["score"] == 11 / 3
    assert data["domains"][0]["coverage"] == 0.6
    assert data["perspectives"] == {"nhs": {"alpha": 11 / 3, "beta": None}}
