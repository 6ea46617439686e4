"""Shared by the tests of the lead's pages (test_rounds*.py)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selfassess.data import audit
from selfassess.data.base import db
from tests.signing_in import csrf_token

LINK = re.compile(r"https?://\S+/invitation/\S+")


def post(client, url: str, data: dict | None = None, token: str | None = None):
    return client.post(url, data={"csrf_token": token or csrf_token(client), **(data or {})})


def outbox(app) -> list:
    return app.extensions.setdefault("outbox", [])


def link_path(message) -> str:
    """The path of the invitation link in an email, to follow with the test client."""
    found = LINK.search(message.body)
    assert found, f"no invitation link in: {message.body}"
    return urlsplit(found.group(0)).path


def actions() -> list[str]:
    db.session.expire_all()
    return [event.action for event in audit.events()]


def fresh(model, model_id: int):
    """A row as the database has it now (requests run in their own sessions)."""
    db.session.expire_all()
    return db.session.get(model, model_id)
