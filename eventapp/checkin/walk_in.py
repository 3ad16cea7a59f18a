"""The walk-in desk at the venue: register a person on the spot, take the fee (or waive it),
confirm, and check them in for today.

The registration, its bill, the payment and the audit entries are one transaction: a refused
payment (a receipt number already recorded, a wrong amount) or a full category leaves nothing
behind. The check-in follows in its own step through the gate's rule, so a person whose group
does not come today is registered but not let in.
"""
import enum
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from eventapp.auth.models import User
from eventapp.checkin.models import Checkin, CheckinSource
from eventapp.checkin.scanning import Scan, ScanResult, check_in_registration
from eventapp.core import audit
from eventapp.core.clock import local_now, local_today
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.roles import Role
from eventapp.events.models import Event, EventStatus
from eventapp.extensions import db
from eventapp.registration.models import (
    Bill,
    BillItem,
    ParticipantCategory,
    Payment,
    PaymentChannel,
    PaymentSource,
    Registration,
    RegistrationStatus,
)
from eventapp.registration.services import institutions
from eventapp.registration.services.billing import open_bill_for
from eventapp.registration.services.payments import MAX_TRANSACTION_ID, Outcome, PaymentNotice, apply_payment
from eventapp.registration.services.registering import (
    ParticipantDetails,
    bill_registration,
    check_details,
    email_taken,
    new_registration,
    take_places,
)

# What the check-in row and the payment say about where they were made. PaymentSource has no
# walk-in value (adding one needs a migration), so the payment is MANUAL and says so here.
WALK_IN_GATE = "Walk-in desk"
WALK_IN_PSP = "Walk-in desk"
MIN_WAIVER_REASON = 5
MAX_WAIVER_REASON = 300


class DeskPaymentKind(enum.Enum):
    PAID = "paid"  # paid at the desk (cash, card on the POS, mobile money), receipt number typed
    WAIVED = "waived"  # an organiser waives the fee, with a reason


@dataclass
class DeskPayment:
    """How the fee was settled at the desk. A free category needs neither kind."""

    kind: DeskPaymentKind | None
    reference: str = ""  # the POS or cash receipt number, the mobile-money transaction id
    channel: PaymentChannel = PaymentChannel.CASH
    amount: int | None = None  # what the desk took; None: the category's fee
    waiver_reason: str = ""


@dataclass
class WalkIn:
    registration: Registration
    check_in: ScanResult
    payment: Payment | None = None


class AlreadyRegistered(DomainError):
    """The email has a live registration for this meeting; the desk looks it up instead."""

    def __init__(self, registration: Registration):
        super().__init__(_("This email is already registered for this meeting."), field="email")
        self.registration = registration


def may_waive(user: User) -> bool:
    """Only organisers (and administrators) may waive a fee at the desk."""
    return user.has_any_role(Role.ORGANISER)


def desk_open(event: Event, today: date | None = None) -> bool:
    """Is the meeting on? A day of it is today, or it is open. When it is not, only organisers
    may use the desk (to register someone ahead, or to correct the record afterwards)."""
    today = today or local_today()
    return event.status is EventStatus.OPEN or any(day.date == today for day in event.days)


def check_desk_usable(event: Event, user: User) -> None:
    if not desk_open(event) and not user.has_any_role(Role.ORGANISER):
        raise DomainError(_("This meeting is not on today, so the walk-in desk is closed. "
                            "An organiser can still register people here."))


