"""The action plan: the lead drafts it from the results, changes, adds and
removes actions all year; the partnership's adviser reads it and comments;
the next round shows "What we said we would do" with the scores since."""

from __future__ import annotations

from datetime import date

import pytest

from selfassess.data import actions, audit, rounds
from selfassess.data.base import db
from selfassess.data.models import ActionStatus
from selfassess.results import compute, provenance
from tests import factories
from tests.pages import page
from tests.signing_in import csrf_token, sign_in

LEAD, ADVISER = "fife.lead@example.org", "fife.adviser@example.org"
LOW = "leadership.shared-meaning"  # the one question everyone scores low


def answers(low_level: int = 1) -> dict:
    return factories.all_answers(lambda indicator_id: low_level if indicator_id == LOW else 4)


def closed_round(partnership: str = "Fife", low_level: int = 1, **kwargs):
    """A round with results: three people answered, then it closed."""
    made = factories.round_(partnership, closed=False, **kwargs)
    for _ in range(3):
        factories.response(made, answers(low_level), perspective="community")
    return factories.close(made)


@pytest.fixture
def fife(app):
    factories.lead(LEAD, "Fife")
    factories.adviser(ADVISER, ["Fife"])
    return closed_round()


def plan_url(round_, *parts) -> str:
    return "/".join([f"/rounds/{round_.id}/plan", *(str(p) for p in parts)])


def post(client, url: str, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, "/"), **data})


def action_form(client, url: str, **changes) -> dict:
    """The action form as the page fills it in, with these fields changed."""
    form = page(client, url).form()
    data = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("type") in ("hidden", "text")}
    data |= {i["name"]: i["value"] for i in form.find_all("input", checked=True) if i.get("type") == "radio"}
    data |= {t["name"]: t.get_text() for t in form.find_all("textarea")}
    ticked = [(i["name"], i["value"]) for i in form.find_all("input", type="checkbox", checked=True)]
    data |= changes
    return data | {name: [v for n, v in ticked if n == name] for name, _ in ticked if name not in changes}


def messages(shown) -> str:
    return " ".join(p.get_text(" ", strip=True) for p in shown.soup.select("[role=status]"))


def test_the_lead_drafts_the_plan_from_the_priorities_and_the_themes_once(fife, client):
    sign_in(client, LEAD)
    before = page(client, plan_url(fife))
    assert "The plan has no actions yet" in before.text()
    response = post(client, plan_url(fife, "draft"))
    assert response.status_code == 302 and response.headers["Location"].endswith(plan_url(fife))

    shown = page(client, plan_url(fife))
    questionnaire = factories.questionnaire()
    result = compute.scored_round(fife).result
    assert result.priorities == [LOW]
    assert f"1. Improve: {questionnaire.indicator(LOW).title}" in shown.text()
    weak = [t for t in result.themes if t.status in ("gap", "partial")]
    assert weak, "the low question leaves a theme with a gap"
    for theme_result in weak:
        theme = questionnaire.study.theme(theme_result.id)
        for action in (a for a in theme.actions if a.aimed_at == "partnership"):
            item = next((h for h in shown.soup.find_all("h3") if action.text.strip() in h.get_text()), None)
            assert item is not None, action.text
            block = " ".join(item.find_parent("li").get_text(" ", strip=True).split())
            assert provenance.BASIS_WORDS[action.basis] in block
            assert theme.title in block
        for action in (a for a in theme.actions if a.aimed_at == "national"):
            assert action.text.strip()[:60] not in shown.text(), "actions for national bodies are not the partnership's"
    drafted = len(actions.for_round(fife.id))
    assert "The partnership's own action" in shown.text()
    assert f"{drafted} actions drafted" in messages(shown)

    post(client, plan_url(fife, "draft"))
    again = page(client, plan_url(fife))
    assert len(actions.for_round(fife.id)) == drafted
    assert "nothing was drafted" in messages(again)
    assert "drafted action plan" in [e.action for e in audit.events()]


