"""Downloads: a round's PDF report and exports, and the adviser's ZIP of all
reports. The workflows are in ``reports/service.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, Response, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from selfassess import access
from selfassess.reports import service
from selfassess.reports.build import ReportError

if TYPE_CHECKING:
    from selfassess.data.models import Round

bp = Blueprint("reports", __name__)


def _attachment(download: service.Download) -> Response:
    response = Response(download.body, mimetype=download.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/rounds/<int:round_id>/report.pdf")
@access.round_report
def report(round_: Round):
    return _attachment(service.report(round_, current_user))


@bp.errorhandler(ReportError)
def report_failed(error: ReportError):
    """A report whose chart could not be drawn: the app's own page, not a
    bare server error, and the reason in the log."""
    round_id = (request.view_args or {}).get("round_id")
    current_app.logger.error("the report of round %s could not be built: %s", round_id, error, exc_info=error)
    return render_template("reports/report_failed.html", round_id=round_id), 500


@bp.get("/rounds/<int:round_id>/results.<any(csv, json):kind>")
@access.round_report
def export(round_: Round, kind: str):
    return _attachment(service.export(round_, current_user, kind))


@bp.route("/adviser/reports", methods=["GET", "POST"])
@access.adviser
def all_reports():
    if request.method == "POST":
        outcome = service.start_zip(current_user)
        if outcome.changed:
            flash(outcome.message, outcome.category)
        return redirect(url_for("reports.all_reports"))
    page = service.zip_page(current_user)
    return render_template(
        "reports/all_reports.html", job=page.job, status=page.status, message=page.message, count=page.count
    )


@bp.get("/adviser/reports/<int:job_id>/status")
@access.adviser
def job_status(job_id: int):
    return jsonify(**service.job_progress(access.own_job(current_user, job_id)))


@bp.get("/adviser/reports/<int:job_id>/download")
@access.adviser
def job_download(job_id: int):
    stored = service.zip_file(access.own_job(current_user, job_id), current_user)
    if stored is None:
        flash("That file is no longer available: files are kept for a day. Build the reports again.")
        return redirect(url_for("reports.all_reports"))
    return _attachment(service.Download(stored.content or b"", stored.content_type, stored.name))
