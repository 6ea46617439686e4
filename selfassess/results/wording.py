"""Sentences that state a rule, made from the rule: the questionnaire's
settings, its scale, domains and perspectives, and the themes' thresholds.
A questionnaire with other settings prints other words; nothing here types
a number that a setting holds.

Used by the results page, the PDF report and the exports.
"""

from __future__ import annotations

from dataclasses import dataclass

from selfassess import disclosure, scoring
from selfassess.presentation import long_date, plural
from selfassess.questionnaire import Indicator, Questionnaire, ThemesFile
from selfassess.questionnaire.schema import Action
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


# How a change since a round on another major version of the questionnaire is labelled.
CROSS_VERSION = "measured with an earlier version of the questionnaire: compare with care"


def share(value: float) -> str:
    """A share as people read it: "a quarter (25%)", "40%"."""
    words = {0.25: "a quarter", 0.5: "half", 0.75: "three quarters", 1.0: "all"}
    percent = f"{value * 100:g}%"
    return f"{words[value]} ({percent})" if value in words else percent


def disagreement_levels(questionnaire: Questionnaire) -> str:
    """How far from the majority level an answer must be to count against it: "2 levels"."""
    return plural(questionnaire.scoring.disagreement.distance, "level")


def disagreement(questionnaire: Questionnaire) -> str:
    settings = questionnaire.scoring
    return (
        f"A question is flagged as views differing when at least {share(settings.disagreement.share)} of the "
        f"answers are {disagreement_levels(questionnaire)} or more from the majority level, once at least "
        f"{max(2, settings.min_answers)} people have given a level."
    )


def too_few(questionnaire: Questionnaire) -> str:
    """Why a question with some levels has no score."""
    return (
        f"A question needs levels from at least {plural(questionnaire.scoring.min_answers, 'person', 'people')} "
        "for a score, so that no score is one person's answer."
    )


def uniform_thresholds(study: ThemesFile) -> tuple[float, float] | None:
    """The (gap at most, strength above) thresholds every theme shares, or None when they differ."""
    found = {(t.thresholds.gap_at_most, t.thresholds.strength_above) for t in study.themes}
    return found.pop() if len(found) == 1 else None


def theme_thresholds(study: ThemesFile) -> str:
    shared = uniform_thresholds(study)
    if shared is None:
        rule = (
            "Each theme has its own thresholds for a gap and a strength, shown beside it; "
            "between the two it is partial."
        )
    else:
        gap, strength = shared
        rule = (
            f"A theme counts as a gap at {number(gap)} or below, a strength above {number(strength)} "
            "and partial in between."
        )
    return f"{rule} These thresholds are selfassess's: the study gives themes, not scores."


def is_gap_question(results: RoundResults, indicator: Indicator) -> bool:
    """A question scores as a gap on at least one of the study themes it is
    linked to (the same rule as a theme's own status)."""
    outcome = results.result.indicator(indicator.id) if results.result else None
    if outcome is None or outcome.score is None:
        return False
    study = results.questionnaire.study
    return any(
        scoring.theme_status(study.theme(theme_id).thresholds, outcome.score) == "gap" for theme_id in indicator.themes
    )


def outcome_text(questionnaire: Questionnaire, outcome: scoring.IndicatorResult) -> str:
    """A question's result when it has no score, in words."""
    return {
        "not_applicable": "Not applicable",
        "unanswered": "No levels given",
        "too_few": f"Too few answers (fewer than {questionnaire.scoring.min_answers})",
        "not_asked": "Not asked of anyone who took part",
    }.get(outcome.status, "")


def scored_level(questionnaire: Questionnaire, indicator: Indicator, score: float | None) -> tuple[str, str] | None:
    """The stage a question's score is in, and the question's own description
    of that level: (label, description)."""
    level = scoring.stage_level(questionnaire, score)
    return None if level is None else (level.label, indicator.levels[level.value].strip())


def no_results(results: RoundResults) -> str:
    """Why a round has no scores to show."""
    if not results.released:
        return (
            f"Results appear when the round closes, if at least {disclosure.MIN_RESPONSES} people have submitted "
            "their answers by then. There are no results while it is open: the lead can see who has submitted, "
            "so results seen before and after one person submitted would show that person's answers."
        )
    had = plural(results.scored.submitted, "person", "people")
    return (
        f"Results appear once at least {disclosure.MIN_RESPONSES} people have submitted their answers, so that "
        f"nobody's answers can be worked out. When the round last closed, {had} had."
    )


def reopened(results: RoundResults) -> str:
    """The note on results of a round that is open again."""
    return (
        f"The round is open again. These results are as they were when it closed on "
        f"{long_date(results.round_.released_at)}; "
        "they change only when it closes again, and then only if the rule for changing results allows."
    )


def domains_lacking(results: RoundResults) -> tuple[list[str], list[str]]:
    """The titles of the domains without enough answers for a score, and of
    those that do not apply here at all, for an overall result that is not complete."""
    if results.result is None:
        return [], []
    titles = {d.id: d.title for d in results.questionnaire.domains}
    lacking = [titles[d.id] for d in results.result.domains if d.insufficient]
    not_applicable = [titles[d.id] for d in results.result.domains if not d.applicable]
    return lacking, not_applicable


@dataclass(frozen=True)
class PlannedQuestion:
    indicator: Indicator
    score: float | None
    priority: bool
    actions: list[Action]  # for partnerships, from the question's themes


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
                action
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
    "Consensus": (
        "The level a group agrees on. Here, the majority level of everyone's answers to a question, or the level "
        "the partnership agreed."
    ),
    "Agreed level": (
        "A level the partnership recorded after talking a question through, with the reason. It replaces the "
        "majority level in the results."
    ),
    "Coverage": "How much of a domain people could answer: answered questions as a share of those that apply.",
    "Interim": "Results of a round that is still open: they will change as more people submit.",
    "Majority level": (
        "The highest level that more than half of the people who gave a level reached. When answers split "
        "evenly, it is the lower of the two middle levels: a tie never rounds up."
    ),
    "Median": (
        "The middle value when figures are put in order (halfway between the two middle ones when there is an "
        "even number). Used for other partnerships' scores."
    ),
    "Spread": "The gap, in levels, between the highest and the lowest answer to a question.",
    "Scoring method": (
        f"The rules that turn answers into scores; this report uses {scoring.METHOD}, which scores every round, "
        "earlier ones included, the same way."
    ),
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
        "Too few answers": too_few(questionnaire),
        "Study theme": (
            "Something the study of co-production in Scottish health and social care found holds partnerships "
            f"back or helps them. {theme_thresholds(questionnaire.study)}"
        ),
        "Small numbers": (
            f"Results appear once at least {disclosure.MIN_RESPONSES} people have submitted and the round has "
            f"closed; a perspective is shown on its own only when at least {disclosure.MIN_GROUP} people with it "
            "submitted; results change after a round reopens only when at least "
            f"{disclosure.MIN_CHANGED} people's answers have changed; other partnerships are compared only when "
            f"at least {disclosure.MIN_PEERS} contribute."
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
    "too_few_rule": too_few,
    "outcome_text": outcome_text,
    "scored_level": scored_level,
    "domains_lacking": domains_lacking,
    "no_results": no_results,
    "reopened_note": reopened,
    "scoring_method": scoring.METHOD,
    "cross_version_label": CROSS_VERSION,
    "scoring_method_since": scoring.METHOD_SINCE,
    "theme_thresholds": theme_thresholds,
    "uniform_thresholds": uniform_thresholds,
    "action_plan": action_plan,
}
