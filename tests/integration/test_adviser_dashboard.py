"""The adviser's dashboard (issue 12, part 1): each supported partnership's
latest round, its status and closing date, its response rate (by
perspective only where the small-numbers rule allows), its overall stage
and the change since the previous comparable round, and its latest action
plan's overdue actions; filtered and sorted by GET parameters, which are
ignored when not understood."""

from __future__ import annotations

from datetime import date

import pytest

from selfassess import disclosure
from selfassess.data import accounts, actions, invitations, partnerships
from selfassess.data.base import db
from selfassess.data.models import ActionStatus, AdviserAssignment, Round
from tests import factories
from tests.integration.results_helpers import archived, archived_version, read_table
from tests.pages import Page, page
from tests.signing_in import sign_in

TABLE = "Each partnership's latest round"
HEAT = "Latest domain scores by partnership"
CLOSING = date(2030, 12, 1)  # an open round's closing date, after today


def closed_round(partnership: str, level: int, *, year: int, people: int = 3, version=None) -> Round:
    """A closed round in which ``people`` NHS respondents answered ``level`` to every question."""
    made = factories.round_(
        partnership,
        title=f"Self-assessment {year}",
        opens_on=date(year, 9, 1),
        closes_on=date(year, 11, 1),
        on=version,
    )
    questionnaire = archived() if version is not None else None
    for _ in range(people):
        factories.response(made, factories.all_answers(level, questionnaire), perspective="nhs")
    return factories.close(made)


def open_round(partnership: str, invited: list[tuple[str, bool]], *, year: int = 2026) -> Round:
    """An open round; each (perspective, submitted) is a person invited, who submitted or not."""
    made = factories.round_(partnership, title=f"Self-assessment {year}", opens_on=date(year, 11, 1), closes_on=CLOSING)
    lead = accounts.by_email("lead@example.org") or factories.lead("lead@example.org", partnership)
    for n, (perspective, submitted) in enumerate(invited):
        email = f"{partnerships.slugify(partnership)}-{n}@example.org"
        invitations.invite(made, email, perspective, lead)
        db.session.commit()
        if submitted:
            factories.response(
                made, factories.all_answers(2), perspective=perspective, respondent=accounts.by_email(email)
            )
    return made


def dashboard(client, query: str = "") -> Page:
    return page(client, "/adviser" + query)


def rows(found: Page) -> dict[str, dict[str, str]]:
    _, table = read_table(found, TABLE)
    return {row["Partnership"]: row for row in table}


def names(found: Page) -> list[str]:
    return list(rows(found)) if found.soup.find("table", id="partnerships") else []


def showing(found: Page) -> str:
    return " ".join(found.soup.find("p", role="status").get_text().split())


@pytest.fixture
def four(app, client):
    """Fife up a stage since last year, with an action plan; Dundee City's
    round open, 4 of 6 invited submitted; Angus open at 1 of 2, its stage from
    an earlier round; Highland with no round yet. One adviser for the four."""
    closed_round("Fife", 2, year=2025)
    fife = closed_round("Fife", 3, year=2026)
    actions.add(fife, "Overdue, not started", due_on=date(2026, 1, 5))
    actions.add(fife, "Overdue, in progress", due_on=date(2026, 2, 5), status=ActionStatus.IN_PROGRESS)
    actions.add(fife, "Past its date but done", due_on=date(2026, 1, 5), status=ActionStatus.DONE)
    actions.add(fife, "Not due yet", due_on=date(2031, 1, 5))
    db.session.commit()
    open_round(
        "Dundee City", [("nhs", True)] * 3 + [("nhs", False), ("local_authority", True), ("third_sector", False)]
    )
    closed_round("Angus", 4, year=2025)
    open_round("Angus", [("nhs", True), ("nhs", False)])
    factories.adviser("adviser@example.org", ["Fife", "Dundee City", "Angus", "Highland"])
    sign_in(client, "adviser@example.org")


