"""The lead's forms: one per page. Choices are filled in by the view, from
the round's questionnaire or the partnership's members."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField
from wtforms.fields import DateField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from selfassess.data.reminders import AUTOMATIC_WHEN

PERSPECTIVE_MESSAGE = "Select the person's perspective"


class DateInputField(DateField):
    """A date from ``<input type="date">``: an empty box, or one of only
    spaces, is left to the InputRequired message, so the person sees one
    message, not two (and spaces never pass for a date)."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not "".join(valuelist).strip():
            self.data = None
            self.raw_data = []  # what InputRequired reads: nothing was typed
            return
        super().process_formdata(valuelist)


def perspective_field(label: str = "Their perspective") -> RadioField:
    return RadioField(label, invalid_choice_message=PERSPECTIVE_MESSAGE)


class InviteForm(FlaskForm):
    """The invite form on the round page."""

    email = EmailField(
        "Email address",
        validators=[
            DataRequired("Enter the email address of the person you want to invite"),
            Email("Enter an email address in the right format, like name@example.org"),
            Length(max=254, message="Enter an email address of 254 characters or fewer"),
        ],
    )
    name = StringField(
        "Their name (optional)",
        validators=[Optional(), Length(max=120, message="Enter a name of 120 characters or fewer")],
    )
    perspective = perspective_field()


class NewRoundForm(FlaskForm):
    title = StringField(
        "Name of the round",
        validators=[
            DataRequired("Enter a name for the round, like Self-assessment 2026"),
            Length(max=200, message="Enter a name of 200 characters or fewer"),
        ],
    )
    opens_on = DateInputField(
        "Opens on",
        validators=[InputRequired("Enter the date the round opens")],
        invalid_value_message="Enter the date the round opens as a real date, like 1 October 2026",
    )
    closes_on = DateInputField(
        "Closes on",
        validators=[InputRequired("Enter the date the round closes")],
        invalid_value_message="Enter the date the round closes as a real date, like 1 December 2026",
    )
    questionnaire_version = SelectField(
        "Questionnaire",
        coerce=int,
        invalid_value_message="Select the questionnaire for this round",
        invalid_choice_message="Select the questionnaire for this round",
    )

    def validate_closes_on(self, field: DateInputField) -> None:
        if field.data is not None and self.opens_on.data is not None and field.data < self.opens_on.data:
            raise ValidationError("The closing date must be the same as or after the opening date")


class CloseRoundForm(FlaskForm):
    """The confirmation page before closing. When anyone invited has not
    submitted, the lead ticks that they understand those people will not be
    able to answer (the view makes the box required then)."""

    understood = BooleanField("I understand that they will not be able to answer")


CLOSE_UNDERSTOOD_MESSAGE = "Tick the box to say you understand that they will not be able to answer"


class SendRemindersForm(FlaskForm):
    """The reminders page's button: nothing to fill in but the CSRF token."""


class AutomaticRemindersForm(FlaskForm):
    automatic = BooleanField(f"Send reminders by themselves {AUTOMATIC_WHEN} before the closing date")


RECORDED_SOURCES = {"paper": "A paper copy", "interview": "An interview"}


class RecordResponseForm(FlaskForm):
    source = RadioField(
        "Where do the answers come from?",
        invalid_choice_message="Select where the answers come from",
    )
    perspective = perspective_field("The perspective of the person who gave the answers")
    label = StringField(
        "A note to tell this response apart (optional)",
        validators=[Optional(), Length(max=120, message="Enter a note of 120 characters or fewer")],
    )


HAND_OVER = "hand_over"
ADD_LEAD = "add"


class LeadsForm(FlaskForm):
    person = RadioField(
        "Who should lead?",
        invalid_choice_message="Select the person who should lead",
    )
    action = RadioField(
        "What do you want to do?",
        invalid_choice_message="Select whether to hand over the lead role or share it",
    )
