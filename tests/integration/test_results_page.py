"""The results page shows the numbers a person reads, checked against values
worked out by hand with the rules of scoring method 2 (docs/scoring.md).

The hand-worked round is on questionnaire 1.0.0 (tests/integration/
results_helpers.py says why): method 2 scores every round, earlier ones
included. Tables are found by their caption and cells by their column's
header text, so that changes of markup or of column order do not break
these tests, but a wrong number does.
"""

from __future__ import annotations

import pytest

from selfassess import disclosure
from selfassess.data import agreed
from selfassess.data.base import db
from tests import factories
from tests.integration.results_helpers import (
    archived,
    archived_version,
    listed_after_heading,
    question_row,
    read_table,
    respond,
    round_on,
    squash,
)
from tests.pages import Page, page

DK, NA = "dont_know", "na"

# Four respondents: A, B and C are NHS, D has lived experience (a carer).
# Answers are (A, B, C, D); None is a question left blank. Each comment gives
# the question's weight when it is 2, then the levels in order and their
# majority level (the lower median: of four levels, the second lowest) for
# everyone, and for the NHS group (A, B and C) alone. A question needs levels
# from 3 people (min_answers): fewer is "too few".
PERSPECTIVES = ("nhs", "nhs", "nhs", "lived_experience")
ANSWERS = {
    "leadership.shared-meaning": (3, 3, 2, 4),  # weight 2; all 2 3 3 4: 3; NHS 2 3 3: 3
    "leadership.room-for-co-creation": (1, 2, 2, 1),  # all 1 1 2 2: 1 (method 1: 1.5); NHS 1 2 2: 2
    "leadership.leading-without-authority": (2, 2, 2, 2),  # weight 2; all 2; NHS 2
    "leadership.commitment-through-change": (3, 3, 3, 3),  # all 3; NHS 3
    "leadership.leadership-qualities": (3, 4, 3, 4),  # all 3 3 4 4: 3 (not 3.5); NHS 3 3 4: 3
    "leadership.appetite-for-risk": (2, 3, 2, 3),  # all 2 2 3 3: 2 (not 2.5); NHS 2 2 3: 2
    "capacity.protected-time-and-money": (1, 1, 2, 1),  # weight 2; all 1 1 1 2: 1; NHS 1 1 2: 1
    "capacity.focus-among-priorities": (2, 2, 1, 1),  # all 1 1 2 2: 1; NHS 1 2 2: 2
    "capacity.time-it-takes": (DK, DK, DK, DK),  # no levels: unanswered; NHS unanswered
    "capacity.community-empowerment-skills": (2, DK, 2, 3),  # all 2 2 3: 2; NHS 2 2: too few
    "capacity.improvement-skills": (3, 2, 3, None),  # all 2 3 3: 3; NHS 3
    "capacity.national-support": (1, 2, None, None),  # all 1 2: too few (method 1: 1.5); NHS too few
    "systems.joined-up-staffing-and-it": (1, 2, 2, DK),  # weight 2; all 1 2 2: 2; NHS 2
    "systems.decisions-that-stick": (3, 2, 1, 3),  # all 1 2 3 3: 2, agreed 3; NHS 1 2 3: 2
    "systems.national-policy-into-practice": (3, 3, 4, 3),  # all 3 3 3 4: 3; NHS 3 3 4: 3
    "systems.honest-about-money": (DK, DK, DK, DK),  # unanswered; NHS unanswered
    "systems.joined-up-local-plans": (2, 3, 2, 2),  # all 2 2 2 3: 2; NHS 2 2 3: 2
    # One level against three "Not applicable": not applicable (method 1 scored it 2); NHS 1 level, 2 NA: the same.
    "systems.spreading-what-works": (NA, NA, 2, NA),
    "culture.everyday-language": (2, 3, DK, DK),  # all 2 3: too few (method 1: 2.5, Established); NHS too few
    "culture.nhs-and-council-cultures": (DK, 1, DK, DK),  # too few; NHS too few
    "culture.power-from-the-start": (2, 2, 3, 3),  # weight 2; all 2 2 3 3: 2, the even split; NHS 2 2 3: 2
    # All 1 3 3 3: 3, and the 1 is 2 levels from it: 1 of 4 (a quarter) is the share that flags it; NHS 1 3 3: 3.
    "culture.trusted-partnering": (3, 1, 3, 3),
    "culture.real-involvement": (1, 2, 1, 3),  # all 1 1 2 3: 1, the 3 is 2 levels from it: flagged; NHS 1 1 2: 1
    "culture.readiness-to-change": (None, None, None, None),  # unanswered (blank is not "not applicable")
    "evaluation.difference-made": (2, 2, 2, 2),  # weight 2; all 2; NHS 2
    # All 1 2 3 4: 2 (method 1: 2.5), the 4 is 2 levels from it: a quarter, flagged; NHS 1 2 3: 2.
    "evaluation.capacity-to-evaluate": (1, 2, 3, 4),
    "evaluation.people-in-evaluation": (1, 2, 1, 2),  # all 1 1 2 2: 1; NHS 1 1 2: 1
    "evaluation.learning-loop": (3, 3, 3, 3),  # all 3; NHS 3
    "evaluation.health-inequalities": (2, 3, 2, 3),  # all 2 2 3 3: 2; NHS 2 2 3: 2
    "evaluation.showing-contribution": (4, 4, 4, 4),  # all 4, the top level; NHS 4
}
AGREED = ("systems.decisions-that-stick", "3")

