"""The reports committee's review pages: the list of submissions under an event's call, and
one submission with its versions, sections, downloads, comments, status and presentation
slot. Committee only (reports committee and organisers)."""
from flask import make_response, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.core.errors import DomainError
from eventapp.core.form_flow import act, submit
from eventapp.core.i18n import localized
from eventapp.core.roles import Role, role_required
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.programme.models import ProgrammeItem
from eventapp.programme.wording import time_range
from eventapp.reports import bp
from eventapp.reports import review as rules  # not `review`: that is the page's view
from eventapp.reports.calls import call_of
from eventapp.reports.forms import STATUS_LABELS
from eventapp.reports.models import ReportStatus, ReportSubmission
from eventapp.reports.review_forms import CommentForm, ReviewFilterForm, SlotForm, StatusForm, status_or_none

committee = role_required(Role.REPORTS, Role.ORGANISER)


def _private(response):
    """Pages with a ministry's report: never cached, never indexed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _review_url(submission: ReportSubmission, anchor: str = "") -> str:
    return url_for("reports.review", submission_id=submission.id) + (f"#{anchor}" if anchor else "")


@bp.get("/manage/events/<int:event_id>/reports/submissions")
@committee
def review_list(event_id: int):
    """The call's submissions, filtered by ?status= and searched by institution (?q=), a page of 25."""
    event = db.get_or_404(Event, event_id)
    call = call_of(event)
    form = ReviewFilterForm(request.args)
    form.validate()
    status = form.chosen_status()
    text = "" if form.q.errors else (form.q.data or "")
    page = late = counts = None
    if call is not None:
        page = rules.review_page(call, status, text, request.args.get("page", 1, type=int) or 1)
        late = rules.late_submissions([s.id for s in page.items])
        counts = rules.status_counts(call)
    args = {k: v for k, v in (("q", text), ("status", status.value if status else "")) if v}
    return _private(make_response(render_template(
        "reports/review_list.html", event=event, call=call, form=form, page=page, late=late, counts=counts,
        args=args, STATUS_LABELS=STATUS_LABELS,
    )))


def _slot_label(item: ProgrammeItem) -> str:
    return f"{format_date(item.day.date, 'medium')} {time_range(item)} · {localized(item, 'title')}"


def _render_review(submission: ReportSubmission, comment_form=None, status_form=None, slot_form=None,
                   code: int = 200):
    comment_form = comment_form or CommentForm(formdata=None)
    status_form = status_form or StatusForm(formdata=None)
    status_form.set_choices(rules.allowed_statuses(submission))
    slot_form = slot_form or SlotForm(formdata=None)
    slot_form.set_choices([(item.id, _slot_label(item)) for item in rules.presentation_choices(submission)])
    versions = rules.versions_of(submission)
    response = make_response(render_template(
        "reports/review_submission.html", submission=submission, call=submission.call, event=submission.call.event,
        versions=versions, rows=rules.section_rows(submission, versions), comments=rules.comments_of(submission),
        coverage=rules.coverage(submission, versions[0] if versions else None),
        comment_form=comment_form, status_form=status_form, slot_form=slot_form,
        STATUS_LABELS=STATUS_LABELS,
    ), code)
    return _private(response)


@bp.get("/manage/reports/submissions/<int:submission_id>/review")
@committee
def review(submission_id: int):
    """One submission: the latest version's sections beside the previous version's where they
    changed, every version with its files, comments, the status and the presentation slot."""
    return _render_review(db.get_or_404(ReportSubmission, submission_id))


@bp.post("/manage/reports/submissions/<int:submission_id>/comments")
@committee
def review_comment(submission_id: int):
    """Add a comment (kept within the committee unless shared with the ministry)."""
    submission = db.get_or_404(ReportSubmission, submission_id)
    form = CommentForm()
    done = submit(form,
                  lambda: rules.add_comment(submission, current_user, form.body.data or "", bool(form.shared.data)),
                  _("Comment added."), _review_url(submission, "comments"))
    return done or _render_review(submission, comment_form=form, code=422)


@bp.post("/manage/reports/submissions/<int:submission_id>/status")
@committee
def review_status(submission_id: int):
    """Change the report's status; returning it needs the reasons, which are emailed."""
    submission = db.get_or_404(ReportSubmission, submission_id)
    form = StatusForm()

    def change() -> ReportStatus:
        status = status_or_none(form.status.data)
        if status is None:
            raise DomainError(_("Choose the new status."), field="status")
        rules.change_status(submission, status, current_user, form.reason.data or "")
        return status

    done = submit(form, change, lambda status: _("The report is now: %(status)s.", status=STATUS_LABELS[status]),
                  _review_url(submission, "review-status"))
    return done or _render_review(submission, status_form=form, code=422)


@bp.post("/manage/reports/submissions/<int:submission_id>/slot")
@committee
def review_link_slot(submission_id: int):
    """Link the accepted report to its presentation slot in the programme."""
    submission = db.get_or_404(ReportSubmission, submission_id)
    form = SlotForm()

    def link() -> None:
        item_id = form.programme_item_id.data
        rules.link_presentation(submission, db.session.get(ProgrammeItem, item_id) if item_id else None, current_user)

    done = submit(form, link, _("The report is linked to its presentation slot."), _review_url(submission, "slot"))
    return done or _render_review(submission, slot_form=form, code=422)


@bp.post("/manage/reports/submissions/<int:submission_id>/slot/unlink")
@committee
def review_unlink_slot(submission_id: int):
    """Free the report's presentation slot."""
    submission = db.get_or_404(ReportSubmission, submission_id)
    return act(lambda: rules.unlink_presentation(submission, current_user),
               _("The presentation slot is free again."), _review_url(submission, "slot"))