def test_the_lead_changes_the_owner_due_date_and_status(fife, client):
    action = actions.add(fife, "Hold a workshop on what co-production means", answers={"indicators": [LOW]})
    db.session.commit()
    sign_in(client, LEAD)
    url = plan_url(fife, action.id)
    form = page(client, url)
    assert form.soup.find("input", attrs={"name": "indicators", "value": LOW}).has_attr("checked")
    data = action_form(
        client,
        url,
        owner="Aileen Brown",
        **{"due_on-day": "31", "due_on-month": "3", "due_on-year": "2027"},
        status="in_progress",
        note="First session booked.",
    )
    response = client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]

    shown = page(client, plan_url(fife))
    text = shown.text()
    assert "Aileen Brown" in text and "31 March 2027" in text and "In progress" in text
    assert "First session booked." in text
    assert factories.questionnaire().indicator(LOW).title in text
    assert "is saved: in progress" in messages(shown)
    changed = actions.get(fife, action.id)
    assert (changed.owner, changed.due_on, changed.status) == (
        "Aileen Brown",
        date(2027, 3, 31),
        ActionStatus.IN_PROGRESS,
    )
    assert "changed action" in [e.action for e in audit.events()]

    # Clearing the owner and the date leaves neither.
    client.post(
        url, data=action_form(client, url, owner="", **dict.fromkeys(("due_on-day", "due_on-month", "due_on-year"), ""))
    )
    assert "Nobody named yet" in page(client, plan_url(fife)).text()
    assert actions.get(fife, action.id).due_on is None


def test_the_lead_adds_an_action_then_removes_it_after_confirming(fife, client):
    sign_in(client, LEAD)
    page(client, plan_url(fife))
    theme_id = factories.questionnaire().study.themes[0].id
    data = action_form(client, plan_url(fife, "add"), text="Invite carers to the steering group", themes=[theme_id])
    assert client.post(plan_url(fife, "add"), data=data).status_code == 302
    (added,) = actions.for_round(fife.id)
    assert added.answers == {"indicators": [], "themes": [theme_id]} and added.basis == "partnership"
    shown = page(client, plan_url(fife))
    assert "Invite carers to the steering group" in shown.text()
    assert factories.questionnaire().study.themes[0].title in shown.text()

    confirm = page(client, plan_url(fife, added.id, "remove"))
    assert confirm.h1 == "Remove this action?" and "Invite carers" in confirm.text()
    assert actions.for_round(fife.id), "asking to remove removes nothing"
    response = client.post(plan_url(fife, added.id, "remove"), data=confirm.form_data())
    assert response.status_code == 302
    assert actions.for_round(fife.id) == []
    after = page(client, plan_url(fife))
    assert "is removed from the plan" in messages(after) and "The plan has no actions yet" in after.text()


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2027", "The due date must be a real date"),
        ("", "3", "2027", "The due date must include a day"),
        ("1", "", "", "The due date must include a month and a year"),
        ("1", "3", "27", "with a 4-digit year"),
        ("1", "3", "1999", "The due date must be between 2000 and 2100"),
        ("x", "3", "2027", "The due date must be a real date"),
    ],
)
def test_a_due_date_that_is_not_a_real_date_is_refused_and_nothing_is_stored(fife, client, day, month, year, message):
    sign_in(client, LEAD)
    data = action_form(
        client,
        plan_url(fife, "add"),
        text="Meet monthly",
        **{"due_on-day": day, "due_on-month": month, "due_on-year": year},
    )
    shown = page(client, plan_url(fife, "add"), method="POST", data=data)
    summary = shown.soup.select_one(".ds_error-summary")
    assert summary is not None and message in summary.get_text()
    assert summary.find("a")["href"] == "#due_on"
    assert shown.soup.find(id="due_on") is not None, "the error links to the day's box"
    assert shown.title.startswith("Error:")
    assert shown.soup.find(id="due_on-month")["value"] == month, "what was typed stays"
    assert actions.for_round(fife.id) == []


def test_an_action_needs_its_text(fife, client):
    sign_in(client, LEAD)
    shown = page(client, plan_url(fife, "add"), method="POST", data=action_form(client, plan_url(fife, "add"), text=""))
    assert "Enter what you will do" in shown.soup.select_one(".ds_error-summary").get_text()
    assert actions.for_round(fife.id) == []


def test_the_adviser_reads_and_comments_but_cannot_change_the_plan(fife, client):
    action = actions.add(fife, "Hold a workshop", owner="Aileen Brown")
    db.session.commit()
    sign_in(client, ADVISER)
    shown = page(client, plan_url(fife))
    assert "Hold a workshop" in shown.text() and "Aileen Brown" in shown.text()
    assert "Add an action" not in shown.text() and "Change" not in shown.text()
    response = post(client, plan_url(fife, action.id, "comment"), text="Could carers co-chair it?")
    assert response.status_code == 302
    after = page(client, plan_url(fife))
    assert "Fife Adviser" in after.text() and "Could carers co-chair it?" in after.text()

    assert post(client, plan_url(fife, action.id, "comment"), text="  ").status_code == 302
    assert "Your comment was not added: enter your comment" in messages(page(client, plan_url(fife)))
    assert len(actions.get(fife, action.id).comments) == 1

    for url in (plan_url(fife, "add"), plan_url(fife, action.id), plan_url(fife, action.id, "remove")):
        assert client.get(url).status_code == 404, url
    for url in (plan_url(fife, "draft"), plan_url(fife, action.id), plan_url(fife, action.id, "remove")):
        assert post(client, url, text="Changed by the adviser").status_code == 404, url
    assert actions.get(fife, action.id).text == "Hold a workshop"


