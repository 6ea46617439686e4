"""Nothing is lost under load and faults. Prints the counts.

    .venv/bin/python -m bench.nothing_lost [--seconds 60] [--clients 100] [--short]

1. concurrent: CLIENTS respondents each save every domain of their
   response over and over for SECONDS, against PostgreSQL and then SQLite
   (WAL mode, busy timeout). No server errors; afterwards the database holds
   exactly the last value each client saved for every answer. On SQLite the
   share of saves that had to be retried is reported.
2. killed worker: a gunicorn worker is killed with SIGKILL in the middle of
   saves. No partial domain is stored (every answer of a domain's page comes from
   the same save), the other workers carry on, and the client that lost its
   request saves again.
3. database outage: PostgreSQL becomes unreachable for 10 s (through a TCP
   proxy in front of it; the shared server itself is not touched). Requests
   in that window get a "service unavailable" page (503), the app recovers
   on its own, and nothing saved before or after is lost.

--short runs each for a few seconds, for `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from bench.common import ROOT, app_env, database, free_port, gunicorn, migrate_and

PASSWORD = "nothing-lost-password"
SEED = """
import json
from datetime import date, timedelta
from selfassess.data import accounts, partnerships, rounds, versions
from selfassess.data.base import db
from pathlib import Path
from flask import current_app
version, _ = versions.load_file(Path(current_app.config["QUESTIONNAIRES_DIR"]) / current_app.config["DEFAULT_QUESTIONNAIRE"])
names = [p.name for p in partnerships.all_partnerships()][:10]
open_rounds = [rounds.create(partnerships.by_name(n), version, "Load test round", date.today() - timedelta(days=7), date.today() + timedelta(days=21)) for n in names]
hashed = accounts.create("template@example.org", "Template", "%(password)s").password_hash
out = []
for i in range(%(clients)d):
    account = accounts.create(f"saver{i:03d}@example.org", f"Saver {i}")
    account.password_hash = hashed
    round_ = open_rounds[i %% len(open_rounds)]
    accounts.add_member(account, round_.partnership, "community")
    out.append({"email": account.email, "round_id": round_.id})
db.session.commit()
print(json.dumps(out))
"""


def seed(url: str, clients: int) -> list[dict]:
    output = migrate_and(url, SEED % {"password": PASSWORD, "clients": clients})
    return json.loads(output.strip().splitlines()[-1])


def start_savers(base: str, seconds: float, people: list[dict], processes: int = 2):
    """Savers in separate processes (threads share one Python's lock)."""
    running = []
    for index in range(processes):
        share = people[index::processes]
        handle, out = tempfile.mkstemp(suffix=".json")
        os.close(handle)
        setup = json.dumps({"people": share, "password": PASSWORD})
        command = [sys.executable, "-m", "bench.saver", base, str(seconds), setup, out]
        running.append((subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True), out))
    for process, _out in running:  # wait until every client has signed in and started saving
        process.stdout.readline()
    return running


def collect(running) -> dict:
    merged: dict = {}
    for process, out in running:
        process.wait(timeout=900)
        merged.update(json.loads(Path(out).read_text()))
        os.unlink(out)
    return merged


def verify(url: str, results: dict) -> dict:
    """Compare the database with what each client last saved."""
    engine = sa.create_engine(url)
    mismatches = partial_domains = checked = 0
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT u.email, a.indicator_id, a.value, a.evidence FROM answer a "
                "JOIN response r ON r.id = a.response_id JOIN account u ON u.id = r.respondent_id"
            )
        ).all()
    stored: dict[str, dict[str, tuple]] = {}
    for email, indicator_id, value, evidence in rows:
        stored.setdefault(email, {})[indicator_id.replace(".", "--")] = (value, evidence)
    for email, result in results.items():
        mine = stored.get(email, {})
        for name, (value, evidence) in result["last"].items():
            checked += 1
            if mine.get(name) != (value, evidence):
                mismatches += 1
        domains: dict[str, set] = {}
        for name, (_value, evidence) in mine.items():
            domains.setdefault(name.split("--")[0], set()).add(evidence)
        partial_domains += sum(1 for saves in domains.values() if len(saves) > 1)
    engine.dispose()
    return {"answers checked": checked, "mismatches": mismatches, "partial domains": partial_domains}


def totals(results: dict) -> dict:
    statuses: Counter = Counter()
    summary = Counter()
    for result in results.values():
        stats = result["stats"]
        statuses.update(stats["statuses"])
        summary.update({k: stats[k] for k in ("saves", "retries", "connection_errors", "gave_up")})
    return {**summary, "statuses": dict(statuses)}


def report(title: str, numbers: dict, checks: dict[str, bool]) -> bool:
    print(f"\n{title}")
    for key, value in numbers.items():
        print(f"   {key}: {value}")
    for check, ok in checks.items():
        print(f"   {'ok ' if ok else 'FAILED'} {check}")
    return all(checks.values())


def server_errors(numbers: dict, allow_503: bool = False) -> int:
    return sum(n for s, n in numbers["statuses"].items() if s.startswith("5") and not (allow_503 and s == "503"))


