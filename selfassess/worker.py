"""``selfassess worker``: runs background jobs from Redis (RQ) when REDIS_URL is set.

It also runs ``selfassess close-due`` (closing rounds on their date, the
automatic reminders) once when it starts and then every hour, scheduled by
RQ's own cron scheduler (``rq.cron``): the scheduler puts the job on the
queue when it is due and this worker runs it. Several workers each schedule
it; that is harmless, because close-due never closes a round or sends a
reminder twice.
"""

from __future__ import annotations

import sys
import threading
import time

import click
from flask import current_app

from selfassess.reports.jobs import queue_name
from selfassess.rounds.commands import close_due_job

CLOSE_DUE_EVERY_SECONDS = 3600


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (for tests and one-off runs).")
def worker_command(burst: bool) -> None:
    """Run background jobs (the ZIP of reports, close-due every hour) from the Redis queue."""
    redis_url = current_app.config.get("REDIS_URL")
    if not redis_url:
        click.echo(
            "REDIS_URL is not set: without Redis, background jobs run inside the web process and no worker is needed. "
            "Run selfassess close-due from cron instead (docs/deploy.md).",
            err=True,
        )
        sys.exit(2)
    from redis import Redis
    from rq import Queue, SimpleWorker
    from rq.cron import CronScheduler

    connection = Redis.from_url(redis_url)
    schedule = CronScheduler(connection=connection, name=f"selfassess-close-due-{threading.get_native_id()}")
    schedule.register(
        close_due_job, queue_name(), interval=CLOSE_DUE_EVERY_SECONDS, job_timeout=CLOSE_DUE_EVERY_SECONDS
    )
    schedule.enqueue_jobs()  # once now, then every hour
    if not burst:
        threading.Thread(
            target=_keep_scheduling, args=(schedule, current_app.logger), name="close-due schedule", daemon=True
        ).start()
    # SimpleWorker runs each job in this process, inside the app context the
    # command already has: jobs use the app's database and configuration.
    worker = SimpleWorker([Queue(queue_name(), connection=connection)], connection=connection)
    worker.work(burst=burst, with_scheduler=False)


def _keep_scheduling(schedule, logger) -> None:  # type: ignore[no-untyped-def]
    """RQ's cron loop without its signal handlers (only the main thread may
    set them, and the worker there has its own): queue each job when due."""
    while True:
        time.sleep(max(schedule.calculate_sleep_interval(), 1))
        try:
            schedule.enqueue_jobs()
        except Exception:  # Redis away for a moment: try again at the next interval
            logger.exception("could not schedule close-due")
