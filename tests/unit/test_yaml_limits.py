"""Questionnaire and themes files that would exhaust the server are refused
with the usual one-line message, never a traceback (penetration test, issue
10, item 11): aliases that expand past a limit (the "billion laughs"),
nesting past a depth, files past a size, and a themes file outside the
questionnaires folder.

None of these is timed: each asserts the refusal and its message. That the
bomb's check returns at all shows its 10⁹ values were never built."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from selfassess.questionnaire import QuestionnaireError, check, limits, parse, read_files
from tests.builders import run_selfassess

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "check"
ARCHIVED = ROOT / "questionnaires" / "archive" / "co-production-maturity-1.0.0.yaml"


def billion_laughs() -> str:
    """Nine levels of ten aliases each: 10⁹ strings once expanded, in under 1 kB."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def deeply_nested(depth: int) -> str:
    return "deep: " + "[" * depth + "]" * depth + "\n"


def one_line(problems) -> str:
    assert len(problems) == 1, problems
    line = str(problems[0])
    assert "\n" not in line
    return line


# --- aliases ---------------------------------------------------------------------------------


def test_a_billion_laughs_file_is_refused(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(billion_laughs())
    line = one_line(check(bomb))
    assert line.startswith(f"{bomb}:")
    assert "aliases" in line and f"{limits.MAX_VALUES:,}" in line


def test_a_billion_laughs_text_stored_as_a_version_is_refused():
    themes = (CORPUS / "themes.yaml").read_text()
    with pytest.raises(QuestionnaireError) as refused:
        parse(billion_laughs(), themes, questionnaire_name="bomb.yaml")
    assert "aliases" in one_line(refused.value.problems)


def test_a_billion_laughs_themes_file_is_refused(tmp_path):
    shutil.copy(CORPUS / "ok.yaml", tmp_path / "ok.yaml")
    (tmp_path / "themes.yaml").write_text(billion_laughs())
    line = one_line(check(tmp_path / "ok.yaml"))
    assert line.startswith(f"{tmp_path / 'themes.yaml'}:")
    assert "aliases" in line


def test_a_few_aliases_are_still_allowed(tmp_path):
    levels = "levels: {1: No., 2: Yes.}"
    text = (CORPUS / "ok.yaml").read_text()
    assert text.count(levels) == 4
    text = text.replace(levels, "levels: &levels {1: No., 2: Yes.}", 1).replace(levels, "levels: *levels")
    shutil.copy(CORPUS / "themes.yaml", tmp_path / "themes.yaml")
    (tmp_path / "aliases.yaml").write_text(text)
    assert check(tmp_path / "aliases.yaml") == []


def test_a_loop_of_aliases_is_still_named(tmp_path):
    [problem] = check(CORPUS / "recursive-alias.yaml")
    assert (problem.line, problem.path, problem.message) == (7, ("loop", 0), "an alias refers to itself (a loop)")


# --- nesting ---------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [limits.MAX_DEPTH + 1, 5000])
def test_deep_nesting_is_refused_in_one_line(tmp_path, depth):
    deep = tmp_path / "deep.yaml"
    deep.write_text(deeply_nested(depth))
    line = one_line(check(deep))
    assert line.startswith(f"{deep}:1: ")
    assert f"nested more than {limits.MAX_DEPTH} levels deep" in line


def test_nesting_made_deep_by_aliases_is_refused(tmp_path):
    """Each alias adds 30 levels to the one before: the text is shallow, the data is not."""
    lines = ["l0: &l0 " + "[" * 30 + "]" * 30]
    for n in range(1, 5):
        lines.append(f"l{n}: &l{n} " + "[" * 29 + f"*l{n - 1}" + "]" * 29)
    deep = tmp_path / "deep-aliases.yaml"
    deep.write_text("\n".join(lines) + "\n")
    assert f"nested more than {limits.MAX_DEPTH} levels deep" in one_line(check(deep))


def test_nesting_within_the_limit_is_read(tmp_path):
    nested = tmp_path / "nested.yaml"
    nested.write_text(deeply_nested(limits.MAX_DEPTH - 2))
    assert "neither a questionnaire" in one_line(check(nested))  # read, then found to be neither file


# --- size ------------------------------------------------------------------------------------


def test_a_file_larger_than_the_cap_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text((CORPUS / "ok.yaml").read_text() + "#" * limits.MAX_BYTES + "\n")
    line = one_line(check(big))
    assert line.startswith(f"{big}: ")
    assert "larger than 1 MB" in line


def test_a_text_larger_than_the_cap_is_refused():
    themes = (CORPUS / "themes.yaml").read_text()
    with pytest.raises(QuestionnaireError) as refused:
        parse("#" * (limits.MAX_BYTES + 1), themes, questionnaire_name="big.yaml")
    assert "larger than 1 MB" in one_line(refused.value.problems)


def test_the_real_files_are_well_within_the_limits():
    for path in (ROOT / "questionnaires").rglob("*.yaml"):
        assert path.stat().st_size < limits.MAX_BYTES / 10, path


# --- the themes file stays in the questionnaires folder ------------------------------------------


@pytest.mark.parametrize("reference", ["/etc/passwd", "../../etc/passwd", "../outside/themes.yaml"])
def test_a_themes_file_outside_the_questionnaires_folder_is_refused(tmp_path, reference):
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (tmp_path / "outside").mkdir()
    shutil.copy(CORPUS / "themes.yaml", tmp_path / "outside" / "themes.yaml")  # a real, valid file
    path = folder / "escape.yaml"
    path.write_text((CORPUS / "ok.yaml").read_text().replace("themes: themes.yaml", f"themes: {reference}", 1))
    line = one_line(check(path))
    assert line.startswith(f"{path}:6: themes: ")
    assert "inside the questionnaires folder" in line
    assert reference in line
    assert "root:" not in line and "/bin/" not in line  # nothing of the file outside is shown
    with pytest.raises(QuestionnaireError):
        read_files(path)


def test_a_themes_reference_that_is_no_file_name_is_refused_in_one_line(tmp_path):
    path = tmp_path / "nul.yaml"
    path.write_text((CORPUS / "ok.yaml").read_text().replace("themes: themes.yaml", 'themes: "a\\0b"', 1))
    assert "is not a file name" in one_line(check(path))


def test_a_themes_file_in_a_sibling_folder_of_the_questionnaires_folder_is_read():
    """questionnaires/archive/*.yaml names ../themes/siscc-study.yaml: both are inside questionnaires/."""
    assert check(ARCHIVED) == []
    assert read_files(ARCHIVED).themes_name.endswith("themes/siscc-study.yaml")


def test_the_folder_given_as_the_root_bounds_the_themes_file(tmp_path):
    """An app's questionnaires folder need not be called questionnaires: it is given."""
    root = tmp_path / "deployed"
    (root / "archive").mkdir(parents=True)
    (root / "themes").mkdir()
    shutil.copy(CORPUS / "themes.yaml", root / "themes" / "themes.yaml")
    path = root / "archive" / "old.yaml"
    path.write_text((CORPUS / "ok.yaml").read_text().replace("themes: themes.yaml", "themes: ../themes/themes.yaml"))
    assert check(path, root=root) == []
    assert "inside the questionnaires folder" in one_line(check(path, root=root / "archive"))


# --- the command -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["bomb", "deep", "escape"])
def test_selfassess_check_prints_one_line_for_each_refusal(tmp_path, kind):
    text = {
        "bomb": billion_laughs(),
        "deep": deeply_nested(5000),
        "escape": (CORPUS / "ok.yaml").read_text().replace("themes: themes.yaml", "themes: /etc/passwd", 1),
    }[kind]
    (tmp_path / f"{kind}.yaml").write_text(text)
    result = run_selfassess("check", f"{kind}.yaml", cwd=tmp_path)
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "Error" not in output, output[:2000]
    assert result.returncode == 2
    [line] = output.splitlines()
    assert line.startswith(f"{kind}.yaml:")
