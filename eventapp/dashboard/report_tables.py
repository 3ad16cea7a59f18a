"""Tables I, II and III of the post-event report, as the 2019 report lays them out: the
ministries that submitted their implementation report and those that did not (from the call's
compliance), and the institutions that submitted research and innovation entries.

Plain values only: the PDF, the workbook and the page all read the same rows.
"""
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from babel.dates import format_date

from eventapp.core.clock import event_timezone
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.innovations.calls import call_of as innovation_call_of
from eventapp.innovations.models import Entry, EntryStatus
from eventapp.registration.models import Institution
from eventapp.reports.calls import call_of as report_call_of
from eventapp.reports.compliance import compliance
from eventapp.reports.models import ReportingInstitution

# The titles the 2019 report gave its third table, in each language (tables I and II take
# theirs from the compliance documents, which print the same tables).
TABLE_III_TITLES = {
    "sw": "Jedwali Na.3 Taasisi zilizowasilisha Tafiti /Bunifu",
    "en": "Table III: Institutions that submitted research and innovation entries",
}


@dataclass(frozen=True)
class MinistryLine:
    number: int
    name: str
    submitted_on: date | None = None  # table I only: the first submission, East Africa Time
    submitted_text: str = ""


@dataclass(frozen=True)
class MinistryReports:
    """Tables I and II; `has_call` is False for an edition that asked for no reports."""

    has_call: bool
    submitted: tuple[MinistryLine, ...] = ()
    missing: tuple[MinistryLine, ...] = ()
    submitted_count: int = 0  # of the institutions that had to report
    required_count: int = 0


@dataclass(frozen=True)
class EntryLine:
    number: int
    institution: str
    title: str
    exhibited: bool
    presented: bool


@dataclass(frozen=True)
class Innovations:
    """Table III with its counts; `has_call` is False for an edition without a competition."""

    has_call: bool
    entries: tuple[EntryLine, ...] = ()
    eligible: int = 0
    exhibited: int = 0
    presented: int = 0

    @property
    def submitted(self) -> int:
        return len(self.entries)


def _call_order(call_id: int) -> dict[int, int]:
    """Institution id -> its place in the call's list of those that must report (the order the
    organisers entered them; the 2019 demo keeps the report's own order that way)."""
    rows = db.session.execute(
        sa.select(ReportingInstitution.institution_id)
        .where(ReportingInstitution.call_id == call_id).order_by(ReportingInstitution.id)
    ).scalars()
    return {institution_id: place for place, institution_id in enumerate(rows)}


def ministry_reports(event: Event, language: str) -> MinistryReports:
    """Tables I and II from `reports.compliance.compliance(call)`, reordered as the call lists
    the institutions that must report (an institution that reported unasked comes last, by
    name) and numbered from 1; table I with the date each first submitted."""
    call = report_call_of(event)
    if call is None:
        return MinistryReports(has_call=False)
    report = compliance(call)
    order = _call_order(call.id)
    last = len(order)

    def place(institution: Institution) -> tuple[int, str]:
        return order.get(institution.id, last), institution.name

    zone = event_timezone()
    submitted = []
    for number, row in enumerate(sorted(report.submitted, key=lambda r: place(r.institution)), start=1):
        day = row.first_submitted_at.astimezone(zone).date()
        submitted.append(MinistryLine(number, row.institution.name, day, format_date(day, "d MMM y", locale=language)))
    missing = [MinistryLine(number, row.institution.name)
               for number, row in enumerate(sorted(report.missing, key=lambda r: place(r.institution)), start=1)]
    return MinistryReports(has_call=True, submitted=tuple(submitted), missing=tuple(missing),
                           submitted_count=report.submitted_count, required_count=report.required_count)


def innovations(event: Event) -> Innovations:
    """Table III: every entry submitted to the edition's call and not withdrawn, in the order
    the entries were recorded (their submission), with its institution and title, marked when
    selected for the exhibition and when presented; one query."""
    call = innovation_call_of(event)
    if call is None:
        return Innovations(has_call=False)
    rows = db.session.execute(
        sa.select(Institution.name, Entry.title, Entry.status, Entry.exhibition, Entry.presenting)
        .join(Institution, Institution.id == Entry.institution_id)
        .where(Entry.call_id == call.id, Entry.status != EntryStatus.WITHDRAWN)
        .order_by(Entry.id)
    ).all()
    entries = tuple(EntryLine(number, institution, title, bool(exhibited), bool(presenting))
                    for number, (institution, title, _status, exhibited, presenting) in enumerate(rows, start=1))
    return Innovations(
        has_call=True, entries=entries,
        eligible=sum(1 for row in rows if row.status is EntryStatus.ELIGIBLE),
        exhibited=sum(1 for e in entries if e.exhibited),
        presented=sum(1 for e in entries if e.presented),
    )
