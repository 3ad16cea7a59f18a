"""After registering: the registrant's signed link, corrections, cancelling, approval and the
waiting list."""
from collections.abc import Callable

import sqlalchemy as sa
from flask_babel import gettext as _

from eventapp.core import audit
from eventapp.core.clock import local_now
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.tokens import TokenInvalid, make_token, read_token
from eventapp.extensions import db
from eventapp.registration.models import Bill, BillStatus, Gender, ParticipantCategory, Registration, RegistrationStatus
from eventapp.registration.models.registrations import ENDED, PLACE_HOLDING
from eventapp.registration.services import billing, institutions
from eventapp.registration.services.registering import (
    ParticipantDetails,
    bill_registration,
    check_details,
    email_taken,
    registration_is_open,
    release_place,
    status_after_place,
    take_places,
)

LINK_PURPOSE = "registrant-link"


def registrant_token(registration: Registration) -> str:
    """The signed token in the registrant's link (no account needed)."""
    return make_token(LINK_PURPOSE, registration.reference)


def registration_for_token(token: str) -> Registration:
    try:
        reference = read_token(LINK_PURPOSE, token)
    except TokenInvalid:
        raise DomainError(_("This link is not valid. Check that you copied all of it.")) from None
    registration = db.session.scalar(sa.select(Registration).where(Registration.reference == reference))
    if registration is None:
        raise DomainError(_("This link is not valid. Check that you copied all of it."))
    return registration


def _check_registrant_may_change(registration: Registration) -> None:
    if registration.status in ENDED:
        raise DomainError(_("This registration has been cancelled."))
    if not registration_is_open(registration.event):
        raise DomainError(
            _("Registration has closed, so changes are no longer possible. Please contact the organisers.")
        )


def update_details(registration: Registration, details: ParticipantDetails) -> Registration:
    """The registrant corrects their details (not the category, which sets the fee)."""
    _check_registrant_may_change(registration)
    details.category_id = registration.category_id
    errors = check_details(registration.event, details, allow_hidden=True)
    if errors:
        raise InvalidInput(errors)
    other = email_taken(registration.event, details.clean_email)
    if other is not None and other.id != registration.id:
        raise DomainError(_("This email is already registered for this meeting."), field="email")
    registration.institution = institutions.resolve(details.institution_id, details.institution_name)
    for name in ("title", "first_name", "middle_name", "last_name", "position", "special_needs"):
        setattr(registration, name, getattr(details, name))
    registration.gender = Gender(details.gender)
    registration.email, registration.phone = details.clean_email, details.clean_phone
    registration.language = details.language if details.language in ("sw", "en") else registration.language
    try:  # the bill's query flushes the changes, so the unique email can fail there too
        _correct_open_bill(registration)
        db.session.commit()
    except sa.exc.IntegrityError:  # the same email registered meanwhile by another request
        db.session.rollback()
        raise DomainError(_("This email is already registered for this meeting."), field="email") from None
    return registration


def _correct_open_bill(registration: Registration) -> None:
    """An unpaid bill follows the corrected details: its receipt and reminders go to the
    corrected email, and its PDF shows the corrected name."""
    bill = billing.open_bill_for(registration)
    if bill is None:
        return
    if bill.delegation_id is None:
        bill.payer_name = registration.display_name[:200]
        bill.payer_email, bill.payer_phone = registration.email, registration.phone
    for item in bill.items:
        if item.registration_id == registration.id:
            item.description = f"{registration.full_name} — {registration.category.name_en}"[:300]


def _bills_after_leaving(registration: Registration) -> list[Bill]:
    """Take the registration off its unpaid bill. A shared (delegation) bill is cancelled and
    raised again for the others, since a control number's amount cannot change."""
    bill = billing.open_bill_for(registration)
    if bill is None or bill.payments:
        return []
    billing.cancel_bill(bill)
    others = [i for i in bill.items if i.registration_id not in (None, registration.id)]
    if not others:
        return []
    new_bill = billing.raise_bill(
        registration.event,
        payer_name=bill.payer_name,
        payer_email=bill.payer_email,
        payer_phone=bill.payer_phone,
        description=bill.description,
        items=[(i.description, i.amount, i.registration) for i in others],
        currency=bill.currency,
        payment_option=bill.payment_option,
        language=bill.language,
        delegation=registration.delegation,
    )
    return [new_bill]


