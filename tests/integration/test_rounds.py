"""The lead's pages: inviting, progress, closing, reopening, sharing, the
lead role, recording a response on someone's behalf and opening a round."""

from __future__ import annotations

from datetime import date

from selfassess.data import accounts, invitations, partnerships
from selfassess.data.base import db
from selfassess.data.models import Account, Invitation, Membership, Response, ResponseStatus, Role, Round
from tests import factories
from tests.integration.rounds_helpers import actions, fresh, link_path, outbox, post
from tests.pages import page

LEVEL_LABELS = ("Not yet in place", "Developing", "Established", "Embedded")


def lead_with_round(client, *, closed: bool = False) -> Round:
    factories.lead("lead@example.org")
    round_ = factories.round_(closed=closed)
    factories.sign_in(client, "lead@example.org")
    return round_


def invite(client, round_: Round, email: str = "new.person@example.org", perspective: str = "lived_experience"):
    return post(client, f"/rounds/{round_.id}/invitations", {"email": email, "perspective": perspective})


def invite_directly(round_: Round, email: str, perspective: str = "nhs") -> Invitation:
    made = invitations.invite(round_, email, perspective, accounts.by_email("lead@example.org"))
    db.session.commit()
    return made


# --- inviting ------------------------------------------------------------------------------


def test_an_invited_person_sets_a_password_from_the_emailed_link_and_reaches_the_task_list(app, client):
    round_ = lead_with_round(client)
    manage = page(client, f"/rounds/{round_.id}/manage")
    assert "Nobody has been invited yet" in manage.text()

    result = invite(client, round_, "New.Person@Example.org")
    assert result.status_code == 302
    assert result.headers["Location"].endswith(f"/rounds/{round_.id}/manage")
    [message] = outbox(app)
    assert message.to == "new.person@example.org"
    assert round_.title in message.body
    assert "People with lived experience and carers" in message.body

    after = page(client, f"/rounds/{round_.id}/manage")
    assert "We sent an invitation to new.person@example.org" in after.text()
    # No email goes out in development, so the lead sees the link on the page.
    assert link_path(message) in after.soup.find(id="invitation-link").find("a")["href"]
    assert "Invited" in after.soup.find(id="progress-list").get_text()
    assert "1 person invited" in after.text()
    assert "invited" in actions()

    newcomer = app.test_client()
    path = link_path(message)
    form = page(newcomer, path)
    assert form.h1 == "Set up your account"
    result = newcomer.post(
        path,
        data={"csrf_token": form.csrf_token(), "password": "a long new password", "confirm": "a long new password"},
    )
    assert result.status_code == 302, result.get_data(as_text=True)
    assert result.headers["Location"].endswith(f"/rounds/{round_.id}/answer")
    tasks = page(newcomer, result.headers["Location"])
    assert tasks.h1 == round_.title
    assert "People with lived experience and carers" in tasks.text()

    # The link works once.
    again = page(app.test_client(), path, status=400)
    assert "already been used" in again.text()


def test_inviting_again_sends_a_new_link(app, client):
    round_ = lead_with_round(client)
    invite(client, round_)
    invite(client, round_)
    first, second = outbox(app)
    assert "already invited" in page(client, f"/rounds/{round_.id}/manage").text()
    assert page(app.test_client(), link_path(first), status=400)
    assert page(app.test_client(), link_path(second)).h1 == "Set up your account"
    assert db.session.query(Invitation).count() == 1


def test_resending_makes_the_old_link_stop_working(app, client):
    round_ = lead_with_round(client)
    invite(client, round_)
    invitation = db.session.query(Invitation).one()
    result = post(client, f"/rounds/{round_.id}/invitations/{invitation.id}/resend")
    assert result.status_code == 302
    old, new = outbox(app)
    assert old.to == new.to == "new.person@example.org"
    assert "already been used" in page(app.test_client(), link_path(old), status=400).text()
    assert page(app.test_client(), link_path(new)).h1 == "Set up your account"
    assert "We sent a new link" in page(client, f"/rounds/{round_.id}/manage").text()
    assert "resent invitation" in actions()