def test_each_partnership_row(four, client):
    found = dashboard(client)
    table = rows(found)
    assert list(table) == ["Angus", "Dundee City", "Fife", "Highland"]
    fife, dundee, angus, highland = table["Fife"], table["Dundee City"], table["Angus"], table["Highland"]
    assert (fife["Latest round"], fife["Status"], fife["Closing date"]) == (
        "Self-assessment 2026 results for Fife",
        "Closed",
        "",
    )
    assert fife["Response rate"] == "3 submitted Nobody invited through this service NHS: 3 submitted"
    assert fife["Overall stage"] == "Established 3.00"
    assert fife["Change since the previous round"] == "Up 1 stage Since Self-assessment 2025"
    assert fife["Overdue actions"] == "2 overdue in the action plan of Fife"
    assert (dundee["Status"], dundee["Closing date"]) == ("Open", "1 December 2030")
    # 3 NHS and 1 local authority submitted: NHS is shown; the local authority's 1 is too few to
    # show, even as "other perspectives", so it is left out.
    assert dundee["Response rate"] == "4 of 6 (66%) NHS: 3 submitted, 4 invited"
    assert "Local authority" not in dundee["Response rate"] and disclosure.OTHER_LABEL not in dundee["Response rate"]
    assert dundee["Overall stage"] == "Results when the round closes"
    assert (dundee["Change since the previous round"], dundee["Overdue actions"]) == ("", "No action plan yet")
    assert angus["Response rate"] == "1 of 2 (50%)"  # 1 NHS respondent: too few to show by perspective
    assert angus["Overall stage"] == "Embedded 4.00 From Self-assessment 2025 results for Angus"
    assert angus["Change since the previous round"] == "No earlier comparable round"
    assert highland["Latest round"] == "No round yet" and highland["Overdue actions"] == ""
    assert showing(found) == "Showing 4 of 4 partnerships."
    assert found.soup.find("a", string="Clear filters")["href"] == "/adviser"
    _, heat = read_table(found, HEAT)
    assert [row["Partnership"] for row in heat] == ["Angus", "Fife"]


def test_the_latest_plan_is_counted(four, client):
    """Fife's plan of a later round, with nothing overdue, is the one counted."""
    later = open_round("Fife", [("nhs", False)], year=2027)
    actions.add(later, "Not due yet", due_on=date(2031, 1, 5))
    db.session.commit()
    assert rows(dashboard(client))["Fife"]["Overdue actions"] == "None overdue"


def test_a_perspective_group_of_min_group_is_shown_and_small_ones_merge(app, client):
    small = disclosure.MIN_GROUP - 1
    invited = [("nhs", True)] * disclosure.MIN_GROUP + [("local_authority", True)] * small + [("third_sector", True)]
    open_round("Fife", invited)
    factories.adviser("adviser@example.org", ["Fife"])
    sign_in(client, "adviser@example.org")
    rate = rows(dashboard(client))["Fife"]["Response rate"]
    together = small + 1
    assert rate.endswith(
        f"NHS: {disclosure.MIN_GROUP} submitted, {disclosure.MIN_GROUP} invited "
        f"{disclosure.OTHER_LABEL}: {together} submitted, {together} invited"
    )
    assert "Local authority" not in rate and "Third sector" not in rate


FILTERED = [
    ("?status=open", ["Angus", "Dundee City"]),
    ("?status=closed", ["Fife"]),
    ("?status=none", ["Highland"]),
    ("?status=open&status=none", ["Angus", "Dundee City", "Highland"]),
    ("?stage=3", ["Fife"]),
    ("?stage=4&stage=3", ["Angus", "Fife"]),
    ("?stage=none", ["Dundee City", "Highland"]),
    ("?stage=1", []),
    ("?status=open&stage=4", ["Angus"]),
]


def test_filters(four, client):
    for query, expected in FILTERED:
        found = dashboard(client, query)
        assert names(found) == expected, query
        assert showing(found) == f"Showing {len(expected)} of 4 partnerships.", query
        if not expected:
            assert "No partnership matches these filters." in found.text()
        # The choices stay ticked, so the view can be changed from where it is.
        ticked = {(box["name"], box["value"]) for box in found.soup.select("input[checked]")}
        assert ticked == {tuple(pair.split("=")) for pair in query[1:].split("&")}, query


def test_the_stage_choices_are_the_questionnaires_scale(four, client):
    found = dashboard(client)
    boxes = found.soup.select("input[name=stage]")
    labels = [found.soup.find("label", attrs={"for": box["id"]}).get_text() for box in boxes]
    scale = factories.questionnaire().scale
    assert [box["value"] for box in boxes] == [str(level.value) for level in scale] + ["none"]
    assert labels == [level.label for level in scale] + ["No overall stage"]
    form = found.soup.find("form", method="get")
    assert form["action"] == "/adviser" and form.find("button", string="Apply filters")
    assert not found.soup.select("input[name=scope]")  # an adviser of some: nothing to choose


SORTED = [
    ("name", ["Angus", "Dundee City", "Fife", "Highland"]),
    ("closing", ["Angus", "Dundee City", "Fife", "Highland"]),
    ("rate", ["Angus", "Dundee City", "Fife", "Highland"]),
    ("stage", ["Fife", "Angus", "Dundee City", "Highland"]),
    ("change", ["Fife", "Angus", "Dundee City", "Highland"]),
]


def test_sorting(four, client):
    for sort, expected in SORTED:
        found = dashboard(client, f"?sort={sort}")
        assert names(found) == expected, sort
        assert found.soup.find("select", attrs={"name": "sort"}).find("option", selected=True)["value"] == sort


