"""Comparing partnerships: an adviser picks two to six of the partnerships
they support and sees each one's latest round with results side by side,
with the same figures as results/compute.py gives, as a page and as CSV;
nobody else's partnership is ever named."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from selfassess import scoring
from selfassess.compare.forms import MAX_CHOSEN, MIN_CHOSEN
from selfassess.data import partnerships, versions
from selfassess.data.base import db
from selfassess.results import compute
from tests import factories
from tests.integration.results_helpers import archived_version, listed_after_heading, read_table, squash
from tests.pages import page
from tests.signing_in import sign_in

SUPPORTED = ["Fife", "Dundee City", "Angus", "Highland", "Glasgow City", "Falkirk", "Moray"]
OUTSIDE = "Orkney"  # a partnership the adviser does not support, with results


def closed_round(partnership: str, levels: tuple[int, ...], *, title: str = "Self-assessment 2026", on=None):
    """A closed round with one response per level, every question answered at that level."""
    made = factories.round_(
        partnership, title=title, opens_on=date(2026, 3, 2), closes_on=date(2026, 3, 30), closed=True, on=on
    )
    for level in levels:
        factories.response(made, factories.all_answers(level, questionnaire_of(on)), perspective="community")
    return made


def questionnaire_of(version):
    return versions.questionnaire_for(version) if version is not None else None


def ids(*names: str) -> list[int]:
    return [partnerships.by_name(n).id for n in names]


def url(*names: str, suffix: str = "") -> str:
    return f"/adviser/compare{suffix}?" + "&".join(f"partnership={i}" for i in ids(*names))


@pytest.fixture
def adviser(app, client):
    factories.adviser("adviser@example.org", SUPPORTED)
    sign_in(client, "adviser@example.org")
    return client


def test_three_partnerships_side_by_side_with_the_figures_of_compute(app, adviser):
    made = {
        "Fife": closed_round("Fife", (1, 2, 4)),
        "Dundee City": closed_round("Dundee City", (3, 3, 4)),
        "Angus": closed_round("Angus", (2, 2, 2, 1)),
    }
    closed_round(OUTSIDE, (4, 4, 4))
    found = page(adviser, url("Fife", "Dundee City", "Angus"))
    assert found.h1 == "Compare partnerships"
    scored = compute.scored_rounds(list(made.values()))
    q = factories.questionnaire()
    headers, rows = read_table(found, "Domain scores and stages of each partnership")
    assert headers == ["Domain", "Angus", "Dundee City", "Fife"]  # by name
    assert [row["Domain"] for row in rows] == [d.title for d in q.domains] + ["Overall"]
    for name, round_ in made.items():
        result = scored[round_.id].result
        expected = [f"{scoring.shown(result.domain(d.id).score)} {result.domain(d.id).stage}" for d in q.domains]
        expected.append(f"{scoring.shown(result.overall.score)} {result.overall.stage}")
        assert [row[name] for row in rows] == expected, name
    # The radar: one line per partnership, with a keyboard toggle for each.
    figure = json.loads(found.soup.find("script", id="chart-compare-data").string)
    assert [t["name"] for t in figure["data"]] == ["Angus", "Dundee City", "Fife"]
    toggles = found.soup.select("[data-chart-toggles=chart-compare] input[type=checkbox]")
    assert [found.soup.find("label", attrs={"for": t["id"]}).get_text() for t in toggles] == [
        "Angus",
        "Dundee City",
        "Fife",
    ]
    # What is compared, with dates; the themes that are a gap, as compute gives them.
    compared = listed_after_heading(found, "What is compared")
    assert [c.split(":")[0] for c in compared] == ["Angus", "Dundee City", "Fife"]
    assert compared[2].startswith("Fife: Self-assessment 2026, open from 2 March 2026 to 30 March 2026, closed on ")
    assert compared[2].endswith("with 3 people's answers.")
    for name, round_ in made.items():
        gaps = [t.id for t in scored[round_.id].result.themes if t.status == "gap"]
        heading = found.soup.find("h3", string=name)
        listed = heading.find_next_sibling(["ul", "p"])
        if gaps:
            assert len(listed.find_all("li")) == len(gaps)
            for theme_id in gaps:
                assert q.study.theme(theme_id).title in listed.get_text()
        else:
            assert "None of the study's themes is a gap here" in listed.get_text()
    assert OUTSIDE not in found.html


def test_the_csv_has_the_same_figures_and_protects_against_formulas(app, adviser, restore_partnerships):
    fife = closed_round("Fife", (1, 2, 4))
    dundee = closed_round("Dundee City", (3, 3, 4))
    partnerships.by_name("Angus").name = "=HYPERLINK(1)"
    db.session.commit()
    response = adviser.get(url("Fife", "Dundee City", "=HYPERLINK(1)", suffix=".csv"), whole_page=False)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="comparison.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == [
        "partnership",
        "round",
        "opens_on",
        "closes_on",
        "questionnaire_version",
        "scoring_method",
        "level",
        "id",
        "title",
        "score",
        "stage",
        "status",
        "note",
    ]
    q = factories.questionnaire()
    scored = compute.scored_rounds([fife, dundee])
    for name, round_ in (("Fife", fife), ("Dundee City", dundee)):
        result = scored[round_.id].result
        mine = [r for r in rows if r["partnership"] == name]
        assert {r["round"] for r in mine} == {"Self-assessment 2026"}
        assert {r["opens_on"] for r in mine} == {"2026-03-02"}
        overall = next(r for r in mine if r["level"] == "overall")
        assert (overall["score"], overall["stage"]) == (scoring.shown(result.overall.score), result.overall.stage)
        domains = {r["id"]: (r["score"], r["stage"]) for r in mine if r["level"] == "domain"}
        assert domains == {
            d.id: (scoring.shown(result.domain(d.id).score), result.domain(d.id).stage) for d in q.domains
        }
        themes = {r["id"]: r["status"] for r in mine if r["level"] == "theme"}
        assert themes == {t.id: t.status for t in result.themes}
    angus = [r for r in rows if r["partnership"] == "'=HYPERLINK(1)"]
    assert len(angus) == 1 and angus[0]["note"] == "no round with results yet"


@pytest.mark.parametrize("count", [0, 1, MAX_CHOSEN + 1])
def test_too_few_or_too_many_shows_an_error_and_no_comparison(app, adviser, count):
    chosen = SUPPORTED[:count]
    address = url(*chosen) + "&compare=" if chosen else "/adviser/compare?compare="
    found = page(adviser, address)
    assert found.title.startswith("Error: ")
    summary = found.soup.select_one(".ds_error-summary")
    expected = (
        f"Select at least {MIN_CHOSEN} partnerships to compare"
        if count < MIN_CHOSEN
        else f"Select no more than {MAX_CHOSEN} partnerships to compare"
    )
    assert squash(summary.get_text(" ")) == f"There is a problem {expected}"
    assert summary.find("a")["href"] == "#partnership-0"
    assert found.soup.find(id="partnership-0") is not None
    assert found.soup.find(id="chart-compare") is None and not found.soup.find("table")
    # What was ticked stays ticked.
    assert len(found.soup.select("input[name=partnership][checked]")) == count
    # The CSV of a refused choice goes back to the page, which says why.
    csv_url = address.replace("/adviser/compare?", "/adviser/compare.csv?")
    again = page(adviser, csv_url, follow=True)
    assert expected in again.text()


def test_a_first_visit_shows_the_form_without_an_error(app, adviser):
    found = page(adviser, "/adviser/compare")
    assert not found.soup.select(".ds_error-summary")
    labels = [squash(label.get_text()) for label in found.soup.select("label[for^=partnership-]")]
    assert labels == sorted(SUPPORTED)
    assert OUTSIDE not in found.html


def test_an_unsupported_or_unknown_partnership_is_page_not_found(app, adviser):
    closed_round("Fife", (1, 2, 4))
    closed_round(OUTSIDE, (4, 4, 4))
    for extra in (ids(OUTSIDE)[0], 999_999, "x"):
        for suffix in ("", ".csv"):
            response = adviser.get(url("Fife", "Dundee City", suffix=suffix) + f"&partnership={extra}")
            assert response.status_code == 404, (extra, suffix)
            assert OUTSIDE.encode() not in response.data


def test_a_partnership_is_never_named_to_an_adviser_who_does_not_support_it(app, client):
    """The other adviser's page and CSV, with every id there is, never name Fife."""
    closed_round("Fife", (1, 2, 4))
    closed_round("Dundee City", (3, 3, 4))
    closed_round("Angus", (2, 2, 2))
    factories.adviser("dundee.adviser@example.org", ["Dundee City", "Angus"])
    sign_in(client, "dundee.adviser@example.org")
    assert "Fife" not in page(client, "/adviser/compare").html
    assert "Fife" not in page(client, url("Dundee City", "Angus")).html
    assert b"Fife" not in client.get(url("Dundee City", "Angus", suffix=".csv"), whole_page=False).data
    for suffix in ("", ".csv"):
        response = client.get(url("Dundee City", "Fife", suffix=suffix), whole_page=False)
        assert response.status_code == 404 and b"Fife" not in response.data


