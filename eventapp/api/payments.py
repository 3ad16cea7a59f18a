"""Payment notifications from the gateway: `POST /api/v1/payments` with a finance token."""
from typing import Literal

from flask import jsonify
from flask_babel import gettext as _
from pydantic import BaseModel, Field

from eventapp.api import bp
from eventapp.api.bodies import BadBody, json_object, refusal
from eventapp.api.schemas import ErrorBody
from eventapp.api.spec import documented
from eventapp.auth.api_tokens import api_role_required
from eventapp.core.errors import InvalidInput
from eventapp.core.roles import Role
from eventapp.registration.models import BillStatus, PaymentSource
from eventapp.registration.services.payments import (
    MAX_TRANSACTION_ID,
    Outcome,
    PaymentNotice,
    notice_problems,
    parse_amount,
    parse_channel,
    parse_paid_at,
    record_payment,
)

MAX_BODY_BYTES = 16 * 1024
TEXT_LIMITS = {"transaction_id": MAX_TRANSACTION_ID, "control_number": 12, "currency": 3, "paid_at": 40,
               "channel": 80, "psp_name": 80, "payer_name": 200}
REQUIRED = ("transaction_id", "control_number", "amount", "currency", "paid_at", "channel")


def _text(data: dict, name: str, errors: dict[str, str]) -> str:
    value = data.get(name)
    if value is None:
        if name in REQUIRED:
            errors[name] = _("This field is required.")
        return ""
    if name == "control_number" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        errors[name] = _("Must be a string.")
        return ""
    value = value.strip()
    if len(value) > TEXT_LIMITS[name]:
        errors[name] = _("At most %(n)d characters.", n=TEXT_LIMITS[name])
    elif any(ord(ch) < 32 for ch in value):
        errors[name] = _("Must not contain control characters.")
    elif not value and name in REQUIRED:
        errors[name] = _("This field is required.")
    return value


def _amount(value, errors: dict[str, str]) -> int:
    """A JSON number or numeric string that is a whole, positive amount."""
    if value is None:
        errors["amount"] = _("This field is required.")
        return 0
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        if isinstance(value, int) and not isinstance(value, bool):
            return parse_amount(str(value))
        if isinstance(value, str) and len(value) <= 30:
            return parse_amount(value)
    except ValueError:
        pass
    errors["amount"] = _("The amount must be a whole, positive number.")
    return 0


def notice_from_json(data: dict) -> PaymentNotice:
    """The notice in a gateway's JSON body; InvalidInput names every bad field."""
    errors: dict[str, str] = {}
    values = {name: _text(data, name, errors) for name in TEXT_LIMITS}
    amount = _amount(data.get("amount"), errors)
    paid_at = None
    if "paid_at" not in errors:
        try:
            paid_at = parse_paid_at(values["paid_at"])
        except ValueError as error:
            errors["paid_at"] = str(error)
    if errors:
        raise InvalidInput(errors, _("The payment notification has invalid fields."))
    notice = PaymentNotice(
        transaction_id=values["transaction_id"],
        control_number=values["control_number"],
        amount=amount,
        currency=values["currency"].upper(),
        paid_at=paid_at,
        channel=parse_channel(values["channel"]),
        psp_name=values["psp_name"] or values["channel"],
        payer_name=values["payer_name"],
    )
    problems = notice_problems(notice)
    if problems:
        raise InvalidInput(problems, _("The payment notification has invalid fields."))
    return notice


class PaymentBody(BaseModel):
    transaction_id: str = Field(max_length=TEXT_LIMITS["transaction_id"])
    control_number: str = Field(max_length=TEXT_LIMITS["control_number"], description="12 digits, 99…")
    amount: int | str = Field(description="A whole, positive amount (a number or a numeric string).")
    currency: str = Field(max_length=TEXT_LIMITS["currency"])
    paid_at: str = Field(max_length=TEXT_LIMITS["paid_at"], description="ISO 8601.")
    channel: str = Field(max_length=TEXT_LIMITS["channel"])
    psp_name: str | None = Field(None, max_length=TEXT_LIMITS["psp_name"])
    payer_name: str | None = Field(None, max_length=TEXT_LIMITS["payer_name"])


class PaymentAnswer(BaseModel):
    status: Literal["matched", "already_imported", "unknown_control_number", "amount_mismatch", "expired_bill",
                    "invalid"]
    message: str
    receipt_number: str | None
    control_number: str | None = None
    bill_status: BillStatus | None = None
    amount_paid: int | None = None
    balance: int | None = None


@bp.post("/payments")
@api_role_required(Role.FINANCE)
@documented(tags=("payments",), json=PaymentBody,
            responses={200: PaymentAnswer, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 413: ErrorBody})
def payment_notification():
    """Record a payment the gateway reports (idempotent on `transaction_id`).

    Body: {transaction_id, control_number, amount, currency, paid_at (ISO 8601), channel,
    psp_name?, payer_name?}. Answers 200 with `status`: matched, already_imported,
    unknown_control_number, amount_mismatch or expired_bill, and the receipt number of
    the recorded payment; 400 with `error` (and `errors` per field) for a bad body.
    """
    try:
        notice = notice_from_json(json_object(MAX_BODY_BYTES))
    except (BadBody, InvalidInput) as error:
        return refusal(error)
    result = record_payment(notice, PaymentSource.GATEWAY)
    payment = result.payment
    body = {
        "status": "invalid" if result.outcome is Outcome.INVALID else result.outcome.value,
        "message": result.message,
        "receipt_number": payment.receipt_number if payment is not None else None,
    }
    if payment is not None:
        body.update(
            control_number=payment.bill.control_number,
            bill_status=payment.bill.status.value,
            amount_paid=payment.bill.amount_paid,
            balance=payment.bill.balance,
        )
    return jsonify(body), 200