def promote_from_waiting_list(category: ParticipantCategory) -> Registration | None:
    """Give a freed place to the first person on the category's waiting list (caller commits)."""
    first = db.session.scalar(
        sa.select(Registration)
        .where(Registration.category_id == category.id, Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.created_at, Registration.id)
        .limit(1)
    )
    if first is None or not take_places(category):
        return None
    first.status = status_after_place(category, first.amount_due)
    if first.status is RegistrationStatus.PENDING_PAYMENT:
        bill_registration(first)
    return first


# Areas built on registration (sponsors' passes) undo their part when a registration ends,
# inside the same transaction.
REGISTRATION_ENDED_HOOKS: list[Callable[[Registration], None]] = []


def _end(registration: Registration, status: RegistrationStatus, reason: str) -> tuple[list[Bill], Registration | None]:
    held = registration.status in PLACE_HOLDING
    for hook in REGISTRATION_ENDED_HOOKS:
        hook(registration)
    registration.status = status
    registration.decision_reason = reason[:500]
    if status is RegistrationStatus.CANCELLED:
        registration.cancelled_at = local_now()
    reissued = _bills_after_leaving(registration)
    promoted = None
    if held:
        release_place(registration.category)
        promoted = promote_from_waiting_list(registration.category)
    return reissued, promoted


def cancel_registration(
    registration: Registration, by_registrant: bool, actor_id: int | None = None, reason: str = ""
) -> Registration:
    """Cancel: the place goes to the first on the waiting list, who is emailed. A registrant
    may cancel only until registration closes; organisers at any time."""
    from eventapp.registration.notifications import notify_cancelled, notify_delegation_rebilled, notify_promoted

    if registration.status in ENDED:
        raise DomainError(_("This registration has already been cancelled."))
    if by_registrant:
        _check_registrant_may_change(registration)
    reissued, promoted = _end(registration, RegistrationStatus.CANCELLED, reason)
    audit.record(actor_id, "registration.cancel", f"registration:{registration.reference}", reason[:200])
    db.session.commit()
    notify_cancelled(registration)
    for bill in reissued:
        notify_delegation_rebilled(bill)
    if promoted is not None:
        notify_promoted(promoted)
    return registration


def approve(registration: Registration, actor_id: int) -> Registration:
    """Approve a registration that needed it; it then waits for payment (or is confirmed)."""
    from eventapp.registration.notifications import notify_approved

    if registration.status is not RegistrationStatus.PENDING_APPROVAL:
        raise DomainError(_("Only registrations waiting for approval can be approved."))
    registration.status = (
        RegistrationStatus.PENDING_PAYMENT if registration.amount_due > 0 else RegistrationStatus.CONFIRMED
    )
    if registration.status is RegistrationStatus.PENDING_PAYMENT:
        bill_registration(registration)
    audit.record(actor_id, "registration.approve", f"registration:{registration.reference}")
    db.session.commit()
    notify_approved(registration)
    return registration


def reject(registration: Registration, reason: str, actor_id: int) -> Registration:
    """Refuse a registration that needed approval, with a reason the person is told."""
    from eventapp.registration.notifications import notify_promoted, notify_rejected

    reason = (reason or "").strip()
    if registration.status is not RegistrationStatus.PENDING_APPROVAL:
        raise DomainError(_("Only registrations waiting for approval can be rejected."))
    if len(reason) < 5:
        raise DomainError(_("Give the reason; it is sent to the person."), field="reason")
    _reissued, promoted = _end(registration, RegistrationStatus.REJECTED, reason)
    audit.record(actor_id, "registration.reject", f"registration:{registration.reference}", reason[:200])
    db.session.commit()
    notify_rejected(registration)
    if promoted is not None:
        notify_promoted(promoted)
    return registration


def confirm_paid(bill: Bill) -> list[Registration]:
    """A fully paid bill confirms the registrations waiting for it (caller commits)."""
    confirmed = []
    if bill.status is not BillStatus.PAID:
        return confirmed
    for item in bill.items:
        registration = item.registration
        if registration is not None and registration.status is RegistrationStatus.PENDING_PAYMENT:
            registration.status = RegistrationStatus.CONFIRMED
            confirmed.append(registration)
    return confirmed


def resend_link(event, email: str) -> None:
    """Email the registrant's link again (same answer whether or not the email is registered)."""
    from eventapp.registration.notifications import notify_registered

    registration = email_taken(event, (email or "").strip().lower())
    if registration is not None:
        notify_registered(registration, resent=True)
