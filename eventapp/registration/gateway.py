"""The payment gateway interface. Control numbers come from here, so a real GePG adapter
can replace the built-in offline gateway without touching registration code."""
import secrets
from typing import Protocol

import sqlalchemy as sa
from flask import current_app

from eventapp.core.references import luhn_check_digit
from eventapp.extensions import db
from eventapp.registration.models import Bill


class PaymentGateway(Protocol):
    name: str

    def request_control_number(self, bill: Bill) -> str | None:
        """A 12-digit control number starting with 99, or None if it will arrive later."""


class OfflineGateway:
    """Issues control numbers locally: `99`, nine random digits and a Luhn check digit,
    so a mistyped number is caught before any lookup."""

    name = "offline"

    def request_control_number(self, bill: Bill) -> str:
        for _attempt in range(20):
            body = "99" + "".join(secrets.choice("0123456789") for _ in range(9))
            number = body + luhn_check_digit(body)
            taken = db.session.scalar(sa.select(Bill.id).where(Bill.control_number == number))
            if taken is None:
                return number
        raise RuntimeError("could not find a free control number")


GATEWAYS = {"offline": OfflineGateway}


def get_gateway() -> PaymentGateway:
    name = current_app.config.get("PAYMENT_GATEWAY", "offline")
    return GATEWAYS[name]()
