"""The standings: a call's eligible entries ranked from the database, only complete scorings
counted, the call's options applied, in a fixed number of queries."""
import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.innovations.models import EntryStatus, InnovationCall
from eventapp.innovations.standings import standings_of
from tests import factories
from tests.innovations import factories as make


@pytest.fixture
def call(app_ctx):
    return make.call(factories.event())


def scored(call, values_by_judge, **kwargs):
    """An eligible entry scored by each judge with its values (one per criterion of the standard rubric)."""
    row = make.entry(call, make.university(), **kwargs)
    for judge, values in values_by_judge:
        make.score(make.assign(row, judge), values)
    return row


def test_entries_are_ranked_by_their_judges_complete_scores(call):
    # The standard rubric: weights 25, 25, 20, 20, 10 on 0–10.
    # all 8s → 80; all 10s → 100; all 5s → 50; (10, 0, 0, 0, 0) → 25 × 1 / 100 × 100 = 25.
    one, two = make.judge(call), make.judge(call)
    low = scored(call, [(one, [5] * 5), (two, [10, 0, 0, 0, 0])])  # mean (50 + 25)/2 = 37.5
    high = scored(call, [(one, [10] * 5), (two, [8] * 5)])  # mean 90
    partial = make.entry(call, make.university())
    make.score(make.assign(partial, one), {call.criteria[0].id: 9})  # one criterion only: does not count
    nobody = make.entry(call, make.university())

    standings = standings_of(call)

    assert [row.entry.id for row in standings.rows] == [high.id, low.id, partial.id, nobody.id]
    assert [row.rank for row in standings.rows] == [1, 2, None, None]
    assert standings.row_of(low.id).result.judge_totals == {one.id: 50, two.id: 25}
    assert float(standings.row_of(low.id).result.mean) == 37.5
    assert standings.row_of(partial.id).result.judges == 0
    assert {j.id for j in standings.judges} == {one.id, two.id}
    assert standings.key_criterion.name_en == "Innovation"  # 25 like Relevance, but first
    assert standings.row_of(high.id).entry.institution.name  # loaded for the page
    assert [r.entry.id for r in standings.ranked] == [high.id, low.id]


def test_only_eligible_entries_of_the_call_are_ranked(call):
    judge = make.judge(call)
    kept = scored(call, [(judge, [6] * 5)])
    for status in (EntryStatus.SUBMITTED, EntryStatus.INELIGIBLE, EntryStatus.WITHDRAWN):
        scored(call, [(judge, [9] * 5)], status=status)
    other_call = make.call(factories.event())
    scored(other_call, [(make.judge(other_call), [10] * 5)])

    assert [row.entry.id for row in standings_of(call).rows] == [kept.id]


def test_the_calls_options_normalise_and_flag(call):
    # Judge A (harsh): entry 1 all 3s → 30, entry 2 all 5s → 50; judge B (lenient): entry 3
    # all 7s → 70, entry 4 all 9s → 90. Normalised, 2 and 4 tie at 60 + √500 and the key
    # criterion (Innovation: 5 vs 9) puts 4 first; 2 then rises above 3.
    harsh, lenient = make.judge(call), make.judge(call)
    first = scored(call, [(harsh, [3] * 5)])
    second = scored(call, [(harsh, [5] * 5)])
    third = scored(call, [(lenient, [7] * 5)])
    fourth = scored(call, [(lenient, [9] * 5)])

    assert [r.entry.id for r in standings_of(call).rows] == [fourth.id, third.id, second.id, first.id]

    call.normalise_scores = True
    db.session.commit()
    standings = standings_of(call)
    assert standings.ranking.normalised
    assert [r.entry.id for r in standings.rows] == [fourth.id, second.id, third.id, first.id]
    assert standings.row_of(second.id).result.normalised == pytest.approx(60 + 500 ** 0.5)


def test_the_disagreement_threshold_is_the_calls(call):
    # Totals 50 and 80: a spread of 30 — flagged at 25 points, not at 30.
    row = scored(call, [(make.judge(call), [5] * 5), (make.judge(call), [8] * 5)])
    assert standings_of(call).row_of(row.id).result.disagreement

    call.disagreement_points = 30
    db.session.commit()
    assert not standings_of(call).row_of(row.id).result.disagreement


def count_queries(work) -> int:
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):  # not SQLite's BEGIN IMMEDIATE
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_a_fixed_number_of_queries_whatever_the_number_of_entries_and_judges(call):
    judges = [make.judge(call) for _ in range(2)]
    for n in range(2):
        scored(call, [(judges[0], [n + 3] * 5)])
    call_id = call.id

    def read():
        db.session.expire_all()
        standings = standings_of(db.session.get(InnovationCall, call_id))
        for row in standings.rows:
            row.entry.institution.name, row.entry.category.name_en
        for judge in standings.judges:
            judge.user.full_name

    small = count_queries(read)
    more = [make.judge(call) for _ in range(3)]
    for n in range(6):
        scored(call, [(judge, [n + 1] * 5) for judge in judges + more])

    # The call itself, then the rubric, the entries (with institution and category), the
    # scores, the judges (with their accounts) and the accounts' roles (which User loads).
    assert count_queries(read) == small == 6
