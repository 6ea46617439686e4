"""Ending the request's unit of work. Services call these; routes never
touch the session (an import-linter contract in pyproject.toml holds them
to it). A change that people would ask about later is committed with its
audit event instead, by ``audit.commit``."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from selfassess.data.base import db
from selfassess.data.errors import AlreadyExists


def commit() -> None:
    """Save working data that needs no audit event (typing kept for later, a job's progress)."""
    db.session.commit()


def rollback() -> None:
    """Forget everything this request changed."""
    db.session.rollback()


def flush_unique() -> None:
    """Write what is pending now; a unique value someone else saved first
    rolls the transaction back and raises AlreadyExists."""
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise AlreadyExists from None
