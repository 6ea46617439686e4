"""Small builders for database test data, through the app's own data layer.
Call them inside an app context (the integration ``app`` fixture gives one)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from selfassess.data import accounts, partnerships, responses, rounds, versions
from selfassess.data.base import db
from selfassess.data.models import Account, QuestionnaireVersion, Response, Role, Round
from selfassess.questionnaire import Questionnaire
from selfassess.rounds import release
from tests.signing_in import PASSWORD
from tests.signing_in import sign_in as sign_in  # re-exported for older imports: import it from tests.signing_in

# What `selfassess demo` publishes (and the README lists): its password and sign-ins.
DEMO_PASSWORD = "demo-password"
DEMO_SIGN_INS = frozenset(
    {
        "fife.lead@example.org",
        "fife.nhs@example.org",
        "fife.voice@example.org",
        "dundee.lead@example.org",
        "adviser@example.org",
        "admin@example.org",
    }
)
QUESTIONNAIRE = Path(__file__).resolve().parent.parent / "questionnaires" / "co-production-maturity.yaml"


def version():
    found, _ = versions.load_file(QUESTIONNAIRE)
    db.session.commit()
    return found


def questionnaire() -> Questionnaire:
    return versions.questionnaire_for(version())


def account(email: str, *, password: str | None = PASSWORD, name: str | None = None, **flags: bool) -> Account:
    made = accounts.create(email, name or email.split("@")[0].replace(".", " ").title(), password, **flags)
    db.session.commit()
    return made


def member(who: Account, partnership: str = "Fife", perspective: str = "nhs", role: Role = Role.RESPONDENT) -> Account:
    accounts.add_member(who, partnerships.by_name(partnership), perspective, role)
    db.session.commit()
    return who


def lead(email: str, partnership: str = "Fife", perspective: str = "local_authority") -> Account:
    return member(account(email), partnership, perspective, Role.LEAD)


def adviser(email: str, partnership_names: list[str] | None = None) -> Account:
    made = account(email)
    ids = {partnerships.by_name(n).id for n in partnership_names or []}
    accounts.set_adviser(made, partnership_names is None, ids)
    db.session.commit()
    return made


def round_(
    partnership: str = "Fife",
    *,
    title: str = "Self-assessment 2026",
    opens_on: date = date(2026, 10, 1),
    closes_on: date = date(2026, 12, 1),
    closed: bool = False,
    on: QuestionnaireVersion | None = None,
) -> Round:
    """A round of the partnership, on the default questionnaire or on the stored version ``on``."""
    made = rounds.create(partnerships.by_name(partnership), on or version(), title, opens_on, closes_on)
    if closed:
        release.close(made)
    db.session.commit()
    return made


def close(round_: Round) -> Round:
    """Close the round as a lead does: its results show the answers submitted
    by now (the first close of a round always releases them)."""
    held = release.close(round_)
    db.session.commit()
    assert held is None, held
    return round_


def all_answers(level: int | Callable[[str], object], q: Questionnaire | None = None) -> dict[str, object]:
    """The same answer to every indicator, or ``level(indicator_id)``."""
    q = q or questionnaire()
    return {i.id: (level(i.id) if callable(level) else level) for i in q.indicators}


def response(
    round_: Round,
    answers: dict[str, object],
    *,
    perspective: str = "nhs",
    respondent: Account | None = None,
    submitted: bool = True,
    evidence: dict[str, str] | None = None,
) -> Response:
    """A response with these answers (ints, "dont_know" or "na"); a fresh
    respondent is made when none is given. Submitted to a round made closed,
    it counts as submitted before the round closed: it is in its results."""
    if respondent is None:
        respondent = account(f"respondent-{responses_count() + 1}-{round_.id}@example.org", password=None)
        accounts.add_member(respondent, round_.partnership, perspective)
    made = responses.start(round_, respondent, perspective)
    db.session.flush()
    values = {k: (str(v), (evidence or {}).get(k)) for k, v in answers.items()}
    responses.save_domain(made, "all", values)
    if submitted:
        responses.submit(made)
        if not round_.is_open:
            responses.release(round_)
    db.session.commit()
    return made


def responses_count() -> int:
    return db.session.query(Response).count()
