"""Choices offered by more than one form, built from the questionnaire."""

from __future__ import annotations

from wtforms.fields.choices import SelectChoice

from selfassess.questionnaire import Questionnaire


def level_choices(questionnaire: Questionnaire) -> list[SelectChoice]:
    """The scale's levels: "1: Not yet in place", ..."""
    return [SelectChoice(str(level.value), f"{level.value}: {level.label}") for level in questionnaire.scale]


def perspective_choices(questionnaire: Questionnaire) -> list[SelectChoice]:
    return [SelectChoice(p.id, p.label) for p in questionnaire.perspectives]
