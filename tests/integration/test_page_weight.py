"""Page weight as transferred, with the demo data: the results page under
500 KB of JavaScript, every other page under 150 KB in all, static files
compressed and cached for a year under content-hashed names."""

from __future__ import annotations

import re

from selfassess.data.base import db
from selfassess.demo import seed
from tests import page_weight_support as page_weight


def test_pages_stay_within_their_weight(app):
    seed()
    db.session.commit()
    weights = page_weight.measure(app)
    assert page_weight.check(weights) == []
    assert weights["results (lead)"]["js"] > 300 * 1024  # the chart bundle really is loaded there
    assert weights["answer a section (lead)"]["js"] < 30 * 1024  # and nowhere else


def test_static_files_are_hashed_compressed_and_cached_for_a_year(client):
    html = client.get("/sign-in").get_data(as_text=True)
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert re.search(r"\.[0-9a-f]{12}\.(css|js|svg)$", url), url
        with client.get(url, headers={"Accept-Encoding": "br, gzip"}) as response:
            assert response.headers["Content-Encoding"] == "br"
            cache = response.headers["Cache-Control"]
        assert "immutable" in cache
        assert int(re.search(r"max-age=(\d+)", cache)[1]) >= 365 * 24 * 3600
        with client.get(url, headers={"Accept-Encoding": "gzip"}) as gzipped:
            assert gzipped.headers["Content-Encoding"] == "gzip"
