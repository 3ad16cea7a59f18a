"""Emails a registrant waits for: received (with the bill), approved, rejected, waiting list,
promoted, cancelled, payment received (with the receipt). Sent after the commit; a mail
failure is logged and never undoes a registration or a payment.

A confirmed registration's emails also carry what areas built on registration add through
the hooks below (the check-in area: the badge)."""
import logging
from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from eventapp.core.mail import send_email
from eventapp.core.urls import external_url
from eventapp.registration.documents import render_bill, render_receipt
from eventapp.registration.models import Bill, Payment, Registration, RegistrationStatus

log = logging.getLogger(__name__)

# Attachments for an email of a confirmed registration (registered when free or waived,
# approved, promoted): each hook returns (filename, mimetype, bytes) triples.
CONFIRMED_ATTACHMENTS: list[Callable[[Registration], list[tuple[str, str, bytes]]]] = []
# Emails of their own to each registration confirmed without an email of its own: by a payment
# (the payer gets the receipt) or by a delegation's registration (the focal person is told).
CONFIRMED_NOTICES: list[Callable[[Registration], None]] = []


def _link(registration: Registration) -> str:
    from eventapp.registration.services.lifecycle import registrant_token

    return external_url("registration.status", token=registrant_token(registration))


def _send(to, subject, template, language, attachments=None, **context) -> None:
    try:
        send_email(to, subject, f"registration/{template}", language=language, attachments=attachments, **context)
    except Exception:  # noqa: BLE001 — the registration stands; the person can ask for the email again
        log.exception("Could not send %s email to %s", template, to)


def _bill_attachment(bill: Bill | None):
    if bill is None:
        return []
    return [(f"bill-{bill.control_number}.pdf", "application/pdf", render_bill(bill))]


def _confirmed_attachments(registration: Registration) -> list:
    if registration.status is not RegistrationStatus.CONFIRMED:
        return []
    return [attachment for hook in CONFIRMED_ATTACHMENTS for attachment in hook(registration)]


def _tell_confirmed(registrations) -> None:
    for registration in registrations:
        if registration is not None and registration.status is RegistrationStatus.CONFIRMED:
            for hook in CONFIRMED_NOTICES:
                hook(registration)


def notify_registered(registration: Registration, resent: bool = False) -> None:
    from eventapp.registration.services.billing import open_bill_for

    bill = open_bill_for(registration)
    link = _link(registration)
    _send(
        registration.email,
        _l("Registration received: %(ref)s", ref=registration.reference),
        "registered",
        registration.language,
        attachments=_bill_attachment(bill) + _confirmed_attachments(registration),
        registration=registration,
        bill=bill,
        link=link,
        resent=resent,
    )


def notify_approved(registration: Registration) -> None:
    from eventapp.registration.services.billing import open_bill_for

    bill = open_bill_for(registration)
    _send(registration.email, _l("Your registration has been approved"), "approved", registration.language,
          attachments=_bill_attachment(bill) + _confirmed_attachments(registration), registration=registration,
          bill=bill, link=_link(registration))


def notify_rejected(registration: Registration) -> None:
    _send(registration.email, _l("Your registration was not approved"), "rejected", registration.language,
          registration=registration)


def notify_promoted(registration: Registration) -> None:
    from eventapp.registration.services.billing import open_bill_for

    bill = open_bill_for(registration)
    _send(registration.email, _l("A place is now yours"), "promoted", registration.language,
          attachments=_bill_attachment(bill) + _confirmed_attachments(registration), registration=registration,
          bill=bill, link=_link(registration))


def notify_cancelled(registration: Registration) -> None:
    _send(registration.email, _l("Registration cancelled: %(ref)s", ref=registration.reference), "cancelled",
          registration.language, registration=registration)


def notify_delegation_rebilled(bill: Bill) -> None:
    _send(bill.payer_email, _l("New bill for your delegation: %(cn)s", cn=bill.control_number), "rebilled",
          bill.language, attachments=_bill_attachment(bill), bill=bill)


def notify_delegation_registered(delegation, bill: Bill | None) -> None:
    _send(delegation.focal_email, _l("Delegation registered: %(ref)s", ref=delegation.reference), "delegation",
          delegation.language, attachments=_bill_attachment(bill), delegation=delegation, bill=bill)
    _tell_confirmed(delegation.registrations)  # delegates with no fee are confirmed at once


def notify_payment_received(payment: Payment) -> None:
    bill = payment.bill
    receipt = [(f"receipt-{payment.receipt_number}.pdf", "application/pdf", render_receipt(payment))]
    _send(bill.payer_email, _l("Payment received: %(receipt)s", receipt=payment.receipt_number), "payment_received",
          bill.language, attachments=receipt, payment=payment, bill=bill)
    if _completed_bill(payment):
        _tell_confirmed(item.registration for item in bill.items)


def _completed_bill(payment: Payment) -> bool:
    """Did this payment make its bill fully paid (and so confirm the registrations on it)? Asked
    in payment order, so of a statement's several payments on one bill only the last says yes."""
    bill = payment.bill
    order = sorted(bill.payments, key=lambda p: (p.paid_at, p.id))
    before = sum(p.amount for p in order[:order.index(payment)])
    return before < bill.total_amount <= before + payment.amount
