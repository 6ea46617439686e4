"""The lead's round page is a task list: each task's status through a
round's life, the warning for a perspective too small to be shown on its
own, counts that agree with each other, and the lead's "answers submitted"
page pointing back to the task list."""

from __future__ import annotations

from datetime import date, timedelta

from selfassess import clock
from selfassess.data import accounts, actions, invitations, responses
from selfassess.data import agreed as agreed_answers
from selfassess.data.base import db
from selfassess.data.models import ActionStatus, Round
from selfassess.results import compute
from tests import factories
from tests.integration.rounds_helpers import fresh, invite_directly, lead_with_round, post
from tests.pages import page
from tests.signing_in import sign_in

ORDER = ["invite", "answer", "remind", "close", "agree", "plan", "share"]


def tasks_on(client, round_: Round) -> dict[str, dict]:
    """Each task on the round page: its status, where its link goes (None
    when it has none), its sentence and every other word in it."""
    manage = page(client, f"/rounds/{round_.id}/manage")
    found = {}
    for item in manage.soup.find(id="task-list").find_all("li", class_="ds_task-list__task"):
        link = item.find("a", class_="ds_task-list__task-link")
        found[item["id"].removeprefix("task-")] = {
            "status": item.find("div", attrs={"aria-hidden": "true"}).get_text(strip=True),
            "link": link["href"] if link else None,
            "summary": item.find(class_="ds_task-list__task-summary").get_text(" ", strip=True),
            "text": " ".join(item.get_text(" ", strip=True).split()),
        }
    return found


def statuses(found: dict[str, dict]) -> dict[str, str]:
    return {key: task["status"] for key, task in found.items()}


def lead() -> object:
    return accounts.by_email("lead@example.org")


def test_a_new_round_lists_what_to_do_in_order(app, client):
    round_ = lead_with_round(client)
    found = tasks_on(client, round_)
    assert list(found) == ORDER
    assert statuses(found) == {
        "invite": "Not started",
        "answer": "Not started",
        "remind": "Cannot start yet",
        "close": "Not started",
        "agree": "Cannot start yet",
        "plan": "Cannot start yet",
        "share": "Cannot start yet",
    }
    assert found["answer"]["link"] == f"/rounds/{round_.id}/answer"
    assert found["close"]["link"] == f"/rounds/{round_.id}/close"
    assert "1 December 2026" in found["close"]["summary"]
    # What cannot start yet has no link to follow.
    assert [key for key, task in found.items() if task["link"] is None] == ["remind", "agree", "plan", "share"]
    assert "Nobody is invited yet" in found["invite"]["summary"]


def test_inviting_and_answering_move_their_tasks_on_while_the_round_is_open(app, client):
    round_ = lead_with_round(client)
    invite_directly(round_, "one@example.org")
    invite_directly(round_, "two@example.org")
    found = tasks_on(client, round_)
    assert found["invite"]["status"] == "In progress"
    assert "2 people invited: 0 submitted, 0 started, 2 not started yet." in found["invite"]["summary"]
    assert found["remind"]["status"] == "Not started"
    assert found["remind"]["link"] == f"/rounds/{round_.id}/reminders"
    assert "2 people invited have not submitted yet" in found["remind"]["summary"]

    # The lead answers too: started, then submitted.
    mine = factories.response(round_, {"leadership.shared-meaning": 2}, respondent=lead(), submitted=False)
    assert tasks_on(client, round_)["answer"]["status"] == "In progress"
    responses.submit(db.session.merge(mine))
    db.session.commit()
    found = tasks_on(client, round_)
    assert found["answer"]["status"] == "Completed"
    assert found["answer"]["summary"].startswith("You submitted on ")


def test_after_closing_agreeing_planning_and_sharing_move_their_tasks_on(app, client):
    round_ = lead_with_round(client)
    invite_directly(round_, "one@example.org")
    factories.response(round_, factories.all_answers(3), respondent=lead(), perspective="local_authority")
    # Views that differ: two people at the bottom of the scale, two at the top.
    for level in (1, 1, 4, 4):
        factories.response(round_, factories.all_answers(level))
    factories.close(db.session.merge(round_))
    found = tasks_on(client, round_)
    assert statuses(found) == {
        "invite": "Completed",
        "answer": "Completed",
        "remind": "Completed",
        "close": "Completed",
        "agree": "Not started",
        "plan": "Not started",
        "share": "Not started",
    }
    assert found["remind"]["link"] is None
    assert found["agree"]["link"] == f"/rounds/{round_.id}/workshop"
    assert f'href="/rounds/{round_.id}/results"' in str(
        page(client, f"/rounds/{round_.id}/manage").soup.find(id="task-agree")
    )
    assert found["plan"]["link"] == f"/rounds/{round_.id}/plan"
    assert found["share"]["link"] == "#share-prompt"
    flagged = [i.id for i in compute.scored_round(fresh(Round, round_.id)).result.indicators if i.disagreement]
    assert len(flagged) > 1
    assert f"Views differ on {len(flagged)} questions; you have agreed a level for 0 of them." in found["agree"]["text"]

    # An agreed level.
    agreed_answers.record(fresh(Round, round_.id), flagged[0], "2", "We talked it through", lead())
    db.session.commit()
    found = tasks_on(client, round_)
    assert found["agree"]["status"] == "In progress"
    assert "you have agreed a level for 1 of them" in found["agree"]["text"]

    # An action past its due date is overdue; one done by then is not.
    yesterday = clock.today_in_london() - timedelta(days=1)
    actions.add(fresh(Round, round_.id), "Hold a listening event", due_on=yesterday)
    actions.add(fresh(Round, round_.id), "Write to every partner", due_on=yesterday, status=ActionStatus.DONE)
    db.session.commit()
    found = tasks_on(client, round_)
    assert found["plan"]["status"] == "In progress"
    assert "The plan has 2 actions: 1 done or dropped." in found["plan"]["text"]
    assert "1 action overdue" in found["plan"]["text"]

    # Shared.
    post(client, f"/rounds/{round_.id}/share")
    found = tasks_on(client, round_)
    assert found["share"]["status"] == "Completed"
    assert "You shared the results with everyone who took part" in found["share"]["summary"]


