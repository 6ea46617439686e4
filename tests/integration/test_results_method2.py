"""Scoring method 2 as people read it, on the real pages and the real PDF
read back: an even split never shows "Established", the method is named,
priorities print the words of the level their score is in, a question with
levels from too few people says so, and an overall score is given only when
every domain that applies has one (issue 9, sections 1 and 4).

The rounds are on questionnaires made with tests/builders.py: two domains
(``alpha``, ``beta``) of five questions, weight 1 each, the real scale (1 to 4,
Established above 2.5) and the real settings (levels from 3 people for a
score). A question's level descriptors read "Level N of <id>.", so a
descriptor of the wrong level is seen at once. Every theme is a barrier.
"""

from __future__ import annotations

import csv
import io
import json
import re

from selfassess.reports.build import report_pdf
from tests import builders, factories
from tests.integration.results_helpers import (
    built_version,
    listed_after_heading,
    pdf_text,
    question_row,
    read_table,
    respond,
    round_on,
    squash,
)
from tests.pages import Page, page
from tests.signing_in import sign_in

DK, NA = "dont_know", "na"

# Four respondents, A and B NHS, C and D local authority: each group is too small
# alone, together they make "other perspectives" (4). Levels (A, B, C, D); the
# majority level is the highest level more than half reach, of four the second lowest.
EVEN_SPLIT = {
    "alpha.i1": (2, 2, 3, 3),  # 2 2 3 3: 2, Developing (method 1: 2.5, Established)
    "alpha.i2": (3, 3, 3, 3),  # 3
    "alpha.i3": (2, 2, 2, 2),  # 2
    "alpha.i4": (3, 3, 4, 4),  # 3 3 4 4: 3 (method 1: 3.5)
    "alpha.i5": (2, 3, DK, DK),  # levels from 2 people: too few, no score
    "beta.i1": (1, 4, 1, 4),  # 1 1 4 4: 1 (method 1: 2.5); two of four 3 levels away: views differ
    "beta.i2": (4, 4, 4, 4),  # 4, the top level: never a priority
    "beta.i3": (2, 3, 2, 3),  # 2 2 3 3: 2
    "beta.i4": (3, 3, 3, 3),  # 3
    "beta.i5": (NA, NA, NA, NA),  # not applicable: counts in no coverage
}
EVEN_PERSPECTIVES = ("nhs", "nhs", "local_authority", "local_authority")
# alpha: (2 + 3 + 2 + 3) / 4 = 2.50, exactly on the boundary, so Developing; coverage 4 of 5 = 80%.
# beta: (1 + 4 + 2 + 3) / 4 = 2.50, Developing; coverage 4 of 4 = 100% (beta.i5 does not apply).
# Overall (2.50 + 2.50) / 2 = 2.50, Developing (method 1 gave alpha, beta and overall Established).
EVEN_DOMAINS = [
    {"Domain": "Domain alpha", "Score": "2.50", "Stage": "Developing", "Coverage": "80%"},
    {"Domain": "Domain beta", "Score": "2.50", "Stage": "Developing", "Coverage": "100%"},
]
# Priorities: below the top level, lowest first, then questionnaire order (all weigh 1):
# beta.i1 at 1, then alpha.i1 and alpha.i3 at 2 (beta.i3, also 2, is fourth of three).
PRIORITIES = [("beta.i1", "1.00", "Not yet in place", 1), ("alpha.i1", "2.00", "Developing", 2)]
PRIORITIES += [("alpha.i3", "2.00", "Developing", 2)]
# Themes link in turn (alpha.i1 -> a, alpha.i2 -> b, alpha.i3 -> c, alpha.i4 -> a, ...):
# theme-a: alpha.i1 2, alpha.i4 3, beta.i2 4 (beta.i5 not applicable): 9 / 3 = 3.00, partial;
# theme-b: alpha.i2 3, beta.i3 2 (alpha.i5 too few): 2.50, at most 2.5, a gap;
# theme-c: alpha.i3 2, beta.i1 1, beta.i4 3: 2.00, a gap.
THEMES = [
    ("Theme theme-a", "This barrier partly holds here", "3.00"),
    ("Theme theme-b", "This barrier holds here", "2.50"),
    ("Theme theme-c", "This barrier holds here", "2.00"),
]
# "2.50" (or "2.5") next to "Established", anywhere: what method 1 printed for an even split.
ESTABLISHED_AT_2_50 = re.compile(r"2\.50?\W{0,3}Established")


