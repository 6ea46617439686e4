"""The compare page's one form: which partnerships to compare (a GET form,
so that a comparison can be bookmarked: no CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, ValidationError
from wtforms.fields.choices import SelectChoice

MIN_CHOSEN = 2
MAX_CHOSEN = 6


class MultiCheckboxField(SelectMultipleField):
    """Several choices shown as checkboxes (the ``checkboxes`` widget)."""


def _how_many(form: FlaskForm, field: SelectMultipleField) -> None:
    chosen = len(set(field.data or []))
    if chosen < MIN_CHOSEN:
        raise ValidationError(f"Select at least {MIN_CHOSEN} partnerships to compare")
    if chosen > MAX_CHOSEN:
        raise ValidationError(f"Select no more than {MAX_CHOSEN} partnerships to compare")


class CompareForm(FlaskForm):
    class Meta:
        csrf = False

    partnership = MultiCheckboxField("Partnerships to compare", validators=[_how_many])


def compare_form(args, choices: list[tuple[int, str]]) -> CompareForm:
    """The form read from the query string, its choices the partnerships the adviser supports."""
    form = CompareForm(formdata=args)
    form.partnership.choices = [SelectChoice(str(value), label) for value, label in choices]
    return form
