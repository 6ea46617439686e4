"""Shared by the tests of the answering pages (test_answering*.py): a
respondent with a round, the section pages as a person fills them in, and
the database's answers, to compare before and after a request.

(No tests here; the name only keeps the file among the answering tests.)"""

from __future__ import annotations

from datetime import timedelta
from functools import cache

from sqlalchemy import select

from selfassess.data.base import db, utcnow
from selfassess.data.models import Answer, PendingSave, Response, Round
from selfassess.questionnaire import Questionnaire, load
from tests import factories
from tests.pages import Page, page
from tests.signing_in import sign_in

EMAIL = "ruth.respondent@example.org"
OTHER = "omar.other@example.org"
# The perspective respondent() and respondent_with_round() give unless told:
# a staff one, asked every question.
PERSPECTIVE = "nhs"


def field(indicator_id: str) -> str:
    return indicator_id.replace(".", "--")


def evidence(indicator_id: str) -> str:
    return field(indicator_id) + "--evidence"


def respondent(email: str = EMAIL, partnership: str = "Fife", perspective: str = PERSPECTIVE):
    return factories.member(factories.account(email), partnership, perspective)


def respondent_with_round(
    client, email: str = EMAIL, partnership: str = "Fife", perspective: str = PERSPECTIVE, **round_options
) -> Round:
    respondent(email, partnership, perspective)
    round_ = factories.round_(partnership, **round_options)
    sign_in(client, email)
    return round_


def domain_url(round_: Round, section: str) -> str:
    return f"/rounds/{round_.id}/answer/{section}"


@cache
def questionnaire() -> Questionnaire:
    """The questionnaire the rounds are opened on (read once: it does not change)."""
    return load(factories.QUESTIONNAIRE)


# The domains in order, and the scale's labels, lowest first.
DOMAINS = [d.id for d in questionnaire().domains]
LEVELS = tuple(level.label for level in questionnaire().scale)


def indicators(section: str) -> list[str]:
    [domain] = [d for d in questionnaire().domains if d.id == section]
    return [i.id for i in domain.indicators]


def asked(section: str, perspective: str = PERSPECTIVE) -> list[str]:
    """The section's questions a respondent of this perspective is asked, in order."""
    return [i for i in indicators(section) if questionnaire().indicator(i).is_asked_of(perspective)]


def filled(form: Page, answers: dict[str, str], notes: dict[str, str] | None = None) -> dict[str, str]:
    """What a browser sends for this page: the hidden fields, the chosen
    radios (only those chosen) and every evidence box (empty when left)."""
    data = form.form_data()
    for name in (t["name"] for t in form.form().find_all("textarea")):
        data[name] = form.form().find("textarea", attrs={"name": name}).get_text()
    for name in {r["name"] for r in form.form().find_all("input", type="radio")}:
        checked = form.form().find("input", attrs={"name": name, "checked": True})
        if checked is not None:
            data[name] = checked["value"]
    for indicator_id, value in answers.items():
        data[field(indicator_id)] = value
    for indicator_id, text in (notes or {}).items():
        data[evidence(indicator_id)] = text
    return data


def save_page(client, round_: Round, section: str, answers: dict[str, str], notes=None, **kwargs):
    """Open a section page and save it as the person would, with these answers."""
    form = page(client, domain_url(round_, section))
    return client.post(domain_url(round_, section), data=filled(form, answers, notes), **kwargs)


def answer_all(client, round_: Round, level: str = "3", perspective: str = PERSPECTIVE) -> None:
    """Answer every question the respondent (of this perspective) is asked."""
    for section in DOMAINS:
        result = save_page(client, round_, section, dict.fromkeys(asked(section, perspective), level))
        assert result.status_code == 302, result.get_data(as_text=True)[:2000]


def rows() -> list[tuple]:
    """Every Answer row as the database has it now."""
    db.session.expire_all()
    return sorted(
        (a.response_id, a.indicator_id, a.value, a.evidence, a.updated_at_utc)
        for a in db.session.scalars(select(Answer))
    )


def answers_of(email: str = EMAIL) -> dict[str, tuple[str | None, str | None]]:
    """The person's saved answers: indicator -> (value, evidence)."""
    db.session.expire_all()
    from selfassess.data import accounts

    account = accounts.by_email(email)
    result = db.session.scalars(select(Response).where(Response.respondent_id == account.id)).all()
    if not result:
        return {}
    [response] = result
    return {
        a.indicator_id: (a.value, a.evidence)
        for a in db.session.scalars(select(Answer).where(Answer.response_id == response.id))
    }


def response_of(email: str = EMAIL) -> Response | None:
    db.session.expire_all()
    from selfassess.data import accounts

    account = accounts.by_email(email)
    return db.session.scalar(select(Response).where(Response.respondent_id == account.id))


def responses_count() -> int:
    db.session.expire_all()
    return len(db.session.scalars(select(Response)).all())


def pending_count() -> int:
    db.session.expire_all()
    return len(db.session.scalars(select(PendingSave)).all())


def make_idle(client, minutes: int = 31) -> None:
    """The person leaves the page: their last activity moves into the past."""
    with client.session_transaction() as session:
        assert "last_active" in session, "not signed in"
        session["last_active"] = (utcnow() - timedelta(minutes=minutes)).timestamp()


def autosave(client, round_: Round, section: str, data: dict[str, str], **kwargs):
    return client.post(domain_url(round_, section), data=data, headers={"X-Autosave": "1"}, **kwargs)


def checked_value(form: Page, indicator_id: str) -> str | None:
    checked = form.form().find("input", attrs={"name": field(indicator_id), "checked": True})
    return checked["value"] if checked is not None else None


def evidence_text(form: Page, indicator_id: str) -> str:
    return form.form().find("textarea", attrs={"name": evidence(indicator_id)}).get_text()
