"""Every email selfassess sends arrives at a real SMTP server (aiosmtpd,
``smtp_server``) with a plain-text and an HTML part, to the right person,
with a link that works when followed."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from selfassess import clock, emails
from selfassess.data import accounts, invitations, partnerships
from selfassess.rounds import reminders
from tests import factories
from tests.integration.rounds_helpers import invite, invite_directly, lead_with_round, post
from tests.pages import page
from tests.signing_in import csrf_token, sign_in
from tests.smtp_server import Received


def assert_both_parts(message: Received, to: str, link_text: str) -> None:
    """Sent to ``to``, as text and HTML; the HTML is in English, and has the
    text's link as a real link with its own words."""
    assert message.to == to
    assert message.message.get_content_type() == "multipart/alternative"
    link = message.text.split(message.link_path())[0].split()[-1] + message.link_path()
    assert f'<a href="{link}"' in message.html
    assert f">{link_text}</a>" in message.html
    assert '<html lang="en-GB">' in message.html
    assert "<img" not in message.html and "<link" not in message.html


NEW_PASSWORD = "a long new password"


def choose_password(client, path: str, password: str = NEW_PASSWORD):
    return client.post(path, data={"password": password, "confirm": password, "csrf_token": csrf_token(client, path)})


def ask_for_reset(client, email: str) -> None:
    post(client, "/forgotten-password", {"email": email}, csrf_token(client, "/forgotten-password"))


def test_an_invitation_arrives_with_both_parts_and_its_link_sets_up_the_account(app, client, smtp_server):
    round_ = lead_with_round(client)
    invite(client, round_, "new.person@example.org")
    [message] = smtp_server.messages
    assert message.subject == "You are invited to Fife's self-assessment"
    assert round_.title in message.text and round_.title in message.html
    assert_both_parts(message, "new.person@example.org", f"Open your invitation to {round_.title}")
    newcomer = app.test_client()
    assert page(newcomer, message.link_path()).h1 == "Set up your account"
    assert choose_password(newcomer, message.link_path()).headers["Location"].endswith(f"/rounds/{round_.id}/answer")


def test_a_reset_email_arrives_and_its_link_changes_the_password(app, client, smtp_server):
    factories.account("morag@example.org")
    ask_for_reset(client, "morag@example.org")
    [message] = smtp_server.messages
    assert message.subject == "Reset your selfassess password"
    assert_both_parts(message, "morag@example.org", "Reset your password")
    assert page(client, message.link_path()).h1 == "Choose a new password"
    choose_password(client, message.link_path())
    assert "Your password has been changed" in page(client, "/sign-in").text()
    assert accounts.check_password(accounts.by_email("morag@example.org"), NEW_PASSWORD)


def test_an_account_without_a_password_is_asked_to_set_one_not_to_reset_it(app, client, smtp_server):
    factories.account("added.by.admin@example.org", password=None)
    ask_for_reset(client, "added.by.admin@example.org")
    [message] = smtp_server.messages
    assert message.subject == "Set your selfassess password"
    words = message.text.replace(message.link_path(), "")
    assert "set your password" in words and "reset" not in words.lower()
    assert_both_parts(message, "added.by.admin@example.org", "Set your password")
    form = page(client, message.link_path())
    assert form.h1 == "Set your password"
    assert "Choose a new password" not in form.text()
    choose_password(client, message.link_path())
    after = page(client, "/sign-in").text()
    assert "Your password has been set" in after and "changed" not in after


# --- reminders ------------------------------------------------------------------------

# A week before the factories' rounds close (1 December 2026), at noon in London.
A_WEEK_BEFORE = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_a_reminder_to_someone_who_never_accepted_carries_a_fresh_invitation_link(app, client, smtp_server):
    round_ = lead_with_round(client)
    invitation = invite_directly(round_, "not.yet@example.org")
    with time_machine.travel(A_WEEK_BEFORE, tick=False):
        emails.reminder(invitation, reminders.days_left(round_, clock.today_in_london()))
    [message] = smtp_server.messages
    assert message.subject == "Reminder: Fife's self-assessment closes on 1 December 2026"
    assert "closes on 1 December 2026. That is 7 days from today." in message.text
    assert_both_parts(message, "not.yet@example.org", f"Answer {round_.title}")
    assert message.link_path().startswith("/invitation/")
    newcomer = app.test_client()
    assert page(newcomer, message.link_path()).h1 == "Set up your account"
    assert choose_password(newcomer, message.link_path()).status_code == 302


def test_a_reminder_to_someone_who_accepted_links_to_their_task_list(app, client, smtp_server):
    round_ = lead_with_round(client)
    invite(client, round_, "started@example.org")
    choose_password(app.test_client(), smtp_server.messages[0].link_path())
    invitation = round_and_invitation(round_, "started@example.org")
    emails.reminder(invitation, 1)
    message = smtp_server.messages[-1]
    assert "Tomorrow is the last day to answer." in message.text
    assert_both_parts(message, "started@example.org", f"Answer {round_.title}")
    assert message.link_path() == f"/rounds/{round_.id}/answer"
    person = app.test_client()
    sign_in(person, "started@example.org", NEW_PASSWORD)
    assert page(person, message.link_path()).status == 200


