"""Whose words are whose: what comes from the study and what from selfassess.

The study gives themes (barriers, facilitators and tensions it found), not
scores; the thresholds that turn scores into a theme's status, the level
descriptors and most actions are selfassess's own. Every page and the PDF
print a theme's status and an action's basis in these words, from this one
table, so that an adviser can always tell the study's finding from our advice.
"""

from __future__ import annotations

from selfassess.questionnaire.schema import Action, Theme

# How a theme's status reads against the kind of theme it is: "a gap" on a
# barrier means the barrier holds here.
THEME_STATUS_WORDS = {
    "barrier": {
        "gap": "This barrier holds here",
        "partial": "This barrier partly holds here",
        "strength": "Working past this barrier",
    },
    "facilitator": {
        "gap": "Not yet in place here",
        "partial": "Partly in place here",
        "strength": "In place here",
    },
    "tension": {
        "gap": "Unresolved here",
        "partial": "Partly managed here",
        "strength": "Managed well here",
    },
}
NO_EVIDENCE = "Not enough answers to say"
STATUS_COLOURS = {"gap": "red", "partial": "orange", "strength": "green", "no_evidence": "grey"}

# What an action rests on, in words.
BASIS_WORDS = {
    "study_recommends": "The study recommends",
    "study_implies": "A reading of the study's finding",
    "selfassess_suggests": "Suggested by selfassess, drawing on this finding",
}
AIMED_AT_WORDS = {"partnership": "for partnerships", "national": "for national bodies"}
# An action of a round's plan rests on the same words, or is the partnership's own.
PARTNERSHIP_ACTION = "The partnership's own action"
UNKNOWN_BASIS = "Not recorded"

KIND_WORDS = {"barrier": "a barrier", "facilitator": "something that helps", "tension": "a tension"}
LEVEL_WORDS = {
    "meso": "partnership areas (meso)",
    "macro": "national (macro)",
    "evidence-review": "evidence review",
    "policy": "policy documents",
}

ABOUT_THEMES = (
    "The study gives themes, not scores: it found what holds partnerships back or helps them, but it did not "
    "measure any partnership. The thresholds that turn a partnership's scores into a theme's status, and "
    "the descriptions of each level, are selfassess's own."
)


def theme_status(theme: Theme, status: str) -> str:
    """A theme's status in words that read right against its kind."""
    if status == "no_evidence":
        return NO_EVIDENCE
    return THEME_STATUS_WORDS[theme.kind][status]


def basis(action: Action) -> str:
    """ "The study recommends", "A reading of the study's finding" or "Suggested by selfassess, ..." """
    return BASIS_WORDS[action.basis]


def plan_basis(basis: str) -> str:
    """Whose word a planned action is, from its stored basis: "partnership"
    for one the lead wrote, or the basis of the theme action it came from."""
    if basis == "partnership":
        return PARTNERSHIP_ACTION
    return BASIS_WORDS.get(basis, UNKNOWN_BASIS)


def aimed_at(action: Action) -> str:
    return AIMED_AT_WORDS[action.aimed_at]


TEMPLATE_GLOBALS = {
    "theme_status_words": theme_status,
    "theme_status_colour": STATUS_COLOURS.get,
    "action_basis": basis,
    "plan_basis": plan_basis,
    "action_aimed_at": aimed_at,
    "theme_kind_words": KIND_WORDS.get,
    "theme_level_words": LEVEL_WORDS.get,
    "about_themes": ABOUT_THEMES,
}
