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
    # alpha.i1 weighs 2; alpha.i2 cannot be answered "na"; beta.i4 is asked of local authority staff
    # only, beta.i5 of NHS staff only; themes linked in turn:
    # theme-a: alpha.i1, alpha.i4, beta.i2, beta.i5; theme-b: alpha.i2, alpha.i5, beta.i3;
    # theme-c: alpha.i3, beta.i1, beta.i4
    q = questionnaire_dict(
        weights={"alpha.i1": 2},
        allow_na={"alpha.i2": False},
        asked_of={"beta.i4": ["local_authority"], "beta.i5": ["nhs"]},
    )
    return write_questionnaire(folder, q)


# Six people: r1 to r3 NHS, r4 and r5 community, r6 third sector (None: left blank).
# Answers to alpha.i1 to alpha.i5, then to beta.i1 to beta.i5 (nobody is asked beta.i4).
DK, NA = "dont_know", "na"
ANSWERS = {
    "r1": ("nhs", (4, 3, 3, DK, NA), (3, 4, 1, None, 1)),
    "r2": ("nhs", (4, 2, NA, DK, NA), (3, 4, 1, None, DK)),
    "r3": ("nhs", (4, None, None, DK), (3, 4, 1)),
    "r4": ("community", (2, 3, NA, DK, 3), (2, 4)),
    "r5": ("community", (1, 2, DK, DK), ()),
    "r6": ("third_sector", (4, None, 3), ()),
}
AGREED = {"beta.i2": 2, "beta.i3": "na"}
GOOD = responses_json(
    [
        respondent(rid, perspective, {**domain_answers("alpha", *alpha), **domain_answers("beta", *beta)})
        for rid, (perspective, alpha, beta) in ANSWERS.items()
    ],
    agreed=AGREED,
)


