"""The post-event report of an edition: a page with the headline numbers and tables I–III and a
choice of language, and the report itself as a PDF or an XLSX workbook in Swahili or English."""
from flask import Response, abort, render_template, request
from flask_babel import get_locale

from eventapp.core.roles import Role, role_required
from eventapp.dashboard import bp
from eventapp.dashboard.report_facts import LANGUAGES, post_event_facts
from eventapp.dashboard.report_pdf import report_pdf as render_report_pdf
from eventapp.dashboard.report_workbook import report_xlsx as render_report_xlsx
from eventapp.events.models import Event
from eventapp.extensions import db

organiser_only = role_required(Role.ORGANISER)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ui_language() -> str:
    language = str(get_locale() or "sw")
    return language if language in LANGUAGES else "sw"


def _requested_language() -> str:
    """`?lang=` of a download: sw or en; anything else is 404 (no guessing which was meant).
    Without it, the language of the interface."""
    language = request.args.get("lang", _ui_language())
    if language not in LANGUAGES:
        abort(404)
    return language


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store"})


@bp.get("/manage/events/<int:event_id>/report")
@organiser_only
def report(event_id: int):
    """The report's page: language choice, PDF and XLSX buttons, a preview of the headline
    numbers and tables I–III in the language of the interface. 404 for an unknown event."""
    event = db.get_or_404(Event, event_id)
    language = _ui_language()
    return render_template("dashboard/report.html", event=event, facts=post_event_facts(event, language),
                           language=language)


@bp.get("/manage/events/<int:event_id>/report.pdf")
@organiser_only
def report_pdf(event_id: int):
    """The report as an A4 PDF in `?lang=` (sw or en); 404 for another language or event."""
    event = db.get_or_404(Event, event_id)
    facts = post_event_facts(event, _requested_language())
    return _download(render_report_pdf(facts), "application/pdf", f"{facts.filename_stem}.pdf")


@bp.get("/manage/events/<int:event_id>/report.xlsx")
@organiser_only
def report_xlsx(event_id: int):
    """The report as an XLSX workbook (one sheet per section) in `?lang=`; 404 as the PDF."""
    event = db.get_or_404(Event, event_id)
    facts = post_event_facts(event, _requested_language())
    return _download(render_report_xlsx(facts), XLSX, f"{facts.filename_stem}.xlsx")
