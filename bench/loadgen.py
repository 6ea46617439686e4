"""The load generator, run as its own process so that it does not share the
server's Python: ``python -m bench.loadgen SCENARIO BASE_URL CLIENTS SECONDS SETUP_JSON``.

Each client is a person with their own session and keep-alive connection;
all sign in and fetch what they need before the timed window starts.
Prints one JSON object: requests, requests per second, p50 and p95 latency
in milliseconds, and any unexpected statuses.
"""

from __future__ import annotations

import json
import random
import re
import sys
import threading
import time

from bench.common import Browser

EXPECTED = {
    "questionnaire": 200,
    "save": 302,
    "results": 200,
    "dashboard": 200,
    "compare": 200,
    "national": 200,
    "baseline": 200,
}


def page(scenario: str, index: int, setup: dict) -> tuple[str | None, str]:
    """Who signs in (None: nobody) and the page a GET scenario reads."""
    if scenario == "baseline":
        return None, "/"
    if scenario == "questionnaire":
        person = setup["drafting"][index % len(setup["drafting"])]
        return person["email"], f"/rounds/{person['round_id']}/answer/{setup['domains'][0]}"
    if scenario == "results":
        person = setup["leads"][index % len(setup["leads"])]
        return person["email"], f"/rounds/{person['round_id']}/results"
    if scenario == "dashboard":
        return setup["adviser"], "/adviser"
    if scenario == "compare":
        # The scaled adviser compares 3 to 6 partnerships, a different set per client.
        ids = setup["partnership_ids"]
        chosen = [ids[(index * 7 + k) % len(ids)] for k in range(3 + index % 4)]
        return setup["adviser"], "/adviser/compare?" + "&".join(f"partnership={i}" for i in chosen)
    if scenario == "national":
        return setup["adviser"], "/national"
    raise SystemExit(f"unknown scenario {scenario}")


def prepare(scenario: str, base: str, index: int, setup: dict):
    browser = Browser(base)
    if scenario in ("questionnaire", "save"):
        person = setup["drafting"][index % len(setup["drafting"])]
        browser.sign_in(person["email"], setup["password"])
        domains = setup["domains"]
        pages = {}
        for domain in domains:
            url = f"/rounds/{person['round_id']}/answer/{domain}"
            _status, _headers, html = browser.get(url)
            hidden = dict(re.findall(rb'<input[^>]*name="([^"]+)"[^>]*type="hidden"[^>]*value="([^"]*)"', html))
            hidden.update(dict(re.findall(rb'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html)))
            radios = sorted(
                {name.decode() for name in re.findall(rb'type="radio" value="[^"]*"[^>]*name="([^"]+)"', html)}
                | {name.decode() for name in re.findall(rb'name="([^"]+)" type="radio"', html)}
            )
            pages[domain] = (url, {k.decode(): v.decode() for k, v in hidden.items()}, radios)
        rng = random.Random(index)
        counter = {"n": 0}

        def step():
            counter["n"] += 1
            url, hidden, radios = pages[domains[counter["n"] % len(domains)]]
            if scenario == "questionnaire":
                return browser.get(url)
            form = {k: v for k, v in hidden.items() if k in ("csrf_token", "response_id", "questionnaire")}
            for name in radios:
                form[name] = str(rng.randint(1, 4))
            return browser.request("POST", url, form)

        return browser, step
    who, url = page(scenario, index, setup)
    if who is not None:
        browser.sign_in(who, setup["password"])
    return browser, lambda: browser.get(url)


def main() -> None:
    scenario, base, clients, seconds, setup_json = sys.argv[1:6]
    clients, seconds, setup = int(clients), float(seconds), json.loads(setup_json)
    steps = [prepare(scenario, base, i, setup)[1] for i in range(clients)]
    for step in steps:  # one warm-up request each (fills caches in the workers)
        step()
    latencies: list[list[float]] = [[] for _ in range(clients)]
    unexpected: dict[str, int] = {}
    lock = threading.Lock()
    start_barrier = threading.Barrier(clients + 1)
    deadline = [0.0]

    def run(i: int) -> None:
        start_barrier.wait()
        while time.perf_counter() < deadline[0]:
            began = time.perf_counter()
            status, _headers, _body = steps[i]()
            latencies[i].append(time.perf_counter() - began)
            if status != EXPECTED[scenario]:
                with lock:
                    unexpected[str(status)] = unexpected.get(str(status), 0) + 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start_barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    flat = sorted(x for per in latencies for x in per)
    count = len(flat)

    def pct(p: float) -> float:
        return round(flat[min(count - 1, int(p * count))] * 1000, 1) if count else 0.0

    print(
        json.dumps(
            {
                "scenario": scenario,
                "requests": count,
                "rps": round(count / elapsed, 1),
                "p50_ms": pct(0.50),
                "p95_ms": pct(0.95),
                "unexpected": unexpected,
            }
        )
    )


if __name__ == "__main__":
    main()
