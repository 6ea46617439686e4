"""Saving at the same time: two people never overwrite each other's answers,
and one person with the same page open in two tabs loses nothing: each tab's
answers are kept, with no question asked while the tabs change different
answers (the same answer changed in both: test_answering_two_tabs.py).

Requests made at the same time run in threads, through a second app on the
same database (the fixture's client shares the test's app context, which
threads cannot), each request with its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup

from tests.integration.conftest import make_app
from tests.integration.test_answering_support import (
    EMAIL,
    OTHER,
    answers_of,
    checked_value,
    domain_url,
    evidence_text,
    filled,
    indicators,
    respondent,
    respondent_with_round,
    response_of,
    responses_count,
    save_page,
)
from tests.pages import Page, page
from tests.signing_in import sign_in


@pytest.fixture
def second_app(app, tmp_path):
    """Another instance of the app on the same database, as a second worker process would be."""
    from selfassess.data.base import db

    other = make_app(app.config["SQLALCHEMY_DATABASE_URI"], str(tmp_path / "second"))
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def at_once(*jobs: Callable[[], object], timeout: float = 120) -> list[object]:
    """Run the jobs in threads that start together; their results, or the first error."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout)
            results[index] = job()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        assert not thread.is_alive(), "a request did not finish"
    if errors:
        raise errors[0]
    return results


def opened(client, url: str) -> Page:
    """A page opened from a thread-safe client (no HTML checks: they ran on the fixture's client)."""
    result = client.get(url)
    assert result.status_code == 200, result.status_code
    soup = BeautifulSoup(result.get_data(as_text=True), "html.parser")
    return Page(200, result.get_data(as_text=True), soup, result)


# --- two people ------------------------------------------------------------------------------------


def two_people_on(client, second_app, section: str):
    """The section's address and two signed-in respondents in the same round,
    each with a client of the second app that threads can use."""
    round_ = respondent_with_round(client)
    url = domain_url(round_, section)  # threads have no database session to load round_ with
    respondent(OTHER)
    ruth, omar = second_app.test_client(), second_app.test_client()
    sign_in(ruth, EMAIL)
    sign_in(omar, OTHER)
    return url, ruth, omar


def test_two_people_saving_the_same_section_in_turn_keep_their_own_answers(app, client):
    round_ = respondent_with_round(client)
    respondent(OTHER)
    other = app.test_client()
    sign_in(other, OTHER)
    first, second, third = indicators("leadership")[:3]

    mine = page(client, domain_url(round_, "leadership"))
    theirs = page(other, domain_url(round_, "leadership"))
    assert (
        client.post(domain_url(round_, "leadership"), data=filled(mine, {first: "1", second: "1"})).status_code == 302
    )
    assert (
        other.post(
            domain_url(round_, "leadership"), data=filled(theirs, {first: "4", third: "4"}, {first: "Theirs"})
        ).status_code
        == 302
    )
    assert save_page(client, round_, "leadership", {third: "2"}, {first: "Mine"}).status_code == 302
    assert save_page(other, round_, "leadership", {second: "dont_know"}).status_code == 302

    assert answers_of(EMAIL) == {first: ("1", "Mine"), second: ("1", None), third: ("2", None)}
    assert answers_of(OTHER) == {first: ("4", "Theirs"), second: ("dont_know", None), third: ("4", None)}
    assert response_of(EMAIL).id != response_of(OTHER).id
    # Each sees their own.
    assert checked_value(page(client, domain_url(round_, "leadership")), first) == "1"
    assert checked_value(page(other, domain_url(round_, "leadership")), first) == "4"


def test_two_people_saving_the_same_section_at_the_same_time_keep_their_own_answers(app, client, second_app):
    url, ruth, omar = two_people_on(client, second_app, "leadership")
    leadership = indicators("leadership")

    def saves(who, level: str, note: str) -> list[int]:
        statuses = []
        for attempt in range(4):
            form = opened(who, url)
            data = filled(form, dict.fromkeys(leadership, level), {leadership[attempt]: f"{note} {attempt}"})
            statuses.append(who.post(url, data=data).status_code)
        return statuses

    mine, theirs = at_once(lambda: saves(ruth, "2", "Ruth"), lambda: saves(omar, "4", "Omar"))
    assert mine == [302] * 4
    assert theirs == [302] * 4
    assert answers_of(EMAIL) == {i: ("2", f"Ruth {n}" if n < 4 else None) for n, i in enumerate(leadership)}
    assert answers_of(OTHER) == {i: ("4", f"Omar {n}" if n < 4 else None) for n, i in enumerate(leadership)}
    assert responses_count() == 2


def test_two_people_saving_their_first_answers_at_the_same_time_each_get_one_response(app, client, second_app):
    url, ruth, omar = two_people_on(client, second_app, "capacity")
    first = indicators("capacity")[0]
    forms = [opened(ruth, url), opened(omar, url)]
    statuses = at_once(
        lambda: ruth.post(url, data=filled(forms[0], {first: "1"})).status_code,
        lambda: omar.post(url, data=filled(forms[1], {first: "3"})).status_code,
    )
    assert statuses == [302, 302]
    assert answers_of(EMAIL) == {first: ("1", None)}
    assert answers_of(OTHER) == {first: ("3", None)}


# --- one person, two tabs ------------------------------------------------------------------------------


