"""A focal person's report: the sections' text, the sector institutions it covers, the full
report and the slides, kept as numbered versions (1, 2, 3…) that are never overwritten.

`submit_report` is the one rule for submitting; it takes plain arguments, raises DomainError
(InvalidInput with a message per field) and commits its own work.
"""
import enum
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _

from eventapp.core import audit
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.models import utcnow
from eventapp.core.uploads import StoredFile, delete_upload, read_upload, store_bytes
from eventapp.extensions import db
from eventapp.registration.models import Institution
from eventapp.reports.models import (
    CoveredInstitution,
    FocalPerson,
    ReportAnswer,
    ReportCall,
    ReportingInstitution,
    ReportStatus,
    ReportSubmission,
    ReportVersion,
)
from eventapp.reports.sections import SECTOR_INSTITUTIONS

MAX_ANSWER = 30_000  # characters per section; well under the form-field limit of a request
REPORT_KINDS = {"pdf", "docx"}
SLIDES_KINDS = {"pdf", "pptx"}


class CallState(enum.Enum):
    UPCOMING = "upcoming"  # not open yet
    OPEN = "open"
    LATE = "late"  # past the deadline, before the hard deadline: accepted and marked late
    CLOSED = "closed"  # past the hard deadline


def call_state(call: ReportCall, now: datetime | None = None) -> CallState:
    now = now or utcnow()
    if now < call.opens_at:
        return CallState.UPCOMING
    if now <= call.deadline:
        return CallState.OPEN
    if call.hard_deadline is not None and now > call.hard_deadline:
        return CallState.CLOSED
    return CallState.LATE


def section_field(section_id: int) -> str:
    """The form field (and error key) of a section's text."""
    return f"section_{section_id}"


def sector_institutions(institution: Institution) -> list[Institution]:
    """The directory's reviewed institutions under `institution` (its sector institutions)."""
    return list(db.session.scalars(
        sa.select(Institution).where(Institution.parent_id == institution.id, Institution.reviewed.is_(True))
        .order_by(Institution.name)
    ))


def submission_for(call: ReportCall, institution_id: int) -> ReportSubmission | None:
    return db.session.scalar(sa.select(ReportSubmission).where(
        ReportSubmission.call_id == call.id, ReportSubmission.institution_id == institution_id))


def latest_version(submission: ReportSubmission | None) -> ReportVersion | None:
    if submission is None:
        return None
    return db.session.scalar(sa.select(ReportVersion).where(ReportVersion.submission_id == submission.id)
                             .order_by(ReportVersion.number.desc()).limit(1))


def calls_for(institution: Institution,
              now: datetime | None = None) -> list[tuple[ReportCall, ReportSubmission | None]]:
    """The calls `institution` must report under, with its submission to each: open calls
    first (nearest deadline first), then those past the deadline still accepting, upcoming
    ones, and closed ones (latest first)."""
    now = now or utcnow()
    calls = list(db.session.scalars(
        sa.select(ReportCall).join(ReportingInstitution, ReportingInstitution.call_id == ReportCall.id)
        .where(ReportingInstitution.institution_id == institution.id)
    ))
    submissions = {s.call_id: s for s in db.session.scalars(sa.select(ReportSubmission).where(
        ReportSubmission.institution_id == institution.id, ReportSubmission.call_id.in_([c.id for c in calls])))}
    rank = {CallState.OPEN: 0, CallState.LATE: 1, CallState.UPCOMING: 2, CallState.CLOSED: 3}

    def order(call: ReportCall):
        state = call_state(call, now)
        moment = call.deadline.timestamp()
        return rank[state], -moment if state is CallState.CLOSED else moment

    return [(call, submissions.get(call.id)) for call in sorted(calls, key=order)]


def _when(moment: datetime) -> str:
    return format_datetime(moment, "medium")


def _refuse_unless_allowed(call: ReportCall, institution: Institution, user, now: datetime) -> None:
    is_focal = db.session.scalar(sa.select(FocalPerson.id).where(
        FocalPerson.user_id == user.id, FocalPerson.institution_id == institution.id)) is not None
    if not is_focal:
        raise DomainError(_("Only a focal person of %(name)s may submit its report.", name=institution.name))
    required = db.session.scalar(sa.select(ReportingInstitution.id).where(
        ReportingInstitution.call_id == call.id, ReportingInstitution.institution_id == institution.id))
    if required is None:
        raise DomainError(_("%(name)s is not asked to report under this call.", name=institution.name))
    state = call_state(call, now)
    if state is CallState.UPCOMING:
        raise DomainError(_("The call for reports opens on %(when)s; submit from then.", when=_when(call.opens_at)))
    if state is CallState.CLOSED:
        raise DomainError(_("The final deadline (%(when)s) has passed; reports are no longer accepted. Contact the "
                            "reports committee.", when=_when(call.hard_deadline)))


def _read_file(file_storage, kinds: set[str], limit_key: str, field: str, errors: dict) -> tuple[bytes, str] | None:
    """The upload's bytes and kind, None when no file was chosen or (with the message in
    `errors`) when it is refused."""
    if file_storage is None or not getattr(file_storage, "filename", ""):
        return None
    try:
        return read_upload(file_storage, kinds, int(current_app.config[limit_key]), field=field)
    except DomainError as error:
        errors[field] = error.message
        return None


def _answer_problems(call: ReportCall, answers: dict[int, str], covered: set[int], errors: dict) -> dict[int, str]:
    texts = {}
    for section in call.sections:
        text = (answers.get(section.id) or "").replace("\r\n", "\n").strip()
        texts[section.id] = text
        field = section_field(section.id)
        if len(text) > MAX_ANSWER:
            errors[field] = _("At most %(n)d characters.", n=MAX_ANSWER)
        elif section.required and not text and not (section.code == SECTOR_INSTITUTIONS and covered):
            errors[field] = _("This section is required.")
    return texts


