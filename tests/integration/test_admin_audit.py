"""The audit log page: the latest events, filtered by partnership, read only."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from selfassess.data import audit, partnerships
from selfassess.data.base import db
from selfassess.data.models import AuditEvent, AuditLogIsReadOnly
from tests import factories
from tests.pages import page


def events_on(listing) -> list:
    return listing.soup.find("main").find("ol").find_all("li", recursive=False)


def test_shows_who_did_what_where_and_when(client, admin):
    round_ = factories.round_("Fife", title="Autumn 2026")
    lead = factories.lead("lead@example.org", "Fife")
    audit.record("closed round", actor=lead, partnership_id=round_.partnership_id, round_id=round_.id, reason="done")
    audit.record("failed sign-in", detail_note="unknown address")
    db.session.commit()
    listing = page(client, "/admin/audit")
    first, second = events_on(listing)[:2]
    text = first.get_text(" ", strip=True)
    assert "Failed sign-in" in text
    assert "Nobody signed in" in text
    text = second.get_text(" ", strip=True)
    assert "Closed round" in text
    assert "Lead" in text  # the lead's display name
    assert "Fife" in text
    assert "Autumn 2026" in text
    assert "Reason done" in text
    assert "Signed in" in listing.text()  # the admin's own sign-in


def test_filters_by_partnership(client, admin):
    fife, angus = partnerships.by_name("Fife"), partnerships.by_name("Angus")
    audit.record("fife event", actor=admin, partnership_id=fife.id)
    audit.record("angus event", actor=admin, partnership_id=angus.id)
    db.session.commit()
    listing = page(client, f"/admin/audit?partnership={fife.id}")
    assert "Latest events in Fife" in listing.text()
    assert "Fife event" in listing.text()
    assert "Angus event" not in listing.text()
    assert listing.soup.find("option", selected=True)["value"] == str(fife.id)
    everything = page(client, "/admin/audit?partnership=")
    assert "Fife event" in everything.text() and "Angus event" in everything.text()
    # nonsense is ignored rather than an error
    assert "Angus event" in page(client, "/admin/audit?partnership=nonsense").text()


def test_shows_the_latest_200_events(client, admin):
    for number in range(205):
        audit.record(f"event {number}")
    db.session.commit()
    listing = page(client, "/admin/audit")
    shown = events_on(listing)
    assert len(shown) == 200
    assert "The latest 200 events" in listing.text()
    assert "Event 204" in shown[0].get_text(" ", strip=True)


def test_changes_made_on_the_admin_pages_are_in_the_log(client, admin):
    person = factories.account("p@example.org")
    token = page(client, f"/admin/people/{person.id}").csrf_token()
    page(
        client,
        f"/admin/people/{person.id}/administrator",
        method="POST",
        data={"csrf_token": token, "make_admin": "yes"},
        status=302,
    )
    listing = page(client, "/admin/audit")
    text = events_on(listing)[0].get_text(" ", strip=True)
    assert "Changed roles" in text
    assert "Ada Admin" in text
    assert "Person P" in text  # the person changed, by their display name
    assert "Administrator yes" in text


def test_there_is_no_way_to_edit_the_log(client, admin):
    audit.record("something")
    db.session.commit()
    listing = page(client, "/admin/audit")
    assert listing.soup.find("main").find_all("form", method="post") == []
    token = listing.csrf_token()
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        assert client.open("/admin/audit", method=method, data={"csrf_token": token}).status_code == 405


# --- the audit log cannot be edited -----------------------------------------------------


def test_no_admin_route_changes_the_audit_log(app):
    for rule in app.url_map.iter_rules():
        if "audit" in rule.rule:
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_the_audit_log_refuses_updates_and_deletes(app):
    audit.record("test event")
    db.session.commit()
    event = db.session.scalar(select(AuditEvent))
    event.action = "changed"
    with pytest.raises(AuditLogIsReadOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalar(select(AuditEvent)))
    with pytest.raises(AuditLogIsReadOnly):
        db.session.commit()
    db.session.rollback()
