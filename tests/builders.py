"""Builders for questionnaires, study-themes files and respondents in tests.

Every builder returns something VALID by default, so a test only spells out the
one thing it is about::

    q = load_built(questionnaire_dict(weights={"alpha.i1": 2}, min_answers=1, priorities=2))
    result = scoring.score(q, [respondent("r1", alpha__i1=3), respondent("r2", "nhs", alpha__i1=4)])

The default questionnaire has two domains, ``alpha`` and ``beta``, of five
indicators each (the schema minimum): ``alpha.i1`` ... ``alpha.i5`` and
``beta.i1`` ... ``beta.i5``. The scale is the real one: values 1-4 with
min_score 1.0, 1.5, 2.5 and 3.5 and the labels in ``LABELS``. The default themes
file has three themes, ``theme-a``, ``theme-b`` and ``theme-c``, and indicators
link to them in turn (``alpha.i1`` -> ``theme-a``, ``alpha.i2`` -> ``theme-b``,
...), so every theme is linked. The scoring settings are the real defaults
of scoring method 2 (``docs/scoring.md``): in particular a question needs
levels from ``min_answers=3`` people to have a score.

Answers are keyed by indicator id. Python keyword arguments cannot contain a
dot, so the keyword helpers read ``alpha__i1`` as ``alpha.i1``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import yaml

from selfassess.questionnaire import Questionnaire, load, parse
from selfassess.scoring import Respondent

# --- the defaults ----------------------------------------------------------------

DOMAINS = ("alpha", "beta")
INDICATORS_PER_DOMAIN = 5
THEMES = ("theme-a", "theme-b", "theme-c")
PERSPECTIVES = ("nhs", "local_authority", "third_sector", "independent_sector", "lived_experience", "community")
SCALE = ((1, 1.0), (2, 1.5), (3, 2.5), (4, 3.5))  # (value, min_score)
LABELS = ("Not yet in place", "Developing", "Established", "Embedded")
THEMES_FILE = "themes.yaml"


def indicator_ids(domain: str, count: int = INDICATORS_PER_DOMAIN) -> list[str]:
    """The ids the builder gives a domain's indicators: ``alpha.i1`` ... ``alpha.i5``."""
    return [f"{domain}.i{n}" for n in range(1, count + 1)]


def all_indicator_ids(domains: Sequence[str] = DOMAINS, count: int = INDICATORS_PER_DOMAIN) -> list[str]:
    """Every indicator id of a built questionnaire, in questionnaire order."""
    return [i for d in domains for i in indicator_ids(d, count)]


# --- questionnaires ----------------------------------------------------------------


def indicator_dict(
    indicator_id: str,
    *,
    weight: int = 1,
    allow_na: bool = True,
    themes: Sequence[str] = ("theme-a",),
    scale_values: Iterable[int] = (1, 2, 3, 4),
    asked_of: Sequence[str] | None = None,
) -> dict[str, Any]:
    """One valid indicator, with a level descriptor for every scale value;
    ``asked_of`` (perspective ids) is left out when None: asked of everyone."""
    built = {
        "id": indicator_id,
        "title": f"Indicator {indicator_id}",
        "question": f"How well does the partnership do {indicator_id}?",
        "guidance": "Good looks like this.",
        "levels": {value: f"Level {value} of {indicator_id}." for value in scale_values},
        "weight": weight,
        "allow_na": allow_na,
        "themes": list(themes),
        "evidence_prompt": "Show us where this happens.",
    }
    if asked_of is not None:
        built["asked_of"] = list(asked_of)
    return built


def questionnaire_dict(
    *,
    domains: Sequence[str] = DOMAINS,
    indicators_per_domain: int = INDICATORS_PER_DOMAIN,
    weights: Mapping[str, int] | None = None,
    domain_weights: Mapping[str, int] | None = None,
    allow_na: bool | Mapping[str, bool] = True,
    links: Mapping[str, Sequence[str]] | None = None,
    themes: Sequence[str] = THEMES,
    min_answers: int = 3,
    min_coverage: float = 0.5,
    disagreement_distance: int = 2,
    disagreement_share: float = 0.25,
    priorities: int = 3,
    asked_of: Mapping[str, Sequence[str]] | None = None,
    perspectives: Sequence[str] = PERSPECTIVES,
    scale: Sequence[tuple[int, float]] = SCALE,
    version: str = "1.0.0",
    questionnaire_id: str = "test-questionnaire",
    themes_file: str = THEMES_FILE,
) -> dict[str, Any]:
    """A valid questionnaire as a plain dict (what ``yaml.safe_load`` of a file gives).

    - ``weights``: indicator id -> weight (others weigh 1).
    - ``domain_weights``: domain id -> weight (others weigh 1).
    - ``allow_na``: one bool for every indicator, or indicator id -> bool (others True).
    - ``links``: indicator id -> theme ids; indicators not named link to ``themes``
      in turn, so with the defaults every theme is linked.
    - ``scale``: (value, min_score) pairs; labels come from ``LABELS`` (or "Level N").
    - ``asked_of``: indicator id -> the perspective ids it is asked of (others: everyone).
    - the scoring settings (scoring method 2) default to the real defaults:
      ``min_answers`` 3, ``min_coverage`` 0.5, a disagreement at ``distance`` 2
      levels for a ``share`` of 0.25, and 3 ``priorities``.
    """
    weights = dict(weights or {})
    links = dict(links or {})
    asked_of = dict(asked_of or {})
    named = set(weights) | set(links) | set(asked_of) | (set(allow_na) if isinstance(allow_na, Mapping) else set())
    unknown = named - set(all_indicator_ids(domains, indicators_per_domain))
    if unknown:
        raise ValueError(f"no such indicator(s) in the built questionnaire: {sorted(unknown)}")
    built_domains = _domain_dicts(
        domains, indicators_per_domain, weights, dict(domain_weights or {}), allow_na, links, themes, scale, asked_of
    )
    return {
        "id": questionnaire_id,
        "version": version,
        "title": "A test questionnaire",
        "description": "Built by tests/builders.py.",
        "themes": themes_file,
        "perspectives": [{"id": p, "label": p.replace("_", " ").capitalize()} for p in perspectives],
        "scale": _scale_dicts(scale),
        "scoring": {
            "min_answers": min_answers,
            "min_coverage": min_coverage,
            "disagreement": {"distance": disagreement_distance, "share": disagreement_share},
            "priorities": priorities,
        },
        "domains": built_domains,
    }


