"""Answering a round as a respondent: the section pages, progress and the
task list, saving (with and without JavaScript), resuming, checking and
submitting, the locked answers afterwards, and who may reach the pages."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from selfassess.data import responses
from selfassess.data.base import db
from tests import factories
from tests.integration.test_answering_support import (
    DOMAINS,
    EMAIL,
    LEVELS,
    OTHER,
    answer_all,
    answers_of,
    autosave,
    checked_value,
    domain_url,
    evidence,
    evidence_text,
    field,
    filled,
    indicators,
    questionnaire,
    respondent,
    respondent_with_round,
    response_of,
    responses_count,
    rows,
    save_page,
)
from tests.pages import page

# --- the section page ---------------------------------------------------------------------


def test_a_section_page_shows_each_indicator_as_a_radio_group_with_the_level_descriptors(app, client):
    round_ = respondent_with_round(client)
    q = questionnaire()
    form = page(client, domain_url(round_, "leadership"))

    assert form.h1 == "Leadership"
    assert form.title == "Leadership – selfassess"
    assert "Domain 1 of 5" in form.soup.find(class_="ds_page-header__label").get_text()
    leadership = q.domains[0]
    sections = form.form().find_all("section", class_="sa_indicator")
    assert [s["id"] for s in sections] == [f"indicator-{field(i.id)}" for i in leadership.indicators]
    for section, indicator in zip(sections, leadership.indicators, strict=True):
        assert indicator.title in section.find("h2").get_text()
        fieldset = section.find("fieldset")
        assert " ".join(indicator.question.split()) in " ".join(fieldset.find("legend").get_text().split())
        options = fieldset.find_all("input", type="radio")
        assert [o["value"] for o in options] == ["1", "2", "3", "4", "dont_know"]
        assert {o["name"] for o in options} == {field(indicator.id)}
        labels = [fieldset.find("label", attrs={"for": o["id"]}).get_text(strip=True) for o in options]
        assert labels == [f"{n}: {label}" for n, label in enumerate(LEVELS, 1)] + ["Don't know"]
        for option in options[:4]:
            # Each level's descriptor for this indicator is shown with it, and read out with it.
            hint = fieldset.find(id=option["aria-describedby"])
            level = int(option["value"])
            assert " ".join(hint.get_text().split()) == " ".join(indicator.levels[level].split())
        assert "Not applicable" not in fieldset.get_text()
        # The guidance is there on demand.
        details = section.find("details")
        assert details.find("summary").get_text(" ", strip=True).startswith("What to think about")
        assert " ".join(indicator.guidance.split())[:80] in " ".join(details.get_text().split())
        # The evidence box has a limit the browser enforces and a counter.
        box = section.find("textarea", attrs={"name": evidence(indicator.id)})
        assert box["maxlength"] == "1000"
        assert box.find_parent(attrs={"data-module": "ds-character-count"}) is not None
        assert section.find(id=f"{box['id']}-count").get_text(strip=True) == "Up to 1000 characters."
        assert section.find("label", attrs={"for": box["id"]}).get_text(strip=True).startswith("Evidence")
    assert form.form().find("button", type="submit").get_text(strip=True) == "Save and continue"


def test_not_applicable_is_offered_only_where_the_questionnaire_allows_it(app, client):
    round_ = respondent_with_round(client)
    form = page(client, domain_url(round_, "systems"))
    for indicator_id in indicators("systems"):
        values = [o["value"] for o in form.form().find_all("input", attrs={"name": field(indicator_id)})]
        if indicator_id == "systems.spreading-what-works":
            assert values == ["1", "2", "3", "4", "dont_know", "na"]
            na = form.form().find("input", attrs={"name": field(indicator_id), "value": "na"})
            assert form.form().find("label", attrs={"for": na["id"]}).get_text(strip=True) == "Not applicable"
        else:
            assert values == ["1", "2", "3", "4", "dont_know"], indicator_id
    # Every other section: never.
    for section in ("leadership", "capacity", "culture", "evaluation"):
        assert "Not applicable" not in page(client, domain_url(round_, section)).form().get_text()


def test_every_section_page_shows_where_the_person_is_and_how_much_is_answered(app, client):
    round_ = respondent_with_round(client)
    for number, section in enumerate(DOMAINS, 1):
        form = page(client, domain_url(round_, section))
        assert f"Domain {number} of 5" in form.soup.find(class_="ds_page-header__label").get_text()
        progress = form.soup.find(id="progress").get_text(" ", strip=True)
        assert progress == f"Domain {number} of 5. You have answered 0 of 30 questions in all."

    first_two = indicators("leadership")[:2]
    save_page(client, round_, "leadership", dict.fromkeys(first_two, "2"))
    progress = page(client, domain_url(round_, "capacity")).soup.find(id="progress").get_text(" ", strip=True)
    assert progress == "Domain 2 of 5. You have answered 2 of 30 questions in all."


# --- the task list ------------------------------------------------------------------------------


def task_status(tasks, section: str) -> str:
    return tasks.soup.find(id=f"task-{section}").find(class_="ds_task-list__task-status").get_text(strip=True)


def test_the_task_list_shows_each_section_as_not_started_in_progress_or_completed(app, client):
    round_ = respondent_with_round(client)
    tasks = page(client, f"/rounds/{round_.id}/answer")
    assert tasks.h1 == round_.title
    assert [task_status(tasks, s) for s in DOMAINS] == ["Not started"] * 5
    assert "You have answered 0 of 30 questions." in tasks.text()
    start = tasks.soup.find("a", string="Start with domain 1")
    assert start["href"] == domain_url(round_, "leadership")
    links = [tasks.soup.find(id=f"task-{s}").find("a")["href"] for s in DOMAINS]
    assert links == [domain_url(round_, s) for s in DOMAINS]
    assert tasks.soup.find(id="task-check").find("a")["href"] == f"/rounds/{round_.id}/answer/check"

    save_page(client, round_, "leadership", dict.fromkeys(indicators("leadership"), "4"))
    save_page(client, round_, "capacity", {indicators("capacity")[0]: "dont_know"})
    tasks = page(client, f"/rounds/{round_.id}/answer")
    assert [task_status(tasks, s) for s in DOMAINS] == ["Completed", "In progress"] + ["Not started"] * 3
    assert "6 of 6 questions answered" in tasks.soup.find(id="task-leadership").get_text(" ", strip=True)
    assert "1 of 6 questions answered" in tasks.soup.find(id="task-capacity").get_text(" ", strip=True)
    assert "You have answered 7 of 30 questions." in tasks.text()
    # Screen readers hear the status with the link.
    assert "(In progress, 1 of 6 answered)" in tasks.soup.find(id="task-capacity").find("a").get_text(" ", strip=True)


# --- saving and resuming ----------------------------------------------------------------------------


def test_save_and_continue_saves_the_page_and_moves_to_the_next_section(app, client):
    round_ = respondent_with_round(client)
    chosen = dict(zip(indicators("leadership"), ["1", "2", "3", "4", "dont_know", "2"], strict=True))
    first = indicators("leadership")[0]
    result = save_page(client, round_, "leadership", chosen, {first: "  We wrote it down in 2024.  "})
    assert result.status_code == 302
    assert result.headers["Location"] == domain_url(round_, "capacity")
    saved = answers_of()
    assert {k: v for k, (v, _e) in saved.items()} == chosen
    assert saved[first][1] == "We wrote it down in 2024."
    assert all(e is None for k, (_v, e) in saved.items() if k != first)

    # Coming back to the page shows what was saved.
    again = page(client, domain_url(round_, "leadership"))
    assert {i: checked_value(again, i) for i in indicators("leadership")} == chosen
    assert evidence_text(again, first) == "We wrote it down in 2024."
    assert "not saved yet" not in again.text()

    # The last section goes on to check the answers.
    result = save_page(client, round_, "evaluation", {})
    assert result.headers["Location"] == f"/rounds/{round_.id}/answer/check"


def test_saving_works_without_javascript_and_a_page_left_blank_saves_nothing_new(app, client):
    round_ = respondent_with_round(client)
    result = save_page(client, round_, "capacity", {})
    assert result.status_code == 302
    assert result.headers["Location"] == domain_url(round_, "systems")
    assert all(value is None and note is None for value, note in answers_of().values())


def test_a_save_that_fails_half_way_stores_nothing_not_even_an_empty_response(app, client, monkeypatch):
    round_ = respondent_with_round(client)
    form = page(client, domain_url(round_, "leadership"))

    def fails(*_args, **_kwargs):
        raise RuntimeError("the worker died half-way")

    monkeypatch.setattr(responses, "save_domain", fails)
    with pytest.raises(RuntimeError):  # the test app passes the error on; in production, a 500 page
        client.post(domain_url(round_, "leadership"), data=filled(form, {indicators("leadership")[0]: "2"}))
    assert responses_count() == 0
    assert rows() == []


def test_leaving_and_coming_back_resumes_at_the_first_unfinished_section(app, client):
    round_ = respondent_with_round(client)
    save_page(client, round_, "leadership", dict.fromkeys(indicators("leadership"), "3"))
    save_page(client, round_, "capacity", dict.fromkeys(indicators("capacity")[:3], "3"))

    client.post("/sign-out", data={"csrf_token": page(client, "/").csrf_token()})
    factories.sign_in(client, EMAIL)
    home = page(client, "/")
    assert round_.title in home.text()
    tasks = page(client, f"/rounds/{round_.id}/answer")
    carry_on = tasks.soup.find("a", string="Carry on where you left off")
    assert carry_on["href"] == domain_url(round_, "capacity")
    form = page(client, carry_on["href"])
    assert [checked_value(form, i) for i in indicators("capacity")] == ["3", "3", "3", None, None, None]

    # With the first sections done, the button skips past them.
    save_page(client, round_, "capacity", dict.fromkeys(indicators("capacity"), "3"))
    tasks = page(client, f"/rounds/{round_.id}/answer")
    assert tasks.soup.find("a", string="Carry on where you left off")["href"] == domain_url(round_, "systems")


# --- saving as the person goes (the page's script) -----------------------------------------------------


def test_an_autosave_saves_the_fields_sent_and_answers_json(app, client):
    round_ = respondent_with_round(client)
    form = page(client, domain_url(round_, "leadership"))
    first, second = indicators("leadership")[:2]
    result = autosave(client, round_, "leadership", {**form.form_data(), field(first): "2"})
    assert result.status_code == 200
    assert result.is_json
    assert result.get_json() == {"saved": True}
    assert answers_of() == {first: ("2", None)}

    # The page's script sends the whole form: untouched questions stay unanswered.
    data = filled(form, {second: "dont_know"}, {second: "Nobody has asked us yet."})
    assert autosave(client, round_, "leadership", data).get_json() == {"saved": True}
    assert answers_of()[second] == ("dont_know", "Nobody has asked us yet.")
    assert answers_of()[first] == ("2", None)


def test_a_partial_autosave_never_blanks_the_fields_it_did_not_send(app, client):
    round_ = respondent_with_round(client)
    first, second, third = indicators("leadership")[:3]
    save_page(
        client,
        round_,
        "leadership",
        {first: "4", second: "1", third: "3"},
        {first: "Agreed at the board.", second: "Only in one locality."},
    )
    form = page(client, domain_url(round_, "leadership"))
    hidden = form.form_data()

    # Only the evidence of the first: its answer stays.
    result = autosave(client, round_, "leadership", {**hidden, evidence(first): "Agreed at the board in May."})
    assert result.get_json() == {"saved": True}
    # Only the answer of the second: its evidence stays.
    assert autosave(client, round_, "leadership", {**hidden, field(second): "2"}).get_json() == {"saved": True}
    # Nothing but the hidden fields: nothing changes.
    before = rows()
    assert autosave(client, round_, "leadership", hidden).get_json() == {"saved": True}
    assert [r[:4] for r in rows()] == [r[:4] for r in before]

    saved = answers_of()
    assert saved[first] == ("4", "Agreed at the board in May.")
    assert saved[second] == ("2", "Only in one locality.")
    assert saved[third] == ("3", None)


def test_an_autosave_that_is_refused_answers_json_with_a_problem_to_show(app, client):
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    save_page(client, round_, "leadership", {first: "3"})
    hidden = page(client, domain_url(round_, "leadership")).form_data()
    before = rows()

    off_scale = autosave(client, round_, "leadership", {**hidden, field(first): "7"})
    assert off_scale.status_code == 400
    assert off_scale.is_json
    body = off_scale.get_json()
    assert body["saved"] is False
    assert "is not one of the options" in body["problem"]

    too_long = autosave(client, round_, "leadership", {**hidden, evidence(first): "x" * 1001})
    assert too_long.status_code == 400
    assert too_long.get_json()["saved"] is False
    assert "1,000 characters or fewer" in too_long.get_json()["problem"]

    unknown = autosave(client, round_, "leadership", {**hidden, "capacity--time-it-takes": "2"})
    assert unknown.status_code == 400
    assert unknown.get_json()["saved"] is False
    assert "not in this domain" in unknown.get_json()["problem"]

    from selfassess.data import rounds

    rounds.close(db.session.merge(round_))
    db.session.commit()
    closed = autosave(client, round_, "leadership", {**hidden, field(first): "2"})
    assert closed.status_code == 409
    assert closed.get_json()["saved"] is False
    assert "closed" in closed.get_json()["problem"]
    assert "can no longer be added or changed" in closed.get_json()["problem"]

    assert rows() == before


def test_a_signed_out_autosave_gets_401_json_and_stores_nothing(app, client):
    from tests.integration.test_answering_support import make_idle, pending_count

    round_ = respondent_with_round(client)
    hidden = page(client, domain_url(round_, "leadership")).form_data()
    make_idle(client)
    result = autosave(client, round_, "leadership", {**hidden, field(indicators("leadership")[0]): "2"})
    assert result.status_code == 401
    assert result.is_json
    assert result.get_json() == {"saved": False, "signed_out": True}
    assert answers_of() == {}
    assert responses_count() == 0
    assert pending_count() == 0


# --- checking and submitting ------------------------------------------------------------------------------


def test_check_your_answers_lists_every_answer_with_a_link_to_change_it(app, client):
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    save_page(client, round_, "leadership", {first: "2"}, {first: "Only the board talks about it."})
    save_page(client, round_, "systems", {"systems.spreading-what-works": "na"})
    check = page(client, f"/rounds/{round_.id}/answer/check")
    assert check.h1 == "Check your answers"
    q = questionnaire()
    items = check.soup.find_all(class_="ds_summary-list__item")
    assert len(items) == 30
    for item, indicator in zip(items, q.indicators, strict=True):
        assert item.find("dt").get_text(strip=True) == indicator.title
        change = next(a for a in item.find_all("a") if a.get_text(strip=True).startswith("Change"))
        link = urlsplit(change["href"])  # (a query may say where the page goes back to)
        assert (link.path, link.fragment) == (
            domain_url(round_, indicator.domain_id),
            f"indicator-{field(indicator.id)}",
        )
        assert indicator.title in change.get_text()  # "Change <title>" for screen readers
    answers = {
        i.id: item.find(class_="ds_summary-list__answer").get_text(" ", strip=True)
        for item, i in zip(items, q.indicators, strict=True)
    }
    assert answers[first] == "2: Developing Evidence: Only the board talks about it."
    assert answers["systems.spreading-what-works"] == "Not applicable"
    assert answers["capacity.time-it-takes"] == "Not answered"
    # Every page the link goes to has the anchor it points at.
    target = page(client, domain_url(round_, "leadership"))
    assert target.soup.find(id=f"indicator-{field(first)}") is not None


def test_evidence_is_shown_as_the_person_typed_it(app, client):
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    typed = '<b>Bold</b> & "quoted" <script>alert(1)</script>'
    save_page(client, round_, "leadership", {first: "2"}, {first: typed})
    assert answers_of()[first] == ("2", typed)
    check = page(client, f"/rounds/{round_.id}/answer/check")
    assert f"Evidence: {typed}" in check.text()
    assert check.soup.find("main").find("b") is None
    assert evidence_text(page(client, domain_url(round_, "leadership")), first) == typed


def test_submit_is_refused_until_every_question_is_answered_and_the_page_says_which(app, client):
    round_ = respondent_with_round(client)
    for section in DOMAINS:
        skip = {"capacity": indicators("capacity")[2], "evaluation": indicators("evaluation")[5]}.get(section)
        save_page(
            client,
            round_,
            section,
            {i: "dont_know" if i.endswith("e") else "2" for i in indicators(section) if i != skip},
        )
    check = page(client, f"/rounds/{round_.id}/answer/check")
    summary = check.soup.find(class_="ds_error-summary")
    assert "2 questions are not answered yet" in summary.get_text(" ", strip=True)
    missing = {a.get_text(strip=True): a["href"] for a in summary.find_all("a")}
    q = questionnaire()
    capacity_missing = q.indicator(indicators("capacity")[2])
    evaluation_missing = q.indicator(indicators("evaluation")[5])
    assert missing == {
        capacity_missing.title: f"{domain_url(round_, 'capacity')}#indicator-{field(capacity_missing.id)}",
        evaluation_missing.title: f"{domain_url(round_, 'evaluation')}#indicator-{field(evaluation_missing.id)}",
    }
    assert check.soup.find("button", string="Submit my answers") is None

    # Posting the submit form anyway does not submit.
    response_id = str(response_of().id)
    result = client.post(
        f"/rounds/{round_.id}/answer/submit", data={"csrf_token": check.csrf_token(), "response_id": response_id}
    )
    assert result.status_code == 302
    assert result.headers["Location"] == f"/rounds/{round_.id}/answer/check"
    assert not response_of().is_submitted
    again = page(client, result.headers["Location"])
    assert "2 questions are not answered yet" in again.text()


def test_submitting_locks_the_answers(app, client):
    round_ = respondent_with_round(client)
    answer_all(client, round_, "3")
    check = page(client, f"/rounds/{round_.id}/answer/check")
    assert check.soup.find(class_="ds_error-summary") is None
    result = client.post(f"/rounds/{round_.id}/answer/submit", data=check.form_data())
    assert result.status_code == 302
    assert result.headers["Location"] == f"/rounds/{round_.id}/answer/submitted"
    done = page(client, result.headers["Location"])
    assert "your answers have been submitted" in done.text()
    assert response_of().is_submitted

    # The answers page is read-only now.
    answers = page(client, f"/rounds/{round_.id}/answer/check")
    assert answers.h1 == "Your answers"
    assert "can no longer be changed" in answers.text()
    assert not [a for a in answers.soup.find_all("a") if a.get_text(strip=True).startswith("Change")]
    assert answers.soup.find("button", string="Submit my answers") is None
    tasks = page(client, f"/rounds/{round_.id}/answer")
    assert "You submitted on" in tasks.text()
    assert tasks.soup.find("a", string="Carry on where you left off") is None

    # The section pages go to the answers page...
    for section in DOMAINS:
        opened = client.get(domain_url(round_, section))
        assert opened.status_code == 302
        assert opened.headers["Location"] == f"/rounds/{round_.id}/answer/check"


def test_a_page_posted_after_submission_is_refused_with_a_clear_message_and_stores_nothing(app, client):
    round_ = respondent_with_round(client)
    answer_all(client, round_, "3")
    # A tab left open on the first section...
    stale = page(client, domain_url(round_, "leadership"))
    check = page(client, f"/rounds/{round_.id}/answer/check")
    client.post(f"/rounds/{round_.id}/answer/submit", data=check.form_data())
    before = rows()

    refused = page(
        client,
        domain_url(round_, "leadership"),
        method="POST",
        data=filled(stale, {indicators("leadership")[0]: "1"}),
        status=409,
    )
    assert refused.h1 == "Your answers on this page were not saved"
    assert "already been submitted" in refused.text()
    assert "Nothing from this page was saved" in refused.text()
    assert rows() == before

    # The page's script, still running in that tab, is told the same.
    data = filled(stale, {indicators("leadership")[0]: "1"})
    autosaved = autosave(client, round_, "leadership", data)
    assert autosaved.status_code == 409
    assert autosaved.get_json()["saved"] is False
    assert "already been submitted" in autosaved.get_json()["problem"]
    assert rows() == before

    again = client.post(f"/rounds/{round_.id}/answer/submit", data=check.form_data())
    assert again.status_code == 409
    assert rows() == before


def test_a_response_the_lead_reopened_can_be_changed_and_submitted_again(app, client):
    round_ = respondent_with_round(client)
    answer_all(client, round_, "3")
    check = page(client, f"/rounds/{round_.id}/answer/check")
    client.post(f"/rounds/{round_.id}/answer/submit", data=check.form_data())
    responses.reopen(db.session.merge(response_of()))
    db.session.commit()

    first = indicators("leadership")[0]
    form = page(client, domain_url(round_, "leadership"))
    assert checked_value(form, first) == "3"
    result = client.post(domain_url(round_, "leadership"), data=filled(form, {first: "4"}))
    assert result.status_code == 302
    assert answers_of()[first] == ("4", None)
    check = page(client, f"/rounds/{round_.id}/answer/check")
    assert client.post(f"/rounds/{round_.id}/answer/submit", data=check.form_data()).status_code == 302
    assert response_of().is_submitted


def test_a_closed_round_cannot_be_answered(app, client):
    round_ = respondent_with_round(client, closed=True)
    refused = page(client, domain_url(round_, "leadership"), status=409)
    assert "so answers can no longer be added or changed" in refused.text()
    assert responses_count() == 0
    # The task list and the answers page say so, and offer nothing that would be refused.
    tasks = page(client, f"/rounds/{round_.id}/answer")
    assert "This round closed on" in tasks.text()
    assert "The round closes on" not in tasks.text()
    assert tasks.soup.find("a", string="Start with domain 1") is None


def test_answers_not_submitted_before_the_round_closed_can_be_seen_but_not_changed(app, client):
    round_ = respondent_with_round(client)
    answer_all(client, round_, "2")
    from selfassess.data import rounds

    rounds.close(db.session.merge(round_))
    db.session.commit()
    answers = page(client, f"/rounds/{round_.id}/answer/check")
    assert answers.h1 == "Your answers"
    assert "so these answers can no longer be changed or submitted" in answers.text()
    assert not [a for a in answers.soup.find_all("a") if a.get_text(strip=True).startswith("Change")]
    assert answers.soup.find("button", string="Submit my answers") is None
    assert len(answers.soup.find_all(class_="ds_summary-list__item")) == 30
    tasks = page(client, f"/rounds/{round_.id}/answer")
    assert tasks.soup.find("a", string="Carry on where you left off") is None
    # A submit form left open is refused.
    refused = page(
        client,
        f"/rounds/{round_.id}/answer/submit",
        method="POST",
        data={"csrf_token": answers.csrf_token(), "response_id": str(response_of().id)},
        status=409,
    )
    assert "This round closed on" in refused.text()
    assert not response_of().is_submitted


# --- who may reach the pages --------------------------------------------------------------------------------


def answering_urls(round_id: int) -> list[tuple[str, str]]:
    return [
        ("GET", f"/rounds/{round_id}/answer"),
        ("GET", f"/rounds/{round_id}/answer/leadership"),
        ("POST", f"/rounds/{round_id}/answer/leadership"),
        ("GET", f"/rounds/{round_id}/answer/check"),
        ("POST", f"/rounds/{round_id}/answer/submit"),
        ("GET", f"/rounds/{round_id}/answer/submitted"),
    ]


def test_a_member_of_another_partnership_gets_page_not_found_on_every_answering_url(app, client):
    fife = respondent_with_round(client)
    respondent(OTHER, "Highland")
    highland = factories.round_("Highland")
    other = app.test_client()
    factories.sign_in(other, OTHER)
    token = page(other, domain_url(highland, "leadership")).csrf_token()
    # Their own round answers...
    assert other.get(f"/rounds/{highland.id}/answer").status_code == 200
    before = rows()
    # ...but changing the round id to Fife's finds nothing, whatever the page.
    for method, url in answering_urls(fife.id):
        result = other.open(url, method=method, data={"csrf_token": token, field(indicators("leadership")[0]): "2"})
        assert result.status_code == 404, (method, url)
        assert "Page not found" in result.get_data(as_text=True)
    autosaved = other.post(
        domain_url(fife, "leadership"),
        data={"csrf_token": token, field(indicators("leadership")[0]): "2"},
        headers={"X-Autosave": "1"},
    )
    assert autosaved.status_code == 404
    # As for a round that does not exist.
    for method, url in answering_urls(fife.id + highland.id + 100):
        assert other.open(url, method=method, data={"csrf_token": token}).status_code == 404, (method, url)
    assert rows() == before
    assert responses_count() == 0


def test_an_anonymous_visitor_is_sent_to_sign_in(app, client):
    respondent()
    round_ = factories.round_()
    anonymous = app.test_client()
    token = page(anonymous, "/sign-in").csrf_token()
    for method, url in answering_urls(round_.id):
        if (method, url) == ("POST", domain_url(round_, "leadership")):
            continue  # the keep-typed path: test_answering_session.py
        result = anonymous.open(url, method=method, data={"csrf_token": token})
        assert result.status_code == 302, (method, url)
        assert result.headers["Location"].startswith("/sign-in"), (method, url)
    assert responses_count() == 0


def test_an_anonymous_post_to_a_section_that_was_never_signed_in_keeps_nothing(app, client):
    from tests.integration.test_answering_support import pending_count

    respondent()
    round_ = factories.round_()
    anonymous = app.test_client()
    token = page(anonymous, "/sign-in").csrf_token()
    for url in (
        domain_url(round_, "leadership"),
        domain_url(round_, "no-such-section"),
        f"/rounds/{round_.id + 100}/answer/leadership",
    ):
        result = anonymous.post(url, data={"csrf_token": token, "leadership--shared-meaning": "2"})
        assert result.status_code == 302, url
        assert result.headers["Location"].startswith("/sign-in"), url
    assert pending_count() == 0
    assert responses_count() == 0


# --- errors on the page ------------------------------------------------------------------------------------------


def test_a_page_with_errors_says_so_in_its_title_and_the_summary_links_to_each_field(app, client):
    round_ = respondent_with_round(client)
    first, second = indicators("leadership")[:2]
    form = page(client, domain_url(round_, "leadership"))
    data = filled(form, {first: "na"}, {second: "y" * 1001})
    errors = page(client, domain_url(round_, "leadership"), method="POST", data=data, status=400)
    assert errors.title == "Error: Leadership – selfassess"
    summary = errors.soup.find(class_="ds_error-summary")
    links = summary.find_all("a")
    assert len(links) == 2
    for link in links:
        target = link["href"].removeprefix("#")
        assert errors.soup.find(id=target) is not None, (
            f"the error summary links to #{target}, which is not on the page"
        )
    by_text = {a.get_text(strip=True): a["href"] for a in links}
    title = questionnaire().indicator(first).title
    assert by_text[f"“Not applicable” is not an answer to “{title}”: choose a level or “Don't know”"] == (
        f"#{field(first)}-0"
    )
    second_title = questionnaire().indicator(second).title
    assert by_text[f"Evidence for “{second_title}” must be 1,000 characters or fewer"] == f"#{evidence(second)}"
    # What was typed is still there to correct.
    assert evidence_text(errors, second) == "y" * 1001
    assert answers_of() == {}