def even_split_round(tmp_path):
    round_ = round_on(built_version(tmp_path, builders.questionnaire_dict(), builders.themes_dict()))
    respond(round_, EVEN_SPLIT, EVEN_PERSPECTIVES)
    return round_


def as_lead(client, round_) -> Page:
    factories.lead("lead@example.org")
    sign_in(client, "lead@example.org")
    return page(client, f"/rounds/{round_.id}/results")


# --- the results page ---------------------------------------------------------------------


def test_an_even_split_is_developing_on_the_results_page(app, client, tmp_path):
    found = as_lead(client, even_split_round(tmp_path))
    text = found.text()
    assert "Overall stage: Developing with a score of 2.50 out of 4." in text
    assert "(scoring method 2)" in text
    _, domains = read_table(found, "Domain scores", without="perspective")
    assert [{k: row[k] for k in EVEN_DOMAINS[0]} for row in domains] == EVEN_DOMAINS
    for heading in ("Domain alpha: 2.50 Developing", "Domain beta: 2.50 Developing"):
        assert heading in [squash(h.get_text(" ")) for h in found.soup.find_all("h3")], heading
    headers, groups = read_table(found, "Domain scores by perspective")
    assert headers == ["Domain", "Other perspectives (4)"]
    assert [row["Other perspectives (4)"] for row in groups] == ["2.50", "2.50"]
    assert not ESTABLISHED_AT_2_50.search(text)
    # The question answered 2, 2, 3 and 3 scores 2, Developing, in its own row.
    assert question_row(found, "alpha.i1").startswith("Indicator alpha.i1")
    assert "2.00" in question_row(found, "alpha.i1") and "2.50" not in question_row(found, "alpha.i1")


def test_questions_say_too_few_not_applicable_and_views_differ(app, client, tmp_path):
    found = as_lead(client, even_split_round(tmp_path))
    assert "Too few answers (fewer than 3)" in question_row(found, "alpha.i5")
    assert "Not applicable" in question_row(found, "beta.i5")
    flagged = [i for i in EVEN_SPLIT if "Views differ" in question_row(found, i)]
    assert flagged == ["beta.i1"]  # 1 1 4 4: half the answers 3 levels from 1; 1 2 3 4 would be a quarter
    assert "A question needs levels from at least 3 people for a score" in found.text()


def test_priorities_print_the_stage_and_the_questions_words_for_that_level(app, client, tmp_path):
    found = as_lead(client, even_split_round(tmp_path))
    assert listed_after_heading(found, "Priorities") == [
        f"Indicator {i} ({score}, {label}): Level {level} of {i}." for i, score, label, level in PRIORITIES
    ]


def test_a_barrier_that_is_a_gap_reads_this_barrier_holds_here(app, client, tmp_path):
    found = as_lead(client, even_split_round(tmp_path))
    headers, themes = read_table(found, "Where the partnership stands")
    assert headers == ["Theme", "Here", "Score"]
    assert [(row["Theme"], row["Here"], row["Score"]) for row in themes] == THEMES


# --- the adviser's dashboard -----------------------------------------------------------------


def dashboard(client) -> Page:
    factories.adviser("adviser@example.org", ["Fife"])
    sign_in(client, "adviser@example.org")
    return page(client, "/adviser")


def test_an_even_split_is_developing_on_the_dashboard(app, client, tmp_path):
    even_split_round(tmp_path)
    found = dashboard(client)
    _, latest = read_table(found, "Each partnership's latest round")
    assert [(row["Partnership"], row["Overall stage"]) for row in latest] == [("Fife", "Developing 2.50")]
    _, heat = read_table(found, "Latest domain scores by partnership")
    assert [(row["Domain alpha"], row["Domain beta"]) for row in heat] == [("2.50", "2.50")]
    assert "scoring method 2" in found.text()
    assert not ESTABLISHED_AT_2_50.search(found.text())


# --- the PDF report ----------------------------------------------------------------------------


