"""``selfassess report ROUND_ID -o FILE.pdf``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from selfassess.data import audit, rounds
from selfassess.reports import build
from selfassess.routing import MAX_ID


@click.command("report")
@click.argument("round_id", type=click.IntRange(1, MAX_ID))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, writable=True), help="Where to write the PDF")
def report_command(round_id: int, output: str | None) -> None:
    """Write the PDF report of a round."""
    round_ = rounds.get(round_id)
    if round_ is None:
        click.echo(f"There is no round {round_id}.", err=True)
        sys.exit(2)
    target = Path(output or build.filename(round_))
    try:
        pdf = build.report_pdf(round_)
    except build.ReportError as error:
        click.echo(f"The report of round {round_id} could not be built: {error}", err=True)
        sys.exit(1)
    target.write_bytes(pdf)
    audit.commit_round("downloaded report", round_, None, via="command line")
    click.echo(f"Wrote {target} ({target.stat().st_size // 1024} KB)")
