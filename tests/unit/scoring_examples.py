"""Shared by the tests of the scoring rules (test_scoring_*.py), which work
through scoring method 2 (docs/scoring.md) one hand-worked example at a time.

Every expected number in those tests was worked out by hand from the rule
and is written as a literal; the comment above it shows the arithmetic.

The built questionnaire (tests/builders.py) has domains alpha and beta of five
indicators each (alpha.i1 ... beta.i5) and the real scale: 1-4, min_score 1.0
"Not yet in place", 1.5 "Developing", 2.5 "Established", 3.5 "Embedded".
``Q`` has the real default settings (a question needs levels from three
people); ``Q1`` needs only one, so that a domain's arithmetic can be shown
with one respondent.
"""

from __future__ import annotations

from selfassess import scoring
from tests.builders import domain_answers, load_built, questionnaire_dict, respondent, respondents_answering

NOT_YET, DEVELOPING, ESTABLISHED, EMBEDDED = "Not yet in place", "Developing", "Established", "Embedded"

Q = load_built()
Q1 = load_built(questionnaire_dict(min_answers=1))


def one_indicator(*values, agreed=None, questionnaire=Q, indicator="alpha.i1"):
    """The result for one indicator answered with ``values`` (one respondent each)."""
    result = scoring.score(questionnaire, respondents_answering(indicator, *values), agreed)
    return result.indicator(indicator)


def all_of(domain, value):
    return domain_answers(domain, *[value] * 5)


def alike(count, answers, perspective=None, prefix="r"):
    """``count`` respondents giving the same ``answers``: r1, r2, ..."""
    return [respondent(f"{prefix}{n}", perspective, answers) for n in range(1, count + 1)]


def fields(result, *names):
    """Some fields of a result, as a tuple to compare with a literal."""
    return tuple(getattr(result, name) for name in names)
