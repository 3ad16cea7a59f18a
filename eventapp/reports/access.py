"""Who may see a ministry's report: the one place that decides.

The reports committee (reports, organiser, admin) sees every institution's submissions,
versions and files; a focal person sees only those of the institution they report for;
everyone else sees nothing. Views ask here and answer 404 for anything not visible, so a
focal person cannot even learn that another ministry's report exists.
"""
import sqlalchemy as sa
from flask import abort

from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.reports.models import FocalPerson, ReportCall, ReportingInstitution, ReportSubmission, ReportVersion

COMMITTEE_ROLES = (Role.REPORTS, Role.ORGANISER)  # an administrator passes every role check too


def is_committee(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_any_role(*COMMITTEE_ROLES))


def _focal_institution_id(user) -> int | None:
    if user is None or not user.is_authenticated or not user.has_role(Role.FOCAL):
        return None
    return db.session.scalar(sa.select(FocalPerson.institution_id).where(FocalPerson.user_id == user.id))


def may_see_institution(user, institution_id: int) -> bool:
    """The committee, or a focal person of this institution."""
    if is_committee(user):
        return True
    own = _focal_institution_id(user)
    return own is not None and own == institution_id


def may_see_submission(user, submission: ReportSubmission) -> bool:
    return submission is not None and may_see_institution(user, submission.institution_id)


def may_see_version(user, version: ReportVersion) -> bool:
    return version is not None and may_see_submission(user, version.submission)


def may_download_template(user, call: ReportCall) -> bool:
    """The committee, and the focal persons of the institutions that must report under the call."""
    if is_committee(user):
        return True
    own = _focal_institution_id(user)
    return own is not None and db.session.scalar(sa.select(ReportingInstitution.id).where(
        ReportingInstitution.call_id == call.id, ReportingInstitution.institution_id == own)) is not None


def submission_or_404(submission_id: int, user) -> ReportSubmission:
    submission = db.session.get(ReportSubmission, submission_id)
    if not may_see_submission(user, submission):
        abort(404)
    return submission


def version_or_404(version_id: int, user) -> ReportVersion:
    version = db.session.get(ReportVersion, version_id)
    if not may_see_version(user, version):
        abort(404)
    return version


def call_template_or_404(call_id: int, user) -> ReportCall:
    call = db.session.get(ReportCall, call_id)
    if call is None or not may_download_template(user, call):
        abort(404)
    return call
