"""The national picture (docs/national.md): snapshots an administrator
publishes, with partnerships joining and leaving between them, the rules
that refuse or hold back a figure, who may see it, and its PDF read back."""

from __future__ import annotations

import io
import itertools
from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader

from selfassess import clock, disclosure
from selfassess.data import audit, national, rounds
from selfassess.data.base import db
from selfassess.national import rules
from tests import factories
from tests.pages import page
from tests.signing_in import csrf_token, sign_in

PARTNERSHIPS = [
    "Angus",
    "Highland",
    "Moray",
    "Orkney",
    "Falkirk",
    "Inverclyde",
    "Midlothian",
    "Renfrewshire",
    "East Lothian",
]
FEEDBACK = "capacity.feedback-on-support"  # a question that may not apply


def closed_round(partnership: str, level: int, *, feedback_na: bool = False):
    """A closed round with results: three people answered ``level`` everywhere
    (or "Not applicable" to the feedback question)."""
    made = factories.round_(partnership)
    answers = factories.all_answers(lambda i: "na" if feedback_na and i == FEEDBACK else level)
    for _ in range(3):
        factories.response(made, answers, perspective="nhs")
    return factories.close(made)


@pytest.fixture
def days(monkeypatch):
    """The clock, moved on a day for each snapshot so each has its own date."""
    now = [datetime(2026, 12, 1, 10, 0)]
    monkeypatch.setattr(clock, "utcnow", lambda: now[0])

    def next_day():
        now[0] += timedelta(days=1)

    return next_day


def publish(client, *, expect_published: bool = True) -> str:
    response = client.post("/admin/national", data={"csrf_token": csrf_token(client, "/admin/national")})
    assert response.status_code == 302
    target = "/national" if expect_published else "/admin/national"
    assert response.headers["Location"].endswith(target), response.headers["Location"]
    return page(client, target).text()


def shown_pairs(snapshots):
    """Every figure shown in two snapshots, with the partnerships' rounds behind each."""
    for a, b in itertools.combinations(snapshots, 2):
        for key, first in a.figures["items"].items():
            second = b.figures["items"][key]
            if first.get("withheld") or second.get("withheld"):
                continue
            yield key, first, second


def basis(figure):
    return {pid: (rid, version) for pid, rid, version in figure["basis"]}


def test_a_first_snapshot_needs_five_partnerships(app, client, admin, days):
    for name, level in zip(PARTNERSHIPS[:4], (1, 2, 3, 4), strict=True):
        closed_round(name, level)
    text = publish(client, expect_published=False)
    assert "The national picture was not published" in text
    assert f"at least {disclosure.MIN_NATIONAL} partnerships" in text
    assert national.published() == []

    closed_round(PARTNERSHIPS[4], 2)
    text = publish(client)
    assert "National picture, 1 December 2026 is published, from 5 partnerships" in text
    (snapshot,) = national.published()
    overall = snapshot.figures["items"]["overall"]
    assert (overall["median"], overall["lower"], overall["upper"]) == (2.0, 2.0, 3.0)
    # 1, 2, 2, 3 and 4: no stage holds 5, and joining them all leaves one group.
    assert overall["cells"] is None
    assert "The middle half of partnerships scored between 2.00 and 3.00" in text
    events = [e for e in audit.events() if e.action == "published national picture"]
    assert len(events) == 1 and events[0].actor_id == admin.id