def test_an_even_split_is_developing_in_the_report(app, tmp_path):
    text = pdf_text(report_pdf(even_split_round(tmp_path)))
    assert "Overall stage: Developing, with a score of 2.50 out of 4. Scored by scoring method 2." in text
    assert "Domain alpha: 2.50, Developing" in text and "Domain beta: 2.50, Developing" in text
    assert "Indicator alpha.i1 2.00, Developing" in text  # the question answered 2, 2, 3 and 3
    assert "Indicator alpha.i5 Too few answers (fewer than 3)" in text
    # Sections 1 to 7 give results; the appendix (8) tells what method 1 did with 2.5, as history.
    results, appendix = text.rsplit("8. Appendix: how the scores are worked out", 1)
    assert not ESTABLISHED_AT_2_50.search(results)
    assert "method 1 rounded an even split up" in appendix
    for i, score, label, level in PRIORITIES:
        assert f"“Indicator {i}” (Domain {i[:-3]}) scored {score}, {label}: Level {level} of {i}." in text
    study = text[text.rindex("4. The study's themes") : text.rindex("5. Change since the previous round")]
    for title, words, score in THEMES:
        assert f"{title}: {words} ({score})" in study


# --- a domain with too few answers -----------------------------------------------------------

# Three NHS respondents. alpha: all 3. beta: A and B 2, C "Don't know" to every
# question: levels from 2 people, too few everywhere, coverage 0%, no score.
# gamma: all "Not applicable": it does not apply. So no overall score, and beta is named.
LACKING = {
    **dict.fromkeys(builders.indicator_ids("alpha"), (3, 3, 3)),
    **dict.fromkeys(builders.indicator_ids("beta"), (2, 2, DK)),
    **dict.fromkeys(builders.indicator_ids("gamma"), (NA, NA, NA)),
}


def lacking_round(tmp_path):
    q = builders.questionnaire_dict(domains=("alpha", "beta", "gamma"))
    round_ = round_on(built_version(tmp_path, q, builders.themes_dict()))
    respond(round_, LACKING, ("nhs", "nhs", "nhs"))
    return round_


def test_a_domain_with_too_few_answers_leaves_no_overall_score_and_is_named(app, client, tmp_path):
    round_ = lacking_round(tmp_path)
    found = as_lead(client, round_)
    text = found.text()
    assert "No overall score yet: Domain beta has too few answers for a score." in text
    assert "Domain gamma does not apply here and is left out." in text
    assert "Overall stage:" not in text
    _, domains = read_table(found, "Domain scores", without="perspective")
    assert [(row["Domain"], row["Score"], row["Coverage"]) for row in domains] == [
        ("Domain alpha", "3.00", "100%"),
        ("Domain beta", "no score", "0%"),
        ("Domain gamma", "no score", "none"),
    ]
    assert "Too few answers (fewer than 3)" in question_row(found, "beta.i1")
    _, latest = read_table(dashboard(app.test_client()), "Each partnership's latest round")
    assert latest[0]["Overall stage"] == "No overall score: some domains have too few answers"
    report = pdf_text(report_pdf(round_))
    assert "There is no overall score, because Domain beta has too few answers for a score." in report
    assert "Domain gamma does not apply here and is left out." in report


# --- the exports ---------------------------------------------------------------------------------


def test_the_exports_name_the_method_and_count_not_applicable_and_dont_know(app, client, tmp_path):
    round_ = even_split_round(tmp_path)
    as_lead(client, round_)
    data = json.loads(client.get(f"/rounds/{round_.id}/results.json").data)
    assert data["scoring_method"] == "scoring method 2"
    body = data["results"]
    assert (body["overall"]["score"], body["overall"]["stage"]) == ("2.50", "Developing")
    indicators = {i["id"]: i for i in body["indicators"]}
    assert {k: indicators["alpha.i5"][k] for k in ("status", "n", "n_na", "n_dont_know")} == {
        "status": "too_few",
        "n": 2,
        "n_na": 0,
        "n_dont_know": 2,
    }
    assert {k: indicators["beta.i5"][k] for k in ("status", "n", "n_na", "n_dont_know")} == {
        "status": "not_applicable",
        "n": 0,
        "n_na": 4,
        "n_dont_know": 0,
    }
    assert {d["id"]: d["applicable"] for d in body["domains"]} == {"alpha": True, "beta": True}
    rows = list(csv.DictReader(io.StringIO(client.get(f"/rounds/{round_.id}/results.csv").data.decode())))
    assert {row["scoring_method"] for row in rows} == {"scoring method 2"}
    overall = next(row for row in rows if row["level"] == "overall")
    assert (overall["score"], overall["stage"]) == ("2.50", "Developing")
    assert next(row for row in rows if row["id"] == "alpha.i1")["score"] == "2.00"
