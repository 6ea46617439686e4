"""``selfassess close-due``: close the rounds whose closing date has ended
and send the automatic reminders due (``rounds/reminders.py``). Run it every
hour from cron, or let ``selfassess worker`` run it (``close_due_job``)."""

from __future__ import annotations

import click
from flask import current_app

from selfassess.rounds import reminders


@click.command("close-due")
def close_due_command() -> None:
    """Close rounds whose closing date has ended, and send the automatic reminders due."""
    for line in reminders.close_due().lines():
        click.echo(line)


def close_due_job() -> list[str]:
    """The worker's scheduled run of close-due; its summary goes to the log and the job's result."""
    lines = reminders.close_due().lines()
    current_app.logger.info("close-due: %s", "; ".join(lines))
    return lines
