"""The shared model base: every table gets ``id``, ``created_at_utc`` and
``updated_at_utc``, and constraints get predictable names (so that
migrations, including SQLite's batch mode, can refer to them)."""

from __future__ import annotations

from datetime import datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from selfassess.clock import utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-100)
    created_at_utc: Mapped[datetime] = mapped_column(default=utcnow, sort_order=-99)
    updated_at_utc: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, sort_order=-98)


db = SQLAlchemy(model_class=Base)
