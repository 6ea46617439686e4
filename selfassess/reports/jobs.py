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

from selfassess.clock import utcnow
from selfassess.data import accounts, audit, partnerships, rounds, transaction
from selfassess.data import jobs as data_jobs
from selfassess.data.models import Account, Job, JobStatus, StoredFile
from selfassess.presentation import plural
from selfassess.reports import build

KEEP_FILES_FOR = timedelta(days=1)
STALE_AFTER = timedelta(minutes=10)
ZIP_KIND = "all reports"
STOPPED_MESSAGE = "The job stopped before it finished. Start it again."


def stopped(job: Job) -> bool:
    """A job shown as running whose worker stopped (a restart, a crash): no
    sign of life for STALE_AFTER."""
    running = job.status == JobStatus.RUNNING
    return running and job.heartbeat_at is not None and job.heartbeat_at < utcnow() - STALE_AFTER


def shown_status(job: Job) -> tuple[JobStatus, str | None]:
    """The job's status and message as people should see them: a stopped job
    has failed (this is worked out, not written, when a page is read)."""
    if stopped(job):
        return JobStatus.FAILED, STOPPED_MESSAGE
    return job.status, job.message


def latest_job(account: Account) -> Job | None:
    return data_jobs.latest(account, ZIP_KIND)


def rounds_for_zip(account: Account) -> list:
    """The latest round with results of each partnership the adviser supports
    (or its latest round, when none has results yet)."""
    supported = partnerships.by_ids(accounts.advised_partnership_ids(account))
    latest = rounds.with_results(rounds.latest_for_partnerships([p.id for p in supported]))
    return [latest[p.id] for p in supported if p.id in latest]


def start_zip(account: Account) -> Job | None:
    """Start building the ZIP, unless a job of the person's is still queued or
    running (None then). A job whose worker stopped is marked failed now."""
    job = latest_job(account)
    if job is not None and stopped(job):
        job.status, job.message, job.finished_at = JobStatus.FAILED, STOPPED_MESSAGE, utcnow()
    elif job is not None and job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
        return None
    data_jobs.remove_expired_files()
    job = data_jobs.create(account, ZIP_KIND, total=len(rounds_for_zip(account)))
    transaction.commit()
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
    job = data_jobs.get(job_id)
    if job is None or job.status != JobStatus.QUEUED:
        return
    owner = accounts.get(job.owner_id)
    job.status = JobStatus.RUNNING
    job.heartbeat_at = utcnow()
    transaction.commit()
    try:
        wanted = rounds_for_zip(owner)
        content, missing = _build_zip(job, wanted)
        if len(missing) < len(wanted) or not wanted:  # a ZIP, unless no report could be built
            stored = data_jobs.store_file(
                owner.id,
                f"selfassess-reports-{utcnow():%Y-%m-%d}.zip",
                "application/zip",
                content,
                utcnow() + KEEP_FILES_FOR,
            )
            job.file_id = stored.id
        job.status = JobStatus.FAILED if missing else JobStatus.DONE
        job.message = _missing_message(missing, len(wanted)) if missing else None
        job.finished_at = utcnow()
        transaction.commit()
    except Exception as error:
        transaction.rollback()
        current_app.logger.exception("report ZIP job %s failed", job_id)
        _failed(job_id, error)


def _build_zip(job: Job, wanted: list) -> tuple[bytes, list[str]]:
    """The ZIP of the reports that could be built, and the names of the
    partnerships whose report could not (a chart that could not be drawn):
    one such report does not hold up the others."""
    job.total = len(wanted)
    transaction.commit()
    missing = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, round_ in enumerate(wanted, start=1):
            try:
                archive.writestr(build.filename(round_), build.report_pdf(round_))
            except build.ReportError:
                current_app.logger.exception(
                    "report ZIP job %s: the report of round %s (%s) could not be built",
                    job.id,
                    round_.id,
                    round_.partnership.name,
                )
                missing.append(round_.partnership.name)
            job.done = index
            job.heartbeat_at = utcnow()
            transaction.commit()
    return buffer.getvalue(), missing


def _missing_message(missing: list[str], wanted: int) -> str:
    """What the adviser reads when reports are missing from the ZIP."""
    names = _listed(missing)
    after = "Build all reports again later; if it fails again, tell the administrator."
    if len(missing) == wanted:
        return f"None of the {plural(wanted, 'report')} could be built ({names}): charts could not be drawn. {after}"
    which = "report for" if len(missing) == 1 else "reports for"
    return (
        f"The {which} {names} could not be built, because a chart could not be drawn. "
        f"The ZIP holds the other {plural(wanted - len(missing), 'report')}. {after}"
    )


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _failed(job_id: int, error: Exception) -> None:
    job = data_jobs.get(job_id)
    job.status = JobStatus.FAILED  # type: ignore[union-attr]
    job.message = (  # type: ignore[union-attr]
        f"Building the reports failed ({type(error).__name__}). Try again; if it fails again, tell the administrator."
    )
    job.finished_at = utcnow()  # type: ignore[union-attr]
    transaction.commit()


def download(job: Job, account: Account) -> StoredFile | None:
    """The finished ZIP, while it is kept; recorded in the audit log."""
    stored = job.file
    if stored is None or stored.expires_at < utcnow():
        return None
    with zipfile.ZipFile(io.BytesIO(stored.content or b"")) as archive:
        reports = len(archive.namelist())  # fewer than job.total when some could not be built
    audit.commit("downloaded all reports", actor=account, job=job.id, reports=reports)
    return stored
