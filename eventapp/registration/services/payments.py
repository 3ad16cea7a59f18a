"""Payments: recorded by hand, imported from a reconciliation statement, or notified by the
gateway. Every path goes through `apply_payment`, idempotent on the transaction id."""
import csv
import enum
import io
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import gettext as _

from eventapp.core.clock import aware, event_timezone
from eventapp.core.errors import DomainError
from eventapp.core.references import random_reference
from eventapp.extensions import db
from eventapp.registration.models import (
    Bill,
    BillStatus,
    Payment,
    PaymentChannel,
    PaymentOption,
    PaymentSource,
    StatementImport,
)
from eventapp.registration.services.lifecycle import confirm_paid

# Areas that bill through registration (sponsors) react to a bill becoming paid, inside the
# payment's transaction; registration itself depends on none of them.
BILL_PAID_HOOKS: list[Callable[[Bill], None]] = []


class Outcome(enum.Enum):
    MATCHED = "matched"
    ALREADY_IMPORTED = "already_imported"
    UNKNOWN_CONTROL_NUMBER = "unknown_control_number"
    AMOUNT_MISMATCH = "amount_mismatch"
    EXPIRED_BILL = "expired_bill"
    INVALID = "invalid_rows"


@dataclass
class PaymentNotice:
    transaction_id: str
    control_number: str
    amount: int
    currency: str
    paid_at: datetime
    channel: PaymentChannel
    psp_name: str = ""
    payer_name: str = ""


@dataclass
class ApplyResult:
    outcome: Outcome
    payment: Payment | None = None
    message: str = ""


CHANNEL_ALIASES = {
    "m-pesa": PaymentChannel.MPESA, "mpesa": PaymentChannel.MPESA, "vodacom": PaymentChannel.MPESA,
    "tigo pesa": PaymentChannel.TIGOPESA, "tigopesa": PaymentChannel.TIGOPESA, "mixx": PaymentChannel.TIGOPESA,
    "airtel money": PaymentChannel.AIRTELMONEY, "airtelmoney": PaymentChannel.AIRTELMONEY,
    "halopesa": PaymentChannel.HALOPESA, "halo pesa": PaymentChannel.HALOPESA,
    "bank": PaymentChannel.BANK, "nmb": PaymentChannel.BANK, "crdb": PaymentChannel.BANK, "nbc": PaymentChannel.BANK,
    "transfer": PaymentChannel.TRANSFER, "eft": PaymentChannel.TRANSFER, "rtgs": PaymentChannel.TRANSFER,
    "cash": PaymentChannel.CASH,
}


def parse_channel(text: str) -> PaymentChannel:
    key = (text or "").strip().lower()
    if key in CHANNEL_ALIASES:
        return CHANNEL_ALIASES[key]
    for alias, channel in CHANNEL_ALIASES.items():
        if alias in key:
            return channel
    return PaymentChannel.OTHER


# Amounts are INTEGER columns: anything larger would fail in PostgreSQL, not as a clear refusal.
MAX_AMOUNT = 2_147_483_647
MAX_TRANSACTION_ID = 64
CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")
EARLIEST_PAYMENT_YEAR, LATEST_PAYMENT_YEAR = 2000, 2100


def notice_problems(notice: PaymentNotice) -> dict[str, str]:
    """Every value of a notice that cannot be a payment, as {field: message}; empty when
    it is fine. The statement import, the gateway API and the finance form share it."""
    problems: dict[str, str] = {}
    if not notice.transaction_id or len(notice.transaction_id) > MAX_TRANSACTION_ID:
        problems["transaction_id"] = _("The transaction id must have 1 to %(n)d characters.", n=MAX_TRANSACTION_ID)
    if not (notice.control_number.isascii() and notice.control_number.isdigit() and len(notice.control_number) == 12
            and notice.control_number.startswith("99")):
        problems["control_number"] = _("The control number must be 12 digits starting with 99.")
    if isinstance(notice.amount, bool) or not isinstance(notice.amount, int) or not 0 < notice.amount <= MAX_AMOUNT:
        problems["amount"] = _("The amount must be a whole, positive number.")
    if not CURRENCY_PATTERN.match(notice.currency or ""):
        problems["currency"] = _("The currency must be a three-letter code such as TZS.")
    if not EARLIEST_PAYMENT_YEAR <= notice.paid_at.year <= LATEST_PAYMENT_YEAR:
        problems["paid_at"] = _("The payment date is not plausible.")
    return problems


def _acceptable(bill: Bill, amount: int) -> bool:
    """Does the bill's payment option accept this amount now?"""
    balance = bill.total_amount - bill.amount_paid
    if bill.payment_option is PaymentOption.EXACT:
        return amount == balance
    if bill.payment_option is PaymentOption.FULL:
        return amount >= balance
    return amount > 0


