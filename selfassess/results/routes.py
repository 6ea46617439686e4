"""Results of a round, agreeing a level where people disagree, and the
adviser dashboard."""

from __future__ import annotations

import json
from collections import OrderedDict
from threading import Lock

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup

from selfassess import access, disclosure, scoring
from selfassess.data import accounts, audit, partnerships, rounds, versions
from selfassess.data import agreed as agreed_answers
from selfassess.data.base import db
from selfassess.data.models import Round
from selfassess.results import compute, figures
from selfassess.results.forms import RATIONALE_MAX, RemoveAgreedForm, agree_form

bp = Blueprint("results", __name__)


def chart_json(figure: figures.Figure) -> str:
    # Inside <script type="application/json">: "</" must not end the element.
    return json.dumps(figure.figure, separators=(",", ":")).replace("</", "<\\/")


# The "every question" and "themes" part of a results page, kept per round,
# results version and kind of viewer: the page's heaviest part, the same for
# everyone who sees that round's results the same way.
_details: OrderedDict[tuple, Markup] = OrderedDict()
_details_lock = Lock()


def _details_html(results: compute.RoundResults, is_lead: bool) -> Markup:
    key = (compute.cache_key(results.round_), is_lead)
    with _details_lock:
        if key in _details:
            _details.move_to_end(key)
            return _details[key]
    charts = {
        f"domain-{domain.id}": figures.domain_bars(results, domain.id) for domain in results.questionnaire.domains
    }
    html = Markup(  # noqa: S704 - rendered by Jinja with autoescape
        render_template(
            "results/_details.html",
            results=results,
            round_=results.round_,
            questionnaire=results.questionnaire,
            result=results.result,
            charts=charts,
            chart_json=chart_json,
            is_lead=is_lead,
        )
    )
    with _details_lock:
        _details[key] = html
        while len(_details) > 512:
            _details.popitem(last=False)
    return html


@bp.get("/rounds/<int:round_id>/results")
@access.round_results
def show(round_: Round):
    results = compute.results_for(round_)
    is_lead = access.can_lead(current_user, round_)
    charts = {}
    if results.result is not None:
        charts["radar"] = figures.summary_radar(results)
    return render_template(
        "results/show.html",
        results=results,
        round_=round_,
        questionnaire=results.questionnaire,
        result=results.result,
        charts=charts,
        chart_json=chart_json,
        details_html=lambda: _details_html(results, is_lead),
        is_lead=is_lead,
        can_download=access.can_download_report(current_user, round_),
        stage=lambda score: scoring.stage(results.questionnaire, score),
        min_responses=disclosure.MIN_RESPONSES,
        min_group=disclosure.MIN_GROUP,
    )


@bp.route("/rounds/<int:round_id>/results/agree/<indicator_id>", methods=["GET", "POST"])
@access.round_lead
def agree(round_: Round, indicator_id: str):
    results = compute.results_for(round_, with_evidence=True)
    if results.result is None:
        abort(404)
    try:
        indicator = results.questionnaire.indicator(indicator_id)
    except KeyError:
        abort(404)
    existing = results.agreed.get(indicator_id)
    form_class = agree_form(results.questionnaire, indicator)
    form = form_class(data={"value": existing.value, "rationale": existing.rationale} if existing else None)
    if form.validate_on_submit():
        agreed_answers.record(round_, indicator_id, form.value.data, form.rationale.data, current_user)
        audit.record_round("agreed level", round_, current_user, indicator=indicator_id, value=form.value.data)
        db.session.commit()
        flash(f"The agreed level for “{indicator.title}” is saved, and the results now use it.", "success")
        return redirect(url_for("results.show", round_id=round_.id) + f"#indicator-{indicator_id}")
    return render_template(
        "results/agree.html",
        form=form,
        round_=round_,
        results=results,
        indicator=indicator,
        outcome=results.result.indicator(indicator_id),
        counts=results.result.distribution[indicator_id],
        notes=results.evidence.get(indicator_id, []),
        existing=existing,
        remove_form=RemoveAgreedForm(),
        rationale_max=RATIONALE_MAX,
    )


@bp.post("/rounds/<int:round_id>/results/agree/<indicator_id>/remove")
@access.round_lead
def remove_agreed(round_: Round, indicator_id: str):
    form = RemoveAgreedForm()
    if not form.validate_on_submit():
        abort(400)
    if agreed_answers.remove(round_, indicator_id):
        audit.record_round("removed agreed level", round_, current_user, indicator=indicator_id)
        db.session.commit()
        flash("The agreed level is removed; the results use everyone's answers again.", "success")
    return redirect(url_for("results.show", round_id=round_.id))


@bp.get("/adviser")
@access.adviser
def dashboard():
    ids = accounts.advised_partnership_ids(current_user)
    supported = partnerships.by_ids(ids)
    latest = rounds.latest_for_partnerships([p.id for p in supported])
    scored = compute.scored_rounds(list(latest.values()))
    rows = []
    heat_rows = []
    questionnaire = None
    for partnership in supported:
        round_ = latest.get(partnership.id)
        scored_round = scored.get(round_.id) if round_ else None
        rows.append((partnership, round_, scored_round))
        if scored_round is not None and scored_round.result is not None:
            q = versions.questionnaire_for(round_.questionnaire_version)
            if questionnaire is None:
                questionnaire = q
            if q.id == questionnaire.id and q.major == questionnaire.major:
                heat_rows.append((partnership.name, [scored_round.result.domain(d.id).score for d in q.domains]))
    heat = figures.dashboard_heatmap(questionnaire, heat_rows) if questionnaire and heat_rows else None
    return render_template(
        "results/dashboard.html",
        rows=rows,
        heat=heat,
        heat_rows=heat_rows,
        questionnaire=questionnaire,
        chart_json=chart_json,
    )
