"""Ids in URLs. Every ``<int:...>`` in a route is a database id, so the
``int`` converter accepts only what the database's integer columns can hold
(1 to 2,147,483,647, PostgreSQL's ``integer``): any other number is "Page
not found" before a view runs, as an id that does not exist is, instead of a
database error."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class DatabaseId(IntegerConverter):
    def __init__(self, map: Any, fixed_digits: int = 0, min: int = 1, max: int = MAX_ID, signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def register(app: Flask) -> None:
    """Before any route is added: routes compile their converters as they are added."""
    app.url_map.converters["int"] = DatabaseId
