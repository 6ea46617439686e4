"""`selfassess demo`: the demo data `make run` loads on first start."""

from __future__ import annotations

import time
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from selfassess.data import accounts, actions, agreed, invitations, partnerships, pending, responses, rounds, versions
from selfassess.data.base import db
from selfassess.data.models import (
    Account,
    ActionStatus,
    AdviserAssignment,
    AgreedAnswer,
    Answer,
    AuditEvent,
    Invitation,
    Membership,
    QuestionnaireVersion,
    Response,
    ResponseStatus,
    Role,
    Round,
    RoundStatus,
)
from selfassess.scoring import score
from tests import factories
from tests.db import selfassess_command
from tests.integration.conftest import PRODUCTION, make_app
from tests.pages import page
from tests.signing_in import sign_in

COUNTED = (Account, Round, Response, Answer, Invitation, Membership, AdviserAssignment, AgreedAnswer)


def demo(runner, *args: str, **env: str):
    result = runner.invoke(args=["demo", *args], env={"PORT": None, **env})
    db.session.expire_all()
    return result


def counts() -> dict[str, int]:
    found = {model.__name__: db.session.scalar(select(func.count(model.id))) for model in COUNTED}
    found["demo audit events"] = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action != "loaded demo data")
    )
    found["questionnaire versions"] = db.session.scalar(select(func.count(QuestionnaireVersion.id)))
    return found


def signs_in(app, email: str) -> None:
    # A fresh app context per person: requests share the active one, and
    # Flask-WTF and Flask-Login keep the CSRF token and the user in its ``g``.
    with app.app_context():
        sign_in(app.test_client(), email, factories.DEMO_PASSWORD)


def fife_rounds() -> tuple[Round, Round]:
    fife = partnerships.by_name("Fife")
    closed, open_ = sorted(rounds.for_partnership(fife.id), key=lambda r: r.opens_on)
    return closed, open_


def test_demo_prints_the_sign_ins_and_they_work(app, runner):
    started = time.monotonic()
    result = demo(runner)
    elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.output
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        assert elapsed < 10, f"seeding took {elapsed:.1f} s"

    printed = {word for line in result.output.splitlines() for word in line.split() if "@" in word}
    assert printed == factories.DEMO_SIGN_INS
    assert factories.DEMO_PASSWORD in result.output
    assert "http://127.0.0.1:5000" in result.output

    for email in sorted(factories.DEMO_SIGN_INS):
        signs_in(app, email)

    fife = partnerships.by_name("Fife")
    dundee = partnerships.by_name("Dundee City")
    lead = accounts.membership(accounts.by_email("fife.lead@example.org"), fife.id)
    assert (lead.role, lead.perspective) == (Role.LEAD, "local_authority")
    assert "Chief Officer" in lead.account.name
    for email, perspective in [("fife.nhs@example.org", "nhs"), ("fife.voice@example.org", "lived_experience")]:
        membership = accounts.membership(accounts.by_email(email), fife.id)
        assert (membership.role, membership.perspective) == (Role.RESPONDENT, perspective)
    assert [m.account.email for m in accounts.leads(fife.id)] == ["fife.lead@example.org"]
    assert [m.account.email for m in accounts.leads(dundee.id)] == ["dundee.lead@example.org"]
    users = db.session.scalars(select(Account)).all()
    assert {u.email for u in users if u.is_admin} == {"admin@example.org"}
    assert {u.email for u in users if u.is_adviser} == {"adviser@example.org"}
    assert accounts.by_email("adviser@example.org").adviser_for_all
    assert all(u.is_demo for u in users)
    assert all(r.is_demo for r in db.session.scalars(select(Round)))
    assert all("(demo)" in u.name for u in users)


def test_the_port_in_the_address_follows_port(runner):
    assert "http://127.0.0.1:8123" in demo(runner, PORT="8123").output
    assert "http://127.0.0.1:8124" in demo(runner, "--if-empty", "--port", "8124").output


