"""Load benchmark: the app under gunicorn with national-scale data, against
a minimal Flask app under the same gunicorn settings, in the same run.

    .venv/bin/python -m bench.load [--seconds 20] [--clients 10] [--workers 3] [--backends sqlite,postgresql] [--wrk]

For each backend it seeds 31 partnerships x 10 rounds x 12 respondents,
publishes a national picture, starts both servers, and drives each
scenario from a separate process over loopback for a fixed time, then
prints requests per second and p50/p95 latency beside the baseline's, and
whether the targets hold: questionnaire page and save at least 50% of the
baseline's throughput with p95 at most 2.5 times the baseline's; results
page, dashboard, compare (the adviser comparing 3 to 6 partnerships) and
the national picture at least 50% of its throughput.

The Python load generator shares the machine's cores with the server;
``--wrk`` measures the GET pages again with wrk (C, when it is on PATH),
signed in with a cookie from the same sign-in (bench/load_wrk.py).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from bench import load_wrk
from bench.common import ROOT, app_env, database, gunicorn, migrate_and, write_json
from selfassess.questionnaire import load

TARGETS = {
    "questionnaire": (0.50, 2.5),
    "save": (0.50, 2.5),
    "results": (0.50, None),
    "dashboard": (0.50, None),
    "compare": (0.50, None),
    "national": (0.50, None),
}


def setup_for(url: str) -> dict:
    script = """
import json
from sqlalchemy import select
from selfassess.data.base import db
from selfassess.data.models import Partnership, Round, RoundStatus
from selfassess.demo import scaled
summary = scaled.seed()
partnerships = list(db.session.scalars(select(Partnership).order_by(Partnership.name)))
drafting, leads = [], []
for index, partnership in enumerate(partnerships):
    rounds = list(db.session.scalars(select(Round).where(Round.partnership_id == partnership.id).order_by(Round.opens_on.desc())))
    open_round = next(r for r in rounds if r.status == RoundStatus.OPEN)
    closed = next(r for r in rounds if r.status == RoundStatus.CLOSED)
    drafting.append({"email": scaled.drafting_email(index), "round_id": open_round.id})
    leads.append({"email": scaled.lead_email(index), "round_id": closed.id})
# The adviser is also an adviser of a national body, and an administrator
# publishes the national picture for them to read.
from flask import current_app
from selfassess.data.models import Account
from selfassess.national import service as national
adviser = db.session.scalar(select(Account).where(Account.email == scaled.ADVISER_EMAIL))
adviser.is_national = True
admin = Account(email="admin.bench@example.org", name="Bench Administrator", is_admin=True)
db.session.add(admin)
db.session.commit()
with current_app.test_request_context():
    outcome = national.publish(admin)
assert outcome.category != "error", outcome.message
ids = [p.id for p in partnerships]
print(json.dumps({"summary": summary, "drafting": drafting, "leads": leads, "adviser": scaled.ADVISER_EMAIL, "password": scaled.PASSWORD, "partnership_ids": ids}))
"""
    output = migrate_and(url, script)
    setup = json.loads(output.strip().splitlines()[-1])
    setup["domains"] = [d.id for d in load(ROOT / "questionnaires" / "co-production-maturity.yaml").domains]
    return setup


def drive(scenario: str, base: str, clients: int, seconds: float, setup: dict) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.loadgen", scenario, base, str(clients), str(seconds), json.dumps(setup)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{scenario}: {result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def print_rows(label: str, baseline: dict, rows: dict, args: argparse.Namespace) -> bool:
    """The table of one run, each page beside the baseline; whether every target holds."""
    all_ok = True
    print(f"   {label}: {args.workers} gunicorn workers, {args.clients} clients, {args.seconds:.0f} s per scenario")
    print(
        f"   {'page':<14}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'of baseline req/s':>20}{'p95 / baseline':>16}  target"
    )
    print(f"   {'baseline':<14}{baseline['rps']:>9}{baseline['p50_ms']:>9}{baseline['p95_ms']:>9}")
    for scenario, row in rows.items():
        share = row["rps"] / baseline["rps"]
        p95_ratio = row["p95_ms"] / baseline["p95_ms"] if baseline["p95_ms"] else 0
        minimum, p95_max = TARGETS[scenario]
        ok = share >= minimum and (p95_max is None or p95_ratio <= p95_max) and not row["unexpected"]
        all_ok &= ok
        target = f">= {minimum:.0%}" + (f", p95 <= {p95_max:g}x" if p95_max else "")
        print(
            f"   {scenario:<14}{row['rps']:>9}{row['p50_ms']:>9}{row['p95_ms']:>9}{share:>19.0%}"
            f"{p95_ratio:>15.2f}x  {target}: {'ok' if ok else 'MISSED'}"
            + (f" unexpected statuses {row['unexpected']}" if row["unexpected"] else "")
        )
    return all_ok


def run_backend(backend: str, args: argparse.Namespace) -> tuple[bool, dict]:
    with database(backend) as url:
        print(f"\n== {backend}: seeding 31 partnerships x 10 rounds x 12 respondents ...", flush=True)
        setup = setup_for(url)
        print(f"   {setup['summary']['responses']} responses, {setup['summary']['answers']} answers", flush=True)
        rows, wrk_rows, wrk_baseline = {}, {}, None
        use_wrk = args.wrk and load_wrk.available()
        with gunicorn("bench.baseline_app:app", app_env(url), workers=args.workers) as (base, _):
            baseline = drive("baseline", base, args.clients, args.seconds, setup)
            if use_wrk:
                wrk_baseline = load_wrk.measure("baseline", base, args.clients, args.seconds, setup)
        with gunicorn("selfassess:create_app()", app_env(url), workers=args.workers) as (base, _):
            for scenario in TARGETS:
                rows[scenario] = drive(scenario, base, args.clients, args.seconds, setup)
            for scenario in load_wrk.SCENARIOS[1:] if use_wrk else ():
                wrk_rows[scenario] = load_wrk.measure(scenario, base, args.clients, args.seconds, setup)
        all_ok = print_rows("Python load generator", baseline, rows, args)
        report = {"baseline": baseline, **rows}
        if args.wrk and not use_wrk:
            print("   wrk is not on PATH: no wrk rows (apt-get install wrk)")
        if wrk_baseline is not None:
            all_ok &= print_rows("wrk", wrk_baseline, wrk_rows, args)
            report["wrk"] = {"baseline": wrk_baseline, **wrk_rows}
    return all_ok, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--wrk", action="store_true", help="also measure the GET pages with wrk, when it is on PATH")
    args = parser.parse_args()
    all_ok = True
    report = {}
    for backend in args.backends.split(","):
        ok, report[backend] = run_backend(backend, args)
        all_ok &= ok
    write_json(ROOT / "instance" / "bench" / "load.json", report)
    print("\nAll targets hold." if all_ok else "\nSome targets were missed.")
    return 0 if all_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
