"""Downloads: a round's PDF report and exports, and the adviser's ZIP of all reports."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from selfassess import access
from selfassess.data import audit
from selfassess.data.base import db
from selfassess.data.models import Job, JobStatus, Round
from selfassess.reports import build, exports, jobs
from selfassess.results import compute

bp = Blueprint("reports", __name__)


def _attachment(body: bytes | str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/rounds/<int:round_id>/report.pdf")
@access.round_report
def report(round_: Round):
    pdf = build.report_pdf(round_)
    audit.record_round("downloaded report", round_, current_user)
    db.session.commit()
    return _attachment(pdf, "application/pdf", build.filename(round_))


@bp.get("/rounds/<int:round_id>/results.<any(csv, json):kind>")
@access.round_report
def export(round_: Round, kind: str):
    results = compute.results_for(round_)
    audit.record_round("downloaded results export", round_, current_user, format=kind)
    db.session.commit()
    name = build.filename(round_).removesuffix(".pdf")
    if kind == "csv":
        return _attachment(exports.as_csv(results), "text/csv", f"{name}.csv")
    return _attachment(json.dumps(exports.as_dict(results), indent=2), "application/json", f"{name}.json")


@bp.route("/adviser/reports", methods=["GET", "POST"])
@access.adviser
def all_reports():
    if request.method == "POST":
        job = jobs.latest_job(current_user)
        if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
            job = jobs.start_zip(current_user)
            flash("Building the reports has started. This page shows how far it has got.", "success")
        return redirect(url_for("reports.all_reports"))
    job = jobs.latest_job(current_user)
    return render_template(
        "reports/all_reports.html", job=job, JobStatus=JobStatus, count=len(jobs.rounds_for_zip(current_user))
    )


@bp.get("/adviser/reports/<int:job_id>/status")
@access.adviser
def job_status(job_id: int):
    job = _own_job(job_id)
    return jsonify(status=job.status.value, done=job.done, total=job.total, message=job.message)


@bp.get("/adviser/reports/<int:job_id>/download")
@access.adviser
def job_download(job_id: int):
    job = _own_job(job_id)
    stored = jobs.download(job, current_user)
    if stored is None:
        flash("That file is no longer available: files are kept for a day. Build the reports again.")
        return redirect(url_for("reports.all_reports"))
    return _attachment(stored.content or b"", stored.content_type, stored.name)


def _own_job(job_id: int) -> Job:
    """The signed-in adviser's own job, or 404: someone else's is not there."""
    job = jobs.get_for(current_user, job_id)
    if job is None:
        abort(404)
    return job