def test_fife_has_an_open_round_everyone_but_the_lead_has_submitted(app, runner):
    assert demo(runner).exit_code == 0
    fife = partnerships.by_name("Fife")
    closed, open_ = fife_rounds()
    assert open_.is_open and open_.opens_on < open_.closes_on
    lead = accounts.by_email("fife.lead@example.org")
    assert responses.for_person(open_, lead) is None

    respondents = [m for m in accounts.members(fife.id) if m.role == Role.RESPONDENT]
    assert len(respondents) >= 6
    submitted = db.session.scalars(select(Response).where(Response.round_id == open_.id)).all()
    assert all(r.status == ResponseStatus.SUBMITTED for r in submitted)
    assert {r.respondent_id for r in submitted} == {m.account_id for m in respondents}
    perspectives = Counter(r.perspective for r in submitted)
    assert perspectives["lived_experience"] >= 3
    assert perspectives["nhs"] >= 2
    assert perspectives["third_sector"] >= 1

    # The lead's progress page shows every invited respondent as submitted.
    invited = invitations.for_round(open_)
    assert {i.account_id for i in invited} == {m.account_id for m in respondents}
    assert all(i.accepted_at is not None and i.nonce is None for i in invited)
    assert {p.status for p in responses.progress(open_)} == {"submitted"}

    # Last year's round: closed, shared, with agreed answers where people disagreed.
    assert closed.status == RoundStatus.CLOSED and closed.results_shared_at is not None
    assert closed.opens_on.year == 2025 and closed.opens_on.month >= 9
    assert rounds.previous(open_).id == closed.id
    settled = agreed.for_round(closed.id)
    assert 1 <= len(settled) <= 2
    # Last year's round used questionnaire 1.0.0, this year's today's 2.0.0:
    # each is scored with its own.
    assert (closed.questionnaire_version.version, open_.questionnaire_version.version) == ("1.0.0", "2.0.0")
    results = {}
    for round_ in (closed, open_):
        questionnaire = versions.questionnaire_for(round_.questionnaire_version)
        respondents = responses.counted_respondents([round_.id])[round_.id]
        agreed_values = {k: int(v.value) for k, v in agreed.for_round(round_.id).items()}
        results[round_.id] = score(questionnaire, respondents, agreed_values)
        if round_ is closed:
            as_answered = score(questionnaire, respondents)
    for indicator_id, answer in settled.items():
        # Agreed where method 2 flags views as differing, at the majority level.
        assert as_answered.indicator(indicator_id).disagreement
        assert int(answer.value) == as_answered.indicator(indicator_id).score
        assert answer.rationale and answer.agreed_by_id == lead.id

    # This year scores a little higher than last year, and people with lived
    # experience rate culture lower than the partnership as a whole does.
    assert results[open_.id].overall.score > results[closed.id].overall.score
    # (Only 2 of Fife's NHS staff answered, too few for a perspective score.)
    now = results[open_.id]
    assert now.perspectives["nhs"]["culture"] is None
    assert now.perspectives["lived_experience"]["culture"] < now.domain("culture").score

    # The pages show it.
    client = app.test_client()
    sign_in(client, "fife.lead@example.org", factories.DEMO_PASSWORD)
    assert open_.title in page(client, "/").text()
    assert closed.title in page(client, f"/partnerships/{fife.id}/rounds").text()


