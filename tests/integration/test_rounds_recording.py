"""The lead records a response on someone's behalf (from a paper copy or an
interview), answering it domain by domain and submitting it."""

from __future__ import annotations

from selfassess.data import accounts
from selfassess.data.base import db
from selfassess.data.models import Response
from tests import factories
from tests.integration.rounds_helpers import actions, fresh, lead_with_round, post
from tests.pages import page


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
    q = factories.questionnaire()
    asked = q.asked("lived_experience")
    assert 0 < len(asked) < len(q.indicators)  # some questions are for staff only
    for domain in q.domains:
        url = f"/rounds/{round_.id}/recorded/{response.id}/{domain.id}"
        section = page(client, url)
        # The page shows the questions asked of the person's perspective, and none of the staff-only ones.
        shown = {r["name"] for r in section.form().find_all("input", type="radio")}
        assert shown == {i.id.replace(".", "--") for i in asked if i.domain_id == domain.id}, domain.id
        data = section.form_data()
        for indicator in asked:
            if indicator.domain_id == domain.id:
                data[indicator.id.replace(".", "--")] = "2"
        saved = client.post(url, data=data)
        assert saved.status_code == 302, saved.get_data(as_text=True)[:500]
    check = page(client, f"/rounds/{round_.id}/recorded/{response.id}/check")
    assert len(check.soup.find_all(class_="ds_summary-list__item")) == len(asked)
    # The consent is the person's, asked by the lead: it is not the lead's "my notes".
    assert "They agreed that their evidence notes may be shown" in check.text()
    assert "My evidence notes" not in check.text()
    staff_only = [i for i in q.indicators if i not in asked]
    assert not [i.title for i in staff_only if i.title in check.text()]
    submitted = client.post(f"/rounds/{round_.id}/recorded/{response.id}/submit", data=check.form_data())
    assert submitted.status_code == 302

    recorded = fresh(Response, response.id)
    assert recorded.is_submitted
    assert recorded.respondent_id is None
    assert recorded.recorded_from == "paper"
    assert recorded.recorded_by_id == accounts.by_email("lead@example.org").id
    assert recorded.perspective == "lived_experience"
    assert {a.indicator_id: a.value for a in recorded.answers} == {i.id: "2" for i in asked}
    manage = page(client, f"/rounds/{round_.id}/manage")
    listed = manage.soup.find(id="recorded-list").get_text(" ", strip=True)
    assert "Paper copy 1" in listed
    assert "Submitted" in listed
    assert "From a paper copy" in listed
    assert "People with lived experience and carers" in listed
    assert "1 response has been submitted: 1 recorded from a paper copy." in manage.text()
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
