"""The meeting's resolutions: the committee's list (filtered by status), add and edit, status
changes, the XLSX export and the summary of progress reported on the resolutions carried into
an edition; the focal person's page to report their own institution's progress."""
from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.core.errors import DomainError
from eventapp.core.form_flow import act
from eventapp.core.forms import int_or_none, show_domain_error
from eventapp.core.i18n import safe_next
from eventapp.core.roles import Role, role_required
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.reports import bp
from eventapp.reports import resolution_progress as progress_rules
from eventapp.reports import resolutions as rules
from eventapp.reports.calls import call_of
from eventapp.reports.focal import institution_of
from eventapp.reports.models import Resolution, ResolutionStatus
from eventapp.reports.resolution_forms import ProgressForm, ResolutionForm, ResolutionStatusForm

committee = role_required(Role.REPORTS, Role.ORGANISER)
focal_only = role_required(Role.FOCAL)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _status() -> int:
    return 422 if request.method == "POST" else 200


def _status_filter() -> ResolutionStatus | None:
    return next((s for s in ResolutionStatus if s.value == request.args.get("status")), None)


def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


# --- the committee's pages ---------------------------------------------------------------


@bp.get("/manage/events/<int:event_id>/resolutions")
@committee
def resolutions(event_id: int):
    """The event's resolutions by number (?status= filters), with their owner, due date and
    status, a status change per resolution and the links to add one and to export them."""
    event = db.get_or_404(Event, event_id)
    status = _status_filter()
    listed = rules.list_resolutions(event, status)
    forms = {r.id: ResolutionStatusForm(formdata=None, prefix=f"s{r.id}", status=r.status.value,
                                        next=request.full_path) for r in listed}
    return _private(Response(render_template(
        "reports/resolutions.html", event=event, status=status, resolutions=listed, forms=forms,
        counts=rules.status_counts(event), STATUS_LABELS=rules.STATUS_LABELS, owner_label=rules.owner_label,
    )))


def _save(event: Event, resolution: Resolution | None):
    form = ResolutionForm(obj=resolution)
    if request.method == "GET" and resolution is not None:
        form.fill_from(resolution)
    if form.validate_on_submit():
        try:
            saved = rules.save_resolution(event, form.details(), resolution, actor_id=current_user.id)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Resolution %(number)d saved.", number=saved.number), "success")
            return redirect(url_for("reports.resolutions", event_id=event.id) + f"#resolution-{saved.id}")
    elif form.is_submitted():
        # The form stopped at its own checks; add the service's checks of the rest, so one
        # round shows every problem.
        for name, message in rules.resolution_problems(event, form.details()).items():
            field = getattr(form, name, None)
            if field is not None and not field.errors:
                field.errors = [message]
        flash(_("Please correct the marked fields."), "error")
    return render_template("reports/resolution_form.html", form=form, event=event, resolution=resolution,
                           next_number=None if resolution else rules.next_number(event)), _status()


@bp.route("/manage/events/<int:event_id>/resolutions/new", methods=["GET", "POST"])
@committee
def new_resolution(event_id: int):
    """Record a resolution of the meeting; it takes the next free number."""
    return _save(db.get_or_404(Event, event_id), None)


@bp.route("/manage/reports/resolutions/<int:resolution_id>/edit", methods=["GET", "POST"])
@committee
def edit_resolution(resolution_id: int):
    """Change a resolution's text, owner or due date."""
    resolution = db.get_or_404(Resolution, resolution_id)
    return _save(resolution.event, resolution)


@bp.post("/manage/reports/resolutions/<int:resolution_id>/status")
@committee
def resolution_status(resolution_id: int):
    """Set a resolution's status (open, in progress, done, dropped), then go back to the page
    the change was made from."""
    resolution = db.get_or_404(Resolution, resolution_id)
    form = ResolutionStatusForm(prefix=f"s{resolution.id}")
    target = safe_next(form.next.data, url_for("reports.resolutions", event_id=resolution.event_id))
    status = form.chosen()
    if not form.validate_on_submit() or status is None:
        flash(_("Choose one of the statuses."), "error")
        return redirect(target)
    return act(lambda: rules.change_status(resolution, status, actor_id=current_user.id),
               _("Resolution %(number)d is now %(status)s.", number=resolution.number,
                 status=rules.STATUS_LABELS[status]),
               target)


