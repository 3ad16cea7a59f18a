"""The innovation pipeline against hand counts: submitted (a withdrawn entry is not), eligible,
shortlisted for the exhibition, presented, awarded (twice-awarded counts once); another
edition's entries are not counted; one query whatever the number of entries."""

import pytest
import sqlalchemy as sa

from eventapp.dashboard.innovation_figures import innovation_pipeline
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.innovations.models import Award, AwardKind, EntryStatus, InnovationCall
from tests import factories
from tests.innovations import factories as innovations
from tests.query_count import counted_queries

# The stages are filtered counts (FILTER, or CASE on SQLite) with an EXISTS: run on both databases.
pytestmark = pytest.mark.database


def award(entry, kind: AwardKind, rank: int = 1) -> None:
    db.session.add(Award(call_id=entry.call_id, entry_id=entry.id, kind=kind, rank=rank))
    db.session.commit()


@pytest.fixture
def meeting(app_ctx, db_backend):
    """Seven entries: two presenting (so also exhibited; one with two awards, one runner-up),
    one only exhibited, one eligible but not selected, one waiting for screening, one screened
    out and one withdrawn. Another edition has an eligible, exhibited entry of its own."""
    event = factories.event()
    call = innovations.call(event)
    udsm = innovations.university("University of Dar es Salaam", "UDSM")
    entry = innovations.entry
    best = entry(call, udsm, exhibition=True, presenting=True)
    runner_up = entry(call, udsm, exhibition=True, presenting=True)
    entry(call, udsm, exhibition=True)
    entry(call, udsm)
    entry(call, udsm, status=EntryStatus.SUBMITTED)
    entry(call, udsm, status=EntryStatus.INELIGIBLE)
    entry(call, udsm, status=EntryStatus.WITHDRAWN)
    award(best, AwardKind.BEST_PAPER)
    award(best, AwardKind.SPECIAL_MENTION)
    award(runner_up, AwardKind.RUNNER_UP)
    other = innovations.call(factories.event())
    award(entry(other, udsm, exhibition=True, presenting=True), AwardKind.BEST_PAPER)
    return event


def test_the_pipeline_counts_each_stage(meeting):
    figure = innovation_pipeline(meeting)

    assert (figure.key, figure.chart, figure.unit) == ("innovation-pipeline", "horizontal", "")
    assert figure.header() == ["Stage", "Entries"]
    assert figure.rows() == [
        ["Submitted", 6],  # seven entries less the withdrawn one
        ["Eligible", 4],  # the two presenting, the exhibited one and the one not selected
        ["Shortlisted", 3],  # exhibited: the two presenting and the one only exhibited
        ["Presented", 2],
        ["Awarded", 2],  # three awards, two of them to the same entry
    ]
    assert "not counted as submitted (1 withdrawn)" in figure.note
    assert not figure.empty


def test_without_a_call_the_pipeline_is_empty(app_ctx, db_backend):
    figure = innovation_pipeline(factories.event())

    assert figure.empty and [row[1] for row in figure.rows()] == [0, 0, 0, 0, 0]


def queries(event_id: int) -> int:
    db.session.expire_all()
    event = db.session.get(Event, event_id)
    with counted_queries() as statements:
        innovation_pipeline(event)
    return len(statements)


def test_one_query_however_many_entries(meeting):
    few = queries(meeting.id)
    found = db.session.scalar(sa.select(InnovationCall).where(InnovationCall.event_id == meeting.id))
    for _n in range(5):
        innovations.entry(found, innovations.university(), exhibition=True)

    assert (few, queries(meeting.id)) == (1, 1)
