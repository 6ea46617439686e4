"""Downloads: a round's PDF report and exports, each recorded in the audit
log, and the adviser's ZIP of every report (built in the background by
``reports/jobs.py``)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from selfassess.data import actions, audit
from selfassess.data.models import Account, Job, JobStatus, Round, StoredFile
from selfassess.outcome import Outcome
from selfassess.reports import build, exports, jobs
from selfassess.results import compute


@dataclass(frozen=True)
class Download:
    body: bytes | str
    mimetype: str
    filename: str


def report(round_: Round, account: Account) -> Download:
    pdf = build.report_pdf(round_)
    audit.commit_round("downloaded report", round_, account)
    return Download(pdf, "application/pdf", build.filename(round_))


def export(round_: Round, account: Account, kind: str) -> Download:
    """The round's results as CSV or JSON (scores, no respondent's name) and its action plan."""
    results = compute.results_for(round_)
    plan = actions.for_round(round_.id)
    audit.commit_round("downloaded results export", round_, account, format=kind)
    name = build.filename(round_).removesuffix(".pdf")
    if kind == "csv":
        return Download(exports.as_csv(results, plan), "text/csv", f"{name}.csv")
    return Download(json.dumps(exports.as_dict(results, plan), indent=2), "application/json", f"{name}.json")


# --- the adviser's ZIP of every report ---------------------------------------------------


@dataclass(frozen=True)
class ZipPage:
    job: Job | None
    status: JobStatus | None
    message: str | None
    count: int  # reports the ZIP would hold


def zip_page(adviser: Account) -> ZipPage:
    job = jobs.latest_job(adviser)
    status, message = jobs.shown_status(job) if job is not None else (None, None)
    return ZipPage(job, status, message, len(jobs.rounds_for_zip(adviser)))


def start_zip(adviser: Account) -> Outcome:
    if jobs.start_zip(adviser) is None:
        return Outcome("The reports are already being built. This page shows how far it has got.", "info")
    return Outcome("Building the reports has started. This page shows how far it has got.")


def job_progress(job: Job) -> dict:
    status, message = jobs.shown_status(job)
    return {"status": status.value, "done": job.done, "total": job.total, "message": message}


def zip_file(job: Job, adviser: Account) -> StoredFile | None:
    return jobs.download(job, adviser)
