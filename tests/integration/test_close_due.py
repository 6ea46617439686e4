"""A round closes by itself when its closing date has ended in London, and
reminders go by themselves 7 days and 2 days before it: ``selfassess
close-due``, run by cron or by ``selfassess worker`` every hour."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from selfassess.data.models import Round
from selfassess.rounds import reminders
from tests import factories
from tests.integration.reminders_helpers import at_london, events, fife_round, people, sent_to
from tests.integration.rounds_helpers import fresh, outbox

# A round closing in summer time (BST, an hour ahead of UTC) and one in winter (GMT).
CLOSING_DATES = [pytest.param(date(2026, 7, 15), id="BST"), pytest.param(date(2026, 12, 1), id="GMT")]


@pytest.mark.parametrize("closes_on", CLOSING_DATES)
def test_a_round_is_open_until_midnight_london_time_at_the_end_of_its_closing_date(app, closes_on):
    round_ = fife_round(closes_on, opens_on=date(2026, 6, 1))
    with at_london(closes_on.year, closes_on.month, closes_on.day, 23, 30):
        assert reminders.close_due().closed == []
    assert fresh(Round, round_.id).is_open
    with at_london(closes_on.year, closes_on.month, closes_on.day + 1, 0, 5):
        assert reminders.close_due().closed == [f"{round_.partnership.name}: {round_.title}"]
    assert not fresh(Round, round_.id).is_open


def test_a_round_closed_on_its_date_releases_its_results_and_says_so_in_the_audit_log(app):
    round_ = fife_round(date(2026, 12, 1))
    for level in (1, 2, 3):
        factories.response(round_, factories.all_answers(level))
    with at_london(2026, 12, 2, 0, 5):
        reminders.close_due()
    closed = fresh(Round, round_.id)
    assert closed.released_at is not None, "the results show the answers submitted"
    [event] = events("closed round")
    assert event["actor"] is None
    assert event["results"] == "released"
    assert "closing date" in event["reason"]


def test_running_close_due_twice_closes_once_and_reminds_once(app):
    ended = fife_round(date(2026, 11, 30))
    closing_soon = factories.round_("Highland", opens_on=date(2026, 6, 1), closes_on=date(2026, 12, 3))
    waiting = people(closing_soon)
    with at_london(2026, 12, 1, 9):
        first = reminders.close_due()
        second = reminders.close_due()
    assert first.closed == [f"{ended.partnership.name}: {ended.title}"] and second.closed == []
    assert len(events("closed round")) == 1
    assert first.reminders_sent == 3 and second.reminders_sent == 0
    assert sent_to(app) == sorted(waiting[s] for s in ("invited", "not started", "started"))


def test_reminders_go_7_days_and_2_days_before_the_closing_date_and_never_to_someone_who_submitted(app):
    round_ = fife_round(date(2026, 12, 20))
    waiting = people(round_)
    expected = sorted(waiting[s] for s in ("invited", "not started", "started"))
    days_and_emails = {}
    for day in range(12, 21):  # from 8 days before until the closing date
        with at_london(2026, 12, day, 10):
            reminders.close_due()
            reminders.close_due()  # a second run the same day sends nothing more
        days_and_emails[20 - day] = sent_to(app)
        outbox(app).clear()
    assert days_and_emails[8] == []
    assert days_and_emails[7] == expected, "7 days before"
    assert days_and_emails[6] == days_and_emails[5] == days_and_emails[4] == days_and_emails[3] == []
    assert days_and_emails[2] == expected, "2 days before"
    assert days_and_emails[1] == days_and_emails[0] == []
    assert waiting["submitted"] not in str(days_and_emails)


def test_a_round_opened_5_days_before_its_date_gets_its_7_day_reminder_at_once(app):
    round_ = fife_round(date(2026, 12, 20))
    waiting = people(round_)
    with at_london(2026, 12, 15, 10):
        assert reminders.close_due().reminders_sent == 3
    with at_london(2026, 12, 16, 10):
        assert reminders.close_due().reminders_sent == 0
    assert waiting["submitted"] not in sent_to(app)


def test_with_automatic_reminders_off_none_go(app):
    round_ = fife_round(date(2026, 12, 20), auto=False)
    people(round_)
    for day in (13, 18):
        with at_london(2026, 12, day, 10):
            assert reminders.close_due().reminders_sent == 0
    assert outbox(app) == []


def test_a_round_that_closes_in_the_run_gets_no_reminder(app):
    round_ = fife_round(date(2026, 12, 1))
    people(round_)
    with at_london(2026, 12, 2, 0, 5):
        summary = reminders.close_due()
    assert summary.closed == [f"Fife: {round_.title}"] and summary.reminders_sent == 0
    assert outbox(app) == []


def test_the_command_prints_what_it_did_and_ends_well(app, runner):
    round_ = fife_round(date(2026, 12, 1))
    soon = factories.round_("Highland", opens_on=date(2026, 6, 1), closes_on=date(2026, 12, 4))
    people(soon)
    with at_london(2026, 12, 2, 0, 5):
        result = runner.invoke(args=["close-due"])
    assert result.exit_code == 0, result.output
    assert f"Rounds closed on their date: 1 ({round_.partnership.name}: {round_.title})" in result.output
    assert "Reminders sent: 3" in result.output
    with at_london(2026, 12, 2, 1, 5):
        again = runner.invoke(args=["close-due"])
    assert again.exit_code == 0
    assert "Rounds closed on their date: 0 (none)" in again.output
    assert "Reminders sent: 0" in again.output


def test_the_worker_closes_rounds_due_when_it_starts(app, runner):
    """With Redis, `selfassess worker` schedules close-due with RQ's cron and runs it."""
    from redis import Redis
    from rq import Queue

    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    app.config["RQ_QUEUE"] = f"selfassess-test-{uuid.uuid4().hex[:8]}"
    round_ = fife_round(date(2026, 12, 1))
    try:
        with at_london(2026, 12, 2, 9):
            result = runner.invoke(args=["worker", "--burst"])
        assert result.exit_code == 0, result.output
        assert not fresh(Round, round_.id).is_open
        assert len(events("closed round")) == 1
    finally:
        Queue(app.config["RQ_QUEUE"], connection=Redis.from_url(app.config["REDIS_URL"])).delete(delete_jobs=True)


def test_without_redis_the_worker_points_to_cron(app, runner):
    result = runner.invoke(args=["worker"])
    assert result.exit_code == 2
    assert "close-due from cron" in result.output


def test_an_automatic_reminder_arrives_by_real_email(app, smtp_server):
    round_ = fife_round(date(2026, 12, 20))
    waiting = people(round_)
    with at_london(2026, 12, 13, 10):
        assert reminders.close_due().reminders_sent == 3
    arrived = sorted(m.to for m in smtp_server.messages)
    assert arrived == sorted(waiting[s] for s in ("invited", "not started", "started"))
    assert all("7 days" in m.text for m in smtp_server.messages), [m.text for m in smtp_server.messages][:1]
