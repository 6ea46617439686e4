"""Answering a round: whose response a page is for, where the respondent has
got to, saving a domain's page (refusing a tampered one, and asking which
answers to keep of a page another tab changed: ``stale.py``), submitting,
and finding what someone typed when their sign-in ran out (``kept.py``).

The same workflow serves a respondent answering for themselves and a lead
recording a response on someone's behalf from a paper copy or an interview.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import abort, url_for
from werkzeug.datastructures import MultiDict

from selfassess import access
from selfassess.answering import stale
from selfassess.answering.forms import (
    AnswerField,
    DomainFormBase,
    domain_form_class,
    evidence_name,
    field_name,
    keep_name,
)
from selfassess.data import accounts, audit, invitations, pending, responses, saving, transaction, versions
from selfassess.data.models import Account, Response, Round
from selfassess.questionnaire import Domain, Indicator, Questionnaire

# Why a posted page was not saved, for the page's script to show (the
# refused page, answering/refused.html, says the same at more length).
PROBLEMS = {
    "closed": "this round has closed, so answers can no longer be added or changed.",
    "submitted": "these answers have already been submitted (perhaps in another tab), so they are locked.",
    "changed": "the questions have changed since this page was opened. Open the page again.",
    "unknown": "the page sent an answer to a question that is not on it (not in this domain, or not asked of you). "
    "Open the page again.",
    "not yours": "this page belongs to a different set of answers. Open the page again from your task list.",
}
STATUS = {"closed": 409, "submitted": 409, "changed": 409, "unknown": 400, "not yours": 400}
FORM_FIELDS = {"csrf_token", "response_id", "questionnaire", "versions", "choose"}


@dataclass
class Answering:
    """One response being answered, by its respondent or recorded by a lead."""

    round_: Round
    questionnaire: Questionnaire
    response: Response | None  # None until the first page is saved
    account: Account
    recorded: bool = False
    _answers: dict[str, saving.StoredAnswer] | None = field(default=None, repr=False)
    _answers_of: int | None = field(default=None, repr=False)
    _perspective: str | None = field(default=None, repr=False)

    def url(self, page: str, **values: Any) -> str:
        if self.recorded:
            assert self.response is not None  # noqa: S101 - a recorded response always exists
            return url_for(
                f"answering.recorded_{page}", round_id=self.round_.id, response_id=self.response.id, **values
            )
        return url_for(f"answering.{page}", round_id=self.round_.id, **values)

    @property
    def perspective(self) -> str:
        if self.response is not None:
            return self.response.perspective
        if self._perspective is None:  # asked for every domain of a page: looked up once
            self._perspective = _perspective_for(self.round_, self.account)
        return self._perspective

    @property
    def version_tag(self) -> str:
        """Which questionnaire text a page was made from (a page from another is stale)."""
        return self.round_.questionnaire_version.sha256[:16]

    def answers(self) -> dict[str, saving.StoredAnswer]:
        """The response's answers (their levels and evidence), read once per request."""
        if self.response is None:
            return {}
        if self._answers is None or self._answers_of != self.response.id:
            self._answers, self._answers_of = saving.stored(self.response), self.response.id
        return self._answers

    def asked(self, domain: Domain) -> list[Indicator]:
        """The domain's questions this response is asked: those asked of its perspective."""
        perspective = self.perspective
        return [i for i in domain.indicators if i.is_asked_of(perspective)]

    def domain(self, domain_id: str) -> tuple[int, Domain]:
        for index, domain in enumerate(self.questionnaire.domains):
            if domain.id == domain_id:
                return index, domain
        abort(404)


def _perspective_for(round_: Round, account: Account) -> str:
    invitation = next(
        (i for i in invitations.for_round(round_) if i.account_id == account.id and i.withdrawn_at is None), None
    )
    if invitation is not None:
        return invitation.perspective
    membership = accounts.membership(account, round_.partnership_id)
    assert membership is not None  # the access rule admits members only  # noqa: S101
    return membership.perspective


def own(round_: Round, account: Account, *, with_answers: bool = True) -> Answering:
    """The signed-in respondent's own response (a page being saved seldom needs the stored answers)."""
    questionnaire = versions.questionnaire_for(round_.questionnaire_version)
    if not with_answers:
        return Answering(round_, questionnaire, saving.person(round_, account), account)
    response, stored = saving.person_with_stored(round_, account)
    return Answering(round_, questionnaire, response, account, _answers=stored, _answers_of=response and response.id)


def recorded(round_: Round, response_id: int, lead: Account) -> Answering:
    """A response a lead is recording on someone's behalf."""
    response = access.recorded_response_in(round_, response_id)
    questionnaire = versions.questionnaire_for(round_.questionnaire_version)
    return Answering(round_, questionnaire, response, lead, recorded=True)


# --- where the respondent has got to ---------------------------------------------------


