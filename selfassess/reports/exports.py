"""A round's results as CSV and JSON for analysts: scores, with no
respondent's name, the small-numbers rule applied, scores truncated to two
decimals as everywhere else people see them; and the round's action plan,
its owners as the lead typed them (as the PDF report prints them).

The CSV is one table, one row per score with a ``level`` column saying what
the row is: the plan's actions are rows of level "action" in the same table,
their fields in columns of their own at the end (empty on the score rows), so
that a spreadsheet or an analyst's script reads the whole file as one table."""

from __future__ import annotations

import io
from typing import Any

from selfassess import disclosure, scoring, spreadsheet
from selfassess.data.models import Action
from selfassess.reports import plan
from selfassess.results import provenance, wording
from selfassess.results.compute import RoundResults


def _shown(value: float | None) -> str | None:
    return None if value is None else str(scoring.truncate(value))


def as_dict(results: RoundResults, actions: list[Action]) -> dict[str, Any]:
    round_ = results.round_
    q = results.questionnaire
    data: dict[str, Any] = {
        "partnership": round_.partnership.name,
        "round": {
            "id": round_.id,
            "title": round_.title,
            "opens_on": round_.opens_on.isoformat(),
            "closes_on": round_.closes_on.isoformat(),
            "status": round_.status.value,
            "interim": results.interim,
        },
        "questionnaire": {"id": q.id, "version": q.version},
        "scoring_method": scoring.METHOD,
        "submitted": results.scored.submitted,
        "note": "Scores are truncated (not rounded) to two decimals. Perspectives with fewer than "
        f"{disclosure.MIN_GROUP} respondents are combined as 'other perspectives' or left out.",
    }
    if results.result is None:
        data["results"] = None
        data["note"] = wording.no_results(results)
    else:
        data["results"] = _results(results)
    data["action_plan"] = plan.as_export(actions)
    return data


def _results(results: RoundResults) -> dict[str, Any]:
    result, grouping = results.result, results.scored.grouping
    assert result is not None  # noqa: S101 - as_dict only asks when there are results
    return {
        "overall": {
            "score": _shown(result.overall.score),
            "stage": result.overall.stage,
            "complete": result.overall.complete,
        },
        "domains": [
            {
                "id": d.id,
                "score": _shown(d.score),
                "stage": d.stage,
                "coverage": _shown(d.coverage),
                "insufficient": d.insufficient,
                "applicable": d.applicable,
            }
            for d in result.domains
        ],
        "indicators": [
            {
                "id": i.id,
                "domain": i.domain,
                "score": _shown(i.score),
                "n": i.n,
                "n_na": i.n_na,
                "n_dont_know": i.n_dont_know,
                "spread": i.spread,
                "disagreement": i.disagreement,
                "status": i.status,
                "agreed": i.agreed,
            }
            for i in result.indicators
        ],
        "themes": [
            {
                "id": t.id,
                "score": _shown(t.score),
                "status": t.status,
                "status_words": provenance.theme_status(results.questionnaire.study.theme(t.id), t.status),
            }
            for t in result.themes
        ],
        "priorities": result.priorities,
        "perspectives": [
            {
                "group": g.key,
                "label": g.label,
                "respondents": g.count,
                "domains": {d: _shown(s) for d, s in results.scored.group_scores[g.key].items()},
            }
            for g in grouping.groups
        ],
        "respondents_left_out_of_perspectives": grouping.left_out,
    }


CSV_COLUMNS = [
    "partnership",
    "round",
    "questionnaire_version",
    "scoring_method",
    "level",
    "id",
    "group",
    "score",
    "stage",
    "status",
    # the action plan's rows only
    "action",
    "indicators",
    "themes",
    "basis",
    "owner",
    "due_on",
    "note",
]


def _domain_status(domain: dict[str, Any]) -> str:
    if not domain["applicable"]:
        return "not_applicable"
    return "insufficient" if domain["insufficient"] else ""


class _Rows:
    """Every row as wide as the header: the score rows' plan columns empty."""

    def __init__(self, out: io.StringIO) -> None:
        self._writer = spreadsheet.writer(out)

    def writerow(self, cells: list[Any]) -> None:
        self._writer.writerow([*cells, *[""] * (len(CSV_COLUMNS) - len(cells))])


def as_csv(results: RoundResults, actions: list[Action]) -> str:
    data = as_dict(results, actions)
    out = io.StringIO()
    writer = _Rows(out)
    writer.writerow(CSV_COLUMNS)
    base = [data["partnership"], data["round"]["title"], data["questionnaire"]["version"], data["scoring_method"]]
    if data["results"] is not None:
        _score_rows(writer, base, data["results"])
    for number, action in enumerate(data["action_plan"], start=1):
        answers = action["answers"]
        writer.writerow(
            [
                *[*base, "action", number, "", "", "", action["status"], action["text"]],
                *["; ".join(answers["indicators"]), "; ".join(answers["themes"])],
                *[action["basis"], action["owner"], action["due_on"], action["note"]],
            ]
        )
    return out.getvalue()


def _score_rows(writer: _Rows, base: list[Any], body: dict[str, Any]) -> None:
    writer.writerow([*base, "overall", "", "", body["overall"]["score"], body["overall"]["stage"], ""])
    for d in body["domains"]:
        writer.writerow([*base, "domain", d["id"], "", d["score"], d["stage"], _domain_status(d)])
    for i in body["indicators"]:
        status = i["status"] + (", agreed" if i["agreed"] else "") + (", views differ" if i["disagreement"] else "")
        writer.writerow([*base, "indicator", i["id"], "", i["score"], "", status])
    for t in body["themes"]:
        writer.writerow([*base, "theme", t["id"], "", t["score"], "", t["status"]])
    for p in body["perspectives"]:
        for domain_id, score in p["domains"].items():
            writer.writerow([*base, "perspective", domain_id, p["group"], score, "", ""])
