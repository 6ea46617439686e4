"""Administration: the audit log, filtered, a page at a time, and as a CSV.
The filters are GET parameters, so a view can be bookmarked and its CSV is
the same link with ``.csv``."""

from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from selfassess import access
from selfassess.admin import audit_log as service
from selfassess.admin.blueprint import bp
from selfassess.admin.forms import AuditFilterForm
from selfassess.data import partnerships
from selfassess.data.audit import Filter


def _filter_form() -> tuple[AuditFilterForm, Filter | None]:
    """The form filled from the address, and what it asks for (None when a value is wrong)."""
    form = AuditFilterForm(formdata=request.args)
    every = partnerships.all_partnerships()
    form.partnership.choices = [SelectChoice("", "All partnerships")] + [SelectChoice(str(p.id), p.name) for p in every]
    form.kind.choices = [SelectChoice("", "Anything")] + [
        SelectChoice(kind, service.action_words(kind)) for kind in service.kinds()
    ]
    if not form.validate():
        return form, None
    chosen = Filter(
        partnership_id=int(form.partnership.data) if form.partnership.data else None,
        person=form.person.data or None,
        action=form.kind.data or None,
        since=form.day_since,
        until=form.day_until,
    )
    return form, chosen


def _filters() -> dict[str, str]:
    """The filters given, for the pages' and the CSV's links."""
    return {
        key: value for key in ("partnership", "person", "kind", "since", "until") if (value := request.args.get(key))
    }


@bp.get("/audit")
@access.admin
def audit_log():
    form, chosen = _filter_form()
    number = request.args.get("page", "1")
    page = (
        service.page_of(chosen, int(number) if number.isascii() and number.isdigit() else 1)
        if chosen is not None
        else None
    )
    return render_template("admin/audit.html", form=form, page=page, filters=_filters(), filtered=chosen != Filter())


@bp.get("/audit.csv")
@access.admin
def audit_csv():
    _form, chosen = _filter_form()
    if chosen is None:  # the page says what is wrong
        return redirect(url_for("admin.audit_log", **_filters()))
    response = Response(service.as_csv(chosen, current_user), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response
