"""A call's standings: its eligible entries, its judges' complete scores and its rubric loaded
from the database in a fixed number of queries (four, and the judges' accounts' roles, whatever
the number of entries, judges or scores), ranked by the pure `ranking` module.

A judge's scores of an entry count only when every criterion of the rubric is scored."""
from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from eventapp.auth.models import User
from eventapp.extensions import db
from eventapp.innovations.models import (
    Assignment,
    Criterion,
    Entry,
    EntryStatus,
    InnovationCall,
    Judge,
    Score,
)
from eventapp.innovations.ranking import Candidate, RankedEntry, Ranking, RubricCriterion, Scoring, rank


@dataclass(frozen=True)
class StandingRow:
    entry: Entry
    result: RankedEntry

    @property
    def rank(self) -> int | None:
        return self.result.rank


@dataclass(frozen=True)
class Standings:
    call: InnovationCall
    ranking: Ranking
    rows: list[StandingRow]  # ranked entries by rank, then the unranked
    judges: list[Judge]  # the judges with at least one complete scoring, by name
    criteria: list[Criterion]

    @property
    def key_criterion(self) -> Criterion | None:
        return next((c for c in self.criteria if c.id == self.ranking.key_criterion_id), None)

    @property
    def ranked(self) -> list[StandingRow]:
        return [row for row in self.rows if row.rank is not None]

    def row_of(self, entry_id: int) -> StandingRow | None:
        return next((row for row in self.rows if row.entry.id == entry_id), None)


def _complete_scorings(call: InnovationCall, criteria: list[Criterion]) -> list[Scoring]:
    """Every judge's scoring of an eligible entry of the call that covers the whole rubric."""
    rows = db.session.execute(
        sa.select(Assignment.judge_id, Assignment.entry_id, Score.criterion_id, Score.value)
        .join(Score, Score.assignment_id == Assignment.id)
        .join(Entry, Entry.id == Assignment.entry_id)
        .where(Entry.call_id == call.id, Entry.status == EntryStatus.ELIGIBLE)
    )
    values: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for judge_id, entry_id, criterion_id, value in rows:
        values[judge_id, entry_id][criterion_id] = value
    wanted = {c.id for c in criteria}
    return [Scoring(judge_id, entry_id, scored) for (judge_id, entry_id), scored in sorted(values.items())
            if wanted and wanted <= scored.keys()]


def standings_of(call: InnovationCall) -> Standings:
    """Rank the call's eligible entries by the judges' complete scores, with the call's options
    (normalisation, the disagreement threshold)."""
    criteria = list(db.session.scalars(
        sa.select(Criterion).where(Criterion.call_id == call.id).order_by(Criterion.position, Criterion.id)
    ))
    entries = list(db.session.scalars(
        sa.select(Entry).where(Entry.call_id == call.id, Entry.status == EntryStatus.ELIGIBLE)
        .options(joinedload(Entry.institution), joinedload(Entry.category))
    ))
    scorings = _complete_scorings(call, criteria)
    judge_ids = {s.judge_id for s in scorings}
    judges = list(db.session.scalars(
        sa.select(Judge).join(User, User.id == Judge.user_id).where(Judge.id.in_(judge_ids))
        .options(joinedload(Judge.user)).order_by(User.full_name, Judge.id)
    )) if judge_ids else []
    ranking = rank(
        [RubricCriterion(c.id, c.weight, c.scale_max, c.position) for c in criteria],
        [Candidate(e.id, e.reference, e.submitted_at) for e in entries],
        scorings, normalise=call.normalise_scores, disagreement_points=call.disagreement_points,
    )
    by_id = {e.id: e for e in entries}
    rows = [StandingRow(by_id[result.entry_id], result) for result in ranking.rows]
    return Standings(call, ranking, rows, judges, criteria)
