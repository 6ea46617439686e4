"""The charts, as plotly figures. The same figures are drawn in the browser
(as JSON for plotly.js) and in the PDF report (as SVG through kaleido), so
the two never differ.

Figures are plain plotly figure dictionaries ({"data": [...], "layout":
{...}}), the form plotly.js and kaleido take: building them through
plotly.graph_objects costs more time in validation than drawing them.

Every chart must read in greyscale: series differ by line dash and marker
shape as well as colour, and values are written on the chart.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from selfassess import scoring
from selfassess.questionnaire import Questionnaire

Figure = dict[str, Any]

FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
# Colour-blind-safe colours (Okabe and Ito), each with its own dash and marker
# so that printing in black and white keeps the series apart.
STYLES = [
    ("#0065bd", "solid", "circle"),
    ("#d55e00", "dash", "square"),
    ("#009e73", "dot", "diamond"),
    ("#cc79a7", "dashdot", "triangle-up"),
    ("#56b4e9", "longdash", "x"),
    ("#e69f00", "longdashdot", "star"),
    ("#333333", "solid", "cross"),
]


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]  # one per domain, in questionnaire order
    visible: bool = True


def _layout(title: str, height: int) -> dict:
    return {
        "title": {"text": title, "font": {"size": 16}},
        "font": {"family": FONT, "size": 12, "color": "#1a1a1a"},
        "height": height,
        "margin": {"l": 60, "r": 60, "t": 60, "b": 60},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "y": -0.12},
    }


def wrapped(text: str, width: int = 26) -> str:
    """Long axis labels on two or more lines (plotly breaks lines at <br>)."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def short_title(title: str) -> str:
    return title.split(" and ")[0] if len(title) > 14 else title


def radar(questionnaire: Questionnaire, series: list[Series], title: str) -> Figure:
    """Domain scores on the scale, one closed line per series."""
    labels = [short_title(d.title) for d in questionnaire.domains]
    low, high = questionnaire.scale[0].value, questionnaire.scale[-1].value
    traces = []
    for index, item in enumerate(series):
        colour, dash, symbol = STYLES[index % len(STYLES)]
        values = [*list(item.values), item.values[0]]
        traces.append(
            {
                "type": "scatterpolar",
                "r": values,
                "theta": [*labels, labels[0]],
                "name": item.name,
                "mode": "lines+markers",
                "line": {"color": colour, "dash": dash, "width": 2.5},
                "marker": {"symbol": symbol, "size": 9, "color": colour},
                "connectgaps": False,
                "visible": True if item.visible else "legendonly",
                "hovertemplate": "%{theta}: %{customdata}<extra>" + item.name + "</extra>",
                "customdata": [scoring.shown(v) for v in values],
            }
        )
    layout = _layout(title, 460)
    layout["polar"] = {
        "bgcolor": "#ffffff",
        "radialaxis": {
            "range": [low - 0.05, high],
            "tickvals": [level.value for level in questionnaire.scale],
            "ticktext": [f"{level.value}" for level in questionnaire.scale],
            "angle": 90,
            "gridcolor": "#b3b3b3",
            "linecolor": "#808080",
        },
        "angularaxis": {"direction": "clockwise", "gridcolor": "#b3b3b3"},
    }
    return {"data": traces, "layout": layout}


# A question without a score is labelled with why (scoring method 2, rule 2).
_NO_SCORE = {"not_applicable": "not applicable", "too_few": "too few answers", "not_asked": "not asked"}