@bp.get("/manage/events/<int:event_id>/resolutions.xlsx")
@committee
def resolutions_xlsx(event_id: int):
    """The resolutions (filtered by ?status= as the list) as an XLSX workbook."""
    event = db.get_or_404(Event, event_id)
    status = _status_filter()
    headers = [_("No."), _("Resolution (Swahili)"), _("Resolution (English)"), _("Owner"), _("Due date"),
               _("Status")]
    data = rules.resolutions_xlsx(rules.list_resolutions(event, status), headers)
    name = f"resolutions-{event.edition}{'-' + status.value if status else ''}-{date.today().isoformat()}.xlsx"
    return _private(Response(data, mimetype=XLSX_TYPE,
                             headers={"Content-Disposition": f'attachment; filename="{name}"'}))


@bp.get("/manage/events/<int:event_id>/resolutions/progress")
@committee
def resolution_progress_summary(event_id: int):
    """Per resolution carried into the event: the progress each institution reported, who has
    not reported, and the resolution's own status with the form to change it."""
    event = db.get_or_404(Event, event_id)
    summary = progress_rules.progress_summary(event)
    forms = {item.resolution.id: ResolutionStatusForm(formdata=None, prefix=f"s{item.resolution.id}",
                                                      status=item.resolution.status.value, next=request.path)
             for item in summary}
    return _private(Response(render_template(
        "reports/resolution_progress_summary.html", event=event, summary=summary, forms=forms,
        has_call=call_of(event) is not None, STATUS_LABELS=rules.STATUS_LABELS,
        PROGRESS_LABELS=progress_rules.PROGRESS_LABELS, owner_label=rules.owner_label,
    )))


# --- the focal person's page -------------------------------------------------------------


@bp.route("/reports/events/<int:event_id>/resolutions", methods=["GET", "POST"])
@focal_only
def resolution_progress(event_id: int):
    """The resolutions carried into the event, each with the focal person's own institution's
    progress and the form to report it (never another institution's progress)."""
    event = db.get_or_404(Event, event_id)
    institution = institution_of(current_user)
    if institution is None:
        abort(403)
    posted_id, posted_form = None, None
    if request.method == "POST":
        posted_id = int_or_none(request.form.get("resolution_id"))
        if posted_id is None:
            abort(400)
        resolution = db.get_or_404(Resolution, posted_id)
        posted_form = ProgressForm(prefix=f"r{posted_id}")
        if posted_form.validate_on_submit():
            try:
                progress_rules.report_progress(resolution, event, institution, current_user,
                                               posted_form.chosen(), posted_form.note.data or "")
            except DomainError as error:
                db.session.rollback()
                show_domain_error(posted_form, error)
            else:
                flash(_("Your progress on resolution %(number)d is saved.", number=resolution.number), "success")
                return redirect(url_for("reports.resolution_progress", event_id=event.id)
                                + f"#resolution-{posted_id}")
        else:
            flash(_("Please correct the marked fields."), "error")
    carried = rules.resolutions_to_report_on(event)
    own = progress_rules.progress_of(event, institution)
    forms = {}
    for resolution in carried:
        if resolution.id == posted_id:
            forms[resolution.id] = posted_form
            continue
        row = own.get(resolution.id)
        forms[resolution.id] = ProgressForm(formdata=None, prefix=f"r{resolution.id}",
                                            status=row.status.value if row else None, note=row.note if row else "")
    return _private(Response(render_template(
        "reports/resolution_progress.html", event=event, institution=institution, resolutions=carried,
        forms=forms, own=own, STATUS_LABELS=rules.STATUS_LABELS, PROGRESS_LABELS=progress_rules.PROGRESS_LABELS,
        owner_label=rules.owner_label,
    ), _status()))
