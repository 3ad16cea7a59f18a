"""Registrations of participants, and delegations registered by an institution's focal person."""
import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.core.models import TimestampMixin, UtcDateTime, enum_type
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models.categories import ParticipantCategory
from eventapp.registration.models.institutions import Institution


class Gender(enum.Enum):
    FEMALE = "female"
    MALE = "male"


class RegistrationStatus(enum.Enum):
    PENDING_APPROVAL = "pending_approval"
    PENDING_PAYMENT = "pending_payment"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    REJECTED = "rejected"


# The statuses that hold a place in the category (count against its capacity).
PLACE_HOLDING = (
    RegistrationStatus.PENDING_APPROVAL,
    RegistrationStatus.PENDING_PAYMENT,
    RegistrationStatus.CONFIRMED,
)
ENDED = (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED)


# A badge token is 32 random bytes, URL-safe base64 (43 characters, 256 bits): the only thing
# the badge's QR code carries. Never derived from an id or a name; reissuing a lost badge
# draws a new one, so the lost badge stops working.
BADGE_TOKEN_LENGTH = 43


def new_badge_token() -> str:
    return secrets.token_urlsafe(32)


class Delegation(TimestampMixin, db.Model):
    __tablename__ = "delegations"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institutions.id", ondelete="RESTRICT"), index=True)
    reference: Mapped[str] = mapped_column(sa.String(20), unique=True)
    focal_name: Mapped[str] = mapped_column(sa.String(160))
    focal_email: Mapped[str] = mapped_column(sa.String(254))
    focal_phone: Mapped[str] = mapped_column(sa.String(12))
    language: Mapped[str] = mapped_column(sa.String(2), default="sw")

    event: Mapped[Event] = relationship()
    institution: Mapped[Institution] = relationship()
    registrations: Mapped[list["Registration"]] = relationship(back_populates="delegation")


class Registration(TimestampMixin, db.Model):
    __tablename__ = "registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participant_categories.id", ondelete="RESTRICT"), index=True
    )
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institutions.id", ondelete="RESTRICT"), index=True)
    delegation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("delegations.id", ondelete="SET NULL"), index=True
    )
    reference: Mapped[str] = mapped_column(sa.String(20), unique=True)
    badge_token: Mapped[str] = mapped_column(sa.String(BADGE_TOKEN_LENGTH), unique=True, default=new_badge_token)

    title: Mapped[str] = mapped_column(sa.String(30), default="")
    first_name: Mapped[str] = mapped_column(sa.String(80))
    middle_name: Mapped[str] = mapped_column(sa.String(80), default="")
    last_name: Mapped[str] = mapped_column(sa.String(80))
    gender: Mapped[Gender] = mapped_column(enum_type(Gender, "gender"))
    position: Mapped[str] = mapped_column(sa.String(160))
    email: Mapped[str] = mapped_column(sa.String(254))
    phone: Mapped[str] = mapped_column(sa.String(12))  # 255XXXXXXXXX
    special_needs: Mapped[str] = mapped_column(sa.Text, default="")
    language: Mapped[str] = mapped_column(sa.String(2), default="sw")
    consent_at: Mapped[datetime] = mapped_column(UtcDateTime())

    status: Mapped[RegistrationStatus] = mapped_column(enum_type(RegistrationStatus, "registration_status"))
    fee_amount: Mapped[int]  # the fee when registered (categories' fees may change later)
    currency: Mapped[str] = mapped_column(sa.String(3), default="TZS")
    fee_waived: Mapped[bool] = mapped_column(default=False)
    waiver_reason: Mapped[str] = mapped_column(sa.String(300), default="")
    proof_file: Mapped[str | None] = mapped_column(sa.String(80))  # random name under uploads/
    proof_filename: Mapped[str | None] = mapped_column(sa.String(200))  # as uploaded, for display
    decision_reason: Mapped[str] = mapped_column(sa.String(500), default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    event: Mapped[Event] = relationship()
    category: Mapped[ParticipantCategory] = relationship()
    institution: Mapped[Institution] = relationship()
    delegation: Mapped[Delegation | None] = relationship(back_populates="registrations")

    __table_args__ = (
        # One live registration per email per event; a cancelled one does not block re-registering.
        sa.Index(
            "uq_registrations_event_email_live",
            "event_id",
            "email",
            unique=True,
            sqlite_where=sa.text("status NOT IN ('cancelled', 'rejected')"),
            postgresql_where=sa.text("status NOT IN ('cancelled', 'rejected')"),
        ),
        sa.UniqueConstraint("id", "event_id", name="uq_registrations_id_event"),  # for check-ins' foreign key
        sa.Index("ix_registrations_event_status", "event_id", "status"),
        sa.Index("ix_registrations_event_created", "event_id", "created_at"),
        sa.Index("ix_registrations_last_name", "last_name"),
        sa.CheckConstraint("fee_amount >= 0", name="fee_not_negative"),
        sa.CheckConstraint("NOT fee_waived OR waiver_reason <> ''", name="waiver_has_reason"),
        sa.CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)

    @property
    def display_name(self) -> str:
        return f"{self.title} {self.full_name}".strip()

    @property
    def amount_due(self) -> int:
        return 0 if self.fee_waived else self.fee_amount
