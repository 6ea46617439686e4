"""Reading a responses file (JSON) for ``selfassess score``: exactly what the
scoring contract allows, or a one-line ResponsesError that says what is wrong."""

from __future__ import annotations

import json
from typing import Any

from selfassess.questionnaire import DONT_KNOW, NOT_APPLICABLE, Indicator, Questionnaire
from selfassess.scoring import Answer, Respondent, is_value


class ResponsesError(ValueError):
    """A responses file that cannot be scored; the message is one line."""


def parse_responses(text: str, questionnaire: Questionnaire) -> tuple[list[Respondent], dict[str, Answer]]:
    """Read a responses file (JSON) and check it against the questionnaire.

    Raises ResponsesError with a one-line message for anything that is not
    exactly what the contract allows.
    """
    data = _read_json(text)
    if not isinstance(data, dict):
        raise ResponsesError("the file must be a JSON object with a 'respondents' list")
    unknown_keys = set(data) - {"respondents", "agreed"}
    if unknown_keys:
        raise ResponsesError(f"unknown top-level key(s): {', '.join(repr(k) for k in sorted(unknown_keys))}")
    if not isinstance(data.get("respondents"), list):
        raise ResponsesError("'respondents' must be a list")
    indicators = {i.id: i for i in questionnaire.indicators}
    respondents = _respondents(data["respondents"], questionnaire, indicators)
    agreed = data.get("agreed", {})
    _check_agreed(agreed, questionnaire, indicators)
    return respondents, agreed


def _read_json(text: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise ResponsesError(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise ResponsesError("not valid JSON for a responses file: it is nested far too deeply") from None
    except ValueError as exc:  # for example a number with thousands of digits
        raise ResponsesError(f"not valid JSON for a responses file: {exc}") from None
    except _DuplicateKey as exc:
        raise ResponsesError(f"key {exc.args[0]!r} appears twice in the same object") from None


def _respondents(items: list[Any], questionnaire: Questionnaire, indicators: dict[str, Indicator]) -> list[Respondent]:
    perspectives = [p.id for p in questionnaire.perspectives]
    respondents: list[Respondent] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ResponsesError(f"respondent {index + 1} must be an object")
        rid = item.get("id")
        if not isinstance(rid, str) or not rid:
            raise ResponsesError(f"respondent {index + 1} needs an 'id' that is a non-empty string")
        who = f"respondent {rid!r}"
        if rid in seen:
            raise ResponsesError(f"{who} appears twice")
        seen.add(rid)
        extra = set(item) - {"id", "perspective", "answers"}
        if extra:
            raise ResponsesError(f"{who}: unknown key(s): {', '.join(repr(k) for k in sorted(extra))}")
        perspective = item.get("perspective")
        if perspective is not None and perspective not in perspectives:
            raise ResponsesError(
                f"{who}: unknown perspective {perspective!r} (expected one of {', '.join(perspectives)})"
            )
        answers = item.get("answers")
        if not isinstance(answers, dict):
            raise ResponsesError(f"{who} needs an 'answers' object")
        for indicator_id, value in answers.items():
            indicator = indicators.get(indicator_id)
            check_answer(questionnaire, indicator, indicator_id, value, who)
            if indicator is not None and not indicator.is_asked_of(perspective):
                raise ResponsesError(
                    f"{who}: answers {indicator_id!r}, which is not asked of the perspective {perspective!r}"
                )
        respondents.append(Respondent(id=rid, perspective=perspective, answers=answers))
    return respondents


def _check_agreed(agreed: Any, questionnaire: Questionnaire, indicators: dict[str, Indicator]) -> None:
    if not isinstance(agreed, dict):
        raise ResponsesError("'agreed' must be an object of indicator ids to agreed values")
    for indicator_id, value in agreed.items():
        if value == DONT_KNOW:
            raise ResponsesError(f'agreed value for {indicator_id!r} cannot be "dont_know"')
        if not is_value(value) and value != NOT_APPLICABLE:
            raise ResponsesError(
                f'agreed value for {indicator_id!r} must be a whole number on the scale or "na", '
                f"not {json.dumps(value)}"
            )
        check_answer(questionnaire, indicators.get(indicator_id), indicator_id, value, "agreed")


def check_answer(
    questionnaire: Questionnaire, indicator: Indicator | None, indicator_id: str, value: object, who: str
) -> None:
    """One answer against the questionnaire; raises ResponsesError saying what is wrong.
    Shared by the responses file and the web forms, so both refuse the same things."""
    if indicator is None:
        raise ResponsesError(f"{who}: unknown indicator {indicator_id!r}")
    values = questionnaire.scale_values
    if is_value(value):
        if value not in values:
            raise ResponsesError(
                f"{who}: answer to {indicator_id!r} is {value}, which is not on the scale ({values[0]} to {values[-1]})"
            )
        return
    if value == NOT_APPLICABLE:
        if not indicator.allow_na:
            raise ResponsesError(f'{who}: {indicator_id!r} cannot be answered "na" (not applicable)')
        return
    if value == DONT_KNOW:
        return
    raise ResponsesError(
        f'{who}: answer to {indicator_id!r} must be a whole number on the scale, "dont_know" or "na", '
        f"not {json.dumps(value)}"
    )


class _DuplicateKey(Exception):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result
