"""The national picture's sentences, for the page and the PDF alike: a
figure, its breakdown over the stages, its change since the previous
snapshot, and why something is withheld. The limits come from
``disclosure``; every number from the snapshot's stored figures."""

from __future__ import annotations

from datetime import datetime

from selfassess import disclosure, scoring
from selfassess.data.models import NationalSnapshot
from selfassess.national.charts import cell_label

WHAT = {
    "question": "have a score for this question",
    "domain": "have a score for this domain",
    "overall": "have an overall score",
    "theme": "have evidence on this theme",
}


def withheld(kind: str) -> str:
    return f"Withheld: fewer than {disclosure.MIN_NATIONAL} partnerships {WHAT[kind]}"


def partnerships(count: int) -> str:
    return f"{count} partnership" if count == 1 else f"{count} partnerships"


def cells(figures: dict, figure: dict) -> list[str]:
    """The breakdown over the stages, one phrase a cell, or none when it is withheld."""
    return [
        f"{cell_label(figures['stages'], first, last)}: {partnerships(count)}"
        for first, last, count in figure.get("cells") or []
    ]


def cells_withheld() -> str:
    return (
        f"Not broken down by stage: some stages have fewer than {disclosure.MIN_NATIONAL} partnerships, and "
        "joining neighbouring stages left only one group."
    )


def middle_half(figure: dict) -> str:
    return (
        f"The median is {scoring.shown(figure['median'])}: half of the partnerships scored this or more. The middle "
        f"half of partnerships scored between {scoring.shown(figure['lower'])} and {scoring.shown(figure['upper'])}."
    )


def change(figure: dict, previous: NationalSnapshot | None) -> str:
    """The median then and now, against the previous snapshot."""
    if previous is None:
        return "No earlier snapshot"
    then = figure.get("previous_median")
    if then is None:
        return "Not shown in the previous snapshot"
    return f"{scoring.shown(then)} then, {scoring.shown(figure['median'])} now"


def repeated(figure: dict, snapshot: NationalSnapshot) -> str:
    """Why a figure is the one an earlier snapshot published, or nothing."""
    computed = figure.get("computed_at")
    if not computed or computed == snapshot.published_at.isoformat():
        return ""
    when = datetime.fromisoformat(computed)
    return (
        f"As published on {when.day} {when:%B %Y}: fewer than {disclosure.MIN_NATIONAL_CHANGED} partnerships' "
        "rounds behind this figure have changed since, so a new figure could show one partnership's results."
    )


def gap_themes(figures: dict) -> tuple[list[tuple[dict, dict]], list[dict]]:
    """The themes shown with how many partnerships have them as a gap, most
    often first; and the themes withheld or whose count is withheld, in the
    study's order."""
    shown, rest = [], []
    for theme in figures["themes"]:
        figure = figures["items"][f"theme:{theme['id']}"]
        if figure.get("withheld") or figure.get("gap") is None:
            rest.append(theme)
        else:
            shown.append((theme, figure))
    shown.sort(key=lambda pair: -pair[1]["gap"] / pair[1]["contributing"])
    return shown, rest


def theme_withheld(figure: dict) -> str:
    if figure.get("withheld"):
        return withheld("theme")
    return (
        f"Count withheld: fewer than {disclosure.MIN_NATIONAL} partnerships have it as a gap, or fewer than "
        f"{disclosure.MIN_NATIONAL} do not"
    )


HELPERS = {
    "withheld": withheld,
    "partnerships": partnerships,
    "cells": cells,
    "cells_withheld": cells_withheld,
    "middle_half": middle_half,
    "change": change,
    "repeated": repeated,
    "gap_themes": gap_themes,
    "theme_withheld": theme_withheld,
}