def _payment_errors(payment: DeskPayment, category: ParticipantCategory | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if payment.kind is DeskPaymentKind.WAIVED:
        if len(payment.waiver_reason.strip()) < MIN_WAIVER_REASON:
            errors["waiver_reason"] = _("Say why the fee is waived (for example: guest of honour at the opening).")
        elif len(payment.waiver_reason.strip()) > MAX_WAIVER_REASON:
            errors["waiver_reason"] = _("At most %(n)d characters.", n=MAX_WAIVER_REASON)
    if category is None or category.fee_amount == 0:
        return errors
    if payment.kind is None:
        errors["payment"] = _("The fee is %(fee)s: record the payment taken at the desk.",
                              fee=f"{category.currency} {category.fee_amount:,}")
    elif payment.kind is DeskPaymentKind.PAID:
        if not payment.reference or len(payment.reference) > MAX_TRANSACTION_ID:
            errors["reference"] = _("Type the receipt or transaction number (1 to %(n)d characters).",
                                    n=MAX_TRANSACTION_ID)
        if payment.amount is not None and payment.amount != category.fee_amount:
            errors["amount"] = _("The fee of this category is %(fee)s; the desk took %(paid)s.",
                                 fee=f"{category.currency} {category.fee_amount:,}",
                                 paid=f"{category.currency} {payment.amount:,}")
    return errors


def register_walk_in(event: Event, details: ParticipantDetails, payment: DeskPayment, consent: bool,
                     actor_id: int) -> WalkIn:
    """Register someone at the desk in any category of the event (hidden ones too), even after
    online registration closed; settle the fee; confirm; check them in for today; email the
    confirmation with the badge (and the receipt) through registration's notifications.

    Refuses a waiver from anyone but an organiser, a fee neither paid nor waived, a receipt
    number already recorded, an amount other than the fee, a full category, and an email
    already registered (AlreadyRegistered, with that registration). Nothing is written then.
    """
    from eventapp.registration.notifications import notify_payment_received, notify_registered

    user = db.session.get(User, actor_id)
    check_desk_usable(event, user)
    payment.reference = (payment.reference or "").strip()
    payment.waiver_reason = (payment.waiver_reason or "").strip()
    if payment.kind is DeskPaymentKind.WAIVED and not may_waive(user):
        raise DomainError(_("Only an organiser can waive a fee. Record the payment instead."), field="payment")
    errors = check_details(event, details, allow_hidden=True)
    if not consent:
        errors["consent"] = _("Please agree so that we can process your registration.")
    category = db.session.get(ParticipantCategory, details.category_id) if "category_id" not in errors else None
    errors.update(_payment_errors(payment, category))
    if errors:
        raise InvalidInput(errors)
    taken = email_taken(event, details.clean_email)
    if taken is not None:
        raise AlreadyRegistered(taken)
    waived = payment.kind is DeskPaymentKind.WAIVED and category.fee_amount > 0
    registration, recorded = _commit(event, details, category, payment, waived, actor_id)
    result = check_in_registration(registration, Scan("", source=CheckinSource.WALK_IN, gate=WALK_IN_GATE,
                                                      event_id=event.id, user_id=actor_id))
    if recorded is not None:
        # As for anyone whose payment confirms them: the receipt, and the confirmation with the
        # badge (the badge's hook on a completed bill). The registration email would repeat it.
        notify_payment_received(recorded)
    else:
        notify_registered(registration)  # confirmed at once: the badge is attached
    return WalkIn(registration, result, recorded)


def _write(event, details, category, payment: DeskPayment, waived: bool,
           actor_id: int) -> tuple[Registration, Payment | None]:
    institution = institutions.resolve(details.institution_id, details.institution_name)
    registration = new_registration(event, details, category, institution,
                                    payment.waiver_reason if waived else "")
    if not take_places(category):
        raise DomainError(_("This category is full. Choose another category."), field="category_id")
    # The desk has seen the person: no approval to wait for, and the fee is settled below.
    due = registration.amount_due > 0
    registration.status = RegistrationStatus.PENDING_PAYMENT if due else RegistrationStatus.CONFIRMED
    db.session.add(registration)
    db.session.flush()
    recorded = _take_fee(registration, payment, actor_id) if due else None
    if waived:
        audit.record(actor_id, "registration.fee_waiver", f"registration:{registration.reference}",
                     payment.waiver_reason)
    how = (f"paid {payment.reference}" if recorded is not None
           else "fee waived" if waived else "no fee")
    audit.record(actor_id, "registration.walk_in", f"registration:{registration.reference}", how)
    return registration, recorded


PAYMENT_FIELDS = {Outcome.ALREADY_IMPORTED: "reference", Outcome.AMOUNT_MISMATCH: "amount"}


def _take_fee(registration: Registration, payment: DeskPayment, actor_id: int) -> Payment:
    """The registration's bill, paid at once by the desk's payment, as finance records one by hand."""
    bill_registration(registration)
    bill = open_bill_for(registration)
    if not bill.control_number:
        raise DomainError(_("The payment gateway gave no control number; try again in a moment."))
    notice = PaymentNotice(
        transaction_id=payment.reference,
        control_number=bill.control_number,
        amount=payment.amount if payment.amount is not None else bill.total_amount,
        currency=bill.currency,
        paid_at=local_now(),
        channel=payment.channel,
        psp_name=WALK_IN_PSP,
        payer_name=registration.display_name,
    )
    applied = apply_payment(notice, PaymentSource.MANUAL, recorded_by_id=actor_id)
    if applied.outcome is not Outcome.MATCHED:
        message = applied.message
        if applied.outcome is Outcome.ALREADY_IMPORTED:
            message = _("This receipt number is already recorded for another payment.")
        raise DomainError(message, field=PAYMENT_FIELDS.get(applied.outcome, "payment"))
    return applied.payment


def _commit(event, details, category, payment: DeskPayment, waived: bool,
            actor_id: int) -> tuple[Registration, Payment | None]:
    """Write and commit the walk-in. A conflict on the email or the receipt number (committed
    meanwhile by another request) is refused. (The same new institution typed at the same
    moment at another desk is settled by institutions.resolve.)"""
    try:
        written = _write(event, details, category, payment, waived, actor_id)
        db.session.commit()
        return written
    except DomainError:
        db.session.rollback()
        raise
    except sa.exc.IntegrityError:
        db.session.rollback()
        refusal = _conflict_refusal(event, details, payment)
        if refusal is not None:
            raise refusal from None
        raise DomainError(_("Someone else changed this at the same moment. Please try again.")) from None


def _conflict_refusal(event, details: ParticipantDetails, payment: DeskPayment) -> DomainError | None:
    taken = email_taken(event, details.clean_email)
    if taken is not None:
        return AlreadyRegistered(taken)
    recorded = sa.select(Payment.id).where(Payment.transaction_id == payment.reference)
    if payment.reference and db.session.scalar(recorded) is not None:
        return DomainError(_("This receipt number is already recorded for another payment."), field="reference")
    return None


@dataclass
class DeskOutcome:
    """What the desk shows after registering someone: today's check-in, if there is one."""

    registration: Registration
    checkin: Checkin | None
    payment: Payment | None
    today: date


def desk_outcome(event: Event, registration_id: int, today: date | None = None) -> DeskOutcome | None:
    """The walk-in `registration_id` of `event` with today's check-in and the desk's payment;
    None when no such registration of this event exists."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        return None
    today = today or local_today()
    checkin = db.session.scalar(
        sa.select(Checkin).where(Checkin.registration_id == registration.id, Checkin.day == today)
    )
    payment = db.session.scalar(
        sa.select(Payment).join(Bill, Payment.bill_id == Bill.id).join(BillItem, BillItem.bill_id == Bill.id)
        .where(BillItem.registration_id == registration.id).order_by(Payment.id.desc()).limit(1)
    )
    return DeskOutcome(registration, checkin, payment, today)
