from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from selfassess.choices import level_choices
from selfassess.questionnaire import NOT_APPLICABLE, Indicator, Questionnaire
from selfassess.results import dashboard

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


# --- the adviser's dashboard --------------------------------------------------------------


class MultiCheckboxField(SelectMultipleField):
    """Several choices shown as checkboxes (the ``checkboxes`` widget)."""


class DashboardForm(FlaskForm):
    """Filtering and sorting the dashboard: a GET form (no CSRF token), so a
    view can be bookmarked. It is never validated: ``dashboard.Filters.read``
    keeps what it understands and ignores the rest."""

    class Meta:
        csrf = False

    status = MultiCheckboxField(
        "Round status",
        choices=[
            SelectChoice(dashboard.OPEN, "Open"),
            SelectChoice(dashboard.CLOSED, "Closed"),
            SelectChoice(dashboard.NO_ROUND, "No round yet"),
        ],
    )
    stage = MultiCheckboxField("Overall stage")
    scope = RadioField(
        "Which partnerships",
        choices=[SelectChoice(dashboard.MINE, "The ones I support"), SelectChoice(dashboard.ALL, "All I may see")],
    )
    sort = SelectField(
        "Sort by",
        choices=[
            SelectChoice(dashboard.BY_NAME, "Partnership name"),
            SelectChoice(dashboard.BY_CLOSING, "Closing date, soonest first"),
            SelectChoice(dashboard.BY_RATE, "Response rate, lowest first"),
            SelectChoice(dashboard.BY_STAGE, "Overall stage, lowest first"),
            SelectChoice(dashboard.BY_CHANGE, "Change since the previous round, biggest fall first"),
        ],
    )

    @property
    def filters(self) -> dashboard.Filters:
        return dashboard.Filters.read(self.status.data, self.stage.data, self.scope.data, self.sort.data)

    def show(self, page: dashboard.Dashboard) -> None:
        """Ticked and chosen as the page was filtered (nothing it ignored),
        with the stages of the questionnaire's scale by their labels."""
        self.stage.choices = [SelectChoice(str(level.value), level.label) for level in page.scale] + [
            SelectChoice(dashboard.NO_STAGE, "No overall stage")
        ]
        chosen = page.filters
        self.status.data = [s for s in dashboard.STATUSES if s in chosen.statuses]
        self.stage.data = [c.value for c in self.stage.choices if c.value in chosen.stages]
        self.scope.data = chosen.scope
        self.sort.data = chosen.sort
