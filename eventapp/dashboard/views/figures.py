"""The dashboard of an edition: its key figures, then one section's figures (registrations,
fees, arrivals, ministries' reports, innovations, sponsors: a tab each, so that every page
stays quick at tens of thousands of registrations), each as a chart with its table and CSV/XLSX
links; and one figure as a download."""
import sqlalchemy as sa
from flask import Response, abort, redirect, render_template, url_for

from eventapp.core.clock import local_today
from eventapp.core.roles import Role, role_required
from eventapp.dashboard import bp
from eventapp.dashboard.catalogue import SECTIONS, Section, build_section, builder
from eventapp.dashboard.figure_exports import figure_csv, figure_xlsx
from eventapp.dashboard.key_figures import key_figures
from eventapp.events.models import Event
from eventapp.extensions import db

organiser_only = role_required(Role.ORGANISER)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/manage/dashboard")
@organiser_only
def latest():
    """The dashboard of the latest edition (by its dates), or a page saying there is none."""
    event = db.session.scalar(sa.select(Event).order_by(Event.starts_on.desc(), Event.edition.desc()).limit(1))
    if event is None:
        return render_template("dashboard/no_events.html")
    return redirect(url_for("dashboard.index", event_id=event.id))


# The first section is the dashboard's own page; the others have a page each.
OTHER_SECTIONS = ",".join(section.key for section in SECTIONS[1:])


def _page(event_id: int, section: Section):
    event = db.get_or_404(Event, event_id)
    editions = db.session.execute(sa.select(Event.id, Event.edition, Event.starts_on).order_by(Event.edition)).all()
    return render_template("dashboard/index.html", event=event, sections=SECTIONS, section=section,
                           figures=build_section(section, event), key=key_figures(event), editions=editions)


@bp.get("/manage/events/<int:event_id>/dashboard")
@organiser_only
def index(event_id: int):
    return _page(event_id, SECTIONS[0])


@bp.get(f"/manage/events/<int:event_id>/dashboard/<any({OTHER_SECTIONS}):section_key>")
@organiser_only
def section(event_id: int, section_key: str):
    return _page(event_id, next(s for s in SECTIONS if s.key == section_key))


@bp.get("/manage/events/<int:event_id>/dashboard/<key>.<extension>")
@organiser_only
def export(event_id: int, key: str, extension: str):
    """One figure's table as CSV or XLSX; an unknown figure or format is 404."""
    event = db.get_or_404(Event, event_id)
    build = builder(key)
    if build is None or extension not in ("csv", "xlsx"):
        abort(404)
    figure = build(event)
    filename = f"{key}-{event.edition}-{local_today().isoformat()}.{extension}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if extension == "csv":
        return Response(figure_csv(figure), mimetype="text/csv", headers=headers)
    return Response(figure_xlsx(figure), mimetype=XLSX, headers=headers)
