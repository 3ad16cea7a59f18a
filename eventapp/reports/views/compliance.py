"""Compliance with the call for reports: who has submitted and who has not (tables I and II),
as a page, a PDF and an XLSX workbook, and the button that reminds those who have not.
Committee only (reports committee and organisers)."""
import io
from datetime import date

from flask import abort, flash, make_response, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.core.roles import Role, role_required
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.jobs.runner import enqueue
from eventapp.reports import bp
from eventapp.reports.calls import call_of
from eventapp.reports.compliance import compliance as compliance_of
from eventapp.reports.compliance_documents import compliance_xlsx, counts_line, render_compliance_pdf, table_titles
from eventapp.reports.forms import STATUS_LABELS
from eventapp.reports.reminder_jobs import reminder_params
from eventapp.reports.reminders import call_is_open

committee = role_required(Role.REPORTS, Role.ORGANISER)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _private(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _call_or_404(event: Event):
    call = call_of(event)
    if call is None:
        abort(404)
    return call


def _file_name(event: Event, extension: str) -> str:
    return f"reports-compliance-{event.edition}-{date.today().isoformat()}.{extension}"


@bp.get("/manage/events/<int:event_id>/reports/compliance")
@committee
def compliance(event_id: int):
    """Tables I and II with the counts ("16 of 22 submitted"), the exports and the reminder button."""
    event = db.get_or_404(Event, event_id)
    call = call_of(event)
    report = compliance_of(call) if call is not None else None
    return _private(make_response(render_template(
        "reports/compliance.html", event=event, call=call, report=report, titles=table_titles(),
        counts=counts_line(report) if report else "", STATUS_LABELS=STATUS_LABELS,
        call_open=call is not None and call_is_open(call),
    )))


@bp.get("/manage/events/<int:event_id>/reports/compliance.pdf")
@committee
def compliance_pdf(event_id: int):
    """Tables I and II as an A4 PDF in the reader's language."""
    event = db.get_or_404(Event, event_id)
    data = render_compliance_pdf(compliance_of(_call_or_404(event)))
    return _private(send_file(io.BytesIO(data), mimetype="application/pdf", download_name=_file_name(event, "pdf")))


@bp.get("/manage/events/<int:event_id>/reports/compliance.xlsx", endpoint="compliance_xlsx")
@committee
def compliance_xlsx_export(event_id: int):
    """Tables I and II as an XLSX workbook, one sheet each."""
    event = db.get_or_404(Event, event_id)
    data = compliance_xlsx(compliance_of(_call_or_404(event)))
    return _private(send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True,
                              download_name=_file_name(event, "xlsx")))


@bp.post("/manage/events/<int:event_id>/reports/reminders", endpoint="send_reminders")
@committee
def send_reminders_now(event_id: int):
    """Email the focal persons of the institutions that have not submitted (once a day each),
    as a background job; its page ends with who was reminded. A closed call is refused here."""
    event = db.get_or_404(Event, event_id)
    call = _call_or_404(event)
    if not call_is_open(call):
        flash(_("The call for reports is not open, so no reminder was sent."), "error")
        return redirect(url_for("reports.compliance", event_id=event.id))
    job = enqueue("reports.reminders", reminder_params(call, current_user.id), current_user.id)
    return redirect(url_for("jobs.status", job_id=job.id))