def test_withdrawing_stops_the_link(app, client):
    round_ = lead_with_round(client)
    invite(client, round_)
    invitation = db.session.query(Invitation).one()
    result = post(client, f"/rounds/{round_.id}/invitations/{invitation.id}/withdraw")
    assert result.status_code == 302
    assert "withdrawn" in page(app.test_client(), link_path(outbox(app)[0]), status=400).text()
    manage = page(client, f"/rounds/{round_.id}/manage")
    assert "Withdrawn" in manage.soup.find(id="progress-list").get_text()
    assert "0 people invited" in manage.text()
    # Someone who never set up their account is no longer in the partnership.
    assert fresh(Invitation, invitation.id).withdrawn_at is not None
    assert "withdrew invitation" in actions()
    # A withdrawn invitation cannot be resent.
    post(client, f"/rounds/{round_.id}/invitations/{invitation.id}/resend")
    assert len(outbox(app)) == 1


def test_withdrawing_removes_someone_who_never_set_up_an_account_from_the_partnership(app, client):
    round_ = lead_with_round(client)
    invite(client, round_)
    invitation = db.session.query(Invitation).one()
    post(client, f"/rounds/{round_.id}/invitations/{invitation.id}/withdraw")
    assert db.session.query(Membership).filter_by(account_id=invitation.account_id).count() == 0


def test_someone_who_has_not_set_up_an_account_can_be_invited_to_the_next_round(app, client):
    old = lead_with_round(client)
    invite(client, old)
    post(client, f"/rounds/{old.id}/close")
    new = factories.round_(title="Self-assessment 2027", opens_on=date(2027, 10, 1), closes_on=date(2027, 12, 1))
    assert invite(client, new).status_code == 302


def test_an_invitation_needs_a_proper_email_and_a_perspective_and_stores_nothing_otherwise(app, client):
    round_ = lead_with_round(client)
    token = page(client, f"/rounds/{round_.id}/manage").csrf_token()
    cases = [
        ({"email": "not an email", "perspective": "nhs"}, "Enter an email address in the right format"),
        ({"email": "", "perspective": "nhs"}, "Enter the email address of the person you want to invite"),
        ({"email": "a@example.org"}, "Select the person's perspective"),
        ({"email": "a@example.org", "perspective": "martian"}, "Select the person's perspective"),
    ]
    for data, message in cases:
        result = page(client, f"/rounds/{round_.id}/invitations", method="POST", data={"csrf_token": token, **data})
        assert result.title.startswith("Error: ")
        assert message in result.soup.find(class_="ds_error-summary").get_text()
    assert db.session.query(Invitation).count() == 0
    assert db.session.query(Account).count() == 1  # the lead
    assert outbox(app) == []


def test_nobody_is_invited_to_a_closed_round(app, client):
    round_ = lead_with_round(client, closed=True)
    manage = page(client, f"/rounds/{round_.id}/manage")
    assert "Invite someone" not in manage.text()
    invite(client, round_)
    assert db.session.query(Invitation).count() == 0
    assert outbox(app) == []


# --- progress ---------------------------------------------------------------------------------


def test_progress_shows_who_is_invited_started_and_submitted_but_never_answers(app, client):
    round_ = lead_with_round(client)
    invite_directly(round_, "waiting@example.org", "community")
    started = factories.account("started@example.org", name="Sam Started")
    invite_directly(round_, "started@example.org", "third_sector")
    factories.response(
        round_,
        {"leadership.shared-meaning": 2},
        respondent=started,
        perspective="third_sector",
        submitted=False,
        evidence={"leadership.shared-meaning": "Our private evidence note"},
    )
    done = factories.account("done@example.org", name="Dana Done")
    invite_directly(round_, "done@example.org", "nhs")
    factories.response(
        round_,
        factories.all_answers(4),
        respondent=done,
        evidence={"leadership.shared-meaning": "Another secret example"},
    )

    manage = page(client, f"/rounds/{round_.id}/manage")
    text = manage.text()
    assert "3 people invited" in text
    assert "1 not started yet" in text
    assert "1 started but not submitted" in text
    assert "1 submitted" in text
    rows = {
        item.find("dt").get_text(" ", strip=True): item.find("dd").get_text(" ", strip=True)
        for item in manage.soup.find(id="progress-list").find_all(class_="ds_summary-list__item")
    }
    assert rows["waiting@example.org"].startswith("Invited")
    assert rows["Sam Started started@example.org"].startswith("Started")
    assert rows["Dana Done done@example.org"].startswith("Submitted")
    assert "1 response has been submitted" in text
    assert "Results appear once at least 3 responses are submitted" in text
    for secret in ("private evidence note", "secret example", *LEVEL_LABELS):
        assert secret not in manage.html


def test_the_round_page_links_to_the_results_once_three_are_submitted(app, client):
    round_ = lead_with_round(client)
    for _ in range(3):
        factories.response(round_, factories.all_answers(3))
    manage = page(client, f"/rounds/{round_.id}/manage")
    assert "3 responses have been submitted" in manage.text()
    link = manage.soup.find("a", href=f"/rounds/{round_.id}/results")
    assert link.get_text(" ", strip=True).startswith("See the results")


