"""The PDF of a national snapshot: the report pipeline's WeasyPrint (a tagged
PDF/UA-1 document) and its chart renderer, on the snapshot's stored figures
and the same two charts as the page."""

from __future__ import annotations

from datetime import date

from flask import render_template

from selfassess.data.models import NationalSnapshot
from selfassess.national import charts, wording
from selfassess.national.service import SnapshotPage
from selfassess.reports import build, render


def page_charts(snapshot: NationalSnapshot) -> dict[str, charts.Chart]:
    return charts.for_snapshot(snapshot.figures)


def snapshot_pdf(page: SnapshotPage) -> bytes:
    """Raises ``build.ReportError`` when a chart cannot be drawn."""
    assert page.snapshot is not None  # noqa: S101 -- a page of a snapshot that exists
    try:
        render.start()
        wanted = page_charts(page.snapshot)
        drawing = dict(zip(wanted, render.submit([c.figure for c in wanted.values()]), strict=True))
    except render.ChartRenderingError as error:  # no Chromium to start
        raise build.ReportError(str(error)) from error
    html = render_template(
        "national/report.html",
        snapshot=page.snapshot,
        previous=page.previous,
        charts={key: build.Chart(key, chart.alt, f"chart:{key}") for key, chart in wanted.items()},
        produced=date.today(),
        **wording.HELPERS,
    )
    return build.pdf_from_html(html, drawing)


def filename(snapshot: NationalSnapshot | None) -> str:
    when = snapshot.published_at if snapshot is not None else None
    return f"selfassess-national-picture-{when:%Y-%m-%d}.pdf" if when else "selfassess-national-picture.pdf"
