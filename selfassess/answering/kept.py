"""Keeping what someone typed on a domain page posted after their sign-in
ran out, for them to find after signing in again (see ``PendingSave``).

Only for the person the signed-out session was answering as, while that
session still identifies them (signing out everywhere, or a new password,
ends that) and while they may answer in the round; only the fields of the
questions their page shows, one value each and no more than each can hold;
and one kept page per person and page. The route limits how many pages one
network address may have kept in an hour (``PENDING_SAVE_LIMIT``)."""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from selfassess import access
from selfassess.answering import service
from selfassess.answering.forms import EVIDENCE_MAX
from selfassess.data import accounts, pending, rounds, transaction

# A level, a choice of which answer to keep, a response id, a questionnaire tag.
SHORT_MAX = 64
# The versions and choose fields: an indicator id and a fingerprint a question.
PER_QUESTION_MAX = 200


@dataclass(frozen=True)
class NotKept:
    """What was posted is more than the page could have sent: nothing is kept."""

    reason: str = "too large"


def keep_typed(
    round_id: int, domain_id: str, answering_as: str | None, posted: MultiDict, replacing: str | None
) -> str | NotKept | None:
    """Keep what was typed on a page posted after the sign-in ran out (the
    form passed its CSRF check, so it came from this browser's session).
    Returns the key it is kept under; NotKept when it is too large; None when
    the page is not one this session's person answers (the usual sign-in
    then). ``answering_as`` is the account the session last answered as
    (``Account.get_id()``); ``replacing`` the key this session kept before,
    which is discarded. Nothing is saved to the response until the person
    has signed in and saved the page."""
    round_ = rounds.get(round_id)
    account = accounts.load_from_session(answering_as) if answering_as else None
    if round_ is None or account is None or not round_.is_open or not access.can_answer(account, round_):
        return None
    answering = service.own(round_, account, with_answers=False)
    domain = next((d for d in answering.questionnaire.domains if d.id == domain_id), None)
    if domain is None:
        return None
    asked = answering.asked(domain)
    names = sorted(service.page_fields(asked) - {"csrf_token"})
    fields = [(name, posted[name]) for name in names if name in posted]  # the first value of each
    if any(len(_counted(name, value)) > _limit(name, len(asked)) for name, value in fields):
        return NotKept()
    key = pending.keep(round_id, domain_id, account.id, fields, replacing=replacing)
    transaction.commit()
    return key


def _counted(name: str, value: str) -> str:
    # An evidence box's line breaks count as one character each, as the browser counted them.
    return value.replace("\r\n", "\n") if name.endswith("--evidence") else value


def _limit(name: str, questions: int) -> int:
    if name.endswith("--evidence"):
        return EVIDENCE_MAX
    if name in ("versions", "choose"):
        return PER_QUESTION_MAX * questions
    return SHORT_MAX
