"""Assignments and scores hold under simultaneous requests: two organisers pressing "assign
automatically" at once never over-assign an entry nor get an error; the same judge assigned by
hand several times at once is assigned once; a score sheet sent twice at once leaves one score per
criterion. Each thread has its own app context (its own session and connection) and all start
together at a barrier; PostgreSQL (TEST_DATABASE_URL) runs them side by side, SQLite (a file)
queues the writers."""
import pytest
import sqlalchemy as sa

from eventapp.extensions import db
from eventapp.innovations.assignments import assign, auto_assign
from eventapp.innovations.models import Assignment, Entry, InnovationCall, Judge, Score
from eventapp.innovations.scoring import save_scores
from tests import factories
from tests.innovations import factories as innovations
from tests.registration.test_concurrency import run_together

pytestmark = pytest.mark.database

THREADS = 6


@pytest.fixture
def app_config(db_backend, tmp_path):
    engine = {"pool_size": THREADS + 5, "max_overflow": 5, "pool_timeout": 60}
    if db_backend == "sqlite":
        engine["connect_args"] = {"timeout": 60}
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'judging.sqlite'}",
                "SQLALCHEMY_ENGINE_OPTIONS": engine}
    return {"SQLALCHEMY_ENGINE_OPTIONS": engine}


@pytest.fixture
def setup(app):
    """Eight eligible entries of four universities, five judges (two from the first university),
    two judges an entry."""
    with app.app_context():
        call = innovations.call(factories.event(), judges_per_entry=2)
        universities = [innovations.university() for _ in range(4)]
        for n in range(8):
            innovations.entry(call, universities[n % 4])
        judges = [innovations.judge(call, universities[0]) for _ in range(2)] + [innovations.judge(call)
                                                                                 for _ in range(3)]
        return call.id, [j.id for j in judges]


def per_entry(call_id: int) -> dict[int, int]:
    return dict(db.session.execute(
        sa.select(Assignment.entry_id, sa.func.count(Assignment.id)).join(Entry, Entry.id == Assignment.entry_id)
        .where(Entry.call_id == call_id).group_by(Assignment.entry_id)).all())


def test_simultaneous_automatic_assignments_never_over_assign(app, setup, db_backend):
    call_id, _judges = setup

    results = run_together(app, THREADS, lambda i: auto_assign(db.session.get(InnovationCall, call_id)).added)

    assert [r for r in results if r[0] != "ok"] == []
    assert sorted(added for _outcome, added in results) == [0] * (THREADS - 1) + [16]
    with app.app_context():
        assert per_entry(call_id) == {entry_id: 2 for entry_id in per_entry(call_id)} and len(per_entry(call_id)) == 8
        loads = db.session.scalars(sa.select(sa.func.count(Assignment.id)).group_by(Assignment.judge_id)).all()
        assert max(loads) - min(loads) <= 1


def test_the_same_assignment_by_hand_at_once_is_made_once(app, setup, db_backend):
    call_id, judges = setup
    with app.app_context():
        entry_id = db.session.scalar(sa.select(Entry.id).where(Entry.call_id == call_id).order_by(Entry.id.desc()))

    results = run_together(app, THREADS, lambda i: assign(db.session.get(Entry, entry_id),
                                                          db.session.get(Judge, judges[-1])).id)

    assert sorted(outcome for outcome, _value in results) == ["ok"] + ["refused"] * (THREADS - 1)
    assert {value for outcome, value in results if outcome == "refused"} == {
        f"{_judge_name(app, judges[-1])} is already assigned this entry."}
    with app.app_context():
        assert per_entry(call_id) == {entry_id: 1}


def _judge_name(app, judge_id: int) -> str:
    with app.app_context():
        return db.session.get(Judge, judge_id).user.full_name


def test_a_score_sheet_sent_twice_at_once_leaves_one_score_per_criterion(app, setup, db_backend):
    call_id, judges = setup
    with app.app_context():
        call = db.session.get(InnovationCall, call_id)
        entry = db.session.scalar(sa.select(Entry).where(Entry.call_id == call_id).order_by(Entry.id.desc()))
        assignment_id = innovations.assign(entry, db.session.get(Judge, judges[-1])).id
        criteria = [c.id for c in call.criteria]

    def send(i: int):
        assignment = db.session.get(Assignment, assignment_id)
        return len(save_scores(assignment, assignment.judge.user, {c: (i % 11, f"sheet {i}") for c in criteria}))

    results = run_together(app, THREADS, send)

    assert [r for r in results if r[0] == "error"] == []
    assert any(outcome == "ok" for outcome, _value in results)
    with app.app_context():
        rows = db.session.execute(sa.select(Score.criterion_id, Score.comment)
                                  .where(Score.assignment_id == assignment_id)).all()
        assert sorted(c for c, _comment in rows) == sorted(criteria)
        assert len({comment for _c, comment in rows}) == 1  # one sheet's scores, whole
