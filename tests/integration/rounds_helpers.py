"""Shared by the tests of the lead's pages (test_rounds*.py)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selfassess.data import accounts, audit, invitations
from selfassess.data.base import db
from selfassess.data.models import Invitation, Round
from tests import factories
from tests.signing_in import csrf_token, sign_in

LINK = re.compile(r"https?://\S+/invitation/\S+")


def lead_with_round(client, *, closed: bool = False) -> Round:
    """Fife's lead, lead@example.org, signed in on ``client``, with a round."""
    factories.lead("lead@example.org")
    round_ = factories.round_(closed=closed)
    sign_in(client, "lead@example.org")
    return round_


def invite(client, round_: Round, email: str = "new.person@example.org", perspective: str = "lived_experience"):
    return post(client, f"/rounds/{round_.id}/invitations", {"email": email, "perspective": perspective})


def invite_directly(round_: Round, email: str, perspective: str = "nhs") -> Invitation:
    made = invitations.invite(round_, email, perspective, accounts.by_email("lead@example.org"))
    db.session.commit()
    return made


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
