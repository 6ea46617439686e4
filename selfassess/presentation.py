"""How things are shown: Jinja filters and globals shared by every page,
the PDF report and exports, so that a score or a date reads the same
everywhere."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from flask import Flask
from markupsafe import Markup

from selfassess import scoring, widgets


def score(value: float | None) -> str:
    """A score as people see it: truncated to two decimals (docs/scoring.md)."""
    return scoring.shown(value)


def coverage(value: float | None) -> str:
    if value is None:
        return "none"
    return f"{int(scoring.truncate(value * 100, 0))}%"


def long_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def date_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y} at {value:%H:%M} UTC"


def answer_text(value: str | None, questionnaire: Any) -> str:
    """An answer as the person chose it: "3: Established", "Don't know", "Not applicable"."""
    if value is None:
        return "Not answered"
    if value == "dont_know":
        return "Don't know"
    if value == "na":
        return "Not applicable"
    return f"{value}: {questionnaire.level(int(value)).label}"


def epoch_ms(value: datetime) -> int:
    """A stored UTC time as milliseconds since 1970, for the page's script."""
    return int(value.replace(tzinfo=UTC).timestamp() * 1000)


def css_string(value: str) -> Markup:
    """Text for a CSS string (inside a <style> element, where HTML escaping
    does not apply): every character but letters, digits and spaces becomes
    a CSS escape, so nothing can end the string or the element."""
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x}" for c in value)
    return Markup(escaped)  # noqa: S704 - every character that could matter is escaped above


# In a <script> element, "</script>" ends it and "<!--" followed by "<script>"
# makes the parser skip the next "</script>": JSON there carries none of these
# characters but as escapes, which JSON.parse reads back as the same text.
_HTML_UNSAFE_IN_JSON = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"})


def json_for_html(value: Any) -> Markup:
    """JSON for embedding in HTML, in a ``<script type="application/json">``
    block: the one way the app writes JSON into a page, as the ``tojson``
    filter (in place of Flask's own). Not for a double-quoted attribute,
    where ``"`` would end it."""
    text = json.dumps(value, separators=(",", ":")).translate(_HTML_UNSAFE_IN_JSON)
    return Markup(text)  # noqa: S704 - every character that could end or change the element is escaped


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def register(app: Flask) -> None:
    app.jinja_env.filters.update(
        score=score,
        coverage=coverage,
        long_date=long_date,
        date_time=date_time,
        plural=plural,
        epoch_ms=epoch_ms,
        css_string=css_string,
        tojson=json_for_html,
    )
    app.jinja_env.globals.update(answer_text=answer_text, **widgets.FUNCTIONS)
