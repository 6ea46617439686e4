"""Shared by the tests of the scoring rules (test_scoring_*.py), which work
through the rules one worked example at a time.

Every expected number in those tests was worked out by hand from the rule
and is written as a literal; the comment above it shows the arithmetic.

The built questionnaire (tests/builders.py) has domains alpha and beta of five
indicators each (alpha.i1 ... beta.i5) and the real scale: 1-4, min_score 1.0
"Not yet in place", 1.5 "Developing", 2.5 "Established", 3.5 "Embedded".
"""

from __future__ import annotations

from selfassess import scoring
from tests.builders import domain_answers, load_built, respondents_answering

NOT_YET, DEVELOPING, ESTABLISHED, EMBEDDED = "Not yet in place", "Developing", "Established", "Embedded"

Q = load_built()


def one_indicator(*values, agreed=None, questionnaire=Q, indicator="alpha.i1"):
    """The result for one indicator answered with ``values`` (one respondent each)."""
    result = scoring.score(questionnaire, respondents_answering(indicator, *values), agreed)
    return result.indicator(indicator)


def all_of(domain, value):
    return domain_answers(domain, *[value] * 5)
