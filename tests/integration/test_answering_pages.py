"""The answering pages as a respondent sees them: each domain's page with its
questions and progress, the task list, and a page with errors."""

from __future__ import annotations

import pytest

from tests.integration.test_answering_support import (
    DOMAINS,
    LEVELS,
    PERSPECTIVE,
    answers_of,
    asked,
    domain_url,
    evidence,
    evidence_text,
    field,
    filled,
    indicators,
    questionnaire,
    respondent_with_round,
    save_page,
)
from tests.pages import page

# A staff respondent is asked every question; one with lived experience only
# those asked of everyone. The counts each sees are those of their perspective.
PERSPECTIVES = [PERSPECTIVE, "lived_experience"]


def options_for(indicator) -> list[str]:
    """The radio values a question offers: the scale, "Don't know", and "Not applicable" where allowed."""
    q = questionnaire()
    return [str(v) for v in q.scale_values] + ["dont_know"] + (["na"] if indicator.allow_na else [])


# --- the section page ---------------------------------------------------------------------


def test_a_section_page_shows_each_indicator_as_a_radio_group_with_the_level_descriptors(app, client):
    round_ = respondent_with_round(client)
    q = questionnaire()
    form = page(client, domain_url(round_, "leadership"))

    assert form.h1 == "Leadership"
    assert form.title == "Leadership – selfassess"
    assert f"Domain 1 of {len(DOMAINS)}" in form.soup.find(class_="ds_page-header__label").get_text()
    leadership = [i for i in q.domains[0].indicators if i.is_asked_of(PERSPECTIVE)]
    assert leadership == q.domains[0].indicators  # the respondent is staff, asked every question
    sections = form.form().find_all("section", class_="sa_indicator")
    assert [s["id"] for s in sections] == [f"indicator-{field(i.id)}" for i in leadership]
    for section, indicator in zip(sections, leadership, strict=True):
        assert indicator.title in section.find("h2").get_text()
        fieldset = section.find("fieldset")
        assert " ".join(indicator.question.split()) in " ".join(fieldset.find("legend").get_text().split())
        options = fieldset.find_all("input", type="radio")
        assert [o["value"] for o in options] == options_for(indicator)
        assert {o["name"] for o in options} == {field(indicator.id)}
        labels = [fieldset.find("label", attrs={"for": o["id"]}).get_text(strip=True) for o in options]
        assert labels == [f"{n}: {label}" for n, label in zip(q.scale_values, LEVELS, strict=True)] + (
            ["Don't know"] + (["Not applicable"] if indicator.allow_na else [])
        )
        for option in options[: len(q.scale)]:
            # Each level's descriptor for this indicator is shown with it, and read out with it.
            hint = fieldset.find(id=option["aria-describedby"])
            level = int(option["value"])
            assert " ".join(hint.get_text().split()) == " ".join(indicator.levels[level].split())
        assert ("Not applicable" in fieldset.get_text()) == indicator.allow_na
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
    q = questionnaire()
    # The questionnaire has questions of both kinds, so both are checked.
    assert {i.allow_na for i in q.asked(PERSPECTIVE)} == {True, False}
    for section in DOMAINS:
        form = page(client, domain_url(round_, section)).form()
        shown = {r["name"] for r in form.find_all("input", type="radio")}
        assert shown == {field(i) for i in asked(section)}
        for indicator_id in asked(section):
            indicator = q.indicator(indicator_id)
            values = [o["value"] for o in form.find_all("input", attrs={"name": field(indicator_id)})]
            assert values == options_for(indicator), indicator_id
            if indicator.allow_na:
                na = form.find("input", attrs={"name": field(indicator_id), "value": "na"})
                assert form.find("label", attrs={"for": na["id"]}).get_text(strip=True) == "Not applicable"
        if not any(q.indicator(i).allow_na for i in asked(section)):
            assert "Not applicable" not in form.get_text(), section


@pytest.mark.parametrize("perspective", PERSPECTIVES)
def test_every_section_page_shows_where_the_person_is_and_how_much_is_answered(app, client, perspective):
    round_ = respondent_with_round(client, perspective=perspective)
    total = len(questionnaire().asked(perspective))
    for number, section in enumerate(DOMAINS, 1):
        form = page(client, domain_url(round_, section))
        assert f"Domain {number} of {len(DOMAINS)}" in form.soup.find(class_="ds_page-header__label").get_text()
        progress = form.soup.find(id="progress").get_text(" ", strip=True)
        assert progress == f"Domain {number} of {len(DOMAINS)}. You have answered 0 of {total} questions in all."

    first_two = asked(DOMAINS[0], perspective)[:2]
    save_page(client, round_, DOMAINS[0], dict.fromkeys(first_two, "2"))
    progress = page(client, domain_url(round_, DOMAINS[1])).soup.find(id="progress").get_text(" ", strip=True)
    assert progress == f"Domain 2 of {len(DOMAINS)}. You have answered 2 of {total} questions in all."


# --- the task list ------------------------------------------------------------------------------


def task_status(tasks, section: str) -> str:
    return tasks.soup.find(id=f"task-{section}").find(class_="ds_task-list__task-status").get_text(strip=True)


@pytest.mark.parametrize("perspective", PERSPECTIVES)
def test_the_task_list_shows_each_section_as_not_started_in_progress_or_completed(app, client, perspective):
    round_ = respondent_with_round(client, perspective=perspective)
    total = len(questionnaire().asked(perspective))
    first, second = DOMAINS[:2]
    tasks = page(client, f"/rounds/{round_.id}/answer")
    assert tasks.h1 == round_.title
    assert [task_status(tasks, s) for s in DOMAINS] == ["Not started"] * len(DOMAINS)
    assert f"You have answered 0 of {total} questions." in tasks.text()
    start = tasks.soup.find("a", string="Start with domain 1")
    assert start["href"] == domain_url(round_, first)
    links = [tasks.soup.find(id=f"task-{s}").find("a")["href"] for s in DOMAINS]
    assert links == [domain_url(round_, s) for s in DOMAINS]
    assert tasks.soup.find(id="task-check").find("a")["href"] == f"/rounds/{round_.id}/answer/check"

    done, started = len(asked(first, perspective)), len(asked(second, perspective))
    save_page(client, round_, first, dict.fromkeys(asked(first, perspective), "4"))
    save_page(client, round_, second, {asked(second, perspective)[0]: "dont_know"})
    tasks = page(client, f"/rounds/{round_.id}/answer")
    assert [task_status(tasks, s) for s in DOMAINS] == ["Completed", "In progress"] + ["Not started"] * (
        len(DOMAINS) - 2
    )
    assert f"{done} of {done} questions answered" in tasks.soup.find(id=f"task-{first}").get_text(" ", strip=True)
    assert f"1 of {started} questions answered" in tasks.soup.find(id=f"task-{second}").get_text(" ", strip=True)
    assert f"You have answered {done + 1} of {total} questions." in tasks.text()
    # Screen readers hear the status with the link.
    link = tasks.soup.find(id=f"task-{second}").find("a").get_text(" ", strip=True)
    assert f"(In progress, 1 of {started} answered)" in link


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
