"""Which passwords are too easy to guess (the one rule every form that sets a
password applies, through ``auth.forms.SetPasswordForm``).

As the NCSC advises: refuse the most common passwords and ones made from
the person's own details, and set no rules about kinds of characters.
zxcvbn estimates how many guesses a password would take, knowing the most
common passwords, words, names, keyboard patterns, dates and repeats, and
the person's name and email address. A password is refused when its score
is below 3 of 4 (fewer than about 10^8 guesses), either as typed or with the
person's name and email address taken out of it (so "Morag Sinclair 1984"
is refused, and "morag likes purple elephants" is not). Pure: no Flask.
"""

from __future__ import annotations

import re

from zxcvbn import zxcvbn

ENOUGH = 3  # zxcvbn's score: 0 (too guessable) to 4 (very unguessable)
CHECKED = 72  # zxcvbn checks up to this many characters; a longer password is judged on its start
TOO_EASY = (
    "Choose a password that is harder to guess: this one is too common, or is made from your name or email address."
)


def personal_words(name: str | None, email: str | None) -> list[str]:
    """The words of a name and an email address (of 3 letters or more), longest first."""
    words = re.split(r"[\W_]+", f"{name or ''} {email or ''}".lower())
    return sorted({word for word in words if len(word) >= 3}, key=lambda word: (-len(word), word))


def too_easy(password: str, name: str | None = None, email: str | None = None) -> bool:
    words = personal_words(name, email)
    checked = password[:CHECKED]
    rest = checked.lower()
    for word in words:
        rest = rest.replace(word, " ")
    return any(zxcvbn(text, user_inputs=words)["score"] < ENOUGH for text in {checked, rest})
