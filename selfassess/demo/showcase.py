"""Answers the demo fixes so that its results show every kind of outcome of
scoring method 2 (docs/scoring.md): an even split, a question with too few
answers, one that does not apply, one nobody could answer, and a partnership
whose evaluation domain has too few answers for an overall score. The rest of each response is made
up as usual (seeding.py)."""

from __future__ import annotations

from selfassess.data.models import Account
from selfassess.demo.national import feedback_not_applicable
from selfassess.demo.people import DUNDEE
from selfassess.questionnaire import DONT_KNOW, NOT_APPLICABLE, Indicator, Questionnaire

Settled = dict[int, dict[str, tuple[str, str | None]]]  # account id -> indicator id -> (answer, evidence)

# Where Scottish Borders' people mostly cannot say: no overall score there.
UNSURE_DOMAIN = ("Scottish Borders", "evaluation")


def showcase(questionnaire: Questionnaire, partnership: str, people: list[tuple[Account, str]]) -> Settled:
    """The fixed answers of a partnership's latest round, for its respondents
    (account, perspective), each only to questions asked of them."""
    settled: Settled = {account.id: {} for account, _ in people}
    if partnership == DUNDEE:
        everyone = [i for i in questionnaire.indicators if i.asked_of is None]
        split, few = everyone[0], _first(questionnaire, "systems", everyone)
        _even_split(settled, people, split)
        _too_few(settled, people, few)
        may_not_apply = [i for i in questionnaire.indicators if i.allow_na and i not in (split, few)]
        if may_not_apply:
            _not_applicable(settled, people, may_not_apply[0])
    if partnership == UNSURE_DOMAIN[0]:
        domain = next(d for d in questionnaire.domains if d.id == UNSURE_DOMAIN[1])
        for account in _asked(people, domain.indicators[0]):
            settled[account.id][domain.indicators[0].id] = (DONT_KNOW, None)  # nobody can say
        for indicator in domain.indicators[1:]:
            _too_few(settled, people, indicator)
    feedback_not_applicable(settled, people, questionnaire, partnership)  # the national picture withholds it
    return settled


def _asked(people: list[tuple[Account, str]], indicator: Indicator) -> list[Account]:
    return [account for account, perspective in people if indicator.is_asked_of(perspective)]


def _first(questionnaire: Questionnaire, domain_id: str, everyone: list[Indicator]) -> Indicator:
    """The domain's first question asked of some perspectives only, or else its first question."""
    in_domain = [i for i in questionnaire.indicators if i.domain_id == domain_id]
    return next((i for i in in_domain if i not in everyone), in_domain[0])


def _even_split(settled: Settled, people: list[tuple[Account, str]], indicator: Indicator) -> None:
    """Half say 2 and half 3 (one "Don't know" when the number is odd): the
    majority level is 2, never rounded up to 3."""
    asked = _asked(people, indicator)
    for number, account in enumerate(asked):
        value = DONT_KNOW if len(asked) % 2 and number == len(asked) - 1 else ("2" if number % 2 else "3")
        settled[account.id][indicator.id] = (value, None)


def _too_few(settled: Settled, people: list[tuple[Account, str]], indicator: Indicator) -> None:
    """Two people give a level and everyone else says "Don't know"."""
    for number, account in enumerate(_asked(people, indicator)):
        settled[account.id][indicator.id] = ("3" if number < 2 else DONT_KNOW, None)


def _not_applicable(settled: Settled, people: list[tuple[Account, str]], indicator: Indicator) -> None:
    """Two in three say it does not apply here, the others give a level."""
    for number, account in enumerate(_asked(people, indicator)):
        settled[account.id][indicator.id] = ("2" if number % 3 == 2 else NOT_APPLICABLE, None)
