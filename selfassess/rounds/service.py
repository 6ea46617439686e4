"""The lead's workflows: opening a round, inviting people (or sending a new
link), withdrawing an invitation, closing, reopening, sharing the results,
recording a response on someone's behalf, and handing over the lead role.

Each change is committed with its audit event (``audit.commit``) and
returns the message the lead sees next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import session

from selfassess import access, clock, emails, mail, tokens
from selfassess.data import accounts, audit, invitations, responses, rounds, versions
from selfassess.data.models import Account, Invitation, Membership, Partnership, QuestionnaireVersion, Role, Round
from selfassess.outcome import Outcome
from selfassess.questionnaire import Questionnaire
from selfassess.rounds import progress, release

# A link shown once on the round page in development, where no email goes
# out, when mail.may_show_link allows it.
SHOWN_LINK = "rounds_shown_link"


def questionnaire(round_: Round) -> Questionnaire:
    return versions.questionnaire_for(round_.questionnaire_version)


def other_open_round(partnership_id: int, other_than: Round | None = None) -> Round | None:
    """The partnership's open round (a partnership has at most one), other than this one."""
    found = rounds.open_rounds_for_partnerships([partnership_id])
    return next((r for r in found if other_than is None or r.id != other_than.id), None)


# --- who has got where -----------------------------------------------------------------


def progress_summary(round_: Round) -> progress.ProgressSummary:
    """Who has got where, and every count the round page prints (``rounds/progress.py``)."""
    return progress.summary(round_)


def take_shown_link() -> dict | None:
    """The invitation link to show on the round page once (development
    only, and only when ``mail.may_show_link`` allowed it)."""
    return session.pop(SHOWN_LINK, None)


@dataclass(frozen=True)
class PartnershipRounds:
    rounds: list[Round]
    submitted: dict[int, int]  # round id -> responses submitted
    open_round: Round | None
    leads: list[Membership]


def partnership_rounds(partnership: Partnership) -> PartnershipRounds:
    found = rounds.for_partnership(partnership.id)
    return PartnershipRounds(
        rounds=found,
        submitted={r.id: responses.submitted_count(r.id) for r in found},
        open_round=next((r for r in found if r.is_open), None),
        leads=accounts.leads(partnership.id),
    )


# --- opening a round ---------------------------------------------------------------------


@dataclass(frozen=True)
class NewRoundChoices:
    open_round: Round | None
    latest: QuestionnaireVersion | None
    versions: list[QuestionnaireVersion]
    is_lead: bool  # False for an administrator who does not lead the partnership


def new_round_choices(partnership: Partnership, account: Account) -> NewRoundChoices:
    return NewRoundChoices(
        other_open_round(partnership.id),
        versions.latest(),
        versions.all_versions(),
        accounts.is_lead(account, partnership.id),
    )


def new_round_defaults(latest: QuestionnaireVersion) -> dict:
    today = clock.today_in_london()
    return {
        "title": f"Self-assessment {today.year}",
        "opens_on": today,
        "closes_on": today + timedelta(weeks=6),
        "questionnaire_version": latest.id,
    }


@dataclass(frozen=True)
class NewRound:
    """A round as the form gave it: what the check page shows and opening stores."""

    version_id: int
    title: str
    opens_on: date
    closes_on: date

    def signed(self, partnership: Partnership) -> str:
        """The check page's signed copy of these values, for this partnership."""
        return tokens.make(CHECKED, self._payload(partnership))

    def as_checked(self, partnership: Partnership, token: str | None) -> bool:
        """Whether these are the values the check page showed (``signed``)."""
        try:
            return tokens.read(CHECKED, token or "", CHECKED_MAX_AGE) == self._payload(partnership)
        except tokens.LinkError:
            return False

    def _payload(self, partnership: Partnership) -> dict:
        return {
            "p": partnership.id,
            "v": self.version_id,
            "t": self.title,
            "o": self.opens_on.isoformat(),
            "c": self.closes_on.isoformat(),
        }


CHECKED, CHECKED_MAX_AGE = "new round checked", 24 * 3600


@dataclass(frozen=True)
class Opened:
    round_: Round | None  # None: another round was opened meanwhile, and nothing was
    outcome: Outcome
    by_lead: bool


