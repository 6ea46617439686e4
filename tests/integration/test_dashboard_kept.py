"""The adviser's dashboard keeps its rows between requests (results/dashboard.py,
``_kept`` and ``Dashboard.content``): every change to what a row shows is on
the next view, with nothing emptied by hand."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine

from selfassess import clock
from selfassess.data import accounts, actions, invitations, partnerships
from selfassess.data.base import db
from selfassess.data.models import ActionStatus, Invitation
from tests import factories
from tests.integration.test_adviser_dashboard import closed_round, dashboard, open_round, rows
from tests.signing_in import sign_in


@pytest.fixture
def two(app, client):
    """Fife closed at stage 3 with an action plan; Dundee City open, 2 of 4 invited submitted."""
    closed_round("Fife", 2, year=2025)
    fife = closed_round("Fife", 3, year=2026)
    db.session.commit()
    dundee = open_round("Dundee City", [("nhs", True), ("nhs", True), ("nhs", False), ("nhs", False)])
    factories.adviser("adviser@example.org", ["Fife", "Dundee City"])
    sign_in(client, "adviser@example.org")
    return fife, dundee


def invited(round_, n: int) -> Invitation:
    email = f"{partnerships.slugify(round_.partnership.name)}-{n}@example.org"
    return next(i for i in invitations.for_round(round_) if i.email == email)


def test_a_new_submission_in_an_open_round_changes_the_response_rate(two, client):
    _fife, dundee = two
    assert rows(dashboard(client))["Dundee City"]["Response rate"] == "2 of 4 (50%)"
    factories.response(dundee, factories.all_answers(2), respondent=invited(dundee, 2).account)
    assert rows(dashboard(client))["Dundee City"]["Response rate"].startswith("3 of 4 (75%)")


def test_a_response_started_and_an_invitation_withdrawn_show_at_once(two, client):
    _fife, dundee = two
    before = rows(dashboard(client))["Dundee City"]["Response rate"]
    factories.response(dundee, factories.all_answers(2), respondent=invited(dundee, 2).account, submitted=False)
    assert rows(dashboard(client))["Dundee City"]["Response rate"] == before  # a draft does not count
    invitations.withdraw(invited(dundee, 3))
    db.session.commit()
    assert rows(dashboard(client))["Dundee City"]["Response rate"] == "2 of 3 (66%)"


def test_an_actions_due_date_passing_changes_the_overdue_count(two, client):
    fife, _dundee = two
    today = clock.today_in_london()
    actions.add(fife, "Due tomorrow", due_on=today + timedelta(days=1))
    db.session.commit()
    assert rows(dashboard(client))["Fife"]["Overdue actions"] == "None overdue"
    with time_machine.travel(datetime.combine(today + timedelta(days=3), datetime.min.time()), tick=False):
        sign_in(client, "adviser@example.org")  # signed out by then for being idle
        assert rows(dashboard(client))["Fife"]["Overdue actions"] == "1 overdue in the action plan of Fife"


def test_an_action_done_or_added_changes_the_overdue_count(two, client):
    fife, _dundee = two
    late = actions.add(fife, "Late", due_on=clock.today_in_london() - timedelta(days=5))
    db.session.commit()
    assert rows(dashboard(client))["Fife"]["Overdue actions"] == "1 overdue in the action plan of Fife"
    actions.update(late, status=ActionStatus.DONE)
    db.session.commit()
    assert rows(dashboard(client))["Fife"]["Overdue actions"] == "None overdue"


def test_closing_a_round_and_a_new_round_show_at_once(two, client):
    _fife, dundee = two
    assert rows(dashboard(client))["Dundee City"]["Status"] == "Open"
    factories.response(dundee, factories.all_answers(2))  # enough to have results once it closes
    factories.close(dundee)
    row = rows(dashboard(client))["Dundee City"]
    assert (row["Status"], row["Overall stage"]) == ("Closed", "Developing 2.00")
    factories.round_("Fife", title="Self-assessment 2027")
    row = rows(dashboard(client))["Fife"]
    assert (row["Latest round"], row["Status"]) == ("Self-assessment 2027", "Open")
    assert row["Overall stage"].startswith("Established 3.00 From Self-assessment 2026")


def test_a_round_renamed_and_a_partnership_renamed_show_at_once(two, client):
    fife, _dundee = two
    rows(dashboard(client))
    fife.title = "Our 2026 self-assessment"
    db.session.commit()
    assert rows(dashboard(client))["Fife"]["Latest round"] == "Our 2026 self-assessment results for Fife"
    partnership = partnerships.by_name("Fife")
    partnership.name = "Fife Council and NHS Fife"
    db.session.commit()
    try:
        assert "Fife Council and NHS Fife" in rows(dashboard(client))
    finally:  # the partnerships are reference data, kept from test to test
        partnership.name = "Fife"
        db.session.commit()


def test_an_adviser_given_another_partnership_sees_it_at_once(two, client):
    rows(dashboard(client))
    adviser = accounts.by_email("adviser@example.org")
    accounts.set_adviser(adviser, False, {p.id for p in partnerships.by_ids(None) if p.name in ("Fife", "Angus")})
    db.session.commit()
    assert list(rows(dashboard(client))) == ["Angus", "Fife"]


def test_an_action_of_a_plan_on_an_earlier_round_changes_the_overdue_count(two, client):
    """Fife's plan is on its closed round while a later round is open."""
    fife, _dundee = two
    late = actions.add(fife, "Late", due_on=clock.today_in_london() - timedelta(days=5))
    db.session.commit()
    open_round("Fife", [("nhs", False)], year=2027)
    assert rows(dashboard(client))["Fife"]["Overdue actions"] == "1 overdue in the action plan of Fife"
    actions.update(late, status=ActionStatus.DONE)
    db.session.commit()
    assert rows(dashboard(client))["Fife"]["Overdue actions"] == "None overdue"
