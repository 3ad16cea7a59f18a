"""The reports committee's consolidation for the Group 2 session: the challenges and
recommendations of every report side by side, as a page (for a laptop, a projector or paper)
and as XLSX."""
from datetime import date

from flask import Response, abort, render_template, request
from flask_babel import gettext as _

from eventapp.core.i18n import localized
from eventapp.core.roles import Role, role_required
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.reports import bp
from eventapp.reports.consolidation import STATUS_LABELS, Consolidation, consolidate, consolidation_xlsx

committee = role_required(Role.REPORTS, Role.ORGANISER)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _accepted_only() -> bool:
    return request.args.get("accepted") == "1"


def _column_titles(consolidation: Consolidation) -> tuple[str, str]:
    """The two sections' titles as the call names them, else the standard ones."""
    challenges = consolidation.challenges_section
    recommendations = consolidation.recommendations_section
    return (localized(challenges, "title") if challenges else _("Challenges"),
            localized(recommendations, "title") if recommendations else _("Recommendations"))


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/manage/events/<int:event_id>/reports/consolidation")
@committee
def consolidation(event_id: int):
    """Challenges and recommendations of each institution's latest report, one row each;
    ?accepted=1 keeps only accepted reports."""
    event = db.get_or_404(Event, event_id)
    result = consolidate(event, accepted_only=_accepted_only())
    challenges_title, recommendations_title = _column_titles(result)
    return _no_store(Response(render_template(
        "reports/consolidation.html", event=event, consolidation=result, STATUS_LABELS=STATUS_LABELS,
        challenges_title=challenges_title, recommendations_title=recommendations_title,
    )))


@bp.get("/manage/events/<int:event_id>/reports/consolidation.xlsx", endpoint="consolidation_xlsx")
@committee
def consolidation_xlsx_export(event_id: int):
    """The same rows as an XLSX workbook (one row per institution, texts wrapped); 404 when the
    event has no call for reports."""
    event = db.get_or_404(Event, event_id)
    result = consolidate(event, accepted_only=_accepted_only())
    if result.call is None:
        abort(404)
    headers = [_("No."), _("Institution"), _("Status"), _("Version"), *_column_titles(result)]
    name = f"consolidation-{event.edition}-{'accepted' if result.accepted_only else 'submitted'}-" \
           f"{date.today().isoformat()}.xlsx"
    return _no_store(Response(consolidation_xlsx(result, headers), mimetype=XLSX_TYPE,
                              headers={"Content-Disposition": f'attachment; filename="{name}"'}))
