"""Comparing partnerships side by side, for an adviser: each chosen
partnership's latest round with results, scored by ``results/compute.py``
as everywhere else, on one radar and in one table when their questionnaires
are comparable, and the study's themes each has as a gap (the status the
scoring engine gives each theme, as the results page and the report show it).

Only partnerships the adviser supports can be chosen; any other id, one that
exists or not, answers "Page not found", so a comparison never names a
partnership to an adviser who does not support it."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from flask import abort

from selfassess import charts, scoring, spreadsheet
from selfassess.data import accounts, partnerships, rounds, versions
from selfassess.data.models import Account, Partnership, Round
from selfassess.questionnaire import Questionnaire
from selfassess.questionnaire.schema import Theme
from selfassess.results import compute, figures, provenance
from selfassess.results.wording import scale_range
from selfassess.scoring import DomainResult, Result


@dataclass(frozen=True)
class Compared:
    """One chosen partnership: its latest round with results, scored (both
    None when it has no round with results yet), and whether it is on the
    chart, which only partnerships on comparable questionnaires share."""

    partnership: Partnership
    round_: Round | None
    scored: compute.ScoredRound | None
    questionnaire: Questionnaire | None
    on_chart: bool

    @property
    def result(self) -> Result | None:
        return self.scored.result if self.scored else None

    def domain(self, domain_id: str) -> DomainResult | None:
        """Its result for a domain of the chart's questionnaire (None when its questionnaire has no such domain)."""
        result = self.result
        return next((d for d in result.domains if d.id == domain_id), None) if result else None

    @property
    def gaps(self) -> list[tuple[Theme, str]]:
        """The study's themes that are a gap here, each with its status in words."""
        if self.result is None or self.questionnaire is None:
            return []
        study = self.questionnaire.study
        gaps = [study.theme(t.id) for t in self.result.themes if t.status == "gap"]
        return [(theme, provenance.theme_status(theme, "gap")) for theme in gaps]


@dataclass(frozen=True)
class Comparison:
    chosen: list[Compared]
    questionnaire: Questionnaire | None  # the questionnaire the chart's partnerships share

    @property
    def on_chart(self) -> list[Compared]:
        return [c for c in self.chosen if c.on_chart]

    @property
    def other_versions(self) -> list[Compared]:
        """Partnerships with results on a questionnaire not comparable with the chart's."""
        return [c for c in self.chosen if c.result is not None and not c.on_chart]

    @cached_property
    def chart(self) -> figures.Figure | None:
        if self.questionnaire is None or not self.on_chart:
            return None
        domains = self.questionnaire.domains
        series = [
            charts.Series(c.partnership.name, [d.score if (d := c.domain(x.id)) else None for x in domains])
            for c in self.on_chart
        ]
        return figures.Figure(
            "compare",
            charts.radar(self.questionnaire, series, "Domain scores by partnership"),
            f"Radar chart of the {len(domains)} domain scores of {len(series)} partnerships, each from its latest "
            f"round with results, on the scale {scale_range(self.questionnaire)}. The same numbers are in the "
            "table below it.",
        )


def supported(adviser: Account) -> list[Partnership]:
    """The partnerships the adviser supports, by name."""
    return partnerships.by_ids(accounts.advised_partnership_ids(adviser))


def chosen(among: list[Partnership], values: list[str]) -> list[Partnership]:
    """The partnerships these ids name, in name order; "Page not found" when
    any is not one the adviser supports (whether it exists or not)."""
    by_id = {str(p.id): p for p in among}
    if any(value not in by_id for value in values):
        abort(404)
    wanted = set(values)
    return [p for p in among if str(p.id) in wanted]


def key(chosen_partnerships: list[Partnership]) -> tuple:
    """What a comparison of these partnerships is kept under: their ids and
    names, and ``rounds.results_generation``, which changes whenever any
    round is made, deleted or written (its title, dates, status) or its
    results change. The questionnaire versions a round is on never change.
    One small query."""
    return (rounds.results_generation(), scoring.METHOD, tuple((p.id, p.name) for p in chosen_partnerships))


def compare(chosen_partnerships: list[Partnership]) -> Comparison:
    """Each partnership's latest round with results, scored in one batch.
    The chart holds the partnerships on the questionnaire and major version
    most of them share (on a tie, the later major version)."""
    latest = rounds.with_results(rounds.latest_for_partnerships([p.id for p in chosen_partnerships]))
    shown = {pid: r for pid, r in latest.items() if r.released_at is not None}
    scored = compute.scored_rounds(list(shown.values()))
    found = {pid: versions.questionnaire_for(r.questionnaire_version) for pid, r in shown.items()}
    with_result = [p for p in chosen_partnerships if p.id in shown and scored[shown[p.id].id].result is not None]
    reference = _most_shared([found[p.id] for p in with_result])
    compared = []
    for partnership in chosen_partnerships:
        round_ = shown.get(partnership.id)
        questionnaire = found.get(partnership.id)
        on_chart = partnership in with_result and versions.comparable(questionnaire, reference)  # type: ignore[arg-type]
        compared.append(Compared(partnership, round_, scored[round_.id] if round_ else None, questionnaire, on_chart))
    return Comparison(compared, reference)


def _most_shared(questionnaires: list[Questionnaire]) -> Questionnaire | None:
    """The first of the questionnaires whose questionnaire and major version most of them share."""
    if not questionnaires:
        return None
    counts = Counter((q.id, q.major) for q in questionnaires)
    best = max(counts, key=lambda k: (counts[k], k[1]))
    return next(q for q in questionnaires if (q.id, q.major) == best)


# --- the CSV -------------------------------------------------------------------------------

CSV_COLUMNS = [
    "partnership",
    "round",
    "opens_on",
    "closes_on",
    "questionnaire_version",
    "scoring_method",
    "level",
    "id",
    "title",
    "score",
    "stage",
    "status",
    "note",
]
NO_RESULTS = "no round with results yet"
# What a partnership's rows carry when its round is on a questionnaire the chart's partnerships do not share.
OTHER_VERSION = "on another questionnaire or major version than the others: not comparable, so not on the chart"


def _shown(value: float | None) -> str:
    return "" if value is None else str(scoring.truncate(value))


def as_csv(comparison: Comparison) -> str:
    """One row per score of each partnership (overall, domains, themes), and
    one row for a partnership with no round with results yet. Every cell
    goes through ``spreadsheet.writer``."""
    out = io.StringIO()
    writer = spreadsheet.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in comparison.chosen:
        if item.result is None or item.round_ is None or item.questionnaire is None:
            writer.writerow([item.partnership.name, *[""] * 5, "none", "", "", "", "", "", NO_RESULTS])
            continue
        round_, q, result = item.round_, item.questionnaire, item.result
        note = "" if item.on_chart else OTHER_VERSION
        base = [item.partnership.name, round_.title, round_.opens_on.isoformat(), round_.closes_on.isoformat()]
        base += [q.version, scoring.METHOD]
        overall = result.overall
        writer.writerow([*base, "overall", "", "Overall", _shown(overall.score), overall.stage or "", "", note])
        for domain in q.domains:
            d = result.domain(domain.id)
            writer.writerow([*base, "domain", domain.id, domain.title, _shown(d.score), d.stage or "", "", note])
        for t in result.themes:
            theme = q.study.theme(t.id)
            writer.writerow([*base, "theme", t.id, theme.title, _shown(t.score), "", t.status, note])
    return out.getvalue()
