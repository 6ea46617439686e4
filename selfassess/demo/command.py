"""The ``selfassess demo`` command: refuse in production and on a database
holding other data, load (or reload) the demo, and print its sign-ins."""

from __future__ import annotations

import sys

import click
from flask import current_app

from selfassess.data import audit
from selfassess.data.base import db
from selfassess.demo.people import PASSWORD, SIGN_INS
from selfassess.demo.reset import delete_demo_data, has_demo_data, non_demo_counts
from selfassess.demo.seeding import seed


@click.command("demo")
@click.option(
    "--if-empty", is_flag=True, help="Skip loading, without failing, when the database holds any data (for make run)."
)
@click.option("--reset", is_flag=True, help="Delete all demo data and load it again.")
@click.option("--port", type=int, default=5000, envvar="PORT", show_default=True, help="The port shown in the address.")
def demo_command(if_empty: bool, reset: bool, port: int) -> None:
    """Load demo partnerships, rounds and answers, and print the demo sign-ins."""
    if if_empty and reset:
        raise click.UsageError("Use --if-empty or --reset, not both.")
    if current_app.config["ENV"] == "production":
        _refuse("Refusing to load demo data: SELFASSESS_ENV is production.")
    if not reset and has_demo_data():
        click.echo("Demo data is already loaded ('selfassess demo --reset' loads it afresh).")
        click.echo(sign_ins_text(port))
        return
    people_count, rounds_count = non_demo_counts()
    if people_count or rounds_count:
        what = ", ".join(
            part
            for part in (_plural(people_count, "person", "people"), _plural(rounds_count, "round", "rounds"))
            if part
        )
        message = f"this database holds data that is not demo data ({what}); use a new database for the demo."
        if if_empty:
            # make run serves any database: one that holds real data simply gets no demo data.
            click.echo(f"No demo data loaded: {message}", err=True)
            return
        _refuse(f"Refusing to load demo data: {message}")

    if reset:
        delete_demo_data()
    seed()
    audit.record("loaded demo data", reset=reset)
    db.session.commit()
    click.echo("Demo data loaded.")
    click.echo(sign_ins_text(port))


def _refuse(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(2)


def _plural(count: int, one: str, many: str) -> str:
    if not count:
        return ""
    return f"1 {one}" if count == 1 else f"{count} {many}"


def sign_ins_text(port: int) -> str:
    width = max(len(s.email) for s in SIGN_INS)
    lines = [f"Open http://127.0.0.1:{port} and sign in with the password {PASSWORD} as:"]
    lines += [f"  {s.email.ljust(width)}  {s.role}" for s in SIGN_INS]
    return "\n".join(lines)