@dataclass(frozen=True)
class DomainProgress:
    domain: Domain
    indicators: list[Indicator]  # the questions asked of this respondent
    answered: int

    @property
    def total(self) -> int:
        return len(self.indicators)

    @property
    def status(self) -> str:
        if self.answered == self.total:
            return "Completed"
        return "In progress" if self.answered else "Not started"


@dataclass(frozen=True)
class Progress:
    domains: list[DomainProgress]

    @property
    def answered(self) -> int:
        return sum(d.answered for d in self.domains)

    @property
    def total(self) -> int:
        return sum(d.total for d in self.domains)

    @property
    def next_domain(self) -> Domain | None:
        return next((d.domain for d in self.domains if d.status != "Completed"), None)


def progress(answering: Answering) -> Progress:
    answers = answering.answers()
    found = []
    for domain in answering.questionnaire.domains:
        asked = answering.asked(domain)
        answered = sum(1 for i in asked if i.id in answers and answers[i.id].value is not None)
        found.append(DomainProgress(domain, asked, answered))
    return Progress(found)


def missing(answering: Answering) -> list[Indicator]:
    """The questions asked of this respondent not answered yet, in questionnaire order."""
    answers = answering.answers()
    return [
        i
        for domain in answering.questionnaire.domains
        for i in answering.asked(domain)
        if i.id not in answers or answers[i.id].value is None
    ]


# --- a domain's page ----------------------------------------------------------------------


@dataclass(frozen=True)
class DomainPage:
    """What a domain's page shows: the form, and whether it holds kept typing."""

    index: int
    domain: Domain
    indicators: list[Indicator]  # the questions asked of this respondent
    form: DomainFormBase
    kept: bool = False
    # Answers changed in another tab or window and on this page: which to keep?
    conflicts: dict[str, stale.Conflict] = field(default_factory=dict)


def open_page(answering: Answering, domain_id: str, pending_key: str | None) -> DomainPage | str:
    """The page to answer a domain, filled with the stored answers (or with
    what the person typed when their sign-in ran out); or why it cannot be
    answered now: "submitted" (show the answers) or "closed"."""
    index, domain = answering.domain(domain_id)
    if answering.response is not None and answering.response.is_submitted:
        return "submitted"
    if not answering.round_.is_open:
        return "closed"
    asked = answering.asked(domain)
    form_class = domain_form_class(answering.questionnaire, domain, asked)
    kept = None if answering.recorded else _kept_for(answering, domain, pending_key)
    if kept is not None:
        return DomainPage(index, domain, asked, form_class(formdata=MultiDict(kept)), kept=True)
    saved = _stored(answering)
    data: dict[str, str | None] = {"versions": stale.page_versions(asked, saved)}
    for indicator in asked:
        data[field_name(indicator.id)], data[evidence_name(indicator.id)] = saved.get(indicator.id, (None, None))
    return DomainPage(index, domain, asked, form_class(formdata=None, data=data))


def _stored(answering: Answering) -> dict[str, stale.Stored]:
    return {i: (a.value, a.evidence) for i, a in answering.answers().items()}


def stamp(answering: Answering, form: DomainFormBase) -> None:
    """The hidden fields that tie a page to its response and questionnaire text."""
    form.response_id.data = str(answering.response.id) if answering.response else ""
    form.questionnaire.data = answering.version_tag


@dataclass(frozen=True)
class Saved:
    next_url: str
    kept_discarded: bool
    versions: str | None = None  # the page's versions now, for its script (None: it sent none)


@dataclass(frozen=True)
class Conflicted:
    """Saved, except answers another tab or window changed too: the page asks which to keep."""

    page: DomainPage
    versions: str  # what the page that was posted shows now, for its script


@dataclass(frozen=True)
class Refused:
    problem: str  # a key of PROBLEMS

    @property
    def status(self) -> int:
        return STATUS[self.problem]


@dataclass(frozen=True)
class Invalid:
    page: DomainPage
    tampered: bool  # a value outside the options, which no page offers


