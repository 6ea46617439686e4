"""The database tables, as typed SQLAlchemy 2 models.

Routes never import these (an import-linter contract in pyproject.toml):
they go through the services and the query layer in ``selfassess.data``
(``accounts``, ``rounds``, ``responses``, ...).
"""

# size: the whole schema in one module, so that it reads as one thing beside
# migrations/versions/ and the relationships between tables stay in view.

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from selfassess.data.base import Base


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # Stored as plain strings with a CHECK constraint: portable between SQLite
    # and PostgreSQL and easy to read in a database dump.
    return Enum(cls, name=name, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class Role(enum.StrEnum):
    RESPONDENT = "respondent"
    LEAD = "lead"


class RoundStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ResponseStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Partnership(Base):
    __tablename__ = "partnership"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)

    rounds: Mapped[list[Round]] = relationship(back_populates="partnership", order_by="Round.opens_on")


class Account(UserMixin, Base):
    __tablename__ = "account"

    email: Mapped[str | None] = mapped_column(String(254), unique=True)  # None once erased
    name: Mapped[str | None] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))  # None until the person sets one
    is_admin: Mapped[bool] = mapped_column(default=False)
    adviser_for_all: Mapped[bool] = mapped_column(default=False)
    # An adviser of a national body: sees the published national picture
    # (counts and figures across partnerships, never names); an
    # administrator grants it.
    is_national: Mapped[bool] = mapped_column(default=False)
    # Bumped on password change and erasure: signs the person out everywhere
    # and makes outstanding reset links useless.
    session_version: Mapped[int] = mapped_column(default=1)
    erased_at: Mapped[datetime | None]
    is_demo: Mapped[bool] = mapped_column(default=False)

    memberships: Mapped[list[Membership]] = relationship(back_populates="account", cascade="all, delete-orphan")
    adviser_assignments: Mapped[list[AdviserAssignment]] = relationship(
        back_populates="account", cascade="all, delete-orphan"
    )

    def get_id(self) -> str:
        # Flask-Login stores this in the session; the version part means a
        # password change or erasure ends every other session.
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.erased_at is None and self.password_hash is not None

    @property
    def display_name(self) -> str:
        if self.erased_at is not None:
            return f"Erased person {self.id}"
        return self.name or self.email or f"Person {self.id}"

    @property
    def is_adviser(self) -> bool:
        return self.adviser_for_all or bool(self.adviser_assignments)


