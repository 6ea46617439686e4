"""The action plan's forms. The choices of what an action answers are
filled in by the view, from the round's questionnaire and its themes."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, Length, Optional

from selfassess import clock
from selfassess.data.models import ActionStatus

TEXT_MAX = 500
OWNER_MAX = 120  # the owner column's length
NOTE_MAX = 2000
COMMENT_MAX = 2000
# A due date is this year or within a lifetime of plans: a typing slip like
# 2207 or 207 is caught, not stored.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100

ONLY_LISTED = "Select only the questions and themes listed"

STATUS_WORDS = {
    ActionStatus.NOT_STARTED: "Not started",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
    ActionStatus.DROPPED: "Dropped",
}


class MultiCheckboxField(SelectMultipleField):
    """Several choices shown as checkboxes (the ``checkboxes`` macro)."""


class DatePartsField(Field):
    """A date typed as day, month and year in three boxes, the design
    system's date input. Posted as ``<name>-day``, ``<name>-month`` and
    ``<name>-year``; all three empty is no date."""

    PARTS = ("day", "month", "year")

    def __init__(self, label: str | None = None, validators: Any = None, what: str = "the date", **kwargs: Any):
        super().__init__(label, validators, **kwargs)
        self.what = what
        self.parts = dict.fromkeys(self.PARTS, "")

    def part_id(self, part: str) -> str:
        """The day's box has the field's own id, so the error summary's link reaches it."""
        return self.id if part == "day" else f"{self.id}-{part}"

    def part_name(self, part: str) -> str:
        return f"{self.name}-{part}"

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = self.data = data
        if isinstance(data, date):
            self.parts = {"day": str(data.day), "month": str(data.month), "year": str(data.year)}
        if formdata is None or not any(self.part_name(p) in formdata for p in self.PARTS):
            return
        self.raw_data = [formdata.get(self.part_name(p), "") for p in self.PARTS]
        self.parts = {p: value.strip()[:10] for p, value in zip(self.PARTS, self.raw_data, strict=True)}
        self.data = None
        problem = self._problem()
        if problem:
            self.process_errors.append(problem)

    def _problem(self) -> str | None:
        missing = [p for p in self.PARTS if not self.parts[p]]
        if len(missing) == len(self.PARTS):
            return None
        if missing:
            return f"{self.what.capitalize()} must include a {' and a '.join(missing)}"
        day, month, year = (self.parts[p] for p in self.PARTS)
        if not all(v.isascii() and v.isdigit() for v in (day, month, year)) or len(year) != 4:
            return f"{self.what.capitalize()} must be a real date, with a 4-digit year, like {_example()}"
        try:
            found = date(int(year), int(month), int(day))
        except ValueError:
            return f"{self.what.capitalize()} must be a real date, like {_example()}"
        if not EARLIEST_YEAR <= found.year <= LATEST_YEAR:
            return f"{self.what.capitalize()} must be between {EARLIEST_YEAR} and {LATEST_YEAR}"
        self.data = found
        return None


def _example() -> str:
    today = clock.today_in_london()
    return f"{today.day} {today.month} {today.year + 1}"


def date_hint() -> str:
    return f"For example, {_example()}."


class ActionForm(FlaskForm):
    """Adding an action, and changing one."""

    text = TextAreaField(
        "What will you do?",
        validators=[
            DataRequired("Enter what you will do"),
            Length(max=TEXT_MAX, message=f"Enter the action in {TEXT_MAX} characters or fewer"),
        ],
    )
    indicators = MultiCheckboxField("The questions it answers", invalid_choice_message=ONLY_LISTED)
    themes = MultiCheckboxField("The study's themes it answers", invalid_choice_message=ONLY_LISTED)
    owner = StringField(
        "Who owns it (optional)",
        validators=[Optional(), Length(max=OWNER_MAX, message=f"Enter a name of {OWNER_MAX} characters or fewer")],
    )
    due_on = DatePartsField("When it is due", what="the due date")
    status = RadioField(
        "Where it stands",
        choices=[SelectChoice(status.value, words) for status, words in STATUS_WORDS.items()],
        default=ActionStatus.NOT_STARTED.value,
        validate_choice=True,
        invalid_choice_message="Select where the action stands",
    )
    note = TextAreaField(
        "Note (optional)",
        validators=[Optional(), Length(max=NOTE_MAX, message=f"Enter a note of {NOTE_MAX} characters or fewer")],
    )


class CommentForm(FlaskForm):
    text = TextAreaField(
        "Your comment",
        validators=[
            DataRequired("Enter your comment"),
            Length(max=COMMENT_MAX, message=f"Enter a comment of {COMMENT_MAX} characters or fewer"),
        ],
    )


class ConfirmForm(FlaskForm):
    """Drafting the plan, and confirming an action's removal: nothing to fill in but the CSRF token."""
