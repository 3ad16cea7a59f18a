"""Rules for events, their days, participant groups and committees."""
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, time

import sqlalchemy as sa
from flask_babel import gettext as _

from eventapp.core import audit
from eventapp.core.errors import DomainError
from eventapp.events.models import (
    Committee,
    CommitteeMember,
    CommitteeRole,
    Event,
    EventDay,
    EventStatus,
    ParticipantGroup,
)
from eventapp.extensions import db

# Where an event may go next; an organiser can step back one state if they slipped.
STATUS_TRANSITIONS = {
    EventStatus.DRAFT: {EventStatus.OPEN},
    EventStatus.OPEN: {EventStatus.CLOSED, EventStatus.DRAFT},
    EventStatus.CLOSED: {EventStatus.ARCHIVED, EventStatus.OPEN},
    EventStatus.ARCHIVED: {EventStatus.CLOSED},
}
PUBLIC_STATUSES = (EventStatus.OPEN, EventStatus.CLOSED, EventStatus.ARCHIVED)


@dataclass
class EventDetails:
    edition: int
    title_sw: str
    title_en: str
    theme_sw: str
    theme_en: str
    venue: str
    city: str
    starts_on: date
    ends_on: date
    registration_opens_on: date
    registration_closes_on: date


def current_event() -> Event | None:
    """The edition the public home page shows: the latest one that is not a draft."""
    return db.session.scalar(
        sa.select(Event)
        .where(Event.status.in_(PUBLIC_STATUSES))
        .order_by(Event.starts_on.desc())
        .limit(1)
    )


def public_event(edition: int) -> Event | None:
    return db.session.scalar(
        sa.select(Event).where(Event.edition == edition, Event.status.in_(PUBLIC_STATUSES))
    )


def list_events() -> list[Event]:
    return list(db.session.scalars(sa.select(Event).order_by(Event.starts_on.desc())))


def _check_event_details(details: EventDetails, event: Event | None = None) -> None:
    if details.edition is None or details.edition < 1:
        raise DomainError(_("The edition must be a positive number."), field="edition")
    if details.ends_on < details.starts_on:
        raise DomainError(_("The event cannot end before it starts."), field="ends_on")
    if details.registration_closes_on < details.registration_opens_on:
        raise DomainError(
            _("Registration cannot close before it opens."), field="registration_closes_on"
        )
    if details.registration_closes_on > details.ends_on:
        raise DomainError(
            _("Registration must close by the last day of the event."),
            field="registration_closes_on",
        )
    clash = db.session.scalar(
        sa.select(Event.id).where(
            Event.edition == details.edition, Event.id != (event.id if event else -1)
        )
    )
    if clash is not None:
        raise DomainError(
            _("Edition %(n)d already exists.", n=details.edition), field="edition"
        )
    if event is not None:
        outside = [d for d in event.days if not details.starts_on <= d.date <= details.ends_on]
        if outside:
            raise DomainError(
                _(
                    "The day %(day)s would fall outside the event; move or delete it first.",
                    day=outside[0].date.isoformat(),
                ),
                field="starts_on" if outside[0].date < details.starts_on else "ends_on",
            )


def _commit_or_refuse(message: str, field: str | None = None) -> None:
    """Commit; a unique constraint lost to a concurrent request becomes a clear refusal."""
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise DomainError(message, field=field) from None


def create_event(details: EventDetails, actor_id: int | None = None) -> Event:
    """Create an edition in draft; refuses bad dates and a duplicate edition number."""
    _check_event_details(details)
    event = Event(**{f.name: getattr(details, f.name) for f in fields(details)})
    db.session.add(event)
    audit.record(actor_id, "event.create", f"edition:{details.edition}")
    _commit_or_refuse(_("Edition %(n)d already exists.", n=details.edition), field="edition")
    return event


