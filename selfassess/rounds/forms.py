"""The lead's forms: one per page. Choices are filled in by the view, from
the round's questionnaire or the partnership's members."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, StopValidation, ValidationError

from selfassess.data.reminders import AUTOMATIC_WHEN
from selfassess.plans.forms import DatePartsField

PERSPECTIVE_MESSAGE = "Select the person's perspective"


class DateRequired:
    """The date input's "Enter ..." message when all three boxes are empty,
    or hold only spaces (DatePartsField strips them), and only then: a date
    with a part missing or impossible already has its one message."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: FlaskForm, field: DatePartsField) -> None:
        if field.data is None and not field.process_errors:
            raise StopValidation(self.message)


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
    """The new-round form; valid, it leads to the check page, which opens nothing."""

    title = StringField(
        "Name of the round",
        validators=[
            DataRequired("Enter a name for the round, like Self-assessment 2026"),
            Length(max=200, message="Enter a name of 200 characters or fewer"),
        ],
    )
    opens_on = DatePartsField("Opens on", validators=[DateRequired("Enter the opening date")], what="the opening date")
    closes_on = DatePartsField(
        "Closes on", validators=[DateRequired("Enter the closing date")], what="the closing date"
    )
    questionnaire_version = SelectField(
        "Questionnaire",
        coerce=int,
        invalid_value_message="Select the questionnaire for this round",
        invalid_choice_message="Select the questionnaire for this round",
    )

    def validate_closes_on(self, field: DatePartsField) -> None:
        if field.data is not None and self.opens_on.data is not None and field.data <= self.opens_on.data:
            raise ValidationError("The closing date must be after the opening date")


class OpenRoundForm(NewRoundForm):
    """The check page's "Open the round": the checked values again, in hidden
    fields validated afresh, and ``checked``, a signed copy of them, so that
    values changed after the check are refused rather than stored."""

    checked = HiddenField()


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
