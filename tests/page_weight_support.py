"""Page weight as transferred (compressed), per page, with the demo data:
what tests/integration/test_page_weight.py holds to its limits and
``python -m bench.page_weight`` prints.

Each kind of page is fetched as a browser would (Accept-Encoding: br, gzip)
with everything it loads (stylesheet and scripts): the results page must
stay under 500 KB of JavaScript and every other page under 150 KB in all.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import plotly

from selfassess.data import rounds
from selfassess.data.partnerships import by_name
from tests.factories import DEMO_PASSWORD
from tests.pages import decoded
from tests.signing_in import sign_in

ACCEPT = {"Accept-Encoding": "br, gzip"}
JS_LIMIT_RESULTS = 500 * 1024
TOTAL_LIMIT_OTHER = 150 * 1024


def transferred(client, url: str) -> tuple[int, str, bytes]:
    response = client.get(url, headers=ACCEPT)
    try:
        assert response.status_code == 200, (url, response.status_code)
        return len(response.data), response.headers.get("Content-Encoding", "identity"), response.data
    finally:
        response.close()  # static files are streamed from disk


def weigh(client, url: str) -> dict:
    size, encoding, data = transferred(client, url)
    html = decoded(data, encoding)
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(/static/[^"]+)"', html)
    js = css = 0
    for asset in assets:
        asset_size, _encoding, _ = transferred(client, asset)
        if asset.endswith(".js"):
            js += asset_size
        else:
            css += asset_size
    return {"html": size, "css": css, "js": js, "total": size + css + js, "encoding": encoding}


def measure(app) -> dict[str, dict]:
    """Weigh every kind of page, signed in as the person who sees it."""
    with app.app_context():
        fife = by_name("Fife")
        fife_rounds = rounds.for_partnership(fife.id)
        open_round = next(r for r in fife_rounds if r.is_open)
        closed = next(r for r in fife_rounds if not r.is_open)
    pages: dict[str, tuple[str | None, str]] = {
        "sign-in": (None, "/sign-in"),
        "about the questionnaire": (None, "/about"),
        "home (respondent)": ("fife.nhs@example.org", "/"),
        "results (respondent, shared)": ("fife.nhs@example.org", f"/rounds/{closed.id}/results"),
        "answer a section (lead)": ("fife.lead@example.org", f"/rounds/{open_round.id}/answer/culture"),
        "task list (lead)": ("fife.lead@example.org", f"/rounds/{open_round.id}/answer"),
        "round page (lead)": ("fife.lead@example.org", f"/rounds/{open_round.id}/manage"),
        "results (lead)": ("fife.lead@example.org", f"/rounds/{closed.id}/results"),
        "adviser dashboard": ("adviser@example.org", "/adviser"),
        "admin": ("admin@example.org", "/admin/"),
    }
    clients: dict = {}
    weights = {}
    for name, (who, url) in pages.items():
        if who not in clients:
            clients[who] = app.test_client()
            if who:
                sign_in(clients[who], who, DEMO_PASSWORD)
        weights[name] = weigh(clients[who], url)
    return weights


def full_plotly_bundle() -> tuple[int, int]:
    data = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
    return len(gzip.compress(data, 9)), len(brotli.compress(data, quality=11))


def check(weights: dict[str, dict]) -> list[str]:
    problems = []
    for name, weight in weights.items():
        if name.startswith("results") or name == "adviser dashboard":
            if weight["js"] > JS_LIMIT_RESULTS:
                problems.append(f"{name}: {weight['js'] / 1024:.0f} KB of JavaScript (limit 500 KB)")
        elif weight["total"] > TOTAL_LIMIT_OTHER:
            problems.append(f"{name}: {weight['total'] / 1024:.0f} KB in all (limit 150 KB)")
    return problems
