"""Saving a stale page: one that another tab or window changed some of the
answers of after it was opened (issue 10, item 14).

Every domain page carries the version of each answer it shows, in its
hidden field ``versions``: a fingerprint of the answer's level and one of
its evidence, as they were when the page was made. When the page is saved,
each answer it sends is compared with the answer as it is saved now:

- saved as the page showed it: the page's answer is saved, as always;
- changed elsewhere, and left as it was on this page (or changed here in
  the same way): the saved answer stays as it is;
- changed both elsewhere and here: nothing is overwritten. The page comes
  back showing both versions and asks which to keep. It names those
  answers in ``choose``, and their versions move on to the saved ones, so
  that keeping this page's answer then saves it, while a change made in
  the meantime is asked about again.

A part of an answer (its level or its evidence) that this page left as it
showed it comes from the saved answer, so a field left blank on a stale
page never erases text saved since. A page without versions (a script's,
or one opened before pages had them) is saved as before: the last save wins.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from selfassess.answering.forms import DomainFormBase, evidence_name, field_name, keep_name
from selfassess.data.responses import UNCHANGED
from selfassess.questionnaire import Indicator

Stored = tuple[str | None, str | None]  # an answer's level and evidence; (None, None) when there is none
PART = 16  # hex digits of each part's fingerprint (64 bits: a clash is not a worry)


def _fingerprint(part: str | None) -> str:
    return hashlib.sha256(json.dumps(part).encode()).hexdigest()[:PART]


def version(answer: Stored) -> str:
    value, evidence = answer
    return _fingerprint(value) + _fingerprint(evidence)


def page_versions(indicators: list[Indicator], saved: Mapping[str, Stored]) -> str:
    """The ``versions`` field of a page showing these answers."""
    return versions_text({i.id: version(saved.get(i.id, (None, None))) for i in indicators})


def versions_text(versions: Mapping[str, str]) -> str:
    return " ".join(f"{indicator_id}:{shown}" for indicator_id, shown in versions.items())


def read_versions(text: str | None) -> dict[str, str] | None:
    """The versions a posted page carries; None when it carries none."""
    if not text:
        return None
    found = {}
    for item in text.split()[:200]:
        indicator_id, _, shown = item.partition(":")
        if len(shown) == 2 * PART:
            found[indicator_id] = shown
    return found


@dataclass(frozen=True)
class Conflict:
    """An answer changed in another tab or window and on this page."""

    indicator: Indicator
    saved: Stored  # what is saved now
    mine: Stored  # what this page would make it
    unanswered: bool = False  # True: asked already, and no choice was made


@dataclass
class Merged:
    values: dict[str, Stored] = field(default_factory=dict)  # to save now
    conflicts: list[Conflict] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)  # what the page shows now, for its script


def sent(form: DomainFormBase, indicators: list[Indicator], posted: Mapping[str, str]) -> dict[str, tuple[Any, Any]]:
    """The parts of each answer the page sent (UNCHANGED for a part it did not send)."""
    found = {}
    for indicator in indicators:
        level, note = field_name(indicator.id), evidence_name(indicator.id)
        value = (form[level].data or None) if level in posted else UNCHANGED
        evidence = ((form[note].data or "").strip() or None) if note in posted else UNCHANGED
        found[indicator.id] = (value, evidence)
    return found


def _part(sent_part: Any, shown: str, saved_part: str | None) -> str | None:
    """This page's part of an answer: what it sent, if it changed what it showed; else what is saved."""
    if sent_part is UNCHANGED or _fingerprint(sent_part) == shown:
        return saved_part
    return sent_part


def merge(
    form: DomainFormBase,
    indicators: list[Indicator],
    posted: Mapping[str, str],
    saved: Mapping[str, Stored],
    versions: dict[str, str],
) -> Merged:
    """What to save of a page that carries versions, and what to ask about."""
    choose = set(str(posted.get("choose", "")).split())
    merged = Merged()
    parts = sent(form, indicators, posted)
    for indicator in indicators:
        indicator_id = indicator.id
        value, evidence = parts[indicator_id]
        shown = versions.get(indicator_id, "?" * 2 * PART)  # none given: it matches nothing
        merged.versions[indicator_id] = shown
        if value is UNCHANGED and evidence is UNCHANGED:
            continue
        now = saved.get(indicator_id, (None, None))
        mine = (_part(value, shown[:PART], now[0]), _part(evidence, shown[PART:], now[1]))
        stale = version(now) != shown
        if indicator_id in choose:
            choice = form[keep_name(indicator_id)].data
            if choice == "saved":
                continue
            if stale or choice is None:
                merged.conflicts.append(Conflict(indicator, now, mine, unanswered=not stale))
                continue
        elif mine == now:
            # Changed nowhere, or in the same way here and elsewhere: nothing to save.
            merged.versions[indicator_id] = _shown(value, evidence, shown)
            continue
        elif stale:
            merged.conflicts.append(Conflict(indicator, now, mine))
            continue
        merged.values[indicator_id] = mine
        merged.versions[indicator_id] = version(mine)
    return merged


def _shown(value: Any, evidence: Any, shown: str) -> str:
    """The version of what the page shows now: what it sent, and what it showed of a part it did not send."""
    value_part = shown[:PART] if value is UNCHANGED else _fingerprint(value)
    evidence_part = shown[PART:] if evidence is UNCHANGED else _fingerprint(evidence)
    return value_part + evidence_part


def asking_form(
    form_class: type[DomainFormBase],
    indicators: list[Indicator],
    saved: Mapping[str, Stored],
    conflicts: list[Conflict],
) -> DomainFormBase:
    """The page asking which answers to keep: every answer as saved now,
    except those in conflict, which show this page's version (nothing typed
    is lost), have the saved one's version, and are named in ``choose``."""
    shown = {**saved, **{c.indicator.id: c.mine for c in conflicts}}
    data = {"versions": page_versions(indicators, saved), "choose": " ".join(c.indicator.id for c in conflicts)}
    for indicator in indicators:
        data[field_name(indicator.id)], data[evidence_name(indicator.id)] = shown.get(indicator.id, (None, None))
    form = form_class(formdata=None, data=data)
    for conflict in conflicts:
        form[keep_name(conflict.indicator.id)].errors = [message(conflict)]
    return form


def asking(
    form: DomainFormBase, indicators: list[Indicator], posted: Mapping[str, str], saved: Mapping[str, Stored]
) -> list[Conflict]:
    """The conflicts a page posted back while asking which to keep shows
    again (it had another problem, so nothing was saved)."""
    choose = set(str(posted.get("choose", "")).split())
    parts = sent(form, indicators, posted)
    found = []
    for indicator in indicators:
        if indicator.id in choose:
            value, evidence = parts[indicator.id]
            now = saved.get(indicator.id, (None, None))
            mine = (now[0] if value is UNCHANGED else value, now[1] if evidence is UNCHANGED else evidence)
            found.append(Conflict(indicator, now, mine))
    return found


def message(conflict: Conflict) -> str:
    title = conflict.indicator.title
    if conflict.unanswered:
        return f"Choose which answer to keep for “{title}”"
    return f"“{title}” was changed in another tab or window after you opened this page: choose which answer to keep"