class Membership(Base):
    """A person's place in a partnership: respondent or lead (several leads are allowed)."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("account_id", "partnership_id"),)

    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"), index=True)
    role: Mapped[Role] = mapped_column(_enum(Role, "role"), default=Role.RESPONDENT)
    perspective: Mapped[str] = mapped_column(String(40))

    account: Mapped[Account] = relationship(back_populates="memberships")
    partnership: Mapped[Partnership] = relationship()


class AdviserAssignment(Base):
    """An improvement adviser supports this partnership (advisers for all have ``adviser_for_all``)."""

    __tablename__ = "adviser_assignment"
    __table_args__ = (UniqueConstraint("account_id", "partnership_id"),)

    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"), index=True)

    account: Mapped[Account] = relationship(back_populates="adviser_assignments")
    partnership: Mapped[Partnership] = relationship()


class QuestionnaireVersion(Base):
    """The exact text of a questionnaire file and its study-themes file, as
    loaded. A round keeps the version it was opened on; loading an edited
    file makes a new version and never touches old rounds."""

    __tablename__ = "questionnaire_version"

    questionnaire_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[str] = mapped_column(String(40))
    major: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    source_name: Mapped[str] = mapped_column(String(255))
    # The file texts are large and needed only when a version is first
    # parsed in a process (data/questionnaires.py caches by sha256), so they
    # are loaded on demand, not with every round.
    content: Mapped[str] = mapped_column(Text, deferred=True)
    themes_name: Mapped[str] = mapped_column(String(255))
    themes_content: Mapped[str] = mapped_column(Text, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)

    __table_args__ = (Index("ix_questionnaire_version_family", "questionnaire_id", "major"),)


class Round(Base):
    """One self-assessment round of a partnership."""

    __tablename__ = "round"
    __table_args__ = (CheckConstraint("closes_on >= opens_on", name="closes_after_opens"),)

    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"), index=True)
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    title: Mapped[str] = mapped_column(String(200))
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    status: Mapped[RoundStatus] = mapped_column(_enum(RoundStatus, "round_status"), default=RoundStatus.OPEN)
    closed_at: Mapped[datetime | None]
    results_shared_at: Mapped[datetime | None]
    # When results were last shown (the round's latest release of answers:
    # ``Response.shown_perspective`` and ``Answer.shown_*``); None before the
    # round first closes. See docs/scoring.md, "Keeping people's answers private".
    released_at: Mapped[datetime | None]
    # Bumped whenever something the results depend on changes (a submission,
    # a reopening, an agreed answer, closing): scored results are cached
    # under (round id, results_version). Drafts never count in results, so
    # saving a page does not touch this row.
    results_version: Mapped[int] = mapped_column(default=1)
    # Reminders go by themselves 7 and 2 days before the closing date
    # unless the lead turns them off (rounds/reminders.py).
    auto_reminders: Mapped[bool] = mapped_column(default=True)
    is_demo: Mapped[bool] = mapped_column(default=False)

    partnership: Mapped[Partnership] = relationship(back_populates="rounds")
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class Invitation(Base):
    """An invitation to answer in a round, sent to an email address with a perspective."""

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("round_id", "email"),)

    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    email: Mapped[str | None] = mapped_column(String(254))  # None once the person is erased
    perspective: Mapped[str] = mapped_column(String(40))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    # A random value in the emailed link; cleared when the link is used or the
    # invitation withdrawn, which makes each link single-use.
    nonce: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]

    round: Mapped[Round] = relationship()
    account: Mapped[Account] = relationship(foreign_keys=[account_id])


class Response(Base):
    """One person's answers in a round (or one recorded on their behalf)."""

    __tablename__ = "response"
    __table_args__ = (UniqueConstraint("round_id", "respondent_id"),)

    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), index=True)
    # None for a response recorded on behalf of someone without an account.
    respondent_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    perspective: Mapped[str] = mapped_column(String(40))
    status: Mapped[ResponseStatus] = mapped_column(
        _enum(ResponseStatus, "response_status"), default=ResponseStatus.DRAFT
    )
    submitted_at: Mapped[datetime | None]
    # The submission that counts: a copy of the perspective and answers made
    # when the owner submits, kept through a reopening, a withdrawal, a
    # removal or a change of perspective until the owner submits again.
    counted_at: Mapped[datetime | None]
    counted_perspective: Mapped[str | None] = mapped_column(String(40))
    # The copy the results show, taken from the counted copy when a round
    # closes and the release rule allows (rounds/release.py); None when this
    # response is not in the results shown.
    shown_perspective: Mapped[str | None] = mapped_column(String(40))
    last_domain: Mapped[str | None] = mapped_column(String(80))
    # Set when a lead recorded the response from a paper copy or an interview.
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    recorded_from: Mapped[str | None] = mapped_column(String(20))  # "paper" or "interview"
    recorded_label: Mapped[str | None] = mapped_column(String(120))
    # The person agreed, on the answer pages, that their evidence notes may
    # be shown (without their name) in the consensus workshop. The workshop
    # shows a note only when the release holds the consent too
    # (``shown_workshop_consent``, copied when results are released), so a
    # consent given between two views cannot tie a note to the person who
    # just resubmitted; a consent withdrawn counts at once.
    workshop_consent: Mapped[bool] = mapped_column(default=False)
    shown_workshop_consent: Mapped[bool] = mapped_column(default=False)

    round: Mapped[Round] = relationship()
    respondent: Mapped[Account | None] = relationship(foreign_keys=[respondent_id])
    answers: Mapped[list[Answer]] = relationship(back_populates="response", cascade="all, delete-orphan")

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


_VALUES = "('1','2','3','4','5','6','7','8','9','dont_know','na')"


class Answer(Base):
    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("response_id", "indicator_id"),
        CheckConstraint(f"value IS NULL OR value IN {_VALUES}", name="value"),
        CheckConstraint(f"counted_value IS NULL OR counted_value IN {_VALUES}", name="counted_value"),
        CheckConstraint(f"shown_value IS NULL OR shown_value IN {_VALUES}", name="shown_value"),
    )

    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[str] = mapped_column(String(120))
    # A scale value as text ("1".."4"), "dont_know" or "na"; None when only
    # evidence was written so far.
    value: Mapped[str | None] = mapped_column(String(20))
    evidence: Mapped[str | None] = mapped_column(Text)
    # The answer as last submitted, and as last shown in results (see Response).
    counted_value: Mapped[str | None] = mapped_column(String(20))
    counted_evidence: Mapped[str | None] = mapped_column(Text)
    shown_value: Mapped[str | None] = mapped_column(String(20))
    shown_evidence: Mapped[str | None] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="answers")


