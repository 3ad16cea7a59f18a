"""Participant categories: who may register in a group and what they pay."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.core.models import TimestampMixin
from eventapp.events.models import Event, ParticipantGroup
from eventapp.extensions import db


class ParticipantCategory(TimestampMixin, db.Model):
    __tablename__ = "participant_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("participant_groups.id", ondelete="RESTRICT"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20))
    name_sw: Mapped[str] = mapped_column(sa.String(160))
    name_en: Mapped[str] = mapped_column(sa.String(160))
    eligibility_sw: Mapped[str] = mapped_column(sa.Text, default="")
    eligibility_en: Mapped[str] = mapped_column(sa.Text, default="")
    fee_amount: Mapped[int]  # whole units of `currency` (shillings for TZS)
    currency: Mapped[str] = mapped_column(sa.String(3), default="TZS")
    capacity: Mapped[int | None]
    # Places held by pending and confirmed registrations. Kept as a counter so a place is
    # taken by one conditional UPDATE, which holds under concurrent requests on any database.
    places_taken: Mapped[int] = mapped_column(default=0)
    requires_proof: Mapped[bool] = mapped_column(default=False)
    proof_label_sw: Mapped[str] = mapped_column(sa.String(200), default="")
    proof_label_en: Mapped[str] = mapped_column(sa.String(200), default="")
    requires_approval: Mapped[bool] = mapped_column(default=False)
    public: Mapped[bool] = mapped_column(default=True)  # hidden ones: guests, speakers, sponsors' passes

    event: Mapped[Event] = relationship()
    group: Mapped[ParticipantGroup] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("event_id", "code", name="uq_participant_categories_event_code"),
        sa.CheckConstraint("fee_amount >= 0", name="fee_not_negative"),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("places_taken >= 0", name="places_taken_not_negative"),
        sa.CheckConstraint("capacity IS NULL OR places_taken <= capacity", name="within_capacity"),
        sa.CheckConstraint("length(currency) = 3", name="currency_code"),
    )

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.places_taken, 0)
