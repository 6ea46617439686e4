"""The administrator's forms: one per page."""

from __future__ import annotations

import re
from datetime import date

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from selfassess.data.models import Role

PARTNERSHIP_NAME_MAX = 120
PERSON_NAME_MAX = 120
EMAIL_MAX = 254

ROLE_CHOICES = [
    SelectChoice(Role.RESPONDENT.value, "Respondent: answers the questionnaire"),
    SelectChoice(Role.LEAD.value, "Lead: also runs rounds, sends invitations and shares results"),
]

ADVISER_NONE = "none"
ADVISER_ALL = "all"
ADVISER_SOME = "some"


class MultiCheckboxField(SelectMultipleField):
    """Several choices shown as checkboxes (the ``checkboxes`` macro)."""


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _has_letter_or_digit(form: FlaskForm, field: StringField) -> None:
    if field.data and not any(ch.isalnum() for ch in field.data):
        raise ValidationError("Enter a name with at least one letter or number")


class PartnershipForm(FlaskForm):
    """Adding a partnership, and renaming one."""

    name = StringField(
        "Partnership name",
        validators=[
            DataRequired("Enter the partnership's name"),
            Length(
                max=PARTNERSHIP_NAME_MAX,
                message=f"Enter a name of {PARTNERSHIP_NAME_MAX} characters or fewer",
            ),
            _has_letter_or_digit,
        ],
    )


class SearchForm(FlaskForm):
    """Searching people (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField("Search by email address or name", validators=[Optional(), Length(max=EMAIL_MAX)])


def _person_email() -> EmailField:
    """A person's email address, as adding a person and making someone a lead ask for it."""
    return EmailField(
        "Email address",
        filters=[_strip],
        validators=[
            DataRequired("Enter the person's email address"),
            Length(max=EMAIL_MAX, message=f"Enter an email address of {EMAIL_MAX} characters or fewer"),
            Email("Enter an email address in the right format, like name@example.org"),
        ],
    )


class PersonForm(FlaskForm):
    email = _person_email()
    name = StringField(
        "Full name",
        filters=[_strip],
        validators=[
            DataRequired("Enter the person's full name"),
            Length(max=PERSON_NAME_MAX, message=f"Enter a name of {PERSON_NAME_MAX} characters or fewer"),
        ],
    )


class MakeLeadForm(FlaskForm):
    """Making someone a partnership's lead: a new person, or one with an account already."""

    email = _person_email()
    name = StringField(
        "Full name",
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=PERSON_NAME_MAX, message=f"Enter a name of {PERSON_NAME_MAX} characters or fewer"),
        ],
    )
    perspective = RadioField(
        "Perspective", validators=[InputRequired("Select the perspective they answer from")], validate_choice=False
    )

    def validate_perspective(self, field: RadioField) -> None:
        _one_of(field, "Select a perspective from the list")


class AddMembershipForm(FlaskForm):
    partnership = SelectField("Partnership", validate_choice=False, validators=[DataRequired("Select a partnership")])
    role = RadioField("Role", choices=ROLE_CHOICES, validators=[InputRequired("Select a role")], validate_choice=False)
    perspective = RadioField(
        "Perspective", validators=[InputRequired("Select the perspective they answer from")], validate_choice=False
    )

    def validate_partnership(self, field: SelectField) -> None:
        _one_of(field, "Select a partnership from the list")

    def validate_role(self, field: RadioField) -> None:
        _one_of(field, "Select a role from the list")

    def validate_perspective(self, field: RadioField) -> None:
        _one_of(field, "Select a perspective from the list")


class ChangeMembershipForm(FlaskForm):
    role = RadioField("Role", choices=ROLE_CHOICES, validators=[InputRequired("Select a role")], validate_choice=False)
    perspective = RadioField(
        "Perspective", validators=[InputRequired("Select the perspective they answer from")], validate_choice=False
    )

    def validate_role(self, field: RadioField) -> None:
        _one_of(field, "Select a role from the list")

    def validate_perspective(self, field: RadioField) -> None:
        _one_of(field, "Select a perspective from the list")


def _values(field: SelectField | RadioField | SelectMultipleField) -> set[str]:
    return {choice.value for choice in field.iter_choices() if choice.value}


def _one_of(field: SelectField | RadioField, message: str) -> None:
    if field.data not in _values(field):
        raise ValidationError(message)


class AdviserForm(FlaskForm):
    adviser = RadioField(
        "Is this person an improvement adviser?",
        choices=[
            SelectChoice(ADVISER_NONE, "No, not an adviser"),
            SelectChoice(ADVISER_ALL, "Yes, for all partnerships"),
            SelectChoice(ADVISER_SOME, "Yes, for the partnerships chosen below"),
        ],
        validators=[InputRequired("Select whether this person is an adviser")],
        validate_choice=False,
    )
    partnerships = MultiCheckboxField("Partnerships they advise", validate_choice=False)

    def validate_adviser(self, field: RadioField) -> None:
        _one_of(field, "Select whether this person is an adviser")

    def validate_partnerships(self, field: MultiCheckboxField) -> None:
        allowed = _values(field)
        if any(value not in allowed for value in field.data or []):
            raise ValidationError("Select partnerships from the list")
        if self.adviser.data == ADVISER_SOME and not field.data:
            raise ValidationError("Select at least one partnership, or choose “Yes, for all partnerships”")


