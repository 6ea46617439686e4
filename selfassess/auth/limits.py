"""How sign-in is rate limited (docs/deploy.md, "Signing in: limits and sessions").

Only wrong passwords count. Three limits, each from a setting:

- ``SIGN_IN_LIMIT`` per account and network address together: someone
  guessing from one place is paused there, and the owner elsewhere is not;
- ``SIGN_IN_ADDRESS_LIMIT`` per network address, whatever the accounts:
  one place cannot try a few passwords on every account;
- ``SIGN_IN_ACCOUNT_LIMIT`` per account, a higher ceiling for guessing from
  many places at once. It leaves out browsers that have signed in to the
  account before (a signed cookie remembers them), so reaching it pauses
  the guessers but not the owner; the owner on a new browser resets their
  password, which lets that browser in too.
"""

from __future__ import annotations

from collections.abc import Callable

import limits
from flask import current_app, g, request
from flask_limiter import RequestLimit
from werkzeug.wrappers import Response

from selfassess import tokens
from selfassess.auth import service
from selfassess.data import accounts
from selfassess.extensions import remote_address

RESET_LINK_LIMIT = "10 per hour"  # requests for a password link, per network address
KNOWN_BROWSER_COOKIE = "known_browser"
KNOWN_BROWSER_DAYS = 365  # from the browser's latest sign-in to the account
KNOWN_ACCOUNTS = 5  # the accounts one browser remembers (a shared computer)


def setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def note_wrong_password() -> None:
    g.sign_in_wrong_password = True


def wrong_password(_response: Response) -> bool:
    """Only a password that was checked and wrong counts towards the limits."""
    return bool(g.get("sign_in_wrong_password"))


def _email() -> str:
    return accounts.normalise_email(request.form.get("email", ""))[:254]


def account_key() -> str:
    return "account:" + _email()


def account_and_address_key() -> str:
    return f"account:{_email()} address:{remote_address()}"


def _known() -> list[str]:
    cookie = request.cookies.get(KNOWN_BROWSER_COOKIE)
    if not cookie:
        return []
    try:
        known = tokens.read("known-browser", cookie, KNOWN_BROWSER_DAYS * 24 * 3600).get("a")
    except tokens.LinkError:
        return []
    return [item for item in known if isinstance(item, str)] if isinstance(known, list) else []


def known_browser() -> bool:
    """Whether this browser has signed in to the account being signed in to."""
    return tokens.fingerprint(_email()) in _known()


def remember_browser(response: Response, email: str | None) -> None:
    """Mark this browser as one the person has signed in on (or set a password on)."""
    if not email:
        return
    mine = tokens.fingerprint(accounts.normalise_email(email))
    known = [mine, *[item for item in _known() if item != mine][: KNOWN_ACCOUNTS - 1]]
    response.set_cookie(
        KNOWN_BROWSER_COOKIE,
        tokens.make("known-browser", {"a": known}),
        max_age=KNOWN_BROWSER_DAYS * 24 * 3600,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


# Which pause refused a sign-in, by the limit's scope (auth/routes.py), as the audit log says it.
PAUSES = {
    "sign-in-account-address": "this account, from this network",
    "sign-in-address": "this network, for every account",
    "sign-in-account": "this account, from browsers new to it",
}


def record_refusal(breached: RequestLimit) -> None:
    """``on_breach`` of the sign-in limits: a refused sign-in goes in the
    audit log, but at most once per limit, account and network address in
    the limit's own time window, so that someone who keeps trying while
    paused cannot fill the log (each try is refused before anything else)."""
    if g.get("sign_in_refusal_noted"):
        return
    g.sign_in_refusal_noted = True
    limit = breached.limit
    once = limits.parse(f"1 per {limit.multiples} {limit.GRANULARITY.name}")
    if breached.limiter.hit(once, "sign-in refused", *breached.request_args):
        scope = breached.request_args[-1].rsplit(":", 1)[-1]  # after the endpoint's name
        service.sign_in_refused(request.form.get("email", ""), PAUSES.get(scope, scope))


def _window(name: str) -> tuple[int, str]:
    """A limit's number of tries and its time in words ("15 minutes", "an hour")."""
    limit = limits.parse(current_app.config.get(name, name))
    unit = limit.GRANULARITY.name
    words = f"a{'n' if unit == 'hour' else ''} {unit}" if limit.multiples == 1 else f"{limit.multiples} {unit}s"
    return limit.amount, words


def paused_here() -> str:
    tries, window = _window("SIGN_IN_LIMIT")
    return (
        f"There have been {tries} wrong passwords for this account from your network in the last {window}, so we "
        f"have paused signing in to it from there. Wait {window} and try again, or reset your password."
    )


def paused_network() -> str:
    tries, window = _window("SIGN_IN_ADDRESS_LIMIT")
    return (
        f"There have been {tries} wrong passwords from your network in the last {window}, so we have paused "
        f"signing in from it. Wait {window} and try again, or reset your password."
    )


def paused_new_browsers() -> str:
    _tries, window = _window("SIGN_IN_ACCOUNT_LIMIT")
    return (
        f"There have been many wrong passwords for this account from other places in the last {window}. To keep "
        "it safe, for now it can be signed in to only from a browser that has signed in to it before. To sign in "
        f"on this browser, reset your password, or wait {window} and try again."
    )


def paused_reset_links() -> str:
    tries, window = _window(RESET_LINK_LIMIT)
    return (
        f"There have been {tries} requests for a password link from your network in the last {window}, so we "
        f"have paused them. Wait {window} and try again."
    )
