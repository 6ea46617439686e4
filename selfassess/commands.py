"""The app's own ``selfassess`` commands (those that need the app and database)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app

from selfassess.cli import STANDALONE_COMMANDS
from selfassess.data import transaction, versions
from selfassess.demo import demo_command
from selfassess.questionnaire import QuestionnaireError


@click.command("load-questionnaire")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
def load_questionnaire_command(path: str | None) -> None:
    """Store a questionnaire file (default: the built-in one) as a version rounds can use."""
    path = path or str(Path(current_app.config["QUESTIONNAIRES_DIR"]) / current_app.config["DEFAULT_QUESTIONNAIRE"])
    try:
        version, new = versions.load_file(path)
    except QuestionnaireError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(2)
    transaction.commit()
    state = "Loaded" if new else "Already loaded:"
    click.echo(f"{state} {version.questionnaire_id} version {version.version} (sha256 {version.sha256[:12]})")


@click.command("create-admin")
@click.argument("email")
@click.argument("name")
def create_admin_command(email: str, name: str) -> None:
    """Make a person an administrator (creating their account if needed); they
    set their password through "Forgotten your password?"."""
    from email_validator import EmailNotValidError, validate_email

    from selfassess.data import accounts, audit

    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        click.echo(f"{email!r} is not an email address: {error}", err=True)
        sys.exit(2)
    account = accounts.by_email(email)
    if account is None:
        account = accounts.create(email, name, is_admin=True)
    else:
        account.is_admin = True
    audit.commit("made administrator", via="command line", account_id=account.id)
    click.echo(f"{account.email} is an administrator. They set a password with 'Forgotten your password?'.")


def register_commands(app: Flask) -> None:
    from selfassess.backup import export_command, import_command
    from selfassess.reports.cli import report_command
    from selfassess.rounds.commands import close_due_command
    from selfassess.worker import worker_command

    for command in (
        *STANDALONE_COMMANDS,
        load_questionnaire_command,
        demo_command,
        report_command,
        worker_command,
        close_due_command,
        export_command,
        import_command,
        create_admin_command,
    ):
        app.cli.add_command(command)