class AdminFlagForm(FlaskForm):
    """The "Make an administrator" and "Remove administrator role" buttons."""

    make_admin = HiddenField(validators=[DataRequired()])


class ButtonForm(FlaskForm):
    """A button that changes something ("Erase this person", "Remove"): only the CSRF token."""


class EraseForm(FlaskForm):
    """Erasing a person: their name and email always; their answers only when
    asked; and, for each action they own, its new owner or none (the fields
    ``erase_form`` adds)."""

    remove_answers = BooleanField("Also remove the answers they submitted from results")
    owned: tuple[tuple[int, str], ...] = ()  # (id, text) of each action they own

    def owner_fields(self, action_id: int) -> tuple[RadioField, StringField]:
        return self[f"action_{action_id}"], self[f"owner_{action_id}"]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for action_id, text in self.owned:
            choice, owner = self.owner_fields(action_id)
            if not choice.errors and choice.data not in (GIVE_TO, NO_OWNER):
                choice.errors.append(f"Choose what happens to the action “{_short(text)}”")
                valid = False
            elif choice.data == GIVE_TO and not owner.data and not owner.errors:
                owner.errors.append(f"Enter the new owner of “{_short(text)}”, or choose to leave it with no owner")
                valid = False
        return valid

    def new_owners(self) -> dict[int, str | None]:
        """Each action's new owner, None for none."""
        found: dict[int, str | None] = {}
        for action_id, _ in self.owned:
            choice, owner = self.owner_fields(action_id)
            found[action_id] = owner.data if choice.data == GIVE_TO else None
        return found


GIVE_TO = "give"
NO_OWNER = "none"
OWNER_MAX = 120  # the action's owner column
OWNER_CHOICES = [SelectChoice(GIVE_TO, "Give it to someone else"), SelectChoice(NO_OWNER, "Leave it with no owner")]


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57].rstrip() + "…"


def erase_form(owned: list[tuple[int, str]]) -> EraseForm:
    """The erasure form with a choice and a new owner for each action the
    person owns, given as (id, text)."""
    fields: dict[str, object] = {"owned": tuple(owned)}
    for action_id, text in owned:
        fields[f"action_{action_id}"] = RadioField(
            "What happens to this action",
            choices=OWNER_CHOICES,
            validators=[InputRequired(f"Choose what happens to the action “{_short(text)}”")],
            validate_choice=False,
        )
        fields[f"owner_{action_id}"] = StringField(
            "New owner",
            filters=[_strip],
            validators=[Length(max=OWNER_MAX, message=f"Enter a new owner of {OWNER_MAX} characters or fewer")],
        )
    return type("OwnersEraseForm", (EraseForm,), fields)()


class LoadQuestionnaireForm(FlaskForm):
    """A "Load this version" button: the name of a file in the questionnaires folder."""

    name = HiddenField(validators=[DataRequired()])


def _day(text: str | None) -> date | None:
    """A date typed as 27/3/2026 (or 27-3-2026) or 2026-03-27; None when it is not one."""
    text = (text or "").strip()
    parts = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if parts is None:
        return None
    day, month, year = parts.group(1, 2, 3) if parts.group(1) else reversed(parts.group(4, 5, 6))
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _a_day(form: FlaskForm, field: StringField) -> None:
    if field.data and field.data.strip() and _day(field.data) is None:
        raise ValidationError(f"Enter the “{field.label.text}” date as a real date, like 27/3/2026")


class AuditFilterForm(FlaskForm):
    """Filtering the audit log (a GET form: no CSRF token). Every field may be left empty."""

    class Meta:
        csrf = False

    partnership = SelectField("Partnership", validate_choice=False)
    person = StringField(
        "Who did it",
        filters=[_strip],
        validators=[Optional(), Length(max=EMAIL_MAX, message=f"Enter {EMAIL_MAX} characters or fewer")],
    )
    kind = SelectField("What happened", validate_choice=False)
    since = StringField("From", validators=[_a_day])
    until = StringField("To", validators=[_a_day])

    def validate_partnership(self, field: SelectField) -> None:
        if field.data:
            _one_of(field, "Select a partnership from the list")

    def validate_kind(self, field: SelectField) -> None:
        if field.data:
            _one_of(field, "Select a kind of event from the list")

    def validate_until(self, field: StringField) -> None:
        since, until = self.day_since, self.day_until
        if since is not None and until is not None and until < since:
            raise ValidationError("Enter a “To” date that is the same as or after the “From” date")

    @property
    def day_since(self) -> date | None:
        return _day(self.since.data)

    @property
    def day_until(self) -> date | None:
        return _day(self.until.data)
