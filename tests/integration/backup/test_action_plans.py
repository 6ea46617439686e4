"""A round's action plan moves house with it: every action (its status, due
date, owner, what it answers) and every comment on it, with its author; and
a file from before action plans existed is refused for its schema revision,
with the way to import it."""

from __future__ import annotations

import json
from datetime import date

from selfassess.data import actions, audit
from selfassess.data.base import db
from selfassess.data.models import ActionStatus
from tests import factories
from tests.db import empty_tables
from tests.integration.backup.support import comparable, import_file

# The sections added with action plans (schema revision 0006).
PLAN_SECTIONS = ("reminders", "actions", "action_comments")


def a_round_with_a_plan():
    lead = factories.lead("fife.lead@example.org")
    adviser = factories.adviser("fife.adviser@example.org", ["Fife"])
    round_ = factories.round_(closed=True)
    written = actions.add(
        round_,
        "Write down what co-production means here, with the carers forum",
        answers={"indicators": ["leadership.shared-meaning"], "themes": []},
        owner="Morag Baird",
        due_on=date(2027, 3, 31),
        status=ActionStatus.IN_PROGRESS,
        note="First draft at the March board",
    )
    actions.comment(written, adviser, "Other partnerships began with a workshop: I can bring examples.")
    actions.comment(written, lead, "Thank you, the workshop is booked.")
    actions.add(round_, "Stop the second survey", answers={"themes": ["x"]}, status=ActionStatus.DROPPED)
    db.session.commit()
    return round_.id


def plan_as_seen(round_id: int) -> list[tuple]:
    """The plan as the app reads it: each action with its comments and their authors."""
    return [
        (
            action.position,
            action.text,
            action.answers,
            action.basis,
            action.owner,
            action.due_on,
            action.status,
            action.note,
            [(comment.author.email, comment.text) for comment in action.comments],
        )
        for action in actions.for_round(round_id)
    ]


def test_actions_and_their_comments_survive_moving_house(app, runner, tmp_path):
    round_id = a_round_with_a_plan()
    before = plan_as_seen(round_id)
    assert before[0][6] == ActionStatus.IN_PROGRESS and len(before[0][8]) == 2
    path = tmp_path / "selfassess.json"
    exported = runner.invoke(args=["export", str(path)])
    assert exported.exit_code == 0, exported.output
    assert "2 actions, 2 comments on actions" in exported.output
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["actions"][0]["answers"] == {"indicators": ["leadership.shared-meaning"], "themes": []}
    assert data["actions"][0]["due_on"] == "2027-03-31" and data["actions"][0]["status"] == "in_progress"

    db.session.remove()
    empty_tables(db.engine)  # a new, empty database (the 31 partnerships stay)
    imported = import_file(path)
    assert imported.exit_code == 0, imported.output
    assert "2 actions, 2 comments on actions" in imported.output

    assert audit.events(limit=1)[0].action == "imported data"
    assert plan_as_seen(round_id) == before
    # Every row came across as it was, ids and times included.
    again = tmp_path / "again.json"
    assert runner.invoke(args=["export", str(again)]).exit_code == 0
    moved = comparable(json.loads(again.read_text(encoding="utf-8")))
    assert {key: moved[key] for key in PLAN_SECTIONS} == {key: comparable(data)[key] for key in PLAN_SECTIONS}


def test_an_action_whose_answers_are_not_an_object_is_refused(app, runner, tmp_path):
    a_round_with_a_plan()
    path = tmp_path / "selfassess.json"
    assert runner.invoke(args=["export", str(path)]).exit_code == 0
    data = json.loads(path.read_text(encoding="utf-8"))
    data["actions"][0]["answers"] = ["leadership.shared-meaning"]
    path.write_text(json.dumps(data), encoding="utf-8")
    db.session.remove()
    empty_tables(db.engine)
    refused = import_file(path)
    assert refused.exit_code == 2
    assert 'actions[0]: "answers" is ["leadership.shared-meaning"]; it must be a JSON object' in refused.output
    assert actions.for_round(data["rounds"][0]["id"]) == []


def test_a_file_from_before_action_plans_is_refused_for_its_revision(app, runner, tmp_path):
    a_round_with_a_plan()
    path = tmp_path / "selfassess.json"
    assert runner.invoke(args=["export", str(path)]).exit_code == 0
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in PLAN_SECTIONS:  # what a backup made at schema revision 0005 holds
        del data[key]
    data["schema_revision"] = "0005"
    path.write_text(json.dumps(data), encoding="utf-8")
    db.session.remove()
    empty_tables(db.engine)
    refused = import_file(path)
    assert refused.exit_code == 2
    # The way to import it, rather than "it is not a complete export".
    assert "the file is from a database at schema revision 0005" in refused.output
    assert "import into a database at the same revision" in refused.output
