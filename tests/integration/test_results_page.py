"""The results page shows the numbers a person reads, checked against values
worked out by hand with the rules of docs/scoring.md.

Tables are found by their caption and cells by their column's header text,
so that changes of markup or of column order do not break these tests, but
a wrong number does.
"""

from __future__ import annotations

import pytest

from selfassess import disclosure
from selfassess.data import agreed
from selfassess.data.base import db
from tests import factories
from tests.pages import Page, page

DK, NA = "dont_know", "na"

# Four respondents: A, B and C are NHS, D has lived experience (a carer).
# Answers are (A, B, C, D); None is a question left blank. Each comment gives
# the question's weight when it is 2, then the levels in order and their median
# for everyone, and for the NHS group (A, B and C) alone.
PERSPECTIVES = ("nhs", "nhs", "nhs", "lived_experience")
ANSWERS = {
    "leadership.shared-meaning": (3, 3, 2, 4),  # weight 2; all 2 3 3 4: 3; NHS 2 3 3: 3
    "leadership.room-for-co-creation": (1, 2, 2, 1),  # all 1 1 2 2: 1.5; NHS 1 2 2: 2
    "leadership.leading-without-authority": (2, 2, 2, 2),  # weight 2; all 2; NHS 2
    "leadership.commitment-through-change": (3, 3, 3, 3),  # all 3; NHS 3
    "leadership.leadership-qualities": (3, 4, 3, 4),  # all 3 3 4 4: 3.5; NHS 3 3 4: 3
    "leadership.appetite-for-risk": (2, 3, 2, 3),  # all 2 2 3 3: 2.5; NHS 2 2 3: 2
    "capacity.protected-time-and-money": (1, 1, 2, 1),  # weight 2; all 1 1 1 2: 1; NHS 1 1 2: 1
    "capacity.focus-among-priorities": (2, 2, 1, 1),  # all 1 1 2 2: 1.5; NHS 1 2 2: 2
    "capacity.time-it-takes": (DK, DK, DK, DK),  # unanswered; NHS unanswered
    "capacity.community-empowerment-skills": (2, DK, 2, 3),  # all 2 2 3: 2; NHS 2 2: 2
    "capacity.improvement-skills": (3, 2, 3, None),  # all 2 3 3: 3; NHS 3
    "capacity.national-support": (1, 2, None, None),  # all 1 2: 1.5; NHS 1.5
    # Systems is docs/scoring.md's worked example, answer for answer.
    "systems.joined-up-staffing-and-it": (1, 2, 2, DK),  # weight 2; all 1 2 2: 2; NHS 2
    "systems.decisions-that-stick": (3, 2, 1, 3),  # all 1 2 3 3: 2.5, agreed 3; NHS 1 2 3: 2
    "systems.national-policy-into-practice": (3, 3, 4, 3),  # all 3 3 3 4: 3; NHS 3 3 4: 3
    "systems.honest-about-money": (DK, DK, DK, DK),  # unanswered; NHS unanswered
    "systems.joined-up-local-plans": (2, 3, 2, 2),  # all 2 2 2 3: 2; NHS 2 2 3: 2
    "systems.spreading-what-works": (NA, NA, NA, None),  # not applicable; NHS not applicable
    "culture.everyday-language": (2, 3, DK, DK),  # all 2 3: 2.5; NHS 2.5
    "culture.nhs-and-council-cultures": (DK, 1, DK, DK),  # all 1; NHS 1
    "culture.power-from-the-start": (DK, DK, DK, DK),  # weight 2; unanswered
    "culture.trusted-partnering": (DK, DK, DK, DK),  # unanswered
    "culture.real-involvement": (DK, DK, DK, DK),  # unanswered
    "culture.readiness-to-change": (None, None, None, None),  # unanswered (blank is not "not applicable")
    "evaluation.difference-made": (2, 2, 2, 2),  # weight 2; all 2; NHS 2
    "evaluation.capacity-to-evaluate": (1, 2, 3, 4),  # all 1 2 3 4: 2.5; NHS 1 2 3: 2
    "evaluation.people-in-evaluation": (1, 2, 1, 2),  # all 1 1 2 2: 1.5; NHS 1 1 2: 1
    "evaluation.learning-loop": (3, 3, 3, 3),  # all 3; NHS 3
    "evaluation.health-inequalities": (2, 3, 2, 3),  # all 2 2 3 3: 2.5; NHS 2 2 3: 2
    "evaluation.showing-contribution": (3, 3, 3, 3),  # all 3; NHS 3
}
AGREED = ("systems.decisions-that-stick", "3")

