"""The national picture's pages: the published snapshots and their PDF (for
advisers of a national body), and publishing and the role (for
administrators). The workflows are in ``national/service.py``."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from selfassess import access, clock
from selfassess.admin import accounts as admin_accounts
from selfassess.national import forms, pdf, service, wording

bp = Blueprint("national", __name__)


def _render(page: service.SnapshotPage):
    return render_template(
        "national/show.html",
        snapshot=page.snapshot,
        earlier=page.earlier,
        previous=page.previous,
        charts=pdf.page_charts(page.snapshot) if page.snapshot is not None else {},
        **wording.HELPERS,
    )


@bp.get("/national")
@access.national
def latest():
    return _render(service.latest_page())


@bp.get("/national/<int:snapshot_id>")
@access.national
def show(snapshot_id: int):
    return _render(service.snapshot_page(snapshot_id))


@bp.get("/national/<int:snapshot_id>/report.pdf")
@access.national
def report(snapshot_id: int):
    page = service.snapshot_page(snapshot_id)
    response = Response(pdf.snapshot_pdf(page), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{pdf.filename(page.snapshot)}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/admin/national")
@access.admin
def admin():
    return render_template(
        "national/admin.html", preview=service.preview(), today=clock.today_in_london(), form=forms.PublishForm()
    )


@bp.post("/admin/national")
@access.admin
def publish():
    if not forms.PublishForm().validate_on_submit():
        abort(400)
    outcome = service.publish(current_user)
    flash(outcome.message, outcome.category)
    return redirect(url_for("national.latest") if outcome.changed else url_for("national.admin"))


@bp.post("/admin/people/<int:account_id>/national")
@access.admin
def role(account_id: int):
    account = admin_accounts.living_account(account_id)
    form = forms.NationalRoleForm()
    if not form.validate_on_submit():
        abort(400)
    outcome = service.set_national(account, form.make_national.data == "yes", current_user)
    flash(outcome.message, outcome.category)
    return redirect(url_for("admin.account", account_id=account.id))
