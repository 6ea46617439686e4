"""The dashboard's heatmap: a colour scale that reads in greyscale and for
colour-blind readers, fixed at the scale's ends, and a value written in every
cell, including the cells with no score."""

from __future__ import annotations

from selfassess import charts
from tests import builders


def test_every_cell_says_its_value_or_no_score() -> None:
    questionnaire = builders.load_built()
    count = len(questionnaire.domains)
    rows = [("Alpha", [2.456] + [None] * (count - 1)), ("Beta", [3.0] * count)]
    figure = charts.heatmap(questionnaire, rows, "Scores")
    (trace,) = figure["data"]
    assert trace["colorscale"] == "Cividis"
    assert (trace["zmin"], trace["zmax"]) == (questionnaire.scale[0].value, questionnaire.scale[-1].value)
    assert trace["text"][0][0] == "2.45"  # cut off at two places, never rounded up
    assert trace["text"][1] == ["3.00"] * count
    empty = {(a["y"], a["x"]) for a in figure["layout"]["annotations"]}
    columns = trace["x"]
    assert empty == {("Alpha", column) for column in columns[1:]}
    assert all(a["text"] == "no score" for a in figure["layout"]["annotations"])
