"""The national picture: what a snapshot published now would hold,
publishing it (an administrator), the published snapshots (advisers of a
national body), and granting that role. The rules are in ``rules`` and
``docs/national.md``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from flask import abort

from selfassess import clock, disclosure
from selfassess.data import audit, national, rounds, versions
from selfassess.data.models import Account, NationalSnapshot, QuestionnaireVersion
from selfassess.national import figures, rules
from selfassess.outcome import Outcome
from selfassess.questionnaire import Questionnaire
from selfassess.results import compute


@dataclass(frozen=True)
class Preview:
    """What a snapshot published now would contain."""

    questionnaire: Questionnaire | None
    contributions: list[figures.Contribution]
    previous: NationalSnapshot | None
    differing: int | None  # partnerships whose rounds differ from the previous snapshot's; None for the first

    @property
    def contributing(self) -> int:
        return len(self.contributions)

    @property
    def allowed(self) -> bool:
        previous = _snapshot_basis(self.previous) if self.previous is not None else None
        return self.questionnaire is not None and rules.may_publish(previous, figures.basis_of(self.contributions))

    @property
    def reason(self) -> str:
        """Why publishing is refused, in a sentence; empty when it is allowed."""
        if self.questionnaire is None:
            return "There is no questionnaire loaded yet, so there is nothing to publish."
        if not rules.enough(self.contributing):
            return (
                f"A national picture needs at least {disclosure.MIN_NATIONAL} partnerships with a closed round with "
                f"results on {self.questionnaire.title} version {self.questionnaire.version.split('.')[0]}; "
                f"{_have(self.contributing)}."
            )
        if self.differing is not None and self.differing < disclosure.MIN_NATIONAL_CHANGED:
            return (
                f"{_only(self.differing)} a round that differs from the snapshot of {self.previous.published_at.day} "  # type: ignore[union-attr]
                f"{self.previous.published_at:%B %Y}, and at least {disclosure.MIN_NATIONAL_CHANGED} must, so that "  # type: ignore[union-attr]
                "the two cannot be compared to show one partnership's results."
            )
        return ""


def _have(count: int) -> str:
    return {0: "none has", 1: "only 1 has"}.get(count, f"only {count} have")


def _only(count: int) -> str:
    return {0: "No partnership has", 1: "Only 1 partnership has"}.get(count, f"Only {count} partnerships have")


def _snapshot_basis(snapshot: NationalSnapshot) -> dict[int, tuple[int, int]]:
    return {pid: (rid, version) for pid, rid, version in snapshot.figures.get("contributors", [])}


def _contributions(version: QuestionnaireVersion) -> list[figures.Contribution]:
    """Every partnership's latest closed round on this questionnaire and major
    version that has results (enough responses)."""
    latest = rounds.latest_comparable_closed(version.questionnaire_id, version.major, None)
    scored = compute.scored_rounds(latest)
    return [figures.Contribution(r.partnership_id, scored[r.id]) for r in latest if scored[r.id].result is not None]


def preview() -> Preview:
    version = national.current_version()
    if version is None:
        return Preview(None, [], None, None)
    earlier = national.on_questionnaire(version.questionnaire_id, version.major)
    contributions = _contributions(version)
    previous = earlier[-1] if earlier else None
    differing = (
        rules.differing(_snapshot_basis(previous), figures.basis_of(contributions)) if previous is not None else None
    )
    return Preview(versions.questionnaire_for(version), contributions, previous, differing)


def title_for(when: datetime) -> str:
    return f"National picture, {when.day} {when:%B %Y}"


def make_snapshot(admin: Account, found: Preview) -> NationalSnapshot:
    """Add the snapshot ``found`` allows to the session, its figures worked
    out now and stored (the caller commits)."""
    version = national.current_version()
    assert found.questionnaire is not None and version is not None  # noqa: S101 -- allowed implies both
    now = clock.utcnow()
    earlier = [s.figures for s in national.on_questionnaire(version.questionnaire_id, version.major)]
    stored = figures.build(found.questionnaire, found.contributions, earlier, now)
    basis = figures.basis_of(found.contributions)
    stored["contributors"] = [[pid, rid, v] for pid, (rid, v) in sorted(basis.items())]
    stored["previous"] = found.previous.id if found.previous is not None else None
    return national.add(
        questionnaire_id=version.questionnaire_id,
        major=version.major,
        published_at=now,
        published_by=admin,
        title=title_for(now),
        contributing=found.contributing,
        rounds=[[rid, v] for _pid, (rid, v) in sorted(basis.items())],
        figures=stored,
    )


def publish(admin: Account) -> Outcome:
    """Publish a snapshot now, when the rules allow; its figures are stored
    and never worked out again."""
    found = preview()
    if not found.allowed:
        return Outcome(f"The national picture was not published. {found.reason}", "error")
    snapshot = make_snapshot(admin, found)
    audit.commit(
        "published national picture",
        actor=admin,
        snapshot_id=snapshot.id,
        contributing=found.contributing,
        differing="first" if found.differing is None else found.differing,
    )
    return Outcome(f"{snapshot.title} is published, from {found.contributing} partnerships.")


# --- the published snapshots --------------------------------------------------------------


@dataclass(frozen=True)
class SnapshotPage:
    """A snapshot's page. Its figures (and the previous snapshot they name)
    are read only when asked for: a kept page (``key``) needs neither, only
    the list of snapshots, which ``national.published`` reads without them."""

    snapshot: NationalSnapshot | None
    every: list[NationalSnapshot]  # every snapshot, the latest first

    @property
    def earlier(self) -> list[NationalSnapshot]:
        """Every other snapshot, the latest first."""
        return [s for s in self.every if self.snapshot is None or s.id != self.snapshot.id]

    @functools.cached_property
    def previous(self) -> NationalSnapshot | None:
        """The snapshot its changes are measured from."""
        previous_id = self.snapshot.figures.get("previous") if self.snapshot is not None else None
        return next((s for s in self.every if s.id == previous_id), None)

    @property
    def key(self) -> tuple | None:
        """What the snapshot's figures on the page are kept under: a snapshot
        never changes, nor does the previous one it names."""
        return national.key(self.snapshot) if self.snapshot is not None else None


def latest_page() -> SnapshotPage:
    every = national.published()
    return SnapshotPage(every[0] if every else None, every)


def snapshot_page(snapshot_id: int) -> SnapshotPage:
    """One snapshot's page, found in the list of every snapshot (one query)."""
    every = national.published()
    snapshot = next((s for s in every if s.id == snapshot_id), None)
    if snapshot is None:
        abort(404)
    return SnapshotPage(snapshot, every)


# --- the national-body role ----------------------------------------------------------------------


def set_national(account: Account, make_national: bool, admin: Account) -> Outcome:
    if make_national != account.is_national:
        national.set_national(account, make_national)
        audit.commit(
            "changed roles", actor=admin, account_id=account.id, national_body="yes" if make_national else "no"
        )
    message = (
        "is now an adviser of a national body: they see the national picture"
        if make_national
        else "is no longer an adviser of a national body"
    )
    return Outcome(f"{account.display_name} {message}.")
