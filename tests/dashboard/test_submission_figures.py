"""Ministries' report submissions against the deadline, per day in East Africa Time, against
hand counts: on time and late (compliance's rule), the running total against those that must
report, an institution that reported unasked left out, and the figure without a call."""
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from eventapp.dashboard.submission_figures import report_submissions
from eventapp.events.models import Event
from eventapp.extensions import db
from tests import factories
from tests.query_count import counted_queries
from tests.reports import factories as reports

pytestmark = pytest.mark.database


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2019, 1, day, hour, minute, tzinfo=UTC)


def submitted(call, institution, at: datetime, late: bool = False):
    row = reports.submission(call, institution, late=late)
    row.first_submitted_at = row.last_submitted_at = at
    db.session.commit()
    return row


@pytest.fixture
def meeting(app_ctx, db_backend):
    """The call opens 2 January 08:00 EAT; the deadline is 7 January 17:00 EAT. Five
    ministries must report: Fedha and Afya on 3 January (Afya at 23:59), Maji at midnight
    starting 7 January (on time), Nishati on 9 January (late), Kilimo never. The Dodoma
    regional office reports unasked on 4 January."""
    event = factories.event(edition=2, starts_on=datetime(2019, 1, 30).date(), ends_on=datetime(2019, 2, 1).date())
    fedha, afya, maji, nishati, kilimo = (reports.ministry(f"Wizara ya {name}") for name in (
        "Fedha", "Afya", "Maji", "Nishati", "Kilimo"))
    dodoma = reports.ministry("Ofisi ya Mkuu wa Mkoa Dodoma")
    call = reports.call(event, [fedha, afya, maji, nishati, kilimo], opens_at=utc(2, 5), deadline=utc(7, 14))
    submitted(call, fedha, utc(3, 6))  # 09:00 EAT on 3 January
    submitted(call, afya, utc(3, 20, 59))  # 23:59 EAT, still 3 January
    submitted(call, maji, utc(6, 21))  # 00:00 EAT on 7 January, before the deadline
    submitted(call, nishati, utc(9, 7), late=True)  # 10:00 EAT on 9 January
    submitted(call, dodoma, utc(4, 6))  # not asked to report
    return event


def test_submissions_per_day_on_time_and_late_against_those_required(meeting):
    figure = report_submissions(meeting)

    assert (figure.key, figure.chart) == ("report-submissions", "stacked")
    assert figure.header() == ["Day", "On time", "Late", "Submitted so far", "Required"]
    # From the opening (2 January) to the last submission (9 January, after the deadline).
    assert figure.rows() == [
        ["02/01", 0, 0, 0, 5],
        ["03/01", 2, 0, 2, 5],  # Fedha, Afya
        ["04/01", 0, 0, 2, 5],  # only the unasked regional office: not counted
        ["05/01", 0, 0, 2, 5],
        ["06/01", 0, 0, 2, 5],
        ["07/01", 1, 0, 3, 5],  # Maji at 00:00 EAT (21:00 UTC the day before)
        ["08/01", 0, 0, 3, 5],
        ["09/01", 0, 1, 4, 5],  # Nishati, late
    ]
    assert figure.totals() == [3, 1]
    assert figure.note == ("4 of 5 submitted, 1 did not; deadline 07/01/2019. "
                           "The report of 1 institution not asked to report is not counted.")


def test_the_days_run_to_the_deadline_when_every_report_is_in_before_it(meeting):
    db.session.execute(sa.delete(reports.ReportSubmission).where(
        reports.ReportSubmission.first_submitted_at > utc(6, 0)))
    db.session.commit()

    figure = report_submissions(meeting)

    assert figure.labels == ("02/01", "03/01", "04/01", "05/01", "06/01", "07/01")
    assert [row[-2] for row in figure.rows()] == [0, 2, 2, 2, 2, 2]  # Fedha and Afya only
    assert figure.note == ("2 of 5 submitted, 3 did not; deadline 07/01/2019. "
                           "The report of 1 institution not asked to report is not counted.")


def test_without_a_call_the_figure_is_empty_and_says_so(app_ctx, db_backend):
    figure = report_submissions(factories.event())

    assert figure.empty and figure.labels == ()
    assert figure.note == "There is no call for reports for this edition."


def queries(event_id: int) -> int:
    db.session.expire_all()
    event = db.session.get(Event, event_id)
    with counted_queries() as statements:
        report_submissions(event)
    return len(statements)


def test_a_fixed_number_of_queries_however_many_submissions(meeting):
    few = queries(meeting.id)
    call = db.session.scalar(sa.select(reports.ReportCall).where(reports.ReportCall.event_id == meeting.id))
    for n in range(4):
        ministry = reports.ministry(f"Wizara ya Ziada {n}")
        db.session.add(reports.ReportingInstitution(call_id=call.id, institution_id=ministry.id))
        submitted(call, ministry, utc(5, 6))

    # The call, then compliance's two tables.
    assert (few, queries(meeting.id)) == (3, 3)