def update_event(event: Event, details: EventDetails, actor_id: int | None = None) -> Event:
    """Change an edition's details; its days must still fall inside its dates."""
    _check_event_details(details, event)
    for f in fields(details):
        setattr(event, f.name, getattr(details, f.name))
    audit.record(actor_id, "event.update", f"edition:{details.edition}")
    _commit_or_refuse(_("Edition %(n)d already exists.", n=details.edition), field="edition")
    return event


def change_status(event: Event, new_status: EventStatus, actor_id: int | None = None) -> Event:
    """Move an event along draft → open → closed → archived (or one step back)."""
    if new_status not in STATUS_TRANSITIONS[event.status]:
        raise DomainError(
            _(
                "An event that is %(old)s cannot become %(new)s.",
                old=status_label(event.status),
                new=status_label(new_status),
            )
        )
    if new_status is EventStatus.OPEN and not event.groups:
        raise DomainError(_("Add at least one participant group before opening the event."))
    audit.record(actor_id, "event.status", f"edition:{event.edition}", f"{event.status.value} -> {new_status.value}")
    event.status = new_status
    db.session.commit()
    return event


def status_label(status: EventStatus) -> str:
    return {
        EventStatus.DRAFT: _("draft"),
        EventStatus.OPEN: _("open"),
        EventStatus.CLOSED: _("closed"),
        EventStatus.ARCHIVED: _("archived"),
    }[status]


# Days ---------------------------------------------------------------------------------


def _check_day(event: Event, day_date: date, day: EventDay | None = None) -> None:
    if not event.starts_on <= day_date <= event.ends_on:
        raise DomainError(
            _(
                "The day must be between %(start)s and %(end)s.",
                start=event.starts_on.isoformat(),
                end=event.ends_on.isoformat(),
            ),
            field="date",
        )
    if any(d.date == day_date and d is not day for d in event.days):
        raise DomainError(_("This event already has that day."), field="date")


# Later areas (the programme) add checks that a day's new opening hours must pass; events
# depend on no area built on top of them.
DAY_HOURS_CHECKS: list[Callable[[EventDay, time, time], None]] = []


def _check_hours(opens_at: time, closes_at: time, day: EventDay | None = None) -> None:
    if closes_at <= opens_at:
        raise DomainError(_("The day must close after it opens."), field="closes_at")
    if day is None or day.id is None:
        return
    for check in DAY_HOURS_CHECKS:
        check(day, opens_at, closes_at)


def add_day(
    event: Event,
    day_date: date,
    label_sw: str = "",
    label_en: str = "",
    opens_at: time | None = None,
    closes_at: time | None = None,
) -> EventDay:
    """Add a day inside the event's dates; each date only once; it closes after it opens."""
    _check_day(event, day_date)
    opens_at, closes_at = opens_at or time(7, 0), closes_at or time(18, 0)
    _check_hours(opens_at, closes_at)
    day = EventDay(
        event=event, date=day_date, label_sw=label_sw.strip(), label_en=label_en.strip(),
        opens_at=opens_at, closes_at=closes_at,
    )
    db.session.add(day)
    _commit_or_refuse(_("This event already has that day."), field="date")
    return day


def update_day(
    day: EventDay,
    day_date: date,
    label_sw: str = "",
    label_en: str = "",
    opens_at: time | None = None,
    closes_at: time | None = None,
) -> EventDay:
    """Change a day; new opening hours (None keeps the current ones) must hold its programme."""
    _check_day(day.event, day_date, day)
    opens_at, closes_at = opens_at or day.opens_at, closes_at or day.closes_at
    _check_hours(opens_at, closes_at, day)
    day.date, day.label_sw, day.label_en = day_date, label_sw.strip(), label_en.strip()
    day.opens_at, day.closes_at = opens_at, closes_at
    _commit_or_refuse(_("This event already has that day."), field="date")
    return day


def delete_day(day: EventDay) -> None:
    """Remove a day, unless it is the only day some group attends."""
    stranded = [g for g in day.groups if len(g.days) == 1]
    if stranded:
        raise DomainError(
            _("%(group)s attends only this day; give the group another day first.", group=stranded[0].name_en)
        )
    db.session.delete(day)
    db.session.commit()