def test_other_partnerships_have_closed_rounds_on_the_same_questionnaire(runner):
    assert demo(runner).exit_code == 0
    fife = partnerships.by_name("Fife")
    _, open_ = fife_rounds()
    version = open_.questionnaire_version
    peers = rounds.latest_comparable_closed(version.questionnaire_id, version.major, fife.id)
    assert len(peers) >= 8
    assert "Dundee City" in {r.partnership.name for r in peers}
    for round_ in peers:
        assert round_.questionnaire_version_id == version.id
        submitted = db.session.scalars(
            select(Response).where(Response.round_id == round_.id, Response.status == ResponseStatus.SUBMITTED)
        ).all()
        assert 4 <= len(submitted) <= 8
        assert len({r.perspective for r in submitted}) >= 3
    assert len({r.partnership_id for r in db.session.scalars(select(Round))}) >= 9
    assert any(len(rounds.for_partnership(r.partnership_id)) == 2 for r in peers)

    answers = db.session.scalars(select(Answer)).all()
    may_not_apply = {
        i.id
        for v in db.session.scalars(select(QuestionnaireVersion))
        for i in versions.questionnaire_for(v).indicators
        if i.allow_na
    }
    assert {a.indicator_id for a in answers if a.value == "na"} <= may_not_apply
    values = Counter(a.value for a in answers)
    assert values["dont_know"] > 0
    assert set(values) <= {"1", "2", "3", "4", "dont_know", "na"}
    assert len(set(values) & {"1", "2", "3", "4"}) == 4
    notes = [a.evidence for a in answers if a.evidence]
    assert 0 < len(notes) < len(answers) / 3


def test_if_empty_twice_loads_once(runner):
    first = demo(runner, "--if-empty")
    assert first.exit_code == 0, first.output
    loaded = counts()
    second = demo(runner, "--if-empty")
    assert second.exit_code == 0, second.output
    assert "already loaded" in second.output
    assert "fife.lead@example.org" in second.output
    assert counts() == loaded
    assert demo(runner).exit_code == 0
    assert counts() == loaded


def test_reset_deletes_everything_demo_and_loads_it_again(app, runner):
    assert demo(runner).exit_code == 0
    loaded = counts()

    # Someone tries the demo: signs in, starts answering, leaves a page half-typed.
    signs_in(app, "fife.lead@example.org")
    _, open_ = fife_rounds()
    lead = accounts.by_email("fife.lead@example.org")
    draft = responses.start(open_, lead, "local_authority")
    db.session.flush()
    responses.save_domain(draft, "leadership", {"leadership.shared-meaning": ("2", "A draft note")})
    pending.keep(open_.id, "leadership", lead.id, [], replacing=None)
    db.session.commit()
    assert counts() != loaded

    result = demo(runner, "--reset")
    assert result.exit_code == 0, result.output
    assert counts() == loaded
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "signed in")) == 0
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "loaded demo data")) == 2
    for email in sorted(factories.DEMO_SIGN_INS):
        signs_in(app, email)


@pytest.mark.parametrize("what", ["person", "round"])
def test_refuses_a_database_with_data_that_is_not_demo_data(runner, what):
    if what == "person":
        factories.account("real.person@example.org")
    else:
        factories.round_()
    before = counts()
    for args in ([], ["--reset"]):
        result = demo(runner, *args)
        assert result.exit_code == 2, result.output
        assert len(result.output.strip().splitlines()) == 1
        assert "not demo data" in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert counts() == before
    # make run carries on serving a database with real data in it, without demo data.
    result = demo(runner, "--if-empty")
    assert result.exit_code == 0
    assert "No demo data loaded" in result.output
    assert counts() == before


def test_refuses_in_production(app, runner, tmp_path):
    production = make_app(app.config["SQLALCHEMY_DATABASE_URI"], str(tmp_path), **PRODUCTION)
    before = counts()
    # A CLI command runs in whichever app context is active: make it the production app's.
    with production.app_context():
        try:
            for args in (["demo"], ["demo", "--if-empty"], ["demo", "--reset"]):
                result = production.test_cli_runner().invoke(args=args)
                assert result.exit_code == 2, result.output
                assert result.output.strip() == "Refusing to load demo data: SELFASSESS_ENV is production."
        finally:
            db.session.remove()
            db.engine.dispose()
    db.session.expire_all()
    assert counts() == before


