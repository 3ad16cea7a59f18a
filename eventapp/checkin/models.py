"""Check-ins at the gate: one row per registration per day, whichever gate or device saw
the badge first. The unique (registration, day) pair is what makes two gates scanning the
same badge at the same moment give exactly one `ok`."""
import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.core.models import UtcDateTime, enum_type, utcnow
from eventapp.extensions import db
from eventapp.registration.models import Registration

MAX_GATE_LENGTH = 60
MAX_SCAN_ID_LENGTH = 64


class CheckinSource(enum.Enum):
    DEVICE = "device"  # a gate device calling POST /api/v1/checkin with its API token
    SCANNER = "scanner"  # the scanner page, online
    OFFLINE = "offline"  # the scanner page's queue, sent when the network came back
    MANUAL = "manual"  # found by name or reference at the gate (lost or broken badge)
    WALK_IN = "walk_in"  # registered and badged at the walk-in desk


class Checkin(db.Model):
    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(primary_key=True)
    # (registration_id, event_id) is one foreign key to the registration: the check-in's event
    # is always its registration's, and an insert locks one parent row, not two.
    event_id: Mapped[int]
    registration_id: Mapped[int]
    day: Mapped[date]
    gate: Mapped[str] = mapped_column(sa.String(MAX_GATE_LENGTH), default="")
    # When the badge was scanned (an offline scan keeps the device's time, never later than
    # when it reached us); recorded_at is when the server wrote the row.
    checked_in_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    source: Mapped[CheckinSource] = mapped_column(enum_type(CheckinSource, "checkin_source"))
    # The scanning device's own id for the scan: a replayed offline queue sends it again
    # and is answered from the row it made, never counted twice.
    scan_id: Mapped[str | None] = mapped_column(sa.String(MAX_SCAN_ID_LENGTH), unique=True)
    api_token_id: Mapped[int | None] = mapped_column(sa.ForeignKey("api_tokens.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    registration: Mapped[Registration] = relationship()

    __table_args__ = (
        sa.ForeignKeyConstraint(["registration_id", "event_id"], ["registrations.id", "registrations.event_id"],
                                ondelete="CASCADE", name="fk_checkins_registration_event"),
        sa.UniqueConstraint("registration_id", "day", name="uq_checkins_registration_day"),
        sa.Index("ix_checkins_event_day_time", "event_id", "day", "checked_in_at"),
        sa.CheckConstraint("checked_in_at <= recorded_at", name="scanned_before_recorded"),
    )
