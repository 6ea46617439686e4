"""Every page request in tests goes through ``page``: it checks that the HTML
parses without errors, has a title and a main heading, has no duplicate ids,
and that every form that posts carries a CSRF token."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import html5lib
from bs4 import BeautifulSoup


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
    soup = check_html(html, url)
    return Page(response.status_code, html, soup, response)
