"""The ``selfassess`` command: the app's Flask CLI group plus the commands
that need no app (checking questionnaire files, scoring a responses file)."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import FlaskGroup

from selfassess.questionnaire import QuestionnaireError, check, load
from selfassess.responses_file import ResponsesError, parse_responses
from selfassess.scoring import score


@click.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
def check_command(paths: tuple[str, ...]) -> None:
    """Check questionnaire and study-themes files; print OK or one line per problem."""
    problems = [problem for path in paths for problem in check(path)]
    if problems:
        for problem in problems:
            click.echo(str(problem))
        sys.exit(2)
    click.echo("OK")


@click.command("score")
@click.option("--questionnaire", "questionnaire_path", required=True, type=click.Path(dir_okay=False))
@click.option("--responses", "responses_path", required=True, type=click.Path(dir_okay=False, allow_dash=True))
def score_command(questionnaire_path: str, responses_path: str) -> None:
    """Score a responses file (JSON) and print the result as JSON."""
    try:
        questionnaire = load(questionnaire_path)
    except QuestionnaireError as exc:
        _fail(
            str(exc.problems[0])
            if len(exc.problems) == 1
            else f"{exc.problems[0]} (and {len(exc.problems) - 1} more problems; run 'selfassess check')"
        )
    try:
        text = click.open_file(responses_path, encoding="utf-8").read()
    except OSError as exc:
        _fail(f"{responses_path}: cannot be read ({exc.strerror})")
    except UnicodeDecodeError:
        _fail(f"{responses_path}: not UTF-8 text")
    try:
        respondents, agreed = parse_responses(text, questionnaire)
    except ResponsesError as exc:
        _fail(f"{responses_path}: {exc}")
    click.echo(json.dumps(score(questionnaire, respondents, agreed).to_dict(), indent=2))


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(2)


STANDALONE_COMMANDS = (check_command, score_command)


def _create_app():  # type: ignore[no-untyped-def]
    from selfassess import create_app

    return create_app()


cli = FlaskGroup(
    name="selfassess",
    create_app=_create_app,
    help="selfassess: co-production self-assessment for Health and Social Care Partnerships.",
)
for _command in STANDALONE_COMMANDS:
    cli.add_command(_command)


def main() -> None:
    cli.main()