def test_a_perspective_of_two_is_warned_about_and_one_of_three_is_not(app, client):
    round_ = lead_with_round(client)
    for n in range(3):
        invite_directly(round_, f"nhs-{n}@example.org", "nhs")
    for n in range(2):
        invite_directly(round_, f"third-{n}@example.org", "third_sector")
    invite_directly(round_, "community@example.org", "community")
    manage = page(client, f"/rounds/{round_.id}/manage")
    warnings = [
        w.get_text(" ", strip=True) for w in manage.soup.find(id="task-invite").find_all(class_="ds_warning-text")
    ]
    assert len(warnings) == 1  # one warning, naming each small perspective
    assert "Fewer than 3 people can answer from these perspectives so far" in warnings[0]
    assert "Third sector (voluntary and community organisations) (2)" in warnings[0]
    assert "Community members and groups (1)" in warnings[0]
    assert "shown together under “Other perspectives”" in warnings[0]
    assert not [w for w in warnings if "NHS" in w]


def test_a_small_perspective_with_too_few_to_join_others_is_left_out_and_says_so(app, client):
    round_ = lead_with_round(client)
    for _ in range(3):
        factories.response(round_, factories.all_answers(3), perspective="nhs")
    for _ in range(2):
        factories.response(round_, factories.all_answers(3), perspective="third_sector")
    factories.close(db.session.merge(round_))
    manage = page(client, f"/rounds/{round_.id}/manage")
    warnings = [
        w.get_text(" ", strip=True) for w in manage.soup.find(id="task-invite").find_all(class_="ds_warning-text")
    ]
    assert len(warnings) == 1
    assert "Fewer than 3 responses were submitted from this perspective: Third sector" in warnings[0]
    assert "not shown by perspective" in warnings[0]
    assert "count only in the overall results" in warnings[0]


def _submitted_by(round_: Round, email: str, perspective: str = "nhs", *, submitted: bool = True):
    person = factories.member(factories.account(email), perspective=perspective)
    invite_directly(round_, email, perspective)
    return factories.response(
        round_, factories.all_answers(3), respondent=person, perspective=perspective, submitted=submitted
    )


def test_the_counts_agree_with_each_other_whoever_answered(app, client):
    round_ = lead_with_round(client)
    _submitted_by(round_, "ann@example.org")
    reopened = _submitted_by(round_, "ben@example.org")
    _submitted_by(round_, "cal@example.org", submitted=False)
    invite_directly(round_, "dee@example.org")
    # A member who answered without an invitation to this round.
    factories.response(round_, factories.all_answers(2), perspective="community")
    # Someone whose invitation was withdrawn after they submitted: what they submitted still counts.
    _submitted_by(round_, "eve@example.org", "third_sector")
    invitations.withdraw(next(i for i in invitations.for_round(round_) if i.email == "eve@example.org"))
    # A response recorded from a paper copy.
    recorded = responses.record_on_behalf(round_, lead(), "lived_experience", "paper", "Paper copy 1")
    responses.save_domain(recorded, "all", {"leadership.shared-meaning": ("2", None)})
    responses.submit(recorded)
    # Ben reopens his answers: what he submitted counts until he submits again.
    responses.reopen(db.session.merge(reopened))
    db.session.commit()

    manage = page(client, f"/rounds/{round_.id}/manage")
    text = manage.text()
    assert (
        "5 responses have been submitted: 2 of the 4 people invited, 1 from a member who answered without an "
        "invitation, 1 from someone whose invitation you withdrew after they submitted and 1 recorded from a paper "
        "copy. 1 of them was reopened since: what was submitted counts until it is submitted again."
    ) in text
    assert responses.submitted_count(round_.id) == 5  # what results count, from the query layer
    assert "4 people invited: 2 submitted, 1 started, 1 not started yet." in tasks_on(client, round_)["invite"]["text"]
    counts = manage.soup.find(id="invited-counts").get_text(" ", strip=True)
    for words in ("4 people invited", "1 not started yet", "1 started but not submitted", "2 submitted"):
        assert words in counts

    # By perspective, each column adds up to its total, and the totals are the numbers above.
    table = manage.soup.find(id="by-perspective")
    rows = [[cell.get_text(strip=True) for cell in row.find_all(["th", "td"])] for row in table.tbody.find_all("tr")]
    total = [cell.get_text(strip=True) for cell in table.tfoot.find_all(["th", "td"])]
    assert total == ["Total", "4", "1", "5"]
    for column in (1, 2, 3):
        assert sum(int(row[column]) for row in rows) == int(total[column])
    by_label = {row[0]: row[1:] for row in rows}
    assert by_label["NHS"] == ["4", "1", "2"]
    assert by_label["Community members and groups"] == ["0", "0", "1"]
    assert by_label["Third sector (voluntary and community organisations)"] == ["0", "0", "1"]
    assert by_label["People with lived experience and carers"] == ["0", "0", "1"]
    assert "Reopened" in manage.soup.find(id="progress-list").get_text()