def test_another_partnerships_lead_finds_no_plan_url(fife, client):
    action = actions.add(fife, "Hold a workshop")
    db.session.commit()
    factories.lead("dundee.lead@example.org", "Dundee City")
    dundee = closed_round("Dundee City")
    dundee_action = actions.add(dundee, "Dundee's own action")
    db.session.commit()
    sign_in(client, "dundee.lead@example.org")
    fife_urls = [plan_url(fife), plan_url(fife, "add"), plan_url(fife, action.id), plan_url(fife, action.id, "remove")]
    for url in fife_urls:
        assert client.get(url).status_code == 404, url
    posts = [plan_url(fife, "draft"), plan_url(fife, "add"), plan_url(fife, action.id)]
    posts += [plan_url(fife, action.id, "remove"), plan_url(fife, action.id, "comment")]
    for url in posts:
        response = post(client, url, text="Changed")
        assert response.status_code == 404 and b"Hold a workshop" not in response.data, url
    # Dundee's own round with Fife's action id: not found either.
    for url in (plan_url(dundee, action.id), plan_url(dundee, action.id, "remove")):
        assert client.get(url).status_code == 404, url
    assert post(client, plan_url(dundee, action.id, "comment"), text="Hello").status_code == 404
    assert actions.get(fife, action.id).text == "Hold a workshop" and not actions.get(fife, action.id).comments
    assert client.get(plan_url(dundee, dundee_action.id)).status_code == 200


def test_a_round_without_results_has_no_plan_yet(app, client):
    factories.lead(LEAD, "Fife")
    open_round = factories.round_("Fife", closed=False)
    sign_in(client, LEAD)
    shown = page(client, plan_url(open_round))
    assert "results appear when the round closes" in shown.text()
    assert "Add an action" not in shown.text()
    assert client.get(plan_url(open_round, "add")).status_code == 404
    assert post(client, plan_url(open_round, "draft")).status_code == 404


def test_the_results_page_shows_the_plan(fife, client):
    actions.add(fife, "Hold a workshop", owner="Aileen Brown", status=ActionStatus.IN_PROGRESS)
    db.session.commit()
    sign_in(client, LEAD)
    shown = page(client, f"/rounds/{fife.id}/results")
    heading = shown.soup.find("h2", id="action-plan")
    assert heading is not None and heading.get_text(strip=True) == "Action plan"
    section = " ".join(heading.find_next("ol").get_text(" ", strip=True).split())
    assert "Hold a workshop" in section and "Aileen Brown" in section and "In progress" in section
    assert shown.soup.find("a", href=plan_url(fife)) is not None
    assert shown.soup.find(id="what-we-said") is None, "a first round has nothing said before"


def test_the_next_round_shows_what_we_said_we_would_do_with_scores_since(fife, client):
    done = actions.add(fife, "Hold a workshop", answers={"indicators": [LOW]}, status=ActionStatus.DONE)
    actions.add(fife, "Write a charter", status=ActionStatus.DROPPED)
    db.session.commit()
    questionnaire = factories.questionnaire()
    sign_in(client, LEAD)

    later = factories.round_(
        "Fife", title="Self-assessment 2027", opens_on=date(2027, 10, 1), closes_on=date(2027, 12, 1), closed=False
    )
    for _ in range(3):
        factories.response(later, answers(low_level=3), perspective="community")
    assert rounds.previous(later).id == fife.id
    open_page = page(client, f"/rounds/{later.id}/plan")
    assert "results appear when the round closes" in open_page.text()

    factories.close(later)
    for url in (f"/rounds/{later.id}/results", f"/rounds/{later.id}/plan"):
        shown = page(client, url)
        heading = shown.soup.find("h2", id="what-we-said")
        assert heading is not None and heading.get_text(strip=True) == "What we said we would do", url
        table = heading.find_next("table")
        rows = {r.find("th").get_text(" ", strip=True): r for r in table.select("tbody tr")}
        workshop = " ".join(rows["Hold a workshop"].get_text(" ", strip=True).split())
        assert "Done" in workshop
        assert f"{questionnaire.indicator(LOW).title}: 1.00 then, 3.00 now (up 2.00)" in workshop
        assert (
            "Dropped" in rows["Write a charter"].get_text()
            and "No question to compare" in rows["Write a charter"].get_text()
        )
    assert actions.get(fife, done.id).status == ActionStatus.DONE
