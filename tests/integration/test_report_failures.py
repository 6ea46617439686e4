"""When a report cannot be built because a chart cannot be drawn: the
adviser's ZIP holds the other reports and names the partnership whose report
is missing, a new ZIP can be started at once, and a report download answers
with the app's own error page.

The failures are real ones: kaleido draws the charts in Chromium and
WeasyPrint lays out the PDF, as always; only what they are given is broken
(a browser that does not exist, or a chart whose data plotly.js refuses).
WeasyPrint reports a resource it could not fetch as ``FatalURLFetchingError``,
which is not an ``Exception``: before this was handled the ZIP job stopped at
"Building report 0 of N" for good and the download gave gunicorn's bare
"Internal Server Error".
"""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import re
import time
import zipfile

import pytest

from selfassess.data import audit
from selfassess.reports import render
from selfassess.results import figures
from tests import factories
from tests.db import selfassess_command
from tests.integration.results_helpers import archived, archived_version, pdf_text, round_on
from tests.pages import page
from tests.signing_in import csrf_token, sign_in

ADVISER = "adviser@example.org"


@pytest.fixture
def no_chromium(monkeypatch):
    """A chart renderer pointed at a browser that does not exist, as on a
    server where Chromium is missing or will not start."""
    broken = render._Renderer()
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    monkeypatch.setattr(render, "_renderer", broken)
    render._drawings.clear()  # charts drawn by earlier tests would come from the cache
    yield
    render._drawings.clear()
    loop = broken._loop
    if loop is not None:  # its thread ends, and the loop is closed, as the process's own never is
        loop.call_soon_threadsafe(loop.stop)
        for _ in range(100):
            if not loop.is_running():
                break
            time.sleep(0.05)
        loop.close()


@pytest.fixture
def undrawable_radar(monkeypatch):
    """``undrawable_radar("Angus")``: the summary radar chart of that
    partnership's report is given data plotly.js refuses to draw."""

    def breaking(name: str) -> None:
        real = figures.summary_radar

        def radar(results, **kwargs):
            made = real(results, **kwargs)
            if results.round_.partnership.name != name:
                return made
            return dataclasses.replace(made, figure={**made.figure, "data": "not a list of traces"})

        monkeypatch.setattr(figures, "summary_radar", radar)

    return breaking


@pytest.fixture
def app_log(app, caplog, monkeypatch):
    """The errors the app logs. Alembic's logging set-up (migrations/env.py)
    turns off the loggers that exist when the tests' databases are migrated,
    the app's among them, so it is turned back on."""
    monkeypatch.setattr(app.logger, "disabled", False)
    caplog.set_level(logging.ERROR)
    return caplog


def scored_rounds(names: list[str]) -> list:
    """A closed round of each partnership, with three responses: enough for
    its report to have charts."""
    made = []
    for index, name in enumerate(names):
        round_ = round_on(archived_version(), name, title=f"{name} 2026", closed=False)
        for level in (1 + index % 3, 2, 3):
            factories.response(round_, factories.all_answers(level, archived()), perspective="community")
        made.append(factories.close(round_))
    return made


def start_zip(client) -> str:
    """Ask for the ZIP; the message the page then shows."""
    token = csrf_token(client, "/adviser/reports")
    return page(client, "/adviser/reports", method="POST", data={"csrf_token": token}, follow=True).text()


def finished(client) -> dict:
    """The latest job's status, once it has finished (or after two minutes)."""
    status: dict = {}
    for _ in range(240):
        html = client.get("/adviser/reports").get_data(as_text=True)
        status = client.get(re.search(r'data-job-status="([^"]+)"', html)[1]).get_json()
        if status["status"] in ("done", "failed"):
            break
        time.sleep(0.5)
    return status


def test_a_report_that_cannot_be_built_is_named_and_the_others_are_in_the_zip(
    app, client, undrawable_radar, app_log, monkeypatch
):
    scored_rounds(["Fife", "Angus", "Highland"])
    factories.adviser(ADVISER, ["Fife", "Angus", "Highland"])
    undrawable_radar("Angus")
    sign_in(client, ADVISER)
    start_zip(client)
    status = finished(client)
    assert any("(Angus) could not be built" in r.getMessage() for r in app_log.records), app_log.text
    assert status["status"] == "failed", status
    assert status["done"] == status["total"] == 3
    message = status["message"]
    assert "The report for Angus could not be built" in message, message
    assert "The ZIP holds the other 2 reports" in message, message
    assert "Fife" not in message and "Highland" not in message

    shown = page(client, "/adviser/reports")
    assert message in shown.text()
    link = shown.soup.find("a", string=re.compile("Download the ZIP file"))
    assert link is not None, "the reports that were built can be downloaded"
    archive = zipfile.ZipFile(io.BytesIO(client.get(link["href"]).data))
    names = sorted(archive.namelist())
    assert len(names) == 2 and not any("angus" in n for n in names), names
    for name, partnership in zip(names, ["Fife", "Highland"], strict=True):
        assert f"{partnership} 2026" in pdf_text(archive.read(name))
    downloaded = [e for e in audit.events() if e.action == "downloaded all reports"]
    assert len(downloaded) == 1 and json.loads(downloaded[0].detail)["reports"] == 2

    # A failed job does not hold up the next one, which (the chart mended) has every report.
    monkeypatch.undo()
    assert "Building the reports has started" in start_zip(client)
    assert finished(client) == {"status": "done", "done": 3, "total": 3, "message": None}


@pytest.mark.usefixtures("no_chromium")
def test_when_no_chart_can_be_drawn_the_job_fails_with_no_zip(app, client):
    scored_rounds(["Fife", "Angus"])
    factories.adviser(ADVISER, ["Fife", "Angus"])
    sign_in(client, ADVISER)
    start_zip(client)
    status = finished(client)
    assert status["status"] == "failed", status
    assert "None of the 2 reports could be built" in status["message"], status["message"]
    assert "Angus" in status["message"] and "Fife" in status["message"]
    shown = page(client, "/adviser/reports")
    assert "Download the ZIP file" not in shown.text()
    assert "Build all reports again" in shown.html
    assert "Building the reports has started" in start_zip(client)
    assert finished(client)["status"] == "failed"


@pytest.mark.usefixtures("no_chromium")
def test_a_report_whose_chart_cannot_be_drawn_answers_with_the_error_page(app, client, app_log):
    [round_] = scored_rounds(["Fife"])
    round_id = round_.id
    factories.lead("lead@example.org")
    sign_in(client, "lead@example.org")
    shown = page(client, f"/rounds/{round_id}/report.pdf", status=500)
    assert shown.h1 == "Sorry, the report could not be made"
    assert "one of its charts could not be drawn" in shown.text()
    assert shown.soup.find("header") is not None, "the app's own layout"
    assert any(f"report of round {round_id}" in r.getMessage() for r in app_log.records), app_log.text
    assert "downloaded report" not in [e.action for e in audit.events()], "no report was downloaded"


def test_the_report_command_says_why_it_wrote_no_pdf(app, tmp_path):
    [round_] = scored_rounds(["Fife"])
    target = tmp_path / "fife.pdf"
    env = {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SELFASSESS_SECRET_KEY": "x",
        "SELFASSESS_ENV": "test",
        "BROWSER_PATH": "/nonexistent/chromium",
    }
    result = selfassess_command("report", str(round_.id), "-o", str(target), env=env)
    assert result.returncode == 1, result.stderr
    assert f"The report of round {round_.id} could not be built" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not target.exists()
