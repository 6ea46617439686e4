"""The adviser's dashboard: each partnership the adviser supports, with its
latest round, how many have answered, its overall stage and the change
since the previous comparable round, and its overdue actions; filtered and
sorted as the page's GET parameters ask. Every figure is read for all the
partnerships at once, so the page's queries do not grow with their number."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime

from flask import render_template
from markupsafe import Markup

from selfassess import cache, clock, scoring
from selfassess.data import actions, rounds, versions
from selfassess.data import dashboard as dashboard_data
from selfassess.data.dashboard import SeenPartnership
from selfassess.data.models import Account, Round
from selfassess.questionnaire import Questionnaire, ScaleLevel
from selfassess.responding import ResponseRate, response_rates
from selfassess.results import compute, figures

OPEN, CLOSED, NO_ROUND = "open", "closed", "none"
STATUSES = (OPEN, CLOSED, NO_ROUND)
NO_STAGE = "none"
MINE, ALL = "mine", "all"
BY_NAME, BY_CLOSING, BY_RATE, BY_STAGE, BY_CHANGE = "name", "closing", "rate", "stage", "change"
SORTS = (BY_NAME, BY_CLOSING, BY_RATE, BY_STAGE, BY_CHANGE)


@dataclass(frozen=True)
class Filters:
    """What the adviser asked for; anything not understood is left out."""

    statuses: frozenset[str] = frozenset()  # empty: every status
    stages: frozenset[str] = frozenset()  # level values as text, and NO_STAGE; empty: every stage
    scope: str = MINE  # MINE or ALL, when the adviser may choose
    sort: str = BY_NAME

    @classmethod
    def read(cls, statuses: Iterable[str] | None, stages: Iterable[str] | None, scope: str | None, sort: str | None):
        stages = {s for s in stages or () if s == NO_STAGE or (s.isdigit() and len(s) < 4)}
        return cls(
            frozenset(s for s in statuses or () if s in STATUSES),
            frozenset(stages),
            scope if scope in (MINE, ALL) else MINE,
            sort if sort in SORTS else BY_NAME,
        )


@dataclass(frozen=True)
class Change:
    """The overall stage's change since the previous comparable round."""

    words: str  # "Up 1 stage", "No change", "No earlier comparable round", ...
    steps: int | None = None  # levels up (negative: down); None when there is nothing to compare
    since: RoundShown | None = None


@dataclass(frozen=True)
class RoundShown:
    """What the dashboard shows of a round: plain values, kept between requests."""

    id: int
    title: str
    closes_on: date
    is_open: bool
    released_at: datetime | None

    @classmethod
    def of(cls, round_: Round | None) -> RoundShown | None:
        if round_ is None:
            return None
        return cls(round_.id, round_.title, round_.closes_on, round_.is_open, round_.released_at)


@dataclass(frozen=True)
class Figures:
    """One partnership's row apart from the partnership itself: worked out
    from its rounds, invitations, responses and actions, and today's date,
    and kept while none of those changes (``_kept``)."""

    latest: RoundShown | None  # the latest round, open or closed
    shown: RoundShown | None  # the latest round with results (the latest itself, an earlier one, or the latest again)
    scored: compute.ScoredRound | None  # ``shown`` scored
    questionnaire: Questionnaire | None  # ``shown``'s
    rate: ResponseRate | None  # ``latest``'s
    stage: ScaleLevel | None  # the overall stage of ``shown``
    change: Change | None
    plan_round_id: int | None  # the round of the partnership's latest action plan; None: no plan yet
    overdue: int  # that plan's overdue actions


@dataclass(frozen=True)
class Row(Figures):
    partnership: SeenPartnership  # read for each request: its name is not kept

    @classmethod
    def of(cls, partnership: SeenPartnership, figures: Figures) -> Row:
        return cls(**{f.name: getattr(figures, f.name) for f in fields(Figures)}, partnership=partnership)

    @property
    def status(self) -> str:
        if self.latest is None:
            return NO_ROUND
        return OPEN if self.latest.is_open else CLOSED

    @property
    def stage_key(self) -> str:
        return NO_STAGE if self.stage is None else str(self.stage.value)

    @property
    def has_results(self) -> bool:
        return self.scored is not None and self.scored.result is not None

    @property
    def overall_score(self) -> float | None:
        return self.scored.result.overall.score if self.scored and self.scored.result else None


