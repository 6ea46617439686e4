"""``selfassess check`` and ``selfassess.questionnaire.check()`` on the corpus of
broken files in tests/data/check/ (each breaks ONE thing, named by the file and
described in its first line), on the real questionnaire and on odd inputs.

Every problem is one line, ``FILE:LINE: dotted.path: what is wrong``, never a
traceback, and the command exits 2 when there is any problem.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from selfassess.questionnaire import check
from tests.builders import run_selfassess, run_selfassess_many, write_questionnaire

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "check"
REAL = ROOT / "questionnaires" / "co-production-maturity.yaml"
REAL_THEMES = ROOT / "questionnaires" / "themes" / "siscc-study.yaml"
VALID = {"ok.yaml", "themes.yaml", "unlinked-theme.themes.yaml"}


@dataclass(frozen=True)
class Broken:
    file: str  # the file checked
    line: int | None  # the YAML line the problem is on (None: the whole file)
    path: str  # the dotted path of the problem ("" for the whole file)
    words: tuple[str, ...]  # words a person needs to see in the message (case-insensitive)
    reported_in: str | None = None  # the file the problem is in, when not the one checked

    @property
    def where(self) -> str:
        return self.reported_in or self.file


IND = "domains.0.indicators.0"
CASES = [
    Broken("syntax-error.yaml", 5, "", ("not valid yaml",)),
    Broken("empty.yaml", None, "", ("empty",)),
    Broken("not-a-mapping.yaml", 1, "", ("mapping",)),
    Broken("neither.yaml", 1, "", ("neither", "questionnaire", "themes")),
    Broken("wrong-type-weight.yaml", 25, f"{IND}.weight", ("whole number", "'2'")),
    Broken("fractional-weight.yaml", 25, f"{IND}.weight", ("whole number", "1.5")),
    Broken("zero-weight.yaml", 25, f"{IND}.weight", ("weight", "1 or more")),
    Broken("negative-weight.yaml", 25, f"{IND}.weight", ("weight", "1 or more", "-1")),
    Broken("zero-domain-weight.yaml", 18, "domains.0.weight", ("weight", "1 or more")),
    Broken("missing-key-question.yaml", 20, f"{IND}.question", ("missing",)),
    Broken("missing-key-title.yaml", 2, "title", ("missing",)),
    Broken("duplicate-indicator-id.yaml", 29, "domains.0.indicators.1.id", ("duplicate", "indicator", "alpha.a")),
    Broken("indicator-outside-its-domain.yaml", 29, "domains.0.indicators.1.id", ("beta.b", "domain id")),
    Broken("duplicate-domain-id.yaml", 33, "domains.1.id", ("duplicate", "domain", "alpha")),
    Broken("duplicate-perspective-id.yaml", 9, "perspectives.1.id", ("duplicate", "perspective", "nhs")),
    Broken("duplicate-yaml-key.yaml", 23, f"{IND}.title", ("duplicate", "title")),
    Broken("unknown-theme.yaml", 27, f"{IND}.themes.1", ("unknown theme", "no-such-theme")),
    Broken("unlinked-theme.yaml", 12, "themes.2.id", ("three", "not linked"), "unlinked-theme.themes.yaml"),
    Broken("missing-themes-file.yaml", 6, "themes", ("not found",)),
    Broken("no-themes-key.yaml", 2, "themes", ("missing", "themes file")),
    Broken("missing-level-descriptor.yaml", 24, f"{IND}.levels", ("no descriptor", "2")),
    Broken("extra-level-descriptor.yaml", 24, f"{IND}.levels", ("descriptor", "3", "scale")),
    Broken("level-key-as-string.yaml", 24, f"{IND}.levels.1", ("whole number",)),
    Broken("scale-not-increasing.yaml", 10, "scale", ("scale values", "increasing")),
    Broken("min-score-not-increasing.yaml", 10, "scale", ("min_score", "increasing")),
    Broken("scale-not-consecutive.yaml", 10, "scale", ("consecutive", "3 follows 1")),
    Broken("asked-of-unknown-perspective.yaml", 29, f"{IND}.asked_of.1", ("unknown perspective", "carers")),
    Broken("min-answers-zero.yaml", 13, "scoring.min_answers", ("0", "greater than or equal to 1")),
    Broken("disagreement-share-zero.yaml", 13, "scoring.disagreement.share", ("0", "greater than 0")),
    Broken("bad-semver.yaml", 3, "version", ("semantic versioning", "1.0")),
    Broken("version-as-number.yaml", 3, "version", ("text", "1.0")),
    Broken("min-coverage-above-one.yaml", 13, "scoring.min_coverage", ("1.5", "less than or equal to 1")),
    Broken("allow-na-not-boolean.yaml", 26, f"{IND}.allow_na", ("true or false", "sometimes")),
    Broken("too-few-indicators.yaml", 19, "domains.0.indicators", ("at least 5",)),
    Broken(
        "broken-themes-file.yaml",
        10,
        "themes.0.thresholds",
        ("out of order", "gap_at_most", "strength_above"),
        "thresholds-out-of-order.yaml",
    ),
    Broken(
        "thresholds-out-of-order.yaml", 10, "themes.0.thresholds", ("out of order", "gap_at_most", "strength_above")
    ),
    Broken("duplicate-theme-id.yaml", 11, "themes.1.id", ("duplicate", "theme", "one")),
    Broken("bad-theme-level.yaml", 6, "themes.0.level", ("national", "meso", "policy")),
    Broken("theme-without-actions.yaml", 9, "themes.0.actions", ("at least 1",)),
    # YAML that composes but is not plain data
    Broken("complex-key.yaml", 7, "", ("key",)),
    Broken("recursive-alias.yaml", 7, "loop.0", ("alias", "itself")),
]
IDS = [case.file for case in CASES]


@pytest.fixture(scope="module")
def cli_results():
    """``selfassess check FILE`` for every corpus file, run from the corpus folder."""
    return run_selfassess_many({case.file: ["check", case.file] for case in CASES}, cwd=CORPUS)


def problem_line_matches(line: str, case: Broken) -> None:
    place = f"{case.where}:{case.line}: " if case.line else f"{case.where}: "
    assert line.startswith(place), f"expected the line to start with {place!r}: {line!r}"
    if case.path:
        assert f": {case.path}: " in line, f"expected the dotted path {case.path!r} in {line!r}"
    for word in case.words:
        assert word.lower() in line.lower(), f"expected {word!r} in {line!r}"


def test_the_corpus_is_complete():
    files = {p.name for p in CORPUS.glob("*.yaml")}
    assert files == set(IDS) | VALID
    assert len(IDS) == len(set(IDS))


@pytest.mark.parametrize("name", sorted(VALID))
def test_the_valid_files_of_the_corpus_check_ok(name):
    assert check(CORPUS / name) == []


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_check_command_on_a_broken_file(case, cli_results):
    result = cli_results[case.file]
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode == 2, output
    lines = output.splitlines()
    assert len(lines) == 1, f"one problem, one line: {output!r}"
    problem_line_matches(lines[0], case)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_check_function_on_a_broken_file(case):
    problems = check(CORPUS / case.file)
    assert len(problems) == 1, problems
    [problem] = problems
    assert Path(problem.file) == CORPUS / case.where
    assert problem.line == case.line
    assert ".".join(str(part) for part in problem.path) == case.path
    for word in case.words:
        assert word.lower() in problem.message.lower()
    assert "\n" not in str(problem)
    problem_line_matches(str(problem).replace(str(CORPUS) + "/", ""), case)


# --- the real files ---------------------------------------------------------------------------------


def test_the_real_questionnaire_checks_ok():
    result = run_selfassess("check", REAL)
    assert (result.returncode, result.stdout, result.stderr) == (0, "OK\n", "")
    assert check(REAL) == []


def test_the_real_themes_file_checks_ok_on_its_own():
    assert check(REAL_THEMES) == []


def test_a_questionnaire_built_by_the_test_builders_checks_ok(tmp_path):
    path = write_questionnaire(tmp_path)
    assert check(path) == []
    assert run_selfassess("check", path).stdout == "OK\n"


# --- several files, missing files, odd files -----------------------------------------------------------


def test_several_good_files_at_once():
    result = run_selfassess("check", REAL, "ok.yaml", "themes.yaml", cwd=CORPUS)
    assert (result.returncode, result.stdout) == (0, "OK\n")


def test_several_files_at_once_report_every_problem_in_order():
    result = run_selfassess("check", "ok.yaml", "zero-weight.yaml", "empty.yaml", "no-such-file.yaml", cwd=CORPUS)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    lines = (result.stdout + result.stderr).splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("zero-weight.yaml:25: ")
    assert lines[1].startswith("empty.yaml: ")
    assert lines[2].startswith("no-such-file.yaml: ")
    assert "OK" not in lines


def test_a_file_that_does_not_exist(tmp_path):
    missing = tmp_path / "nowhere.yaml"
    result = run_selfassess("check", missing)
    output = result.stdout + result.stderr
    assert result.returncode == 2
    assert "Traceback" not in output
    [line] = output.splitlines()
    assert line.startswith(f"{missing}: ")
    assert "not found" in line
    [problem] = check(missing)
    assert (problem.file, problem.line) == (str(missing), None)
    assert "not found" in problem.message


def test_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Caf\xe9\n".encode("latin-1"))
    result = run_selfassess("check", path)
    output = result.stdout + result.stderr
    assert result.returncode == 2
    assert "Traceback" not in output
    [line] = output.splitlines()
    assert line.startswith(f"{path}: ")
    assert "UTF-8" in line


def test_one_line_for_each_problem_in_one_file(tmp_path):
    shutil.copy(CORPUS / "themes.yaml", tmp_path)
    text = (CORPUS / "ok.yaml").read_text(encoding="utf-8")
    text = text.replace("        weight: 1\n", "        weight: 0\n").replace("        question: Is A in place?\n", "")
    (tmp_path / "two-problems.yaml").write_text(text, encoding="utf-8")
    result = run_selfassess("check", "two-problems.yaml", cwd=tmp_path)
    assert result.returncode == 2
    lines = (result.stdout + result.stderr).splitlines()
    assert len(lines) == 2
    assert any(": domains.0.indicators.0.question: " in line and "missing" in line for line in lines)
    assert any(": domains.0.indicators.0.weight: " in line and "1 or more" in line for line in lines)
    assert len(check(tmp_path / "two-problems.yaml")) == 2


def test_a_hexadecimal_level_key_never_gives_a_traceback(tmp_path):
    # YAML 1.1 reads 0x1 as the integer 1: whatever check decides, it must say so in one line
    shutil.copy(CORPUS / "themes.yaml", tmp_path)
    text = (CORPUS / "ok.yaml").read_text(encoding="utf-8").replace("levels: {1: No A.,", "levels: {0x1: No A.,")
    (tmp_path / "hex.yaml").write_text(text, encoding="utf-8")
    result = run_selfassess("check", "hex.yaml", cwd=tmp_path)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode in (0, 2)
    assert len(output.splitlines()) == 1
