"""Comparing partnerships side by side, and the comparison as CSV, for an
adviser. The workflow is in ``compare/service.py``."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_login import current_user

from selfassess import access
from selfassess.compare import service
from selfassess.compare.forms import MAX_CHOSEN, MIN_CHOSEN, compare_form

bp = Blueprint("compare", __name__)

# The compare button's name: with it, the form was sent (perhaps with nothing
# ticked); without it or any partnership, the page is a first visit.
SENT = "compare"


def _read():
    """The form, and the comparison when the query string asks for a valid one."""
    supported = service.supported(current_user)
    values = request.args.getlist("partnership")
    chosen = service.chosen(supported, values)
    form = compare_form(request.args, [(p.id, p.name) for p in supported])
    asked = bool(values) or SENT in request.args
    comparison = service.compare(chosen) if asked and form.validate() else None
    return form, chosen, comparison


@bp.get("/adviser/compare")
@access.adviser
def show():
    form, chosen, comparison = _read()
    return render_template(
        "compare/show.html",
        form=form,
        comparison=comparison,
        chosen_ids=[p.id for p in chosen],
        min_chosen=MIN_CHOSEN,
        max_chosen=MAX_CHOSEN,
        sent=SENT,
    )


@bp.get("/adviser/compare.csv")
@access.adviser
def csv():
    _form, chosen, comparison = _read()
    if comparison is None:
        # Too few or too many: the page says so.
        return redirect(url_for("compare.show", partnership=[p.id for p in chosen], **{SENT: ""}))
    response = Response(service.as_csv(comparison), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="comparison.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response