# Groups -------------------------------------------------------------------------------


@dataclass
class GroupDetails:
    number: int
    name_sw: str
    name_en: str
    description_sw: str
    description_en: str
    colour: str
    day_ids: list[int]


def _days_for_group(event: Event, day_ids: list[int]) -> list[EventDay]:
    by_id = {d.id: d for d in event.days}
    unknown = [i for i in day_ids if i not in by_id]
    if unknown:
        raise DomainError(_("Choose days of this event only."), field="day_ids")
    if not day_ids:
        raise DomainError(_("Choose at least one day for the group."), field="day_ids")
    return [by_id[i] for i in sorted(set(day_ids), key=lambda i: by_id[i].date)]


def _apply_group(group: ParticipantGroup, event: Event, details: GroupDetails) -> None:
    if details.number is None or details.number < 1:
        raise DomainError(_("The group number must be a positive number."), field="number")
    if any(g.number == details.number and g is not group for g in event.groups):
        raise DomainError(_("Group %(n)d already exists.", n=details.number), field="number")
    group.days = _days_for_group(event, details.day_ids)
    group.number = details.number
    group.name_sw, group.name_en = details.name_sw.strip(), details.name_en.strip()
    group.description_sw = details.description_sw.strip()
    group.description_en = details.description_en.strip()
    group.colour = details.colour


def create_group(event: Event, details: GroupDetails) -> ParticipantGroup:
    """Add a participant group attending some of the event's days."""
    group = ParticipantGroup(event_id=event.id)
    _apply_group(group, event, details)
    group.event = event
    db.session.add(group)
    _commit_or_refuse(_("Group %(n)d already exists.", n=details.number), field="number")
    return group


def update_group(group: ParticipantGroup, details: GroupDetails) -> ParticipantGroup:
    _apply_group(group, group.event, details)
    _commit_or_refuse(_("Group %(n)d already exists.", n=details.number), field="number")
    return group


def delete_group(group: ParticipantGroup) -> None:
    db.session.delete(group)
    db.session.commit()


# Committees ---------------------------------------------------------------------------


def save_committee(
    event: Event,
    name_sw: str,
    name_en: str,
    remit_sw: str = "",
    remit_en: str = "",
    committee: Committee | None = None,
) -> Committee:
    """Create or rename a committee; names are unique within an event."""
    name_sw, name_en = name_sw.strip(), name_en.strip()
    # Either language's name alone must tell the committees apart: Swahili readers see only name_sw.
    others = [c for c in event.committees if c is not committee]
    if any(c.name_en.lower() == name_en.lower() for c in others):
        raise DomainError(_("A committee with this name already exists."), field="name_en")
    if any(c.name_sw.lower() == name_sw.lower() for c in others):
        raise DomainError(_("A committee with this name already exists."), field="name_sw")
    if committee is None:
        committee = Committee(event=event)
        db.session.add(committee)
    committee.name_sw, committee.name_en = name_sw, name_en
    committee.remit_sw, committee.remit_en = remit_sw.strip(), remit_en.strip()
    _commit_or_refuse(_("A committee with this name already exists."), field="name_en")
    return committee


def delete_committee(committee: Committee) -> None:
    db.session.delete(committee)
    db.session.commit()


def add_member(
    committee: Committee,
    name: str,
    role: CommitteeRole = CommitteeRole.MEMBER,
    position: str = "",
    institution: str = "",
    email: str | None = None,
) -> CommitteeMember:
    """Add a member; a committee has at most one chair."""
    if role is CommitteeRole.CHAIR and any(m.role is CommitteeRole.CHAIR for m in committee.members):
        raise DomainError(_("This committee already has a chairperson."), field="role")
    member = CommitteeMember(
        committee=committee,
        name=name.strip(),
        role=role,
        position=position.strip(),
        institution=institution.strip(),
        email=(email or "").strip().lower() or None,
    )
    db.session.add(member)
    db.session.commit()
    return member


def remove_member(member: CommitteeMember) -> None:
    db.session.delete(member)
    db.session.commit()