# --- closing, reopening, sharing -------------------------------------------------------------------


def test_closing_asks_for_confirmation_and_is_audited_and_prompts_to_share(app, client):
    round_ = lead_with_round(client)
    confirm = page(client, f"/rounds/{round_.id}/close")
    assert confirm.h1 == f"Close {round_.title}?"
    assert fresh(Round, round_.id).is_open  # looking at the question changes nothing
    assert "closed round" not in actions()

    result = client.post(f"/rounds/{round_.id}/close", data=confirm.form_data())
    assert result.status_code == 302
    assert not fresh(Round, round_.id).is_open
    assert "closed round" in actions()
    manage = page(client, result.headers["Location"])
    assert "Now share the results" in manage.text()
    prompt = manage.soup.find(id="share-prompt").get_text(" ", strip=True)
    assert "lived experience" in prompt
    assert "what their answers led to" in prompt


def test_closing_without_the_csrf_token_is_refused(app, client):
    round_ = lead_with_round(client)
    assert client.post(f"/rounds/{round_.id}/close").status_code == 400
    assert fresh(Round, round_.id).is_open


def test_a_closed_round_can_be_reopened(app, client):
    round_ = lead_with_round(client, closed=True)
    result = post(client, f"/rounds/{round_.id}/reopen")
    assert result.status_code == 302
    assert fresh(Round, round_.id).is_open
    assert "reopened round" in actions()
    assert "You reopened" in page(client, f"/rounds/{round_.id}/manage").text()


def test_a_round_is_not_reopened_while_another_is_open(app, client):
    old = lead_with_round(client, closed=True)
    factories.round_(title="Self-assessment 2027", opens_on=date(2027, 10, 1), closes_on=date(2027, 12, 1))
    post(client, f"/rounds/{old.id}/reopen")
    assert not fresh(Round, old.id).is_open
    assert "only one open round" in page(client, f"/rounds/{old.id}/manage").text()
    assert "reopened round" not in actions()


def test_a_submitted_response_is_reopened_while_the_round_is_open(app, client):
    round_ = lead_with_round(client)
    response = factories.response(round_, factories.all_answers(3))
    manage = page(client, f"/rounds/{round_.id}/manage")
    assert manage.soup.find("form", action=f"/rounds/{round_.id}/responses/{response.id}/reopen")
    result = post(client, f"/rounds/{round_.id}/responses/{response.id}/reopen")
    assert result.status_code == 302
    assert fresh(Response, response.id).status == ResponseStatus.DRAFT
    assert "reopened response" in actions()
    assert "Started" in page(client, f"/rounds/{round_.id}/manage").soup.find(id="progress-list").get_text()


def test_a_response_is_not_reopened_when_the_round_is_closed(app, client):
    round_ = lead_with_round(client)
    response = factories.response(round_, factories.all_answers(3))
    post(client, f"/rounds/{round_.id}/close")
    post(client, f"/rounds/{round_.id}/responses/{response.id}/reopen")
    assert fresh(Response, response.id).status == ResponseStatus.SUBMITTED
    assert "reopened response" not in actions()
    assert "The round is closed" in page(client, f"/rounds/{round_.id}/manage").text()


def test_results_are_shared_only_when_the_round_is_closed(app, client):
    round_ = lead_with_round(client)
    respondent = factories.member(factories.account("r@example.org"))
    for _ in range(3):
        factories.response(round_, factories.all_answers(3))
    post(client, f"/rounds/{round_.id}/share")
    assert fresh(Round, round_.id).results_shared_at is None
    assert "Close the round before you share" in page(client, f"/rounds/{round_.id}/manage").text()

    other = app.test_client()
    factories.sign_in(other, respondent.email)
    page(other, f"/rounds/{round_.id}/results", status=404)

    post(client, f"/rounds/{round_.id}/close")
    result = post(client, f"/rounds/{round_.id}/share")
    assert result.status_code == 302
    assert fresh(Round, round_.id).results_shared_at is not None
    assert "shared results" in actions()
    manage = page(client, f"/rounds/{round_.id}/manage")
    assert manage.soup.find(id="share-prompt") is None
    assert "You shared the results" in manage.text()
    page(other, f"/rounds/{round_.id}/results")


# --- the lead role --------------------------------------------------------------------------------


