"""Sponsorship packages and their benefits, sponsors (billed like any payer), complimentary
passes, exhibition booths and sponsor slots in the programme."""
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.core.models import TimestampMixin, enum_type
from eventapp.events.models import Event
from eventapp.extensions import db


class SponsorStatus(enum.Enum):
    PROSPECT = "prospect"
    CONFIRMED = "confirmed"
    INVOICED = "invoiced"  # a bill with a control number has been raised for the pledge
    PAID = "paid"


class SponsorshipPackage(db.Model):
    __tablename__ = "sponsorship_packages"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20))  # platinum, gold, silver, exhibitor...
    name_sw: Mapped[str] = mapped_column(sa.String(120))
    name_en: Mapped[str] = mapped_column(sa.String(120))
    rank: Mapped[int] = mapped_column(default=0)  # the order on the sponsors page: 1 first
    amount: Mapped[int]  # whole units of `currency`
    currency: Mapped[str] = mapped_column(sa.String(3), default="TZS")
    # The benefits, as data.
    booth_size_m2: Mapped[int | None]
    complimentary_passes: Mapped[int] = mapped_column(default=0)
    programme_minutes: Mapped[int] = mapped_column(default=0)
    logo_on_programme: Mapped[bool] = mapped_column(default=False)
    logo_on_website: Mapped[bool] = mapped_column(default=True)
    logo_on_certificates: Mapped[bool] = mapped_column(default=False)

    event: Mapped[Event] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("event_id", "code", name="uq_sponsorship_packages_event_code"),
        sa.CheckConstraint("amount >= 0", name="amount_not_negative"),
        sa.CheckConstraint("complimentary_passes >= 0", name="passes_not_negative"),
        sa.CheckConstraint("programme_minutes >= 0", name="minutes_not_negative"),
        sa.CheckConstraint("booth_size_m2 IS NULL OR booth_size_m2 > 0", name="booth_size_positive"),
    )


class Sponsor(TimestampMixin, db.Model):
    __tablename__ = "sponsors"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institutions.id", ondelete="RESTRICT"))
    package_id: Mapped[int] = mapped_column(sa.ForeignKey("sponsorship_packages.id", ondelete="RESTRICT"), index=True)
    pledged_amount: Mapped[int]
    currency: Mapped[str] = mapped_column(sa.String(3), default="TZS")
    contact_name: Mapped[str] = mapped_column(sa.String(160))
    contact_email: Mapped[str] = mapped_column(sa.String(254))
    contact_phone: Mapped[str] = mapped_column(sa.String(12), default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    logo_file: Mapped[str | None] = mapped_column(sa.String(80))  # PNG under the upload folder
    status: Mapped[SponsorStatus] = mapped_column(
        enum_type(SponsorStatus, "sponsor_status"), default=SponsorStatus.PROSPECT
    )
    bill_id: Mapped[int | None] = mapped_column(sa.ForeignKey("bills.id", ondelete="SET NULL"))
    # Complimentary passes used; taken by one conditional UPDATE against the package's number.
    passes_used: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship()
    institution = relationship("Institution")
    package: Mapped[SponsorshipPackage] = relationship()
    bill = relationship("Bill")

    __table_args__ = (
        sa.UniqueConstraint("event_id", "institution_id", name="uq_sponsors_event_institution"),
        sa.CheckConstraint("pledged_amount >= 0", name="pledge_not_negative"),
        sa.CheckConstraint("passes_used >= 0", name="passes_used_not_negative"),
    )


class SponsorPass(db.Model):
    """A registration that uses one of a sponsor's complimentary passes."""

    __tablename__ = "sponsor_passes"

    id: Mapped[int] = mapped_column(primary_key=True)
    sponsor_id: Mapped[int] = mapped_column(sa.ForeignKey("sponsors.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), unique=True
    )

    sponsor: Mapped[Sponsor] = relationship()
    registration = relationship("Registration")


class Booth(db.Model):
    """An exhibition booth; held by a sponsor or (with the innovation competition) a selected
    entry, never by two at once."""

    __tablename__ = "booths"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(sa.String(10))
    size_m2: Mapped[int]
    location: Mapped[str] = mapped_column(sa.String(160), default="")
    # Position on the floor plan grid (columns and rows from the top-left corner).
    grid_x: Mapped[int] = mapped_column(default=0)
    grid_y: Mapped[int] = mapped_column(default=0)
    sponsor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sponsors.id", ondelete="SET NULL"), index=True)
    # A selected innovation entry (innovations area; named by table so sponsors imports nothing of it).
    entry_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("innovation_entries.id", ondelete="SET NULL"), unique=True
    )

    event: Mapped[Event] = relationship()
    sponsor: Mapped[Sponsor | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("event_id", "number", name="uq_booths_event_number"),
        sa.UniqueConstraint("event_id", "grid_x", "grid_y", name="uq_booths_event_position"),
        sa.CheckConstraint("size_m2 > 0", name="size_positive"),
        sa.CheckConstraint("grid_x >= 0 AND grid_y >= 0", name="position_on_grid"),
        sa.CheckConstraint("sponsor_id IS NULL OR entry_id IS NULL", name="one_holder"),
    )


class SponsorSlot(db.Model):
    """A programme item that is a sponsor's slot ("14:00–14:05 NMB")."""

    __tablename__ = "sponsor_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    sponsor_id: Mapped[int] = mapped_column(sa.ForeignKey("sponsors.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("programme_items.id", ondelete="CASCADE"), unique=True)

    sponsor: Mapped[Sponsor] = relationship()
    item = relationship("ProgrammeItem")
