"""Background jobs: the ZIP of all reports an adviser supports.

The job's state (progress, the finished file) lives in the database, so any
worker process on any machine can show it. With REDIS_URL set, jobs run on
an RQ queue served by `selfassess worker`; without it they run in a thread
of the process that started them, which is enough for one machine.
"""

from __future__ import annotations

import io
import threading
import zipfile
from datetime import timedelta

from flask import Flask, current_app
from sqlalchemy import delete, select

from selfassess.data import accounts, audit, partnerships, rounds
from selfassess.data.base import db, utcnow
from selfassess.data.models import Account, Job, JobStatus, StoredFile
from selfassess.reports import build

KEEP_FILES_FOR = timedelta(days=1)
STALE_AFTER = timedelta(minutes=10)
ZIP_KIND = "all reports"


def latest_job(account: Account) -> Job | None:
    job = db.session.scalar(
        select(Job).where(Job.owner_id == account.id, Job.kind == ZIP_KIND).order_by(Job.id.desc()).limit(1)
    )
    if job is not None and job.status == JobStatus.RUNNING and job.heartbeat_at < utcnow() - STALE_AFTER:
        # The worker running it stopped (a restart, a crash): say so, so it can be started again.
        job.status = JobStatus.FAILED
        job.message = "The job stopped before it finished. Start it again."
        db.session.commit()
    return job


def get_for(account: Account, job_id: int) -> Job | None:
    job = db.session.get(Job, job_id)
    return job if job is not None and job.owner_id == account.id else None


def rounds_for_zip(account: Account) -> list:
    """The latest round of each partnership the adviser supports."""
    supported = partnerships.by_ids(accounts.advised_partnership_ids(account))
    latest = rounds.latest_for_partnerships([p.id for p in supported])
    return [latest[p.id] for p in supported if p.id in latest]


def start_zip(account: Account) -> Job:
    remove_expired_files()
    job = Job(owner_id=account.id, kind=ZIP_KIND, status=JobStatus.QUEUED, total=len(rounds_for_zip(account)))
    job.heartbeat_at = utcnow()
    db.session.add(job)
    db.session.commit()
    _enqueue(job.id)
    return job


def _enqueue(job_id: int) -> None:
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        from redis import Redis
        from rq import Queue

        Queue(queue_name(), connection=Redis.from_url(redis_url)).enqueue(
            "selfassess.reports.jobs.run_zip_job", job_id, job_timeout=3600
        )
    else:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        threading.Thread(target=_run_in_thread, args=(app, job_id), name=f"job-{job_id}", daemon=True).start()


def queue_name() -> str:
    return current_app.config.get("RQ_QUEUE", "selfassess")


def _run_in_thread(app: Flask, job_id: int) -> None:
    with app.app_context():
        run_zip_job(job_id)


def run_zip_job(job_id: int) -> None:
    """Build every report into one ZIP, recording progress as it goes."""
    job = db.session.get(Job, job_id)
    if job is None or job.status != JobStatus.QUEUED:
        return
    owner = db.session.get(Account, job.owner_id)
    job.status = JobStatus.RUNNING
    job.heartbeat_at = utcnow()
    db.session.commit()
    try:
        wanted = rounds_for_zip(owner)
        job.total = len(wanted)
        db.session.commit()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for index, round_ in enumerate(wanted, start=1):
                archive.writestr(build.filename(round_), build.report_pdf(round_))
                job.done = index
                job.heartbeat_at = utcnow()
                db.session.commit()
        stored = StoredFile(
            owner_id=owner.id,
            name=f"selfassess-reports-{utcnow():%Y-%m-%d}.zip",
            content_type="application/zip",
            content=buffer.getvalue(),
            expires_at=utcnow() + KEEP_FILES_FOR,
        )
        db.session.add(stored)
        db.session.flush()
        job.file_id = stored.id
        job.status = JobStatus.DONE
        job.finished_at = utcnow()
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        current_app.logger.exception("report ZIP job %s failed", job_id)
        job = db.session.get(Job, job_id)
        job.status = JobStatus.FAILED
        job.message = (
            f"Building the reports failed ({type(error).__name__}). Try again; if it fails again, "
            "tell the administrator."
        )
        job.finished_at = utcnow()
        db.session.commit()


def download(job: Job, account: Account) -> StoredFile | None:
    stored = job.file
    if stored is None or stored.expires_at < utcnow():
        return None
    audit.record("downloaded all reports", actor=account, job=job.id, reports=job.total)
    db.session.commit()
    return stored


def remove_expired_files() -> None:
    db.session.execute(delete(StoredFile).where(StoredFile.expires_at < utcnow()))
