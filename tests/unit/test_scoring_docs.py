"""docs/scoring.md says what the engine does: its worked example is the
example in tests/data/scoring/ (the same answers, person by person), and every
figure, stage and status it prints is what ``selfassess score`` prints for it.
The numbers are read from the page's tables and bold figures, so a change to
either the page or the engine that makes them disagree fails here. The settings
table gives the schema's defaults, and the scale table the scale's bands."""

from __future__ import annotations

import itertools
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from selfassess import scoring
from selfassess.questionnaire import load
from selfassess.questionnaire.schema import Scoring, Thresholds
from tests.builders import run_selfassess

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
DATA = ROOT / "tests" / "data" / "scoring"
EXAMPLE = load(DATA / "questionnaire.yaml")
RESPONSES = json.loads((DATA / "responses.json").read_text(encoding="utf-8"))

CELL = {"DK": "dont_know", "N/A": "na"}
STATUS = {
    "answered": ("answered", False),
    "answered, views differ": ("answered", True),
    "too few answers": ("too_few", False),
    "not applicable": ("not_applicable", False),
    "unanswered": ("unanswered", False),
    "not asked": ("not_asked", False),
}
THEME_STATUS = {"gap": "gap", "partial": "partial", "strength": "strength", "not enough answers to say": "no_evidence"}


def section(heading: str) -> str:
    """The text under a ``## heading``, up to the next one."""
    start = DOC.index(f"\n## {heading}\n")
    end = DOC.find("\n## ", start + 1)
    return DOC[start : end if end != -1 else len(DOC)]


def tables(text: str) -> list[list[dict[str, str]]]:
    """Every pipe table in ``text``: a list of rows, each header -> cell."""
    found, block = [], []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            block.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif block:
            header, rows = block[0], block[2:]
            found.append([dict(zip(header, row, strict=True)) for row in rows])
            block = []
    return found


def figure(text: str) -> Decimal | None:
    return None if text == "none" else Decimal(text)


def shown(value: float | None) -> Decimal | None:
    return None if value is None else scoring.truncate(value)


