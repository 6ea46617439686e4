"""The lead reminds people who have not submitted (after seeing who gets it
and what it says), turns the automatic reminders on or off, and is warned,
before closing a round early, who will lose the chance to answer."""

from __future__ import annotations

from datetime import date

from selfassess.data.models import Round
from selfassess.rounds import reminders
from tests.integration.reminders_helpers import at_london, events, fife_round, people, sent_to
from tests.integration.rounds_helpers import fresh, outbox
from tests.pages import page
from tests.signing_in import sign_in

NOT_SUBMITTED = ("invited", "not started", "started")


def _lead_with_people(client):
    round_ = fife_round(date(2026, 12, 20))
    waiting = people(round_)
    sign_in(client, "lead@example.org")
    return round_, waiting


def test_the_lead_sees_who_gets_the_reminder_and_what_it_says_then_sends_it(app, client):
    with at_london(2026, 12, 1, 10):
        round_, waiting = _lead_with_people(client)
        preview = page(client, f"/rounds/{round_.id}/reminders")
        text = preview.text()
        assert "A reminder goes to 3 people who have not submitted yet" in text
        for status in NOT_SUBMITTED:
            assert waiting[status] in text
        assert waiting["submitted"] not in text and "Dan Done" not in text
        subject, _ = reminders.preview(round_).subject, None
        assert f"Subject: {subject}" in text
        assert preview.soup.find("button", string="Send the reminder")

        result = client.post(f"/rounds/{round_.id}/reminders", data=preview.form_data())
        assert result.status_code == 302 and result.headers["Location"].endswith(f"/rounds/{round_.id}/manage")
        assert "We sent a reminder to 3 people." in page(client, result.headers["Location"]).text()
    assert sent_to(app) == sorted(waiting[s] for s in NOT_SUBMITTED)
    [event] = events("sent reminders")
    assert event["sent"] == 3 and event["skipped"] == 0
    assert "@" not in str(event), "the audit log keeps the count, not the addresses"


def test_nobody_gets_two_reminders_in_a_day(app, client):
    with at_london(2026, 12, 1, 10):
        round_, waiting = _lead_with_people(client)
        form = page(client, f"/rounds/{round_.id}/reminders").form_data()
        client.post(f"/rounds/{round_.id}/reminders", data=form)
        outbox(app).clear()
        again = page(client, f"/rounds/{round_.id}/reminders")
        assert "nobody to remind now" in again.text()
        assert "Already reminded today" in again.text() and waiting["started"] in again.text()
        assert again.soup.find("button", string="Send the reminder") is None
        result = page(client, f"/rounds/{round_.id}/reminders", method="POST", data=form, follow=True)
        assert "had a reminder today already" in result.text()
    assert outbox(app) == []
    with at_london(2026, 12, 2, 10):
        sign_in(client, "lead@example.org")  # the day before's sign-in has run out
        assert "A reminder goes to 3 people" in page(client, f"/rounds/{round_.id}/reminders").text()


def test_a_reminder_from_the_lead_and_an_automatic_one_the_same_day_make_one_email(app, client):
    with at_london(2026, 12, 13, 10):  # 7 days before the closing date
        round_, waiting = _lead_with_people(client)
        form = page(client, f"/rounds/{round_.id}/reminders").form_data()
        client.post(f"/rounds/{round_.id}/reminders", data=form)
        assert reminders.close_due().reminders_sent == 0
    assert sent_to(app) == sorted(waiting[s] for s in NOT_SUBMITTED)


def test_when_everyone_has_submitted_there_is_nothing_to_send(app, client):
    round_ = fife_round(date(2026, 12, 20))
    sign_in(client, "lead@example.org")
    shown = page(client, f"/rounds/{round_.id}/reminders")
    assert "There is nobody to remind now: everyone invited has submitted." in shown.text()
    assert shown.soup.find("button", string="Send the reminder") is None


def test_the_lead_turns_automatic_reminders_off_and_on(app, client):
    with at_london(2026, 12, 1, 10):
        round_, _ = _lead_with_people(client)
        shown = page(client, f"/rounds/{round_.id}/reminders")
        assert "The next automatic reminder goes on 13 December 2026." in shown.text()
        box = shown.soup.find("input", attrs={"name": "automatic"})
        assert box.has_attr("checked")
        label = shown.soup.find("label", attrs={"for": box["id"]}).get_text(strip=True)
        assert label == "Send reminders by themselves 7 days and 2 days before the closing date"

        off = page(
            client, f"/rounds/{round_.id}/reminders/automatic", method="POST", data=shown.form_data(1), follow=True
        )
        assert "Reminders will no longer go by themselves" in off.text()
        assert "Automatic reminders are off" in off.text()
        assert not fresh(Round, round_.id).auto_reminders
        on = page(
            client,
            f"/rounds/{round_.id}/reminders/automatic",
            method="POST",
            data={**off.form_data(1), "automatic": "y"},
            follow=True,
        )
        assert "Reminders will go by themselves 7 days and 2 days before the closing date." in on.text()
        assert fresh(Round, round_.id).auto_reminders
    assert [e["actor"] is not None for e in events("turned automatic reminders off")] == [True]
    assert len(events("turned automatic reminders on")) == 1


def test_closing_early_names_who_will_not_be_able_to_answer_and_needs_confirming(app, client):
    with at_london(2026, 12, 1, 10):
        round_, waiting = _lead_with_people(client)
        confirm = page(client, f"/rounds/{round_.id}/close")
        text = confirm.text()
        assert "due to close at the end of 20 December 2026" in text
        assert "Not started (2)" in text and "Ben Notstarted" in text and waiting["invited"] in text
        assert "Started but not finished (1)" in text and "Cat Started" in text
        assert "Dan Done" not in text

        refused = page(client, f"/rounds/{round_.id}/close", method="POST", data=confirm.form_data())
        summary = refused.soup.find(class_="ds_error-summary")
        assert summary is not None and "Tick the box to say you understand" in summary.get_text()
        assert refused.title.startswith("Error: ")
        assert fresh(Round, round_.id).is_open, "nothing closed"
        assert events("closed round") == []

        data = {**confirm.form_data(), "understood": "y"}
        result = client.post(f"/rounds/{round_.id}/close", data=data)
        assert result.status_code == 302
    assert not fresh(Round, round_.id).is_open
