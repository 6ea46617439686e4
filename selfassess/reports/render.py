"""Plotly figures to SVG through kaleido and the system Chromium.

Kaleido is not thread-safe, so each process has one persistent renderer: one
headless Chromium, driven by kaleido from a single background thread with
its own event loop, and nothing else ever touches kaleido. Requests from
any thread go through ``submit``, which takes a lock to look up and update
the cache: an identical figure is never rendered twice (drawn SVGs, and
drawings in progress, are kept under the hash of the figure's JSON).

The renderer loads the app's own plotly.js bundle (radar, bar and heatmap
only) from disk, never a CDN, and MathJax is off.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import shutil
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import plotly

from selfassess import cache

Figure = dict[str, Any]

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
WIDTH = 640  # CSS pixels; the report scales the SVG to the column width
STATIC_DIST = Path(__file__).resolve().parent.parent / "static" / "dist"
TABS = 1  # one tab: charts are small, and a second tab only competes for the same cores
DRAW_SECONDS = 30  # one chart; a healthy browser takes well under a second
TIMEOUT_SECONDS = 120
_CACHE_SIZE = 512


class ChartRenderingError(RuntimeError):
    pass


def browser_path() -> str:
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        return configured
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    raise ChartRenderingError(
        "No Chromium found for drawing the report's charts: install the Debian package 'chromium' "
        "(make does this) or set BROWSER_PATH."
    )


def plotly_bundle() -> Path:
    """The app's plotly.js bundle, as built by `make assets`; the full
    plotly.min.js that ships with plotly.py when the bundle is not built."""
    manifest = STATIC_DIST / "manifest.json"
    if manifest.exists():
        name = json.loads(manifest.read_text()).get("plotly.js")
        if name and (STATIC_DIST / name).exists():
            return STATIC_DIST / name
    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


class _Renderer:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: Any = None
        self._opened: asyncio.Future[None] | None = None
        self._start_lock = threading.Lock()
        self._loop_ready = threading.Event()

    def start(self) -> None:
        """Start the browser in the background; returns at once."""
        with self._start_lock:
            if self._loop is None:
                os.environ.setdefault("BROWSER_PATH", browser_path())
                threading.Thread(target=self._run, name="chart-renderer", daemon=True).start()
                self._loop_ready.wait()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        self._opened = loop.create_task(self._open())
        self._loop_ready.set()
        loop.run_forever()

    async def _open(self) -> None:
        import kaleido  # only reports need it

        try:
            self._kaleido = kaleido.Kaleido(
                n=TABS, timeout=DRAW_SECONDS, mathjax=False, plotlyjs=plotly_bundle().as_uri()
            )
            await self._kaleido.__aenter__()
        except Exception as error:  # every render will report it
            raise ChartRenderingError(f"could not start Chromium to draw charts: {error}") from error

    async def _reopen(self) -> None:
        """Start a fresh Chromium after a failure (a crashed or stuck browser)."""
        old = self._kaleido
        self._kaleido = None
        if old is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(old.__aexit__(None, None, None), timeout=10)
        assert self._loop is not None  # noqa: S101
        self._opened = self._loop.create_task(self._open())

    async def _draw(self, figure: Figure) -> str:
        height = int(figure["layout"].get("height", 400))
        for attempt in (1, 2):
            assert self._opened is not None  # noqa: S101
            opened = self._opened
            try:
                await opened
                # A drawing that hangs (a stuck browser) is given up on and tried
                # again with a fresh one, rather than holding up the report.
                data = await asyncio.wait_for(
                    self._kaleido.calc_fig(figure, opts={"format": "svg", "width": WIDTH, "height": height}),
                    timeout=DRAW_SECONDS + 5,
                )
                return data.decode("utf-8") if isinstance(data, bytes) else str(data)
            except Exception:
                if attempt == 2:
                    raise
                # One more try with a fresh browser (only one caller restarts it).
                if self._opened is opened:
                    await self._reopen()
        raise AssertionError("unreachable")

    def draw(self, figure: Figure) -> Future[str]:
        self.start()
        assert self._loop is not None  # noqa: S101
        return asyncio.run_coroutine_threadsafe(self._draw(figure), self._loop)


_renderer = _Renderer()
_lock = threading.Lock()  # looking up and starting a drawing is one step
# Drawn SVGs, and drawings in progress, by the hash of the figure's JSON.
_drawings = cache.named("chart drawings", _CACHE_SIZE)
renders = 0  # figures actually drawn by this process (the rest came from the cache)


def start() -> None:
    """Start the browser now, in the background, so it is ready when needed."""
    _renderer.start()


def figure_key(figure: Figure) -> str:
    return hashlib.sha256(f"{WIDTH}:{json.dumps(figure, sort_keys=True)}".encode()).hexdigest()


def submit(figures: list[Figure]) -> list[Future[str]]:
    """Start drawing the figures not drawn before; returns a future SVG for each."""
    global renders
    futures = []
    with _lock:
        for figure in figures:
            key = figure_key(figure)
            future = _drawings.get(key)
            if future is None or (future.done() and future.exception() is not None):
                future = _drawings.put(key, _renderer.draw(figure))
                renders += 1
            futures.append(future)
    return futures


def result(future: Future[str]) -> str:
    try:
        return future.result(timeout=TIMEOUT_SECONDS)
    except ChartRenderingError:
        raise
    except Exception as error:  # kaleido reports browser failures as plain exceptions
        raise ChartRenderingError(f"could not draw a chart: {error}") from error