def save_page(
    answering: Answering, domain_id: str, posted: MultiDict, *, from_check: bool, pending_key: str | None
) -> Saved | Refused | Invalid | Conflicted:
    """Save a posted domain page in one transaction, or say why not. An
    answer changed in another tab or window since the page was opened is
    not overwritten: the page asks which to keep (answering/stale.py)."""
    index, domain = answering.domain(domain_id)
    asked = answering.asked(domain)
    problem = _stale_or_tampered(answering, asked, posted)
    if problem is not None:
        transaction.rollback()
        return Refused(problem)
    form_class = domain_form_class(answering.questionnaire, domain, asked)
    form = form_class(formdata=posted)
    if not form.validate():
        tampered = any(isinstance(f, AnswerField) and f.errors for f in form)
        asking = stale.asking(form, asked, posted, _stored(answering)) if posted.get("choose") else []
        return Invalid(DomainPage(index, domain, asked, form, conflicts={c.indicator.id: c for c in asking}), tampered)
    shown = stale.read_versions(posted.get("versions"))
    response = answering.response or responses.start(answering.round_, answering.account, answering.perspective)
    merged = None
    if shown is None:  # a page without versions (not one of ours): the last save wins
        values = changes(form, asked, posted, answering.answers)
    else:
        saved = saving.answers_to_compare(response)
        merged = stale.merge(form, asked, posted, saved, shown)
        values = merged.values
    responses.save_domain(response, domain.id, values)
    kept = not answering.recorded and _kept_for(answering, domain, pending_key) is not None
    if kept:
        pending.discard(pending_key)  # what was typed is on the page saved, or asking which to keep
    answering.response = response
    if merged is not None and merged.conflicts:
        asking_form = stale.asking_form(form_class, asked, {**saved, **merged.values}, merged.conflicts)
        page = DomainPage(index, domain, asked, asking_form, conflicts={c.indicator.id: c for c in merged.conflicts})
        transaction.commit()
        return Conflicted(page, stale.versions_text(merged.versions))
    # Where to go next, worked out before the commit (afterwards the round
    # and response would be read again).
    domains = answering.questionnaire.domains
    if from_check or index + 1 == len(domains):
        after = answering.url("check")
    else:
        after = answering.url("domain", domain_id=domains[index + 1].id)
    transaction.commit()
    return Saved(after, kept_discarded=kept, versions=None if merged is None else stale.versions_text(merged.versions))


def _stale_or_tampered(answering: Answering, asked: list[Indicator], posted: Mapping[str, str]) -> str | None:
    """Why a posted page must not be saved, if it must not: the round has
    closed, the response was submitted (perhaps in another tab), the page
    names a question this domain does not ask of this respondent, the questionnaire changed
    since the page was opened, or the page belongs to another response."""
    if not answering.round_.is_open:
        return "closed"
    if answering.response is not None and answering.response.is_submitted:
        return "submitted"
    if set(posted.keys()) - page_fields(asked):
        return "unknown"
    if posted.get("questionnaire") != answering.version_tag:
        return "changed"
    posted_response = posted.get("response_id", "")
    own_id = str(answering.response.id) if answering.response is not None else ""
    if posted_response != own_id and not (posted_response == "" and answering.response is not None):
        return "not yours"
    return None


def page_fields(indicators: list[Indicator]) -> set[str]:
    """The names a domain's page showing these questions may post."""
    names = set(FORM_FIELDS)
    for indicator in indicators:
        names |= {field_name(indicator.id), evidence_name(indicator.id), keep_name(indicator.id)}
    return names


def changes(
    form: DomainFormBase,
    indicators: list[Indicator],
    posted: Mapping[str, str],
    saved: Callable[[], Mapping[str, saving.StoredAnswer]],
) -> dict[str, tuple[Any, Any]]:
    """What a posted page changes: only the fields it sent (the page's script
    may send part of the form), never blanking an answer it did not show.
    A chosen level cannot be unchosen on the page, so a page that sends no
    level for a question answered since it was opened (in another tab)
    leaves that answer, and its evidence, as they are."""
    found = {}
    for indicator in indicators:
        level_name, evidence_field = field_name(indicator.id), evidence_name(indicator.id)
        value = (form[level_name].data or None) if level_name in posted else responses.UNCHANGED
        evidence = (
            ((form[evidence_field].data or "").strip() or None) if evidence_field in posted else responses.UNCHANGED
        )
        if value is responses.UNCHANGED and evidence is None:
            # The page left this question out: look at what is stored (read only now).
            stored = saved().get(indicator.id)
            if stored is None or stored.evidence is None or stored.value is not None:
                continue  # nothing typed for this question, and nothing of its own to clear
        found[indicator.id] = (value, evidence)
    return found


# --- submitting ----------------------------------------------------------------------------


def submit(answering: Answering, posted_response_id: str | None, *, workshop_consent: bool = False) -> str:
    """Submit the response: "submitted", or why not ("closed", "nothing",
    "not yours", "submitted already", "incomplete"). ``workshop_consent``:
    the evidence notes may be shown, without a name, in the consensus workshop."""
    if not answering.round_.is_open:
        return "closed"
    if answering.response is None:
        return "nothing"
    if posted_response_id != str(answering.response.id):
        return "not yours"
    if answering.response.is_submitted:
        return "submitted already"
    if missing(answering):
        return "incomplete"
    answering.response.workshop_consent = workshop_consent
    responses.submit(answering.response)
    audit.commit_round(
        "submitted recorded response" if answering.recorded else "submitted response",
        answering.round_,
        answering.account,
        response_id=answering.response.id,
        workshop_consent=workshop_consent,
    )
    return "submitted"


# --- typing kept when a sign-in ran out -------------------------------------------------


def _kept_for(answering: Answering, domain: Domain, pending_key: str | None) -> list[tuple[str, str]] | None:
    """What this person typed on this page when their sign-in ran out, if anything."""
    return pending.take_for(pending_key, answering.round_.id, domain.id, answering.account.id)
