"""One person with the same domain page open in two tabs (issue 10, item 14).

Each page carries, in a hidden field, a version of every answer it shows.
A page saved after another tab changed one of its answers is stale for that
answer: instead of overwriting it, the page comes back showing both
versions (what is saved now, and what this tab sent) and asks which to
keep. Answers the other tab did not change are saved as usual, a field this
tab left as it was never erases what the other saved, and nothing this tab
sent is lost while the person chooses."""

from __future__ import annotations

from tests.integration.test_answering_support import (
    answers_of,
    autosave,
    checked_value,
    domain_url,
    evidence_text,
    field,
    filled,
    indicators,
    respondent_with_round,
    save_page,
)
from tests.pages import Page, checked_soup, page

A_NOTE = "Agreed at the board in May, with the carers' forum."
B_NOTE = "Only in one locality so far."
CHANGED = "was changed in another tab or window"


def keep(indicator_id: str) -> str:
    return field(indicator_id) + "--keep"


def two_tabs(client, round_, section: str = "leadership") -> tuple[Page, Page]:
    """The same page opened twice, as two tabs of one browser."""
    url = domain_url(round_, section)
    return page(client, url), page(client, url)


def a_saves_level_2_with_a_note(client, round_, tab_a: Page, indicator_id: str):
    """Tab A saves level 2 and A_NOTE for the question."""
    saved = client.post(
        domain_url(round_, "leadership"), data=filled(tab_a, {indicator_id: "2"}, {indicator_id: A_NOTE})
    )
    assert saved.status_code == 302
    return saved


def asked_to_choose(client, round_, data: dict[str, str], section: str = "leadership") -> Page:
    return page(client, domain_url(round_, section), method="POST", data=data, status=409)


def keep_options(form: Page, indicator_id: str) -> dict[str, bool]:
    """The "which to keep" options of a question: value -> chosen."""
    found = form.form().find_all("input", attrs={"name": keep(indicator_id), "type": "radio"})
    return {option["value"]: option.has_attr("checked") for option in found}


def question_text(form: Page, indicator_id: str) -> str:
    section = form.soup.find(id=f"indicator-{field(indicator_id)}")
    return " ".join(section.get_text(" ", strip=True).split())


# --- the finding ---------------------------------------------------------------------------------


def test_a_stale_tab_never_blanks_what_another_tab_saved_and_the_person_is_asked_which_to_keep(app, client):
    """The penetration test's steps: two tabs; in A a level and evidence,
    saved; in B another level, saved. A's evidence survives, and B's page
    comes back asking which answer to keep, with B's choice still on it."""
    round_ = respondent_with_round(client)
    first, second = indicators("leadership")[:2]
    tab_a, tab_b = two_tabs(client, round_)

    saved = client.post(domain_url(round_, "leadership"), data=filled(tab_a, {first: "2"}, {first: A_NOTE}))
    assert saved.status_code == 302
    result = client.post(domain_url(round_, "leadership"), data=filled(tab_b, {first: "3", second: "4"}))

    # Nothing of A's is gone: the other tab's answer stands until the person chooses.
    assert answers_of()[first] == ("2", A_NOTE)
    # The answer the other tab did not change is saved as usual.
    assert answers_of()[second] == ("4", None)
    assert result.status_code == 409
    asked = Page(409, result.get_data(as_text=True), checked_soup(result), result)
    assert tab_a.form_data()["versions"] == tab_b.form_data()["versions"] != ""

    # The person is asked, in the error summary and at the question, which to keep.
    assert asked.title.startswith("Error: ")
    summary = asked.soup.select_one(".ds_error-summary")
    assert summary is not None
    assert CHANGED in summary.get_text(" ", strip=True)
    assert summary.find("a")["href"] == f"#{keep(first)}-0"
    assert keep_options(asked, first) == {"saved": False, "mine": False}
    assert keep_options(asked, second) == {}
    # Both versions are shown: what is saved now, and what this tab sent.
    text = question_text(asked, first)
    assert "Saved in another tab or window: 2: Developing" in text
    assert A_NOTE in text
    assert "From this page: 3: Established" in text
    # What this tab sent is still on the page, to be chosen; the evidence box
    # this tab left empty shows the saved text rather than erasing it.
    assert checked_value(asked, first) == "3"
    assert evidence_text(asked, first) == A_NOTE
    assert asked.form().get("data-kept") == "true"  # the page's script must not restore older typing over it