@pytest.fixture(scope="module")
def output(questionnaire, folder):
    (folder / "good.json").write_text(GOOD, encoding="utf-8")
    result = run_selfassess("score", "--questionnaire", questionnaire, "--responses", folder / "good.json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_score_prints_the_result_as_json_naming_the_method(output):
    assert {"questionnaire", "overall", "domains", "indicators", "themes", "priorities", "perspectives"} <= set(output)
    assert output["questionnaire"] == {"id": "test-questionnaire", "version": "1.0.0"}
    assert output["method"] == "scoring method 2"
    assert [i["id"] for i in output["indicators"]][:3] == ["alpha.i1", "alpha.i2", "alpha.i3"]


INDICATOR_FIELDS = ("score", "status", "n", "n_na", "n_dont_know", "spread", "disagreement", "agreed")


def test_score_prints_each_indicator(output):
    indicators = {i["id"]: tuple(i[k] for k in INDICATOR_FIELDS) for i in output["indicators"]}
    assert indicators == {
        # 1, 2, 4, 4, 4, 4: m = 4; the 2 and the 1 are 2 or more levels away: 2/6 >= 0.25
        "alpha.i1": (4.0, "answered", 6, 0, 0, 3, True, False),
        # 2, 2, 3, 3: an even split goes down
        "alpha.i2": (2.0, "answered", 4, 0, 0, 1, False, False),
        # two levels against two "na": not more "na", and 2 levels are too few
        "alpha.i3": (None, "too_few", 2, 2, 1, 0, False, False),
        "alpha.i4": (None, "unanswered", 0, 0, 5, None, False, False),
        # one level against two "na"
        "alpha.i5": (None, "not_applicable", 1, 2, 0, 0, False, False),
        "beta.i1": (3.0, "answered", 4, 0, 0, 1, False, False),
        # agreed 2; the respondents' own m(4, 4, 4, 4) = 4 and nobody far from it
        "beta.i2": (2.0, "answered", 4, 0, 0, 0, False, True),
        "beta.i3": (None, "not_applicable", 3, 0, 0, 0, False, True),
        # asked of local authority staff only, and none took part
        "beta.i4": (None, "not_asked", 0, 0, 0, None, False, False),
        # asked of NHS staff only: one level and one "Don't know"
        "beta.i5": (None, "too_few", 1, 0, 1, 0, False, False),
    }
    assert {i["domain"] for i in output["indicators"][:5]} == {"alpha"}


def test_score_prints_domains_overall_themes_and_priorities(output):
    domains = {
        d["id"]: (d["applicable"], d["coverage"], d["score"], d["stage"], d["insufficient"]) for d in output["domains"]
    }
    assert domains == {
        # A = 2 + 1 (i1, i2), U = 1 + 1 (i3, i4): 3 / 5; (2*4 + 2) / 3 = 10 / 3, shown 3.33
        "alpha": (True, 0.6, 10 / 3, "Established", False),
        # A = 1 + 1 (i1, i2), U = 1 (i5); i3 and i4 count in neither: 2 / 3; (3 + 2) / 2 = 2.5
        "beta": (True, 2 / 3, 2.5, "Developing", False),
    }
    # (10/3 + 5/2) / 2 = 35 / 12, shown 2.91
    assert output["overall"] == {"score": (10 / 3 + 5 / 2) / 2, "stage": "Established", "complete": True}
    themes = {t["id"]: (t["score"], t["status"]) for t in output["themes"]}
    # theme-a: alpha.i1 (weight 2, 4) and beta.i2 (2): (8 + 2) / 3; theme-b: alpha.i2; theme-c: beta.i1
    assert themes == {"theme-a": (10 / 3, "partial"), "theme-b": (2.0, "gap"), "theme-c": (3.0, "partial")}
    # below the top level: alpha.i2 2, beta.i2 2, beta.i1 3; alpha.i1 is at 4
    assert output["priorities"] == ["alpha.i2", "beta.i2", "beta.i1"]


def test_score_prints_perspectives_in_the_questionnaires_order(output):
    # NHS alone, agreed answers ignored: beta.i1 3, beta.i2 4, beta.i3 1; beta.i5 too few; beta.i4 not asked
    # of them: A = 3, U = 1; (3 + 4 + 1) / 3 = 8 / 3. Alpha: only i1 has three levels: 2 / 5 < 0.5.
    # Groups of one or two never have three levels to a question.
    assert output["perspectives"] == {
        "nhs": {"alpha": None, "beta": 8 / 3},
        "third_sector": {"alpha": None, "beta": None},
        "community": {"alpha": None, "beta": None},
    }
    assert list(output["perspectives"]) == ["nhs", "third_sector", "community"]


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
    assert data["overall"] == {"score": None, "stage": None, "complete": False}
    assert {i["status"] for i in data["indicators"]} == {"not_asked"}
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
    "answer-not-asked": (responses({"beta.i5": 2}, perspective="community"), ["beta.i5", "community", "not asked"]),
    "dont-know-not-asked": (responses({"beta.i4": "dont_know"}, perspective="nhs"), ["beta.i4", "nhs", "not asked"]),
    "duplicate-respondent-ids": (
        json.dumps({"respondents": [{"id": "r1", "answers": {}}, {"id": "r1", "answers": {"alpha.i1": 2}}]}),
        ["r1"],
    ),
    "respondent-without-answers": (responses(None, perspective="nhs"), ["r1", "answers"]),
    "answers-not-an-object": (responses([3, 4]), ["r1", "answers"]),
    "agreed-unknown-indicator": (responses({}, agreed={"alpha.i9": 3}), ["alpha.i9"]),
    "agreed-dont-know": (responses({}, agreed={"alpha.i1": "dont_know"}), ["alpha.i1", "dont_know"]),
    "agreed-above-the-scale": (responses({}, agreed={"alpha.i1": 5}), ["alpha.i1", "5"]),
    "agreed-below-the-scale": (responses({}, agreed={"alpha.i1": 0}), ["alpha.i1", "0"]),
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