def test_make_run_steps_through_the_real_command(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite'}", "PORT": "5123"}
    assert selfassess_command("db", "upgrade", env=env).returncode == 0
    first = selfassess_command("demo", "--if-empty", env=env)
    assert first.returncode == 0, first.stderr
    assert "http://127.0.0.1:5123" in first.stdout
    assert "Demo data loaded." in first.stdout
    again = selfassess_command("demo", "--if-empty", env=env)
    assert again.returncode == 0, again.stderr
    assert "already loaded" in again.stdout

    production = {
        **env,
        "SELFASSESS_ENV": "production",
        "SELFASSESS_SECRET_KEY": "x" * 40,
        "SELFASSESS_MAIL_BACKEND": "smtp",
        "SELFASSESS_RATELIMIT_STORAGE_URI": PRODUCTION["RATELIMIT_STORAGE_URI"],
        "SELFASSESS_BASE_URL": PRODUCTION["BASE_URL"],
    }
    # A production app will not even start on a database that holds demo data...
    refused = selfassess_command("demo", "--reset", env=production)
    assert refused.returncode == 1
    assert refused.stderr.strip().startswith("selfassess cannot start: the database holds demo data")
    assert "Traceback" not in refused.stdout + refused.stderr
    # ...and on an empty one, the demo command itself refuses.
    empty = {**production, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite'}"}
    assert selfassess_command("db", "upgrade", env=empty).returncode == 0
    refused = selfassess_command("demo", env=empty)
    assert refused.returncode == 2
    assert refused.stderr.strip() == "Refusing to load demo data: SELFASSESS_ENV is production."
    assert "Traceback" not in refused.stdout + refused.stderr


def test_the_demo_shows_every_kind_of_result_of_scoring_method_2(runner):
    """The latest rounds hold an even split (scored at the lower level), a
    question with too few answers, one that does not apply, one nobody could
    answer, and a partnership with no overall score for want of answers."""
    assert demo(runner).exit_code == 0
    found: dict[str, set[str]] = {}
    even_splits = []
    for round_ in rounds.latest_comparable_closed("co-production-maturity", 2, None):
        questionnaire = versions.questionnaire_for(round_.questionnaire_version)
        respondents = responses.shown_respondents([round_.id])[round_.id]
        result = score(questionnaire, respondents)
        for outcome in result.indicators:
            found.setdefault(outcome.status, set()).add(round_.partnership.name)
            levels = sorted(r.answers[outcome.id] for r in respondents if isinstance(r.answers.get(outcome.id), int))
            half = len(levels) // 2
            if outcome.status == "answered" and len(levels) % 2 == 0 and levels[half - 1] != levels[half]:
                even_splits.append((outcome.score, levels[half - 1]))
        if not result.overall.complete:
            found.setdefault("no overall score", set()).add(round_.partnership.name)
    assert {"answered", "too_few", "not_applicable", "unanswered"} <= set(found)
    assert "Scottish Borders" in found["no overall score"]
    assert "Dundee City" in found["too_few"]
    # Every even split scores at the lower of its two middle levels.
    assert even_splits and all(score_ == lower for score_, lower in even_splits)


def test_the_demo_has_a_plan_in_every_status_and_a_round_past_its_closing_date(runner):
    """Fife's plan from last year's round, for this year's round to look
    back on, and Dundee City's round that `selfassess close-due` closes."""
    assert demo(runner).exit_code == 0
    last, current = fife_rounds()
    plan = actions.for_round(last.id)
    assert {a.status for a in plan} == set(ActionStatus)
    assert any(a.due_on and a.due_on < date.today() and a.status in actions.OPEN_STATUSES for a in plan)
    assert not actions.for_round(current.id)
    dundee = partnerships.by_name("Dundee City")
    open_rounds = rounds.open_rounds_for_partnerships([dundee.id])
    assert len(open_rounds) == 1
    assert open_rounds[0].closes_on < date.today()
    assert responses.submitted_count(open_rounds[0].id) >= 3

    assert demo(runner, "--reset").exit_code == 0
    assert {a.status for a in actions.for_round(fife_rounds()[0].id)} == set(ActionStatus)
