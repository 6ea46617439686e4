"""Partnerships: the 31 are reference data loaded by a migration."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from selfassess.data.base import db
from selfassess.data.models import Partnership
from selfassess.data.transaction import flush_unique


def get(partnership_id: int) -> Partnership | None:
    return db.session.get(Partnership, partnership_id)


def all_partnerships() -> list[Partnership]:
    return list(db.session.scalars(select(Partnership).order_by(Partnership.name)))


def by_ids(ids: set[int] | None) -> list[Partnership]:
    """Partnerships with these ids, by name; ``None`` means all of them."""
    query = select(Partnership).order_by(Partnership.name)
    if ids is not None:
        query = query.where(Partnership.id.in_(ids))
    return list(db.session.scalars(query))


def by_name(name: str) -> Partnership | None:
    return db.session.scalar(select(Partnership).where(Partnership.name == name))


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def clashing(name: str, except_id: int | None = None) -> Partnership | None:
    """Another partnership whose name is this one in any case, or would make the same slug."""
    query = select(Partnership).where(
        (func.lower(Partnership.name) == name.strip().lower()) | (Partnership.slug == slugify(name))
    )
    if except_id is not None:
        query = query.where(Partnership.id != except_id)
    return db.session.scalars(query).first()


def create(name: str) -> Partnership:
    """A new partnership; raises AlreadyExists when the name (or its slug) is taken."""
    partnership = Partnership(name=name.strip(), slug=slugify(name))
    db.session.add(partnership)
    flush_unique()
    return partnership


def rename(partnership: Partnership, name: str) -> None:
    """Raises AlreadyExists when the name (or its slug) is taken."""
    partnership.name = name.strip()
    partnership.slug = slugify(name)
    flush_unique()
