"""People: accounts, passwords, memberships of partnerships and adviser assignments."""

from __future__ import annotations

import contextlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import g, has_request_context
from sqlalchemy import bindparam, inspect, select
from sqlalchemy.orm import joinedload

from selfassess.data.base import db, utcnow
from selfassess.data.models import Account, AdviserAssignment, Invitation, Membership, Partnership, Role
from selfassess.data.transaction import flush_unique

_hasher = PasswordHasher()  # Argon2id with the library's current recommended parameters

MIN_PASSWORD_LENGTH = 12


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get(account_id: int) -> Account | None:
    return db.session.get(Account, account_id)


def by_ids(ids: set[int]) -> dict[int, Account]:
    """The accounts with these ids (erased ones included), in one query."""
    if not ids:
        return {}
    return {a.id: a for a in db.session.scalars(select(Account).where(Account.id.in_(ids)))}


def by_email(email: str) -> Account | None:
    return db.session.scalar(select(Account).where(Account.email == normalise_email(email)))


def create(email: str, name: str | None = None, password: str | None = None, **flags: bool) -> Account:
    """A new account; raises AlreadyExists when the email address has one."""
    account = Account(email=normalise_email(email), name=name, **flags)
    if password is not None:
        account.password_hash = _hasher.hash(password)
    db.session.add(account)
    flush_unique()
    return account


def set_password(account: Account, password: str) -> None:
    account.password_hash = _hasher.hash(password)
    account.session_version += 1


def end_sessions(account: Account) -> None:
    """Sign the person out everywhere: every session cookie issued to them,
    copies included, carries the old version and no longer signs them in."""
    account.session_version += 1


def check_password(account: Account | None, password: str) -> bool:
    """True when the password is right. Takes the same time whether or not
    the account exists, so timing does not reveal which emails have accounts."""
    if account is None or account.password_hash is None or not account.is_active:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password)
        return False
    try:
        _hasher.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    return True


_DUMMY_HASH = _hasher.hash("not a real password")


# With the person's memberships in the same query: nearly every page asks
# about them (see membership()). Built once: every request signed in reads it.
_SIGNED_IN = select(Account).options(joinedload(Account.memberships)).where(Account.id == bindparam("account_id"))


def load_from_session(session_id: str) -> Account | None:
    """Flask-Login's user loader: the id carries the session version."""
    try:
        account_id, version = (int(part) for part in session_id.split(":"))
    except ValueError:
        return None
    account = db.session.scalars(_SIGNED_IN, {"account_id": account_id}).unique().first()
    if account is None or account.session_version != version or not account.is_active:
        return None
    return account


# --- memberships ---------------------------------------------------------------


def membership(account: Account, partnership_id: int) -> Membership | None:
    # Anonymous visitors have no id; people invited but not yet set up do.
    if getattr(account, "id", None) is None:
        return None
    if "memberships" not in inspect(account).unloaded:
        # Loaded with the signed-in person (load_from_session): no query.
        for found in account.memberships:
            if found.partnership_id == partnership_id and found not in db.session.deleted:
                return found
        return None
    # A page asks several access questions about the same person: ask the
    # database once per request.
    memo = g.setdefault("_memberships", {}) if has_request_context() else {}
    key = (account.id, partnership_id)
    if key not in memo:
        memo[key] = db.session.scalar(
            select(Membership).where(Membership.account_id == account.id, Membership.partnership_id == partnership_id)
        )
    return memo[key]


def is_member(account: Account, partnership_id: int) -> bool:
    return membership(account, partnership_id) is not None


def is_lead(account: Account, partnership_id: int) -> bool:
    m = membership(account, partnership_id)
    return m is not None and m.role == Role.LEAD


def memberships(account: Account) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership).join(Partnership).where(Membership.account_id == account.id).order_by(Partnership.name)
        )
    )