def apply_payment(
    notice: PaymentNotice,
    source: PaymentSource,
    recorded_by_id: int | None = None,
    statement_import: StatementImport | None = None,
) -> ApplyResult:
    """Record one payment against its bill and update the bill (and its registrations).

    Idempotent on `transaction_id`: the same payment seen again is reported as already
    imported and changes nothing. Refuses impossible values, unknown control numbers,
    cancelled bills, payments made after the bill expired, further payments on a paid
    bill, another currency, and amounts the bill's payment option does not accept. A
    payment made in time counts even when the bill has since been marked expired. The
    caller commits (so a statement can be imported row by row).
    """
    problems = notice_problems(notice)
    if problems:
        return ApplyResult(Outcome.INVALID, message=" ".join(problems.values()))
    existing = _payment_with(notice.transaction_id)
    if existing is not None:
        return ApplyResult(Outcome.ALREADY_IMPORTED, existing, _("Already recorded."))
    bill = db.session.scalar(
        sa.select(Bill).where(Bill.control_number == notice.control_number).with_for_update()
    )
    if bill is None:
        return ApplyResult(Outcome.UNKNOWN_CONTROL_NUMBER, message=_("No bill has this control number."))
    # Asked again under the bill's lock: a concurrent copy of this payment that committed
    # meanwhile must read as "already recorded", not as a wrong amount on a paid bill.
    existing = _payment_with(notice.transaction_id)
    if existing is not None:
        return ApplyResult(Outcome.ALREADY_IMPORTED, existing, _("Already recorded."))
    paid_at = aware(notice.paid_at)
    paid_on = paid_at.astimezone(event_timezone()).date()
    if bill.status is BillStatus.CANCELLED:
        return ApplyResult(Outcome.EXPIRED_BILL, message=_("The bill was cancelled."))
    if paid_on > bill.expires_on:
        return ApplyResult(Outcome.EXPIRED_BILL, message=_("The bill had expired when this was paid."))
    if bill.status is BillStatus.PAID:
        return ApplyResult(Outcome.AMOUNT_MISMATCH, message=_("The bill is already paid in full."))
    if notice.currency != bill.currency or not _acceptable(bill, notice.amount):
        return ApplyResult(
            Outcome.AMOUNT_MISMATCH,
            message=_("Paid %(paid)s %(cur)s; the bill expects %(due)s %(bcur)s (%(option)s).",
                      paid=f"{notice.amount:,}", cur=notice.currency, due=f"{bill.balance:,}",
                      bcur=bill.currency, option=bill.payment_option.value),
        )
    payment = Payment(
        bill=bill,
        transaction_id=notice.transaction_id,
        receipt_number=random_reference("P", 8),
        amount=notice.amount,
        currency=notice.currency,
        paid_at=paid_at,
        channel=notice.channel,
        psp_name=notice.psp_name[:80],
        payer_name=notice.payer_name[:200],
        source=source,
        recorded_by_id=recorded_by_id,
        statement_import_id=statement_import.id if statement_import is not None else None,
    )
    db.session.add(payment)
    db.session.flush()
    bill.status = BillStatus.PAID if bill.amount_paid >= bill.total_amount else BillStatus.PARTIALLY_PAID
    confirm_paid(bill)
    if bill.status is BillStatus.PAID:
        for hook in BILL_PAID_HOOKS:
            hook(bill)
    return ApplyResult(Outcome.MATCHED, payment)


def _payment_with(transaction_id: str) -> Payment | None:
    return db.session.scalar(sa.select(Payment).where(Payment.transaction_id == transaction_id))


def record_payment(notice: PaymentNotice, source: PaymentSource, recorded_by_id: int | None = None) -> ApplyResult:
    """Apply one payment (by hand or from the gateway), commit, and email the receipt.

    A concurrent duplicate of the same transaction id is reported as already imported.
    """
    from eventapp.registration.notifications import notify_payment_received

    try:
        result = apply_payment(notice, source, recorded_by_id)
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return ApplyResult(Outcome.ALREADY_IMPORTED, _payment_with(notice.transaction_id), _("Already recorded."))
    if result.outcome is Outcome.MATCHED:
        notify_payment_received(result.payment)
    return result


STATEMENT_COLUMNS = ["transaction_id", "control_number", "amount", "currency", "paid_at", "channel", "payer"]
MAX_STATEMENT_ROWS = 20000


@dataclass
class StatementReport:
    record: StatementImport
    problems: list[dict] = field(default_factory=list)


