"""Assignments of judges to entries: by hand (each refusal changes nothing), removed while not
scored, automatically (balanced, never own institution nor conflicted, keeping what is there,
twice adds nothing, the entries short of judges reported with why), and declared conflicts."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventapp.auth.models import User, UserRole
from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError
from eventapp.extensions import db
from eventapp.innovations.assignments import (
    assign,
    assignment_of,
    auto_assign,
    declare_conflict,
    is_assigned,
    unassign,
)
from eventapp.innovations.models import Assignment, Conflict, EntryStatus, InnovationCall, Judge, Score
from tests import factories
from tests.innovations import factories as innovations


def snapshot() -> tuple:
    """Every judging row (with score values and comments) and the audit log's length."""
    db.session.expire_all()
    counts = tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model))
                   for model in (Judge, Assignment, Conflict, User, UserRole, AuditEntry))
    scores = tuple(db.session.execute(
        sa.select(Score.assignment_id, Score.criterion_id, Score.value, Score.comment).order_by(Score.id)).all())
    closed = tuple(db.session.scalars(sa.select(InnovationCall.scoring_closed_at).order_by(InnovationCall.id)))
    return counts, scores, closed


def pairs(call) -> set[tuple[int, int]]:
    return set(db.session.execute(
        sa.select(Assignment.entry_id, Assignment.judge_id).join(Judge, Judge.id == Assignment.judge_id)
        .where(Judge.call_id == call.id)).all())


@pytest.fixture
def world(app_ctx):
    """A call, a judge from UDOM, an eligible entry of UDSM and one of UDOM."""
    call = innovations.call(factories.event())
    udsm, udom = innovations.university("University of Dar es Salaam"), innovations.university("UDOM")
    judge = innovations.judge(call, udom, full_name="Asha Mrema")
    return {"call": call, "udsm": udsm, "udom": udom, "judge": judge,
            "entry": innovations.entry(call, udsm, title="Mfumo wa Kilimo"),
            "own": innovations.entry(call, udom, title="Mfumo wa UDOM")}


# --- by hand -----------------------------------------------------------------------------


def test_a_judge_is_assigned_an_eligible_entry_of_another_institution(world):
    assignment = assign(world["entry"], world["judge"], actor_id=None)

    assert (assignment.entry_id, assignment.judge_id, assignment.automatic) == (world["entry"].id, world["judge"].id,
                                                                                False)
    assert db.session.scalar(sa.select(AuditEntry.action).order_by(AuditEntry.id.desc())) == "innovations.assigned"


def _refused(entry, judge, message):
    before = snapshot()
    with pytest.raises(DomainError, match=message):
        assign(entry, judge)
    assert snapshot() == before


@pytest.mark.parametrize("status", [EntryStatus.SUBMITTED, EntryStatus.INELIGIBLE, EntryStatus.WITHDRAWN])
def test_an_entry_that_is_not_eligible_is_not_assigned(world, status):
    entry = innovations.entry(world["call"], world["udsm"], status=status)

    _refused(entry, world["judge"], "Only eligible entries")


def test_an_entry_of_the_judges_own_institution_is_not_assigned(world):
    _refused(world["own"], world["judge"], "Asha Mrema comes from the entry's institution")


def test_an_entry_the_judge_declared_a_conflict_with_is_not_assigned(world):
    db.session.add(Conflict(entry_id=world["entry"].id, judge_id=world["judge"].id, reason="Family"))
    db.session.commit()

    _refused(world["entry"], world["judge"], "declared a conflict")


def test_a_judge_of_another_call_is_not_assigned(world):
    outsider = innovations.judge(innovations.call(factories.event()), full_name="Baraka Kweka")

    _refused(world["entry"], outsider, "Baraka Kweka sits on another call's panel")


def test_an_assignment_already_there_is_not_made_twice(world):
    innovations.assign(world["entry"], world["judge"])

    _refused(world["entry"], world["judge"], "already assigned")


def test_nothing_is_assigned_once_the_scoring_is_closed(world):
    world["call"].scoring_closed_at = innovations.now()
    db.session.commit()

    _refused(world["entry"], world["judge"], "scoring is closed")


def test_an_assignment_not_scored_is_removed(world):
    assignment = innovations.assign(world["entry"], world["judge"])

    unassign(assignment, actor_id=None)

    assert pairs(world["call"]) == set()


def test_a_scored_assignment_stays(world):
    assignment = innovations.assign(world["entry"], world["judge"])
    innovations.score(assignment, [7, 7, 7, 7, 7])
    before = snapshot()

    with pytest.raises(DomainError, match="already scored"):
        unassign(assignment)

    assert snapshot() == before


def test_no_assignment_is_removed_once_the_scoring_is_closed(world):
    assignment = innovations.assign(world["entry"], world["judge"])
    world["call"].scoring_closed_at = innovations.now()
    db.session.commit()
    before = snapshot()

    with pytest.raises(DomainError, match="scoring is closed"):
        unassign(assignment)

    assert snapshot() == before


