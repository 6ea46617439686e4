"""Results of a round, agreeing a level where people disagree, and the
adviser dashboard. The workflows are in ``results/service.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from selfassess import access, cache
from selfassess.results import dashboard as adviser_dashboard
from selfassess.results import service
from selfassess.results.forms import RATIONALE_MAX, DashboardForm, RemoveAgreedForm, filled_agree_form

if TYPE_CHECKING:
    from selfassess.data.models import Round
    from selfassess.results.compute import RoundResults

bp = Blueprint("results", __name__)

# The "every question" and "themes" part of a results page, kept per round,
# results version and kind of viewer: the page's heaviest part, the same for
# everyone who sees that round's results the same way.
_details = cache.named("results page details", 512)


def _details_html(results: RoundResults, is_lead: bool) -> Markup:
    def render() -> Markup:
        return Markup(  # noqa: S704 - rendered by Jinja with autoescape
            render_template(
                "results/_details.html",
                results=results,
                round_=results.round_,
                questionnaire=results.questionnaire,
                result=results.result,
                charts=service.domain_charts(results),
                is_lead=is_lead,
            )
        )

    return _details.get_or_make((results.results_key, is_lead), render)


@bp.get("/rounds/<int:round_id>/results")
@access.round_results
def show(round_: Round):
    page = service.results_page(round_, current_user)
    content, has_charts = _content(page)
    return render_template(
        "results/show.html", round_=round_, is_lead=page.is_lead, content=content, has_charts=has_charts
    )


# A results page's content and whether it has charts, kept under a key that
# changes with everything it shows (service.results_page): only the page
# around it is made per request.
_contents = cache.named("results page content", 512)


def _content(page: service.ResultsPage) -> tuple[Markup, bool]:
    def render() -> tuple[Markup, bool]:
        results = page.results
        html = render_template(
            "results/_content.html",
            results=results,
            round_=page.round_,
            questionnaire=results.questionnaire,
            result=results.result,
            charts=page.charts,
            details_html=lambda: _details_html(results, page.is_lead),
            is_lead=page.is_lead,
            can_download=page.can_download,
        )
        return Markup(html), bool(page.charts)  # noqa: S704 - rendered by Jinja with autoescape

    return _contents.get_or_make(page.key, render)


@bp.get("/rounds/<int:round_id>/what-happens-next")
@access.round_results
def what_happens_next(round_: Round):
    """For the people who took part: what they told us and what happens next, in words."""
    return render_template("results/what_happens_next.html", round_=round_, page=service.what_happens_next(round_))


@bp.route("/rounds/<int:round_id>/results/agree/<indicator_id>", methods=["GET", "POST"])
@access.round_lead
def agree(round_: Round, indicator_id: str):
    agreeing = service.agreeing(round_, indicator_id)
    existing = agreeing.existing
    form = filled_agree_form(agreeing.results.questionnaire, agreeing.indicator, existing)
    if form.validate_on_submit():
        outcome = service.record_agreed(round_, agreeing.indicator, form.value.data, form.rationale.data, current_user)
        flash(outcome.message, outcome.category)
        return redirect(url_for("results.show", round_id=round_.id) + f"#indicator-{indicator_id}")
    return render_template(
        "results/agree.html",
        form=form,
        round_=round_,
        results=agreeing.results,
        indicator=agreeing.indicator,
        outcome=agreeing.outcome,
        counts=agreeing.counts,
        notes=agreeing.notes,
        existing=existing,
        remove_form=RemoveAgreedForm(),
        rationale_max=RATIONALE_MAX,
    )


@bp.post("/rounds/<int:round_id>/results/agree/<indicator_id>/remove")
@access.round_lead
def remove_agreed(round_: Round, indicator_id: str):
    if not RemoveAgreedForm().validate_on_submit():
        abort(400)
    outcome = service.remove_agreed(round_, indicator_id, current_user)
    if outcome is not None:
        flash(outcome.message, outcome.category)
    return redirect(url_for("results.show", round_id=round_.id))


@bp.get("/adviser")
@access.adviser
def dashboard():
    """Filtered and sorted by GET parameters, so a view can be bookmarked."""
    form = DashboardForm(formdata=request.args)
    page = adviser_dashboard.dashboard(current_user, form.filters)
    form.show(page)
    return render_template("results/dashboard.html", form=form, page=page, heat=page.heat)