def test_the_leads_submitted_page_links_to_the_task_list(app, client):
    round_ = lead_with_round(client)
    factories.response(round_, factories.all_answers(3), respondent=lead(), perspective="local_authority")
    submitted = page(client, f"/rounds/{round_.id}/answer/submitted")
    link = submitted.soup.find("main").find("a", href=f"/rounds/{round_.id}/manage")
    assert link is not None
    assert link.get_text(" ", strip=True).startswith("Go to the round's task list")
    assert "As a lead, you take the round on from here" in submitted.text()


def test_a_respondents_submitted_page_says_what_the_lead_does_next(app, client):
    round_ = factories.round_()
    person = factories.member(factories.account("person@example.org"))
    factories.response(round_, factories.all_answers(3), respondent=person)
    sign_in(client, "person@example.org")
    submitted = page(client, f"/rounds/{round_.id}/answer/submitted")
    assert submitted.soup.find("main").find("a", href=f"/rounds/{round_.id}/manage") is None
    assert "ask the partnership's lead to reopen them" in submitted.text()
    assert "at least 3 people submitted" in submitted.text()


def test_the_previous_rounds_plan_shows_under_the_task_list(app, client):
    factories.lead("lead@example.org")
    earlier = factories.round_(title="Self-assessment 2025", opens_on=date(2025, 10, 1), closes_on=date(2025, 12, 1))
    for _ in range(3):
        factories.response(earlier, factories.all_answers(2))
    factories.close(db.session.merge(earlier))
    actions.add(fresh(Round, earlier.id), "Hold a listening event", owner="Ailsa Grant")
    db.session.commit()
    round_ = factories.round_()
    sign_in(client, "lead@example.org")
    manage = page(client, f"/rounds/{round_.id}/manage")
    heading = manage.soup.find(id="what-we-said")
    assert heading.get_text(strip=True) == "What we said we would do"
    assert manage.soup.find(id="task-list").find_next(id="what-we-said") is heading
    assert "Hold a listening event" in manage.text()


def test_the_previous_rounds_overdue_actions_are_marked_on_this_rounds_task_list(app, client):
    """During the year the lead works from the open round's page: last
    round's plan, still being carried out, shows what is overdue there."""
    factories.lead("lead@example.org")
    earlier = factories.round_(title="Self-assessment 2025", opens_on=date(2025, 10, 1), closes_on=date(2025, 12, 1))
    for _ in range(3):
        factories.response(earlier, factories.all_answers(2))
    factories.close(db.session.merge(earlier))
    earlier = fresh(Round, earlier.id)
    yesterday = clock.today_in_london() - timedelta(days=1)
    actions.add(earlier, "Hold a listening event", due_on=yesterday)
    actions.add(earlier, "Publish the summary", due_on=yesterday, status=ActionStatus.DONE)
    actions.add(earlier, "Train the panel", due_on=yesterday + timedelta(days=365))
    db.session.commit()
    round_ = factories.round_()
    sign_in(client, "lead@example.org")
    manage = page(client, f"/rounds/{round_.id}/manage")
    task = manage.soup.find(id="task-plan")
    text = task.get_text(" ", strip=True)
    assert "1 action overdue" in text  # not the done one, nor the one due next year
    assert "In Self-assessment 2025's plan, 1 action is overdue." in text
    update = "Update the plan of Self-assessment 2025"
    links = [a for a in task.find_all("a") if a.get_text(strip=True).startswith(update)]
    assert [a["href"] for a in links] == [f"/rounds/{earlier.id}/plan"]
    row = manage.soup.find(string="Hold a listening event").find_parent("tr")
    assert "Overdue" in row.get_text(" ", strip=True)