def test_keeping_the_saved_answer_keeps_it(app, client):
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    tab_a, tab_b = two_tabs(client, round_)
    save = client.post(domain_url(round_, "leadership"), data=filled(tab_a, {first: "2"}, {first: A_NOTE}))
    assert save.status_code == 302
    asked = asked_to_choose(client, round_, filled(tab_b, {first: "3"}, {first: B_NOTE}))
    assert evidence_text(asked, first) == B_NOTE

    kept = client.post(domain_url(round_, "leadership"), data={**filled(asked, {}), keep(first): "saved"})
    assert kept.status_code == 302
    assert kept.headers["Location"] == domain_url(round_, "capacity")
    assert answers_of()[first] == ("2", A_NOTE)


def test_keeping_this_pages_answer_saves_it(app, client):
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    tab_a, tab_b = two_tabs(client, round_)
    a_saves_level_2_with_a_note(client, round_, tab_a, first)
    asked = asked_to_choose(client, round_, filled(tab_b, {first: "3"}, {first: B_NOTE}))

    kept = client.post(domain_url(round_, "leadership"), data={**filled(asked, {}), keep(first): "mine"})
    assert kept.status_code == 302
    assert answers_of()[first] == ("3", B_NOTE)


def test_keeping_this_pages_level_keeps_the_evidence_it_never_touched(app, client):
    """This tab chose a level and left the evidence box as it was: its
    answer is that level with the other tab's evidence, as the page showed."""
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    tab_a, tab_b = two_tabs(client, round_)
    a_saves_level_2_with_a_note(client, round_, tab_a, first)
    asked = asked_to_choose(client, round_, filled(tab_b, {first: "3"}))
    assert f"From this page: 3: Established. Evidence: {A_NOTE}" in question_text(asked, first)

    kept = client.post(domain_url(round_, "leadership"), data={**filled(asked, {}), keep(first): "mine"})
    assert kept.status_code == 302
    assert answers_of()[first] == ("3", A_NOTE)


def test_this_pages_answer_can_be_changed_while_choosing(app, client):
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    tab_a, tab_b = two_tabs(client, round_)
    a_saves_level_2_with_a_note(client, round_, tab_a, first)
    asked = asked_to_choose(client, round_, filled(tab_b, {first: "3"}))
    both = f"{A_NOTE} Also written into the plan."
    data = {**filled(asked, {first: "4"}, {first: both}), keep(first): "mine"}
    assert client.post(domain_url(round_, "leadership"), data=data).status_code == 302
    assert answers_of()[first] == ("4", both)


def test_saving_without_choosing_asks_again_and_changes_nothing(app, client):
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    tab_a, tab_b = two_tabs(client, round_)
    a_saves_level_2_with_a_note(client, round_, tab_a, first)
    asked = asked_to_choose(client, round_, filled(tab_b, {first: "3"}))

    again = asked_to_choose(client, round_, filled(asked, {}))
    summary = again.soup.select_one(".ds_error-summary").get_text(" ", strip=True)
    assert "Choose which answer to keep" in summary
    assert checked_value(again, first) == "3"
    assert answers_of()[first] == ("2", A_NOTE)


def test_an_answer_changed_again_while_choosing_is_asked_about_again(app, client):
    """A third save (another tab again) after the question was asked: keeping
    this page's answer would overwrite it unseen, so the person is asked again."""
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    tab_a, tab_b = two_tabs(client, round_)
    tab_c = page(client, domain_url(round_, "leadership"))
    a_saves_level_2_with_a_note(client, round_, tab_a, first)
    asked = asked_to_choose(client, round_, filled(tab_b, {first: "3"}))
    asked_c = asked_to_choose(client, round_, filled(tab_c, {first: "1"}, {first: "From tab C"}))
    assert (
        client.post(domain_url(round_, "leadership"), data={**filled(asked_c, {}), keep(first): "mine"}).status_code
        == 302
    )
    assert answers_of()[first] == ("1", "From tab C")

    again = asked_to_choose(client, round_, {**filled(asked, {}), keep(first): "mine"})
    assert "Saved in another tab or window: 1: Not yet in place" in question_text(again, first)
    assert answers_of()[first] == ("1", "From tab C")


