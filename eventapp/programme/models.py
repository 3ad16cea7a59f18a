"""Programme items (with timed sub-items), rooms, people on the programme and breakout groups."""
import enum
from datetime import time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.core.models import TimestampMixin, enum_type
from eventapp.events.models import Event, EventDay, ParticipantGroup
from eventapp.extensions import db


class ItemKind(enum.Enum):
    REGISTRATION = "registration"
    OPENING_REMARKS = "opening_remarks"
    WELCOME_REMARKS = "welcome_remarks"
    OFFICIAL_OPENING = "official_opening"
    KEYNOTE = "keynote"
    SESSION = "session"
    PRESENTATION = "presentation"
    HEALTH_BREAK = "health_break"
    LUNCH = "lunch"
    DISCUSSION = "discussion"
    RESOLUTIONS = "resolutions"
    SPONSOR_SLOT = "sponsor_slot"
    VOTE_OF_THANKS = "vote_of_thanks"
    RECOGNITION = "recognition"
    BREAKOUT = "breakout"
    CLOSING = "closing"
    DEPARTURE = "departure"
    OTHER = "other"


class PersonRole(enum.Enum):
    CHAIRPERSON = "chairperson"
    PANELIST = "panelist"
    PRESENTER = "presenter"
    FACILITATOR = "facilitator"
    GUEST_OF_HONOUR = "guest_of_honour"
    SPEAKER = "speaker"


class Room(db.Model):
    __tablename__ = "rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    capacity: Mapped[int | None]

    event: Mapped[Event] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("event_id", "name", name="uq_rooms_event_name"),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )


item_groups = sa.Table(
    "programme_item_groups",
    db.metadata,
    sa.Column("item_id", sa.ForeignKey("programme_items.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("group_id", sa.ForeignKey("participant_groups.id", ondelete="CASCADE"), primary_key=True),
)


class ProgrammeItem(TimestampMixin, db.Model):
    __tablename__ = "programme_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    day_id: Mapped[int] = mapped_column(sa.ForeignKey("event_days.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("programme_items.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[time]
    ends_at: Mapped[time | None]  # None: a moment, like "17:15 Departure"
    room_id: Mapped[int | None] = mapped_column(sa.ForeignKey("rooms.id", ondelete="SET NULL"), index=True)
    kind: Mapped[ItemKind] = mapped_column(enum_type(ItemKind, "item_kind"))
    title_sw: Mapped[str] = mapped_column(sa.String(300))
    title_en: Mapped[str] = mapped_column(sa.String(300))
    description_sw: Mapped[str] = mapped_column(sa.Text, default="")
    description_en: Mapped[str] = mapped_column(sa.Text, default="")
    # Who a sponsor slot is for, as printed ("NMB"), until sponsors are records of their own.
    sponsor_label: Mapped[str] = mapped_column(sa.String(120), default="")

    event: Mapped[Event] = relationship()
    day: Mapped[EventDay] = relationship()
    room: Mapped[Room | None] = relationship()
    parent: Mapped["ProgrammeItem | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["ProgrammeItem"]] = relationship(
        back_populates="parent", cascade="all, delete-orphan", order_by="ProgrammeItem.starts_at"
    )
    groups: Mapped[list[ParticipantGroup]] = relationship(secondary=item_groups, order_by="ParticipantGroup.number")
    people: Mapped[list["ItemPerson"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ItemPerson.position"
    )

    __table_args__ = (
        sa.CheckConstraint("ends_at IS NULL OR ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        sa.Index("ix_programme_items_day_start", "day_id", "starts_at"),
    )


class Person(TimestampMixin, db.Model):
    """Someone on the programme (of any edition): a chairperson, panelist, presenter..."""

    __tablename__ = "programme_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    honorific: Mapped[str] = mapped_column(sa.String(40), default="")
    name: Mapped[str] = mapped_column(sa.String(160))
    position: Mapped[str] = mapped_column(sa.String(200), default="")
    institution: Mapped[str] = mapped_column(sa.String(200), default="")
    email: Mapped[str | None] = mapped_column(sa.String(254))

    roles: Mapped[list["ItemPerson"]] = relationship(back_populates="person", cascade="all, delete-orphan")

    __table_args__ = (sa.UniqueConstraint("email", name="uq_programme_people_email"),)

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.name}".strip()


class ItemPerson(db.Model):
    __tablename__ = "programme_item_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("programme_items.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("programme_people.id", ondelete="CASCADE"), index=True)
    role: Mapped[PersonRole] = mapped_column(enum_type(PersonRole, "person_role"))
    position: Mapped[int] = mapped_column(default=0)

    item: Mapped[ProgrammeItem] = relationship(back_populates="people")
    person: Mapped[Person] = relationship(back_populates="roles")

    __table_args__ = (sa.UniqueConstraint("item_id", "person_id", "role", name="uq_programme_item_people_role"),)


class BreakoutGroup(db.Model):
    __tablename__ = "breakout_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("programme_items.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(sa.String(160))
    room_id: Mapped[int | None] = mapped_column(sa.ForeignKey("rooms.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship()
    item: Mapped[ProgrammeItem | None] = relationship()
    room: Mapped[Room | None] = relationship()
    members: Mapped[list["BreakoutMember"]] = relationship(back_populates="breakout", cascade="all, delete-orphan")

    __table_args__ = (sa.UniqueConstraint("event_id", "name", name="uq_breakout_groups_event_name"),)


class BreakoutMember(db.Model):
    """An institution (all its participants) or one registration assigned to a breakout group."""

    __tablename__ = "breakout_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The event again (it is the breakout group's) so the database itself keeps an
    # institution or a participant in one breakout group per event.
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    breakout_id: Mapped[int] = mapped_column(sa.ForeignKey("breakout_groups.id", ondelete="CASCADE"), index=True)
    institution_id: Mapped[int | None] = mapped_column(sa.ForeignKey("institutions.id", ondelete="CASCADE"))
    registration_id: Mapped[int | None] = mapped_column(sa.ForeignKey("registrations.id", ondelete="CASCADE"))

    breakout: Mapped[BreakoutGroup] = relationship(back_populates="members")
    institution = relationship("Institution")
    registration = relationship("Registration")

    __table_args__ = (
        sa.CheckConstraint(
            "(institution_id IS NULL) <> (registration_id IS NULL)", name="one_kind_of_member"
        ),
        sa.UniqueConstraint("event_id", "institution_id", name="uq_breakout_members_event_institution"),
        sa.UniqueConstraint("event_id", "registration_id", name="uq_breakout_members_event_registration"),
    )
