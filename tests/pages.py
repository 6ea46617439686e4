"""Every HTML page a test receives is checked (``check_html``): the HTML
parses without errors, has a title and a main heading, has no duplicate ids
and no inline script, and every form that posts carries a CSRF token.

The integration tier's test client (``CheckedClient``) checks every
text/html response it gets, however it was requested; ``page`` requests a
page and returns it parsed, ready to read. A request whose answer is rightly
not a whole page says so: ``client.post(url, data=..., whole_page=False)``."""

from __future__ import annotations

import gzip
import re
from collections import Counter
from dataclasses import dataclass

import brotli
import html5lib
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

# Answers with no page of their own to check: redirects (the body is
# Werkzeug's), "no content" and "not modified".
NOT_A_PAGE_STATUSES = frozenset({204, 304}) | frozenset(range(300, 309))
# Characters an HTML document may not contain, even as a character reference:
# controls other than white space, and the noncharacters.
NOT_IN_HTML = re.compile("[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


@dataclass
class Page:
    status: int
    html: str
    soup: BeautifulSoup
    response: object

    @property
    def title(self) -> str:
        return self.soup.title.get_text(strip=True) if self.soup.title else ""

    @property
    def h1(self) -> str:
        h1 = self.soup.find("h1")
        return h1.get_text(" ", strip=True) if h1 else ""

    def text(self) -> str:
        main = self.soup.find("main") or self.soup
        return " ".join(main.get_text(" ", strip=True).split())

    def form(self, index: int = 0):
        """The page's own POST forms (not the sign-out button in the header)."""
        main = self.soup.find("main") or self.soup
        return main.find_all("form", method="post")[index]

    def form_data(self, index: int = 0) -> dict[str, str]:
        """The hidden fields of a form, ready to post back with answers added."""
        return {i["name"]: i.get("value", "") for i in self.form(index).find_all("input", type="hidden")}

    def csrf_token(self) -> str:
        field = self.soup.find("input", attrs={"name": "csrf_token"})
        assert field is not None, "no CSRF token on the page"
        return field["value"]


def check_html(html: str, url: str = "") -> BeautifulSoup:
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    parser.parse(html)
    if parser.errors:
        (line, column), code, _data = parser.errors[0]
        context = html.splitlines()[line - 1].strip() if line else ""
        found = NOT_IN_HTML.search(html) if code == "invalid-codepoint" else None
        if found:  # html5lib reports where its reading had got to, not the character
            line = html.count("\n", 0, found.start()) + 1
            column = found.start() - (html.rfind("\n", 0, found.start()) + 1)
            context = f"{found.group()!r} in {html[max(0, found.start() - 60) : found.end() + 60]!r}"
        raise AssertionError(f"{url}: HTML does not parse at line {line}, column {column}: {code}: {context[:200]}")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.title and soup.title.get_text(strip=True), f"{url}: page has no title"
    assert soup.find("h1"), f"{url}: page has no h1"
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    duplicates = [i for i, n in ids.items() if n > 1]
    assert not duplicates, f"{url}: duplicate ids {duplicates}"
    for script in soup.find_all("script"):
        # The Content Security Policy allows no inline script: code comes
        # from files; chart data travels as JSON, which is never executed.
        assert script.get("src") or script.get("type") == "application/json", f"{url}: inline script"
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() == "post":
            assert form.find("input", attrs={"name": "csrf_token"}), f"{url}: a form posts without a CSRF token"
    return soup


class NotAPage(AssertionError):
    """An HTML response that fails the strict page check."""


class CheckedClient(FlaskClient):
    """A test client that checks every text/html response with ``check_html``.

    ``whole_page=False`` on a request (``client.get(url, whole_page=False)``)
    says its answer is rightly not a whole page, and is not checked. When
    redirects are followed, the page they end on is checked."""

    _depth = 0  # redirects are followed by nested calls to open

    def open(self, *args, whole_page: bool = True, **kwargs):
        self._depth += 1
        try:
            response = super().open(*args, **kwargs)
        finally:
            self._depth -= 1
        if whole_page and self._depth == 0:
            checked_soup(response)
        return response


def checked_soup(response) -> BeautifulSoup | None:
    """Check a response that is an HTML page, once; its parsed HTML (None
    when it is not a page: another type, a redirect, a HEAD request)."""
    if hasattr(response, "checked_soup"):
        return response.checked_soup
    soup = None
    request = getattr(response, "request", None)
    method = request.method if request is not None else "GET"
    if response.mimetype == "text/html" and response.status_code not in NOT_A_PAGE_STATUSES and method != "HEAD":
        where = f"{method} {request.full_path.rstrip('?')}" if request is not None else ""
        try:
            soup = check_html(_decoded(response), where)
        except AssertionError as problem:
            raise NotAPage(str(problem)) from None
    response.checked_soup = soup
    return soup


def _decoded(response) -> str:
    """The page's HTML, uncompressed when it was sent compressed."""
    encoding = response.headers.get("Content-Encoding", "identity")
    return decoded(response.get_data(), encoding, response.mimetype_params.get("charset", "utf-8"))


def decoded(data: bytes, encoding: str, charset: str = "utf-8") -> str:
    """A body as text, uncompressed when its Content-Encoding is br or gzip."""
    if encoding == "br":
        data = brotli.decompress(data)
    elif encoding == "gzip":
        data = gzip.decompress(data)
    return data.decode(charset)


def page(
    client, url: str, *, method: str = "GET", data=None, status: int | None = 200, follow: bool = False, **kwargs
) -> Page:
    """Request a page and check it; ``status`` None accepts any status."""
    response = client.open(url, method=method, data=data, follow_redirects=follow, **kwargs)
    if status is not None:
        assert response.status_code == status, f"{method} {url}: {response.status_code}, expected {status}"
    html = response.get_data(as_text=True)
    if response.status_code in (301, 302, 303):
        return Page(response.status_code, html, BeautifulSoup("", "html.parser"), response)
    assert response.mimetype == "text/html", f"{url}: {response.mimetype}"
    soup = checked_soup(response)
    return Page(response.status_code, html, soup, response)
