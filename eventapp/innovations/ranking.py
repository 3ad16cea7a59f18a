"""The ranking of a call's entries from its judges' scores. Pure: dataclasses in, dataclasses
out; no Flask, no database.

A judge's total for an entry is on 0–100:

    total = sum(weight × value / scale_max) / sum(weights) × 100

over every criterion of the rubric (a judge's scoring counts only when it covers them all).
An entry's mean is the mean of its judges' totals.

With `normalise`, each judge's totals become z-scores over the entries that judge scored,
z = (total − the judge's mean) / the judge's standard deviation (population), and are mapped
back onto the scale of all judges' totals together: overall mean + z × overall standard
deviation. A harsh and a lenient judge who prefer the same entries then count alike. A judge
who scored one entry, or gave every entry the same total, gives z = 0. The entry's normalised
score is the mean of its judges' normalised totals, and it is the score that ranks.

Tie-break, in order, when entries have the same score:
  1. the higher score;
  2. the higher mean on the key criterion: the criterion with the largest weight (the first
     by position among equal weights);
  3. more judges;
  4. the earlier submission;
  5. the reference, in alphabetical order.
The reference is unique, so no two entries share a rank.

Disagreement: an entry is flagged when the spread (highest − lowest) of its judges' totals is
greater than the call's `disagreement_points`; a spread of exactly that many points is not.

Entries without any complete scoring are listed after the ranked ones, unranked (earliest
submission first).

Totals and means are exact fractions; normalised scores involve square roots and are floats,
equal when they agree to 9 decimal places. Nothing is rounded except for display (`display`).
"""
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from fractions import Fraction

# Normalised scores are compared to this many decimal places (floating-point noise aside).
FLOAT_PLACES = 9


@dataclass(frozen=True)
class RubricCriterion:
    id: int
    weight: int
    scale_max: int
    position: int = 0


@dataclass(frozen=True)
class Candidate:
    """An entry to rank."""

    id: int
    reference: str
    submitted_at: datetime


@dataclass(frozen=True)
class Scoring:
    """One judge's scores of one entry: criterion id → value."""

    judge_id: int
    entry_id: int
    values: Mapping[int, int]


@dataclass(frozen=True)
class RankedEntry:
    entry_id: int
    rank: int | None  # None: unranked (no complete scoring)
    judge_totals: Mapping[int, Fraction]  # judge id → total on 0–100, by judge id
    mean: Fraction | None
    normalised: float | None  # only when the ranking normalises
    key_criterion_mean: Fraction | None
    spread: Fraction | None
    disagreement: bool

    @property
    def judges(self) -> int:
        return len(self.judge_totals)

    @property
    def score(self) -> Fraction | float | None:
        """The score that ranks: the normalised score when normalising, else the mean."""
        return self.normalised if self.normalised is not None else self.mean


@dataclass(frozen=True)
class Ranking:
    rows: tuple[RankedEntry, ...]  # the ranked entries by rank, then the unranked
    normalised: bool
    key_criterion_id: int | None

    @property
    def ranked(self) -> list[RankedEntry]:
        return [row for row in self.rows if row.rank is not None]

    @property
    def unranked(self) -> list[RankedEntry]:
        return [row for row in self.rows if row.rank is None]

    def of(self, entry_id: int) -> RankedEntry | None:
        return next((row for row in self.rows if row.entry_id == entry_id), None)


def display(value, places: int = 2) -> float | None:
    """A score rounded for showing (never for comparing)."""
    return None if value is None else round(float(value), places)


def key_criterion(criteria: Iterable[RubricCriterion]) -> RubricCriterion | None:
    """The criterion of the second tie-break: the largest weight, the first by position among equals."""
    ordered = sorted(criteria, key=lambda c: (c.position, c.id))
    return max(ordered, key=lambda c: c.weight, default=None)  # max keeps the first of equals