def test_a_lead_or_a_signed_out_visitor_cannot_compare(app, client):
    factories.lead("fife.lead@example.org", "Fife")
    assert client.get("/adviser/compare").status_code == 302
    sign_in(client, "fife.lead@example.org")
    assert client.get(url("Fife", "Angus")).status_code == 403
    assert client.get(url("Fife", "Angus", suffix=".csv"), whole_page=False).status_code == 403


def test_no_results_and_another_major_version_are_said_and_kept_off_the_chart(app, adviser):
    closed_round("Fife", (1, 2, 4))
    closed_round("Dundee City", (3, 3, 4))
    old = archived_version()
    closed_round("Angus", (2, 3, 3), on=old, title="Self-assessment 2024")
    factories.round_("Highland", closed=False)  # open, no results yet
    found = page(adviser, url("Fife", "Dundee City", "Angus", "Highland"))
    figure = json.loads(found.soup.find("script", id="chart-compare-data").string)
    assert [t["name"] for t in figure["data"]] == ["Dundee City", "Fife"]
    headers, _rows = read_table(found, "Domain scores and stages of each partnership")
    assert headers == ["Domain", "Dundee City", "Fife"]
    compared = listed_after_heading(found, "What is compared")
    assert compared[3] == "Highland: no round with results yet."
    assert compared[0].startswith("Angus: Self-assessment 2024, open from 2 March 2026")
    assert "version 1.0.0, another major version than the others' (version 2.0.0)" in compared[0]
    headers, rows = read_table(found, "Domain scores and stages of Angus")
    assert headers == ["Domain", "Angus"]
    assert [r["Domain"] for r in rows] == [d.title for d in questionnaire_of(old).domains] + ["Overall"]
    assert found.soup.find("h3", string="Angus") is not None  # its themes too
    assert found.soup.find("h3", string="Highland") is None
