"""Sentences that state a rule, made from the rule: the questionnaire's
settings, its scale, domains and perspectives, and the themes' thresholds.
A questionnaire with other settings prints other words; nothing here types
a number that a setting holds.

Used by the results page, the PDF report and the exports.
"""

from __future__ import annotations

from dataclasses import dataclass

from selfassess import disclosure, scoring
from selfassess.presentation import plural
from selfassess.questionnaire import Indicator, Questionnaire, ThemesFile
from selfassess.results.compute import RoundResults

# Tag colours for stages, from the lowest level to the highest.
_STAGE_COLOURS = ("red", "orange", "blue", "green")


def number(value: float) -> str:
    """A setting as people read it: 2.5, 3, 0.5 (no trailing zeros)."""
    return f"{value:g}"


def scale_range(questionnaire: Questionnaire) -> str:
    """ "from 1 to 4" """
    return f"from {questionnaire.scale[0].value} to {questionnaire.scale[-1].value}"


def listed(items: list[str], conjunction: str = "and") -> str:
    """ "a, b and c" """
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def stage_colour(questionnaire: Questionnaire, stage: str | None) -> str:
    """The tag colour of a stage, by its place on the scale: the lowest red, the highest green."""
    labels = [level.label for level in questionnaire.scale]
    if stage not in labels:
        return "grey"
    place = labels.index(stage) / max(len(labels) - 1, 1)
    return _STAGE_COLOURS[round(place * (len(_STAGE_COLOURS) - 1))]


def disagreement_levels(questionnaire: Questionnaire) -> str:
    """How far apart answers must be for a question to be flagged: "2 levels"."""
    return plural(questionnaire.scoring.disagreement_threshold, "level")


def disagreement(questionnaire: Questionnaire) -> str:
    return f"A question is flagged when answers are {disagreement_levels(questionnaire)} or more apart."


def uniform_thresholds(study: ThemesFile) -> tuple[float, float] | None:
    """The (gap below, strength from) thresholds every theme shares, or None when they differ."""
    found = {(t.thresholds.gap_below, t.thresholds.strength_from) for t in study.themes}
    return found.pop() if len(found) == 1 else None


def theme_thresholds(study: ThemesFile) -> str:
    shared = uniform_thresholds(study)
    if shared is None:
        return (
            "Each theme has its own thresholds for a gap and a strength, shown beside it; "
            "between the two it is partial."
        )
    gap, strength = shared
    return f"A theme is a gap below {number(gap)}, a strength from {number(strength)} and partial in between."


def is_gap_question(results: RoundResults, indicator: Indicator) -> bool:
    """A question scores as a gap on at least one of the study themes it is
    linked to (the same comparison as a theme's own status)."""
    outcome = results.result.indicator(indicator.id) if results.result else None
    if outcome is None or outcome.score is None:
        return False
    study = results.questionnaire.study
    shown = round(outcome.score, scoring.COMPARISON_PLACES)
    return any(shown < study.theme(theme_id).thresholds.gap_below for theme_id in indicator.themes)


@dataclass(frozen=True)
class PlannedQuestion:
    indicator: Indicator
    score: float | None
    priority: bool
    actions: list[str]  # what the study points to, for partnerships


def action_plan(results: RoundResults) -> list[PlannedQuestion]:
    """The priorities, then every other question that scores as a gap on one
    of its themes, each with the partnership actions of its themes."""
    if results.result is None:
        return []
    questionnaire, result = results.questionnaire, results.result
    planned = list(result.priorities)
    planned += [i.id for i in questionnaire.indicators if i.id not in planned and is_gap_question(results, i)]
    study = questionnaire.study
    return [
        PlannedQuestion(
            indicator := questionnaire.indicator(indicator_id),
            result.indicator(indicator_id).score,
            indicator_id in result.priorities,
            [
                action.text.strip()
                for theme_id in indicator.themes
                for action in study.theme(theme_id).actions
                if action.aimed_at == "partnership"
            ],
        )
        for indicator_id in planned
    ]


# The glossary's words whose meaning is the same whatever the questionnaire.
_FIXED_WORDS = {
    "Co-production": (
        "People who use services, carers, communities and partner organisations working as equals with staff "
        "to design, deliver and review services, rather than being consulted on plans made without them."
    ),
    "Co-creation": (
        "Going further than co-production: sharing power from the very first idea, working out together what "
        "the problem is and what to do, through to judging whether it worked."
    ),
    "Consensus": "The level a group agrees on. Here, the middle answer (median) of everyone's levels for a question.",
    "Agreed level": (
        "A level the partnership recorded after talking a question through, with the reason. It replaces the "
        "middle answer in the results."
    ),
    "Coverage": "How much of a domain people could answer: answered questions as a share of those that apply.",
    "Interim": "Results of a round that is still open: they will change as more people submit.",
    "Median": (
        "The middle value when answers are put in order (halfway between the two middle ones when there is an "
        "even number). One very high or low answer cannot move it much."
    ),
    "Spread": "The gap, in levels, between the highest and the lowest answer to a question.",
    "Interquartile range (middle half)": (
        "The range within which the middle half of partnerships' scores fall; a quarter score below it and a "
        "quarter above."
    ),
}


def glossary(questionnaire: Questionnaire) -> list[tuple[str, str]]:
    """The words the report uses, with the questionnaire's own domains,
    perspectives, scale and settings, in alphabetical order but for the two
    words the report is about, which come first."""
    domains = [d.title.lower() for d in questionnaire.domains]
    stages = [level.label for level in questionnaire.scale]
    derived = {
        "Domain": f"One of the {len(domains)} parts the questions are grouped in: {listed(domains)}.",
        "Indicator": f"One question, with a description of what each of the {len(stages)} levels looks like.",
        "Perspective": (
            "The point of view someone answers from: " + listed([p.label for p in questionnaire.perspectives]) + "."
        ),
        "Stage": f"The level a score has reached: {listed(stages, 'or')}.",
        "Study theme": (
            "Something the study of co-production in Scottish health and social care found holds partnerships "
            f"back or helps them. {theme_thresholds(questionnaire.study)}"
        ),
        "Small numbers": (
            f"Results appear once at least {disclosure.MIN_RESPONSES} people have submitted; a perspective is "
            f"shown on its own only when at least {disclosure.MIN_GROUP} people with it submitted; other "
            f"partnerships are compared only when at least {disclosure.MIN_PEERS} contribute."
        ),
    }
    words = {**_FIXED_WORDS, **derived}
    first = ["Co-production", "Co-creation"]
    return [(word, words[word]) for word in first + sorted(set(words) - set(first))]


# What templates call by name (registered in web.py).
TEMPLATE_GLOBALS = {
    "disclosure": disclosure,
    "stage_colour": stage_colour,
    "scale_range": scale_range,
    "disagreement_rule": disagreement,
    "disagreement_levels": disagreement_levels,
    "theme_thresholds": theme_thresholds,
    "uniform_thresholds": uniform_thresholds,
    "action_plan": action_plan,
}
