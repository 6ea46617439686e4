"""Which passwords are refused (issue 10, item 6): the most common ones and
ones made from the person's name or email address, as the NCSC advises; no
rules about kinds of characters. ``selfassess.passwords`` is pure: no Flask."""

from __future__ import annotations

import pytest

from selfassess import passwords

NAME, EMAIL = "Morag Sinclair", "morag.sinclair@fife.example.org"


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaa",
        "password1234",
        "qwertyuiop12",
        "iloveyou2024",
        "letmein12345",
        "123456789012",
        "demo-password",
    ],
)
def test_common_and_repetitive_passwords_are_refused(password):
    assert passwords.too_easy(password)
    assert passwords.too_easy(password, NAME, EMAIL)


@pytest.mark.parametrize(
    "password",
    [
        "moragsinclair1",
        "Morag Sinclair 1984",
        "sinclair.morag!!",
        "MoragFife2024!",
        "morag.sinclair@fife",
    ],
)
def test_passwords_made_from_the_name_or_email_address_are_refused(password):
    assert passwords.too_easy(password, NAME, EMAIL)


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "three ordinary words plus",
        "a long new password",
        "morag likes purple elephants",  # a name in a good passphrase does no harm
        "Tr0ub4dor&3xyzq",
    ],
)
def test_hard_to_guess_passwords_are_accepted(password):
    assert not passwords.too_easy(password, NAME, EMAIL)


def test_only_the_first_characters_zxcvbn_can_check_are_scored():
    assert not passwords.too_easy("correct horse battery staple " * 6)
    assert passwords.too_easy("a" * 200)


def test_the_message_is_plain():
    assert passwords.TOO_EASY.startswith("Choose a password that is harder to guess")
    assert "name or email address" in passwords.TOO_EASY
