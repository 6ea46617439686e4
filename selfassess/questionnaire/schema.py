"""The questionnaire and study-themes files as typed, validated data.

The YAML files in ``questionnaires/`` are the source of every question, level
descriptor and study theme. These pydantic models are the one place that says
what a valid file looks like; loading (``loading.py``) turns their errors into
one-line messages that name the file, the place and the problem.
"""

from __future__ import annotations

import itertools
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, field_validator, model_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")


class _Model(BaseModel):
    # Extra keys are welcome (the issue allows more than the required ones),
    # but values are never coerced: "3" is not a weight and 3.0 is not a level.
    model_config = ConfigDict(extra="allow", strict=True, frozen=True)


# --- the questionnaire -------------------------------------------------------


class Perspective(_Model):
    id: Id
    label: Text


class ScaleLevel(_Model):
    value: int
    label: Text
    description: Text
    min_score: float


class Disagreement(_Model):
    """Rule 2 of scoring method 2: a question is flagged when at least
    ``share`` of the answers lie ``distance`` or more levels from the
    majority level."""

    distance: int = Field(default=2, ge=1)
    share: float = Field(default=0.25, gt=0, le=1)


class Scoring(_Model):
    """The settings of scoring method 2 (``docs/scoring.md``). Each one a file
    lacks takes its default, so stored 1.x files keep working; their
    ``disagreement_threshold`` (method 1) is read and ignored."""

    min_answers: int = Field(default=3, ge=1)
    min_coverage: float = Field(default=0.5, gt=0, le=1)
    disagreement: Disagreement = Field(default_factory=Disagreement)
    priorities: int = Field(default=3, ge=0)


class Indicator(_Model):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*\.[a-z0-9][a-z0-9-]*$")]
    title: Text
    question: Text
    guidance: Text
    levels: dict[int, Text]
    weight: int = Field(default=1, ge=1)
    allow_na: bool = True
    themes: list[Id] = Field(min_length=1)
    evidence_prompt: Text
    # The perspectives this question is asked of; None means everyone.
    asked_of: list[Id] | None = Field(default=None, min_length=1)

    @property
    def domain_id(self) -> str:
        return self.id.split(".", 1)[0]

    def is_asked_of(self, perspective: str | None) -> bool:
        """Whether a respondent of this perspective is asked this question; a
        respondent without a perspective is asked everything."""
        return self.asked_of is None or perspective is None or perspective in self.asked_of


class Domain(_Model):
    id: Id
    title: Text
    description: Text
    weight: int = Field(default=1, ge=1)
    indicators: list[Indicator] = Field(min_length=5, max_length=7)


class Questionnaire(_Model):
    id: Id
    version: str
    title: Text
    description: Text
    themes: Text
    perspectives: list[Perspective] = Field(min_length=1)
    scale: list[ScaleLevel] = Field(min_length=2)
    scoring: Scoring = Field(default_factory=Scoring)
    domains: list[Domain] = Field(min_length=1)

    # Set by the loader: the study themes file this questionnaire names, and
    # a fingerprint of both files' text.
    _study: ThemesFile | None = PrivateAttr(default=None)
    _fingerprint: str = PrivateAttr(default="")

    @property
    def cache_key(self) -> tuple[str, str, str]:
        """What identifies this questionnaire's exact text in a cache: its id,
        its version and a fingerprint of its files (two files may claim the
        same version number and differ)."""
        return (self.id, self.version, self._fingerprint)

    @property
    def study(self) -> ThemesFile:
        if self._study is None:
            raise RuntimeError("questionnaire loaded without its study themes; use selfassess.questionnaire.load")
        return self._study

    @field_validator("version")
    @classmethod
    def _semver(cls, v: str) -> str:
        if not SEMVER.match(v):
            raise ValueError(f"version {v!r} is not semantic versioning (MAJOR.MINOR.PATCH, for example 1.0.0)")
        return v

    @field_validator("scale")
    @classmethod
    def _scale_increasing(cls, scale: list[ScaleLevel]) -> list[ScaleLevel]:
        for before, after in itertools.pairwise(scale):
            if after.value <= before.value:
                raise ValueError(f"scale values must be strictly increasing, but {after.value} follows {before.value}")
            if after.min_score <= before.min_score:
                raise ValueError(
                    f"scale min_score must be strictly increasing, but {after.min_score} follows {before.min_score}"
                )
        for before, after in itertools.pairwise(scale):
            if after.value != before.value + 1:
                raise ValueError(
                    f"scale values must be consecutive whole numbers, but {after.value} follows {before.value}"
                )
        if scale and scale[0].min_score != scale[0].value:
            raise ValueError(f"the lowest level's min_score must equal its value ({scale[0].value})")
        return scale

    # Convenience views used by the scoring engine and the web pages.
    @property
    def major(self) -> int:
        return int(self.version.split(".", 1)[0])

    @property
    def indicators(self) -> list[Indicator]:
        return [i for d in self.domains for i in d.indicators]

    @property
    def scale_values(self) -> list[int]:
        return [level.value for level in self.scale]

    def asked(self, perspective: str | None) -> list[Indicator]:
        """The indicators a respondent of this perspective is asked, in order."""
        return [i for i in self.indicators if i.is_asked_of(perspective)]

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)

    def perspective_label(self, perspective_id: str) -> str:
        for p in self.perspectives:
            if p.id == perspective_id:
                return p.label
        return perspective_id

    def level(self, value: int) -> ScaleLevel:
        for level in self.scale:
            if level.value == value:
                return level
        raise KeyError(value)


# --- the study's themes ------------------------------------------------------