@dataclass(frozen=True)
class Dashboard:
    rows: list[Row]  # as filtered and sorted
    total: int  # partnerships before filtering
    filters: Filters
    can_choose_scope: bool  # an adviser for all who also supports some: "the ones I support" or all
    scale: list[ScaleLevel]  # the stages to filter by
    questionnaire: Questionnaire | None  # the questionnaire the heatmap's rows share
    heat_rows: list[tuple[str, list[float | None]]] = field(default_factory=list)
    # Changes with everything the rows, the heatmap and its table show: the
    # kept figures' key, the partnerships' names and the filters.
    key: tuple = ()

    @property
    def heat(self) -> figures.Figure | None:
        if self.questionnaire is None or not self.heat_rows:
            return None
        return _heat.get_or_make(self.key, lambda: figures.dashboard_heatmap(self.questionnaire, self.heat_rows))  # type: ignore[arg-type]

    def content(self) -> Markup:
        """The table of partnerships, the heatmap and its table, made once for each key."""

        def render() -> Markup:
            html = render_template("results/_dashboard_content.html", page=self, heat=self.heat)
            return Markup(html)  # noqa: S704 -- rendered by Jinja with autoescape

        return _contents.get_or_make(self.key, render)


def dashboard(adviser: Account, filters: Filters) -> Dashboard:
    """Each partnership the adviser may see (or, for an adviser for all who
    also supports some, the ones they support unless they ask for all)."""
    seen_key = dashboard_data.seen_generation(adviser)
    seen = _seen.get_or_make(seen_key, lambda: dashboard_data.partnerships_seen(adviser))
    can_choose = adviser.adviser_for_all and any(is_supported for _, is_supported in seen)
    supported = [p for p, is_supported in seen if is_supported or not (can_choose and filters.scope == MINE)]
    # Every partnership seen: the generation just read covers them all.
    kept_key, rows = _rows(supported, seen_key if len(supported) == len(seen) else None)
    questionnaire = next((r.questionnaire for r in rows if r.has_results), None)
    shown = _sorted([r for r in rows if _wanted(r, filters)], filters.sort)
    heat_rows = [
        (r.partnership.name, [r.scored.result.domain(d.id).score for d in questionnaire.domains])  # type: ignore[union-attr]
        for r in shown
        if questionnaire is not None and r.has_results and versions.comparable(r.questionnaire, questionnaire)  # type: ignore[arg-type]
    ]
    scale = list(questionnaire.scale) if questionnaire else []
    key = (kept_key, tuple(p.name for p in supported), filters)
    return Dashboard(shown, len(rows), filters, can_choose, scale, questionnaire, heat_rows, key)


# Each partnership's figures, kept under a key that changes with everything
# they are worked out from (``_key``); the partnerships themselves are read
# for each request.
_kept = cache.named("dashboard rows", 64)
# The partnerships an adviser may see, under ``dashboard_data.seen_generation``.
_seen = cache.named("dashboard partnerships seen", 256)
# What is made from them for a view (the filters) of partnerships of these names.
_heat = cache.named("dashboard heatmaps", 256)
_contents = cache.named("dashboard content", 256)


def _rows(supported: list[SeenPartnership], generation: tuple | None) -> tuple[tuple, list[Row]]:
    ids = [p.id for p in supported]
    key = _key(ids, generation)
    kept = _kept.get_or_make(key, lambda: _figures(ids))
    return key, [Row.of(p, kept[p.id]) for p in supported]


def _key(partnership_ids: list[int], generation: tuple | None) -> tuple:
    """The partnerships, everything of theirs the figures show
    (``dashboard_data.generation``, unless the caller read it already), today
    (an action falls overdue) and the scoring method. The questionnaire
    versions a round is on never change."""
    found = generation if generation is not None else dashboard_data.generation(partnership_ids)
    return (tuple(partnership_ids), found, clock.today_in_london(), scoring.METHOD)


