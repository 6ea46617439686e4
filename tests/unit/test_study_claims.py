"""Whose word each claim of the study-themes file is: each action's basis
says whether the study recommends it, a finding implies it or it is
selfassess's own advice; the study makes no recommendation to partnerships at
all, so no action aimed at them is the study's recommendation. The study
block states its limitations and claims nothing the study does not give.
(The quotes are checked in test_study_themes.py.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from selfassess.questionnaire import ThemesFile
from tests.study import THEMES, normalise

ROOT = Path(__file__).resolve().parents[2]


def actions(themes_data):
    return [(theme["id"], action) for theme in themes_data["themes"] for action in theme["actions"]]


# --- whose word each action is -------------------------------------------------------------------

BASES = {"study_recommends", "study_implies", "selfassess_suggests"}

# What the study's own text recommends, word for word, with the words by which
# an action that rests on it names it. The study recommends nothing to
# partnerships: every one of these is aimed at national government or agencies.
ADVISABLE = (
    "If national government seek to encourage co-production and co-creation then it is would be advisable to "
    "provide more national guidance to HSCP areas on the practical application of the terms, and to build in "
    "capacities to support HSCPs."
)
RECOMMENDATIONS = [
    (ADVISABLE, "practical application"),
    (ADVISABLE, "build in capacities"),
    ("There needs to be a ‘national lever’ for drawing agencies together", "national lever"),
    ("There is a need to join-up initiatives and legislation at a Scottish Government level", "join up"),
    ("National political leaders need to have honest conversations", "honest conversations"),
]
RECOMMENDING = re.compile(r"\b(advisable|needs? to)\b")


def test_every_action_has_a_new_basis_and_audience(themes_data):
    for theme_id, action in actions(themes_data):
        assert action.get("basis") in BASES, f"{theme_id}: basis {action.get('basis')!r}"
        assert action.get("aimed_at") in {"partnership", "national"}, f"{theme_id}: aimed_at {action.get('aimed_at')!r}"
    text = THEMES.read_text(encoding="utf-8")
    for old in ("basis: recommended", "basis: implied", "national-government"):
        assert old not in text


def test_the_files_bases_load_as_written(themes_data):
    # the schema maps old words; the file must not rely on that
    loaded = [(t.id, a.basis) for t in ThemesFile.model_validate(themes_data).themes for a in t.actions]
    assert loaded == [(theme_id, action["basis"]) for theme_id, action in actions(themes_data)]


@pytest.mark.parametrize(("sentence", "named_by"), RECOMMENDATIONS, ids=[n for _, n in RECOMMENDATIONS])
def test_each_recommendation_is_the_studys_own_text(sentence, named_by, study):
    assert sentence in study
    assert RECOMMENDING.search(sentence)


def test_study_recommends_only_what_the_study_recommends(themes_data):
    recommended = [(theme_id, a) for theme_id, a in actions(themes_data) if a["basis"] == "study_recommends"]
    assert recommended
    for theme_id, action in recommended:
        text = normalise(action["text"])
        assert action["aimed_at"] == "national", f"{theme_id}: the study recommends nothing to partnerships: {text!r}"
        assert any(named_by in text.lower() for _, named_by in RECOMMENDATIONS), (
            f"{theme_id}: {text!r} names none of the study's own recommendations"
        )
    named = {n for _, a in recommended for _, n in RECOMMENDATIONS if n in normalise(a["text"]).lower()}
    assert named == {named_by for _, named_by in RECOMMENDATIONS}, "a recommendation of the study has no action"


def test_the_strategic_context_plea_is_an_interviewees_not_the_studys_recommendation(themes_data, study):
    # An area leader's words in the study, not the study's own advice.
    assert "set the strategic context, give us the money" in study
    plea = [(theme_id, a) for theme_id, a in actions(themes_data) if "strategic context" in a["text"]]
    assert plea
    for theme_id, action in plea:
        assert action["basis"] == "study_implies", theme_id
    for theme_id, action in actions(themes_data):
        if action["basis"] == "study_recommends":
            text = normalise(action["text"]).lower()
            assert "strategic context" not in text and "freedom" not in text, theme_id


def test_most_partnership_actions_are_selfassess_advice(themes_data):
    partnership = [a for _, a in actions(themes_data) if a["aimed_at"] == "partnership"]
    suggested = [a for a in partnership if a["basis"] == "selfassess_suggests"]
    assert len(suggested) > len(partnership) / 2


# --- the study block ----------------------------------------------------------------------------


def test_limitations_name_the_design_the_sample_and_our_descriptors(themes_data):
    limitations = [normalise(s) for s in themes_data["study"]["limitations"]]
    assert len(limitations) == 3
    design, sample, ours = limitations
    for words in ("cross-sectional", "one-off", "public officials", "people who use services", "carers", "community"):
        assert words in design, words
    for words in (
        "8 of",
        "31",
        "purposively",
        "geographical spread",
        "deprivation",
        "rural",
        "convenience",
        "snowball",
    ):
        assert words in sample, words
    assert "selfassess's, not the study's" in ours
    assert "level descriptors" in ours and "validate" in ours


def test_the_institution_claims_nothing_the_study_does_not_give(themes_data, study):
    block = themes_data["study"]
    institution = block["institution"]
    assert "University of the West of Scotland" not in institution
    assert "universit" not in study.lower()
    # With the study's contact address taken out, every word is the study's own.
    rest = institution.replace(block["contact"], "")
    assert block["contact"] in study
    words = set(re.findall(r"[A-Za-z]{2,}", study.lower()))
    for word in re.findall(r"[A-Za-z]{2,}", rest):
        assert word.lower() in words | {"contact"}, f"{word!r} is not in the study"


def test_the_header_says_the_study_gives_themes_not_scores():
    header = normalise(
        " ".join(line.lstrip("# ") for line in THEMES.read_text(encoding="utf-8").splitlines() if line.startswith("#"))
    )
    assert "benchmarks against" not in header
    assert "themes, not scores" in header
    assert "thresholds" in header and "selfassess's own" in header


# --- themes --------------------------------------------------------------------------------------


def test_thresholds_use_the_new_keys(themes_data):
    for theme in themes_data["themes"]:
        assert theme["thresholds"] == {"gap_at_most": 2.5, "strength_above": 3.5}, theme["id"]
    text = THEMES.read_text(encoding="utf-8")
    assert "gap_below" not in text and "strength_from" not in text


# Where the study puts each theme's finding: its meso (partnership-area) and
# macro (national) findings, its evidence review, its policy documents, or its
# Summary, which for these themes speaks of partnership areas.
LEVELS = {
    "shared-meaning": "meso",  # meso 1
    "plain-language": "meso",  # meso 1
    "improvement-methods": "meso",  # meso 2
    "pace-of-change": "meso",  # meso 2
    "capacity-and-priorities": "meso",  # meso 2
    "spreading-across-the-system": "meso",  # meso 2
    "leading-without-authority": "meso",  # meso 3, systemic challenges
    "joined-up-systems": "meso",  # meso 3
    "national-direction-and-funding": "meso",  # meso 3
    "health-inequalities": "meso",  # meso 3
    "cluttered-national-support": "macro",
    "leadership-qualities-and-skills": "macro",
    "empowerment-and-trusted-partnering": "macro",
    "divergent-cultures": "meso",  # meso 3: "between the NHS and local government, as well as divergent cultures"
    "real-involvement-or-surface-engagement": "evidence-review",
    "policy-signals-without-guidance": "policy",
    "risk-averse-accountability": "meso",  # Summary: accountability resting with Chief Officers in HSCPs
    "evaluating-co-production": "meso",  # Summary: HSCP areas' capacity to evaluate
}


def test_each_theme_sits_at_the_level_the_study_puts_it(themes_data):
    assert {t["id"]: t["level"] for t in themes_data["themes"]} == LEVELS


def test_the_his_finding_sits_with_the_meso_themes(themes_data, study):
    # The study lists it under the meso findings (section 2, improvement methods).
    meso = study[study.index("Dominant themes – *meso* perspectives") : study.index("Dominant themes – *macro*")]
    assert "Positive views were expressed about the role of Healthcare Improvement Scotland" in meso
    holding = [t for t in themes_data["themes"] if "Healthcare Improvement Scotland" in t["finding"]]
    assert [t["id"] for t in holding] == ["improvement-methods"]
    assert all(t["level"] == "meso" for t in holding)


def test_kinds_match_the_titles(themes_data):
    kinds = {t["id"]: t["kind"] for t in themes_data["themes"]}
    assert kinds["leadership-qualities-and-skills"] == kinds["empowerment-and-trusted-partnering"] == "facilitator"
    assert {i for i, k in kinds.items() if k == "tension"} == {
        "improvement-methods",
        "pace-of-change",
        "leading-without-authority",
        "real-involvement-or-surface-engagement",
    }
