"""The questionnaire's wording follows the rules of questionnaire 2.0.0: each
question asks one thing, each level is one condition that can be seen, the
questions everyone is asked can be judged by a person who uses services, a
carer or a community member, the text is plain English by the Flesch reading
ease of textstat, and guidance quotes the study (shared/study/, beside the
repository) word for word.

Each check is a function of the questionnaire's data, so that it can be run by
hand on another file (questionnaires/archive/ keeps 1.0.0, which fails most of
them); the double-barrelled-question check is also run here on 1.0.0, so that it
keeps catching the questions it was written against."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
import yaml

from tests.study import normalise, study_text

with warnings.catch_warnings():
    # textstat 0.7.3 imports pkg_resources, which warns that it is deprecated;
    # 0.7.4 and later download a dictionary at run time, which cannot work here.
    warnings.simplefilter("ignore")
    import textstat

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRE = ROOT / "questionnaires" / "co-production-maturity.yaml"
QUESTIONNAIRE_1_0_0 = ROOT / "questionnaires" / "archive" / "co-production-maturity-1.0.0.yaml"

STAFF = ["nhs", "local_authority", "third_sector", "independent_sector"]

# Flesch reading ease, questions and level descriptors scored together (60 to 70
# is plain English; 70 and above is easy to read).
EVERYONE_AT_LEAST = 70
ALL_AT_LEAST = 60

MAX_QUESTION_WORDS = 25
# Names of one thing that contain "and": they join nothing to judge.
ONE_THING_NAMES = ("health and social care",)
JOINING_WORDS = re.compile(r"\b(and|or|as well as)\b", re.IGNORECASE)

# What only staff can know, named as the issue names it; none of these may
# appear in any text of an indicator that everyone is asked.
INSIDE_KNOWLEDGE = {
    "budgets": re.compile(r"\bbudget", re.IGNORECASE),
    "the financial plan": re.compile(r"\bfinancial plan", re.IGNORECASE),
    "HR": re.compile(r"\bHR\b|\bstaffing\b|\bstaff reviews?\b|\bsupervision\b"),
    "IT systems": re.compile(r"\bIT\b"),
    "governance papers": re.compile(r"\bgovernance\b|\bpapers?\b|\bminutes\b", re.IGNORECASE),
    "induction": re.compile(r"\binduction\b|\bwhen they start\b", re.IGNORECASE),
    "recruitment": re.compile(r"\brecruit", re.IGNORECASE),
    "the annual performance report": re.compile(r"\bperformance report\b", re.IGNORECASE),
}

# The indicators asked of staff only, each with the inside knowledge it needs.
STAFF_ONLY = {
    "leadership.room-for-co-creation": "how leaders decide, piece by piece, how far to share power",
    "leadership.leading-without-authority": "how the partner bodies' leaders work together",
    "leadership.commitment-through-change": "the strategic plan's commitments and the induction of new leaders",
    "leadership.accountability-and-power": "what the partnership is held to account for, and who holds money and staff",
    "capacity.protected-time-and-money": "budgets and the financial plan",
    "capacity.improvement-skills": "who has improvement skills, and how tests are run",
    "capacity.national-support": "which national bodies staff can go to",
    "capacity.feedback-on-support": "the record of national help and what it changed",
    "systems.joined-up-staffing-and-it": "HR and IT systems",
    "systems.national-policy-into-practice": "the partnership's guidance for staff",
    "systems.joined-up-local-plans": "how plans are made with community planning partners",
    "systems.spreading-what-works": "how changes are spread, and their effects on other services",
    "systems.realistic-expectations": "plans' timescales and papers to the board or committee",
    "culture.nhs-and-council-cultures": "how NHS and council staff work together",
    "culture.readiness-to-change": "coaching and staff reviews",
    "evaluation.capacity-to-evaluate": "who evaluates, and how it is paid for",
    "evaluation.learning-loop": "how evaluation findings shape the next plans",
    "evaluation.showing-contribution": "the annual performance report",
}

# The 1.0.0 questions that asked two or three things at once.
DOUBLE_BARRELLED_IN_1_0_0 = {
    "leadership.shared-meaning": "agree, and say out loud",
    "leadership.leadership-qualities": "listen, stay open and treat people as equals",
    "culture.nhs-and-council-cultures": "understand and respect",
    "culture.readiness-to-change": "supported and encouraged",
    "evaluation.difference-made": "changed services and made a difference",
    "evaluation.people-in-evaluation": "help decide, and take part",
    "evaluation.health-inequalities": "reaches those facing the worst health, and helps to narrow the gap",
}

# Findings of the study that 1.0.0 did not probe, each with the indicator that
# probes it now, words of the study that state the finding, and words of the
# indicator's guidance that carry it.
NEW_FINDINGS = {
    "expectations out of step with the complexity of the Scottish public sector": (
        "systems.realistic-expectations",
        "out of step with the major complexities that exist with regards to the Scottish public sector",
        "major complexities of the Scottish public sector",
    ),
    "an empowerment-heavy reform: accountability without the levers": (
        "leadership.accountability-and-power",
        "empowerment heavy",
        '"empowerment heavy"',
    ),
    "the clutter of national support is a problem for national bodies themselves": (
        "capacity.feedback-on-support",
        "This is problematic *for national agencies themselves*",
        "a problem for the national bodies themselves",
    ),
}

NATIONAL_ACTOR = re.compile(
    r"\bnational (bod(y|ies)|agenc(y|ies)|government|organisations?)\b|Scottish Government|COSLA|"
    r"Healthcare Improvement Scotland|Improvement Service|Audit Scotland|Health and Social Care Alliance",
    re.IGNORECASE,
)

JARGON = re.compile(
    r"\b(stakeholders?|service users?|co-design|holistic|leverage|synergy|upscal\w*|HSCPs?|IJBs?|"
    r"outputs?|deliverables?|workstreams?)\b",
    re.IGNORECASE,
)
# A term is explained where it is used: in brackets next to it, or by "X means".
TERMS = ("co-production", "co-creation")


def load_data(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def indicators(data: dict) -> list[dict]:
    return [indicator for domain in data["domains"] for indicator in domain["indicators"]]


def asked_of_everyone(indicator: dict) -> bool:
    return not indicator.get("asked_of")


def levels(indicator: dict) -> list[str]:
    return [normalise(text) for _, text in sorted(indicator["levels"].items())]


def judged_texts(indicator: dict) -> list[str]:
    """What a respondent reads to choose an answer: the question and the levels."""
    return [normalise(indicator["question"]), *levels(indicator)]


def all_texts(indicator: dict) -> list[str]:
    return [
        normalise(indicator["title"]),
        *judged_texts(indicator),
        normalise(indicator["guidance"]),
        normalise(indicator["evidence_prompt"]),
    ]


def reading_ease(data: dict) -> tuple[float, float]:
    """The Flesch reading ease of the questions and levels everyone is asked,
    and of all questions and levels, each scored once on the joined texts."""
    everyone = [t for i in indicators(data) if asked_of_everyone(i) for t in judged_texts(i)]
    every_text = [t for i in indicators(data) for t in judged_texts(i)]
    return textstat.flesch_reading_ease("\n".join(everyone)), textstat.flesch_reading_ease("\n".join(every_text))


def question_problems(question: str) -> list[str]:
    """Why a question does not ask exactly one thing, if it does not."""
    question = normalise(question)
    problems = []
    if question.count("?") != 1 or not question.endswith("?"):
        problems.append(f"has {question.count('?')} question marks, or does not end with one")
    if len(question.split()) > MAX_QUESTION_WORDS:
        problems.append(f"has {len(question.split())} words (at most {MAX_QUESTION_WORDS})")
    unnamed = question.lower()
    for name in ONE_THING_NAMES:
        unnamed = unnamed.replace(name, "")
    joins = JOINING_WORDS.findall(unnamed)
    if joins:
        problems.append(f"joins things to judge with {', '.join(repr(j) for j in joins)}")
    return problems


def level_problems(text: str) -> list[str]:
    """Why a level descriptor is not one sentence stating one condition, if it is not."""
    problems = []
    if not re.fullmatch(r"[^.;:!?]+\.", text):
        problems.append("is not one sentence")
    for joint in (", and ", ", or ", " but ", " while ", " also "):
        if joint in f" {text} ":
            problems.append(f"joins two conditions with {joint.strip()!r}")
    if NATIONAL_ACTOR.search(text):
        problems.append("names a national body, so it may depend on what national bodies do")
    return problems


def inside_knowledge(indicator: dict) -> list[str]:
    text = "\n".join(all_texts(indicator))
    return [what for what, pattern in INSIDE_KNOWLEDGE.items() if pattern.search(text)]


@pytest.fixture(scope="module")
def data():
    return load_data(QUESTIONNAIRE)


@pytest.fixture(scope="module")
def study():
    return study_text()


def test_version_two(data):
    assert data["version"].split(".")[0] == "2"


def test_plain_english_by_flesch_reading_ease(data, capsys):
    everyone, every_text = reading_ease(data)
    with capsys.disabled():
        print(
            f"\nFlesch reading ease of questions and levels: asked of everyone {everyone:.1f} "
            f"(at least {EVERYONE_AT_LEAST}), all {every_text:.1f} (at least {ALL_AT_LEAST})"
        )
    assert everyone >= EVERYONE_AT_LEAST
    assert every_text >= ALL_AT_LEAST


def test_every_domain_asks_at_least_two_indicators_of_everyone(data):
    for domain in data["domains"]:
        everyone = [i["id"] for i in domain["indicators"] if asked_of_everyone(i)]
        assert len(everyone) >= 2, f"{domain['id']}: asked of everyone only {everyone}"


def test_asked_of_names_known_perspectives_once_each(data):
    known = {p["id"] for p in data["perspectives"]}
    for indicator in indicators(data):
        asked_of = indicator.get("asked_of")
        if asked_of is None:
            continue
        assert asked_of, f"{indicator['id']}: an empty asked_of asks no one"
        assert set(asked_of) <= known, f"{indicator['id']}: unknown perspectives {set(asked_of) - known}"
        assert len(set(asked_of)) == len(asked_of), f"{indicator['id']}: a perspective named twice"
        assert set(asked_of) != known, f"{indicator['id']}: asked of every perspective, so leave asked_of out"


def test_staff_only_indicators_are_the_ones_that_need_inside_knowledge(data):
    staff_only = {i["id"]: i["asked_of"] for i in indicators(data) if not asked_of_everyone(i)}
    assert set(staff_only) == set(STAFF_ONLY)
    for indicator_id, asked_of in staff_only.items():
        assert asked_of == STAFF, f"{indicator_id}: staff-only means the four staff perspectives"


def test_no_indicator_asked_of_everyone_needs_inside_knowledge(data):
    for indicator in indicators(data):
        if asked_of_everyone(indicator):
            assert not inside_knowledge(indicator), f"{indicator['id']} mentions {inside_knowledge(indicator)}"


def test_each_question_asks_one_thing(data):
    problems = {i["id"]: question_problems(i["question"]) for i in indicators(data)}
    assert not {k: v for k, v in problems.items() if v}


def test_the_one_thing_check_catches_the_double_barrelled_questions_of_1_0_0():
    old = {i["id"]: i["question"] for i in indicators(load_data(QUESTIONNAIRE_1_0_0))}
    for indicator_id, what in DOUBLE_BARRELLED_IN_1_0_0.items():
        assert any("joins" in p for p in question_problems(old[indicator_id])), f"{indicator_id}: {what}"


def test_each_level_is_one_condition_that_does_not_depend_on_national_bodies(data):
    problems = {
        f"{i['id']} level {n}": level_problems(text) for i in indicators(data) for n, text in enumerate(levels(i), 1)
    }
    assert not {k: v for k, v in problems.items() if v}


@pytest.mark.parametrize("finding", list(NEW_FINDINGS))
def test_each_finding_1_0_0_missed_is_probed(finding, data, study):
    indicator_id, study_words, guidance_words = NEW_FINDINGS[finding]
    by_id = {i["id"]: i for i in indicators(data)}
    assert indicator_id in by_id, f"no indicator probes {finding!r}"
    assert study_words in study
    assert guidance_words in normalise(by_id[indicator_id]["guidance"])


def test_the_legislation_join_up_belongs_to_policy_signals(data):
    about_legislation = [i for i in indicators(data) if re.search(r"\blegislation\b|\blaws?\b", i["guidance"])]
    assert about_legislation
    for indicator in about_legislation:
        assert "policy-signals-without-guidance" in indicator["themes"], indicator["id"]
        assert "national-direction-and-funding" not in indicator["themes"], indicator["id"]


def test_every_guidance_draws_on_the_study(data):
    for indicator in indicators(data):
        assert "study" in indicator["guidance"], indicator["id"]


def test_quotes_in_guidance_are_verbatim_from_the_study(data, study):
    for indicator in indicators(data):
        for quote in re.findall(r'"([^"]+)"', normalise(indicator["guidance"])):
            assert quote in study, f"{indicator['id']}: not in the study: {quote!r}"


def test_co_production_and_co_creation_are_explained_where_used(data):
    explained = {
        term: re.compile(rf"{term} \(|\({term}\)|{term}\"? \(|is what {term} means|{term} means", re.IGNORECASE)
        for term in TERMS
    }
    for indicator in indicators(data):
        text = "\n".join(all_texts(indicator)).lower()
        for term in TERMS:
            if term in text:
                assert explained[term].search(indicator["guidance"]), f"{indicator['id']}: {term} is not explained"
    description = normalise(data["description"]).lower()
    assert "co-production means" in description
    assert "co-creation goes further" in description


def test_no_jargon(data):
    for indicator in indicators(data):
        for text in all_texts(indicator):
            match = JARGON.search(text)
            assert match is None, f"{indicator['id']}: jargon {match.group(0)!r} in {text!r}"
    # The questions and levels name no body by initials other than the NHS and IT.
    for indicator in indicators(data):
        for text in judged_texts(indicator):
            initials = set(re.findall(r"\b[A-Z]{2,}\b", text)) - {"NHS", "IT"}
            assert not initials, f"{indicator['id']}: initials {initials} in {text!r}"