# Domains, all respondents (agreed level used), shown cut off at two decimals.
# Coverage = the weight of the scored questions over that of the scored, the
# unanswered and the too-few ones (not applicable counts in neither):
# - Leadership: weights 2+1+2+1+1+1 = 8, all scored: 100%.
#   (2*3 + 1 + 2*2 + 3 + 3 + 2) / 8 = 19 / 8 = 2.375 -> 2.37, Developing (method 1: 2.56, Established).
# - Capacity: time unanswered and national support too few (weight 1 each): 5 / 7 = 0.714 -> 71%.
#   (2*1 + 1 + 2 + 3) / 5 = 8 / 5 = 1.60, Developing.
# - Systems: money unanswered, spreading not applicable: 5 / 6 = 0.833 -> 83%.
#   With the agreed 3: (2*2 + 3 + 3 + 2) / 5 = 12 / 5 = 2.40, Developing (2.20 without it).
# - Culture: everyday language and the two cultures too few, readiness unanswered: scored
#   weight 2+1+1 = 4 of 7: 0.571 -> 57%, at least half, so (2*2 + 3 + 1) / 4 = 8 / 4 = 2.00, Developing.
# - Evaluation: (2*2 + 2 + 1 + 3 + 2 + 4) / 7 = 16 / 7 = 2.2857 -> 2.28 (not 2.29), Developing.
# Overall: every domain has a score, so (2.375 + 1.6 + 2.4 + 2.0 + 2.2857) / 5 = 10.6607 / 5
#   = 2.1321 -> 2.13, Developing. (Without the agreed level: 2.09.)
DOMAIN_TABLE = [
    {"Domain": "Leadership", "Score": "2.37", "Stage": "Developing", "Coverage": "100%"},
    {"Domain": "Capacity and resources", "Score": "1.60", "Stage": "Developing", "Coverage": "71%"},
    {"Domain": "Systems and structures", "Score": "2.40", "Stage": "Developing", "Coverage": "83%"},
    {"Domain": "Culture and relationships", "Score": "2.00", "Stage": "Developing", "Coverage": "57%"},
    {"Domain": "Evaluation and learning", "Score": "2.28", "Stage": "Developing", "Coverage": "100%"},
]
OVERALL = "Overall stage: Developing with a score of 2.13 out of 4."