def judge_total(criteria: list[RubricCriterion], values: Mapping[int, int]) -> Fraction:
    """sum(weight × value / scale_max) / sum(weights) × 100, exactly."""
    weighted = sum((Fraction(c.weight * values[c.id], c.scale_max) for c in criteria), Fraction(0))
    return weighted / sum(c.weight for c in criteria) * 100


def _mean(values: list) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


def _population_sd(values: list[Fraction]) -> float:
    mean = _mean(values)
    return math.sqrt(_mean([(v - mean) ** 2 for v in values]))


def _normalised_totals(totals: dict[tuple[int, int], Fraction]) -> dict[tuple[int, int], float]:
    """(judge, entry) → the judge's total as a z-score over that judge's entries, mapped onto
    the scale of every judge's totals together."""
    overall = list(totals.values())
    overall_mean, overall_sd = float(_mean(overall)), _population_sd(overall)
    by_judge: dict[int, list[Fraction]] = defaultdict(list)
    for (judge_id, _entry_id), total in totals.items():
        by_judge[judge_id].append(total)
    # Each judge's mean and spread, once per judge (not once per scoring: that is quadratic).
    spread = {judge_id: (_mean(own), _population_sd(own), len(own)) for judge_id, own in by_judge.items()}
    result = {}
    for (judge_id, entry_id), total in totals.items():
        mean, sd, count = spread[judge_id]
        z = 0.0 if count < 2 or sd == 0 else float(total - mean) / sd
        result[judge_id, entry_id] = overall_mean + z * overall_sd
    return result


def rank(criteria: Iterable[RubricCriterion], candidates: Iterable[Candidate], scorings: Iterable[Scoring],
         normalise: bool = False, disagreement_points: int = 25) -> Ranking:
    """Rank the candidates by their judges' scorings (see the module docstring for the rules).

    A scoring that misses a criterion, or is of an entry not among the candidates, is left out.
    """
    criteria = sorted(criteria, key=lambda c: (c.position, c.id))
    candidates = list(candidates)
    key = key_criterion(criteria)
    known = {c.id for c in candidates}
    complete = [s for s in scorings
                if criteria and s.entry_id in known and all(c.id in s.values for c in criteria)]
    totals = {(s.judge_id, s.entry_id): judge_total(criteria, s.values) for s in complete}
    key_values: dict[int, dict[int, int]] = defaultdict(dict)
    for s in complete:
        key_values[s.entry_id][s.judge_id] = s.values[key.id]
    normalised = _normalised_totals(totals) if normalise and totals else {}

    by_entry: dict[int, dict[int, Fraction]] = defaultdict(dict)
    for (judge_id, entry_id), total in sorted(totals.items()):
        by_entry[entry_id][judge_id] = total

    rows = []
    for candidate in candidates:
        own = by_entry.get(candidate.id, {})
        if not own:
            rows.append(RankedEntry(candidate.id, None, {}, None, None, None, None, False))
            continue
        spread = max(own.values()) - min(own.values())
        rows.append(RankedEntry(
            entry_id=candidate.id, rank=None, judge_totals=own, mean=_mean(list(own.values())),
            normalised=(sum(normalised[j, candidate.id] for j in own) / len(own)) if normalise else None,
            key_criterion_mean=_mean(list(key_values[candidate.id].values())),
            spread=spread, disagreement=spread > disagreement_points,
        ))

    by_id = {c.id: c for c in candidates}

    def order(row: RankedEntry):
        score = row.score
        comparable = round(score, FLOAT_PLACES) if isinstance(score, float) else score
        candidate = by_id[row.entry_id]
        return (-comparable, -row.key_criterion_mean, -row.judges, candidate.submitted_at, candidate.reference)

    ranked = sorted((r for r in rows if r.judge_totals), key=order)
    unranked = sorted((r for r in rows if not r.judge_totals),
                      key=lambda r: (by_id[r.entry_id].submitted_at, by_id[r.entry_id].reference))
    ranked = [replace(row, rank=n) for n, row in enumerate(ranked, start=1)]
    return Ranking(tuple(ranked + unranked), normalised=normalise, key_criterion_id=key.id if key else None)
