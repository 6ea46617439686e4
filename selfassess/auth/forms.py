from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from selfassess.data.accounts import MIN_PASSWORD_LENGTH


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