def test_a_judge_sees_an_entry_only_through_an_assignment_of_theirs(world):
    other = innovations.judge(world["call"])
    assignment = innovations.assign(world["entry"], world["judge"])

    assert assignment_of(world["judge"].user, world["entry"].id).id == assignment.id
    assert is_assigned(world["judge"].user, world["entry"])
    assert assignment_of(other.user, world["entry"].id) is None and not is_assigned(other.user, world["entry"])
    assert not is_assigned(world["judge"].user, world["own"]) and assignment_of(None, world["entry"].id) is None


# --- automatically -----------------------------------------------------------------------


def _panel(n: int, call, institution=None):
    return [innovations.judge(call, institution) for _ in range(n)]


def _loads(call) -> dict[int, int]:
    found: dict[int, int] = {}
    for _entry_id, judge_id in pairs(call):
        found[judge_id] = found.get(judge_id, 0) + 1
    return found


def _per_entry(call) -> dict[int, int]:
    found: dict[int, int] = {}
    for entry_id, _judge_id in pairs(call):
        found[entry_id] = found.get(entry_id, 0) + 1
    return found


def test_six_entries_four_judges_two_each_gives_every_judge_three(app_ctx):
    call = innovations.call(factories.event(), judges_per_entry=2)
    judges = _panel(4, call)
    entries = [innovations.entry(call, innovations.university()) for _ in range(6)]

    summary = auto_assign(call, actor_id=None)

    assert (summary.added, summary.entries, summary.judges, summary.shortfalls) == (12, 6, 4, [])
    assert _loads(call) == {j.id: 3 for j in judges}
    assert _per_entry(call) == {e.id: 2 for e in entries}
    assert db.session.scalar(sa.select(sa.func.count()).where(Assignment.automatic.is_(True))) == 12


def _pattern(call) -> set[tuple[int, int]]:
    """The assignments as (entry's place, judge's place) in id order: comparable across calls."""
    assigned = pairs(call)
    entry_place = {e: n for n, e in enumerate(sorted({e for e, _j in assigned}))}
    judge_place = {j: n for n, j in enumerate(sorted({j for _e, j in assigned}))}
    return {(entry_place[e], judge_place[j]) for e, j in assigned}


def _five_entries_four_judges():
    call = innovations.call(factories.event(), judges_per_entry=2)
    _panel(4, call)
    for _ in range(5):
        innovations.entry(call, innovations.university())
    return call


def test_a_second_run_adds_nothing_and_the_result_does_not_depend_on_chance(app_ctx):
    call = _five_entries_four_judges()
    auto_assign(call)
    first = pairs(call)

    again = auto_assign(call)

    assert again.added == 0 and again.shortfalls == [] and pairs(call) == first
    assert sorted(_loads(call).values()) == [2, 2, 3, 3]
    twin = _five_entries_four_judges()
    auto_assign(twin)
    assert _pattern(twin) == _pattern(call)


def test_existing_assignments_stay_and_count_in_the_balance(app_ctx):
    call = innovations.call(factories.event(), judges_per_entry=2)
    judges = _panel(3, call)
    entries = [innovations.entry(call, innovations.university()) for _ in range(3)]
    kept = innovations.assign(entries[0], judges[0])

    summary = auto_assign(call)

    assert summary.added == 5 and (entries[0].id, judges[0].id) in pairs(call)
    assert db.session.get(Assignment, kept.id).automatic is False
    assert _per_entry(call) == {e.id: 2 for e in entries}
    assert sorted(_loads(call).values()) == [2, 2, 2]


def test_judges_never_get_entries_of_their_own_institution_nor_conflicted_ones(app_ctx):
    call = innovations.call(factories.event(), judges_per_entry=2)
    udsm, udom, ardhi = (innovations.university() for _ in range(3))
    from_udsm = _panel(2, call, udsm)
    from_udom = _panel(2, call, udom)
    entries = ([innovations.entry(call, udsm) for _ in range(3)] + [innovations.entry(call, udom) for _ in range(3)]
               + [innovations.entry(call, ardhi)])
    db.session.add(Conflict(entry_id=entries[6].id, judge_id=from_udsm[0].id, reason="Co-author"))
    db.session.commit()

    summary = auto_assign(call)

    assigned = pairs(call)
    udsm_judges, udom_judges = {j.id for j in from_udsm}, {j.id for j in from_udom}
    assert not any(e in {x.id for x in entries[:3]} and j in udsm_judges for e, j in assigned)
    assert not any(e in {x.id for x in entries[3:6]} and j in udom_judges for e, j in assigned)
    assert (entries[6].id, from_udsm[0].id) not in assigned
    assert summary.shortfalls == [] and _per_entry(call) == {e.id: 2 for e in entries}
    assert max(_loads(call).values()) - min(_loads(call).values()) <= 1