def parse_amount(text: str) -> int:
    """A whole amount as statements write it ("400,000", "400000.00"); ValueError otherwise."""
    cleaned = (text or "").replace(",", "").replace(" ", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("the amount is not a number")) from None
    if not value.is_finite() or value != value.to_integral_value() or not 0 < value <= MAX_AMOUNT:
        raise ValueError(_("the amount must be a whole, positive number"))
    return int(value)


def parse_paid_at(text: str) -> datetime:
    """An ISO date-time ("2019-01-28 14:05:00", "...T14:05:00+03:00"); local time when no offset."""
    try:
        paid_at = datetime.fromisoformat((text or "").strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(_("the date-time must look like 2019-01-28 14:05:00")) from None
    if not EARLIEST_PAYMENT_YEAR <= paid_at.year <= LATEST_PAYMENT_YEAR:
        raise ValueError(_("the payment date is not plausible"))
    return aware(paid_at)


def _parse_statement_row(row: dict) -> PaymentNotice:
    transaction_id = (row.get("transaction_id") or "").strip()
    control_number = (row.get("control_number") or "").strip()
    if not transaction_id or len(transaction_id) > MAX_TRANSACTION_ID:
        raise ValueError(_("missing or too long transaction id"))
    if not (control_number.isascii() and control_number.isdigit() and len(control_number) == 12):
        raise ValueError(_("the control number must be 12 digits"))
    notice = PaymentNotice(
        transaction_id=transaction_id,
        control_number=control_number,
        amount=parse_amount(row.get("amount") or ""),
        currency=(row.get("currency") or "TZS").strip().upper(),
        paid_at=parse_paid_at(row.get("paid_at") or ""),
        channel=parse_channel(row.get("channel") or ""),
        psp_name=(row.get("channel") or "").strip()[:80],
        payer_name=(row.get("payer") or "").strip()[:200],
    )
    problems = notice_problems(notice)
    if problems:
        raise ValueError(" ".join(problems.values()))
    return notice


def import_statement(text: str, filename: str, imported_by_id: int | None) -> StatementReport:
    """Import a reconciliation statement (CSV). Each row is applied on its own and the whole
    run is recorded with a report: matched, already imported, unknown control number, amount
    mismatch, expired bill, invalid rows. Importing the same file again matches nothing new.
    """
    from eventapp.registration.notifications import notify_payment_received

    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        headers = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
        missing = [c for c in STATEMENT_COLUMNS[:5] if c not in headers]
        if missing:
            raise DomainError(_("The statement is missing the columns: %(cols)s. Expected: %(all)s.",
                                cols=", ".join(missing), all=", ".join(STATEMENT_COLUMNS)))
        reader.fieldnames = headers
        rows = list(itertools.islice(reader, MAX_STATEMENT_ROWS + 1))
    except csv.Error as error:
        raise DomainError(_("The statement is not a readable CSV file (%(error)s).", error=str(error))) from None
    if len(rows) > MAX_STATEMENT_ROWS:
        raise DomainError(_("A statement may have at most %(n)d rows.", n=MAX_STATEMENT_ROWS))
    if not rows:
        raise DomainError(_("The statement has no rows."))
    record = StatementImport(filename=filename[:200], imported_by_id=imported_by_id)
    db.session.add(record)
    db.session.commit()
    report = StatementReport(record)
    seen: set[str] = set()
    received = []
    for line, row in enumerate(rows, start=2):
        try:
            notice = _parse_statement_row(row)
        except ValueError as error:
            outcome, message, notice = Outcome.INVALID, str(error), None
        else:
            if notice.transaction_id in seen:
                outcome, message = Outcome.ALREADY_IMPORTED, _("Repeated in this file.")
            else:
                seen.add(notice.transaction_id)
                try:
                    result = apply_payment(notice, PaymentSource.STATEMENT, imported_by_id, record)
                    db.session.commit()
                except sa.exc.IntegrityError:  # the same transaction arrived meanwhile
                    db.session.rollback()
                    result = ApplyResult(Outcome.ALREADY_IMPORTED, message=_("Already recorded."))
                outcome, message = result.outcome, result.message
                if outcome is Outcome.MATCHED:
                    received.append(result.payment)
        # Counted after the row's commit or rollback, so a rolled-back row is still counted.
        record.rows += 1
        setattr(record, outcome.value, getattr(record, outcome.value) + 1)
        if outcome is not Outcome.MATCHED:
            report.problems.append({
                "line": line, "outcome": outcome.value, "message": message,
                "transaction_id": (row.get("transaction_id") or "")[:64],
                "control_number": (row.get("control_number") or "")[:20],
                "amount": (row.get("amount") or "")[:20],
            })
    record.details = json.dumps(report.problems[:1000])
    db.session.commit()
    for payment in received:
        notify_payment_received(payment)
    return report