def test_a_lead_hands_over_the_lead_role_and_loses_the_lead_pages(app, client):
    round_ = lead_with_round(client)
    successor = factories.member(factories.account("next@example.org", name="Nia Next"))
    fife = partnerships.by_name("Fife")
    leads = page(client, f"/partnerships/{fife.id}/leads")
    assert "Nia Next" in leads.text()
    result = client.post(
        f"/partnerships/{fife.id}/leads",
        data={**leads.form_data(), "person": str(successor.id), "action": "hand_over"},
    )
    assert result.status_code == 302
    assert "now leads" in page(client, result.headers["Location"]).text()
    assert "handed over lead role" in actions()
    for url in (f"/partnerships/{fife.id}/rounds", f"/rounds/{round_.id}/manage", f"/partnerships/{fife.id}/leads"):
        page(client, url, status=404)
    new_lead = app.test_client()
    factories.sign_in(new_lead, "next@example.org")
    page(new_lead, f"/rounds/{round_.id}/manage")
    db.session.expire_all()
    assert [m.account.email for m in accounts.leads(fife.id)] == ["next@example.org"]


def test_a_lead_makes_someone_a_lead_as_well(app, client):
    lead_with_round(client)
    other = factories.member(factories.account("also@example.org"))
    fife = partnerships.by_name("Fife")
    leads = page(client, f"/partnerships/{fife.id}/leads")
    result = client.post(
        f"/partnerships/{fife.id}/leads", data={**leads.form_data(), "person": str(other.id), "action": "add"}
    )
    assert result.status_code == 302
    db.session.expire_all()
    assert sorted(m.account.email for m in accounts.leads(fife.id)) == ["also@example.org", "lead@example.org"]
    assert "made lead" in actions()
    page(client, f"/partnerships/{fife.id}/rounds")


def test_the_lead_role_form_says_what_to_do_and_stores_nothing_when_incomplete(app, client):
    lead_with_round(client)
    other = factories.member(factories.account("also@example.org"))
    fife = partnerships.by_name("Fife")
    token = page(client, f"/partnerships/{fife.id}/leads").csrf_token()
    result = page(client, f"/partnerships/{fife.id}/leads", method="POST", data={"csrf_token": token})
    summary = result.soup.find(class_="ds_error-summary").get_text()
    assert "Select the person who should lead" in summary
    assert "Select whether to hand over the lead role or share it" in summary
    page(
        client,
        f"/partnerships/{fife.id}/leads",
        method="POST",
        data={"csrf_token": token, "person": str(other.id), "action": "crown"},
    )
    db.session.expire_all()
    assert db.session.get(Membership, accounts.membership(other, fife.id).id).role == Role.RESPONDENT
    assert "made lead" not in actions()


# --- recording on someone's behalf ------------------------------------------------------------------


def test_a_lead_records_a_response_from_a_paper_copy_end_to_end(app, client):
    round_ = lead_with_round(client)
    form = page(client, f"/rounds/{round_.id}/record")
    result = client.post(
        f"/rounds/{round_.id}/record",
        data={**form.form_data(), "source": "paper", "perspective": "lived_experience", "label": "Paper copy 1"},
    )
    assert result.status_code == 302
    response = db.session.query(Response).one()
    assert result.headers["Location"].endswith(f"/rounds/{round_.id}/recorded/{response.id}")
    assert "started recorded response" in actions()

    tasks = page(client, result.headers["Location"])
    assert "recording a response on someone's behalf, from a paper copy" in tasks.text()
    for domain in factories.questionnaire().domains:
        url = f"/rounds/{round_.id}/recorded/{response.id}/{domain.id}"
        section = page(client, url)
        data = section.form_data()
        for indicator in domain.indicators:
            data[indicator.id.replace(".", "--")] = "2"
        saved = client.post(url, data=data)
        assert saved.status_code == 302, saved.get_data(as_text=True)[:500]
    check = page(client, f"/rounds/{round_.id}/recorded/{response.id}/check")
    submitted = client.post(f"/rounds/{round_.id}/recorded/{response.id}/submit", data=check.form_data())
    assert submitted.status_code == 302

    recorded = fresh(Response, response.id)
    assert recorded.is_submitted
    assert recorded.respondent_id is None
    assert recorded.recorded_from == "paper"
    assert recorded.recorded_by_id == accounts.by_email("lead@example.org").id
    assert recorded.perspective == "lived_experience"
    manage = page(client, f"/rounds/{round_.id}/manage")
    listed = manage.soup.find(id="recorded-list").get_text(" ", strip=True)
    assert "Paper copy 1" in listed
    assert "Submitted" in listed
    assert "From a paper copy" in listed
    assert "People with lived experience and carers" in listed
    assert "including 1 you recorded" in manage.text()
    assert manage.soup.find("a", href=f"/rounds/{round_.id}/recorded/{response.id}")


