"""``selfassess worker``: runs background jobs from Redis (RQ) when REDIS_URL is set."""

from __future__ import annotations

import sys

import click
from flask import current_app

from selfassess.reports.jobs import queue_name


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (for tests and one-off runs).")
def worker_command(burst: bool) -> None:
    """Run background jobs (the ZIP of reports) from the Redis queue."""
    redis_url = current_app.config.get("REDIS_URL")
    if not redis_url:
        click.echo(
            "REDIS_URL is not set: without Redis, background jobs run inside the web process and no worker is needed.",
            err=True,
        )
        sys.exit(2)
    from redis import Redis
    from rq import Queue, SimpleWorker

    connection = Redis.from_url(redis_url)
    # SimpleWorker runs each job in this process, inside the app context the
    # command already has: jobs use the app's database and configuration.
    worker = SimpleWorker([Queue(queue_name(), connection=connection)], connection=connection)
    worker.work(burst=burst, with_scheduler=False)