def concurrent(backend: str, clients: int, seconds: float) -> bool:
    with database(backend) as url:
        people = seed(url, clients)
        with gunicorn("selfassess:create_app()", app_env(url), workers=4, extra=["--timeout", "120"]) as (base, _):
            results = collect(start_savers(base, seconds, people))
        numbers = {**totals(results), **verify(url, results)}
        attempts = numbers["saves"] + numbers["retries"]
        numbers["share of saves retried"] = f"{numbers['retries'] / attempts:.2%}" if attempts else "n/a"
        return report(
            f"{clients} clients saving for {seconds:.0f} s on {backend}",
            numbers,
            {
                "no server errors": server_errors(numbers, allow_503=backend == "sqlite") == 0,
                "every save eventually succeeded": numbers["gave_up"] == 0,
                "the database holds exactly each client's last saved value": numbers["mismatches"] == 0,
                "no domain's answers stored half-saved": numbers["partial domains"] == 0,
                "a small share of retries (under 5%)": attempts > 0 and numbers["retries"] / attempts < 0.05,
            },
        )


def killed_worker(clients: int, seconds: float) -> bool:
    with database("postgresql") as url:
        people = seed(url, clients)
        with gunicorn("selfassess:create_app()", app_env(url), workers=4, extra=["--timeout", "120"]) as (base, master):
            running = start_savers(base, seconds, people)
            time.sleep(seconds / 2)
            workers = subprocess.run(
                ["ps", "-o", "pid=", "--ppid", str(master.pid)], capture_output=True, text=True
            ).stdout.split()
            victim = int(workers[0])
            os.kill(victim, signal.SIGKILL)
            killed_at = time.monotonic()
            results = collect(running)
            after = subprocess.run(
                ["ps", "-o", "pid=", "--ppid", str(master.pid)], capture_output=True, text=True
            ).stdout.split()
        numbers = {
            **totals(results),
            **verify(url, results),
            "worker killed": victim,
            "workers afterwards": len(after),
            "seconds of saving after the kill": round(time.monotonic() - killed_at, 1),
        }
        return report(
            f"a gunicorn worker killed with SIGKILL during {clients} clients' saves (PostgreSQL)",
            numbers,
            {
                "the killed worker's requests were retried and saved": numbers["gave_up"] == 0,
                "no domain's answers stored half-saved": numbers["partial domains"] == 0,
                "the database holds exactly each client's last saved value": numbers["mismatches"] == 0,
                "gunicorn replaced the worker and the others carried on": len(after) == 4
                and numbers["saves"] > clients,
                "no server errors": server_errors(numbers) == 0,
            },
        )


def outage(clients: int, seconds: float, outage_seconds: float = 10) -> bool:
    with database("postgresql") as direct_url:
        people = seed(direct_url, clients)
        port = free_port()
        proxy = subprocess.Popen(
            [sys.executable, "-m", "bench.tcp_proxy", str(port), str(outage_seconds)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        proxy.stdout.readline()
        database_name = sa.engine.make_url(direct_url).database
        user = os.environ.get("USER") or subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
        proxied = f"postgresql+psycopg://{user}@127.0.0.1:{port}/{database_name}"
        try:
            with gunicorn("selfassess:create_app()", app_env(proxied), workers=4, extra=["--timeout", "120"]) as (
                base,
                _,
            ):
                running = start_savers(base, seconds + outage_seconds, people)
                time.sleep(seconds / 2)
                proxy.send_signal(signal.SIGUSR1)
                began = time.monotonic()
                health = Counter()
                while time.monotonic() - began < outage_seconds + 3:
                    health[_health(base)] += 1
                    time.sleep(0.5)
                results = collect(running)
                recovered_after = round(time.monotonic() - began, 1)
        finally:
            proxy.terminate()
            proxy.wait()
        numbers = {
            **totals(results),
            **verify(direct_url, results),
            "health checks during and just after the outage": dict(health),
            "outage seconds": outage_seconds,
            "saving went on for (s) after the outage began": recovered_after,
        }
        return report(
            f"PostgreSQL unreachable for {outage_seconds:.0f} s during {clients} clients' saves",
            numbers,
            {
                "requests in the outage got 503 service unavailable": numbers["statuses"].get("503", 0) > 0,
                "no other server errors": server_errors(numbers, allow_503=True) == 0,
                "the app recovered on its own and every save went through": numbers["gave_up"] == 0,
                "nothing saved before or after was lost": numbers["mismatches"] == 0,
                "no domain's answers stored half-saved": numbers["partial domains"] == 0,
            },
        )


def _health(base: str) -> int:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:  # noqa: S310 - our own server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--short", action="store_true", help="a few seconds each, for make test")
    parser.add_argument("--only", choices=["concurrent", "killed", "outage"])
    args = parser.parse_args()
    seconds = 8 if args.short else args.seconds
    ok = True
    if args.only in (None, "concurrent"):
        ok &= concurrent("postgresql", args.clients, seconds)
        ok &= concurrent("sqlite", args.clients, seconds)
    if args.only in (None, "killed"):
        ok &= killed_worker(min(args.clients, 40), max(seconds, 8))
    if args.only in (None, "outage"):
        ok &= outage(min(args.clients, 40), max(seconds / 2, 6))
    print("\nNothing was lost." if ok else "\nSomething was lost or failed: see above.")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
