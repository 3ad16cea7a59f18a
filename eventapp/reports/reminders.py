"""Reminder emails to the institutions that must report and have not, never twice in a day to
one institution: the reminder row (unique per call, institution and day) is written and
committed first, one institution per transaction, and the emails go out only when that write
succeeded. Two organisers pressing the button at once, or the button and the nightly
command, therefore send one reminder between them."""
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from eventapp.auth.models import User
from eventapp.core import audit
from eventapp.core.clock import local_today
from eventapp.core.errors import DomainError
from eventapp.core.models import utcnow
from eventapp.extensions import db
from eventapp.registration.models import Institution
from eventapp.reports.models import (
    FocalPerson,
    ReportCall,
    ReportingInstitution,
    ReportReminder,
    ReportSubmission,
)


@dataclass
class ReminderSummary:
    """What one round of reminders did, by institution name."""

    sent: list[str] = field(default_factory=list)
    already_reminded: list[str] = field(default_factory=list)  # reminded earlier the same day
    without_focal_person: list[str] = field(default_factory=list)
    emails: int = 0


def call_is_open(call: ReportCall, now=None) -> bool:
    """Opened, and its last deadline (the hard one, else the deadline) not yet passed."""
    now = now or utcnow()
    return call.opens_at <= now < (call.hard_deadline or call.deadline)


def open_calls() -> list[ReportCall]:
    """Every call open now, by edition."""
    from eventapp.events.models import Event

    now = utcnow()
    return list(db.session.scalars(
        sa.select(ReportCall).join(Event, Event.id == ReportCall.event_id)
        .where(ReportCall.opens_at <= now,
               sa.func.coalesce(ReportCall.hard_deadline, ReportCall.deadline) > now)
        .order_by(Event.edition)
    ))


def calls_to_remind(edition: int | None = None) -> list[ReportCall]:
    """The call of that edition, or every open call; DomainError when the edition has no call."""
    from eventapp.events.models import Event

    if edition is None:
        return open_calls()
    call = db.session.scalar(sa.select(ReportCall).join(Event, Event.id == ReportCall.event_id)
                             .where(Event.edition == edition))
    if call is None:
        raise DomainError(_("Edition %(n)d has no call for reports.", n=edition))
    return [call]


def _pending(call_id: int) -> list[tuple[int, str]]:
    """(id, name) of the institutions that must report under the call and have not."""
    submitted = sa.exists().where(ReportSubmission.call_id == call_id,
                                  ReportSubmission.institution_id == Institution.id)
    return list(db.session.execute(
        sa.select(Institution.id, Institution.name)
        .join(ReportingInstitution, ReportingInstitution.institution_id == Institution.id)
        .where(ReportingInstitution.call_id == call_id, ~submitted).order_by(Institution.name, Institution.id)
    ).tuples())


def _recipients(institution_ids: list[int]) -> dict[int, list[int]]:
    """The ids of the active focal persons of each institution."""
    found: dict[int, list[int]] = {}
    rows = db.session.execute(
        sa.select(FocalPerson.institution_id, User.id).join(User, User.id == FocalPerson.user_id)
        .where(FocalPerson.institution_id.in_(institution_ids), User.active).order_by(User.id)
    )
    for institution_id, user_id in rows:
        found.setdefault(institution_id, []).append(user_id)
    return found


def _claim(call_id: int, institution_id: int, today: date, recipients: int, actor_id: int | None) -> bool:
    """Write today's reminder row for the institution in a transaction of its own; False when
    another request (or an earlier press today) wrote it first."""
    db.session.add(ReportReminder(call_id=call_id, institution_id=institution_id, sent_on=today,
                                  recipients=recipients, sent_by_id=actor_id))
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return False
    return True


def send_reminders(call: ReportCall, actor_id: int | None = None, today: date | None = None) -> ReminderSummary:
    """Email the focal persons of every institution that must report under the call and has
    not submitted, at most once a day per institution.

    Institutions without a focal person are listed back and get no reminder row, so a focal
    person added later the same day can still be reminded. Refused when the call is not open.
    """
    from eventapp.reports.review_notifications import notify_reminder

    if not call_is_open(call):
        raise DomainError(_("The call for reports is not open, so no reminder was sent."))
    today = today or local_today()
    call_id = call.id
    pending = _pending(call_id)
    recipients = _recipients([institution_id for institution_id, _name in pending])
    summary = ReminderSummary()
    for institution_id, name in pending:
        user_ids = recipients.get(institution_id, [])
        if not user_ids:
            summary.without_focal_person.append(name)
        elif not _claim(call_id, institution_id, today, len(user_ids), actor_id):
            summary.already_reminded.append(name)
        else:
            summary.sent.append(name)
            users = list(db.session.scalars(sa.select(User).where(User.id.in_(user_ids)).order_by(User.id)))
            summary.emails += notify_reminder(db.session.get(ReportCall, call_id),
                                              db.session.get(Institution, institution_id), users)
    if summary.sent:
        audit.record(actor_id, "reports.reminders_sent", f"report_call:{call_id}",
                     f"{len(summary.sent)} institution(s) on {today.isoformat()}")
        db.session.commit()
    return summary