def test_entries_that_cannot_get_enough_judges_are_reported_with_why(app_ctx):
    call = innovations.call(factories.event(), judges_per_entry=3)
    udsm = innovations.university()
    judges = _panel(1, call, udsm) + _panel(2, call)
    own = innovations.entry(call, udsm, title="Mfumo wa UDSM")
    conflicted = innovations.entry(call, innovations.university(), title="Mfumo wenye mgongano")
    fine = innovations.entry(call, innovations.university(), title="Mfumo kamili")
    db.session.add(Conflict(entry_id=conflicted.id, judge_id=judges[1].id, reason="Relative"))
    db.session.commit()

    summary = auto_assign(call)

    by_entry = {s.entry_id: s for s in summary.shortfalls}
    assert set(by_entry) == {own.id, conflicted.id} and fine.id in _per_entry(call)
    assert (by_entry[own.id].assigned, by_entry[own.id].wanted, by_entry[own.id].own_institution) == (2, 3, 1)
    assert by_entry[own.id].reason == ("“Mfumo wa UDSM” has 2 of 3 judges: the panel has 3 judges; "
                                       "1 comes from the entry's institution.")
    assert by_entry[conflicted.id].reason == ("“Mfumo wenye mgongano” has 2 of 3 judges: the panel has 3 judges; "
                                              "1 declared a conflict.")


def test_only_eligible_entries_are_assigned_and_an_empty_panel_is_reported(app_ctx):
    call = innovations.call(factories.event(), judges_per_entry=2)
    eligible = innovations.entry(call, innovations.university())
    innovations.entry(call, innovations.university(), status=EntryStatus.SUBMITTED)

    empty = auto_assign(call)
    _panel(2, call)
    summary = auto_assign(call)

    assert empty.added == 0 and [s.reason for s in empty.shortfalls] == [
        f"“{eligible.title}” has 0 of 2 judges: the panel has 0 judges."]
    assert summary.added == 2 and set(_per_entry(call)) == {eligible.id}


def test_the_automatic_assignment_is_refused_once_the_scoring_is_closed(app_ctx):
    call = innovations.call(factories.event(), scoring_closed_at=innovations.now() - timedelta(hours=1))
    _panel(3, call)
    innovations.entry(call, innovations.university())
    before = snapshot()

    with pytest.raises(DomainError, match="scoring is closed"):
        auto_assign(call)

    assert snapshot() == before


# --- conflicts declared by the judge -----------------------------------------------------


def test_a_declared_conflict_removes_the_assignment_and_its_scores_and_blocks_reassigning(world):
    assignment = innovations.assign(world["entry"], world["judge"])
    innovations.score(assignment, [6, 6, 6, 6, 6], comment="Early thoughts")
    other = innovations.judge(world["call"])
    kept = innovations.assign(world["entry"], other)
    innovations.score(kept, [8, 8, 8, 8, 8])

    conflict = declare_conflict(world["judge"], world["entry"], "  I supervised the team.  ")

    assert (conflict.reason, conflict.judge_id) == ("I supervised the team.", world["judge"].id)
    assert pairs(world["call"]) == {(world["entry"].id, other.id)}
    assert db.session.scalar(sa.select(sa.func.count(Score.id))) == 5  # the other judge's scores stay
    with pytest.raises(DomainError, match="declared a conflict"):
        assign(world["entry"], world["judge"])
    world["call"].judges_per_entry = 2
    db.session.commit()
    assert auto_assign(world["call"]).shortfalls[0].conflicted == 1


@pytest.mark.parametrize("reason, message", [("", "Say briefly why"), ("   ", "Say briefly why"),
                                             ("x" * 1001, "At most 1000")])
def test_a_conflict_needs_a_short_reason(world, reason, message):
    innovations.assign(world["entry"], world["judge"])
    before = snapshot()

    with pytest.raises(DomainError, match=message) as refused:
        declare_conflict(world["judge"], world["entry"], reason)

    assert refused.value.field == "reason" and snapshot() == before


def test_a_conflict_is_declared_once_and_not_after_the_scoring_closes(world):
    innovations.assign(world["entry"], world["judge"])
    declare_conflict(world["judge"], world["entry"], "Family")
    before = snapshot()
    with pytest.raises(DomainError, match="already declared"):
        declare_conflict(world["judge"], world["entry"], "Again")
    assert snapshot() == before

    second = innovations.entry(world["call"], world["udsm"])
    innovations.assign(second, world["judge"])
    world["call"].scoring_closed_at = innovations.now()
    db.session.commit()
    before = snapshot()
    with pytest.raises(DomainError, match="scoring is closed"):
        declare_conflict(world["judge"], second, "Late")
    assert snapshot() == before
