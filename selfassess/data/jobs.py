"""Background jobs and the files they make (the adviser's ZIP of reports)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from selfassess.data.base import db, utcnow
from selfassess.data.models import Account, Job, JobStatus, StoredFile


def get(job_id: int) -> Job | None:
    return db.session.get(Job, job_id)


def latest(owner: Account, kind: str) -> Job | None:
    """The person's most recent job of this kind."""
    return db.session.scalar(
        select(Job).where(Job.owner_id == owner.id, Job.kind == kind).order_by(Job.id.desc()).limit(1)
    )


def create(owner: Account, kind: str, total: int) -> Job:
    job = Job(owner_id=owner.id, kind=kind, status=JobStatus.QUEUED, total=total, heartbeat_at=utcnow())
    db.session.add(job)
    db.session.flush()
    return job


def store_file(owner_id: int, name: str, content_type: str, content: bytes, expires_at: datetime) -> StoredFile:
    stored = StoredFile(owner_id=owner_id, name=name, content_type=content_type, content=content, expires_at=expires_at)
    db.session.add(stored)
    db.session.flush()
    return stored


def remove_expired_files() -> None:
    db.session.execute(delete(StoredFile).where(StoredFile.expires_at < utcnow()))