def test_joining_and_leaving_between_two_snapshots(app, client, admin, days):
    first = [closed_round(name, level) for name, level in zip(PARTNERSHIPS[:5], (2, 2, 3, 3, 3), strict=True)]
    publish(client)
    days()

    # A sixth partnership's round closes: one partnership differs.
    closed_round(PARTNERSHIPS[5], 4)
    text = publish(client, expect_published=False)
    assert "Only 1 partnership has a round that differs from the snapshot of 1 December 2026" in text
    # One leaves: its round is reopened, so it no longer contributes.
    rounds.reopen(first[4])
    db.session.commit()
    text = page(client, "/admin/national").text()
    assert "2 partnerships whose rounds differ" in text
    assert "You cannot publish a snapshot now. Only 2 partnerships have a round that differs" in text
    assert "Publish national picture for" not in text
    assert len(national.published()) == 1

    # Three more join, saying the feedback question does not apply: five differ.
    for name in PARTNERSHIPS[6:9]:
        closed_round(name, 1, feedback_na=True)
    assert "Publish national picture for 2 December 2026" in page(client, "/admin/national").text()
    text = publish(client)
    assert "from 8 partnerships" in text
    older, newer = national.on_questionnaire(*_questionnaire())
    # The feedback question's partnerships differ by two (one joined, one
    # left): the first snapshot's figure is shown again, not a new one.
    again = newer.figures["items"][f"indicator:{FEEDBACK}"]
    assert again == {**older.figures["items"][f"indicator:{FEEDBACK}"], "previous_median": 3.0}
    assert "As published on 1 December 2026: fewer than 5 partnerships' rounds behind this figure" in text
    # Everything else is new, and its change since the first snapshot is shown.
    assert newer.figures["items"]["overall"]["computed_at"] != older.figures["items"]["overall"]["computed_at"]
    assert "3.00 then, 2.00 now" in text

    # No figure in the two snapshots can be told apart by one partnership.
    for key, a, b in shown_pairs([older, newer]):
        changed = rules.differing(basis(a), basis(b))
        assert (changed == 0 and a["median"] == b["median"]) or changed >= disclosure.MIN_NATIONAL_CHANGED, key


def _questionnaire():
    version = national.current_version()
    return version.questionnaire_id, version.major


def test_who_may_see_the_national_picture(app, client, admin, days):
    for name, level in zip(PARTNERSHIPS[:6], (1, 2, 2, 3, 3, 4), strict=True):
        closed_round(name, level)
    publish(client)
    (snapshot,) = national.published()
    urls = ["/national", f"/national/{snapshot.id}", f"/national/{snapshot.id}/report.pdf"]

    lead = factories.lead("angus.lead@example.org", "Angus")
    respondent = factories.member(factories.account("angus.nhs@example.org"), "Angus", "nhs")
    adviser = factories.adviser("adviser@example.org", ["Angus"])
    for person in (lead, respondent, adviser):
        other = app.test_client()
        sign_in(other, person.email)
        for url in urls:
            assert other.get(url).status_code in (403, 404), (person.email, url)

    # An administrator makes the adviser an adviser of a national body, from their page.
    account_page = page(client, f"/admin/people/{adviser.id}")
    assert "Make an adviser of a national body" in account_page.text()
    response = client.post(
        f"/admin/people/{adviser.id}/national", data={"csrf_token": csrf_token(client), "make_national": "yes"}
    )
    assert response.status_code == 302
    assert "is now an adviser of a national body" in page(client, f"/admin/people/{adviser.id}").text()
    assert any(e.action == "changed roles" and '"national_body": "yes"' in (e.detail or "") for e in audit.events())

    national_client = app.test_client()
    sign_in(national_client, adviser.email)
    shown = page(national_client, "/national")
    assert shown.h1 == snapshot.title
    assert page(national_client, f"/national/{snapshot.id}").h1 == snapshot.title
    assert page(national_client, "/national/999999", status=404)
    for name in PARTNERSHIPS:
        assert name not in shown.html


def test_the_pdf_holds_the_figures_and_no_names(app, client, admin, days):
    for name, level in zip(PARTNERSHIPS[:6], (2, 2, 3, 3, 3, 3), strict=True):
        closed_round(name, level, feedback_na=name != "Angus")
    publish(client)
    (snapshot,) = national.published()
    response = client.get(f"/national/{snapshot.id}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "selfassess-national-picture-2026-12-01.pdf" in response.headers["Content-Disposition"]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    flat = " ".join(text.split())
    assert snapshot.title in flat
    assert "Withheld: fewer than 5 partnerships have a score for this question" in flat
    assert "The median is 3.00" in flat and "between 2.25 and 3.00" in flat
    for name in PARTNERSHIPS:
        assert name not in flat


def test_no_snapshot_yet(app, client, admin):
    shown = page(client, "/national")
    assert "No national picture has been published yet" in shown.text()
    assert f"at least {disclosure.MIN_NATIONAL} partnerships" in shown.text()