def indicator_bars(questionnaire: Questionnaire, result: scoring.Result, domain_id: str, title: str) -> Figure:
    """A domain's indicator scores as horizontal bars, each labelled with its score."""
    domain = next(d for d in questionnaire.domains if d.id == domain_id)
    names, values, labels, patterns = [], [], [], []
    for indicator in reversed(domain.indicators):
        outcome = result.indicator(indicator.id)
        names.append(wrapped(indicator.title))
        values.append(outcome.score if outcome.score is not None else 0)
        if outcome.score is None:
            labels.append(_NO_SCORE.get(outcome.status, "no answers"))
        else:
            labels.append(scoring.shown(outcome.score) + (" agreed" if outcome.agreed else ""))
        patterns.append("/" if outcome.agreed else "")
    trace = {
        "type": "bar",
        "x": values,
        "y": names,
        "orientation": "h",
        "text": labels,
        "textposition": "outside",
        "cliponaxis": False,
        "marker": {"color": "#0065bd", "pattern": {"shape": patterns, "fgcolor": "#ffffff"}},
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    layout = _layout(title, 90 + 42 * len(names))
    layout["xaxis"] = {
        "range": [0, questionnaire.scale[-1].value + 0.6],
        "tickvals": [level.value for level in questionnaire.scale],
        "title": {"text": f"Score ({questionnaire.scale[0].value} to {questionnaire.scale[-1].value})"},
        "gridcolor": "#d9d9d9",
    }
    layout["yaxis"] = {"automargin": True}
    layout["margin"] = {"l": 20, "r": 40, "t": 50, "b": 50}
    layout["showlegend"] = False
    return {"data": [trace], "layout": layout}


def grouped_bars(questionnaire: Questionnaire, series: list[Series], title: str) -> Figure:
    """Domain scores side by side (then and now, or this partnership and peers),
    each bar with a different fill pattern and its value written on it."""
    labels = [short_title(d.title) for d in questionnaire.domains]
    pattern_shapes = ["", "/", ".", "x", "-", "+"]
    traces = []
    for index, item in enumerate(series):
        colour = STYLES[index % len(STYLES)][0]
        traces.append(
            {
                "type": "bar",
                "x": labels,
                "y": [v if v is not None else 0 for v in item.values],
                "name": item.name,
                "text": [scoring.shown(v) if v is not None else "none" for v in item.values],
                "textposition": "outside",
                "cliponaxis": False,
                "marker": {
                    "color": colour,
                    "pattern": {"shape": pattern_shapes[index % len(pattern_shapes)], "fgcolor": "#ffffff"},
                    "line": {"color": "#1a1a1a", "width": 1},
                },
                "hovertemplate": "%{x}: %{text}<extra>" + item.name + "</extra>",
            }
        )
    layout = _layout(title, 400)
    layout["barmode"] = "group"
    layout["yaxis"] = {
        "range": [0, questionnaire.scale[-1].value + 0.5],
        "tickvals": [level.value for level in questionnaire.scale],
        "title": {"text": f"Score ({questionnaire.scale[0].value} to {questionnaire.scale[-1].value})"},
        "gridcolor": "#d9d9d9",
    }
    return {"data": traces, "layout": layout}


# A sequential scale whose lightness rises steadily from one end to the
# other, so it reads in greyscale and for colour-blind readers (cividis:
# Nuñez, Anderton and Renslow, 2018); fixed at the scale's ends, so a colour
# means the same score on every dashboard.
HEATMAP_COLOURSCALE = "Cividis"


def heatmap(questionnaire: Questionnaire, rows: list[tuple[str, list[float | None]]], title: str) -> Figure:
    """Domains by partnership, each cell with its score written in it (in a
    colour plotly picks to contrast with the cell's)."""
    columns = [short_title(d.title) for d in questionnaire.domains]
    z = [list(values) for _name, values in rows]
    text = [[scoring.shown(v) for v in values] for _name, values in rows]
    trace = {
        "type": "heatmap",
        "z": z,
        "x": columns,
        "y": [name for name, _values in rows],
        "text": text,
        "texttemplate": "%{text}",
        "textfont": {"size": 14},
        "zmin": questionnaire.scale[0].value,
        "zmax": questionnaire.scale[-1].value,
        "colorscale": HEATMAP_COLOURSCALE,
        "colorbar": {
            "title": {"text": "Score"},
            "tickvals": [level.value for level in questionnaire.scale],
        },
        "hovertemplate": "%{y}, %{x}: %{text}<extra></extra>",
        "xgap": 2,
        "ygap": 2,
    }
    layout = _layout(title, 120 + 34 * max(len(rows), 1))
    layout["yaxis"] = {"autorange": "reversed", "automargin": True}
    layout["margin"] = {"l": 20, "r": 20, "t": 60, "b": 40}
    # plotly writes no text in a cell without a value: say "no score" there, as the table does.
    layout["annotations"] = [
        {"x": column, "y": name, "text": scoring.shown(None), "showarrow": False, "font": {"size": 14}}
        for name, values in rows
        for column, value in zip(columns, values, strict=True)
        if value is None
    ]
    return {"data": [trace], "layout": layout}