def open_round(partnership: Partnership, new: NewRound, actor: Account) -> Opened:
    """Open a round, unless one is open already (opened in another tab
    since the check page). An administrator who is not a lead may open one
    for any partnership: the event says so. A round a demo account opens is
    demo data too, so that ``selfassess demo --reset`` can clear it."""
    by_lead = accounts.is_lead(actor, partnership.id)
    already = other_open_round(partnership.id)
    if already is not None:
        return Opened(None, Outcome(f"{already.title} is still open, so no round was opened.", "info"), by_lead)
    version = versions.get(new.version_id)
    if version is None:  # pragma: no cover - the form's choices are the stored versions
        raise LookupError(new.version_id)
    round_ = rounds.create(partnership, version, new.title, new.opens_on, new.closes_on, is_demo=actor.is_demo)
    detail = {} if by_lead else {"opened_as": "administrator"}
    audit.commit_round(
        "opened round", round_, actor, title=round_.title, questionnaire_version=version.version, **detail
    )
    if by_lead:
        return Opened(round_, Outcome(f"You opened {round_.title}. Now invite people to answer."), by_lead)
    if accounts.leads(partnership.id):
        then = "Its leads can now invite people to answer."
    else:
        then = "It has no lead yet: make someone its lead, so that they can invite people to answer."
    return Opened(round_, Outcome(f"You opened {round_.title} for {partnership.name}. {then}"), by_lead)


# --- invitations -------------------------------------------------------------------------


def invite(round_: Round, email: str, perspective: str, name: str | None, lead: Account) -> Outcome:
    """Invite someone, or send a new link (with the perspective chosen now)
    to someone already invited."""
    if not round_.is_open:
        return Outcome("The round is closed, so nobody new can be invited. Reopen it first.", "info")
    email = accounts.normalise_email(email)
    existing = next((i for i in invitations.for_round(round_) if i.email == email and i.withdrawn_at is None), None)
    if existing is not None:
        existing.perspective = perspective
        invitations.resend(existing)
        invitation = existing
    else:
        invitation = invitations.invite(round_, email, perspective, lead, name or None)
    _send_invitation(invitation, lead)
    audit.commit_round(
        "invited" if existing is None else "resent invitation",
        round_,
        lead,
        invitation_id=invitation.id,
        perspective=invitation.perspective,
    )
    if existing is not None:
        return Outcome(f"{email} was already invited. We sent a new link; the old one no longer works.")
    return Outcome(f"We sent an invitation to {email}.")


def resend(round_: Round, invitation_id: int, lead: Account) -> Outcome:
    invitation = access.invitation_in(round_, invitation_id)
    if invitation.withdrawn_at is not None or invitation.email is None:
        return Outcome("That invitation was withdrawn. To invite the person again, use the invite form.", "info")
    if not round_.is_open:
        return Outcome("The round is closed, so there is no point sending a new link.", "info")
    invitations.resend(invitation)
    _send_invitation(invitation, lead)
    audit.commit_round("resent invitation", round_, lead, invitation_id=invitation.id)
    return Outcome(f"We sent a new link to {invitation.email}. The old link no longer works.")


def withdraw(round_: Round, invitation_id: int, lead: Account) -> Outcome:
    invitation = access.invitation_in(round_, invitation_id)
    if invitation.withdrawn_at is not None:
        return Outcome("That invitation was already withdrawn.", "info")
    invitations.withdraw(invitation)
    audit.commit_round("withdrew invitation", round_, lead, invitation_id=invitation.id)
    who = invitation.email or invitation.account.display_name
    return Outcome(f"You withdrew the invitation to {who}. Their link no longer works.")


def _send_invitation(invitation: Invitation, lead: Account) -> None:
    """Email the link; in development, also keep it to show on the round page
    when this request may be shown it (``mail.may_show_link``)."""
    link = emails.invitation(invitation, questionnaire(invitation.round), lead)
    if mail.may_show_link(invitation.account):
        session[SHOWN_LINK] = {"email": invitation.email, "url": link}


# --- closing, reopening, sharing -----------------------------------------------------