# Perspectives: NHS has 3 respondents, so it stands; lived experience has 1, which
# alone is fewer than 3 for "other perspectives", so it is left out. NHS scores use
# A, B and C only and ignore the agreed level; with three people a question
# scores only when all three gave a level:
# - Leadership (2*3 + 2 + 2*2 + 3 + 3 + 2) / 8 = 20 / 8 = 2.50
# - Capacity: community skills and national support too few, time unanswered:
#   coverage 4 / 7, (2*1 + 2 + 3) / 4 = 7 / 4 = 1.75
# - Systems (2*2 + 2 + 3 + 2) / 5 = 11 / 5 = 2.20 (the decisions level 2, not the agreed 3)
# - Culture (2*2 + 3 + 1) / 4 = 2.00, coverage 4 / 7 as for everyone
# - Evaluation (2*2 + 2 + 1 + 3 + 2 + 4) / 7 = 16 / 7 = 2.2857 -> 2.28
PERSPECTIVE_TABLE = [
    {"Domain": "Leadership", "NHS (3)": "2.50"},
    {"Domain": "Capacity and resources", "NHS (3)": "1.75"},
    {"Domain": "Systems and structures", "NHS (3)": "2.20"},
    {"Domain": "Culture and relationships", "NHS (3)": "2.00"},
    {"Domain": "Evaluation and learning", "NHS (3)": "2.28"},
]

# Priorities: the lowest scores below the top level, then the heavier question,
# then questionnaire order. Five questions score 1: protected time and money
# (weight 2) comes first although room for co-creation comes before it in the
# questionnaire; then room for co-creation and focus among priorities, the first
# two of weight 1. Each prints its stage and the question's own level-1 words.
PRIORITY_IDS = [
    "capacity.protected-time-and-money",
    "leadership.room-for-co-creation",
    "capacity.focus-among-priorities",
]

# Themes (all 2.5 / 3.5: a gap at 2.5 or below, a strength above 3.5), the weighted
# mean of their scored questions, in words that read right for the theme's kind:
THEMES = {
    # barrier: shared meaning (weight 2) 3, room 1, real involvement 1: (6 + 1 + 1) / 4 = 2.00
    "shared-meaning": ("This barrier holds here", "2.00"),
    "policy-signals-without-guidance": ("This barrier partly holds here", "3.00"),  # barrier: policy 3
    # barrier: national support has too few answers, so only showing contribution, 4
    "cluttered-national-support": ("Working past this barrier", "4.00"),
    "plain-language": ("Not enough answers to say", "no score"),  # barrier: everyday language too few
    # facilitator: qualities 3, community skills 2: 2.50, exactly at the gap's threshold, so a gap
    "leadership-qualities-and-skills": ("Not yet in place here", "2.50"),
    # tension: leading (weight 2) 2, commitment 3, decisions agreed 3: (4 + 3 + 3) / 4 = 2.50, a gap
    "leading-without-authority": ("Unresolved here", "2.50"),
    "improvement-methods": ("Partly managed here", "3.00"),  # tension: improvement skills 3, cultures too few
    "pace-of-change": ("Not enough answers to say", "no score"),  # tension: time it takes unanswered
}


# --- reading the page ---------------------------------------------------------------


def columns(rows: list[dict[str, str]], names) -> list[dict[str, str]]:
    """The rows with only these columns (other columns may come and go)."""
    return [{name: row[name] for name in names} for row in rows]


def domain_table(results: Page) -> list[dict[str, str]]:
    return read_table(results, "Domain scores", without="perspective")[1]


# --- building the rounds --------------------------------------------------------------


def results_page(client, round_) -> Page:
    factories.sign_in(client, "lead@example.org")
    return page(client, f"/rounds/{round_.id}/results")


@pytest.fixture
def worked(app, client) -> Page:
    """The results page of the hand-worked round, as its lead sees it."""
    round_ = round_on(archived_version())
    lead = factories.lead("lead@example.org")
    respond(round_, ANSWERS, PERSPECTIVES)
    agreed.record(round_, *AGREED, "The joint budget panel now signs off shared decisions", lead)
    db.session.commit()
    return results_page(client, round_)


# --- the hand-worked round -------------------------------------------------------------


def test_the_answers_cover_every_question_of_the_questionnaire(app):
    assert sorted(ANSWERS) == sorted(i.id for i in archived().indicators)


