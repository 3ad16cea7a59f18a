"""An Event is one edition of the annual meeting; it has days, groups and committees."""
import enum
from datetime import date, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.core.models import TimestampMixin, enum_type
from eventapp.extensions import db


class EventStatus(enum.Enum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    ARCHIVED = "archived"


class Event(TimestampMixin, db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition: Mapped[int] = mapped_column(unique=True)
    title_sw: Mapped[str] = mapped_column(sa.String(200))
    title_en: Mapped[str] = mapped_column(sa.String(200))
    theme_sw: Mapped[str] = mapped_column(sa.String(300))
    theme_en: Mapped[str] = mapped_column(sa.String(300))
    venue: Mapped[str] = mapped_column(sa.String(200))
    city: Mapped[str] = mapped_column(sa.String(100))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    registration_opens_on: Mapped[date]
    registration_closes_on: Mapped[date]
    status: Mapped[EventStatus] = mapped_column(
        enum_type(EventStatus, "event_status"), default=EventStatus.DRAFT
    )

    days: Mapped[list["EventDay"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventDay.date"
    )
    groups: Mapped[list["ParticipantGroup"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="ParticipantGroup.number"
    )
    committees: Mapped[list["Committee"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Committee.name_en"
    )

    __table_args__ = (
        sa.CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        sa.CheckConstraint(
            "registration_closes_on >= registration_opens_on", name="registration_window"
        ),
        sa.CheckConstraint("registration_closes_on <= ends_on", name="registration_closes_by_end"),
        sa.CheckConstraint("edition > 0", name="edition_positive"),
    )

    @property
    def year(self) -> int:
        return self.starts_on.year

    def __repr__(self) -> str:
        return f"<Event {self.edition} {self.year}>"


group_days = sa.Table(
    "group_days",
    db.metadata,
    sa.Column("group_id", sa.ForeignKey("participant_groups.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("day_id", sa.ForeignKey("event_days.id", ondelete="CASCADE"), primary_key=True),
)


class EventDay(db.Model):
    __tablename__ = "event_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    date: Mapped[date]
    label_sw: Mapped[str] = mapped_column(sa.String(200), default="")
    label_en: Mapped[str] = mapped_column(sa.String(200), default="")
    # The programme of the day must fit between these times.
    opens_at: Mapped[time] = mapped_column(default=time(7, 0), server_default="07:00:00")
    closes_at: Mapped[time] = mapped_column(default=time(18, 0), server_default="18:00:00")

    event: Mapped[Event] = relationship(back_populates="days")
    groups: Mapped[list["ParticipantGroup"]] = relationship(
        secondary=group_days, back_populates="days", order_by="ParticipantGroup.number"
    )

    __table_args__ = (
        sa.UniqueConstraint("event_id", "date", name="uq_event_days_event_date"),
        sa.CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
    )


class ParticipantGroup(db.Model):
    __tablename__ = "participant_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    name_sw: Mapped[str] = mapped_column(sa.String(120))
    name_en: Mapped[str] = mapped_column(sa.String(120))
    description_sw: Mapped[str] = mapped_column(sa.Text, default="")
    description_en: Mapped[str] = mapped_column(sa.Text, default="")
    colour: Mapped[str] = mapped_column(sa.String(7), default="#1f6f43")

    event: Mapped[Event] = relationship(back_populates="groups")
    days: Mapped[list[EventDay]] = relationship(
        secondary=group_days, back_populates="groups", order_by="EventDay.date"
    )

    __table_args__ = (
        sa.UniqueConstraint("event_id", "number", name="uq_participant_groups_event_number"),
        sa.CheckConstraint("number > 0", name="number_positive"),
    )


class CommitteeRole(enum.Enum):
    CHAIR = "chair"
    SECRETARY = "secretary"
    MEMBER = "member"


class Committee(db.Model):
    __tablename__ = "committees"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name_sw: Mapped[str] = mapped_column(sa.String(160))
    name_en: Mapped[str] = mapped_column(sa.String(160))
    remit_sw: Mapped[str] = mapped_column(sa.Text, default="")
    remit_en: Mapped[str] = mapped_column(sa.Text, default="")

    event: Mapped[Event] = relationship(back_populates="committees")
    members: Mapped[list["CommitteeMember"]] = relationship(
        back_populates="committee", cascade="all, delete-orphan", order_by="CommitteeMember.id"
    )

    __table_args__ = (sa.UniqueConstraint("event_id", "name_en", name="uq_committees_event_name_en"),)


class CommitteeMember(db.Model):
    __tablename__ = "committee_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        sa.ForeignKey("committees.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(sa.String(160))
    position: Mapped[str] = mapped_column(sa.String(160), default="")
    institution: Mapped[str] = mapped_column(sa.String(200), default="")
    email: Mapped[str | None] = mapped_column(sa.String(254))
    role: Mapped[CommitteeRole] = mapped_column(
        enum_type(CommitteeRole, "committee_role"), default=CommitteeRole.MEMBER
    )

    committee: Mapped[Committee] = relationship(back_populates="members")
