"""The GET scenarios of bench/load.py measured with wrk instead of the
Python load generator, for ``python -m bench.load --wrk``: wrk is written in
C, so it takes much less of the two cores the server shares with it, and
shows whether the Python generator held the baseline back.

Each scenario signs in once with bench.common.Browser and passes the
session cookie to wrk; wrk's Lua ``done`` hook prints the same figures as
bench/loadgen.py (requests, requests per second, p50 and p95 in ms, and any
unexpected statuses: wrk counts non-2xx/3xx answers)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile

from bench.common import Browser
from bench.loadgen import page

# GET pages only: wrk sends one fixed request, and a save needs a fresh form.
SCENARIOS = ("baseline", "questionnaire", "results", "dashboard", "compare", "national")

REPORT = """
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local bad = summary.errors.status
  io.write(string.format(
    '{"requests": %d, "rps": %.1f, "p50_ms": %.1f, "p95_ms": %.1f, "non_2xx_3xx": %d, "errors": %d}\\n',
    summary.requests, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    bad, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def measure(scenario: str, base: str, clients: int, seconds: float, setup: dict, threads: int = 2) -> dict:
    who, path = page(scenario, 0, setup)
    headers = []
    if who is not None:
        browser = Browser(base)
        browser.sign_in(who, setup["password"])
        status, _headers, _body = browser.get(path)
        if status != 200:
            raise RuntimeError(f"{scenario}: {path} answered {status}")
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        headers = ["-H", f"Cookie: {cookie}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(REPORT)
        script.flush()
        result = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{clients}",
                f"-d{max(1, round(seconds))}s",
                "-H",
                "Accept-Encoding: gzip",
                *headers,
                "-s",
                script.name,
                base + path,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    bad, errors = found.pop("non_2xx_3xx"), found.pop("errors")
    unexpected = {"non-2xx/3xx": bad} if bad else {}
    if errors:
        unexpected["socket errors"] = errors
    return {"scenario": scenario, **found, "unexpected": unexpected}
