"""Comparing partnerships side by side, and the comparison as CSV, for an
adviser. The workflow is in ``compare/service.py``."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from selfassess import access, cache
from selfassess.compare import service
from selfassess.compare.forms import MAX_CHOSEN, MIN_CHOSEN, compare_form

bp = Blueprint("compare", __name__)

# The compare button's name: with it, the form was sent (perhaps with nothing
# ticked); without it or any partnership, the page is a first visit.
SENT = "compare"


def _read():
    """The form, the partnerships chosen, and whether the query string asks for a valid comparison."""
    supported = service.supported(current_user)
    values = request.args.getlist("partnership")
    chosen = service.chosen(supported, values)
    form = compare_form(request.args, [(p.id, p.name) for p in supported])
    asked = bool(values) or SENT in request.args
    return form, chosen, asked and form.validate()


@dataclass(frozen=True)
class _Content:
    html: Markup
    has_chart: bool


# A comparison as the page shows it, kept while the rounds and names behind it stay the same (service.key).
_contents = cache.named("comparisons", 256)


def _content(chosen: list) -> _Content:
    def render() -> _Content:
        comparison = service.compare(chosen)
        ids = [p.id for p in chosen]
        html = render_template("compare/_comparison.html", comparison=comparison, chosen_ids=ids)
        return _Content(Markup(html), comparison.chart is not None)  # noqa: S704 -- rendered by Jinja with autoescape

    return _contents.get_or_make(service.key(chosen), render)


@bp.get("/adviser/compare")
@access.adviser
def show():
    form, chosen, valid = _read()
    content = _content(chosen) if valid else None
    return render_template(
        "compare/show.html",
        form=form,
        comparison=content.html if content else None,
        has_chart=bool(content and content.has_chart),
        min_chosen=MIN_CHOSEN,
        max_chosen=MAX_CHOSEN,
        sent=SENT,
    )


@bp.get("/adviser/compare.csv")
@access.adviser
def csv():
    _form, chosen, valid = _read()
    comparison = service.compare(chosen) if valid else None
    if comparison is None:
        # Too few or too many: the page says so.
        return redirect(url_for("compare.show", partnership=[p.id for p in chosen], **{SENT: ""}))
    response = Response(service.as_csv(comparison), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="comparison.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response
