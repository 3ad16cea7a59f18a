"""Focal persons: the committee appoints and removes them; a focal person sees their
institution's calls, submits its report (every version kept) and follows it. What a focal
person may see is decided in `access`; anything of another institution answers 404."""
import sqlalchemy as sa
from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.core.errors import DomainError
from eventapp.core.form_flow import submit as submit_form
from eventapp.core.forms import show_domain_error
from eventapp.core.roles import Role, role_required
from eventapp.extensions import db
from eventapp.registration.models import Institution
from eventapp.reports import access, bp, calls, focal, submissions
from eventapp.reports.forms import CALL_STATE_LABELS, STATUS_LABELS
from eventapp.reports.models import FocalPerson, ReportCall, ReportComment, ReportStatus
from eventapp.reports.submission_forms import submission_form
from eventapp.reports.views.calls import appoint_form, committee, render_manage_page

focal_only = role_required(Role.FOCAL)
focal_or_committee = role_required(Role.FOCAL, *access.COMMITTEE_ROLES)


def _private(response):
    """A ministry's report: never cached, never indexed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


# --- appointed by the committee ----------------------------------------------------------


@bp.post("/manage/reports/calls/<int:call_id>/institutions/<int:institution_id>/focal-persons")
@committee
def appoint_focal(call_id: int, institution_id: int):
    """Appoint a focal person of the institution (their account is created if need be and they
    are emailed); errors are shown beside that institution's form, with what was typed."""
    call = db.get_or_404(ReportCall, call_id)
    institution = db.get_or_404(Institution, institution_id)
    form = appoint_form(institution.id, formdata=request.form)
    done = submit_form(form, lambda: focal.appoint_focal_person(institution, form.email.data, form.full_name.data or "",
                                                                actor_id=current_user.id),
                       lambda appointed: _("%(name)s now reports for %(institution)s and has been emailed.",
                                           name=appointed.user.full_name, institution=institution.name),
                       url_for("reports.manage_call", event_id=call.event_id) + f"#institution-{institution.id}")
    return done or render_manage_page(call.event, call, sent_appoint=(institution.id, form))


@bp.post("/manage/reports/calls/<int:call_id>/focal-persons/<int:focal_id>/delete")
@committee
def remove_focal(call_id: int, focal_id: int):
    """Unlink a focal person from their institution and take the focal role away."""
    call = db.get_or_404(ReportCall, call_id)
    row = db.get_or_404(FocalPerson, focal_id)
    name, institution_id = row.user.full_name, row.institution_id
    focal.remove_focal_person(row, actor_id=current_user.id)
    flash(_("%(name)s no longer reports for the institution.", name=name), "success")
    return redirect(url_for("reports.manage_call", event_id=call.event_id) + f"#institution-{institution_id}")


# --- the focal person's pages ------------------------------------------------------------


@bp.get("/reports")
@focal_only
def my_report():
    """The focal person's institution and the calls it must report under, open ones first,
    each with its report's status; an explanation when the account is not linked yet."""
    institution = focal.institution_of(current_user)
    rows = submissions.calls_for(institution) if institution is not None else []
    return _private(make_response(render_template(
        "reports/my_report.html", institution=institution, rows=rows, call_state=submissions.call_state,
        CallState=submissions.CallState, CALL_STATE_LABELS=CALL_STATE_LABELS, STATUS_LABELS=STATUS_LABELS,
        ReportStatus=ReportStatus,
    )))


@bp.route("/reports/calls/<int:call_id>/submit", methods=["GET", "POST"])
@focal_only
def submit(call_id: int):
    """The report form: each section with its guidance, the sector institutions covered, the
    full report and the slides. Errors are shown beside the fields with everything typed kept."""
    institution = focal.institution_of(current_user)
    call = db.session.get(ReportCall, call_id)
    if institution is None or call is None or not calls.must_report(call, institution.id):
        abort(404)
    submission = submissions.submission_for(call, institution.id)
    previous = submissions.latest_version(submission)
    form = submission_form(call, submissions.sector_institutions(institution),
                           int(current_app.config["MAX_REPORT_BYTES"]), int(current_app.config["MAX_SLIDES_BYTES"]),
                           previous=previous, fill=request.method == "GET")
    if form.validate_on_submit():
        try:
            version = submissions.submit_report(call, institution, current_user, form.answers(call),
                                                form.covered.data, form.report_file.data, form.slides_file.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            message = _("Version %(number)d of the report is received; the focal persons have been emailed.",
                        number=version.number)
            if version.late:
                message += " " + _("It arrived after the deadline and is marked late.")
            flash(message, "success")
            return redirect(url_for("reports.submission", submission_id=version.submission_id))
    status = 422 if request.method == "POST" else 200
    return _private(make_response(render_template(
        "reports/submit.html", call=call, event=call.event, institution=institution, form=form,
        submission=submission, previous=previous, state=submissions.call_state(call),
        CallState=submissions.CallState, CALL_STATE_LABELS=CALL_STATE_LABELS, STATUS_LABELS=STATUS_LABELS,
        ReportStatus=ReportStatus, section_field=submissions.section_field,
    ), status))


@bp.get("/reports/submissions/<int:submission_id>")
@focal_or_committee
def submission(submission_id: int):
    """One institution's report: status, every version (when, late or not, by whom) with its
    files, the chosen version's text (?version=N, else the latest) and the comments shared with
    the ministry and reasons for a return. The committee sees the same page."""
    found = access.submission_or_404(submission_id, current_user)
    versions = found.versions
    if not versions:
        abort(404)
    wanted = request.args.get("version", type=int)
    shown = next((v for v in versions if v.number == wanted), versions[-1])
    comments = db.session.scalars(
        sa.select(ReportComment).where(ReportComment.submission_id == found.id,
                                       sa.or_(ReportComment.shared.is_(True), ReportComment.status.is_not(None)))
        .order_by(ReportComment.created_at, ReportComment.id)
    ).all()
    answers = {a.section_id: a.body for a in shown.answers}
    own = focal.institution_of(current_user)
    may_resubmit = (own is not None and own.id == found.institution_id and found.status is not ReportStatus.ACCEPTED
                    and submissions.call_state(found.call) in (submissions.CallState.OPEN,
                                                               submissions.CallState.LATE))
    return _private(make_response(render_template(
        "reports/submission.html", submission=found, call=found.call, event=found.call.event,
        institution=found.institution, versions=versions, shown=shown, answers=answers, comments=comments,
        STATUS_LABELS=STATUS_LABELS, may_resubmit=may_resubmit,
    )))
