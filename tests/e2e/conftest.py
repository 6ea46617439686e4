"""Browser tests: the real app in its own process, driven by Playwright.

Once per test session, ``server`` makes a fresh SQLite database in a temporary
folder, migrates it (``selfassess db upgrade``), seeds the demo data
(``selfassess demo``) and serves it with gunicorn on a free port, in
development mode (so invitation links are shown on the page instead of being
emailed). Every browser is the system Chromium (``/usr/bin/chromium``);
Playwright never downloads one.

Every test runs alone and in any order: the demo data is only read (a guard
fails a test that changes it), and a test that changes something makes data
of its own first, through the app's data layer (``data_layer``, and the
builders in ``tests/e2e/data.py``).

Every page a test visits goes through ``check_page``: axe-core finds no
accessibility problem (WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best
practices), the page has a title and exactly one h1, and the browser logged
no error. ``at_320px`` checks a page reflows at 320 CSS pixels wide
(WCAG 1.4.10) without scrolling sideways.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from selfassess import create_app
from selfassess.data.base import db
from tests.e2e.data import DataLayer
from tests.e2e.support import ASSET_MANIFEST, AXE_JS, CHROMIUM, CHROMIUM_ARGS, ROOT, watch

BIN = Path(sys.executable).parent
PR_SET_PDEATHSIG = 1  # linux/prctl.h


# --- the app, in its own process -------------------------------------------------------


@dataclass
class Server:
    url: str
    folder: Path
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(folder: Path) -> dict[str, str]:
    # Nothing from the calling shell's app settings leaks in (a REDIS_URL
    # would send the ZIP job to a queue nobody serves); instance/config.py is
    # still read, so the settings that matter are all set here, and SELFASSESS_*
    # variables override it.
    left_out = ("DATABASE_URL", "REDIS_URL")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SELFASSESS_") and k not in left_out}
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{folder / 'e2e.sqlite'}",
            "SELFASSESS_ENV": "development",
            "SELFASSESS_SECRET_KEY": "e2e-secret-key-not-used-anywhere-else",
            "SELFASSESS_MAIL_BACKEND": "log",
            "SELFASSESS_REDIS_URL": "",
            "SELFASSESS_RATELIMIT_STORAGE_URI": "memory://",
            "BROWSER_PATH": CHROMIUM,
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def _wait_until_up(process: subprocess.Popen, server: Server, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app stopped while starting (exit {process.returncode}):\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(server.url + "/sign-in", timeout=2) as response:  # noqa: S310 -- our own server
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"the app did not answer within {seconds:.0f} seconds:\n{server.log_tail()}")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serve(tmp_path_factory.mktemp("e2e-server")) as started:
        yield started


@contextlib.contextmanager
def serve(folder: Path, settings: dict[str, str] | None = None) -> Iterator[Server]:
    """A migrated database with the demo data in ``folder``, served by
    gunicorn on a free port, with these SELFASSESS_* settings on top (for
    example a real SMTP server to send email to)."""
    for needed, how in ((ASSET_MANIFEST, "make assets"), (AXE_JS, "make assets"), (Path(CHROMIUM), "make test")):
        if not needed.exists():
            pytest.fail(f"{needed} is missing: run `{how}` first")
    port = _free_port()
    env = {**_server_env(folder), **(settings or {})}
    _run([str(BIN / "selfassess"), "db", "upgrade"], env)
    _run([str(BIN / "selfassess"), "demo", "--port", str(port)], env)

    server = Server(url=f"http://127.0.0.1:{port}", folder=folder, log=folder / "server.log")
    command = [
        str(BIN / "gunicorn"),
        "--workers",
        "2",
        "--timeout",
        "120",
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "-",
        # Not the control socket every gunicorn on this machine shares by default.
        "--no-control-socket",
        "selfassess:create_app()",
    ]
    with server.log.open("w") as log:
        # Its own process group: stopping it also stops the Chromium that
        # each worker starts to draw the PDF report's charts.
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_stop_with_parent,
        )
    try:
        _wait_until_up(process, server)
        yield server
    finally:
        _stop(process)


def _stop_with_parent() -> None:
    """In the server's process, before gunicorn starts: ask Linux to send it
    SIGTERM if pytest dies without tearing down (killed, or interrupted twice)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
    # Whatever the workers started and left behind (the report's Chromium).
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


# --- data -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def data_layer(server: Server) -> Iterator[DataLayer]:
    """The app's data layer in this process, on the server's database, to
    make a test's own data (``tests/e2e/data.py``)."""
    app = create_app(
        {
            "ENV": "test",
            "TESTING": True,
            "SECRET_KEY": "e2e-data-layer",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{server.folder / 'e2e.sqlite'}",
            "MAIL_BACKEND": "memory",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    app.instance_path = str(server.folder)
    yield DataLayer(app)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def demo_rows(data_layer: DataLayer) -> dict[str, int]:
    """The last id in each watched table once the demo is loaded: the rows up to them are the demo's."""
    return data_layer.last_ids()


@pytest.fixture(autouse=True)
def demo_data_stays_as_it_was(data_layer: DataLayer, demo_rows: dict[str, int]) -> Iterator[None]:
    """Every test may read the demo data, and none may change it: another
    test, before or after, reads it as the demo made it."""
    before = data_layer.fingerprint(demo_rows)
    yield
    changed = sorted(name for name, digest in data_layer.fingerprint(demo_rows).items() if digest != before[name])
    if changed:
        pytest.fail(
            f"this test changed the demo data that other tests read (in {', '.join(changed)}): "
            "make it data of its own (tests/e2e/data.py)"
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A failing test's report ends with what the server logged last."""
    report = yield
    server = getattr(item, "funcargs", {}).get("server")
    if report.failed and isinstance(server, Server):
        report.sections.append(("selfassess server log (last lines)", server.log_tail()))
    return report


# --- the browser ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


def new_context(browser: Browser, server: Server, **options) -> BrowserContext:
    """A separate browser (its own cookies), where every page is watched."""
    options = {
        "base_url": server.url,
        "viewport": {"width": 1280, "height": 900},
        "locale": "en-GB",
        "timezone_id": "Europe/London",
        **options,
    }
    context = browser.new_context(**options)
    context.on("page", watch)
    return context


@pytest.fixture
def context(browser: Browser, server: Server) -> Iterator[BrowserContext]:
    context = new_context(browser, server)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def new_browser(browser: Browser, server: Server) -> Iterator[Callable[..., Page]]:
    """Opens more separate browsers (another person, or JavaScript off); all closed after the test."""
    opened: list[BrowserContext] = []

    def open_page(**options) -> Page:
        context = new_context(browser, server, **options)
        opened.append(context)
        return context.new_page()

    yield open_page
    for context in opened:
        context.close()
