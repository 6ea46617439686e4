"""A comparison is kept between requests (compare/routes.py, under
compare/service.py's ``key``): a change to what it shows is on the next view."""

from __future__ import annotations

from datetime import date

from selfassess.data import partnerships
from selfassess.data.base import db
from tests import factories
from tests.integration.results_helpers import listed_after_heading
from tests.integration.test_compare import adviser, closed_round, url  # noqa: F401 -- adviser is a fixture
from tests.pages import page


def compared(client, *names: str) -> list[str]:
    return listed_after_heading(page(client, url(*names)), "What is compared")


def test_a_new_response_a_renamed_round_and_a_partnership_renamed_show_at_once(app, adviser):  # noqa: F811
    fife = closed_round("Fife", (1, 2, 4))
    closed_round("Angus", (2, 2, 2))
    assert compared(adviser, "Fife", "Angus")[1].endswith("with 3 people's answers.")
    factories.response(fife, factories.all_answers(3), perspective="community")  # submitted late, and released
    assert compared(adviser, "Fife", "Angus")[1].endswith("with 4 people's answers.")
    fife.title = "Our self-assessment"
    db.session.commit()
    assert compared(adviser, "Fife", "Angus")[1].startswith("Fife: Our self-assessment, open from")
    partnership = partnerships.by_name("Angus")
    partnership.name = "Angus Council and NHS Tayside"
    db.session.commit()
    try:
        assert compared(adviser, "Fife", "Angus Council and NHS Tayside")[0].startswith(
            "Angus Council and NHS Tayside:"
        )
    finally:  # the partnerships are reference data, kept from test to test
        partnership.name = "Angus"
        db.session.commit()


def test_a_partnership_with_no_results_yet_shows_its_first_at_once(app, adviser):  # noqa: F811
    closed_round("Fife", (1, 2, 4))
    assert compared(adviser, "Fife", "Highland")[1] == "Highland: no round with results yet."
    made = factories.round_("Highland", opens_on=date(2026, 3, 2), closes_on=date(2026, 3, 30))
    for level in (2, 3, 3):
        factories.response(made, factories.all_answers(level), perspective="community")
    factories.close(made)
    assert compared(adviser, "Fife", "Highland")[1].startswith("Highland: Self-assessment 2026, open from")
