from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from selfassess.choices import level_choices
from selfassess.questionnaire import NOT_APPLICABLE, Indicator, Questionnaire

RATIONALE_MAX = 2000


def agree_form(questionnaire: Questionnaire, indicator: Indicator) -> type[FlaskForm]:
    choices = level_choices(questionnaire)
    if indicator.allow_na:
        choices.append(SelectChoice(NOT_APPLICABLE, "Not applicable"))

    class AgreeForm(FlaskForm):
        value = RadioField(
            "Which level did you agree?",
            choices=choices,
            validators=[InputRequired("Select the level you agreed")],
        )
        rationale = TextAreaField(
            "Why did you agree this level?",
            validators=[
                DataRequired("Write down why you agreed this level, so that others can follow the decision"),
                Length(max=RATIONALE_MAX, message=f"The reason must be {RATIONALE_MAX:,} characters or fewer"),
            ],
        )

    return AgreeForm


class RemoveAgreedForm(FlaskForm):
    pass


def filled_agree_form(questionnaire: Questionnaire, indicator: Indicator, existing: Any) -> FlaskForm:
    """The agree-a-level form for one question, showing the level already
    agreed (an AgreedAnswer, or None); the results page and the workshop
    both record through it."""
    form_class = agree_form(questionnaire, indicator)
    return form_class(data={"value": existing.value, "rationale": existing.rationale} if existing else None)
