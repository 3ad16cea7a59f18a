"""Emails to a ministry's focal persons from the reports committee: the reasons a report was
returned for changes, and the reminder to submit. Each focal person gets the message in their
own language. Sent after the commit; a mail failure is logged and never undoes the change."""
import logging

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from eventapp.auth.models import User
from eventapp.core.mail import send_email
from eventapp.core.urls import external_url
from eventapp.extensions import db
from eventapp.reports.models import FocalPerson, ReportCall, ReportSubmission

log = logging.getLogger(__name__)


def focal_recipients(institution_id: int) -> list[User]:
    """The active accounts reporting for the institution."""
    return list(db.session.scalars(
        sa.select(User).join(FocalPerson, FocalPerson.user_id == User.id)
        .where(FocalPerson.institution_id == institution_id, User.active).order_by(User.id)
    ))


def _send(user: User, subject, template: str, **context) -> bool:
    try:
        send_email(user.email, subject, template, language=user.locale or "sw", name=user.full_name, **context)
    except Exception:  # noqa: BLE001 — the change stands; the committee can tell the ministry again
        log.exception("Could not send %s email to %s", template, user.email)
        return False
    return True


def notify_returned(submission: ReportSubmission, reason: str) -> int:
    """Email the reasons for the return, with the link to the submission, to every focal
    person of the institution; returns how many were sent."""
    try:
        link = external_url("reports.submission", submission_id=submission.id)
    except Exception:  # noqa: BLE001 — the return stands; the reasons are on the ministry's page
        log.exception("Could not build the link to report submission %s", submission.id)
        return 0
    event = submission.call.event
    return sum(
        _send(user, _l("Your e-Government report was returned for changes"), "report_returned",
              submission=submission, institution=submission.institution, event=event, reason=reason, link=link)
        for user in focal_recipients(submission.institution_id)
    )


def notify_reminder(call: ReportCall, institution, recipients: list[User]) -> int:
    """Remind the institution's focal persons that its report is due; returns how many were sent."""
    link = external_url("reports.my_report")
    return sum(
        _send(user, _l("Reminder: submit your e-Government implementation report"), "report_reminder",
              call=call, event=call.event, institution=institution, link=link)
        for user in recipients
    )
