"""The database engine's settings per database, and the checks made of the
database when the app starts."""

from __future__ import annotations

import time

from flask import Flask
from sqlalchemy import event, select
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError

from selfassess.data.base import db
from selfassess.data.models import Account


def configure(app: Flask) -> None:
    """SQLite: WAL and a busy timeout; PostgreSQL: idle connections checked before use."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)
        else:
            _check_idle_connections(db.engine, app.config["IDLE_CONNECTION_CHECK_SECONDS"])


def holds_demo_data(app: Flask) -> bool:
    """Whether the database holds demo accounts; False when it has no tables
    yet (before ``selfassess db upgrade``) or does not answer (/healthz says so)."""
    with app.app_context():
        try:
            return db.session.scalar(select(Account.id).where(Account.is_demo.is_(True)).limit(1)) is not None
        except SQLAlchemyError:
            db.session.rollback()
            return False
        finally:
            db.session.remove()


def close(app: Flask) -> None:
    """Close the pool's connections (the app will not start)."""
    with app.app_context():
        db.engine.dispose()


def _check_idle_connections(engine, idle_seconds: float) -> None:  # type: ignore[no-untyped-def]
    """Check a pooled connection before use only when it has sat idle: a
    connection in constant use needs no check (SQLAlchemy's pool_pre_ping
    would cost a round trip on every request), while one left idle may have
    been closed by the server, a restart or the network. A connection that
    fails the check is replaced; a connection that breaks mid-request gives
    that request a 503 and SQLAlchemy replaces the pool's connections."""

    @event.listens_for(engine, "checkin")
    def _note_checkin(_dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
        record.info["checked_in"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _check_if_idle(dbapi_connection, record, _proxy) -> None:  # type: ignore[no-untyped-def]
        if time.monotonic() - record.info.get("checked_in", 0) < idle_seconds:
            return
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            dbapi_connection.rollback()
        except Exception as error:  # any failure: this connection is gone
            raise DisconnectionError(str(error)) from error


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """WAL lets readers carry on while one writer writes; the busy timeout
    makes a second writer wait for the lock instead of failing at once."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