def test_recording_needs_a_source_and_a_perspective_and_stores_nothing_otherwise(app, client):
    round_ = lead_with_round(client)
    token = page(client, f"/rounds/{round_.id}/record").csrf_token()
    result = page(client, f"/rounds/{round_.id}/record", method="POST", data={"csrf_token": token, "source": "fax"})
    summary = result.soup.find(class_="ds_error-summary").get_text()
    assert "Select where the answers come from" in summary
    assert "Select the person's perspective" in summary
    assert db.session.query(Response).count() == 0


def test_nothing_is_recorded_in_a_closed_round(app, client):
    round_ = lead_with_round(client, closed=True)
    assert client.get(f"/rounds/{round_.id}/record").status_code == 302
    post(client, f"/rounds/{round_.id}/record", {"source": "paper", "perspective": "nhs"})
    assert db.session.query(Response).count() == 0


# --- opening a round ----------------------------------------------------------------------------------


def new_round_data(form_page, **changes: str) -> dict[str, str]:
    data = {
        **form_page.form_data(),
        "title": "Self-assessment 2027",
        "opens_on": "2027-03-01",
        "closes_on": "2027-04-30",
        "questionnaire_version": form_page.soup.find("select").find("option", selected=True)["value"],
    }
    data.update(changes)
    return data


def test_a_lead_opens_a_new_round_on_the_latest_questionnaire(app, client):
    factories.lead("lead@example.org")
    version = factories.version()
    factories.sign_in(client, "lead@example.org")
    fife = partnerships.by_name("Fife")
    listing = page(client, f"/partnerships/{fife.id}/rounds")
    assert "There are no rounds yet" in listing.text()
    form = page(client, f"/partnerships/{fife.id}/rounds/new")
    assert form.soup.find("input", id="opens_on")["type"] == "date"
    assert form.soup.find("select").find("option", selected=True)["value"] == str(version.id)
    result = client.post(f"/partnerships/{fife.id}/rounds/new", data=new_round_data(form))
    assert result.status_code == 302
    round_ = db.session.query(Round).one()
    assert result.headers["Location"].endswith(f"/rounds/{round_.id}/manage")
    assert (round_.title, round_.opens_on, round_.closes_on) == (
        "Self-assessment 2027",
        date(2027, 3, 1),
        date(2027, 4, 30),
    )
    assert round_.questionnaire_version_id == version.id
    assert "opened round" in actions()
    assert "Self-assessment 2027" in page(client, f"/partnerships/{fife.id}/rounds").text()


def test_a_second_open_round_is_refused(app, client):
    round_ = lead_with_round(client)
    fife = partnerships.by_name("Fife")
    refused = page(client, f"/partnerships/{fife.id}/rounds/new")
    assert f"{round_.title} is still open" in refused.text()
    assert refused.soup.find("main").find("form") is None
    token = refused.csrf_token()
    result = page(
        client,
        f"/partnerships/{fife.id}/rounds/new",
        method="POST",
        status=409,
        data={"csrf_token": token, "title": "Another", "opens_on": "2027-01-01", "closes_on": "2027-02-01"},
    )
    assert "only one open round" in result.text()
    assert db.session.query(Round).count() == 1


def test_bad_dates_are_refused_and_nothing_is_stored(app, client):
    factories.lead("lead@example.org")
    factories.version()
    factories.sign_in(client, "lead@example.org")
    fife = partnerships.by_name("Fife")
    form = page(client, f"/partnerships/{fife.id}/rounds/new")
    cases = [
        ({"opens_on": "2027-05-01", "closes_on": "2027-04-30"}, "The closing date must be the same as or after"),
        ({"opens_on": "2027-02-30"}, "Enter the date the round opens as a real date"),
        ({"closes_on": ""}, "Enter the date the round closes"),
        ({"title": "  "}, "Enter a name for the round"),
        ({"questionnaire_version": "999999"}, "Select the questionnaire for this round"),
    ]
    for changes, message in cases:
        result = page(
            client, f"/partnerships/{fife.id}/rounds/new", method="POST", data=new_round_data(form, **changes)
        )
        errors = result.soup.find(class_="ds_error-summary").get_text()
        assert message in errors, errors
        assert errors.count("Enter") + errors.count("The closing") + errors.count("Select") == 1
    assert db.session.query(Round).count() == 0
    assert "opened round" not in actions()