class AgreedAnswer(Base):
    """A level the partnership agreed for an indicator, with the reason."""

    __tablename__ = "agreed_answer"
    __table_args__ = (UniqueConstraint("round_id", "indicator_id"),)

    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), index=True)
    indicator_id: Mapped[str] = mapped_column(String(120))
    value: Mapped[str] = mapped_column(String(20))
    rationale: Mapped[str] = mapped_column(Text)
    agreed_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    agreed_at: Mapped[datetime]

    agreed_by: Mapped[Account | None] = relationship()


class Reminder(Base):
    """A reminder email sent to an invited person who had not submitted.
    One a day per invitation at most (the unique constraint holds it even
    when two workers run at once); ``kind`` is "lead" for one the lead sent,
    or "7 days" / "2 days" for the automatic ones, each sent once."""

    __tablename__ = "reminder"
    __table_args__ = (UniqueConstraint("invitation_id", "sent_on"),)

    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    sent_on: Mapped[date] = mapped_column(Date)  # the day in Europe/London


class ActionStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class Action(Base):
    """One action of a round's action plan. ``owner`` is a name the lead
    typed, not necessarily an account. ``answers`` lists what it responds
    to, as {"indicators": [...], "themes": [...]}; ``basis`` says whose
    word the action's text is ("partnership" for one the lead wrote, or a
    theme action's basis such as "study_recommends")."""

    __tablename__ = "action"

    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    basis: Mapped[str] = mapped_column(String(30), default="partnership")
    owner: Mapped[str | None] = mapped_column(String(120))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(_enum(ActionStatus, "action_status"), default=ActionStatus.NOT_STARTED)
    note: Mapped[str | None] = mapped_column(Text)

    round: Mapped[Round] = relationship()
    comments: Mapped[list[ActionComment]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionComment.id"
    )


class ActionComment(Base):
    """A comment on an action by the adviser supporting the partnership (or a lead)."""

    __tablename__ = "action_comment"

    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    text: Mapped[str] = mapped_column(Text)

    action: Mapped[Action] = relationship(back_populates="comments")
    author: Mapped[Account | None] = relationship()


class AuditEvent(Base):
    """Who did what, when. Written once and never changed from the app."""

    __tablename__ = "audit_event"

    at: Mapped[datetime] = mapped_column(index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnership.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("round.id"))
    detail: Mapped[str | None] = mapped_column(Text)
    ip_address: Mapped[str | None] = mapped_column(String(64))

    actor: Mapped[Account | None] = relationship()


class NationalSnapshot(Base):
    """A published national picture: the figures as they were when an
    administrator published them, never recomputed, so two snapshots can only
    differ by the rounds that changed between them (``docs/national.md``).
    ``rounds`` holds the contributing rounds as [round id, results version]
    pairs, for the rule that enough of them differ from the previous
    snapshot; ``figures`` holds what the page and the PDF print."""

    __tablename__ = "national_snapshot"

    questionnaire_id: Mapped[str] = mapped_column(String(80))
    major: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(index=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    title: Mapped[str] = mapped_column(String(200))
    contributing: Mapped[int]
    rounds: Mapped[list] = mapped_column(JSON, default=list)
    figures: Mapped[dict] = mapped_column(JSON, default=dict)

    published_by: Mapped[Account | None] = relationship()


class PendingSave(Base):
    """What a person typed on a page when their sign-in had expired, kept so
    that they find it again after signing back in. The form had passed its
    CSRF check; it is shown to the person again, never saved without them."""

    __tablename__ = "pending_save"

    key: Mapped[str] = mapped_column(String(64), unique=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"))
    domain_id: Mapped[str] = mapped_column(String(80))
    form_data: Mapped[str] = mapped_column(Text)


class StoredFile(Base):
    """A generated file (a ZIP of reports) kept for a while, reachable from every worker and machine."""

    __tablename__ = "stored_file"

    owner_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime]


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(Base):
    """A background job (building a ZIP of reports). Its state lives here, so
    any worker on any machine can show its progress."""

    __tablename__ = "job"

    owner_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[JobStatus] = mapped_column(_enum(JobStatus, "job_status"), default=JobStatus.QUEUED)
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    message: Mapped[str | None] = mapped_column(Text)
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id", ondelete="SET NULL"))

    file: Mapped[StoredFile | None] = relationship()


class AuditLogIsReadOnly(RuntimeError):
    pass


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _audit_is_append_only(_mapper, _connection, _target) -> None:  # type: ignore[no-untyped-def]
    raise AuditLogIsReadOnly("the audit log cannot be changed from the app")