def _scale_dicts(scale: Sequence[tuple[int, float]]) -> list[dict[str, Any]]:
    """The scale of ``questionnaire_dict``: labels from ``LABELS`` (or "Level N")."""
    return [
        {
            "value": value,
            "label": LABELS[index] if index < len(LABELS) else f"Level {value}",
            "description": f"Scale level {value}.",
            "min_score": min_score,
        }
        for index, (value, min_score) in enumerate(scale)
    ]


def _domain_dicts(
    domains: Sequence[str],
    indicators_per_domain: int,
    weights: Mapping[str, int],
    domain_weights: Mapping[str, int],
    allow_na: bool | Mapping[str, bool],
    links: Mapping[str, Sequence[str]],
    themes: Sequence[str],
    scale: Sequence[tuple[int, float]],
    asked_of: Mapping[str, Sequence[str]],
) -> list[dict[str, Any]]:
    """The domains of ``questionnaire_dict``: indicators not in ``links`` link
    to ``themes`` in turn."""
    scale_values = [value for value, _ in scale]
    counter = 0
    built_domains = []
    for domain in domains:
        indicators = []
        for indicator_id in indicator_ids(domain, indicators_per_domain):
            linked = links.get(indicator_id) or [themes[counter % len(themes)]]
            counter += 1
            na = allow_na.get(indicator_id, True) if isinstance(allow_na, Mapping) else allow_na
            indicators.append(
                indicator_dict(
                    indicator_id,
                    weight=weights.get(indicator_id, 1),
                    allow_na=na,
                    themes=linked,
                    scale_values=scale_values,
                    asked_of=asked_of.get(indicator_id),
                )
            )
        built_domains.append(
            {
                "id": domain,
                "title": f"Domain {domain}",
                "description": f"What {domain} is about.",
                "weight": domain_weights.get(domain, 1),
                "indicators": indicators,
            }
        )
    return built_domains


# --- study themes ---------------------------------------------------------------------


def theme_dict(
    theme_id: str,
    *,
    gap_at_most: float = 2.5,
    strength_above: float = 3.5,
    level: str = "meso",
    kind: str = "barrier",
    quotes: Sequence[Mapping[str, str]] = (),
) -> dict[str, Any]:
    """One valid theme."""
    return {
        "id": theme_id,
        "title": f"Theme {theme_id}",
        "level": level,
        "kind": kind,
        "finding": f"The study found {theme_id}.",
        "quotes": [dict(q) for q in quotes],
        "actions": [{"text": f"Act on {theme_id}.", "aimed_at": "partnership", "basis": "selfassess_suggests"}],
        "thresholds": {"gap_at_most": gap_at_most, "strength_above": strength_above},
    }


def themes_dict(
    themes: Sequence[str] = THEMES,
    *,
    thresholds: Mapping[str, tuple[float, float]] | None = None,
) -> dict[str, Any]:
    """A valid study-themes file. ``thresholds``: theme id -> (gap_at_most, strength_above)."""
    thresholds = dict(thresholds or {})
    return {
        "study": {
            "title": "A test study",
            "programme": "TEST",
            "institution": "A university",
            "contact": "someone@example.org",
        },
        "themes": [theme_dict(t, **_thresholds(thresholds.get(t))) for t in themes],
    }


def _thresholds(pair: tuple[float, float] | None) -> dict[str, float]:
    return {} if pair is None else {"gap_at_most": pair[0], "strength_above": pair[1]}


# --- text, files and loading -------------------------------------------------------------


