"""The national picture's forms: publishing a snapshot, and the national-body role."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.fields import HiddenField
from wtforms.validators import AnyOf, DataRequired


class PublishForm(FlaskForm):
    """The "Publish national picture for <date>" button: only the CSRF token."""


class NationalRoleForm(FlaskForm):
    """The "Make an adviser of a national body" and "Remove" buttons."""

    make_national = HiddenField(validators=[DataRequired(), AnyOf(["yes", "no"])])
