"""Attendance for the organisers: arrivals per day, group, hour and source; the no-shows; and
both as CSV and XLSX."""
from flask import Response, render_template, request, stream_with_context
from flask_babel import lazy_gettext as _l

from eventapp.checkin import bp
from eventapp.checkin.attendance import NoShowFilter, attendance_by_day, no_shows_page
from eventapp.checkin.attendance_exports import ARRIVAL_COLUMNS, NO_SHOW_COLUMNS, arrival_rows, no_show_rows
from eventapp.checkin.models import CheckinSource
from eventapp.core.clock import local_today
from eventapp.core.forms import int_or_none
from eventapp.core.roles import Role, role_required
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.exports import csv_lines, xlsx_bytes
from eventapp.registration.services.listing import filter_choices

organiser_only = role_required(Role.ORGANISER)
SOURCE_LABELS = {
    CheckinSource.DEVICE: _l("Gate device"),
    CheckinSource.SCANNER: _l("Scanner page"),
    CheckinSource.OFFLINE: _l("Scanner page, offline"),
    CheckinSource.MANUAL: _l("Found by name at the gate"),
    CheckinSource.WALK_IN: _l("Walk-in desk"),
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _no_show_filter() -> NoShowFilter:
    return NoShowFilter(
        group_id=int_or_none(request.args.get("group")),
        institution_id=int_or_none(request.args.get("institution")),
        text=(request.args.get("q") or "").strip()[:100],
    )


def _filter_args(filters: NoShowFilter) -> dict:
    """The filters as query arguments, for the pager and the export links."""
    args = {"group": filters.group_id, "institution": filters.institution_id, "q": filters.text}
    return {name: value for name, value in args.items() if value}


def _download(event: Event, what: str, extension: str) -> str:
    return f'attachment; filename="{what}-{event.edition}-{local_today().isoformat()}.{extension}"'


@bp.get("/manage/events/<int:event_id>/attendance")
@organiser_only
def attendance(event_id: int):
    """Per day: arrivals in total, per group against those expected, per hour (East Africa
    Time) and per source."""
    event = db.get_or_404(Event, event_id)
    return render_template("checkin/attendance.html", event=event, days=attendance_by_day(event),
                           today=local_today(), source_labels=SOURCE_LABELS)


@bp.get("/manage/events/<int:event_id>/attendance/no-shows")
@organiser_only
def no_shows(event_id: int):
    """Confirmed registrations never checked in on any day, filtered by group and institution,
    searched by name, a page at a time."""
    event = db.get_or_404(Event, event_id)
    filters = _no_show_filter()
    page = no_shows_page(event, filters, request.args.get("page", 1, type=int) or 1)
    return render_template("checkin/attendance_no_shows.html", event=event, page=page, filters=filters,
                           args=_filter_args(filters), choices=filter_choices(event))


def _csv(event: Event, name: str, columns, rows) -> Response:
    return Response(stream_with_context(csv_lines(columns, rows)), mimetype="text/csv",
                    headers={"Content-Disposition": _download(event, name, "csv")})


def _xlsx(event: Event, name: str, columns, rows, sheet: str) -> Response:
    return Response(xlsx_bytes(columns, rows, sheet), mimetype=XLSX,
                    headers={"Content-Disposition": _download(event, name, "xlsx")})


@bp.get("/manage/events/<int:event_id>/attendance/arrivals.csv")
@organiser_only
def export_arrivals_csv(event_id: int):
    """Every check-in as CSV, streamed while it is read in chunks."""
    event = db.get_or_404(Event, event_id)
    return _csv(event, "arrivals", ARRIVAL_COLUMNS, arrival_rows(event))


@bp.get("/manage/events/<int:event_id>/attendance/arrivals.xlsx")
@organiser_only
def export_arrivals_xlsx(event_id: int):
    """Every check-in as an XLSX workbook."""
    event = db.get_or_404(Event, event_id)
    return _xlsx(event, "arrivals", ARRIVAL_COLUMNS, arrival_rows(event), "Arrivals")


@bp.get("/manage/events/<int:event_id>/attendance/no-shows.csv")
@organiser_only
def export_no_shows_csv(event_id: int):
    """The filtered no-shows as CSV, streamed."""
    event = db.get_or_404(Event, event_id)
    return _csv(event, "no-shows", NO_SHOW_COLUMNS, no_show_rows(event, _no_show_filter()))


@bp.get("/manage/events/<int:event_id>/attendance/no-shows.xlsx")
@organiser_only
def export_no_shows_xlsx(event_id: int):
    """The filtered no-shows as an XLSX workbook."""
    event = db.get_or_404(Event, event_id)
    return _xlsx(event, "no-shows", NO_SHOW_COLUMNS, no_show_rows(event, _no_show_filter()), "No-shows")