# --- what is not a conflict ------------------------------------------------------------------------


def test_a_field_a_stale_tab_left_as_it_was_never_erases_saved_text(app, client):
    """Tab B never touched the first question: its empty evidence box and
    unchosen level leave what tab A saved there, and no question is asked."""
    round_ = respondent_with_round(client)
    first, second = indicators("leadership")[:2]
    tab_a, tab_b = two_tabs(client, round_)
    client.post(domain_url(round_, "leadership"), data=filled(tab_a, {}, {first: A_NOTE}))
    assert answers_of()[first] == (None, A_NOTE)

    result = client.post(domain_url(round_, "leadership"), data=filled(tab_b, {second: "1"}))
    assert result.status_code == 302
    assert answers_of() == {first: (None, A_NOTE), second: ("1", None)}


def test_clearing_evidence_another_tab_changed_asks_first(app, client):
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    save_page(client, round_, "leadership", {first: "2"}, {first: "An old note."})
    tab_a, tab_b = two_tabs(client, round_)
    client.post(domain_url(round_, "leadership"), data=filled(tab_a, {}, {first: A_NOTE}))

    asked = asked_to_choose(client, round_, filled(tab_b, {}, {first: ""}))
    assert answers_of()[first] == ("2", A_NOTE)
    assert keep_options(asked, first) == {"saved": False, "mine": False}
    assert "From this page: 2: Developing. No evidence written." in question_text(asked, first)


def test_two_tabs_making_the_same_change_are_not_asked(app, client):
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    tab_a, tab_b = two_tabs(client, round_)
    a_saves_level_2_with_a_note(client, round_, tab_a, first)
    result = client.post(domain_url(round_, "leadership"), data=filled(tab_b, {first: "2"}, {first: A_NOTE}))
    assert result.status_code == 302
    assert answers_of()[first] == ("2", A_NOTE)


def test_a_tab_saving_as_it_goes_never_conflicts_with_itself(app, client):
    """The page's script sends the versions each save returns with the next
    save; a save whose answer is what is already saved is no conflict either
    (the page posted while its last save was still on its way)."""
    round_ = respondent_with_round(client)
    first = indicators("leadership")[0]
    form = page(client, domain_url(round_, "leadership"))
    data = filled(form, {first: "1"}, {first: "Typing"})
    result = autosave(client, round_, "leadership", data)
    assert result.status_code == 200
    body = result.get_json()
    assert body["saved"] is True
    assert body["versions"] != data["versions"]

    data.update({field(first): "2", field(first) + "--evidence": "Typing more", "versions": body["versions"]})
    assert autosave(client, round_, "leadership", data).get_json()["saved"] is True
    # The same answer again with the page's first versions: what is saved already.
    stale = filled(form, {first: "2"}, {first: "Typing more"})
    assert client.post(domain_url(round_, "leadership"), data=stale).status_code == 302
    assert answers_of()[first] == ("2", "Typing more")


def test_a_stale_autosave_saves_the_other_answers_and_says_which_to_choose(app, client):
    round_ = respondent_with_round(client)
    first, second = indicators("leadership")[:2]
    tab_a, tab_b = two_tabs(client, round_)
    a_saves_level_2_with_a_note(client, round_, tab_a, first)
    data = filled(tab_b, {first: "3", second: "4"})
    result = autosave(client, round_, "leadership", data)
    assert result.status_code == 409
    body = result.get_json()
    assert body["saved"] is False
    assert body["conflict"] is True
    assert "changed in another tab or window" in body["problem"]
    assert answers_of() == {first: ("2", A_NOTE), second: ("4", None)}
    # The tab's versions move on only for what it saved: the next save asks again.
    again = autosave(client, round_, "leadership", {**data, "versions": body["versions"]})
    assert again.status_code == 409
    assert answers_of()[first] == ("2", A_NOTE)