# Domains, all respondents (agreed level used), shown cut off at two decimals:
# - Leadership: weights 2+1+2+1+1+1 = 8, all answered, coverage 100%.
#   (2*3 + 1.5 + 2*2 + 3 + 3.5 + 2.5) / 8 = 20.5 / 8 = 2.5625 -> 2.56, Established (from 2.5).
# - Capacity: "time it takes" unanswered (weight 1): coverage 6/7 = 0.857 -> 85% (not 86%).
#   (2*1 + 1.5 + 2 + 3 + 1.5) / 6 = 10 / 6 = 1.666... -> 1.66 (not 1.67), Developing.
# - Systems: money unanswered, spreading not applicable: coverage 5/6 = 0.833 -> 83%.
#   With the agreed 3: (2*2 + 3 + 3 + 2) / 5 = 12 / 5 = 2.40, Developing (2.30 without it).
# - Culture: only 2 of weight 7 answered: coverage 2/7 = 0.2857 -> 28% (not 29%), below
#   half, so no score, "Not enough answers".
# - Evaluation: (2*2 + 2.5 + 1.5 + 3 + 2.5 + 3) / 7 = 16.5 / 7 = 2.357... -> 2.35 (not 2.36),
#   Developing.
# Overall: culture has no score, so (2.5625 + 1.6667 + 2.40 + 2.3571) / 4 = 8.9863 / 4
#   = 2.2466 -> 2.24 (not 2.25), Developing, incomplete. (Without the agreed level: 2.22.)
DOMAIN_TABLE = [
    {"Domain": "Leadership", "Score": "2.56", "Stage": "Established", "Coverage": "100%"},
    {"Domain": "Capacity and resources", "Score": "1.66", "Stage": "Developing", "Coverage": "85%"},
    {"Domain": "Systems and structures", "Score": "2.40", "Stage": "Developing", "Coverage": "83%"},
    {"Domain": "Culture and relationships", "Score": "no score", "Stage": "Not enough answers", "Coverage": "28%"},
    {"Domain": "Evaluation and learning", "Score": "2.35", "Stage": "Developing", "Coverage": "100%"},
]
OVERALL = "Overall stage: Developing with a score of 2.24 out of 4."

# Perspectives: NHS has 3 respondents, so it stands; lived experience has 1, which
# alone is fewer than 3 for "other perspectives", so it is left out. NHS scores use
# A, B and C only and ignore the agreed level:
# - Leadership (2*3 + 2 + 2*2 + 3 + 3 + 2) / 8 = 20 / 8 = 2.50
# - Capacity (2*1 + 2 + 2 + 3 + 1.5) / 6 = 10.5 / 6 = 1.75
# - Systems (2*2 + 2 + 3 + 2) / 5 = 11 / 5 = 2.20 (the decisions median 2, not the agreed 3)
# - Culture coverage 2/7 again: no score
# - Evaluation (2*2 + 2 + 1 + 3 + 2 + 3) / 7 = 15 / 7 = 2.142... -> 2.14
PERSPECTIVE_TABLE = [
    {"Domain": "Leadership", "NHS (3)": "2.50"},
    {"Domain": "Capacity and resources", "NHS (3)": "1.75"},
    {"Domain": "Systems and structures", "NHS (3)": "2.20"},
    {"Domain": "Culture and relationships", "NHS (3)": "no score"},
    {"Domain": "Evaluation and learning", "NHS (3)": "2.14"},
]

# Priorities: the lowest answered scores, questionnaire order among equals. Two
# questions score 1 (capacity's protected time and money, culture's NHS and council
# cultures: culture's questions count although the domain has no score). Four score
# 1.5; the first of them in the questionnaire is leadership's room for co-creation.
PRIORITIES = [
    "Protected time and money for working with people (1.00, Not yet in place)",
    "NHS and council cultures working together (1.00, Not yet in place)",
    "Room for co-creation (1.50, Developing)",
]


# --- reading the page ---------------------------------------------------------------


def squash(text: str) -> str:
    return " ".join(text.split())


def read_table(results: Page, caption: str, *, without: str | None = None) -> tuple[list[str], list[dict[str, str]]]:
    """The one table whose caption contains ``caption`` (and not ``without``):
    its column headers and its body rows as {header: cell text}."""
    tables = [
        t
        for t in results.soup.find_all("table")
        if t.caption
        and caption in squash(t.caption.get_text(" "))
        and not (without and without in squash(t.caption.get_text(" ")))
    ]
    assert len(tables) == 1, f"{len(tables)} tables with the caption {caption!r}"
    table = tables[0]
    headers = [squash(th.get_text(" ")) for th in table.find("thead").find_all("th")]
    rows = []
    for tr in table.find("tbody").find_all("tr"):
        cells = [squash(cell.get_text(" ")) for cell in tr.find_all(["th", "td"])]
        assert len(cells) == len(headers), f"a row of {caption!r} has {len(cells)} cells for {len(headers)} headers"
        rows.append(dict(zip(headers, cells, strict=True)))
    return headers, rows


def columns(rows: list[dict[str, str]], names) -> list[dict[str, str]]:
    """The rows with only these columns (other columns may come and go)."""
    return [{name: row[name] for name in names} for row in rows]


