"""Hypothesis strategies for what is posted: field names and values (the
plausible, the nasty and junk), query strings and whole form posts."""

from __future__ import annotations

import functools
from datetime import date

from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests import factories

# --- strategies ------------------------------------------------------------------------------------

# What a person might type, by a hint in the field's name.
PLAUSIBLE = {
    "email": ["new.person@example.org", "fife.nhs@example.org", "someone.else@example.org"],
    "password": [factories.PASSWORD],
    "confirm": [factories.PASSWORD],
    "_on": ["2026-10-01", "2026-12-01"],
    "name": ["Fife Person", "Aberdeen Partnership"],
    "title": ["Self-assessment 2027"],
    "label": ["Paper copy 2"],
    "rationale": ["We agreed it at the workshop."],
    "evidence": ["Minutes of the March meeting."],
}


def plausible_values(name: str, offered: set[str] | frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The values the page offers for a field, and what a person might type in it."""
    typed = [value for hint, values in PLAUSIBLE.items() if hint in name.lower() for value in values]
    if name == "q":
        typed.append("fife")
    return tuple(sorted(offered) + typed) or ("Something typed",)


# Characters that have broken forms elsewhere: NUL, right-to-left and
# zero-width characters, a byte-order mark, line breaks.
TRICKS = ["\x00", "\x00", "\u202e", "\u202b", "\u200f", "\u061c", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
TRICKS += ["\r\n", "\r", " "]

SPECIAL_VALUES = [
    "",
    " ",
    "na",
    "dont_know",
    "NA",
    "Dont_Know",
    "0",
    "1",
    "2",
    "3",
    "4",
    "5",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "inf",
    "-0",
    "99999999999999999999999999",
    "-9223372036854775809",
    "9223372036854775808",
    "2147483648",
    "true",
    "null",
    "None",
    "[]",
    "{}",
    "\x00",
    "a\x00b",
    "\r\n",
    "\u202eevil\u202c",
    "\u200b",
    "\ufeff1",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '"; DROP TABLE response; --',
    "%00",
    "../../etc/passwd",
    "@",
    "a@b",
    "FIFE.LEAD@EXAMPLE.ORG ",
    "nobody@example.org",
    "hand_over",
    "add",
    "lead",
    "respondent",
    "all",
    "some",
    "none",
    "yes",
    "no",
    "paper",
    "interview",
    "nhs",
    "community",
    "co-production-maturity.yaml",
    "../co-production-maturity.yaml",
]

# Dates in odd formats, and impossible ones.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d %B %Y", "%Y%m%d", "%Y-%m-%dT00:00:00Z", "%A", "%d.%m.%y"]
ODD_DATES = st.one_of(
    st.builds(lambda d, f: d.strftime(f), st.dates(date(1, 1, 1), date(9999, 12, 31)), st.sampled_from(DATE_FORMATS)),
    st.sampled_from(["2026-02-30", "2026-13-01", "0000-00-00", "10000-01-01", "-2026-01-01", "2026-1-1", "2026/10/01"]),
)

# Up to 20,000 characters, built by repetition (drawing them one by one is slow).
HUGE_TEXT = st.builds(
    lambda chunk, length: (chunk * (length // len(chunk) + 1))[:length],
    st.text(min_size=1, max_size=6),
    st.integers(min_value=121, max_value=20_000),
)


def _insert(value: str, trick: str, where: int) -> str:
    where = where % (len(value) + 1)
    return value[:where] + trick + value[where:]


@functools.cache
def nasty_values(plausible: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(_insert, st.sampled_from(plausible), st.sampled_from(TRICKS), st.integers(0, 10_000)),
        st.sampled_from(SPECIAL_VALUES),
        st.text(max_size=30),
        st.integers(min_value=-(2**80), max_value=2**80).map(str),
        ODD_DATES,
        HUGE_TEXT,
    )


@functools.cache
def value_strategy(plausible: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(plausible), nasty_values(plausible))


NAMES_WITH_PUNCTUATION = [
    "",
    " ",
    "a.b",
    "a[b]",
    "a[]",
    "a[0][b]",
    "leadership.shared-meaning",
    "__proto__",
    "__class__",
    "response_id[]",
    "csrf_token[]",
    "x-csrf_token",
    "0",
    "\x00",
    "\u202ename",
    "name\u200b",
    "%00",
    "a=b",
    "a&b",
    "a;b",
    'a"b',
    "a\r\nb",
]


def _mutate_name(name: str, how: str) -> str:
    return {
        "brackets": f"{name}[]",
        "index": f"{name}[0]",
        "dotted": name.replace("--", "."),
        "upper": name.upper(),
        "invisible": f"{name}\u200b",
        "prefix": f"form.{name}",
        "suffix": f"{name}--evidence",
    }[how]


@functools.cache
def junk_name_strategy(known: tuple[str, ...]) -> st.SearchStrategy[str]:
    strategies = [st.sampled_from(NAMES_WITH_PUNCTUATION), st.text(max_size=20)]
    if known:
        strategies += [
            st.sampled_from(known),
            st.builds(_mutate_name, st.sampled_from(known), st.sampled_from(["brackets", "index", "dotted", "upper"])),
            st.builds(_mutate_name, st.sampled_from(known), st.sampled_from(["invisible", "prefix", "suffix"])),
        ]
    very_long = st.builds(lambda chunk, n: chunk * n, st.text(min_size=1, max_size=4), st.integers(100, 3000))
    return st.one_of([*strategies, very_long])


QUERY_NAMES = ["next", "q", "partnership", "page", "section", "round_id", "token", "format"]
QUERY_VALUES = ["//evil.example", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "/rounds/1/answer"]
QUERY_VALUE_STRATEGY = st.sampled_from(QUERY_VALUES)


@st.composite
def query_strings(draw, names: tuple[str, ...] = ()) -> str | MultiDict:
    """A query string: pairs (the page's own GET form fields among the
    names), or raw text of any shape."""
    if draw(st.integers(0, 3)) == 3:
        return draw(st.text(alphabet=st.sampled_from("a=&;%0fF+#?/\\ .\u00e9\u202e\x00"), max_size=40))
    name = st.one_of(st.sampled_from([*names, *QUERY_NAMES]), junk_name_strategy(()))
    pairs = []
    for chosen in draw(st.lists(name, max_size=4)):
        pairs.append((chosen, draw(st.one_of(value_strategy(plausible_values(chosen)), QUERY_VALUE_STRATEGY))))
    return MultiDict(pairs)


CSRF_MODES = ["valid", "valid", "valid", "header", "missing", "wrong", "foreign", "tampered"]
BAD_CSRF = {"missing", "wrong", "foreign", "tampered"}


class FormPost:
    """One request to post (a plain class: its repr shortens huge values)."""

    def __init__(
        self, pairs: list[tuple[str, str]], csrf: str, multipart: bool, autosave: bool, query: str | MultiDict
    ) -> None:
        self.pairs, self.csrf, self.multipart, self.autosave, self.query = pairs, csrf, multipart, autosave, query

    def __repr__(self) -> str:
        return (
            f"FormPost(csrf={self.csrf!r}, multipart={self.multipart}, autosave={self.autosave}, "
            f"query={short(self.query)}, pairs={short(self.pairs)})"
        )


def short(value: object) -> str:
    """A repr that shortens long strings, so that a failing request can be read."""
    if isinstance(value, MultiDict):
        return short(list(value.items(multi=True)))
    if isinstance(value, dict):
        return "{" + ", ".join(f"{short(k)}: {short(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        inner = ", ".join(short(item) for item in value)
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    if isinstance(value, str) and len(value) > 60:
        return f"{value[:40]!r}... ({len(value):,} characters)"
    return repr(value)


@st.composite
def form_posts(draw, fields: dict[str, set[str]], other_names: list[str]) -> FormPost:
    """A form post: either the form as a browser fills it in with one value
    made nasty, or any mix of the form's names, junk names and values."""
    real = sorted(fields)
    plausible = {name: plausible_values(name, fields[name]) for name in real}
    if real and draw(st.booleans(), label="one bad value"):
        pairs = [(name, draw(st.sampled_from(plausible[name]))) for name in real]
        bad = draw(st.integers(0, len(pairs) - 1))
        pairs[bad] = (pairs[bad][0], draw(nasty_values(plausible[pairs[bad][0]])))
    else:
        names: list[str] = []
        if real:
            names += draw(st.lists(st.sampled_from(real), unique=True, max_size=len(real)))
            names += draw(st.lists(st.sampled_from(real), max_size=2))  # repeated keys
        names += draw(st.lists(junk_name_strategy(tuple(real + other_names)), max_size=3))
        pairs = [(name, draw(value_strategy(plausible.get(name) or plausible_values(name)))) for name in names]
        pairs = draw(st.permutations(pairs)) if len(pairs) > 1 else pairs
    return FormPost(
        pairs=pairs,
        csrf=draw(st.sampled_from(CSRF_MODES)),
        multipart=draw(st.booleans()),
        autosave=draw(st.booleans()),
        query=draw(st.one_of(st.just(""), query_strings())),
    )