def submit_report(call: ReportCall, institution: Institution, user, answers: dict[int, str], covered_ids,
                  report_file, slides_file, now: datetime | None = None) -> ReportVersion:
    """Submit the institution's report under the call as its next version.

    Refused: before the call opens, after the hard deadline, by anyone not a focal person of
    the institution, for an institution not asked to report, and once the report is accepted.
    After the deadline (before the hard deadline) it is accepted and marked late. Every
    required section needs text (the sector institutions' section is also answered by ticking
    them); covered institutions must be the institution's own sector institutions. The full
    report (PDF or DOCX by content, within MAX_REPORT_BYTES) is required on the first version,
    the slides (PDF or PPTX, within MAX_SLIDES_BYTES) never; a version without a new file keeps
    the previous version's. A resubmission (after a return, or while submitted or under review)
    puts the report back to "submitted". The focal persons are emailed that it was received.
    """
    now = now or utcnow()
    _refuse_unless_allowed(call, institution, user, now)
    submission = submission_for(call, institution.id)
    if submission is not None and submission.status is ReportStatus.ACCEPTED:
        raise DomainError(_("This report has been accepted; it can no longer be changed."))
    errors: dict[str, str] = {}
    try:
        covered = {int(i) for i in covered_ids or ()}
    except (TypeError, ValueError):
        covered, errors["covered"] = set(), _("Choose only institutions under %(name)s.", name=institution.name)
    if covered - {i.id for i in sector_institutions(institution)}:
        errors["covered"] = _("Choose only institutions under %(name)s.", name=institution.name)
    texts = _answer_problems(call, answers or {}, covered, errors)
    report = _read_file(report_file, REPORT_KINDS, "MAX_REPORT_BYTES", "report_file", errors)
    slides = _read_file(slides_file, SLIDES_KINDS, "MAX_SLIDES_BYTES", "slides_file", errors)
    if report is None and "report_file" not in errors and latest_version(submission) is None:
        errors["report_file"] = _("Upload the full report (PDF or DOCX).")
    if errors:
        db.session.rollback()
        raise InvalidInput(errors)
    new_files: dict[str, StoredFile] = {}  # stored only now that everything is valid
    try:
        if report is not None:
            new_files["report"] = store_bytes(*report, report_file.filename)
        if slides is not None:
            new_files["slides"] = store_bytes(*slides, slides_file.filename)
        version = _record_version(call, institution, user, submission, texts, covered, new_files, now)
    except Exception:
        db.session.rollback()
        for item in new_files.values():
            delete_upload(item.name)
        raise
    from eventapp.reports.notifications import notify_report_received

    notify_report_received(version)
    return version


def _record_version(call, institution, user, submission, texts, covered, new_files: dict[str, StoredFile],
                    now: datetime) -> ReportVersion:
    """Write the version in one transaction; the number comes from one conditional UPDATE of
    version_count, so two submissions at the same moment never share a number."""
    if submission is None:
        try:
            with db.session.begin_nested():  # the other focal person may create it at the same moment
                submission = ReportSubmission(call_id=call.id, institution_id=institution.id, version_count=0,
                                              status=ReportStatus.SUBMITTED, first_submitted_at=now,
                                              last_submitted_at=now)
                db.session.add(submission)
        except sa.exc.IntegrityError:
            submission = submission_for(call, institution.id)
    counted = db.session.execute(
        sa.update(ReportSubmission)
        .where(ReportSubmission.id == submission.id, ReportSubmission.status != ReportStatus.ACCEPTED)
        .values(version_count=ReportSubmission.version_count + 1, last_submitted_at=now,
                status=ReportStatus.SUBMITTED)
        .execution_options(synchronize_session=False)
    ).rowcount
    if counted != 1:
        raise DomainError(_("This report has been accepted; it can no longer be changed."))
    number = db.session.scalar(sa.select(ReportSubmission.version_count).where(ReportSubmission.id == submission.id))
    previous = db.session.scalar(
        sa.select(ReportVersion).where(ReportVersion.submission_id == submission.id, ReportVersion.number < number)
        .order_by(ReportVersion.number.desc()).limit(1))
    report, slides = new_files.get("report"), new_files.get("slides")
    if report is None and previous is None:
        raise DomainError(_("Upload the full report (PDF or DOCX)."), field="report_file")
    version = ReportVersion(submission_id=submission.id, number=number, submitted_by_id=user.id, submitted_at=now,
                            late=now > call.deadline)
    if report is not None:
        version.report_file, version.report_name, version.report_size = report.name, report.original_name, report.size
    else:
        version.report_file, version.report_name = previous.report_file, previous.report_name
        version.report_size = previous.report_size
    if slides is not None:
        version.slides_file, version.slides_name, version.slides_size = slides.name, slides.original_name, slides.size
    elif previous is not None:
        version.slides_file, version.slides_name = previous.slides_file, previous.slides_name
        version.slides_size = previous.slides_size
    version.answers = [ReportAnswer(section_id=section_id, body=text) for section_id, text in texts.items()]
    version.covered = [CoveredInstitution(institution_id=i) for i in sorted(covered)]
    db.session.add(version)
    audit.record(user.id, "reports.submitted", f"report_submission:{submission.id}",
                 f"version {number}" + (" (late)" if version.late else ""))
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        raise DomainError(_("Another version was submitted at the same moment; please submit again.")) from None
    db.session.refresh(submission)
    return version