def test_overall_score_and_stage_are_the_hand_worked_ones(worked):
    text = worked.text()
    assert OVERALL in text
    assert "No overall score" not in text  # every domain has a score
    assert "4 people's answers are in these results" in text
    assert "(scoring method 2)" in text


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


def test_priorities_are_the_three_lowest_questions_with_their_own_level_words(worked):
    q = archived()
    assert listed_after_heading(worked, "Priorities") == [
        f"{q.indicator(i).title} (1.00, Not yet in place): {squash(q.indicator(i).levels[1])}" for i in PRIORITY_IDS
    ]


def test_each_question_says_why_it_has_no_score_and_where_views_differ(worked):
    assert "Too few answers (fewer than 3)" in question_row(worked, "capacity.national-support")
    assert "Too few answers (fewer than 3)" in question_row(worked, "culture.everyday-language")
    assert "Not applicable" in question_row(worked, "systems.spreading-what-works")
    assert "No levels given" in question_row(worked, "capacity.time-it-takes")
    differ = {i: "Views differ" in question_row(worked, i) for i in ANSWERS}
    assert {i for i, flagged in differ.items() if flagged} == {
        "culture.trusted-partnering",
        "culture.real-involvement",
        "evaluation.capacity-to-evaluate",
    }


def test_the_themes_table_says_each_status_in_words_for_the_themes_kind(worked):
    study = archived().study
    headers, rows = read_table(worked, "Where the partnership stands")
    assert headers == ["Theme", "Here", "Score"]
    shown = {row["Theme"]: (row["Here"], row["Score"]) for row in rows}
    assert {theme: shown[study.theme(theme).title] for theme in THEMES} == THEMES


# --- other rounds ------------------------------------------------------------------------


def test_results_page_shows_scores_and_tables(app, client):
    # Every question's levels are 1, 2, 3 and 4: each majority level is 2 (the
    # lower of the two middle levels; method 1 gave 2.5, Established), and so is
    # every domain and the overall score, stage Developing.
    round_ = round_on(archived_version())
    factories.lead("lead@example.org")
    for level, perspective in [(1, "nhs"), (2, "nhs"), (3, "lived_experience"), (4, "third_sector")]:
        factories.response(round_, factories.all_answers(level, archived()), perspective=perspective)
    results = results_page(client, round_)
    text = results.text()
    assert "Overall stage: Developing with a score of 2.00 out of 4." in text
    assert "Established" not in squash(results.soup.find(id="overall").find_next("p").get_text(" "))
    scores = columns(domain_table(results), ["Score", "Stage", "Coverage"])
    assert scores == [{"Score": "2.00", "Stage": "Developing", "Coverage": "100%"}] * 5
    # NHS (2), lived experience (1) and third sector (1) are each too few, but
    # together make 4: one "other perspectives" column, of the same 2.00s.
    headers, rows = read_table(results, "Domain scores by perspective")
    assert headers == ["Domain", "Other perspectives (4)"]
    assert [row["Other perspectives (4)"] for row in rows] == ["2.00"] * 5
    assert "left out" not in text


def test_too_few_responses_show_no_results(app, client):
    round_ = round_on(archived_version())
    factories.lead("lead@example.org")
    # Two, written out: docs/scoring.md promises results only from 3, so a lower
    # limit fails here; the page's wording takes the limit from disclosure.
    submitted = 2
    for _ in range(submitted):
        factories.response(round_, factories.all_answers(2, archived()))
    factories.response(round_, factories.all_answers(2, archived()), submitted=False)  # a draft does not count
    results = results_page(client, round_)
    text = results.text()
    assert (
        f"Results appear once at least {disclosure.MIN_RESPONSES} people have submitted their answers, "
        f"so that nobody's answers can be worked out. When the round last closed, {submitted} people had." in text
    )
    assert "Overall stage" not in text
    assert not [t for t in results.soup.find_all("table") if t.caption and "Domain scores" in t.caption.get_text()]
    assert "Priorities" not in [squash(h.get_text(" ")) for h in results.soup.find_all("h2")]