def test_two_tabs_of_the_same_page_changing_different_answers_keep_each_others_answers(app, client):
    round_ = respondent_with_round(client)
    first, second, third, fourth = indicators("leadership")[:4]
    tab_one = page(client, domain_url(round_, "leadership"))
    tab_two = page(client, domain_url(round_, "leadership"))

    one = filled(tab_one, {first: "2", second: "3"}, {first: "From tab one"})
    assert client.post(domain_url(round_, "leadership"), data=one).status_code == 302
    two = filled(tab_two, {third: "4"}, {third: "From tab two"})
    assert client.post(domain_url(round_, "leadership"), data=two).status_code == 302

    # Tab two never showed the first answers: they are kept, with their evidence.
    assert answers_of() == {
        first: ("2", "From tab one"),
        second: ("3", None),
        third: ("4", "From tab two"),
    }

    # Tab one, still open as it was, is saved again with one more answer.
    again = filled(tab_one, {first: "2", second: "3", fourth: "dont_know"}, {first: "From tab one"})
    assert client.post(domain_url(round_, "leadership"), data=again).status_code == 302
    assert answers_of() == {
        first: ("2", "From tab one"),
        second: ("3", None),
        third: ("4", "From tab two"),
        fourth: ("dont_know", None),
    }
    # Opened afresh, the page shows all of it.
    fresh = page(client, domain_url(round_, "leadership"))
    assert [checked_value(fresh, i) for i in (first, second, third, fourth)] == ["2", "3", "4", "dont_know"]
    assert evidence_text(fresh, first) == "From tab one"
    assert evidence_text(fresh, third) == "From tab two"


def test_evidence_deleted_on_the_page_is_deleted(app, client):
    round_ = respondent_with_round(client)
    first, second = indicators("leadership")[:2]
    save_page(client, round_, "leadership", {first: "2"}, {first: "Keep me?", second: "A note without a level"})
    form = page(client, domain_url(round_, "leadership"))
    data = filled(form, {}, {first: "", second: ""})
    assert client.post(domain_url(round_, "leadership"), data=data).status_code == 302
    assert answers_of()[first] == ("2", None)
    assert answers_of()[second] == (None, None)


def test_two_tabs_autosaving_at_the_same_time_keep_both_answers(app, client, second_app):
    round_ = respondent_with_round(client)
    url = domain_url(round_, "culture")  # threads have no database session to load round_ with
    tab_one, tab_two = second_app.test_client(), second_app.test_client()
    sign_in(tab_one, EMAIL)
    sign_in(tab_two, EMAIL)
    first, second = indicators("culture")[:2]
    pages = [opened(tab_one, url), opened(tab_two, url)]

    def typing(tab, form, indicator_id: str) -> list[object]:
        results = []
        versions = form.form_data()["versions"]
        for level in ("1", "2", "3", "4"):
            # The page's script sends the whole form, as the person chooses,
            # with the versions its last save returned.
            data = {**filled(form, {indicator_id: level}, {indicator_id: f"level {level}"}), "versions": versions}
            result = tab.post(url, data=data, headers={"X-Autosave": "1"})
            versions = result.get_json().get("versions", versions)
            results.append((result.status_code, result.get_json()["saved"]))
        return results

    one, two = at_once(lambda: typing(tab_one, pages[0], first), lambda: typing(tab_two, pages[1], second))
    assert one == [(200, True)] * 4
    assert two == [(200, True)] * 4
    assert answers_of() == {first: ("4", "level 4"), second: ("4", "level 4")}
    assert responses_count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_two_tabs_changing_the_same_answer_at_the_same_time_never_overwrite_each_other(
    app, client, second_app, attempt
):
    """Both pages were opened before either saved: one save goes through, and
    the other page asks which answer to keep (test_answering_two_tabs.py)."""
    round_ = respondent_with_round(client, title=f"Self-assessment {attempt}")
    # The response exists already (its creation would make the saves take turns anyway).
    assert save_page(client, round_, "leadership", {indicators("leadership")[0]: "2"}).status_code == 302
    url = domain_url(round_, "systems")  # threads have no database session to load round_ with
    tab_one, tab_two = second_app.test_client(), second_app.test_client()
    sign_in(tab_one, EMAIL)
    sign_in(tab_two, EMAIL)
    first = indicators("systems")[0]
    pages = [opened(tab_one, url), opened(tab_two, url)]
    statuses = at_once(
        lambda: tab_one.post(url, data=filled(pages[0], {first: "1"}, {first: "From tab one"})).status_code,
        lambda: tab_two.post(url, data=filled(pages[1], {first: "4"}, {first: "From tab two"})).status_code,
    )
    assert sorted(statuses) == [302, 409]
    assert answers_of()[first] == (("1", "From tab one") if statuses[0] == 302 else ("4", "From tab two"))


@pytest.mark.parametrize("attempt", range(3))
def test_two_tabs_saving_the_first_answers_at_the_same_time_share_one_response(app, client, second_app, attempt):
    round_ = respondent_with_round(client, title=f"Self-assessment {attempt}")
    url = domain_url(round_, "evaluation")  # threads have no database session to load round_ with
    tab_one, tab_two = second_app.test_client(), second_app.test_client()
    sign_in(tab_one, EMAIL)
    sign_in(tab_two, EMAIL)
    first, second = indicators("evaluation")[:2]
    pages = [opened(tab_one, url), opened(tab_two, url)]
    assert pages[0].form_data()["response_id"] == pages[1].form_data()["response_id"] == ""
    statuses = at_once(
        lambda: tab_one.post(url, data=filled(pages[0], {first: "1"})).status_code,
        lambda: tab_two.post(url, data=filled(pages[1], {second: "2"})).status_code,
    )
    assert statuses == [302, 302]
    assert responses_count() == 1
    assert answers_of() == {first: ("1", None), second: ("2", None)}
