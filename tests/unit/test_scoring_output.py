"""Scores as they are shown (cut off, never rounded up into a higher stage;
the stage is that of the figure shown) and the result as a whole.

Each expected number was worked out by hand and is written as a literal,
with the arithmetic above it (tests/unit/scoring_examples.py says more)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from selfassess import scoring
from tests.builders import all_indicator_ids, domain_answers
from tests.unit.scoring_examples import Q, alike

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


@pytest.mark.parametrize("score", [1.4999, 1.5071, 2.4999, 2.5071, 2.999, 3.499, 3.4999999999999996, 3.5099, 2.875])
def test_the_stage_of_a_score_is_the_stage_of_the_figure_shown(score):
    # nobody reads "2.50 Established" beside a figure whose band is Developing
    assert scoring.stage(Q, score) == scoring.stage(Q, float(scoring.shown(score)))


# --- the result as a whole ----------------------------------------------------------------------


def test_result_has_the_output_keys_in_file_order_and_unrounded_numbers():
    group = alike(3, domain_answers("alpha", 4, 4, 3, "dont_know"), "nhs")
    data = scoring.score(Q, group).to_dict()
    assert {"questionnaire", "overall", "domains", "indicators", "themes", "priorities", "perspectives"} <= set(data)
    assert data["method"] == "scoring method 2"
    assert data["questionnaire"] == {"id": "test-questionnaire", "version": "1.0.0"}
    assert {"score", "stage", "complete"} <= set(data["overall"])
    assert [d["id"] for d in data["domains"]] == ["alpha", "beta"]
    assert [i["id"] for i in data["indicators"]] == all_indicator_ids()
    assert [t["id"] for t in data["themes"]] == ["theme-a", "theme-b", "theme-c"]
    for domain in data["domains"]:
        assert {"id", "score", "coverage", "stage", "insufficient", "applicable"} <= set(domain)
    indicator_keys = {"id", "domain", "score", "n", "n_na", "n_dont_know", "spread", "disagreement", "status", "agreed"}
    for indicator in data["indicators"]:
        assert indicator_keys <= set(indicator)
    for theme in data["themes"]:
        assert {"id", "score", "status"} <= set(theme)
    assert data["indicators"][5]["domain"] == "beta"
    assert (data["indicators"][3]["n_dont_know"], data["indicators"][3]["status"]) == (3, "unanswered")
    # alpha: (4 + 4 + 3) / 3 with coverage 3 / 5, not rounded
    assert data["domains"][0]["score"] == 11 / 3
    assert data["domains"][0]["coverage"] == 0.6
    assert data["perspectives"] == {"nhs": {"alpha": 11 / 3, "beta": None}}


def test_every_status_value_is_one_the_contract_names():
    statuses = {i["status"] for i in scoring.score(Q, alike(3, {"alpha.i1": 2})).to_dict()["indicators"]}
    assert statuses <= {"answered", "not_applicable", "unanswered", "too_few", "not_asked"}
