"""The PDF report: what an improvement adviser takes into a planning session
and a Chief Officer circulates to their board.

HTML from ``templates/reports/report.html`` rendered by WeasyPrint as a
tagged PDF/UA-1 document. Every number comes from the same ``RoundResults``
as the web page, and every chart from the same plotly figure builders,
drawn to SVG by ``reports/render.py``.
"""

from __future__ import annotations

import base64
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date

from flask import current_app, render_template
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from selfassess import scoring
from selfassess.data import actions
from selfassess.data.models import Round
from selfassess.data.partnerships import slugify
from selfassess.reports import plan, render
from selfassess.results import compute, figures, wording


class ReportError(RuntimeError):
    """A report could not be built: one of its charts could not be drawn (or,
    in principle, WeasyPrint could not fetch another of its resources; only
    data: and chart: URLs are fetched). The cause is chained."""


@dataclass(frozen=True)
class Chart:
    key: str
    alt: str
    src: str  # a data: URI, or chart:KEY while the SVG is still being drawn


def _wanted_figures(results: compute.RoundResults) -> dict[str, figures.Figure]:
    if results.result is None:
        return {}
    wanted: dict[str, figures.Figure | None] = {
        "radar": figures.summary_radar(results, for_print=True),
        "perspectives": figures.perspectives_radar(results),
    }
    for domain in results.questionnaire.domains:
        wanted[f"domain-{domain.id}"] = figures.domain_bars(results, domain.id)
    wanted["change"] = figures.change_bars(results)
    wanted["peers"] = figures.peer_bars(results)
    return {key: figure for key, figure in wanted.items() if figure is not None}


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _render(round_: Round, produced: date | None, *, inline: bool) -> tuple[str, dict[str, Future[str]]]:
    render.start()  # Chromium starts while the results are worked out
    results = compute.results_for(round_, with_evidence=True)
    wanted = _wanted_figures(results)
    drawing = dict(zip(wanted, render.submit([f.figure for f in wanted.values()]), strict=True))
    charts = {
        key: Chart(key, figure.alt, _data_uri(render.result(drawing[key])) if inline else f"chart:{key}")
        for key, figure in wanted.items()
    }
    html = render_template(
        "reports/report.html",
        results=results,
        round_=round_,
        questionnaire=results.questionnaire,
        result=results.result,
        study=results.questionnaire.study,
        charts=charts,
        produced=produced or date.today(),
        stage=lambda score: scoring.stage(results.questionnaire, score),
        glossary=wording.glossary(results.questionnaire),
        plan=plan.planned(results.questionnaire, actions.for_round(round_.id)),
        plan_not_written=plan.NOT_WRITTEN,
    )
    return html, drawing


def report_html(round_: Round, *, produced: date | None = None) -> str:
    """The report as self-contained HTML, charts inlined: what WeasyPrint renders."""
    html, _ = _render(round_, produced, inline=True)
    return html


class _ReportFetcher(URLFetcher):
    """Resources for the report: inlined data: URIs and the charts being
    drawn (chart:KEY, waited for only when WeasyPrint reaches them). Nothing
    else is fetched: no file from disk, nothing from the network."""

    def __init__(self, drawing: dict[str, Future[str]] | None = None) -> None:
        super().__init__(allowed_protocols={"data", "chart"}, fail_on_errors=True)
        self._drawing = drawing or {}

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url.startswith("chart:"):
            try:
                svg = render.result(self._drawing[url.removeprefix("chart:")])
            except render.ChartRenderingError as error:
                current_app.logger.error("report chart %s: %s", url, error)
                raise
            return URLFetcherResponse(url, svg.encode(), {"Content-Type": "image/svg+xml"})
        return super().fetch(url, headers)


# WeasyPrint makes no promise of thread safety, and a process can build a
# report for a download while a background thread builds the ZIP.
_pdf_lock = threading.Lock()


def pdf_from_html(html: str, drawing: dict[str, Future[str]] | None = None) -> bytes:
    """WeasyPrint alone: HTML to a tagged PDF/UA-1 document. Raises
    ``ReportError`` when a chart cannot be fetched."""
    with _pdf_lock:
        try:
            return HTML(string=html, url_fetcher=_ReportFetcher(drawing)).write_pdf(
                pdf_variant="pdf/ua-1", pdf_tags=True, custom_metadata=True
            )
        except FatalURLFetchingError as error:
            # WeasyPrint stops with this when the fetcher fails. It derives from
            # BaseException, so it would pass every `except Exception` above
            # (the ZIP job, Flask's error pages): it becomes an ordinary error here.
            raise ReportError(f"{error}: {error.__cause__}") from error


def report_pdf(round_: Round, *, produced: date | None = None) -> bytes:
    """The PDF report. WeasyPrint starts laying out the document while the
    charts are still being drawn, and waits for each chart only when it
    reaches it. Raises ``ReportError`` when a chart cannot be drawn."""
    try:
        html, drawing = _render(round_, produced, inline=False)
    except render.ChartRenderingError as error:  # no Chromium to start
        raise ReportError(str(error)) from error
    return pdf_from_html(html, drawing)


def filename(round_: Round) -> str:
    return f"selfassess-{round_.partnership.slug}-{slugify(round_.title)}.pdf"
