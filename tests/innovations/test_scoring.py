"""Scores: the assigned judge scores every criterion with a whole number from 0 to its scale and
an optional comment; saving again updates; every refusal (outside the scale, not a number, a
criterion missing, a comment too long, someone else's assignment, the scoring closed, an entry
no longer eligible) says why and changes nothing. Closing and reopening the scoring, progress
in a fixed number of queries, and who sees which scores."""
import pytest
import sqlalchemy as sa

from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.innovations.models import EntryStatus, Score
from eventapp.innovations.scoring import (
    close_scoring,
    reopen_scoring,
    save_scores,
    scores_visible_to,
    scoring_progress,
)
from tests import factories
from tests.innovations import factories as innovations
from tests.innovations.test_assignments import snapshot


@pytest.fixture
def world(app_ctx):
    """Two judges assigned the same entry of UDSM; the rubric of five criteria on 0-10."""
    call = innovations.call(factories.event())
    entry = innovations.entry(call, innovations.university("University of Dar es Salaam"))
    j1, j2 = innovations.judge(call, full_name="Asha Mrema"), innovations.judge(call, full_name="Baraka Kweka")
    return {"call": call, "entry": entry, "j1": j1, "j2": j2, "a1": innovations.assign(entry, j1),
            "a2": innovations.assign(entry, j2), "criteria": [c.id for c in call.criteria]}


def sheet(world, values=(8, 7, 6, 9, 5), comment=""):
    return {cid: (value, comment) for cid, value in zip(world["criteria"], values)}


def stored(assignment) -> dict[int, tuple[int, str]]:
    db.session.expire_all()
    return {s.criterion_id: (s.value, s.comment)
            for s in db.session.scalars(sa.select(Score).where(Score.assignment_id == assignment.id))}


def test_the_judge_scores_every_criterion_with_an_optional_comment(world):
    values = sheet(world, ("8", " 7 ", 0, 10, 5))
    values[world["criteria"][0]] = (8, "  Very new for local councils.  ")

    saved = save_scores(world["a1"], world["j1"].user, values)

    assert len(saved) == 5
    assert stored(world["a1"]) == {world["criteria"][0]: (8, "Very new for local councils."),
                                   world["criteria"][1]: (7, ""), world["criteria"][2]: (0, ""),
                                   world["criteria"][3]: (10, ""), world["criteria"][4]: (5, "")}


def test_saving_again_updates_the_scores_and_never_duplicates_them(world):
    save_scores(world["a1"], world["j1"].user, sheet(world))
    first_ids = {s.id for s in db.session.scalars(sa.select(Score))}

    save_scores(world["a1"], world["j1"].user, sheet(world, (1, 2, 3, 4, 5), "Changed my mind"))
    save_scores(world["a1"], world["j1"].user, sheet(world, (1, 2, 3, 4, 5), "Changed my mind"))

    assert {s.id for s in db.session.scalars(sa.select(Score))} == first_ids
    assert sorted(stored(world["a1"]).values()) == [(n, "Changed my mind") for n in (1, 2, 3, 4, 5)]


@pytest.mark.parametrize("bad", [11, 100, -1, "-3", "seven", "7.5", 7.5, "", None, True, "1e1", "０", "²", "- 3"])
def test_a_value_outside_the_scale_or_not_a_whole_number_is_refused_beside_its_criterion(world, bad):
    save_scores(world["a1"], world["j1"].user, sheet(world))
    before = snapshot()
    values = sheet(world, (9, 9, 9, 9, 9))
    values[world["criteria"][2]] = (bad, "")

    with pytest.raises(InvalidInput) as refused:
        save_scores(world["a1"], world["j1"].user, values)

    assert refused.value.errors == {f"value_{world['criteria'][2]}": "Score from 0 to 10."}
    assert snapshot() == before


def test_a_missing_criterion_is_refused_and_a_criterion_of_another_scale_says_its_own(world):
    last = world["call"].criteria[-1]
    last.scale_max = 5
    db.session.commit()
    values = sheet(world)
    del values[world["criteria"][0]]
    values[last.id] = (6, "")
    before = snapshot()

    with pytest.raises(InvalidInput) as refused:
        save_scores(world["a1"], world["j1"].user, values)

    assert refused.value.errors == {f"value_{world['criteria'][0]}": "Score from 0 to 10.",
                                    f"value_{last.id}": "Score from 0 to 5."}
    assert snapshot() == before


def test_a_comment_too_long_is_refused_beside_it(world):
    values = sheet(world)
    values[world["criteria"][1]] = (5, "x" * 2001)
    before = snapshot()

    with pytest.raises(InvalidInput) as refused:
        save_scores(world["a1"], world["j1"].user, values)

    assert refused.value.errors == {f"comment_{world['criteria'][1]}": "At most 2000 characters."}
    assert snapshot() == before


def test_criteria_of_another_call_are_ignored(world):
    other = innovations.call(factories.event())
    values = sheet(world)
    values[other.criteria[0].id] = (3, "elsewhere")

    save_scores(world["a1"], world["j1"].user, values)

    assert set(stored(world["a1"])) == set(world["criteria"])


def test_nobody_but_the_assigned_judge_scores_the_assignment(world):
    outsider = innovations.judge(world["call"])
    organiser = factories.user(roles=(Role.ORGANISER,))
    before = snapshot()

    for user in (world["j2"].user, outsider.user, organiser, None):
        with pytest.raises(DomainError, match="Only the judge assigned"):
            save_scores(world["a1"], user, sheet(world))

    assert snapshot() == before


