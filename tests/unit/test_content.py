"""The real questionnaire and study-themes files follow the issue's content rules,
and every quote is verbatim from the study (shared/study/, beside the repository)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from selfassess.questionnaire import load
from tests.study import THEMES, normalise

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRE = ROOT / "questionnaires" / "co-production-maturity.yaml"

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")


@pytest.fixture(scope="module")
def questionnaire_data():
    return yaml.safe_load(QUESTIONNAIRE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def quotes(themes_data):
    return [(theme["id"], quote) for theme in themes_data["themes"] for quote in theme.get("quotes") or []]


# --- the questionnaire ----------------------------------------------------------------------


def test_the_real_files_load():
    q = load(QUESTIONNAIRE)
    assert q.study.themes


def test_perspectives(questionnaire_data):
    assert [p["id"] for p in questionnaire_data["perspectives"]] == [
        "nhs",
        "local_authority",
        "third_sector",
        "independent_sector",
        "lived_experience",
        "community",
    ]


def test_scale(questionnaire_data):
    scale = questionnaire_data["scale"]
    assert [level["value"] for level in scale] == [1, 2, 3, 4]
    assert [level["min_score"] for level in scale] == [1.0, 1.5, 2.5, 3.5]


def test_scoring_settings(questionnaire_data):
    assert questionnaire_data["scoring"] == {
        "min_answers": 3,
        "min_coverage": 0.5,
        "disagreement": {"distance": 2, "share": 0.25},
        "priorities": 3,
    }


def test_domains_in_order_with_five_to_seven_indicators(questionnaire_data):
    domains = questionnaire_data["domains"]
    assert [d["id"] for d in domains] == ["leadership", "capacity", "systems", "culture", "evaluation"]
    for domain in domains:
        assert 5 <= len(domain["indicators"]) <= 7, domain["id"]


def test_version_is_semver(questionnaire_data):
    assert isinstance(questionnaire_data["version"], str)
    assert SEMVER.match(questionnaire_data["version"])


# --- the themes ----------------------------------------------------------------------------------


def test_twelve_to_eighteen_themes_with_known_levels_and_kinds(themes_data):
    themes = themes_data["themes"]
    assert 12 <= len(themes) <= 18
    for theme in themes:
        assert theme["level"] in {"meso", "macro", "evidence-review", "policy"}, theme["id"]
        assert theme["kind"] in {"barrier", "facilitator", "tension"}, theme["id"]


def test_every_theme_is_linked_from_an_indicator(questionnaire_data, themes_data):
    linked = {t for d in questionnaire_data["domains"] for i in d["indicators"] for t in i["themes"]}
    assert {t["id"] for t in themes_data["themes"]} <= linked


def test_every_quote_is_verbatim_from_the_study(quotes, study):
    assert quotes
    for theme_id, quote in quotes:
        text = normalise(quote["text"])
        position = 0
        for fragment in (f.strip() for f in text.split("...")):
            if not fragment:
                continue
            found = study.find(fragment, position)
            assert found >= 0, f"{theme_id}: not in the study (after what came before): {fragment!r}"
            position = found + len(fragment)


@pytest.mark.parametrize(
    "phrase",
    [
        "leadership without authority",
        "a bit of a verb",
        "two levels",
        "eyes glaze over",
        "exploring and finding out",
        "18 months",
        "upscale across the system",
        "health visitor",
    ],
)
def test_each_quoted_passage_of_the_study_is_used(phrase, quotes, study):
    assert phrase in study
    assert any(phrase in normalise(quote["text"]) for _, quote in quotes), f"no quote uses the passage with {phrase!r}"


SPEAKER = re.compile(
    r"\b(mr|mrs|ms|miss|dr|prof|professor|interviewee|respondent|participant|chief officer|director|manager|"
    r"said|says|connolly|john)\b",
    re.IGNORECASE,
)


def test_no_quote_source_names_a_speaker(quotes, study):
    for theme_id, quote in quotes:
        source = normalise(quote["source"])
        assert not SPEAKER.search(source), f"{theme_id}: the source names a speaker: {source!r}"
        # a quoted heading in a source is a heading of the study, not a person
        for heading in re.findall(r'"([^"]+)"', source):
            assert heading in study, f"{theme_id}: {heading!r} is not in the study"


def test_the_study_block(themes_data):
    study_block = themes_data["study"]
    for key in ("title", "programme", "institution", "contact"):
        assert study_block.get(key), key
    assert not {"author", "authors", "year", "date"} & set(study_block)


# --- both files -------------------------------------------------------------------------------------

AMERICAN = [
    r"organiz",
    r"prioritiz",
    r"behavior",
    r"\bcolor",
    r"\bcenter",
    r"recogniz",
    r"realiz",
    r"emphasiz",
    r"minimiz",
    r"summariz",
    r"utiliz",
    r"\bfavor",
    r"\bhonor",
    r"\blabor\b",
    r"\bprogram(s|med|ming)?\b",
]


@pytest.mark.parametrize("path", [QUESTIONNAIRE, THEMES], ids=["questionnaire", "themes"])
@pytest.mark.parametrize("pattern", AMERICAN)
def test_british_spelling(path, pattern):
    text = path.read_text(encoding="utf-8")
    match = re.search(pattern, text, re.IGNORECASE)
    assert match is None, f"American spelling in {path.name}: {text[max(0, match.start() - 30) : match.end() + 30]!r}"


@pytest.mark.parametrize("path", [QUESTIONNAIRE, THEMES], ids=["questionnaire", "themes"])
def test_no_ijb(path):
    text = path.read_text(encoding="utf-8")
    assert "IJB" not in text
    assert "integration joint board" not in text.lower()