def to_yaml(data: Mapping[str, Any]) -> str:
    """YAML text for a built dict, keys in the order given."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the same text, faster where libyaml is there
    return yaml.dump(dict(data), Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def write_questionnaire(
    folder: Path,
    q_dict: Mapping[str, Any] | None = None,
    t_dict: Mapping[str, Any] | None = None,
    *,
    name: str = "questionnaire.yaml",
) -> Path:
    """Write a questionnaire and its themes file (at the path its ``themes`` key
    names, relative to the questionnaire) into ``folder``; return the
    questionnaire's path. Both default to the builders' valid defaults."""
    q_dict = questionnaire_dict() if q_dict is None else q_dict
    t_dict = themes_dict() if t_dict is None else t_dict
    path = Path(folder) / name
    themes_path = path.parent / q_dict["themes"]
    themes_path.parent.mkdir(parents=True, exist_ok=True)
    themes_path.write_text(to_yaml(t_dict), encoding="utf-8")
    path.write_text(to_yaml(q_dict), encoding="utf-8")
    return path


def load_built(
    q_dict: Mapping[str, Any] | None = None,
    t_dict: Mapping[str, Any] | None = None,
    folder: Path | None = None,
) -> Questionnaire:
    """A validated Questionnaire (with its study themes) from built dicts: through
    ``selfassess.questionnaire.parse`` in memory, or through ``load`` when a
    ``folder`` to write the files into is given."""
    q_dict = questionnaire_dict() if q_dict is None else q_dict
    t_dict = themes_dict() if t_dict is None else t_dict
    if folder is not None:
        return load(write_questionnaire(folder, q_dict, t_dict))
    return parse(to_yaml(q_dict), to_yaml(t_dict))


# --- respondents and responses files --------------------------------------------------------


def answer_key(key: str) -> str:
    """``alpha__i1`` -> ``alpha.i1`` (keyword arguments cannot contain dots)."""
    return key.replace("__", ".")


def answers(mapping: Mapping[str, Any] | None = None, **by_keyword: Any) -> dict[str, Any]:
    """Answers keyed by indicator id, from a mapping and/or ``alpha__i1=3`` keywords."""
    result = dict(mapping or {})
    result.update({answer_key(k): v for k, v in by_keyword.items()})
    return result


def domain_answers(domain: str, *values: Any) -> dict[str, Any]:
    """Answers to a domain's indicators in order; ``None`` leaves one unanswered.
    ``domain_answers("alpha", 3, None, "na")`` -> ``{"alpha.i1": 3, "alpha.i3": "na"}``."""
    return {f"{domain}.i{n}": v for n, v in enumerate(values, start=1) if v is not None}


def respondent(
    respondent_id: str,
    perspective: str | None = None,
    answers_: Mapping[str, Any] | None = None,
    **by_keyword: Any,
) -> Respondent:
    """A scoring.Respondent: ``respondent("r1", "nhs", alpha__i1=3, alpha__i2="na")``,
    or with a mapping: ``respondent("r1", None, domain_answers("alpha", 1, 2))``."""
    return Respondent(id=respondent_id, perspective=perspective, answers=answers(answers_, **by_keyword))


def respondents_answering(indicator_id: str, *values: Any, perspective: str | None = None) -> list[Respondent]:
    """One respondent per value, each answering only ``indicator_id``: ``r1``, ``r2``, ..."""
    return [respondent(f"r{n}", perspective, {indicator_id: value}) for n, value in enumerate(values, start=1)]


def responses_data(respondents: Iterable[Respondent], agreed: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The JSON-ready content of a responses file for ``selfassess score``."""
    data: dict[str, Any] = {"respondents": []}
    for r in respondents:
        item: dict[str, Any] = {"id": r.id}
        if r.perspective is not None:
            item["perspective"] = r.perspective
        item["answers"] = dict(r.answers)
        data["respondents"].append(item)
    if agreed is not None:
        data["agreed"] = dict(agreed)
    return data


def responses_json(respondents: Iterable[Respondent], agreed: Mapping[str, Any] | None = None) -> str:
    """A responses file's text (see ``responses_data``)."""
    return json.dumps(responses_data(respondents, agreed), indent=2)


# --- the command line ---------------------------------------------------------------------------


def selfassess_executable() -> str:
    """The ``selfassess`` console script of the Python running the tests (the
    project's virtualenv), falling back to the one on PATH."""
    beside = Path(sys.executable).parent / "selfassess"
    if beside.exists():
        return str(beside)
    found = shutil.which("selfassess")
    if found is None:
        raise RuntimeError("the selfassess command is not installed (pip install -e .)")
    return found


def run_selfassess(
    *args: str | Path, cwd: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``selfassess ARGS...`` as a real subprocess; text stdout and stderr."""
    return subprocess.run(
        [selfassess_executable(), *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def run_selfassess_many(
    commands: Mapping[str, Sequence[str | Path]], cwd: Path | None = None
) -> dict[str, subprocess.CompletedProcess[str]]:
    """Run several ``selfassess`` commands, a few at a time (each takes ~0.4 s,
    mostly imports); returns name -> CompletedProcess."""
    with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1)) as pool:
        futures = {name: pool.submit(run_selfassess, *args, cwd=cwd) for name, args in commands.items()}
        return {name: future.result() for name, future in futures.items()}