def test_the_preview_of_a_reminder_is_what_is_sent_but_for_the_link(app, client, smtp_server):
    round_ = lead_with_round(client)
    invitation = invite_directly(round_, "not.yet@example.org")
    with time_machine.travel(A_WEEK_BEFORE, tick=False):
        subject, text = emails.reminder_preview(round_, reminders.days_left(round_, clock.today_in_london()))
        emails.reminder(invitation, reminders.days_left(round_, clock.today_in_london()))
    [message] = smtp_server.messages
    assert emails.OWN_LINK in text
    assert subject == message.subject
    link = next(word for word in message.text.split() if word.startswith("http"))
    assert text.replace(emails.OWN_LINK, link) == message.text.rstrip("\n")


def round_and_invitation(round_, email: str):
    return next(i for i in invitations.for_round(round_) if i.email == email)


# --- results shared -------------------------------------------------------------------


def test_sharing_the_results_emails_exactly_the_people_whose_answers_are_in_them(app, client, smtp_server):
    round_ = lead_with_round(client)
    took_part = [factories.member(factories.account(f"took.part.{n}@example.org")) for n in range(3)]
    for person in took_part:
        factories.response(round_, factories.all_answers(3), respondent=person)
    factories.response(
        round_,
        factories.all_answers(2),
        respondent=factories.member(factories.account("half@example.org")),
        submitted=False,
    )
    factories.member(factories.account("never.started@example.org"))
    factories.close(round_)
    post(client, f"/rounds/{round_.id}/share")
    assert sorted(m.to for m in smtp_server.messages) == sorted(p.email for p in took_part)
    message = smtp_server.to("took.part.0@example.org")[0]
    assert message.subject == "The results of Fife's self-assessment are ready"
    assert_both_parts(message, "took.part.0@example.org", "What you told us and what happens next")
    person = app.test_client()
    sign_in(person, "took.part.0@example.org")
    assert page(person, message.link_path()).h1 == "What you told us and what happens next"


# --- made a lead ----------------------------------------------------------------------


def test_a_lead_handing_over_emails_the_new_lead_a_link_to_sign_in(app, client, smtp_server):
    lead_with_round(client)
    successor = factories.member(factories.account("next@example.org", name="Nia Next"))
    fife = partnerships.by_name("Fife")
    leads = page(client, f"/partnerships/{fife.id}/leads")
    client.post(
        f"/partnerships/{fife.id}/leads", data={**leads.form_data(), "person": str(successor.id), "action": "hand_over"}
    )
    [message] = smtp_server.messages
    assert message.subject == "You have been made a lead of Fife in selfassess"
    assert "Lead has made you a lead of Fife" in message.text
    assert "invite colleagues" in message.text
    assert_both_parts(message, "next@example.org", "Sign in to selfassess")
    assert page(app.test_client(), message.link_path()).h1 == "Sign in"


def test_a_new_lead_without_a_password_is_sent_a_link_to_set_one(app, client, admin, smtp_server):
    factories.version()
    fife = partnerships.by_name("Fife")
    person = factories.member(factories.account("no.password@example.org", password=None))
    post(client, f"/admin/people/{person.id}/memberships/{fife.id}", {"role": "lead", "perspective": "nhs"})
    [message] = smtp_server.messages
    assert "set your password" in message.text.lower()
    assert_both_parts(message, "no.password@example.org", "Set your password")
    newcomer = app.test_client()
    assert page(newcomer, message.link_path()).h1 == "Set your password"
    choose_password(newcomer, message.link_path())
    sign_in(newcomer, "no.password@example.org", NEW_PASSWORD)
    page(newcomer, f"/partnerships/{fife.id}/rounds")


def test_an_administrator_making_someone_a_lead_emails_them(app, client, admin, smtp_server):
    factories.version()
    fife, dundee = partnerships.by_name("Fife"), partnerships.by_name("Dundee City")
    person = factories.member(factories.account("p@example.org"))
    # A change of perspective alone sends nothing; becoming a lead does.
    post(client, f"/admin/people/{person.id}/memberships/{fife.id}", {"role": "respondent", "perspective": "community"})
    assert smtp_server.messages == []
    post(client, f"/admin/people/{person.id}/memberships/{fife.id}", {"role": "lead", "perspective": "community"})
    post(
        client,
        f"/admin/people/{person.id}/memberships/new",
        {"partnership": str(dundee.id), "role": "lead", "perspective": "nhs"},
    )
    assert [m.subject for m in smtp_server.messages] == [
        "You have been made a lead of Fife in selfassess",
        "You have been made a lead of Dundee City in selfassess",
    ]
    assert "Ada Admin has made you a lead" in smtp_server.messages[0].text
    assert_both_parts(smtp_server.messages[1], "p@example.org", "Sign in to selfassess")
