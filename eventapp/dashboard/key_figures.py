"""An edition's key figures: the handful of numbers on top of its dashboard and in the editions
side by side. Each comes from the service that owns its rule (who is a participant, what a bill
collected, who has reported, which entries are selected, what a sponsor paid); this module only
gathers them.

Fees are the participants' fees as the fee figures count them (`finance_by_category`, in the
main currency), so the card and the figure's totals agree; a sponsor's pledge bill is not a fee
and shows under the sponsors. Certificates are the valid ones (`certificates.listing.valid_per_type`,
one grouped count; not `summaries`, which also works out who qualifies from every registration).

Fifteen small queries whatever the size of the edition; nothing here loads registrations or
check-ins as rows.
"""
from dataclasses import dataclass

import sqlalchemy as sa

from eventapp.certificates.listing import valid_per_type
from eventapp.checkin.models import Checkin
from eventapp.dashboard.fee_figures import main_currency
from eventapp.dashboard.participants import participants_by_category, participants_total, status_totals
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.innovations import calls as innovation_calls
from eventapp.innovations.awards import awards_by_entry, awards_of
from eventapp.innovations.models import EntryStatus
from eventapp.innovations.selection import selected_count
from eventapp.registration.models import RegistrationStatus
from eventapp.registration.models.registrations import ENDED
from eventapp.registration.services.finance import finance_by_category
from eventapp.reports import resolutions
from eventapp.reports.calls import call_of as report_call_of
from eventapp.reports.compliance import compliance
from eventapp.sponsors.figures import pledged_vs_paid

PENDING = (RegistrationStatus.PENDING_APPROVAL, RegistrationStatus.PENDING_PAYMENT)


@dataclass(frozen=True)
class KeyFigures:
    """None where the edition has no call (for ministries' reports or for innovations)."""

    participants: int
    participants_by_group: dict[int, int]  # group number → participants (every group with a category)
    pending: int  # waiting for approval or for payment
    waitlisted: int
    cancelled_or_rejected: int
    currency: str  # of the fees: the one most participants were billed in (TZS)
    fees_billed: int  # participants' fees only: a sponsor's pledge bill is not a fee
    fees_collected: int
    fees_outstanding: int
    arrived: int  # people checked in at least once
    checkins: int  # check-ins in total (one per person per day)
    reports_submitted: int | None  # of the institutions that must report
    reports_required: int | None
    entries_submitted: int | None  # withdrawn entries not counted
    entries_exhibition: int | None
    entries_presenting: int | None
    entries_awarded: int | None  # entries with at least one award
    sponsors: int  # committed sponsors (prospects, declined and withdrawn not counted)
    sponsors_pledged: int
    sponsors_paid: int
    certificates: int  # issued and not revoked
    resolutions: int


def _participants_by_group(event: Event) -> dict[int, int]:
    groups: dict[int, int] = {}
    for row in participants_by_category(event):
        groups[row.group_number] = groups.get(row.group_number, 0) + row.participants
    return groups


def _checkins(event: Event) -> tuple[int, int]:
    arrived, total = db.session.execute(
        sa.select(sa.func.count(sa.distinct(Checkin.registration_id)), sa.func.count(Checkin.id))
        .where(Checkin.event_id == event.id)
    ).one()
    return arrived or 0, total or 0


def _reports(event: Event) -> tuple[int | None, int | None]:
    call = report_call_of(event)
    if call is None:
        return None, None
    tables = compliance(call)
    return tables.submitted_count, tables.required_count


def _entries(event: Event) -> tuple[int | None, int | None, int | None, int | None]:
    call = innovation_calls.call_of(event)
    if call is None:
        return None, None, None, None
    by_status = innovation_calls.status_counts(call)
    submitted = sum(n for status, n in by_status.items() if status is not EntryStatus.WITHDRAWN)
    exhibition, presenting = selected_count(call)
    return submitted, exhibition, presenting, len(awards_by_entry(awards_of(call)))


def key_figures(event: Event) -> KeyFigures:
    """The edition's key figures (see KeyFigures), each from the service owning its rule."""
    statuses = status_totals(event)
    fee_rows = finance_by_category(event)
    currency = main_currency(fee_rows)
    fees = [row for row in fee_rows if row.currency == currency]
    arrived, checkins = _checkins(event)
    reports_submitted, reports_required = _reports(event)
    entries_submitted, exhibition, presenting, awarded = _entries(event)
    packages = pledged_vs_paid(event)
    return KeyFigures(
        participants=participants_total(event),
        participants_by_group=_participants_by_group(event),
        pending=sum(statuses.get(s, 0) for s in PENDING),
        waitlisted=statuses.get(RegistrationStatus.WAITLISTED, 0),
        cancelled_or_rejected=sum(statuses.get(s, 0) for s in ENDED),
        currency=currency,
        fees_billed=sum(row.billed for row in fees),
        fees_collected=sum(row.collected for row in fees),
        fees_outstanding=sum(row.outstanding for row in fees),
        arrived=arrived,
        checkins=checkins,
        reports_submitted=reports_submitted,
        reports_required=reports_required,
        entries_submitted=entries_submitted,
        entries_exhibition=exhibition,
        entries_presenting=presenting,
        entries_awarded=awarded,
        sponsors=sum(p.sponsors for p in packages),
        sponsors_pledged=sum(p.pledged for p in packages),
        sponsors_paid=sum(p.paid for p in packages),
        certificates=sum(valid_per_type(event).values()),
        resolutions=sum(resolutions.status_counts(event).values()),
    )
