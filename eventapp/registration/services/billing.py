"""Raising, cancelling and expiring bills (control numbers)."""
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from eventapp.core.clock import local_today
from eventapp.core.errors import DomainError
from eventapp.extensions import db
from eventapp.registration.gateway import get_gateway
from eventapp.registration.models import Bill, BillItem, BillStatus, PaymentOption, Registration

OPEN_BILL = (BillStatus.PENDING, BillStatus.PARTIALLY_PAID)


def bill_expiry(event, today: date | None = None) -> date:
    """Bills expire after BILL_VALID_DAYS, but never after the event's last day."""
    today = today or local_today()
    days = int(current_app.config.get("BILL_VALID_DAYS", 14))
    return min(today + timedelta(days=days), event.ends_on)


def raise_bill(
    event,
    payer_name: str,
    payer_email: str,
    payer_phone: str,
    description: str,
    items: list[tuple[str, int, Registration | None]],
    currency: str = "TZS",
    payment_option: PaymentOption = PaymentOption.EXACT,
    language: str = "sw",
    delegation=None,
) -> Bill:
    """Add a bill with one item per (description, amount, registration) and ask the
    gateway for its control number. The caller's transaction commits it."""
    items = [(d, a, r) for d, a, r in items if a > 0]
    if not items:
        raise DomainError(_("A bill needs at least one item with an amount."))
    bill = Bill(
        event_id=event.id,
        delegation_id=delegation.id if delegation is not None else None,
        payer_name=payer_name[:200],
        payer_email=payer_email,
        payer_phone=payer_phone or "",
        description=description[:300],
        currency=currency,
        total_amount=sum(a for _d, a, _r in items),
        payment_option=payment_option,
        expires_on=bill_expiry(event),
        language=language,
    )
    bill.items = [BillItem(description=d[:300], amount=a, registration=r) for d, a, r in items]
    db.session.add(bill)
    gateway = get_gateway()
    bill.gateway = gateway.name
    bill.control_number = gateway.request_control_number(bill)
    return bill


def open_bill_for(registration: Registration) -> Bill | None:
    """The unpaid bill that carries this registration, if any."""
    return db.session.scalar(
        sa.select(Bill)
        .join(BillItem)
        .where(BillItem.registration_id == registration.id, Bill.status.in_(OPEN_BILL))
        .order_by(Bill.id.desc())
        .limit(1)
    )


def bills_for(registration: Registration) -> list[Bill]:
    return list(
        db.session.scalars(
            sa.select(Bill).join(BillItem).where(BillItem.registration_id == registration.id).order_by(Bill.id)
        )
    )


def cancel_bill(bill: Bill) -> None:
    """An unpaid bill can be cancelled; one with money on it cannot (refunds are manual)."""
    if bill.payments:
        raise DomainError(_("A bill with payments cannot be cancelled."))
    bill.status = BillStatus.CANCELLED


def expire_overdue_bills(today: date | None = None) -> int:
    """Mark unpaid bills past their expiry date as expired; returns how many.

    "Past" is by the event's calendar (East Africa Time), not the server's, which may run
    on UTC and would then expire bills three hours late.
    """
    today = today or local_today()
    result = db.session.execute(
        sa.update(Bill)
        .where(Bill.status == BillStatus.PENDING, Bill.expires_on < today)
        .values(status=BillStatus.EXPIRED)
    )
    db.session.commit()
    return result.rowcount or 0