def test_no_score_changes_once_the_scoring_is_closed(world):
    save_scores(world["a1"], world["j1"].user, sheet(world))
    close_scoring(world["call"])
    before = snapshot()

    with pytest.raises(DomainError, match="scoring is closed"):
        save_scores(world["a1"], world["j1"].user, sheet(world, (0, 0, 0, 0, 0)))
    with pytest.raises(DomainError, match="scoring is closed"):
        save_scores(world["a2"], world["j2"].user, sheet(world))

    assert snapshot() == before


@pytest.mark.parametrize("status", [EntryStatus.INELIGIBLE, EntryStatus.WITHDRAWN, EntryStatus.SUBMITTED])
def test_an_entry_no_longer_eligible_is_not_scored(world, status):
    world["entry"].status = status
    db.session.commit()
    before = snapshot()

    with pytest.raises(DomainError, match="no longer eligible"):
        save_scores(world["a1"], world["j1"].user, sheet(world))

    assert snapshot() == before


# --- closing and reopening ---------------------------------------------------------------


def test_closing_and_reopening_are_audited_and_reopening_needs_a_reason(world):
    organiser = factories.user(roles=(Role.ORGANISER,))

    close_scoring(world["call"], actor_id=organiser.id)
    assert world["call"].scoring_closed_at is not None
    before = snapshot()
    with pytest.raises(DomainError, match="already closed"):
        close_scoring(world["call"])
    with pytest.raises(DomainError, match="Say why") as refused:
        reopen_scoring(world["call"], organiser.id, "  ")
    assert refused.value.field == "reason" and snapshot() == before

    reopen_scoring(world["call"], organiser.id, "Judge Mrema was ill and scored late")

    assert world["call"].scoring_closed_at is None
    audit = db.session.execute(sa.select(AuditEntry.action, AuditEntry.actor_id, AuditEntry.details)
                               .where(AuditEntry.action.like("innovations.scoring%")).order_by(AuditEntry.id)).all()
    assert audit == [("innovations.scoring_closed", organiser.id, ""),
                     ("innovations.scoring_reopened", organiser.id, "Judge Mrema was ill and scored late")]
    with pytest.raises(DomainError, match="open already"):
        reopen_scoring(world["call"], organiser.id, "Again")


def test_the_scoring_stays_closed_once_the_results_are_published(world):
    close_scoring(world["call"])
    world["call"].results_published_at = innovations.now()
    db.session.commit()
    before = snapshot()

    with pytest.raises(DomainError, match="results are published"):
        reopen_scoring(world["call"], None, "Too late")

    assert snapshot() == before


# --- progress ----------------------------------------------------------------------------


def count_queries(work) -> int:
    """The SELECTs `work` sends (not SQLite's BEGIN IMMEDIATE)."""
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_progress_per_judge_counts_assigned_eligible_entries_and_those_fully_scored(world):
    idle = innovations.judge(world["call"])
    second = innovations.entry(world["call"], innovations.university())
    dropped = innovations.entry(world["call"], innovations.university(), status=EntryStatus.INELIGIBLE)
    innovations.assign(second, world["j1"])
    innovations.assign(dropped, world["j1"])
    innovations.score(world["a1"], [5, 5, 5, 5, 5])
    innovations.score(world["a2"], {world["criteria"][0]: 4})  # partly

    progress = scoring_progress(world["call"])

    assert {j: (p.assigned, p.scored) for j, p in progress.items()} == {
        world["j1"].id: (2, 1), world["j2"].id: (1, 0), idle.id: (0, 0)}


def test_progress_takes_the_same_few_queries_whatever_the_panel(world):
    few = count_queries(lambda: scoring_progress(world["call"]))
    for _ in range(4):
        judge = innovations.judge(world["call"])
        innovations.assign(innovations.entry(world["call"], innovations.university()), judge)
    world["call"].id  # loaded again after the builders' commits, outside the count

    assert count_queries(lambda: scoring_progress(world["call"])) == few == 3


# --- who sees which scores ---------------------------------------------------------------


def _seen(user, entry) -> set[tuple[int, int]]:
    return {(s.assignment_id, s.criterion_id) for s in scores_visible_to(user, entry)}


def test_before_closing_a_judge_sees_only_their_own_scores_and_organisers_see_all(world):
    innovations.score(world["a1"], [5, 5, 5, 5, 5], comment="Asha's view")
    innovations.score(world["a2"], [9, 9, 9, 9, 9], comment="Baraka's view")
    own1 = {(world["a1"].id, c) for c in world["criteria"]}
    own2 = {(world["a2"].id, c) for c in world["criteria"]}
    organiser, admin = factories.user(roles=(Role.ORGANISER,)), factories.user(roles=(Role.ADMIN,))

    assert _seen(world["j1"].user, world["entry"]) == own1
    assert _seen(world["j2"].user, world["entry"]) == own2
    assert _seen(organiser, world["entry"]) == _seen(admin, world["entry"]) == own1 | own2
    assert _seen(world["entry"].owner, world["entry"]) == set() and _seen(None, world["entry"]) == set()


def test_after_closing_the_judges_of_the_entry_see_each_others_scores_and_nobody_else_does(world):
    innovations.score(world["a1"], [5, 5, 5, 5, 5])
    innovations.score(world["a2"], [9, 9, 9, 9, 9])
    outsider = innovations.judge(world["call"])
    innovations.assign(innovations.entry(world["call"], innovations.university()), outsider)
    close_scoring(world["call"])
    everything = _seen(factories.user(roles=(Role.ORGANISER,)), world["entry"])

    assert len(everything) == 10
    assert _seen(world["j1"].user, world["entry"]) == _seen(world["j2"].user, world["entry"]) == everything
    assert _seen(outsider.user, world["entry"]) == set()
    assert _seen(world["entry"].owner, world["entry"]) == set()
