"""PDF report speed, measured against WeasyPrint alone in the same run.

    .venv/bin/python -m bench.report_speed

In a fresh process (with the demo data): the time for the first report
(Chromium for the charts starts then); then ten further reports, each for a
different round so that no chart comes from a cache; and, as the baseline,
the time WeasyPrint alone takes to render each of those reports' final HTML
(charts already inlined). Targets: the median report at most 1.5 times its
WeasyPrint-only time, and the first report at most its WeasyPrint-only
time plus 3 s.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile

from bench.common import ROOT

CHILD = """
import io, json, sys, time
from datetime import date
from pypdf import PdfReader
from selfassess import cache, create_app
from selfassess.data import rounds
from selfassess.data.models import Round
from selfassess.data.base import db
from selfassess.reports import build, render
from selfassess.results import compute
from sqlalchemy import select

app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "SECRET_KEY": "speed", "ENV": "development"})
out = []
with app.app_context():
    ids = [r.id for r in db.session.scalars(select(Round).order_by(Round.id)) if compute.scored_round(r).result is not None]
    cache.clear_all()
    produced = date.today()
    for index, round_id in enumerate(ids[:11]):
        round_ = rounds.get(round_id)
        began = time.perf_counter()
        pdf = build.report_pdf(round_, produced=produced)
        report_seconds = time.perf_counter() - began
        html = build.report_html(round_, produced=produced)  # charts now cached: the final HTML
        began = time.perf_counter()
        build.pdf_from_html(html)
        weasy_seconds = time.perf_counter() - began
        out.append({"round": round_id, "report": report_seconds, "weasyprint": weasy_seconds,
                    "pages": len(PdfReader(io.BytesIO(pdf)).pages), "charts drawn so far": render.renders})
print(json.dumps(out))
"""


def main() -> int:
    folder = tempfile.mkdtemp(prefix="selfassess-speed-")
    url = f"sqlite:///{folder}/speed.sqlite"
    seed = (
        "from flask_migrate import upgrade\nfrom selfassess import create_app\nfrom selfassess.demo import seed\n"
        "from selfassess.data.base import db\n"
        f"app = create_app({{'SQLALCHEMY_DATABASE_URI': {url!r}, 'SECRET_KEY': 's', 'ENV': 'development'}})\n"
        "with app.app_context():\n    upgrade()\n    seed()\n    db.session.commit()\n"
    )
    subprocess.run([sys.executable, "-c", seed], cwd=ROOT, check=True, capture_output=True)
    result = subprocess.run([sys.executable, "-c", CHILD, url], cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        print(result.stderr[-3000:])
        return 1
    rows = json.loads(result.stdout.strip().splitlines()[-1])
    first, rest = rows[0], rows[1:]
    print(f"{'report':<10}{'round':>6}{'pages':>7}{'report s':>10}{'WeasyPrint s':>14}{'ratio':>8}")
    for index, row in enumerate(rows):
        label = "first" if index == 0 else f"{index}"
        print(
            f"{label:<10}{row['round']:>6}{row['pages']:>7}{row['report']:>10.2f}{row['weasyprint']:>14.2f}"
            f"{row['report'] / row['weasyprint']:>8.2f}"
        )
    median_report = statistics.median(r["report"] for r in rest)
    median_weasy = statistics.median(r["weasyprint"] for r in rest)
    first_ok = first["report"] <= first["weasyprint"] + 3
    median_ok = median_report <= 1.5 * median_weasy
    print(
        f"\nfirst report: {first['report']:.2f} s against WeasyPrint alone {first['weasyprint']:.2f} s "
        f"(+{first['report'] - first['weasyprint']:.2f} s; target at most +3 s): {'ok' if first_ok else 'MISSED'}"
    )
    print(
        f"median of {len(rest)} further reports: {median_report:.2f} s against WeasyPrint alone {median_weasy:.2f} s "
        f"(x{median_report / median_weasy:.2f}; target at most x1.5): {'ok' if median_ok else 'MISSED'}"
    )
    print(f"pages: {min(r['pages'] for r in rows)} to {max(r['pages'] for r in rows)}")
    return 0 if first_ok and median_ok else 1


if __name__ == "__main__":
    sys.exit(main())