def add_member(
    account: Account, partnership: Partnership, perspective: str, role: Role = Role.RESPONDENT
) -> Membership:
    existing = membership(account, partnership.id)
    if existing is not None:
        if role == Role.LEAD:
            existing.role = Role.LEAD
        return existing
    m = Membership(account=account, partnership=partnership, perspective=perspective, role=role)
    db.session.add(m)
    db.session.flush()
    return m


def members(partnership_id: int) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership).join(Account).where(Membership.partnership_id == partnership_id).order_by(Account.name)
        )
    )


def member_ids(partnership_id: int) -> set[int]:
    """The ids of the partnership's members' accounts."""
    return set(db.session.scalars(select(Membership.account_id).where(Membership.partnership_id == partnership_id)))


def leads_by_partnership() -> dict[int, list[Account]]:
    """Every partnership's leads, by name, in one query (a partnership with none is left out)."""
    query = (
        select(Membership.partnership_id, Account)
        .join(Account, Membership.account_id == Account.id)
        .where(Membership.role == Role.LEAD)
        .order_by(Account.name, Account.email)
    )
    found: dict[int, list[Account]] = {}
    for partnership_id, account in db.session.execute(query):
        found.setdefault(partnership_id, []).append(account)
    return found


def leads(partnership_id: int) -> list[Membership]:
    return [m for m in members(partnership_id) if m.role == Role.LEAD]


def hand_over_lead(current: Account, successor: Account, partnership: Partnership) -> None:
    """Make ``successor`` a lead and ``current`` a respondent."""
    new = membership(successor, partnership.id)
    if new is None:
        raise ValueError("the new lead must already be a member of the partnership")
    new.role = Role.LEAD
    old = membership(current, partnership.id)
    if old is not None and old.account_id != successor.id:
        old.role = Role.RESPONDENT


# --- advisers ------------------------------------------------------------------


def advised_partnership_ids(account: Account) -> set[int] | None:
    """The partnerships an adviser supports: ``None`` means all of them."""
    if getattr(account, "id", None) is None:
        return set()
    if account.adviser_for_all:
        return None
    return {a.partnership_id for a in account.adviser_assignments}


def advises(account: Account, partnership_id: int) -> bool:
    ids = advised_partnership_ids(account)
    return ids is None or partnership_id in ids


def set_adviser(account: Account, for_all: bool, partnership_ids: set[int]) -> None:
    account.adviser_for_all = for_all
    wanted = set() if for_all else set(partnership_ids)
    for assignment in list(account.adviser_assignments):
        if assignment.partnership_id not in wanted:
            account.adviser_assignments.remove(assignment)
    have = {a.partnership_id for a in account.adviser_assignments}
    for pid in sorted(wanted - have):
        account.adviser_assignments.append(AdviserAssignment(partnership_id=pid))
    db.session.flush()


# --- admin -----------------------------------------------------------------------


def all_accounts() -> list[Account]:
    return list(db.session.scalars(select(Account).order_by(Account.erased_at.is_not(None), Account.email)))


def search(text: str) -> list[Account]:
    """People whose email or name contains ``text`` (any case); erased people never match."""
    pattern = "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    matches = Account.email.ilike(pattern, escape="\\") | Account.name.ilike(pattern, escape="\\")
    return list(db.session.scalars(select(Account).where(Account.erased_at.is_(None), matches).order_by(Account.email)))


def change_membership(m: Membership, role: Role, perspective: str) -> None:
    m.role = role
    m.perspective = perspective


def remove_member(m: Membership) -> None:
    m.account.memberships.remove(m)
    db.session.flush()


def set_admin(account: Account, is_admin: bool) -> None:
    account.is_admin = is_admin


def erase(account: Account) -> None:
    """Remove a person's name and email and sign them out; their answers stay,
    anonymously, in the results (the response rows keep no name)."""
    account.email = None
    account.name = None
    account.password_hash = None
    account.erased_at = utcnow()
    account.session_version += 1
    account.is_admin = False
    account.adviser_for_all = False
    account.adviser_assignments.clear()
    account.memberships.clear()
    for invitation in db.session.scalars(select(Invitation).where(Invitation.account_id == account.id)):
        invitation.email = None
        invitation.nonce = None
