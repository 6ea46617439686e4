"""The national picture's two charts, as plotly figures drawn in the browser
and, as SVG, in the PDF: the domains' medians with their interquartile
ranges, and how many partnerships are at each stage of each domain (merged
cells as stored). Both are built from a snapshot's stored figures only, and
each has a table with the same numbers beside it."""

from __future__ import annotations

from dataclasses import dataclass

from selfassess import charts, scoring

# A sequential scale that reads in greyscale and for colour-blind readers
# (cividis), lowest stage darkest; text on each is black or white to contrast.
STAGE_COLOURS = ["#00224e", "#575d6d", "#a59c74", "#fee838"]
STAGE_TEXT = ["#ffffff", "#ffffff", "#000000", "#000000"]
STAGE_PATTERNS = ["", "/", ".", "x"]


@dataclass(frozen=True)
class Chart:
    key: str
    figure: charts.Figure
    alt: str


def cell_label(stages: list[str], first: int, last: int) -> str:
    """ "Stage 2 (Developing)", or "Stages 1 to 2" when merged."""
    if first == last:
        return f"Stage {first + 1} ({stages[first]})"
    joiner = " and " if last == first + 1 else " to "
    return f"Stages {first + 1}{joiner}{last + 1}"


def shown_domains(figures: dict) -> list[tuple[dict, dict]]:
    return [(d, figures["items"][f"domain:{d['id']}"]) for d in figures["domains"]]


def medians(figures: dict, top: int) -> Chart | None:
    rows = [(d, f) for d, f in shown_domains(figures) if not f.get("withheld")]
    if not rows:
        return None
    names = [charts.wrapped(d["title"]) for d, _ in reversed(rows)]
    found = [f for _, f in reversed(rows)]
    trace = {
        "type": "bar",
        "orientation": "h",
        "y": names,
        "x": [f["median"] for f in found],
        "text": [f"median {scoring.shown(f['median'])}" for f in found],
        "textposition": "inside",
        "insidetextanchor": "start",
        "textfont": {"color": "#ffffff"},
        "marker": {"color": "#00224e"},
        "error_x": {
            "type": "data",
            "symmetric": False,
            "array": [f["upper"] - f["median"] for f in found],
            "arrayminus": [f["median"] - f["lower"] for f in found],
            "color": "#1a1a1a",
            "thickness": 2,
            "width": 8,
        },
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    layout = charts._layout("Median domain score, with the middle half of partnerships", 110 + 56 * len(rows))
    layout["xaxis"] = {"range": [0, top + 0.3], "dtick": 1, "title": {"text": f"Score (1 to {top})"}}
    layout["yaxis"] = {"automargin": True}
    layout["showlegend"] = False
    return Chart(
        "national-medians",
        {"data": [trace], "layout": layout},
        "Bar chart of the median score of each domain across partnerships, with a line from the lower to the upper "
        "quartile. The same numbers are in the table beside it.",
    )


def stages(figures: dict) -> Chart | None:
    labels = figures["stages"]
    rows = [(d, f) for d, f in shown_domains(figures) if not f.get("withheld") and f.get("cells")]
    if not rows:
        return None
    traces = []
    for d, f in reversed(rows):
        for first, last, count in f["cells"]:
            traces.append(
                {
                    "type": "bar",
                    "orientation": "h",
                    "y": [charts.wrapped(d["title"])],
                    "x": [count],
                    "text": [f"{cell_label(labels, first, last)}: {count}"],
                    "textposition": "inside",
                    "textfont": {"color": STAGE_TEXT[first]},
                    "marker": {
                        "color": STAGE_COLOURS[first],
                        "pattern": {"shape": STAGE_PATTERNS[first], "fgcolor": STAGE_TEXT[first]},
                        "line": {"color": "#ffffff", "width": 2},
                    },
                    "showlegend": False,
                    "hovertemplate": "%{y}: %{text}<extra></extra>",
                }
            )
    layout = charts._layout("Partnerships at each stage, by domain", 110 + 56 * len(rows))
    layout["barmode"] = "stack"
    layout["xaxis"] = {"title": {"text": "Partnerships"}}
    layout["yaxis"] = {"automargin": True}
    return Chart(
        "national-stages",
        {"data": traces, "layout": layout},
        "Stacked bar chart of how many partnerships are at each stage in each domain, stages with too few "
        "partnerships joined together. The same numbers are in the table beside it.",
    )


def for_snapshot(figures: dict) -> dict[str, Chart]:
    found = {"medians": medians(figures, len(figures["stages"])), "stages": stages(figures)}
    return {key: chart for key, chart in found.items() if chart is not None}
