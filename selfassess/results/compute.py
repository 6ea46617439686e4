"""A round's results as people see them: the scoring engine's numbers with
the small-numbers rule applied, the partnership's previous round and the
peer benchmark. The web page, the PDF report and the exports all use this,
so they never show different numbers."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field

from selfassess import cache, disclosure, scoring
from selfassess.data import agreed as agreed_answers
from selfassess.data import responses, rounds, versions
from selfassess.data.models import AgreedAnswer, Round
from selfassess.questionnaire import Questionnaire
from selfassess.scoring import Result


@dataclass(frozen=True)
class ScoredRound:
    """One round scored. ``result`` is None until enough responses are in."""

    round_id: int
    results_version: int
    submitted: int
    result: Result | None
    grouping: disclosure.Grouping
    group_scores: dict[str, dict[str, float | None]]  # group key -> domain id -> score


# Scored rounds are kept per process under the round's results key, which
# changes whenever anything its results depend on changes (data/rounds.py).
_scored = cache.named("scored rounds", 4096)
_peers = cache.named("peer benchmarks", 256)


def scored_rounds(round_list: list[Round]) -> dict[int, ScoredRound]:
    """Score several rounds, reading what is not cached in two queries."""
    found: dict[int, ScoredRound] = {}
    missing: list[Round] = []
    for round_ in round_list:
        kept = _scored.get(rounds.results_key(round_))
        if kept is not None:
            found[round_.id] = kept
        else:
            missing.append(round_)
    if missing:
        ids = [r.id for r in missing]
        respondents = responses.shown_respondents(ids)
        agreed = agreed_answers.for_rounds(ids)
        for round_ in missing:
            scored = _score(round_, respondents.get(round_.id, []), agreed.get(round_.id, {}))
            found[round_.id] = _scored.put(rounds.results_key(round_), scored)
    return found


def scored_round(round_: Round) -> ScoredRound:
    return scored_rounds([round_])[round_.id]


def _score(round_: Round, respondents: list[scoring.Respondent], agreed: dict[str, AgreedAnswer]) -> ScoredRound:
    questionnaire = versions.questionnaire_for(round_.questionnaire_version)
    grouping = disclosure.group_perspectives(
        [r.perspective for r in respondents], [(p.id, p.label) for p in questionnaire.perspectives]
    )
    if not disclosure.enough_responses(len(respondents)):
        return ScoredRound(round_.id, round_.results_version, len(respondents), None, grouping, {})
    agreed_values = {indicator_id: scoring.parse_answer(a.value) for indicator_id, a in agreed.items()}
    result = scoring.score(questionnaire, respondents, agreed_values)
    group_scores = {
        group.key: scoring.domain_scores(questionnaire, [r for r in respondents if r.perspective in group.perspectives])
        for group in grouping.groups
    }
    return ScoredRound(round_.id, round_.results_version, len(respondents), result, grouping, group_scores)


# --- peers --------------------------------------------------------------------------


@dataclass(frozen=True)
class PeerFigure:
    median: float
    lower_quartile: float
    upper_quartile: float
    partnerships: int


@dataclass(frozen=True)
class PeerBenchmark:
    """Other partnerships' latest comparable closed rounds, combined. Never
    names or singles out any of them."""

    contributing: int
    domains: dict[str, PeerFigure | None]
    overall: PeerFigure | None

    @property
    def shown(self) -> bool:
        return disclosure.enough_peers(self.contributing)

    @property
    def reason(self) -> str:
        have = {0: "none has", 1: "only 1 has"}.get(self.contributing, f"only {self.contributing} have")
        return (
            f"Comparison with other partnerships is shown only when at least {disclosure.MIN_PEERS} other "
            "partnerships have a closed round on a comparable questionnaire with enough responses. "
            f"So far {have}, and showing fewer could identify them."
        )


def _figure(values: list[float]) -> PeerFigure | None:
    if not disclosure.enough_peers(len(values)):
        return None
    lower, _middle, upper = statistics.quantiles(values, n=4, method="inclusive")
    return PeerFigure(statistics.median(values), lower, upper, len(values))


def peer_benchmark(round_: Round, questionnaire: Questionnaire) -> PeerBenchmark:
    version = round_.questionnaire_version
    where = (version.questionnaire_id, version.major, round_.partnership_id)
    # The same peers at the same results keys give the same figures; the
    # keys are read without loading the rounds, which only a change needs.
    key = (questionnaire.cache_key, *sorted(rounds.latest_comparable_closed_keys(*where)))
    return _peers.get_or_make(key, lambda: _peer_benchmark(rounds.latest_comparable_closed(*where), questionnaire))


def _peer_benchmark(peer_rounds: list[Round], questionnaire: Questionnaire) -> PeerBenchmark:
    scored = [s for s in scored_rounds(peer_rounds).values() if s.result is not None]
    if not disclosure.enough_peers(len(scored)):
        return PeerBenchmark(len(scored), {}, None)
    domains = {
        domain.id: _figure(
            [s.result.domain(domain.id).score for s in scored if s.result.domain(domain.id).score is not None]  # type: ignore[union-attr,misc]
        )
        for domain in questionnaire.domains
    }
    overall = _figure([s.result.overall.score for s in scored if s.result.overall.score is not None])  # type: ignore[union-attr,misc]
    return PeerBenchmark(len(scored), domains, overall)


# --- a round's results, ready to show ---------------------------------------------------


@dataclass
class RoundResults:
    round_: Round
    questionnaire: Questionnaire
    scored: ScoredRound
    previous: tuple[Round, ScoredRound] | None
    peers: PeerBenchmark
    agreed: dict[str, AgreedAnswer]
    evidence: dict[str, list[str]] = field(default_factory=dict)

    @property
    def result(self) -> Result | None:
        return self.scored.result

    @property
    def results_key(self) -> tuple:
        """What identifies these results in a cache (see ``rounds.results_key``)."""
        return rounds.results_key(self.round_)

    @property
    def released(self) -> bool:
        """The round has closed at least once, so it has results to show."""
        return self.round_.released_at is not None

    @property
    def interim(self) -> bool:
        """The round is open again: these are the results as it last closed."""
        return self.round_.is_open and self.released

    @property
    def previous_result(self) -> Result | None:
        return self.previous[1].result if self.previous else None

    @property
    def previous_questionnaire(self) -> Questionnaire | None:
        return versions.questionnaire_for(self.previous[0].questionnaire_version) if self.previous else None

    @property
    def previous_cross_version(self) -> bool:
        """The previous round used another major version of the questionnaire:
        compare domains only, and with care."""
        earlier = self.previous_questionnaire
        return earlier is not None and not versions.comparable(earlier, self.questionnaire)

    def previous_domain(self, domain_id: str) -> scoring.DomainResult | None:
        """The previous round's result for a domain, when that round has results and the domain."""
        result = self.previous_result
        return next((d for d in result.domains if d.id == domain_id), None) if result else None

    def strongest_and_weakest(self) -> tuple[list[str], list[str]]:
        """Domain ids with the highest and the lowest score (ties share the place)."""
        if self.result is None:
            return [], []
        scored = [(d.id, d.score) for d in self.result.domains if d.score is not None]
        if not scored:
            return [], []
        top = max(scoring.truncate(s) for _, s in scored)
        bottom = min(scoring.truncate(s) for _, s in scored)
        return (
            [d for d, s in scored if scoring.truncate(s) == top],
            [d for d, s in scored if scoring.truncate(s) == bottom],
        )

    def perspective_differences(self) -> list[str]:
        """One sentence per domain where the groups shown differ by a whole
        level or more."""
        groups = self.scored.grouping.groups
        sentences = []
        for domain in self.questionnaire.domains:
            scores = [
                (g, self.scored.group_scores[g.key][domain.id])
                for g in groups
                if self.scored.group_scores.get(g.key, {}).get(domain.id) is not None
            ]
            if len(scores) < 2:
                continue
            low_group, low = min(scores, key=lambda pair: pair[1])  # type: ignore[arg-type,return-value]
            high_group, high = max(scores, key=lambda pair: pair[1])  # type: ignore[arg-type,return-value]
            levels = math.floor(round(high - low, scoring.COMPARISON_PLACES))  # type: ignore[operator]
            if levels < 1:
                continue
            amount = "a level" if levels == 1 else f"{levels} levels"
            sentence = (
                f"{domain.title}: {low_group.label} {scoring.shown(low)} against {high_group.label} "
                f"{scoring.shown(high)}, {amount} apart."
            )
            sentences.append(sentence)
        return sentences


