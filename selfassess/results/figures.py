"""The charts of a round's results, built once from ``RoundResults`` for
both the web page and the PDF report."""

from __future__ import annotations

from dataclasses import dataclass

from selfassess import charts, disclosure
from selfassess.questionnaire import Questionnaire
from selfassess.results.compute import RoundResults
from selfassess.results.wording import CROSS_VERSION, scale_range


@dataclass(frozen=True)
class Figure:
    key: str
    figure: charts.Figure
    alt: str  # a one-sentence description; the numbers are in the table beside the chart


def radar_series(results: RoundResults, *, with_groups: bool = True) -> list[charts.Series]:
    """This round, then each perspective group the small-numbers rule lets
    stand, the previous round and the peer median."""
    assert results.result is not None  # noqa: S101
    domains = results.questionnaire.domains
    series = [charts.Series(f"{results.round_.title} (everyone)", [results.result.domain(d.id).score for d in domains])]
    for group in results.scored.grouping.groups if with_groups else []:
        scores = results.scored.group_scores[group.key]
        series.append(charts.Series(f"{group.label} ({group.count})", [scores[d.id] for d in domains], visible=False))
    if results.previous_result is not None and results.previous is not None:
        series.append(
            charts.Series(
                f"Previous round: {results.previous[0].title}{_previous_note(results)}",
                [_then(results, d.id) for d in domains],
                visible=False,
            )
        )
    if results.peers.shown:
        series.append(
            charts.Series(
                f"Median of {results.peers.contributing} other partnerships",
                [f.median if (f := results.peers.domains.get(d.id)) else None for d in domains],
                visible=False,
            )
        )
    return series


def summary_radar(results: RoundResults, *, for_print: bool = False) -> Figure:
    """On the web: this round, with the other series to switch on. In print:
    this round, the previous round and the peer median, all shown
    (perspectives have their own chart in the report)."""
    series = radar_series(results, with_groups=not for_print)
    if for_print:
        series = [charts.Series(s.name, s.values, True) for s in series]
    return Figure(
        "radar",
        charts.radar(results.questionnaire, series, "Domain scores"),
        f"Radar chart of the {len(results.questionnaire.domains)} domain scores of {results.round_.partnership.name}, "
        f"{results.round_.title}, on the scale {scale_range(results.questionnaire)}. The same numbers are in the "
        "table beside it.",
    )


def perspectives_radar(results: RoundResults) -> Figure | None:
    groups = results.scored.grouping.groups
    if len(groups) < 2:
        return None
    domains = results.questionnaire.domains
    series = [
        charts.Series(f"{group.label} ({group.count})", [results.scored.group_scores[group.key][d.id] for d in domains])
        for group in groups
    ]
    return Figure(
        "perspectives",
        charts.radar(results.questionnaire, series, "Domain scores by perspective"),
        "Radar chart of the domain scores of each perspective with at least "
        f"{disclosure.MIN_GROUP} respondents, and of other perspectives together. The numbers are in the table "
        "beside it.",
    )


def domain_bars(results: RoundResults, domain_id: str) -> Figure:
    assert results.result is not None  # noqa: S101
    domain = next(d for d in results.questionnaire.domains if d.id == domain_id)
    return Figure(
        f"domain-{domain_id}",
        charts.indicator_bars(results.questionnaire, results.result, domain_id, f"{domain.title}: question scores"),
        f"Bar chart of the scores of the questions in {domain.title}, {scale_range(results.questionnaire)}. "
        "The numbers are in the table "
        "below it.",
    )


def _previous_note(results: RoundResults) -> str:
    """What a previous round's name carries when it used another major version."""
    return f" ({CROSS_VERSION})" if results.previous_cross_version else ""


def _then(results: RoundResults, domain_id: str) -> float | None:
    then = results.previous_domain(domain_id)
    return None if then is None else then.score


def change_bars(results: RoundResults) -> Figure | None:
    if results.previous is None or results.previous_result is None or results.result is None:
        return None
    domains = results.questionnaire.domains
    previous_round, _ = results.previous
    series = [
        charts.Series(
            f"Then: {previous_round.title}{_previous_note(results)}", [_then(results, d.id) for d in domains]
        ),
        charts.Series(f"Now: {results.round_.title}", [results.result.domain(d.id).score for d in domains]),
    ]
    return Figure(
        "change",
        charts.grouped_bars(results.questionnaire, series, "Domain scores then and now"),
        f"Bar chart comparing the domain scores of {previous_round.title} with {results.round_.title}. "
        "The numbers are in the table beside it.",
    )


def peer_bars(results: RoundResults) -> Figure | None:
    if not results.peers.shown or results.result is None:
        return None
    domains = results.questionnaire.domains
    series = [
        charts.Series(results.round_.partnership.name, [results.result.domain(d.id).score for d in domains]),
        charts.Series(
            f"Median of {results.peers.contributing} other partnerships",
            [f.median if (f := results.peers.domains.get(d.id)) else None for d in domains],
        ),
    ]
    return Figure(
        "peers",
        charts.grouped_bars(results.questionnaire, series, "This partnership and the median of other partnerships"),
        "Bar chart comparing this partnership's domain scores with the median of other partnerships. The numbers, "
        "with the range of the middle half of partnerships, are in the table beside it.",
    )


def dashboard_heatmap(questionnaire: Questionnaire, rows: list[tuple[str, list[float | None]]]) -> Figure:
    return Figure(
        "heatmap",
        charts.heatmap(questionnaire, rows, "Latest domain scores by partnership"),
        f"Heatmap of the latest domain scores of each partnership shown, {scale_range(questionnaire)}, "
        "darker for lower scores and lighter for higher ones, with each score written in its cell. "
        "The same numbers are "
        "in the table below it.",
    )
