"""``selfassess score --questionnaire PATH --responses PATH``: the result as JSON on
stdout for a good responses file; for bad input, exit 2 with ONE line on stderr
and nothing on stdout."""

from __future__ import annotations

import json

import pytest

from tests.builders import (
    domain_answers,
    questionnaire_dict,
    respondent,
    responses_json,
    run_selfassess,
    run_selfassess_many,
    write_questionnaire,
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("score")


@pytest.fixture(scope="module")
def questionnaire(folder):
    # alpha.i1 weighs 2; alpha.i2 cannot be answered "na"; themes linked in turn:
    # theme-a: alpha.i1, alpha.i4, beta.i2, beta.i5; theme-b: alpha.i2, alpha.i5, beta.i3;
    # theme-c: alpha.i3, beta.i1, beta.i4
    q = questionnaire_dict(weights={"alpha.i1": 2}, allow_na={"alpha.i2": False})
    return write_questionnaire(folder, q)


GOOD = responses_json(
    [
        respondent(
            "r1", "nhs", {**domain_answers("alpha", 4, 3, 2, "dont_know", "na"), **domain_answers("beta", 3, 3)}
        ),
        respondent("r2", "community", {**domain_answers("alpha", 2, 3, 2), **domain_answers("beta", 1, "na")}),
        respondent("r3", None, {"alpha.i1": 3}),
    ],
    agreed={"beta.i2": 2},
)


def test_score_prints_the_result_as_json(questionnaire, folder):
    (folder / "good.json").write_text(GOOD, encoding="utf-8")
    result = run_selfassess("score", "--questionnaire", questionnaire, "--responses", folder / "good.json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)

    assert {"questionnaire", "overall", "domains", "indicators", "themes", "priorities", "perspectives"} <= set(data)
    assert data["questionnaire"] == {"id": "test-questionnaire", "version": "1.0.0"}

    indicators = {i["id"]: i for i in data["indicators"]}
    assert [i["id"] for i in data["indicators"]][:3] == ["alpha.i1", "alpha.i2", "alpha.i3"]

    def fields(indicator_id):
        i = indicators[indicator_id]
        return (i["domain"], i["score"], i["n"], i["spread"], i["disagreement"], i["status"], i["agreed"])

    # alpha.i1: 4, 2, 3 -> median 3, spread 2 = threshold
    assert fields("alpha.i1") == ("alpha", 3.0, 3, 2, True, "answered", False)
    assert fields("alpha.i2") == ("alpha", 3.0, 2, 0, False, "answered", False)
    assert fields("alpha.i3") == ("alpha", 2.0, 2, 0, False, "answered", False)
    assert fields("alpha.i4") == ("alpha", None, 0, None, False, "unanswered", False)
    assert fields("alpha.i5") == ("alpha", None, 0, None, False, "not_applicable", False)
    # beta.i1: 3, 1 -> median 2, spread 2
    assert fields("beta.i1") == ("beta", 2.0, 2, 2, True, "answered", False)
    # beta.i2: 3 and "na", agreed 2
    assert fields("beta.i2") == ("beta", 2.0, 1, 0, False, "answered", True)
    assert fields("beta.i3") == ("beta", None, 0, None, False, "unanswered", False)

    domains = {d["id"]: d for d in data["domains"]}
    assert [d["id"] for d in data["domains"]] == ["alpha", "beta"]
    # alpha: A = 2 + 1 + 1 = 4, C = 4 + 1 (i4) = 5; (2*3 + 3 + 2) / 4 = 11 / 4
    assert domains["alpha"] == {
        **domains["alpha"],
        "coverage": 0.8,
        "score": 2.75,
        "stage": "Established",
        "insufficient": False,
    }
    # beta: A = 2, C = 2 + 3 = 5: coverage 0.4 < 0.5
    assert domains["beta"] == {**domains["beta"], "coverage": 0.4, "score": None, "stage": None, "insufficient": True}
    assert data["overall"] == {**data["overall"], "score": 2.75, "stage": "Established", "complete": False}

    themes = {t["id"]: (t["score"], t["status"]) for t in data["themes"]}
    assert [t["id"] for t in data["themes"]] == ["theme-a", "theme-b", "theme-c"]
    # theme-a: alpha.i1 (weight 2, 3) and beta.i2 (2): (6 + 2) / 3 = 8 / 3
    assert themes == {"theme-a": (8 / 3, "partial"), "theme-b": (3.0, "partial"), "theme-c": (2.0, "gap")}

    # answered: alpha.i1 3, alpha.i2 3, alpha.i3 2, beta.i1 2, beta.i2 2
    assert data["priorities"] == ["alpha.i3", "beta.i1", "beta.i2"]

    assert data["perspectives"] == {
        # r1 alone: alpha (2*4 + 3 + 2) / 4 = 13 / 4, coverage 4 / 5; beta coverage 2 / 5 (agreed ignored)
        "nhs": {"alpha": 3.25, "beta": None},
        # r2 alone: alpha (2*2 + 3 + 2) / 4 = 9 / 4, coverage 4 / 6; beta coverage 1 / 4
        "community": {"alpha": 2.25, "beta": None},
    }


def test_score_reads_responses_from_stdin(questionnaire, folder):
    (folder / "good.json").write_text(GOOD, encoding="utf-8")
    from_file = run_selfassess("score", "--questionnaire", questionnaire, "--responses", folder / "good.json")
    from_stdin = run_selfassess("score", "--questionnaire", questionnaire, "--responses", "-", stdin=GOOD)
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert json.loads(from_stdin.stdout) == json.loads(from_file.stdout)


def test_score_with_no_respondents(questionnaire, folder):
    (folder / "none.json").write_text('{"respondents": []}', encoding="utf-8")
    result = run_selfassess("score", "--questionnaire", questionnaire, "--responses", folder / "none.json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["overall"] == {**data["overall"], "score": None, "stage": None, "complete": False}
    assert (data["priorities"], data["perspectives"]) == ([], {})


# --- bad input ------------------------------------------------------------------------------------


def responses(answers=None, *, agreed=None, **respondent_fields):
    """A responses file with one respondent r1 answering ``answers``."""
    item = {"id": "r1", **respondent_fields}
    if answers is not None:
        item["answers"] = answers
    data = {"respondents": [item]}
    if agreed is not None:
        data["agreed"] = agreed
    return json.dumps(data)


# name -> (file text, words the one-line message should contain)
BAD = {
    "malformed-json": ('{"respondents": [', ["json"]),
    "empty-file": ("", ["json"]),
    "not-an-object": ("[]", []),
    "null-answer": (responses({"alpha.i1": None}), ["alpha.i1"]),
    "float-answer": (responses({"alpha.i1": 3.0}), ["alpha.i1"]),
    "string-answer": (responses({"alpha.i1": "three"}), ["alpha.i1"]),
    "other-string-answer": (responses({"alpha.i1": "Don't know"}), ["alpha.i1"]),
    "boolean-answer": (responses({"alpha.i1": True}), ["alpha.i1"]),
    "answer-above-the-scale": (responses({"alpha.i1": 5}), ["alpha.i1", "5"]),
    "answer-below-the-scale": (responses({"alpha.i1": 0}), ["alpha.i1", "0"]),
    "unknown-indicator": (responses({"alpha.i9": 3}), ["alpha.i9"]),
    "unknown-domain": (responses({"gamma.i1": 3}), ["gamma.i1"]),
    "na-not-allowed": (responses({"alpha.i2": "na"}), ["alpha.i2"]),
    "unknown-perspective": (responses({"alpha.i1": 3}, perspective="nhs_scotland"), ["nhs_scotland"]),
    "duplicate-respondent-ids": (
        json.dumps({"respondents": [{"id": "r1", "answers": {}}, {"id": "r1", "answers": {"alpha.i1": 2}}]}),
        ["r1"],
    ),
    "respondent-without-answers": (responses(None, perspective="nhs"), ["r1", "answers"]),
    "answers-not-an-object": (responses([3, 4]), ["r1", "answers"]),
    "agreed-unknown-indicator": (responses({}, agreed={"alpha.i9": 3}), ["alpha.i9"]),
    "agreed-dont-know": (responses({}, agreed={"alpha.i1": "dont_know"}), ["alpha.i1", "dont_know"]),
    "agreed-above-the-scale": (responses({}, agreed={"alpha.i1": 5}), ["alpha.i1", "5"]),
    "agreed-na-not-allowed": (responses({}, agreed={"alpha.i2": "na"}), ["alpha.i2"]),
    "agreed-null": (responses({}, agreed={"alpha.i1": None}), ["alpha.i1"]),
    "agreed-float": (responses({}, agreed={"alpha.i1": 2.0}), ["alpha.i1"]),
    # a value far off the scale: a whole number of 5000 digits
    "answer-with-5000-digits": (responses({"alpha.i1": 0}).replace(": 0}", ": " + "9" * 5000 + "}"), []),
    # valid JSON, but nested far deeper than any responses file
    "deeply-nested-json": ("[" * 100_000 + "]" * 100_000, []),
}


@pytest.fixture(scope="module")
def bad_results(questionnaire, folder):
    commands = {}
    for name, (text, _) in BAD.items():
        path = folder / f"{name}.json"
        path.write_text(text, encoding="utf-8")
        commands[name] = ["score", "--questionnaire", questionnaire, "--responses", path]
    return run_selfassess_many(commands)


def assert_one_line_refusal(result):
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.strip()


@pytest.mark.parametrize("name", list(BAD))
def test_bad_responses_are_refused_in_one_line(name, bad_results):
    result = bad_results[name]
    assert_one_line_refusal(result)
    assert f"{name}.json" in result.stderr  # the message names the file
    for word in BAD[name][1]:
        assert word.lower() in result.stderr.lower()


def test_bad_responses_on_stdin_are_refused_in_one_line(questionnaire):
    result = run_selfassess("score", "--questionnaire", questionnaire, "--responses", "-", stdin='{"respondents": 3}')
    assert_one_line_refusal(result)


@pytest.mark.parametrize(
    "text",
    [
        '{"respondents": [], "odd\\nkey": 1}',
        '{"respondents": [{"id": "r1", "answers": {}, "odd\\nkey": 1}]}',
    ],
    ids=["top-level", "respondent"],
)
def test_a_refusal_is_one_line_even_when_the_input_has_a_line_break_in_a_key(text, questionnaire, tmp_path):
    # whether extra keys are allowed is not for this test; if refused, in one line
    path = tmp_path / "odd-key.json"
    path.write_text(text, encoding="utf-8")
    result = run_selfassess("score", "--questionnaire", questionnaire, "--responses", path)
    assert "Traceback" not in result.stdout + result.stderr
    if result.returncode != 0:
        assert_one_line_refusal(result)


def test_a_responses_file_that_does_not_exist(questionnaire, tmp_path):
    result = run_selfassess("score", "--questionnaire", questionnaire, "--responses", tmp_path / "nowhere.json")
    assert_one_line_refusal(result)
    assert "nowhere.json" in result.stderr


def test_a_broken_questionnaire_is_refused_in_one_line(tmp_path):
    q = questionnaire_dict(weights={"alpha.i1": 1})
    q["domains"][0]["indicators"][0]["weight"] = 0
    del q["domains"][0]["indicators"][1]["question"]
    path = write_questionnaire(tmp_path, q)
    (tmp_path / "good.json").write_text(GOOD, encoding="utf-8")
    result = run_selfassess("score", "--questionnaire", path, "--responses", tmp_path / "good.json")
    assert_one_line_refusal(result)
    assert "questionnaire.yaml" in result.stderr


def test_the_message_for_a_bad_agreed_value_does_not_offer_dont_know(bad_results):
    # "dont_know" is never a valid agreed value, so the message must not suggest it
    for name in ("agreed-null", "agreed-float"):
        assert "dont_know" not in bad_results[name].stderr, bad_results[name].stderr
