"""Demo data: ``selfassess demo`` fills a new database with made-up
partnerships' rounds and answers, so that every page has something to show.

Everything made here is marked as demo (``User.is_demo``, ``Round.is_demo``),
and seeding refuses to touch a database that holds anything else, or to run
in production. The answers are made up, deterministically (a seeded random
generator), from a profile per partnership and domain that each respondent
varies around by perspective: people with lived experience rate culture and
involvement lower than NHS and council managers do, which is the gap the
product exists to show.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import click
from argon2 import PasswordHasher
from flask import current_app
from sqlalchemy import delete, func, or_, select

from selfassess.data import accounts, agreed, audit, invitations, partnerships, responses, rounds, versions
from selfassess.data.base import db
from selfassess.data.models import (
    Account,
    AdviserAssignment,
    AgreedAnswer,
    Answer,
    AuditEvent,
    Invitation,
    Membership,
    Partnership,
    PendingSave,
    QuestionnaireVersion,
    Response,
    Role,
    Round,
    StoredFile,
)
from selfassess.questionnaire import DONT_KNOW, NOT_APPLICABLE, Questionnaire

PASSWORD = "demo-password"  # noqa: S105 -- published on purpose: the demo sign-ins print it
SEED = 20251001
LAST_AUTUMN = 2025
LOWEST, HIGHEST = 1, 4

# --- who is in the demo ------------------------------------------------------------


@dataclass(frozen=True)
class SignIn:
    email: str
    role: str


SIGN_INS = (
    SignIn("fife.lead@example.org", "Chief Officer, lead of Fife"),
    SignIn("fife.nhs@example.org", "respondent in Fife (NHS)"),
    SignIn("fife.voice@example.org", "respondent in Fife (lived experience)"),
    SignIn("dundee.lead@example.org", "lead of Dundee City"),
    SignIn("adviser@example.org", "improvement adviser for all partnerships"),
    SignIn("admin@example.org", "administrator"),
)

FIFE = "Fife"
FIFE_LEAD = ("fife.lead@example.org", "Dr Eilidh Paterson, Chief Officer (demo)", "local_authority")
# Fife's respondents (email, name, perspective, answered last year's round).
FIFE_RESPONDENTS = (
    ("fife.nhs@example.org", "Callum Reid (demo)", "nhs", True),
    ("fife.voice@example.org", "Morven Stewart (demo)", "lived_experience", True),
    ("fife.carer@example.org", "Isla Drummond (demo)", "lived_experience", True),
    ("fife.panel@example.org", "Hamish Baird (demo)", "lived_experience", True),
    ("fife.nurse@example.org", "Priya Lennox (demo)", "nhs", True),
    ("fife.voluntary@example.org", "Shona Mackay (demo)", "third_sector", True),
    ("fife.council@example.org", "Euan Galbraith (demo)", "local_authority", True),
    ("fife.care-provider@example.org", "Niamh Ferguson (demo)", "independent_sector", False),
)
DUNDEE = "Dundee City"
DUNDEE_LEAD = ("dundee.lead@example.org", "Graeme Lindsay, Head of Strategy (demo)", "nhs")
ADVISER = ("adviser@example.org", "Ruth Kerr, Improvement Adviser (demo)")
ADMIN = ("admin@example.org", "Site administrator (demo)")

DOMAINS = ("leadership", "capacity", "systems", "culture", "evaluation")

# Each partnership's underlying level per domain (on the 1 to 4 scale), in
# the order of DOMAINS, and whether it also has a round from autumn 2024.
FIFE_PROFILE = (2.7, 2.3, 1.8, 3.1, 1.8)
FIFE_LAST_YEAR = (2.3, 1.9, 1.4, 2.7, 1.4)
OTHER_PARTNERSHIPS: tuple[tuple[str, tuple[float, ...], bool], ...] = (
    (DUNDEE, (2.8, 2.4, 2.2, 2.9, 2.5), True),
    ("Aberdeen City", (2.3, 2.0, 2.4, 2.2, 2.6), False),
    ("Angus", (2.0, 1.8, 1.9, 2.4, 1.8), False),
    ("City of Edinburgh", (2.6, 2.1, 2.0, 2.5, 2.8), False),
    ("Glasgow City", (3.0, 2.7, 2.5, 2.8, 3.0), True),
    ("Highland", (2.4, 1.9, 1.7, 3.1, 2.0), True),
    ("Perth and Kinross", (2.2, 2.5, 2.6, 2.0, 2.2), False),
    ("Scottish Borders", (1.8, 1.6, 1.8, 2.1, 1.5), False),
    ("West Lothian", (2.9, 2.8, 2.9, 2.6, 2.7), False),
    ("Moray", (2.1, 2.2, 1.6, 2.7, 1.9), False),
)

# How each perspective tends to see each domain, relative to the profile.
PERSPECTIVE_SHIFT = {
    "nhs": (0.3, 0.1, 0.1, 0.4, 0.2),
    "local_authority": (0.3, 0.0, 0.2, 0.3, 0.1),
    "third_sector": (-0.1, -0.3, -0.2, -0.3, -0.2),
    "independent_sector": (-0.2, -0.2, -0.4, -0.2, -0.3),
    "lived_experience": (-0.4, -0.3, -0.3, -0.9, -0.5),
    "community": (-0.3, -0.2, -0.2, -0.7, -0.4),
}
# Involvement itself is where the gap is widest.
INVOLVEMENT = {"culture.real-involvement", "culture.power-from-the-start", "evaluation.people-in-evaluation"}
OUTSIDE_VIEW = {"lived_experience", "community"}

FIRST_NAMES = (
    "Aileen", "Alasdair", "Andrew", "Anna", "Ben", "Calum", "Catriona", "Chloe", "Craig", "Donald", "Duncan",
    "Eilidh", "Elspeth", "Fraser", "Fiona", "Gordon", "Heather", "Iain", "Jamie", "Jenna", "Karen", "Kirsty",
    "Lewis", "Lorna", "Malcolm", "Mairi", "Neil", "Rachel", "Rory", "Sandra", "Stuart", "Tariq", "Yvonne", "Zoe",
)  # fmt: skip
SURNAMES = (
    "Anderson", "Blair", "Buchanan", "Cameron", "Campbell", "Crawford", "Docherty", "Duncan", "Forsyth", "Gillies",
    "Grant", "Henderson", "Hunter", "Kerr", "Lamont", "MacDonald", "MacLeod", "McIntyre", "Munro", "Murray",
    "Ogilvie", "Rennie", "Robertson", "Ross", "Sinclair", "Sutherland", "Thomson", "Urquhart", "Wallace", "Watt",
)  # fmt: skip

# Short evidence notes, by domain, for lower and higher answers. No names.
EVIDENCE = {
    "leadership": (
        (
            "Co-production is mentioned in the strategic plan but we have not agreed what it means here.",
            "Leaders talk about working with people, but decisions are still mostly made before anyone is asked.",
            "It depends on a few committed managers; when they move on, it stops.",
        ),
        (
            "The leadership team agreed a one-page statement with the carers' forum last spring.",
            "Board papers now say how people who use services shaped each proposal.",
            "Senior managers from the NHS and the council attend the community panel every quarter.",
        ),
    ),
    "capacity": (
        (
            "There is no budget line for involvement; it comes out of whatever is left over.",
            "Staff want to do this but cannot get the time away from services.",
            "Short-term funding means we keep starting again with new groups.",
        ),
        (
            "Two engagement officers are funded jointly by the NHS board and the council.",
            "Participation payments and travel costs are now paid for everyone with lived experience.",
            "Improvement training this year included a session on working with people as equals.",
        ),
    ),
    "systems": (
        (
            "Health and council systems still do not talk to each other, so joint teams duplicate work.",
            "Good pilots end when the funding ends; nothing is spread.",
            "Decisions made at the partnership's board are sometimes reversed by the partner bodies.",
        ),
        (
            "The joint plan for older people's services was written with the third sector from the start.",
            "A shared action log tracks what was agreed and who follows it up.",
            "The locality model was adopted across all areas after the first pilot.",
        ),
    ),
    "culture": (
        (
            "People are asked for views after the plan is already written.",
            "Meetings are full of jargon and acronyms; it is hard to take part.",
            "As a carer I am invited, but it does not feel like my views change anything.",
            "Feedback goes in but we rarely hear what happened to it.",
        ),
        (
            "The mental health redesign group was co-chaired by a person with lived experience.",
            "Staff and community members now plan events together, in plain language.",
            "Partners trust each other more since the joint workshops last year.",
        ),
    ),
    "evaluation": (
        (
            "We count how many people came to events, not what changed as a result.",
            "There is no one with time or skills to evaluate this work properly.",
            "People with lived experience are not involved in deciding what counts as success.",
        ),
        (
            "The day services review was evaluated with the people who use them.",
            "An annual learning event reports back on what changed after people took part.",
            "We now collect stories of difference made alongside the numbers.",
        ),
    ),
}
DONT_KNOW_NOTE = "I have not seen enough of this to say."

AGREED_RATIONALE = {
    "culture.real-involvement": (
        "Agreed at the development session: managers pointed to the mental health redesign, and people with "
        "lived experience explained where involvement still comes after plans are written. This level fits most "
        "services today."
    ),
    "culture.power-from-the-start": (
        "Agreed at the review meeting: there are good examples in a few services, but they are not yet how the "
        "partnership works everywhere, as carers on the panel explained."
    ),
}
AGREED_FALLBACK = (
    "Agreed at the review meeting after hearing why answers differed: examples exist in some services, "
    "but not yet across the partnership."
)


# --- the command -------------------------------------------------------------------


@click.command("demo")
@click.option(
    "--if-empty", is_flag=True, help="Skip loading, without failing, when the database holds any data (for make run)."
)
@click.option("--reset", is_flag=True, help="Delete all demo data and load it again.")
@click.option("--port", type=int, default=5000, envvar="PORT", show_default=True, help="The port shown in the address.")
def demo_command(if_empty: bool, reset: bool, port: int) -> None:
    """Load demo partnerships, rounds and answers, and print the demo sign-ins."""
    if if_empty and reset:
        raise click.UsageError("Use --if-empty or --reset, not both.")
    if current_app.config["ENV"] == "production":
        _refuse("Refusing to load demo data: SELFASSESS_ENV is production.")
    if not reset and _has_demo_data():
        click.echo("Demo data is already loaded ('selfassess demo --reset' loads it afresh).")
        click.echo(sign_ins_text(port))
        return
    people_count, rounds_count = _non_demo_counts()
    if people_count or rounds_count:
        what = ", ".join(
            part
            for part in (_plural(people_count, "person", "people"), _plural(rounds_count, "round", "rounds"))
            if part
        )
        message = f"this database holds data that is not demo data ({what}); use a new database for the demo."
        if if_empty:
            # make run serves any database: one that holds real data simply gets no demo data.
            click.echo(f"No demo data loaded: {message}", err=True)
            return
        _refuse(f"Refusing to load demo data: {message}")

    if reset:
        delete_demo_data()
    seed()
    audit.record("loaded demo data", reset=reset)
    db.session.commit()
    click.echo("Demo data loaded.")
    click.echo(sign_ins_text(port))


def _refuse(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(2)


def _plural(count: int, one: str, many: str) -> str:
    if not count:
        return ""
    return f"1 {one}" if count == 1 else f"{count} {many}"


def sign_ins_text(port: int) -> str:
    width = max(len(s.email) for s in SIGN_INS)
    lines = [f"Open http://127.0.0.1:{port} and sign in with the password {PASSWORD} as:"]
    lines += [f"  {s.email.ljust(width)}  {s.role}" for s in SIGN_INS]
    return "\n".join(lines)


def _non_demo_counts() -> tuple[int, int]:
    real_accounts = db.session.scalar(select(func.count(Account.id)).where(Account.is_demo.is_(False))) or 0
    rounds_ = db.session.scalar(select(func.count(Round.id)).where(Round.is_demo.is_(False))) or 0
    return real_accounts, rounds_


def _has_demo_data() -> bool:
    return (
        db.session.scalar(select(Account.id).where(Account.is_demo.is_(True)).limit(1)) is not None
        or db.session.scalar(select(Round.id).where(Round.is_demo.is_(True)).limit(1)) is not None
    )


# --- deleting ----------------------------------------------------------------------


def delete_demo_data() -> None:
    """Delete demo people and rounds and everything that hangs off them, in
    the current transaction."""
    demo_users = select(Account.id).where(Account.is_demo.is_(True)).scalar_subquery()
    demo_rounds = select(Round.id).where(Round.is_demo.is_(True)).scalar_subquery()
    demo_responses = (
        select(Response.id)
        .where(
            or_(
                Response.round_id.in_(demo_rounds),
                Response.respondent_id.in_(demo_users),
                Response.recorded_by_id.in_(demo_users),
            )
        )
        .scalar_subquery()
    )
    # The audit log is append-only in the app (models.py refuses ORM updates
    # and deletes of AuditEvent). This Core statement on the table bypasses
    # that on purpose: removing the events of made-up demo people and rounds
    # when the demo is reseeded is not editing the log of anything real. The
    # "loaded demo data" events themselves stay.
    audit_table = AuditEvent.__table__
    db.session.execute(
        delete(audit_table).where(or_(audit_table.c.round_id.in_(demo_rounds), audit_table.c.actor_id.in_(demo_users)))
    )
    statements = (
        delete(AgreedAnswer).where(
            or_(AgreedAnswer.round_id.in_(demo_rounds), AgreedAnswer.agreed_by_id.in_(demo_users))
        ),
        delete(PendingSave).where(PendingSave.round_id.in_(demo_rounds)),
        delete(Answer).where(Answer.response_id.in_(demo_responses)),
        delete(Response).where(
            or_(
                Response.round_id.in_(demo_rounds),
                Response.respondent_id.in_(demo_users),
                Response.recorded_by_id.in_(demo_users),
            )
        ),
        delete(Invitation).where(
            or_(
                Invitation.round_id.in_(demo_rounds),
                Invitation.account_id.in_(demo_users),
                Invitation.invited_by_id.in_(demo_users),
            )
        ),
        delete(Membership).where(Membership.account_id.in_(demo_users)),
        delete(AdviserAssignment).where(AdviserAssignment.account_id.in_(demo_users)),
        delete(StoredFile).where(StoredFile.owner_id.in_(demo_users)),
        delete(Round).where(Round.is_demo.is_(True)),
        delete(Account).where(Account.is_demo.is_(True)),
    )
    for statement in statements:
        db.session.execute(statement, execution_options={"synchronize_session": False})
    db.session.expire_all()


# --- seeding -----------------------------------------------------------------------


class _Seeder:
    def __init__(self, version: QuestionnaireVersion, questionnaire: Questionnaire) -> None:
        self.version = version
        self.questionnaire = questionnaire
        # Answers come from one generator and dates and times from another, so
        # that the answers are the same whatever today's date is.
        self.rng = random.Random(SEED)  # noqa: S311 -- made-up answers, not security
        self.dates = random.Random(SEED + 1)  # noqa: S311
        # One Argon2 hash for every demo account: hashing is slow on purpose,
        # and the demo password is published anyway.
        self.password_hash = PasswordHasher().hash(PASSWORD)
        self.names = [f"{first} {last}" for first in FIRST_NAMES for last in SURNAMES]
        self.rng.shuffle(self.names)
        self.indicator_offsets: dict[tuple[str, str], float] = {}
        self.biases: dict[int, float] = {}  # each person rates a little high or low, the same every year

    # people

    def person(self, email: str, name: str, **flags: bool) -> Account:
        account = accounts.create(email, name, is_demo=True, **flags)
        account.password_hash = self.password_hash
        return account

    def made_up_person(self, partnership: Partnership, number: int) -> Account:
        return self.person(f"{partnership.slug}.{number}@example.org", f"{self.names.pop()} (demo)")

    # answers

    def offset(self, partnership: Partnership, indicator_id: str) -> float:
        key = (partnership.slug, indicator_id)
        if key not in self.indicator_offsets:
            self.indicator_offsets[key] = self.rng.uniform(-0.4, 0.4)
        return self.indicator_offsets[key]

    def answers(
        self, partnership: Partnership, account: Account, profile: tuple[float, ...], perspective: str
    ) -> dict[str, tuple[str, str | None]]:
        rng = self.rng
        bias = self.biases.setdefault(account.id, rng.gauss(0, 0.2))
        shift = PERSPECTIVE_SHIFT[perspective]
        values: dict[str, tuple[str, str | None]] = {}
        for indicator in self.questionnaire.indicators:
            domain = DOMAINS.index(indicator.domain_id)
            unsure = 0.15 if perspective in OUTSIDE_VIEW and indicator.domain_id in ("capacity", "systems") else 0.03
            if indicator.allow_na and rng.random() < 0.1:
                values[indicator.id] = (NOT_APPLICABLE, None)
                continue
            if rng.random() < unsure:
                values[indicator.id] = (DONT_KNOW, DONT_KNOW_NOTE if rng.random() < 0.2 else None)
                continue
            level = profile[domain] + self.offset(partnership, indicator.id) + shift[domain] + bias
            if indicator.id in INVOLVEMENT and perspective in OUTSIDE_VIEW:
                level -= 0.4
            value = min(HIGHEST, max(LOWEST, round(level + rng.gauss(0, 0.3))))
            evidence = None
            if rng.random() < 0.12:
                low, high = EVIDENCE[indicator.domain_id]
                evidence = rng.choice(low if value <= 2 else high)
            values[indicator.id] = (str(value), evidence)
        return values

    def respond(
        self,
        round_: Round,
        account: Account,
        perspective: str,
        profile: tuple[float, ...],
        submitted_at: datetime,
    ) -> Response:
        response = responses.start(round_, account, perspective)
        responses.save_domain(
            response, self.questionnaire.domains[-1].id, self.answers(round_.partnership, account, profile, perspective)
        )
        responses.submit(response)
        response.submitted_at = submitted_at
        response.created_at_utc = submitted_at - timedelta(days=self.dates.randint(0, 6), minutes=45)
        response.updated_at_utc = submitted_at
        return response

    # rounds

    def new_round(self, partnership: Partnership, title: str, opens_on: date, closes_on: date) -> Round:
        round_ = rounds.create(partnership, self.version, title, opens_on, closes_on, is_demo=True)
        round_.created_at_utc = _at(opens_on - timedelta(days=7), 10)
        return round_

    def finish_closed(self, round_: Round) -> None:
        rounds.close(round_)
        round_.closed_at = _at(round_.closes_on, 17)

    def some_time_in(self, start: date, end: date) -> datetime:
        """A time of day on one of the days from ``start`` up to, not including, ``end``."""
        span = max(1, (end - start).days)
        day = start + timedelta(days=self.dates.randrange(span))
        return _at(day, self.dates.randint(9, 20), self.dates.randint(0, 59))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def seed() -> None:
    """Make the demo data in the current transaction (the caller commits)."""
    version, _ = versions.load_file(
        Path(current_app.config["QUESTIONNAIRES_DIR"]) / current_app.config["DEFAULT_QUESTIONNAIRE"]
    )
    s = _Seeder(version, versions.questionnaire_for(version))

    adviser = s.person(*ADVISER)
    accounts.set_adviser(adviser, True, set())
    s.person(*ADMIN, is_admin=True)

    _seed_fife(s)
    for name, profile, two_rounds in OTHER_PARTNERSHIPS:
        _seed_other(s, name, profile, two_rounds)
    db.session.flush()


def _seed_fife(s: _Seeder) -> None:
    fife = partnerships.by_name(FIFE)
    assert fife is not None  # reference data from migration 0002  # noqa: S101
    email, name, perspective = FIFE_LEAD
    lead = s.person(email, name)
    accounts.add_member(lead, fife, perspective, Role.LEAD)
    members = []
    for email, name, perspective, last_year in FIFE_RESPONDENTS:
        account = s.person(email, name)
        accounts.add_member(account, fife, perspective)
        members.append((account, perspective, last_year))

    # Last year's round: closed, results shared, two disagreements settled.
    last = s.new_round(
        fife, f"Co-production self-assessment {LAST_AUTUMN}", date(LAST_AUTUMN, 9, 22), date(LAST_AUTUMN, 11, 14)
    )
    for account, perspective, answered in [(lead, FIFE_LEAD[2], True), *members]:
        if answered:
            submitted_at = s.some_time_in(last.opens_on, last.closes_on)
            response = s.respond(last, account, perspective, FIFE_LAST_YEAR, submitted_at)
            _audit_submitted(last, account, response, submitted_at)
    s.finish_closed(last)
    _agree_disagreements(s, last, lead)
    rounds.share_results(last)
    last.results_shared_at = _at(last.closes_on + timedelta(days=21), 11)

    # This year's round: open; everyone but the lead has submitted.
    today = date.today()
    current = s.new_round(
        fife, f"Co-production self-assessment {today.year}", today - timedelta(weeks=3), today + timedelta(weeks=3)
    )
    for account, perspective, _ in members:
        invitation = invitations.invite(current, account.email or "", perspective, lead)
        invitations.accept(invitation)
        invitation.sent_at = _at(current.opens_on, 9, 30)
        invitation.accepted_at = invitation.sent_at + timedelta(hours=s.dates.randint(2, 60))
        accepted = audit.record("accepted invitation", actor=account, partnership_id=fife.id, round_id=current.id)
        accepted.at = invitation.accepted_at
        submitted_at = s.some_time_in(invitation.accepted_at.date() + timedelta(days=1), today)
        response = s.respond(current, account, perspective, FIFE_PROFILE, submitted_at)
        _audit_submitted(current, account, response, submitted_at)


def _audit_submitted(round_: Round, account: Account, response: Response, at: datetime) -> None:
    db.session.flush()
    event = audit.record(
        "submitted response",
        actor=account,
        partnership_id=round_.partnership_id,
        round_id=round_.id,
        response_id=response.id,
    )
    event.at = at


def _agree_disagreements(s: _Seeder, round_: Round, lead: Account) -> None:
    """Agreed answers for the (up to) two indicators where answers differed
    most, preferring the involvement ones the demo is about."""
    db.session.flush()
    numbers: dict[str, list[int]] = {}
    for respondent in responses.submitted_respondents([round_.id])[round_.id]:
        for indicator_id, value in respondent.answers.items():
            if isinstance(value, int):
                numbers.setdefault(indicator_id, []).append(value)
    spread = {i: max(v) - min(v) for i, v in numbers.items() if v}
    disputed = sorted(
        (i for i, gap in spread.items() if gap >= 2),
        key=lambda i: (i not in AGREED_RATIONALE, -spread[i], i),
    )
    for indicator_id in disputed[:2]:
        values = sorted(numbers[indicator_id])
        level = values[(len(values) - 1) // 2]
        made = agreed.record(
            round_, indicator_id, str(level), AGREED_RATIONALE.get(indicator_id, AGREED_FALLBACK), lead
        )
        made.agreed_at = _at(round_.closes_on + timedelta(days=14), 15)


def _seed_other(s: _Seeder, name: str, profile: tuple[float, ...], two_rounds: bool) -> None:
    partnership = partnerships.by_name(name)
    assert partnership is not None  # reference data from migration 0002  # noqa: S101
    if name == DUNDEE:
        email, lead_name, perspective = DUNDEE_LEAD
        lead = s.person(email, lead_name)
        accounts.add_member(lead, partnership, perspective, Role.LEAD)
    count = s.rng.randint(4, 8)
    # Several perspectives in every partnership, the rest at random.
    chosen = ["nhs", "local_authority", "lived_experience"]
    chosen += s.rng.choices(list(PERSPECTIVE_SHIFT), k=count - len(chosen))
    members = []
    for number, perspective in enumerate(chosen, start=1):
        account = s.made_up_person(partnership, number)
        accounts.add_member(account, partnership, perspective)
        members.append((account, perspective))

    years = [LAST_AUTUMN - 1, LAST_AUTUMN] if two_rounds else [LAST_AUTUMN]
    for year in years:
        opens_on = date(year, 9, 1) + timedelta(days=s.dates.randint(0, 40))
        closes_on = opens_on + timedelta(weeks=s.dates.randint(5, 8))
        round_ = s.new_round(partnership, f"Co-production self-assessment {year}", opens_on, closes_on)
        earlier = year < LAST_AUTUMN
        year_profile = tuple(level - 0.3 for level in profile) if earlier else profile
        answering = members if not earlier else members[: max(4, len(members) - 2)]
        for account, perspective in answering:
            s.respond(round_, account, perspective, year_profile, s.some_time_in(opens_on, closes_on))
        s.finish_closed(round_)
        if s.dates.random() < 0.6:
            rounds.share_results(round_)
            round_.results_shared_at = _at(closes_on + timedelta(days=s.dates.randint(7, 30)), 11)
