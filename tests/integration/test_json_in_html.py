"""Chart data travels as JSON inside ``<script type="application/json">``
blocks. A round title or partnership name such as ``<!--<script>`` must
not change where the block ends (in script data, ``<!--`` followed by
``<script>`` makes the parser ignore the next ``</script>``), so ``<``,
``>`` and ``&`` are escaped in that JSON (penetration test, issue 10,
item 9)."""

from __future__ import annotations

import json

import html5lib

from selfassess.data import partnerships
from selfassess.data.base import db
from selfassess.data.models import Role
from selfassess.rounds import service as rounds_service
from tests import factories
from tests.signing_in import sign_in

HOSTILE = "<!--<script> & </script>"


def _scripts(html: str) -> list:
    """The page's script elements, as a browser's parser finds them."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return document.findall(".//script")


def _check_chart_scripts(html: str) -> list:
    """The page's JSON blocks hold only JSON, and the chart scripts after
    them are still elements; returns the parsed JSON of each block."""
    scripts = _scripts(html)
    blocks = [s for s in scripts if s.get("type") == "application/json"]
    assert blocks, "no chart data on the page"
    for block in blocks:
        text = block.text or ""
        assert "<" not in text and ">" not in text and "&" not in text, text[:200]
    sources = [s.get("src", "") for s in scripts]
    assert any("/plotly." in src for src in sources), sources
    assert any("/charts." in src for src in sources), sources
    return [json.loads(block.text) for block in blocks]


def _closed_round_with_scores(title: str):
    """A round of the renamed partnership, answered by three people and closed by its lead."""
    round_ = factories.round_(HOSTILE, title=title)
    for _ in range(3):
        factories.response(round_, factories.all_answers(3))
    lead = factories.member(factories.account("lead@example.org"), HOSTILE, role=Role.LEAD)
    rounds_service.close(round_, lead)
    return round_


def test_a_hostile_round_title_leaves_the_results_page_scripts_whole(app, client, restore_partnerships):
    partnerships.rename(partnerships.by_name("Fife"), HOSTILE)
    db.session.commit()
    round_ = _closed_round_with_scores(HOSTILE)
    sign_in(client, "lead@example.org")
    response = client.get(f"/rounds/{round_.id}/results", whole_page=False)
    assert response.status_code == 200
    radar, *domain_charts = _check_chart_scripts(response.get_data(as_text=True))
    assert radar["data"][0]["name"] == f"{HOSTILE} (everyone)"
    assert len(domain_charts) == len(factories.questionnaire().domains)


def test_a_hostile_partnership_name_leaves_the_dashboard_scripts_whole(app, client, restore_partnerships):
    partnerships.rename(partnerships.by_name("Fife"), HOSTILE)
    db.session.commit()
    _closed_round_with_scores(HOSTILE)
    factories.adviser("adviser@example.org", [HOSTILE])
    sign_in(client, "adviser@example.org")
    response = client.get("/adviser", whole_page=False)
    assert response.status_code == 200
    (figure,) = _check_chart_scripts(response.get_data(as_text=True))
    assert figure["data"][0]["y"] == [HOSTILE]
