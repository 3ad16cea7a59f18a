"""Bills with control numbers (GePG style), their items, payments and statement imports."""
import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.core.models import TimestampMixin, UtcDateTime, enum_type, utcnow
from eventapp.events.models import Event
from eventapp.extensions import db


class PaymentOption(enum.Enum):
    FULL = "full"  # the whole amount at once; more is accepted and flagged as over-payment
    PARTIAL = "partial"  # any amount, in several payments
    EXACT = "exact"  # exactly the billed amount


class BillStatus(enum.Enum):
    PENDING = "pending"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class PaymentChannel(enum.Enum):
    BANK = "bank"
    MPESA = "mpesa"
    TIGOPESA = "tigopesa"
    AIRTELMONEY = "airtelmoney"
    HALOPESA = "halopesa"
    TRANSFER = "transfer"
    CASH = "cash"
    OTHER = "other"


class PaymentSource(enum.Enum):
    MANUAL = "manual"
    STATEMENT = "statement"
    GATEWAY = "gateway"


class Bill(TimestampMixin, db.Model):
    __tablename__ = "bills"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("delegations.id", ondelete="SET NULL"), index=True)
    # Issued by the payment gateway; a gateway that answers later leaves it empty meanwhile.
    control_number: Mapped[str | None] = mapped_column(sa.String(12), unique=True)
    gateway: Mapped[str] = mapped_column(sa.String(20), default="offline")
    payer_name: Mapped[str] = mapped_column(sa.String(200))
    payer_email: Mapped[str] = mapped_column(sa.String(254))
    payer_phone: Mapped[str] = mapped_column(sa.String(12), default="")
    description: Mapped[str] = mapped_column(sa.String(300))
    currency: Mapped[str] = mapped_column(sa.String(3), default="TZS")
    total_amount: Mapped[int]
    payment_option: Mapped[PaymentOption] = mapped_column(
        enum_type(PaymentOption, "payment_option"), default=PaymentOption.EXACT
    )
    expires_on: Mapped[date]
    status: Mapped[BillStatus] = mapped_column(enum_type(BillStatus, "bill_status"), default=BillStatus.PENDING)
    language: Mapped[str] = mapped_column(sa.String(2), default="sw")

    event: Mapped[Event] = relationship()
    items: Mapped[list["BillItem"]] = relationship(
        back_populates="bill", cascade="all, delete-orphan", order_by="BillItem.id"
    )
    payments: Mapped[list["Payment"]] = relationship(back_populates="bill", order_by="Payment.paid_at")

    __table_args__ = (
        sa.CheckConstraint("total_amount > 0", name="total_positive"),
        sa.CheckConstraint(
            "control_number IS NULL OR (length(control_number) = 12 AND control_number LIKE '99%')",
            name="control_number_format",
        ),
        sa.Index("ix_bills_event_status", "event_id", "status"),
    )

    @property
    def amount_paid(self) -> int:
        return sum(p.amount for p in self.payments)

    @property
    def balance(self) -> int:
        return max(self.total_amount - self.amount_paid, 0)

    @property
    def overpaid_by(self) -> int:
        return max(self.amount_paid - self.total_amount, 0)


class BillItem(db.Model):
    __tablename__ = "bill_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    bill_id: Mapped[int] = mapped_column(sa.ForeignKey("bills.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str] = mapped_column(sa.String(300))
    amount: Mapped[int]

    bill: Mapped[Bill] = relationship(back_populates="items")
    registration = relationship("Registration")

    __table_args__ = (sa.CheckConstraint("amount > 0", name="amount_positive"),)


class StatementImport(db.Model):
    __tablename__ = "statement_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    filename: Mapped[str] = mapped_column(sa.String(200))
    imported_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    rows: Mapped[int] = mapped_column(default=0)
    matched: Mapped[int] = mapped_column(default=0)
    already_imported: Mapped[int] = mapped_column(default=0)
    unknown_control_number: Mapped[int] = mapped_column(default=0)
    amount_mismatch: Mapped[int] = mapped_column(default=0)
    expired_bill: Mapped[int] = mapped_column(default=0)
    invalid_rows: Mapped[int] = mapped_column(default=0)
    details: Mapped[str] = mapped_column(sa.Text, default="")  # JSON list of the problem rows


class Payment(db.Model):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    bill_id: Mapped[int] = mapped_column(sa.ForeignKey("bills.id", ondelete="RESTRICT"), index=True)
    # The payment service provider's transaction id (or a hand-recorded bank receipt
    # number): unique, which makes every import and notification idempotent.
    transaction_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    receipt_number: Mapped[str] = mapped_column(sa.String(20), unique=True)  # ours, on the receipt PDF
    amount: Mapped[int]
    currency: Mapped[str] = mapped_column(sa.String(3))
    paid_at: Mapped[datetime] = mapped_column(UtcDateTime())
    channel: Mapped[PaymentChannel] = mapped_column(enum_type(PaymentChannel, "payment_channel"))
    psp_name: Mapped[str] = mapped_column(sa.String(80), default="")
    payer_name: Mapped[str] = mapped_column(sa.String(200), default="")
    source: Mapped[PaymentSource] = mapped_column(enum_type(PaymentSource, "payment_source"))
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    statement_import_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("statement_imports.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    bill: Mapped[Bill] = relationship(back_populates="payments")

    __table_args__ = (sa.CheckConstraint("amount > 0", name="amount_positive"),)