def test_sorting_by_closing_date_and_rate_puts_the_soonest_and_lowest_first(four, client):
    dundee = db.session.query(Round).filter(Round.closes_on == CLOSING).all()
    dundee = next(r for r in dundee if r.partnership.name == "Dundee City")
    dundee.closes_on = date(2030, 6, 1)
    db.session.commit()
    assert names(dashboard(client, "?sort=closing")) == ["Dundee City", "Angus", "Fife", "Highland"]
    open_round("Highland", [("nhs", False)] * 3)  # 0 of 3: the lowest rate
    assert names(dashboard(client, "?sort=rate")) == ["Highland", "Angus", "Dundee City", "Fife"]


def test_the_change_since_the_previous_comparable_round(app, client):
    closed_round("Fife", 2, year=2025)
    closed_round("Fife", 2, year=2026)
    closed_round("Angus", 4, year=2025)
    closed_round("Angus", 2, year=2026)
    closed_round("Highland", 3, year=2024, version=archived_version())  # another major version
    closed_round("Highland", 3, year=2026)
    closed_round("Dundee City", 3, year=2025, people=disclosure.MIN_RESPONSES - 1)  # no results
    closed_round("Dundee City", 3, year=2026)
    factories.adviser("adviser@example.org", ["Fife", "Angus", "Highland", "Dundee City"])
    sign_in(client, "adviser@example.org")
    found = dashboard(client, "?sort=change")
    change = {name: row["Change since the previous round"] for name, row in rows(found).items()}
    assert change == {
        "Angus": "Down 2 stages Since Self-assessment 2025",
        "Fife": "No change Since Self-assessment 2025",
        "Dundee City": "No overall stage in the previous round Since Self-assessment 2025",
        "Highland": "No earlier comparable round",
    }
    assert list(change) == ["Angus", "Fife", "Dundee City", "Highland"]


IGNORED = [
    "?status=bogus",
    "?stage=99999&stage=%3Cscript%3E&stage=",
    "?sort=nope",
    "?scope=everything",
    "?status=&sort=&scope=",
    "?stage=" + "9" * 300 + "&status=" + "x" * 300,
    "?sort=name&sort=rate&page=2&unknown=1",
]


def test_parameters_not_understood_are_ignored(four, client):
    for query in IGNORED:
        found = dashboard(client, query)
        assert showing(found) == "Showing 4 of 4 partnerships.", query
        assert names(found) == ["Angus", "Dundee City", "Fife", "Highland"], query
        assert not found.soup.select("input[name=status][checked], input[name=stage][checked]"), query


def test_a_nul_character_is_refused_as_for_every_page(four, client):
    found = page(client, "/adviser?status=open%00", status=400)
    assert "NUL" in found.text()


def test_an_adviser_sees_only_the_partnerships_they_support(app, client):
    closed_round("Fife", 3, year=2026)
    closed_round("Angus", 2, year=2026)
    closed_round("Glasgow City", 2, year=2026)
    open_round("Highland", [("nhs", True)])
    factories.adviser("adviser@example.org", ["Fife", "Highland"])
    sign_in(client, "adviser@example.org")
    for query in ("", "?scope=all", "?status=closed", "?sort=stage"):
        found = dashboard(client, query)
        assert set(names(found)) <= {"Fife", "Highland"}
        assert "Angus" not in found.text() and "Glasgow City" not in found.text()
    assert showing(dashboard(client)) == "Showing 2 of 2 partnerships."


def test_an_adviser_for_all_who_supports_some_may_choose(app, client):
    closed_round("Fife", 3, year=2026)
    closed_round("Angus", 2, year=2026)
    made = factories.account("all@example.org", adviser_for_all=True)
    made.adviser_assignments.append(AdviserAssignment(partnership_id=partnerships.by_name("Fife").id))
    db.session.commit()
    sign_in(client, "all@example.org")
    mine = dashboard(client)
    radios = mine.soup.select("input[name=scope]")
    assert [(r["value"], r.has_attr("checked")) for r in radios] == [("mine", True), ("all", False)]
    assert names(mine) == ["Fife"] and showing(mine) == "Showing 1 of 1 partnership."
    everyone = dashboard(client, "?scope=all&status=closed")
    assert names(everyone) == ["Angus", "Fife"]
    assert showing(everyone) == f"Showing 2 of {len(partnerships.all_partnerships())} partnerships."


def test_an_adviser_for_all_with_none_of_their_own_has_no_choice(app, client):
    factories.adviser("all@example.org")
    sign_in(client, "all@example.org")
    found = dashboard(client)
    assert not found.soup.select("input[name=scope]")
    total = len(partnerships.all_partnerships())
    assert showing(found) == f"Showing {total} of {total} partnerships."
