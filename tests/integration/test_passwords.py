"""Every form that sets a password refuses easily guessed ones, with a plain
message (issue 10, item 6): resetting a password, and setting up an account
from an invitation."""

from __future__ import annotations

import re

import pytest

from selfassess import passwords
from selfassess.data import accounts
from tests import factories
from tests.integration.rounds_helpers import invite, lead_with_round, link_path, outbox
from tests.signing_in import csrf_token


def reset_link(app, client, email: str) -> str:
    client.post("/forgotten-password", data={"email": email, "csrf_token": csrf_token(client, "/forgotten-password")})
    return re.search(r"https?://\S+(/reset-password/\S+)", app.extensions["outbox"][-1].body).group(1)


def choose(client, path: str, password: str):
    return client.post(path, data={"password": password, "confirm": password, "csrf_token": csrf_token(client, path)})


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "password1234", "Morag Sinclair 1984", "morag.sinclair.fife"])
def test_resetting_refuses_a_common_password_or_one_made_from_the_name_or_email(app, client, password):
    person = factories.account("morag.sinclair@fife.example.org", name="Morag Sinclair")
    path = reset_link(app, client, person.email)
    refused = choose(client, path, password)
    assert refused.status_code == 200
    # The form again, with the message.
    assert passwords.TOO_EASY in " ".join(refused.get_data(as_text=True).split())
    assert "<title>Error: " in refused.get_data(as_text=True)
    assert accounts.check_password(accounts.by_email(person.email), factories.PASSWORD)  # unchanged


def test_resetting_accepts_a_password_that_is_hard_to_guess(app, client):
    person = factories.account("morag.sinclair@fife.example.org", name="Morag Sinclair")
    path = reset_link(app, client, person.email)
    assert choose(client, path, "morag likes purple elephants").status_code == 302
    assert accounts.check_password(accounts.by_email(person.email), "morag likes purple elephants")


def test_setting_up_an_account_from_an_invitation_refuses_a_common_password(app, client):
    round_ = lead_with_round(client)
    invite(client, round_)
    path = link_path(outbox(app)[-1])
    newcomer = app.test_client()
    refused = choose(newcomer, path, "aaaaaaaaaaaa")
    assert refused.status_code == 200
    assert passwords.TOO_EASY in " ".join(refused.get_data(as_text=True).split())
    assert choose(newcomer, path, "a long new password").status_code == 302


def test_setting_up_an_account_from_an_invitation_refuses_a_password_made_from_the_email(app, client):
    round_ = lead_with_round(client)
    invite(client, round_, "morag.sinclair@fife.example.org")
    path = link_path(outbox(app)[-1])
    newcomer = app.test_client()
    refused = choose(newcomer, path, "morag.sinclair.fife")
    assert refused.status_code == 200
    assert passwords.TOO_EASY in " ".join(refused.get_data(as_text=True).split())
