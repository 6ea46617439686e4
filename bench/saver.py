"""Respondents saving their answers over and over, run as its own process:
``python -m bench.saver BASE_URL SECONDS SETUP_JSON OUT_JSON``.

Each client (a thread with its own session) saves every domain in turn
with new random answers and an evidence note naming the save; a save that
fails (connection lost, 5xx) is sent again, unchanged, until it succeeds,
so the client always knows exactly what the database should hold. Writes
a JSON summary: counts, and every client's last saved answers.
"""

from __future__ import annotations

import json
import random
import re
import sys
import threading
import time

from bench.common import Browser

DOMAINS = ["leadership", "capacity", "systems", "culture", "evaluation"]


def run_client(
    base: str, person: dict, password: str, seconds: float, out: dict, index: int, ready: threading.Barrier
) -> None:
    stats = {"saves": 0, "retries": 0, "statuses": {}, "connection_errors": 0, "gave_up": 0}
    last: dict[str, list] = {}
    browser = Browser(base, timeout=60, reconnect=False)
    _sign_in(browser, person["email"], password)
    pages = {domain: _open_page(browser, f"/rounds/{person['round_id']}/answer/{domain}") for domain in DOMAINS}
    rng = random.Random(index)
    ready.wait()  # every client signed in and on its pages: saving starts together
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        domain = DOMAINS[n % len(DOMAINS)]
        n += 1
        url, token, questionnaire, names = pages[domain]
        save_id = f"{person['email']}#{n}"
        form = {"csrf_token": token, "questionnaire": questionnaire, "response_id": ""}
        answers = {}
        for name in names:
            value = rng.choice(["1", "2", "3", "4", "dont_know"])
            form[name] = value
            form[f"{name}--evidence"] = f"save {save_id}"
            answers[name] = [value, f"save {save_id}"]
        if _save(browser, url, form, stats):
            last.update(answers)
        # A response created by the first save: later pages carry its id.
        form["response_id"] = ""
    out[person["email"]] = {"stats": stats, "last": last}


def _sign_in(browser: Browser, email: str, password: str) -> None:
    for attempt in range(30):
        try:
            browser.sign_in(email, password)
            break
        except Exception:
            time.sleep(1 + attempt)


def _open_page(browser: Browser, url: str) -> tuple[str, str, str, list[str]]:
    """The page's address, CSRF token, questionnaire version and answer field names."""
    for attempt in range(30):
        try:
            status, _headers, html = browser.get(url)
            if status == 200:
                break
        except Exception:  # the server may still be starting: try again
            status = None
        time.sleep(1 + attempt)
    token = browser.csrf(html)
    names = sorted(set(re.findall(rb'name="([a-z]+--[a-z0-9-]+)" type="radio"', html)))
    questionnaire = re.search(rb'name="questionnaire" type="hidden" value="([^"]*)"', html).group(1).decode()
    return (url, token, questionnaire, [n.decode() for n in names])


def _save(browser: Browser, url: str, form: dict, stats: dict) -> bool:
    """Post the form until the save succeeds (a redirect), counting what
    happened; False when it never did."""
    for attempt in range(120):
        try:
            status, _headers, _body = browser.request("POST", url, form)
        except Exception:
            stats["connection_errors"] += 1
            status = None
        if status is not None:
            stats["statuses"][str(status)] = stats["statuses"].get(str(status), 0) + 1
        if status == 302:
            stats["saves"] += 1
            return True
        stats["retries"] += 1
        time.sleep(min(0.2 * (attempt + 1), 1.0))
    stats["gave_up"] += 1
    return False


def main() -> None:
    base, seconds, setup_json, out_path = sys.argv[1:5]
    setup = json.loads(setup_json)
    out: dict = {}
    ready = threading.Barrier(len(setup["people"]) + 1)
    threads = [
        threading.Thread(target=run_client, args=(base, person, setup["password"], float(seconds), out, i, ready))
        for i, person in enumerate(setup["people"])
    ]
    for thread in threads:
        thread.start()
    ready.wait()
    print("saving", flush=True)
    for thread in threads:
        thread.join()
    with open(out_path, "w") as handle:
        json.dump(out, handle)


if __name__ == "__main__":
    main()
