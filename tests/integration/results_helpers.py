"""Shared by the tests of the results page, the dashboard, the PDF report and
the exports (test_results*.py, test_reports.py, test_other_settings.py):
rounds on a pinned or a built questionnaire, and reading tables and PDFs as
a person would.

The hand-worked rounds use questionnaire 1.0.0 from questionnaires/archive,
which stored rounds keep using and scoring method 2 scores like any other:
its indicators, weights and perspectives stay put while the live
questionnaire is rewritten, so the numbers worked out by hand stay true.

(No tests here.)"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from selfassess.data import versions
from selfassess.data.base import db
from selfassess.data.models import QuestionnaireVersion, Round
from selfassess.questionnaire import Questionnaire
from tests import builders, factories
from tests.pages import Page

ARCHIVED = factories.QUESTIONNAIRE.parent / "archive" / "co-production-maturity-1.0.0.yaml"


def archived_version() -> QuestionnaireVersion:
    """Questionnaire 1.0.0, stored (once) as a version."""
    found, _ = versions.load_file(ARCHIVED)
    db.session.commit()
    return found


def archived() -> Questionnaire:
    return versions.questionnaire_for(archived_version())


def built_version(folder: Path, q: dict, t: dict) -> QuestionnaireVersion:
    """A questionnaire and themes file made with tests/builders.py, written and stored as a version."""
    found, _ = versions.load_file(builders.write_questionnaire(folder, q, t))
    db.session.commit()
    return found


def round_on(
    version: QuestionnaireVersion,
    partnership: str = "Fife",
    *,
    title: str = "Self-assessment 2026",
    opens_on: date = date(2026, 10, 1),
    closes_on: date = date(2026, 12, 1),
    closed: bool = True,
) -> Round:
    """A round on a stored version, closed unless asked otherwise."""
    return factories.round_(partnership, title=title, opens_on=opens_on, closes_on=closes_on, closed=closed, on=version)


def respond(round_: Round, answers: dict[str, tuple], perspectives: tuple[str, ...]) -> None:
    """One response per perspective: respondent n answers ``levels[n]`` to
    each question (``None`` leaves it blank)."""
    for n, perspective in enumerate(perspectives):
        given = {indicator: levels[n] for indicator, levels in answers.items() if levels[n] is not None}
        factories.response(round_, given, perspective=perspective)


# --- reading what people read ------------------------------------------------------------


def squash(text: str) -> str:
    return " ".join(text.split())


def read_table(found: Page, caption: str, *, without: str | None = None) -> tuple[list[str], list[dict[str, str]]]:
    """The one table whose caption contains ``caption`` (and not ``without``):
    its column headers and its body rows as {header: cell text}."""
    tables = [
        t
        for t in found.soup.find_all("table")
        if t.caption
        and caption in squash(t.caption.get_text(" "))
        and not (without and without in squash(t.caption.get_text(" ")))
    ]
    assert len(tables) == 1, f"{len(tables)} tables with the caption {caption!r}"
    headers = [squash(th.get_text(" ")) for th in tables[0].find("thead").find_all("th")]
    rows = []
    for tr in tables[0].find("tbody").find_all("tr"):
        cells = [squash(cell.get_text(" ")) for cell in tr.find_all(["th", "td"])]
        assert len(cells) == len(headers), f"a row of {caption!r} has {len(cells)} cells for {len(headers)} headers"
        rows.append(dict(zip(headers, cells, strict=True)))
    return headers, rows


def listed_after_heading(found: Page, heading: str) -> list[str]:
    """The items of the first list after the h2 whose text is ``heading``."""
    headings = [h for h in found.soup.find_all("h2") if squash(h.get_text(" ")) == heading]
    assert len(headings) == 1, f"{len(headings)} headings {heading!r}"
    return [squash(li.get_text(" ")) for li in headings[0].find_next(["ol", "ul"]).find_all("li")]


def question_row(found: Page, indicator_id: str) -> str:
    """The text of a question's row in the results page's "Every question" tables."""
    return squash(found.soup.find(id=f"indicator-{indicator_id}").get_text(" "))


def pdf_text(pdf: bytes) -> str:
    """The whole PDF's text as one line, as pypdf reads it back."""
    return " ".join(squash(page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)


def unwrapped(text: str) -> str:
    """Text with the space pypdf reads after a hyphen at a line's end taken out
    ("co- production" -> "co-production"), for comparing with the source's words:
    apply it to both sides."""
    return re.sub(r"(?<=\w-) (?=\w)", "", squash(text))


def without_footers(text: str, round_: Round) -> str:
    """A report's text without the running footer of each page ("Fife ·Self-assessment
    2026 Produced 1 December 2026 Page 13 of 39") and the list bullets read before it,
    so that a sentence split over two pages reads whole."""
    footer = re.escape(f"{round_.partnership.name} ·{round_.title} Produced ") + r"\d{1,2} \w+ \d{4} Page \d+ of \d+ ?"
    return re.sub(r"(?:• )*" + footer, "", text)


def section(text: str, heading: str, next_heading: str) -> str:
    """A report section's text, after the contents (which name every heading)."""
    start = text.rindex(heading)
    return text[start : text.index(next_heading, start)]
