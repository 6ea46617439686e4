"""People: accounts, passwords, memberships of partnerships and adviser assignments."""

from __future__ import annotations

import contextlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import g, has_request_context
from sqlalchemy import inspect, select
from sqlalchemy.orm import joinedload

from selfassess.data.base import db, utcnow
from selfassess.data.models import AdviserAssignment, Invitation, Membership, Partnership, Role, User

_hasher = PasswordHasher()  # Argon2id with the library's current recommended parameters

MIN_PASSWORD_LENGTH = 12


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create(email: str, name: str | None = None, password: str | None = None, **flags: bool) -> User:
    user = User(email=normalise_email(email), name=name, **flags)
    if password is not None:
        user.password_hash = _hasher.hash(password)
    db.session.add(user)
    db.session.flush()
    return user


def get_or_create(email: str, name: str | None = None) -> User:
    return by_email(email) or create(email, name)


def set_password(user: User, password: str) -> None:
    user.password_hash = _hasher.hash(password)
    user.session_version += 1


def check_password(user: User | None, password: str) -> bool:
    """True when the password is right. Takes the same time whether or not
    the account exists, so timing does not reveal which emails have accounts."""
    if user is None or user.password_hash is None or not user.is_active:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password)
        return False
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return True


_DUMMY_HASH = _hasher.hash("not a real password")


def load_from_session(session_id: str) -> User | None:
    """Flask-Login's user loader: the id carries the session version."""
    try:
        user_id, version = (int(part) for part in session_id.split(":"))
    except ValueError:
        return None
    # With the person's memberships in the same query: nearly every page
    # asks about them (see membership()).
    user = db.session.get(User, user_id, options=[joinedload(User.memberships)])
    if user is None or user.session_version != version or not user.is_active:
        return None
    return user


# --- memberships ---------------------------------------------------------------


def membership(user: User, partnership_id: int) -> Membership | None:
    # Anonymous visitors have no id; people invited but not yet set up do.
    if getattr(user, "id", None) is None:
        return None
    if "memberships" not in inspect(user).unloaded:
        # Loaded with the signed-in person (load_from_session): no query.
        for found in user.memberships:
            if found.partnership_id == partnership_id and found not in db.session.deleted:
                return found
        return None
    # A page asks several access questions about the same person: ask the
    # database once per request.
    memo = g.setdefault("_memberships", {}) if has_request_context() else {}
    key = (user.id, partnership_id)
    if key not in memo:
        memo[key] = db.session.scalar(
            select(Membership).where(Membership.user_id == user.id, Membership.partnership_id == partnership_id)
        )
    return memo[key]


def is_member(user: User, partnership_id: int) -> bool:
    return membership(user, partnership_id) is not None


def is_lead(user: User, partnership_id: int) -> bool:
    m = membership(user, partnership_id)
    return m is not None and m.role == Role.LEAD


def memberships(user: User) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership).join(Partnership).where(Membership.user_id == user.id).order_by(Partnership.name)
        )
    )


def add_member(user: User, partnership: Partnership, perspective: str, role: Role = Role.RESPONDENT) -> Membership:
    existing = membership(user, partnership.id)
    if existing is not None:
        if role == Role.LEAD:
            existing.role = Role.LEAD
        return existing
    m = Membership(user=user, partnership=partnership, perspective=perspective, role=role)
    db.session.add(m)
    db.session.flush()
    return m


def members(partnership_id: int) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership).join(User).where(Membership.partnership_id == partnership_id).order_by(User.name)
        )
    )


def leads(partnership_id: int) -> list[Membership]:
    return [m for m in members(partnership_id) if m.role == Role.LEAD]


def hand_over_lead(current: User, successor: User, partnership: Partnership) -> None:
    """Make ``successor`` a lead and ``current`` a respondent."""
    new = membership(successor, partnership.id)
    if new is None:
        raise ValueError("the new lead must already be a member of the partnership")
    new.role = Role.LEAD
    old = membership(current, partnership.id)
    if old is not None and old.user_id != successor.id:
        old.role = Role.RESPONDENT


# --- advisers ------------------------------------------------------------------


def advised_partnership_ids(user: User) -> set[int] | None:
    """The partnerships an adviser supports: ``None`` means all of them."""
    if getattr(user, "id", None) is None:
        return set()
    if user.adviser_for_all:
        return None
    return {a.partnership_id for a in user.adviser_assignments}


def advises(user: User, partnership_id: int) -> bool:
    ids = advised_partnership_ids(user)
    return ids is None or partnership_id in ids


def set_adviser(user: User, for_all: bool, partnership_ids: set[int]) -> None:
    user.adviser_for_all = for_all
    wanted = set() if for_all else set(partnership_ids)
    for assignment in list(user.adviser_assignments):
        if assignment.partnership_id not in wanted:
            user.adviser_assignments.remove(assignment)
    have = {a.partnership_id for a in user.adviser_assignments}
    for pid in sorted(wanted - have):
        user.adviser_assignments.append(AdviserAssignment(partnership_id=pid))


# --- admin -----------------------------------------------------------------------


def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.erased_at.is_not(None), User.email)))


def search(text: str) -> list[User]:
    """People whose email or name contains ``text`` (any case); erased people never match."""
    pattern = "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    matches = User.email.ilike(pattern, escape="\\") | User.name.ilike(pattern, escape="\\")
    return list(db.session.scalars(select(User).where(User.erased_at.is_(None), matches).order_by(User.email)))


def change_membership(m: Membership, role: Role, perspective: str) -> None:
    m.role = role
    m.perspective = perspective


def remove_member(m: Membership) -> None:
    m.user.memberships.remove(m)
    db.session.flush()


def set_admin(user: User, is_admin: bool) -> None:
    user.is_admin = is_admin


def erase(user: User) -> None:
    """Remove a person's name and email and sign them out; their answers stay,
    anonymously, in the results (the response rows keep no name)."""
    user.email = None
    user.name = None
    user.password_hash = None
    user.erased_at = utcnow()
    user.session_version += 1
    user.is_admin = False
    user.adviser_for_all = False
    user.adviser_assignments.clear()
    user.memberships.clear()
    for invitation in db.session.scalars(select(Invitation).where(Invitation.user_id == user.id)):
        invitation.email = None
        invitation.nonce = None