def close(round_: Round, lead: Account) -> Outcome:
    if not round_.is_open:
        return Outcome("The round is already closed.", "info")
    held = release.close(round_)
    audit.commit_round("closed round", round_, lead, results=("held back" if held else "released"))
    if held:
        return Outcome(f"You closed {round_.title}. {held}", "info")
    return Outcome(f"You closed {round_.title}. Now share the results with everyone who took part.")


def reopen(round_: Round, lead: Account) -> Outcome:
    if round_.is_open:
        return Outcome("The round is already open.", "info")
    other = other_open_round(round_.partnership_id, other_than=round_)
    if other is not None:
        return Outcome(
            f"{other.title} is open. A partnership can have only one open round: close {other.title} first.", "info"
        )
    was_shared = round_.results_shared_at is not None
    rounds.reopen(round_)
    audit.commit_round("reopened round", round_, lead)
    message = f"You reopened {round_.title}. People can answer and change their answers again."
    if was_shared:
        message += " The results are no longer shared: share them again after you close the round."
    return Outcome(message)


def reopen_response(round_: Round, response_id: int, lead: Account) -> Outcome:
    response = access.response_in(round_, response_id)
    if not round_.is_open:
        return Outcome("The round is closed, so answers cannot be changed. Reopen the round first.", "info")
    if not response.is_submitted:
        return Outcome("Those answers have not been submitted, so they can still be changed.", "info")
    responses.reopen(response)
    audit.commit_round("reopened response", round_, lead, response_id=response.id)
    if response.respondent is not None:
        who = response.respondent.display_name
        return Outcome(f"{who} can change their answers now. They need to submit them again to count.")
    return Outcome("You can change the recorded answers now. Submit them again for them to count.")


def share_results(round_: Round, lead: Account) -> Outcome:
    if round_.is_open:
        return Outcome("Close the round before you share its results.", "info")
    if round_.results_shared_at is not None:
        return Outcome("The results are already shared.", "info")
    rounds.share_results(round_)
    audit.commit_round("shared results", round_, lead)
    for person in responses.people_in_results(round_):
        emails.results_shared(person, round_)
    return Outcome(
        "You shared the results. Everyone who took part can now see them when they sign in, and we have emailed them."
    )


def record_response(round_: Round, lead: Account, perspective: str, source: str, label: str | None) -> int:
    """Start a response recorded from a paper copy or an interview; returns its id."""
    response = responses.record_on_behalf(round_, lead, perspective, source, label)
    audit.commit_round(
        "started recorded response",
        round_,
        lead,
        response_id=response.id,
        source=response.recorded_from,
        perspective=response.perspective,
    )
    return response.id


# --- who leads the partnership -------------------------------------------------------------


@dataclass(frozen=True)
class Leads:
    current: list[Membership]
    candidates: list[Membership]  # members who could lead: active, not leads already
    members: list[Membership]

    def is_member(self, account_id: str) -> bool:
        return any(str(m.account_id) == account_id for m in self.members)


def leads(partnership: Partnership) -> Leads:
    members = accounts.members(partnership.id)
    return Leads(
        current=[m for m in members if m.role == Role.LEAD],
        candidates=[m for m in members if m.role != Role.LEAD and m.account.is_active],
        members=members,
    )


def hand_over_lead(partnership: Partnership, lead: Account, chosen: Membership) -> Outcome:
    """Make the chosen member a lead and the current lead a respondent."""
    successor = chosen.account
    accounts.hand_over_lead(lead, successor, partnership)
    audit.commit("handed over lead role", actor=lead, partnership_id=partnership.id, to_account_id=successor.id)
    emails.made_lead(successor, partnership, lead)
    return Outcome(
        f"{successor.display_name} now leads {partnership.name}'s self-assessment. "
        "You are no longer a lead; you can still answer as a respondent."
    )


def add_lead(partnership: Partnership, lead: Account, chosen: Membership) -> Outcome:
    successor = chosen.account
    accounts.add_member(successor, partnership, chosen.perspective, Role.LEAD)
    audit.commit("made lead", actor=lead, partnership_id=partnership.id, account_id=successor.id)
    emails.made_lead(successor, partnership, lead)
    return Outcome(f"{successor.display_name} is now a lead of {partnership.name} as well as you.")
