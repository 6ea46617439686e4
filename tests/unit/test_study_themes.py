"""The study-themes file says only what the study says, and says whose word each
claim is.

Quotes are checked against the study's own text (../shared/study/, through
tests/study.py; the tests that need it skip when it is missing): a quote is
the study's words exactly, except at a "...", and a "..." can never hide a
cut. Each action's basis says whether the study recommends it, a finding
implies it or it is selfassess's own advice; the study makes no
recommendation to partnerships at all, so no action aimed at them is the
study's recommendation.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from tests.study import STUDY_FOLDER, normalise

ROOT = Path(__file__).resolve().parents[2]

ELLIPSIS = "..."
SENTENCE_END = re.compile(r"[.?!]['’\"”]?$")
OPENING_QUOTES = "'‘\"“"
CLOSING_QUOTES = "'’\"”"


@pytest.fixture(scope="module")
def paragraphs(study):
    """The study's paragraphs (each passage of the slides is one line), white
    space made single spaces. ``study`` first, so that this skips as it does."""
    lines = []
    for path in sorted(STUDY_FOLDER.glob("*.txt")):
        lines += [normalise(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line]


def actions(themes_data):
    return [(theme["id"], action) for theme in themes_data["themes"] for action in theme["actions"]]


# --- the quote checker --------------------------------------------------------------------------


def quote_problems(quote: str, paragraphs: list[str]) -> list[str]:
    """Why ``quote`` is not the study's words, or [] when it is.

    A quote is fragments of one paragraph of the study, in order, joined by
    "...". Between two fragments the study either has its own "..." (and the
    next fragment then follows it directly) or has text the quote cuts. A cut
    falls between words. A quote that does not begin with "..." begins a
    sentence of the study; one that does not end with "..." ends one."""
    text = normalise(quote)
    fragments = [f.strip() for f in text.split(ELLIPSIS)]
    fragments = [f for f in fragments if f]
    if not fragments:
        return ["the quote is empty"]
    candidates = [
        (paragraph, match.start())
        for paragraph in paragraphs
        for match in re.finditer(re.escape(fragments[0]), paragraph)
    ]
    if not candidates:
        return [f"not in the study: {fragments[0]!r}"]
    best: list[str] | None = None
    for paragraph, start in candidates:
        problems = _problems_from(text, fragments, paragraph, start)
        if not problems:
            return []
        if best is None or len(problems) < len(best):
            best = problems
    assert best is not None
    return best


def _problems_from(text: str, fragments: list[str], paragraph: str, start: int) -> list[str]:
    problems: list[str] = []
    if not text.startswith(ELLIPSIS) and not _starts_sentence(paragraph, start):
        problems.append(f"begins mid-sentence in the study without '...': {fragments[0][:40]!r}")
    if start > 0 and paragraph[start - 1].isalnum():
        problems.append(f"a cut falls inside a word before {fragments[0][:30]!r}")
    end = start + len(fragments[0])
    for before, fragment in itertools.pairwise(fragments):
        own = _study_ellipsis_at(paragraph, end)
        if own is not None:
            # The study has its own "..." here: the quote's "..." is that one,
            # so the next fragment must follow it directly, or the study's
            # ellipsis would hide a cut.
            if not paragraph.startswith(fragment, own):
                return [
                    *problems,
                    f"the study's own '...' after {before[-30:]!r} hides a cut: the study goes on "
                    f"{paragraph[own : own + 40]!r}, the quote {fragment[:40]!r}",
                ]
            found = own
        else:
            if end < len(paragraph) and paragraph[end].isalnum():
                problems.append(f"a cut falls inside a word after {before[-30:]!r}")
            found = paragraph.find(fragment, end)
            if found < 0:
                return [*problems, f"not in the study after {before[-30:]!r}: {fragment[:60]!r}"]
            if found > 0 and paragraph[found - 1].isalnum():
                problems.append(f"a cut falls inside a word before {fragment[:30]!r}")
        end = found + len(fragment)
    rest = paragraph[end:]
    if rest and rest[0].isalnum():
        problems.append(f"a cut falls inside a word after {fragments[-1][-30:]!r}")
    if not text.endswith(ELLIPSIS):
        at_end = SENTENCE_END.search(fragments[-1]) and (not rest or rest[0] == " " or rest[0] in CLOSING_QUOTES)
        if not at_end:
            problems.append(
                f"stops mid-sentence without '...': {fragments[-1][-40:]!r}, where the study goes on {rest[:40]!r}"
            )
    return problems


def _starts_sentence(paragraph: str, start: int) -> bool:
    before = paragraph[:start].rstrip(" " + OPENING_QUOTES)
    return not before or (bool(re.search(r"[.?!]['’\"”]?$", before)) and not before.endswith(ELLIPSIS))


def _study_ellipsis_at(paragraph: str, end: int) -> int | None:
    """Where the study's text resumes after its own "..." starting at ``end``
    (white space either side allowed), or None when it has none there."""
    at = end
    while at < len(paragraph) and paragraph[at] == " ":
        at += 1
    if not paragraph.startswith(ELLIPSIS, at):
        return None
    at += len(ELLIPSIS)
    while at < len(paragraph) and paragraph[at] == " ":
        at += 1
    return at


def test_every_quote_is_the_studys_words_and_no_ellipsis_hides_a_cut(themes_data, paragraphs):
    quotes = [(theme["id"], quote) for theme in themes_data["themes"] for quote in theme.get("quotes") or []]
    assert quotes
    problems = [f"{theme_id}: {p}" for theme_id, quote in quotes for p in quote_problems(quote["text"], paragraphs)]
    assert problems == []


# The two quotes as the file first shortened them (questionnaires/themes/
# siscc-study.yaml before it was corrected): the checker must refuse both.
OLD_PACE_OF_CHANGE = """And [the Chief Officer] talks a lot about, you know, pace of change
and particularly around, it's obviously quite a political agenda, and emphasis on health and
social care partnerships making a difference and being seen to make a difference quite quickly,
but actually... it's maybe taken a good 18 months for them to get to a point where they've got a
draft strategic plan that they want to consult on more broadly and finalise and that."""

OLD_HEALTH_VISITORS = """...Scottish Government announced that every health visitor in Scotland
will suddenly become one grade higher. ... It's gonna cost me £400,000 a year extra by three
years from now. So it just means that I won't spend an extra penny actually, I'll just have, I'll
end up with ten fewer health visitors than I need. ... If you want a proper relationship with what
you say is the flagship organisational model for this government, health and social care
partnerships, set the strategic context, give us the money, and then give us the freedom to go
away and do the things that you reasonably ask us to do"""


@pytest.mark.parametrize(
    ("quote", "words"),
    [
        (OLD_PACE_OF_CHANGE, "but actually' hides a cut"),
        (OLD_HEALTH_VISITORS, "stops mid-sentence without '...'"),
    ],
    ids=["study-ellipsis-hides-a-cut", "stops-mid-sentence"],
)
def test_the_checker_refuses_the_old_shortened_quotes(quote, words, paragraphs):
    problems = quote_problems(quote, paragraphs)
    assert any(words in p for p in problems), problems


@pytest.mark.parametrize(
    ("quote", "words"),
    [
        ("Integration is about leader... authority.", "a cut falls inside a word"),
        ("...ntegration is about leadership.", "a cut falls inside a word"),
        ("Integration is about leadership. It's about lead...", "a cut falls inside a word"),
        ("It's about leadership without authority", "stops mid-sentence"),
        ("about leadership without authority.", "begins mid-sentence"),
        (
            "We are managing the complexity of governance, accountability, financial management as well as the "
            "operational delivery.",
            "begins mid-sentence",
        ),
        ("Integration is about leaders.", "not in the study"),
    ],
)
def test_the_checker_refuses_other_misquotes(quote, words, paragraphs):
    problems = quote_problems(quote, paragraphs)
    assert any(words in p for p in problems), problems


@pytest.mark.parametrize(
    "quote",
    [
        "Integration is about leadership. ... It's about leadership within a complex system and a leadership "
        "whereby you are providing reassurance and context for people who on the whole don't want to change, "
        "don't like change. ...We are managing the complexity of governance, accountability, financial "
        "management as well as the operational delivery.",
        "...it's maybe taken a good 18 months...",
        "...but actually... we're only now maybe, it's maybe taken a good 18 months...",
    ],
)
def test_the_checker_accepts_marked_cuts_and_the_studys_own_ellipsis(quote, paragraphs):
    assert quote_problems(quote, paragraphs) == []
