"""The national picture's pages: the published snapshots and their PDF (for
advisers of a national body), and publishing and the role (for
administrators). The workflows are in ``national/service.py``."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup

from selfassess import access, cache, clock
from selfassess.admin import accounts as admin_accounts
from selfassess.national import forms, pdf, service, wording

bp = Blueprint("national", __name__)


@dataclass(frozen=True)
class _Content:
    html: Markup
    has_charts: bool


# A snapshot's figures and charts, rendered once: a snapshot never changes.
_contents = cache.named("national picture content", 32)


def _content(page: service.SnapshotPage) -> _Content:
    def render() -> _Content:
        charts = pdf.page_charts(page.snapshot)  # type: ignore[arg-type]
        html = render_template(
            "national/_snapshot.html", snapshot=page.snapshot, previous=page.previous, charts=charts, **wording.HELPERS
        )
        return _Content(Markup(html), bool(charts))  # noqa: S704 -- rendered by Jinja with autoescape

    return _contents.get_or_make(page.key, render)


def _render(page: service.SnapshotPage):
    content = _content(page) if page.snapshot is not None else _Content(Markup(""), False)
    return render_template(
        "national/show.html",
        snapshot=page.snapshot,
        earlier=page.earlier,
        content=content.html,
        has_charts=content.has_charts,
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