def _figures(partnership_ids: list[int]) -> dict[int, Figures]:
    latest = rounds.latest_for_partnerships(partnership_ids)
    with_results = rounds.with_results(latest)
    previous = dashboard_data.previous_rounds(list(with_results.values()))
    scored = compute.scored_rounds([*with_results.values(), *previous.values()])
    rates = response_rates(list(latest.values()))
    plans = dashboard_data.latest_plan_rounds(partnership_ids)
    overdue = actions.overdue(list(plans.values()), clock.today_in_london())
    found = {}
    for partnership_id in partnership_ids:
        round_ = with_results.get(partnership_id)
        newest = latest.get(partnership_id)
        scored_round = scored.get(round_.id) if round_ else None
        questionnaire = versions.questionnaire_for(round_.questionnaire_version) if round_ else None
        stage = _stage(questionnaire, scored_round)
        earlier = previous.get(round_.id) if round_ else None
        plan = plans.get(partnership_id)
        found[partnership_id] = Figures(
            latest=RoundShown.of(newest),
            shown=RoundShown.of(round_),
            scored=scored_round,
            questionnaire=questionnaire,
            rate=rates.get(newest.id) if newest else None,
            stage=stage,
            change=_change(questionnaire, stage, earlier, scored.get(earlier.id) if earlier else None),
            plan_round_id=plan,
            overdue=overdue.get(plan, 0) if plan else 0,
        )
    return found


def _stage(questionnaire: Questionnaire | None, scored: compute.ScoredRound | None) -> ScaleLevel | None:
    if questionnaire is None or scored is None or scored.result is None:
        return None
    return scoring.stage_level(questionnaire, scored.result.overall.score)


def _change(
    questionnaire: Questionnaire | None,
    stage: ScaleLevel | None,
    earlier: Round | None,
    earlier_scored: compute.ScoredRound | None,
) -> Change | None:
    """Levels up or down between the previous comparable round's overall
    stage and this one's (nothing when this round has no overall stage)."""
    if questionnaire is None or stage is None:
        return None
    if earlier is None or not versions.comparable(
        versions.questionnaire_for(earlier.questionnaire_version), questionnaire
    ):
        return Change("No earlier comparable round")
    then = _stage(questionnaire, earlier_scored)
    if then is None:
        return Change("No overall stage in the previous round", since=RoundShown.of(earlier))
    values = [level.value for level in questionnaire.scale]
    steps = values.index(stage.value) - values.index(then.value)
    if steps == 0:
        return Change("No change", 0, RoundShown.of(earlier))
    amount = f"{abs(steps)} stage" + ("" if abs(steps) == 1 else "s")
    return Change(f"{'Up' if steps > 0 else 'Down'} {amount}", steps, RoundShown.of(earlier))


def _wanted(row: Row, filters: Filters) -> bool:
    if filters.statuses and row.status not in filters.statuses:
        return False
    return not filters.stages or row.stage_key in filters.stages


def _sorted(rows: list[Row], sort: str) -> list[Row]:
    """By name, or by the figure asked for with the rows lacking it last (then by name)."""
    if sort == BY_NAME:
        return sorted(rows, key=_name)
    figure = _SORT_FIGURES[sort]
    return sorted(rows, key=lambda r: (figure(r) is None, figure(r) or 0, _name(r)))


def _name(row: Row) -> str:
    return row.partnership.name.casefold()


_SORT_FIGURES = {
    BY_CLOSING: lambda r: r.latest.closes_on.toordinal() if r.status == OPEN else None,  # soonest first
    BY_RATE: lambda r: r.rate.fraction if r.rate else None,  # lowest first
    BY_STAGE: lambda r: r.overall_score if r.stage else None,  # lowest first
    BY_CHANGE: lambda r: r.change.steps if r.change else None,  # the biggest fall first
}
