"""Every CSV the app writes goes through ``writer``, so that a file opened in
a spreadsheet runs nothing a person typed. A spreadsheet takes a cell that
starts with =, +, -, @, a tab or a carriage return for a formula (a
partnership renamed ``=HYPERLINK(...)`` would become a link): such text gets
a leading single quote, as OWASP advises. Numbers stay numbers, negative
ones included, whether they come as numbers or as the text of a number."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def cell(value: Any) -> Any:
    """The value as it is safe to write in a CSV cell."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class _Writer:
    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([cell(value) for value in row])


def writer(out: TextIO) -> _Writer:
    """A CSV writer (``writerow``) whose every cell goes through ``cell``."""
    return _Writer(out)
