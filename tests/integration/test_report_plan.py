"""The round's action plan in its outputs: the PDF report prints it (who, by
when, how it is going), the CSV and JSON exports carry it, and a round
without a plan says where to write one."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from selfassess.data import actions
from selfassess.data.base import db
from selfassess.data.models import ActionStatus
from selfassess.reports import plan
from selfassess.reports.build import report_pdf
from selfassess.results import provenance
from tests import factories
from tests.integration.results_helpers import pdf_text, section, unwrapped, without_footers
from tests.signing_in import sign_in

INDICATOR = "leadership.shared-meaning"


def answered_round():
    round_ = factories.round_(closed=True)
    for _ in range(3):
        factories.response(round_, factories.all_answers(2), perspective="nhs")
    return round_


def with_a_plan(round_):
    """Two actions: the partnership's own, linked to a question, and one taken
    from a study theme's actions, linked to the theme."""
    q = factories.questionnaire()
    theme = q.study.themes[0]
    theme_action = next(a for a in theme.actions if a.aimed_at == "partnership")
    actions.add(
        round_,
        "Write down what co-production means here, with the carers forum",
        answers={"indicators": [INDICATOR]},
        owner="Morag Baird",
        due_on=date(2027, 3, 31),
        status=ActionStatus.IN_PROGRESS,
        note="First draft at the March board",
    )
    actions.add(
        round_,
        theme_action.text.strip(),
        answers={"themes": [theme.id]},
        basis=theme_action.basis,
    )
    db.session.commit()
    return q, theme, theme_action


def plan_section(round_) -> str:
    text = without_footers(pdf_text(report_pdf(round_)), round_)
    return unwrapped(section(text, "7. Action plan", "8. Appendix"))


def test_the_report_prints_the_rounds_action_plan(app):
    round_ = answered_round()
    q, theme, theme_action = with_a_plan(round_)
    printed = plan_section(round_)

    assert unwrapped("Write down what co-production means here, with the carers forum") in printed
    assert unwrapped(q.indicator(INDICATOR).title) in printed  # what it answers, in the question's words
    assert provenance.PARTNERSHIP_ACTION in printed
    assert "Morag Baird" in printed and "31 March 2027" in printed
    assert "In progress" in printed and "First draft at the March board" in printed
    # The theme's action: the study's words for its basis, no owner or date yet.
    assert unwrapped(theme_action.text) in printed
    assert unwrapped(f"Study theme: {theme.title}") in printed
    assert provenance.basis(theme_action) in printed
    assert "No one yet" in printed and "No date yet" in printed and "Not started" in printed
    # The plan replaces the blank suggestion table.
    assert unwrapped(plan.NOT_WRITTEN) not in printed


def test_a_report_without_a_plan_says_where_to_write_it(app):
    round_ = answered_round()
    printed = plan_section(round_)
    assert unwrapped(plan.NOT_WRITTEN) in printed
    assert "Who By when" in printed  # the suggestion table, to fill in by hand


def test_the_exports_carry_the_action_plan(app, client):
    round_ = answered_round()
    _, theme, theme_action = with_a_plan(round_)
    factories.lead("lead@example.org")
    sign_in(client, "lead@example.org")

    data = json.loads(client.get(f"/rounds/{round_.id}/results.json").data)
    assert data["results"]["overall"]["score"] == "2.00"
    first, second = data["action_plan"]
    assert first == {
        "text": "Write down what co-production means here, with the carers forum",
        "answers": {"indicators": [INDICATOR], "themes": []},
        "basis": "partnership",
        "basis_words": provenance.PARTNERSHIP_ACTION,
        "owner": "Morag Baird",
        "due_on": "2027-03-31",
        "status": "in_progress",
        "status_words": "In progress",
        "note": "First draft at the March board",
    }
    assert second["answers"] == {"indicators": [], "themes": [theme.id]}
    assert (second["basis"], second["owner"], second["due_on"], second["status"]) == (
        theme_action.basis,
        None,
        None,
        "not_started",
    )

    rows = list(csv.DictReader(io.StringIO(client.get(f"/rounds/{round_.id}/results.csv").data.decode())))
    assert all(None not in row.values() for row in rows)  # every row as wide as the header
    planned = [row for row in rows if row["level"] == "action"]
    assert [row["id"] for row in planned] == ["1", "2"]
    assert planned[0]["action"].startswith("Write down what co-production means")
    assert (planned[0]["indicators"], planned[0]["owner"], planned[0]["due_on"], planned[0]["status"]) == (
        INDICATOR,
        "Morag Baird",
        "2027-03-31",
        "in_progress",
    )
    assert planned[1]["themes"] == theme.id and planned[1]["owner"] == ""
    overall = next(row for row in rows if row["level"] == "overall")
    assert overall["score"] == "2.00" and overall["action"] == ""


def test_a_plan_typed_like_a_formula_is_only_text_in_the_csv(app, client):
    round_ = answered_round()
    actions.add(round_, '=HYPERLINK("http://example.com")', owner="@someone")
    db.session.commit()
    factories.lead("lead@example.org")
    sign_in(client, "lead@example.org")
    rows = list(csv.DictReader(io.StringIO(client.get(f"/rounds/{round_.id}/results.csv").data.decode())))
    action = next(row for row in rows if row["level"] == "action")
    assert action["action"].startswith("'=") and action["owner"] == "'@someone"


def test_a_report_without_results_still_prints_a_plan_already_written(app):
    round_ = factories.round_()  # open, nobody has submitted: no results
    actions.add(round_, "Invite the carers forum to answer", owner="Morag Baird")
    db.session.commit()
    text = without_footers(pdf_text(report_pdf(round_)), round_)
    printed = unwrapped(section(text, "7. Action plan", "8. Appendix"))
    assert "Invite the carers forum to answer" in printed and "Morag Baird" in printed
    assert "Not available yet" not in printed
