"""The ministries' implementation reports against the call's deadline: how many institutions
that must report first submitted on each day, on time or late, and how many had by then.

What counts as submitted and as late is compliance's rule (tables I and II): an institution
has submitted once it has a submission under the call, and it is late when its first version
was. The tables hold one row per institution (a few dozen), read in compliance's two queries.
"""
from collections import Counter
from datetime import date, timedelta
from itertools import accumulate

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from eventapp.core.clock import local
from eventapp.dashboard.figures import Figure, Series
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.reports.compliance import Compliance, compliance
from eventapp.reports.models import ReportCall


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _label(day: date, one_year: bool) -> str:
    return day.strftime("%d/%m") if one_year else day.strftime("%d/%m/%Y")


def _empty(note: str) -> Figure:
    return Figure(key="report-submissions", title=_("Ministries' reports against the deadline"), chart="stacked",
                  label_heading=_("Day"), labels=(), series=(Series(_("On time"), ()), Series(_("Late"), ())),
                  note=note)


def _note(tables: Compliance, deadline: date) -> str:
    note = _("%(submitted)s of %(required)s submitted, %(missing)s did not; deadline %(deadline)s.",
             submitted=tables.submitted_count, required=tables.required_count, missing=len(tables.missing),
             deadline=deadline.strftime("%d/%m/%Y"))
    unasked = len(tables.submitted) - tables.submitted_count
    if unasked:
        note += " " + ngettext("The report of %(num)s institution not asked to report is not counted.",
                               "The reports of %(num)s institutions not asked to report are not counted.", unasked)
    return note


def report_submissions(event: Event) -> Figure:
    """Per day from the call's opening (or the first submission, if earlier) to the deadline
    (or the last submission, if later), in East Africa Time: the institutions that must report
    and first submitted that day, on time and late, with the running total and the number that
    must report in the table. Without a call: an empty figure saying so."""
    call = db.session.scalar(sa.select(ReportCall).where(ReportCall.event_id == event.id))
    if call is None:
        return _empty(_("There is no call for reports for this edition."))
    tables = compliance(call)
    deadline = local(call.deadline).date()
    first_days = [(local(row.first_submitted_at).date(), row.late) for row in tables.submitted if row.required]
    submitted_on = [day for day, _late in first_days]
    start = min([local(call.opens_at).date(), *submitted_on])
    end = max([deadline, *submitted_on])
    days = _days(start, end)
    per_day = Counter(first_days)
    on_time = tuple(per_day[(day, False)] for day in days)
    late = tuple(per_day[(day, True)] for day in days)
    cumulative = tuple(accumulate(a + b for a, b in zip(on_time, late)))
    one_year = start.year == end.year
    return Figure(
        key="report-submissions",
        title=_("Ministries' reports against the deadline"),
        chart="stacked",
        label_heading=_("Day"),
        labels=tuple(_label(day, one_year) for day in days),
        series=(Series(_("On time"), on_time, "#1f6f43"), Series(_("Late"), late, "#b5531c")),
        note=_note(tables, deadline),
        extra=(Series(_("Submitted so far"), cumulative),
               Series(_("Required"), tuple(tables.required_count for _day in days))),
    )
