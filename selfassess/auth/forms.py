from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from selfassess import passwords
from selfassess.data.accounts import MIN_PASSWORD_LENGTH

if TYPE_CHECKING:
    from selfassess.data.models import Account


class SignInForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired("Enter your email address")])
    password = PasswordField("Password", validators=[DataRequired("Enter your password")])


class ForgottenPasswordForm(FlaskForm):
    email = EmailField(
        "Email address",
        validators=[
            DataRequired("Enter your email address"),
            Email("Enter an email address in the right format, like name@example.org"),
        ],
    )


class SetPasswordForm(FlaskForm):
    """Every form that sets a password is this one, so every password set is
    checked by ``passwords.too_easy``; ``person`` is whose password it is
    (their name and email address make a password easy to guess)."""

    password = PasswordField(
        "New password",
        validators=[
            DataRequired("Enter a new password"),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=f"Your password must be at least {MIN_PASSWORD_LENGTH} characters long",
            ),
        ],
    )
    confirm = PasswordField(
        "Type the new password again",
        validators=[
            DataRequired("Type the new password again"),
            EqualTo("password", "The two passwords do not match; type them again"),
        ],
    )

    def __init__(self, *args: Any, person: Account | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def validate_password(self, field: PasswordField) -> None:
        if field.errors:  # too short or too long: that message first
            return
        person = self.person
        if passwords.too_easy(field.data, person and person.name, person and person.email):
            raise ValidationError(passwords.TOO_EASY)