@pytest.fixture(scope="module")
def printed():
    result = run_selfassess(
        "score", "--questionnaire", DATA / "questionnaire.yaml", "--responses", DATA / "responses.json"
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def answers_table():
    return tables(section("A worked example"))[0]


def indicator_of(row):
    title, weight = re.fullmatch(r"(.+) \((\d+)\)", row["Question (weight)"]).groups()
    [indicator] = [i for i in EXAMPLE.indicators if i.title == title]
    assert indicator.weight == int(weight), title
    return indicator


def test_the_example_table_has_every_answer_of_the_responses_file():
    people = {r["id"]: r for r in RESPONSES["respondents"]}
    rows = answers_table()
    assert [indicator_of(row).id for row in rows] == [i.id for i in EXAMPLE.indicators]
    for row in rows:
        indicator = indicator_of(row)
        for letter, person in people.items():
            cell, given = row[letter], person["answers"].get(indicator.id)
            if cell == "not asked":
                assert not indicator.is_asked_of(person["perspective"]), (indicator.id, letter)
            elif cell == "-":
                assert given is None and indicator.is_asked_of(person["perspective"]), (indicator.id, letter)
            else:
                assert given == CELL.get(cell, int(cell) if cell.isdigit() else cell), (indicator.id, letter)
    agreed = {indicator_of(row).id for row in rows if "(agreed)" in row["Score"]}
    assert agreed == set(RESPONSES["agreed"])


def test_the_example_table_has_the_scores_selfassess_prints(printed):
    results = {i["id"]: i for i in printed["indicators"]}
    for row in answers_table():
        indicator = indicator_of(row)
        result = results[indicator.id]
        score = row["Score"].removesuffix(" (agreed)")
        assert figure(score) == shown(result["score"]), indicator.title
        assert result["agreed"] is row["Score"].endswith("(agreed)"), indicator.title
        assert figure(row["Spread"]) == (None if result["spread"] is None else Decimal(result["spread"]))
        assert STATUS[row["Status"]] == (result["status"], result["disagreement"]), indicator.title


def result_row(printed, name):
    """(figure, stage or status) that selfassess printed for a row of the results table."""
    titles = {d.title: d.id for d in EXAMPLE.domains}
    domains = {d["id"]: d for d in printed["domains"]}
    if match := re.fullmatch(r"Domain \*(.+)\*: (coverage|score)", name):
        domain = domains[titles[match[1]]]
        if match[2] == "coverage":
            return shown(domain["coverage"]), ""
        return shown(domain["score"]), domain["stage"]
    if name == "Overall":
        return shown(printed["overall"]["score"]), printed["overall"]["stage"]
    if name.startswith("Theme: "):
        [theme] = [t for t in EXAMPLE.study.themes if t.title == name.removeprefix("Theme: ")]
        [result] = [t for t in printed["themes"] if t["id"] == theme.id]
        return shown(result["score"]), result["status"]
    raise AssertionError(f"a row the test cannot check: {name!r}")


def test_the_results_table_is_what_selfassess_prints(printed):
    rows = tables(section("A worked example"))[1]
    titles = {i.id: i.title for i in EXAMPLE.indicators}
    themes = 0
    for row in rows:
        if row["Result"] == "Priorities":
            assert row["Figure"] == ""
            assert row["Stage or status"].split("; ") == [titles[p] for p in printed["priorities"]]
            continue
        expected_figure, expected_words = result_row(printed, row["Result"])
        assert figure(row["Figure"]) == expected_figure, row["Result"]
        words = row["Stage or status"]
        if row["Result"].startswith("Theme: "):
            themes += 1
            assert THEME_STATUS[words] == expected_words, row["Result"]
        else:
            assert words == (expected_words or ""), row["Result"]
    assert themes == len(EXAMPLE.study.themes)
    assert {row["Result"] for row in rows} >= {"Overall", "Priorities"}


def test_every_bold_figure_and_stage_of_the_example_is_printed(printed):
    text = section("A worked example")
    figures = {Decimal(f) for f in re.findall(r"\*\*(\d+(?:\.\d+)?)\*\*", text)}
    assert len(figures) >= 4, "the example's bullets give their results in bold"
    values = [i["score"] for i in printed["indicators"]] + [t["score"] for t in printed["themes"]]
    values += [d[key] for d in printed["domains"] for key in ("score", "coverage")]
    values.append(printed["overall"]["score"])
    printed_figures = {shown(v) for v in values if v is not None}
    assert figures <= printed_figures, sorted(figures - printed_figures)
    labels = {level.label for level in EXAMPLE.scale}
    bold_stages = set(re.findall(r"\*\*([A-Z][a-z ]+)\*\*", text)) & labels
    stages = {d["stage"] for d in printed["domains"]} | {printed["overall"]["stage"]}
    assert bold_stages and bold_stages <= stages
    # the perspectives: no group of fewer than 3 people has a score
    assert all(s is None for scores in printed["perspectives"].values() for s in scores.values())
    assert "No perspective has 3 people" in text


def test_the_example_uses_the_default_settings():
    assert EXAMPLE.scoring == Scoring()
    assert all(theme.thresholds == Thresholds() for theme in EXAMPLE.study.themes)


SETTINGS = {
    "`min_answers`": Scoring().min_answers,
    "`min_coverage`": Scoring().min_coverage,
    "`disagreement.distance`": Scoring().disagreement.distance,
    "`disagreement.share`": Scoring().disagreement.share,
    "`priorities`": Scoring().priorities,
    "theme `gap_at_most`": Thresholds().gap_at_most,
    "theme `strength_above`": Thresholds().strength_above,
}


def test_the_settings_table_gives_every_default():
    [rows] = tables(section("The settings"))
    assert {row["Setting"]: Decimal(row["Default"]) for row in rows} == {
        name: Decimal(repr(value)) for name, value in SETTINGS.items()
    }


def test_the_scale_table_gives_the_bands_of_the_stages():
    [rows] = tables(section("The scale"))
    scale = EXAMPLE.scale
    expected = [f"{scale[1].min_score:.2f} or below"]
    expected += [f"above {a.min_score:.2f}, up to {b.min_score:.2f}" for a, b in itertools.pairwise(scale[1:])]
    expected.append(f"above {scale[-1].min_score:.2f}")
    assert [(int(r["Level"]), r["Name"]) for r in rows] == [(level.value, level.label) for level in scale]
    assert [r["A score is at this stage when it is"] for r in rows] == expected


def test_the_page_names_the_method_and_dates_the_change():
    assert scoring.METHOD in DOC
    assert f"What changed from method 1, and why ({scoring.METHOD_SINCE})" in DOC