def domain_table(results: Page) -> list[dict[str, str]]:
    return read_table(results, "Domain scores", without="perspective")[1]


def listed_after_heading(results: Page, heading: str) -> list[str]:
    """The items of the first list after the h2 whose text is ``heading``."""
    found = [h for h in results.soup.find_all("h2") if squash(h.get_text(" ")) == heading]
    assert len(found) == 1, f"{len(found)} headings {heading!r}"
    return [squash(li.get_text(" ")) for li in found[0].find_next(["ol", "ul"]).find_all("li")]


# --- building the rounds --------------------------------------------------------------


def results_page(client, round_) -> Page:
    factories.sign_in(client, "lead@example.org")
    return page(client, f"/rounds/{round_.id}/results")


@pytest.fixture
def worked(app, client) -> Page:
    """The results page of the hand-worked round, as its lead sees it."""
    round_ = factories.round_(closed=True)
    lead = factories.lead("lead@example.org")
    for n, perspective in enumerate(PERSPECTIVES):
        answers = {indicator: levels[n] for indicator, levels in ANSWERS.items() if levels[n] is not None}
        factories.response(round_, answers, perspective=perspective)
    agreed.record(round_, *AGREED, "The joint budget panel now signs off shared decisions", lead)
    db.session.commit()
    return results_page(client, round_)


# --- the hand-worked round -------------------------------------------------------------


def test_the_answers_cover_every_question_of_the_questionnaire(app):
    assert sorted(ANSWERS) == sorted(i.id for i in factories.questionnaire().indicators)


def test_overall_score_and_stage_are_the_hand_worked_ones(worked):
    text = worked.text()
    assert OVERALL in text
    assert "Some domains have too few answers for a score, so the overall score leaves them out." in text
    assert "4 people have submitted" in text


def test_domain_table_shows_each_domains_score_stage_and_coverage(worked):
    assert columns(domain_table(worked), ["Domain", "Score", "Stage", "Coverage"]) == DOMAIN_TABLE


def test_perspectives_table_shows_only_groups_big_enough(worked):
    headers, rows = read_table(worked, "Domain scores by perspective")
    # The single person with lived experience has no column, and no "other perspectives" either.
    assert headers == ["Domain", "NHS (3)"]
    assert rows == PERSPECTIVE_TABLE
    assert "1 person from smaller groups is left out here because, together, they are still fewer than 3" in (
        worked.text()
    )


def test_priorities_are_the_three_lowest_questions(worked):
    assert listed_after_heading(worked, "Priorities") == PRIORITIES


# --- other rounds ------------------------------------------------------------------------


def test_results_page_shows_scores_and_tables(app, client):
    # Every question's levels are 1, 2, 3 and 4: each median is 2.5, and so is
    # every domain and the overall score, stage Established (from 2.5).
    round_ = factories.round_(closed=True)
    factories.lead("lead@example.org")
    for level, perspective in [(1, "nhs"), (2, "nhs"), (3, "lived_experience"), (4, "third_sector")]:
        factories.response(round_, factories.all_answers(level), perspective=perspective)
    results = results_page(client, round_)
    text = results.text()
    assert "Overall stage" in text
    assert "2.50" in text
    assert "Overall stage: Established with a score of 2.50 out of 4." in text
    scores = columns(domain_table(results), ["Score", "Stage", "Coverage"])
    assert scores == [{"Score": "2.50", "Stage": "Established", "Coverage": "100%"}] * 5
    # NHS (2), lived experience (1) and third sector (1) are each too few, but
    # together make 4: one "other perspectives" column, of the same 2.50s.
    headers, rows = read_table(results, "Domain scores by perspective")
    assert headers == ["Domain", "Other perspectives (4)"]
    assert [row["Other perspectives (4)"] for row in rows] == ["2.50"] * 5
    assert "left out" not in text


def test_too_few_responses_show_no_results(app, client):
    round_ = factories.round_(closed=True)
    factories.lead("lead@example.org")
    # Two, written out: docs/scoring.md promises results only from 3, so a lower
    # limit fails here; the page's wording takes the limit from disclosure.
    submitted = 2
    for _ in range(submitted):
        factories.response(round_, factories.all_answers(2))
    factories.response(round_, factories.all_answers(2), submitted=False)  # a draft does not count
    results = results_page(client, round_)
    text = results.text()
    assert (
        f"Results appear once at least {disclosure.MIN_RESPONSES} people have submitted their answers, "
        f"so that nobody's answers can be worked out. So far {submitted} have." in text
    )
    assert "Overall stage" not in text
    assert not [t for t in results.soup.find_all("table") if t.caption and "Domain scores" in t.caption.get_text()]
    assert "Priorities" not in [squash(h.get_text(" ")) for h in results.soup.find_all("h2")]