class Study(_Model):
    title: Text
    programme: Text
    institution: Text
    contact: Text
    # What the study's design cannot tell, in its own terms (a stored file
    # from before questionnaire 2.0.0 has none).
    limitations: list[Text] = Field(default_factory=list)


class Quote(_Model):
    text: Text
    source: Text


Basis = Literal["study_recommends", "study_implies", "selfassess_suggests"]

# Files stored before questionnaire 2.0.0 used coarser words. "implied" lumped
# readings of a finding with selfassess's own advice, and "recommended" was
# once given to an interviewee's plea, so an old word is read as the weaker
# claim: nothing is attributed to the study that it may not say.
_OLD_BASIS = {"recommended": "study_implies", "implied": "selfassess_suggests"}
_OLD_AIMED_AT = {"national-government": "national"}


class Action(_Model):
    text: Text
    aimed_at: Literal["partnership", "national"] = "partnership"
    basis: Basis

    @model_validator(mode="before")
    @classmethod
    def _old_words(cls, data: object) -> object:
        if isinstance(data, dict):
            data = dict(data)
            data.setdefault("basis", "implied")
            data["basis"] = _OLD_BASIS.get(data["basis"], data["basis"])
            if "aimed_at" in data:
                data["aimed_at"] = _OLD_AIMED_AT.get(data["aimed_at"], data["aimed_at"])
        return data


class Thresholds(_Model):
    """A theme is a gap at or below ``gap_at_most`` and a strength above
    ``strength_above`` (scoring method 2, rule 6)."""

    gap_at_most: float = 2.5
    strength_above: float = 3.5

    @model_validator(mode="before")
    @classmethod
    def _old_keys(cls, data: object) -> object:
        # A stored file from before method 2 is read with its numbers under the new names.
        if isinstance(data, dict):
            data = dict(data)
            for old, new in (("gap_below", "gap_at_most"), ("strength_from", "strength_above")):
                if old in data and new not in data:
                    data[new] = data.pop(old)
        return data

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.gap_at_most > self.strength_above:
            raise ValueError(
                f"thresholds out of order: gap_at_most ({self.gap_at_most}) must not be above "
                f"strength_above ({self.strength_above})"
            )
        return self


class Theme(_Model):
    id: Id
    title: Text
    level: Literal["meso", "macro", "evidence-review", "policy"]
    kind: Literal["barrier", "facilitator", "tension"]
    finding: Text
    quotes: list[Quote] = Field(default_factory=list)
    actions: list[Action] = Field(min_length=1)
    thresholds: Thresholds = Field(default_factory=Thresholds)


class ThemesFile(_Model):
    study: Study
    themes: list[Theme] = Field(min_length=1)

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)


Path = tuple[str | int, ...]
Problem = tuple[Path, str]


def questionnaire_problems(q: Questionnaire) -> list[Problem]:
    """Rules that span several fields of a questionnaire: unique ids, indicator
    ids under their domain, a level descriptor for every scale value."""
    problems: list[Problem] = []
    problems += _duplicates(("perspectives",), "perspective id", [p.id for p in q.perspectives])
    problems += _duplicates(("domains",), "domain id", [d.id for d in q.domains])
    values = set(q.scale_values)
    perspectives = {p.id for p in q.perspectives}
    seen: set[str] = set()
    for d_index, domain in enumerate(q.domains):
        for i_index, indicator in enumerate(domain.indicators):
            where: Path = ("domains", d_index, "indicators", i_index)
            if indicator.id in seen:
                problems.append(((*where, "id"), f"duplicate indicator id {indicator.id!r}"))
            seen.add(indicator.id)
            if indicator.domain_id != domain.id:
                problems.append(
                    ((*where, "id"), f"{indicator.id!r} must start with its domain id and a dot ({domain.id}.)")
                )
            for p_index, perspective in enumerate(indicator.asked_of or []):
                if perspective not in perspectives:
                    problems.append(((*where, "asked_of", p_index), f"unknown perspective {perspective!r}"))
            missing = sorted(values - indicator.levels.keys())
            extra = sorted(indicator.levels.keys() - values)
            if missing:
                problems.append(((*where, "levels"), f"no descriptor for scale value(s) {_join(missing)}"))
            if extra:
                problems.append(
                    ((*where, "levels"), f"descriptor(s) for {_join(extra)}, which the scale does not have")
                )
    return problems


def themes_problems(t: ThemesFile) -> list[Problem]:
    """Rules that span several themes: unique ids."""
    return _duplicates(("themes",), "theme id", [theme.id for theme in t.themes])


def link_problems(q: Questionnaire, t: ThemesFile) -> list[tuple[str, Path, str]]:
    """Every theme an indicator names exists, and every theme is named by at
    least one indicator. Each problem says which file it belongs to."""
    problems: list[tuple[str, Path, str]] = []
    known = {theme.id for theme in t.themes}
    linked: set[str] = set()
    for d_index, domain in enumerate(q.domains):
        for i_index, indicator in enumerate(domain.indicators):
            for t_index, theme_id in enumerate(indicator.themes):
                linked.add(theme_id)
                if theme_id not in known:
                    where: Path = ("domains", d_index, "indicators", i_index, "themes", t_index)
                    problems.append(("questionnaire", where, f"unknown theme {theme_id!r}"))
    for t_index, theme in enumerate(t.themes):
        if theme.id not in linked:
            problems.append(
                ("themes", ("themes", t_index, "id"), f"theme {theme.id!r} is not linked from any indicator")
            )
    return problems


def _duplicates(where: Path, what: str, ids: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            problems.append(((*where, index, "id"), f"duplicate {what} {value!r}"))
        seen.add(value)
    return problems


def _join(values: list[int]) -> str:
    return ", ".join(str(v) for v in values)
