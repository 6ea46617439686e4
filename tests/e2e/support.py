"""What every browser test uses: ``check_page`` (axe-core, a title, one h1,
no console errors), ``at_320px`` (reflow), signing in, and moving around by
keyboard."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Locator, Page, Route
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests import factories

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE_JS = ROOT / "assets" / "node_modules" / "axe-core" / "axe.min.js"
ASSET_MANIFEST = ROOT / "selfassess" / "static" / "dist" / "manifest.json"
# axe's best practices are kept: on this app they flag real problems (a link
# outside every landmark, for one), not matters of taste.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# The demo's sign-ins (README): every test may read the demo data, none may change it.
PASSWORD = factories.DEMO_PASSWORD
FIFE_LEAD = "fife.lead@example.org"
DUNDEE_LEAD = "dundee.lead@example.org"
ADVISER = "adviser@example.org"
ADMIN = "admin@example.org"
assert {FIFE_LEAD, DUNDEE_LEAD, ADVISER, ADMIN} <= factories.DEMO_SIGN_INS

# Console errors to ignore on every page: none at present.
KNOWN_CONSOLE_NOISE: tuple[re.Pattern, ...] = ()

TIMEOUT_MS = 15_000  # any single wait; PDF downloads and the ZIP set their own


# --- console errors ----------------------------------------------------------------------


@dataclass
class _Watch:
    """What a page logged that a person would never see: console errors and
    uncaught exceptions, since the last ``check_page``."""

    errors: list[tuple[str, str]] = field(default_factory=list)  # (text, url of the resource or script)


_watches: dict[Page, _Watch] = {}


def watch(page: Page) -> Page:
    record = _watches.setdefault(page, _Watch())

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            record.errors.append((message.text, message.location.get("url", "")))

    page.on("console", on_console)
    page.on("pageerror", lambda error: record.errors.append((f"uncaught {error}", page.url)))
    page.set_default_timeout(TIMEOUT_MS)
    return page


# --- checking a page -------------------------------------------------------------------


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page: Page) -> list[dict]:
    """axe-core's violations on the page as it is now.

    axe is evaluated through the DevTools protocol rather than added as a
    <script> element: the app's Content-Security-Policy (script-src 'self')
    rightly refuses inline script, and this way it stays switched on, so the
    console check below also catches any script or style the policy blocks.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return result["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:8]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def run_axe_without_javascript(page: Page) -> list[dict]:
    """axe on a page in a browser with JavaScript off, where nothing can be
    evaluated in the page: the same HTML, at the same address, with the same
    styles, is opened in a helper browser that blocks the page's own scripts,
    and checked there."""
    html = page.content()
    address = page.url.split("#")[0]
    browser = page.context.browser
    assert browser is not None
    helper = browser.new_context(viewport=page.viewport_size)
    try:
        copy = helper.new_page()

        def serve(route: Route) -> None:
            if route.request.url.split("#")[0] == address:
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
            elif route.request.resource_type == "script":
                route.abort()
            else:
                route.continue_()

        copy.route("**/*", serve)
        copy.goto(address)
        return run_axe(copy)
    finally:
        helper.close()


def check_page(
    page: Page, *, status: int | None = None, allow_console: tuple[str, ...] = (), javascript: bool = True
) -> None:
    """The checks every visited page must pass.

    ``status``: the status the page itself was served with, when it is an
    error page (Chromium logs a console error for the document then).
    ``allow_console``: regular expressions for console errors that this
    step expects; each use says why.
    ``javascript``: False for a browser with JavaScript off.
    """
    page.wait_for_load_state("load")
    where = page.url

    title = page.title()
    assert title.strip() and title.split(" – selfassess")[0].strip(), f"{where}: the page has no title ({title!r})"
    h1_count = page.locator("h1").count()
    assert h1_count == 1, f"{where}: {h1_count} h1 elements, expected exactly one"

    violations = run_axe(page) if javascript else run_axe_without_javascript(page)
    assert not violations, f"{where}: axe found accessibility problems:\n{describe_violations(violations)}"

    record = _watches.setdefault(page, _Watch())
    errors, record.errors = record.errors, []
    allowed = [re.compile(p) for p in allow_console]

    def expected(text: str, url: str) -> bool:
        if any(p.search(url) for p in KNOWN_CONSOLE_NOISE):
            return True
        if status is not None and url.split("#")[0] == where.split("#")[0] and f"status of {status}" in text:
            return True
        return any(p.search(text) or p.search(url) for p in allowed)

    unexpected = [f"{text} ({url})" for text, url in errors if not expected(text, url)]
    assert not unexpected, f"{where}: the browser logged errors:\n" + "\n".join(unexpected)


def overflowing(page: Page, width: int) -> list[str]:
    """What sticks out past the right edge (the innermost elements, and text
    that does not wrap), to say what to fix; content inside a scrolling or
    clipping box does not count."""
    return page.evaluate(
        """width => {
            const clipped = el => {
                for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                    if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX)) return true;
                }
                return false;
            };
            const describe = el => {
                const classes = typeof el.className === 'string' ? el.className.trim().split(/\\s+/) : [];
                return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                    classes.filter(Boolean).map(c => '.' + c).join('');
            };
            const out = [];
            for (const el of document.body.querySelectorAll('*')) {
                const box = el.getBoundingClientRect();
                if (box.right <= width + 1 || box.width === 0 || clipped(el)) continue;
                if ([...el.children].some(c => c.getBoundingClientRect().right > width + 1)) continue;
                out.push(describe(el) + ' (right edge ' + Math.round(box.right) + 'px)');
            }
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const range = document.createRange();
                range.selectNodeContents(node);
                const right = range.getBoundingClientRect().right;
                if (right <= width + 1 || clipped(node)) continue;
                out.push('text "' + node.textContent.trim().slice(0, 50) + '" in ' + describe(node.parentElement) +
                    ' (right edge ' + Math.round(right) + 'px)');
            }
            return out.slice(0, 10);
        }""",
        width,
    )


def at_320px(page: Page) -> None:
    """Narrow the window to 320 CSS pixels (WCAG 1.4.10 reflow: 1280 pixels
    at 400% zoom) and check the page does not scroll sideways. The window
    stays narrow; ``wide`` widens it again."""
    height = (page.viewport_size or {"height": 900})["height"]
    page.set_viewport_size({"width": 320, "height": height})
    try:
        # Charts redraw to the new width a moment after the resize.
        page.wait_for_function("() => document.documentElement.scrollWidth <= 321", timeout=3_000)
    except PlaywrightTimeoutError:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        pytest.fail(
            f"{page.url}: at 320px wide the page is {scroll_width}px wide and scrolls sideways; "
            f"sticking out: {', '.join(overflowing(page, 320)) or 'nothing found'}"
        )


def wide(page: Page) -> None:
    height = (page.viewport_size or {"height": 900})["height"]
    page.set_viewport_size({"width": 1280, "height": height})


# --- moving around --------------------------------------------------------------------


def sign_in(page: Page, email: str, password: str = PASSWORD, *, javascript: bool = True) -> None:
    """Sign in through the form, checking the sign-in page and the home page."""
    page.goto("/sign-in")
    check_page(page, javascript=javascript)
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert "/sign-in" not in page.url, f"signing in as {email} failed: {page.locator('main').inner_text()[:300]}"
    check_page(page, javascript=javascript)


def follow(page: Page, locator: Locator) -> None:
    """Click a link (or button) that loads a new page, and check that page."""
    with page.expect_navigation():
        locator.click()
    check_page(page)


# --- the keyboard ----------------------------------------------------------------------

FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return 'nothing';
    const text = (e.innerText || e.value || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    const name = e.getAttribute('name') ? '[name=' + e.getAttribute('name') + ']' : '';
    return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + name + ' "' + text + '"';
}"""


def focused(page: Page) -> str:
    return page.evaluate(FOCUSED)


def focus_matches(page: Page, selector: str) -> bool:
    return page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page: Page, selector: str, *, limit: int = 40, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches ``selector``."""
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        if focus_matches(page, selector):
            return
        seen.append(focused(page))
    pytest.fail(f"{page.url}: {limit} presses of {key} never reached {selector}; focus went to:\n" + "\n".join(seen))


def press_and_wait(page: Page, key: str) -> None:
    """Press a key that loads a new page (Enter on a link or a button)."""
    with page.expect_navigation():
        page.keyboard.press(key)


def choose_radio(page: Page, name: str, value: str) -> None:
    """With focus on a radio group, choose an option by keyboard as people
    do: Space selects the focused option, the arrow keys move to another."""
    assert focus_matches(page, f"input[type=radio][name='{name}']"), f"focus is on {focused(page)}, not {name}"
    values = page.evaluate(
        "n => [...document.querySelectorAll(`input[type=radio][name='${n}']`)].map(r => r.value)", name
    )
    target = values.index(value)
    if not page.evaluate("() => document.activeElement.checked"):
        page.keyboard.press("Space")
    current = values.index(page.evaluate("() => document.activeElement.value"))
    steps = target - current
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    checked = page.evaluate(
        "n => (document.querySelector(`input[type=radio][name='${n}']:checked`) || {}).value || null", name
    )
    assert checked == value, f"{name}: {checked!r} is selected, not {value!r}"
    assert focus_matches(page, f"input[type=radio][name='{name}'][value='{value}']")


FIRST_FOCUSABLE = """() => {
    const all = [...document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')];
    const positive = all.filter(e => e.tabIndex > 0).map(e => e.outerHTML.slice(0, 80));
    const first = all.find(e => e.tabIndex >= 0 && !e.disabled && !e.closest('[hidden]'));
    return {positive, first: first ? first.className : null};
}"""


def skip_to_main(page: Page) -> None:
    """Call on a page just loaded. The skip link is the first focusable
    thing (nothing has a positive tabindex), it shows when focused, and it
    moves focus to the main content.

    A page reached by posting a form from a page whose address ended in
    #main-content (after using the skip link) inherits that fragment through
    the redirect, so Tab starts in the main content there: then the first Tab
    must land inside main."""
    order = page.evaluate(FIRST_FOCUSABLE)
    assert not order["positive"], f"{page.url}: positive tabindex changes the tab order: {order['positive']}"
    assert order["first"] == "ds_skip-links__link", f"{page.url}: the first focusable element is {order['first']}"
    if page.url.endswith("#main-content"):
        page.keyboard.press("Tab")
        assert page.evaluate("() => !!document.activeElement.closest('main')"), f"Tab went to {focused(page)}"
        page.keyboard.press("Shift+Tab")
        return
    page.keyboard.press("Tab")
    assert focus_matches(page, "a.ds_skip-links__link"), f"{page.url}: the first Tab went to {focused(page)}"
    assert page.evaluate("() => document.activeElement.getBoundingClientRect().height > 0"), "skip link not shown"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main-content'")