# What a round's results are compared with (its previous round's id and the
# peer benchmark), kept while no round's results change anywhere.
_compared = cache.named("previous rounds and peers", 4096)


def _compared_with(round_: Round, questionnaire: Questionnaire) -> tuple[int | None, PeerBenchmark]:
    def find() -> tuple[int | None, PeerBenchmark]:
        previous = rounds.previous(round_)
        return (previous.id if previous else None, peer_benchmark(round_, questionnaire))

    return _compared.get_or_make((rounds.results_key(round_), rounds.results_generation()), find)


def results_for(round_: Round, *, with_evidence: bool = False) -> RoundResults:
    questionnaire = versions.questionnaire_for(round_.questionnaire_version)
    previous_id, peers = _compared_with(round_, questionnaire)
    previous_round = rounds.get(previous_id) if previous_id is not None else None
    wanted = [round_] + ([previous_round] if previous_round else [])
    scored = scored_rounds(wanted)
    return RoundResults(
        round_=round_,
        questionnaire=questionnaire,
        scored=scored[round_.id],
        previous=(previous_round, scored[previous_round.id]) if previous_round else None,
        peers=peers,
        agreed=agreed_answers.for_round(round_.id),
        evidence=responses.evidence_notes(round_.id) if with_evidence and scored[round_.id].result else {},
    )
