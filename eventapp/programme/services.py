"""Rules for the programme: rooms, people on the programme, items and their sub-items,
moving and copying, people's roles, and the conflicts the editor warns about.

Hard refusals (a DomainError naming the field, nothing changed) are for what can never be
right: an end before the start, a time outside the day's opening hours, an unknown room or
group, a day of another event, a session on another day. What is merely unwise (two items
in one room, a person in two places, a group that is not there that day, a sub-item
outside its session) is allowed and reported by `conflicts_for_day` / `conflicts_for_event`.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from eventapp.core.errors import DomainError
from eventapp.events.models import Event, EventDay
from eventapp.extensions import db
from eventapp.programme.messages import clock, span
from eventapp.programme.models import (
    ItemKind,
    ItemPerson,
    Person,
    PersonRole,
    ProgrammeItem,
    Room,
)
from eventapp.programme.people import PersonDetails, apply_person, clean_person
from eventapp.programme.refusals import check_length, commit_or_refuse, refuse

# Items --------------------------------------------------------------------------------


@dataclass
class ItemDetails:
    """What an organiser gives for a programme item (ids, not objects: plain values)."""

    day_id: int | None
    starts_at: time | None
    kind: ItemKind | str
    title_sw: str = ""
    title_en: str = ""
    ends_at: time | None = None
    room_id: int | None = None
    group_ids: list[int] = field(default_factory=list)
    description_sw: str = ""
    description_en: str = ""
    sponsor_label: str = ""
    parent_id: int | None = None


def _event_day(event: Event, day_id: int | None, field_name: str = "day_id") -> EventDay:
    day = db.session.get(EventDay, day_id) if day_id else None
    if day is None or day.event_id != event.id:
        refuse(_("Choose a day of this event."), field_name)
    return day


def _check_times_in_day(day: EventDay, starts_at: time, ends_at: time | None, field_prefix: str = "") -> None:
    """A hard rule: the item lies within the day's opening hours."""
    hours = {"opens": clock(day.opens_at), "closes": clock(day.closes_at)}
    if starts_at < day.opens_at or starts_at > day.closes_at:
        refuse(_("The day runs from %(opens)s to %(closes)s; start within those hours.", **hours),
                f"{field_prefix}starts_at")
    if ends_at is not None and ends_at > day.closes_at:
        refuse(_("The day runs from %(opens)s to %(closes)s; end by %(closes)s.", **hours),
                f"{field_prefix}ends_at")


def _fits_day(day: EventDay, starts_at: time, ends_at: time | None) -> bool:
    return day.opens_at <= starts_at <= day.closes_at and (ends_at is None or ends_at <= day.closes_at)


def _kind(value: ItemKind | str) -> ItemKind:
    if isinstance(value, ItemKind):
        return value
    try:
        return ItemKind(value)
    except ValueError:
        refuse(_("Choose what kind of item this is."), "kind")


def _role(value: PersonRole | str) -> PersonRole:
    if isinstance(value, PersonRole):
        return value
    try:
        return PersonRole(value)
    except ValueError:
        refuse(_("Choose the person's role."), "role")


def _check_item(event: Event, details: ItemDetails, item: ProgrammeItem | None = None):
    """Every hard rule of an item; returns what to store (day, kind, room, groups, parent)."""
    day = _event_day(event, details.day_id)
    kind = _kind(details.kind)
    if details.starts_at is None:
        refuse(_("Give the start time."), "starts_at")
    if details.ends_at is not None and details.ends_at <= details.starts_at:
        refuse(_("The item must end after it starts."), "ends_at")
    _check_times_in_day(day, details.starts_at, details.ends_at)

    room = None
    if details.room_id is not None:
        room = db.session.get(Room, details.room_id)
        if room is None or room.event_id != event.id:
            refuse(_("Choose one of this event's rooms."), "room_id")

    wanted = set(details.group_ids or [])
    groups = [g for g in event.groups if g.id in wanted]
    if len(groups) != len(wanted):
        refuse(_("Choose groups of this event."), "group_ids")

    title_sw, title_en = (details.title_sw or "").strip(), (details.title_en or "").strip()
    if not title_sw and not title_en:
        refuse(_("Give the item a title in Swahili or English."), "title_sw")
    check_length(title_sw, 300, "title_sw")
    check_length(title_en, 300, "title_en")
    check_length((details.sponsor_label or "").strip(), 120, "sponsor_label")

    parent = None
    if details.parent_id is not None:
        parent = db.session.get(ProgrammeItem, details.parent_id)
        if parent is None or parent.event_id != event.id:
            refuse(_("Choose a session of this event."), "parent_id")
        if item is not None and parent.id == item.id:
            refuse(_("An item cannot be inside itself."), "parent_id")
        if parent.parent_id is not None:
            refuse(_("Choose a session, not one of its sub-items."), "parent_id")
        if item is not None and item.children:
            refuse(_("This item has sub-items of its own, so it cannot go inside another item."), "parent_id")
        if parent.day_id != day.id:
            refuse(_("A sub-item must be on the same day as its session."), "parent_id")
    return day, kind, room, groups, parent


def _apply_item(item: ProgrammeItem, details: ItemDetails, checked) -> None:
    day, kind, room, groups, parent = checked
    # Foreign keys, not relationships: taking an item out of its session through
    # `item.parent = None` would make it an orphan, which the cascade deletes.
    item.day_id = day.id
    item.room_id = room.id if room else None
    item.parent_id = parent.id if parent else None
    item.kind = kind
    item.starts_at, item.ends_at = details.starts_at, details.ends_at
    item.groups = groups
    item.title_sw, item.title_en = (details.title_sw or "").strip(), (details.title_en or "").strip()
    item.description_sw = (details.description_sw or "").strip()
    item.description_en = (details.description_en or "").strip()
    item.sponsor_label = (details.sponsor_label or "").strip()


def create_item(event: Event, details: ItemDetails) -> ProgrammeItem:
    """Add an item (or a sub-item of a session) to a day of the event."""
    checked = _check_item(event, details)
    item = ProgrammeItem(event_id=event.id)
    _apply_item(item, details, checked)
    db.session.add(item)
    db.session.commit()
    return item


def update_item(item: ProgrammeItem, details: ItemDetails) -> ProgrammeItem:
    """Change an item. Its sub-items keep their times; if the item goes to another day they
    go with it (a sub-item is always on its session's day) and must fit that day too."""
    checked = _check_item(item.event, details, item)
    day = checked[0]
    if day.id != item.day_id:
        for child in item.children:
            if not _fits_day(day, child.starts_at, child.ends_at):
                refuse(_("A sub-item (%(time)s) would fall outside that day's hours; move it first.",
                          time=span(child.starts_at, child.ends_at)), "day_id")
    _apply_item(item, details, checked)
    for child in item.children:
        child.day_id = day.id
    db.session.commit()
    return item


def _shifted(value: time, delta: timedelta) -> time | None:
    """`value` moved by `delta`, or None when that leaves the calendar day."""
    moved = datetime.combine(date(2000, 1, 2), value) + delta
    return moved.time() if moved.date() == date(2000, 1, 2) else None


def move_item(item: ProgrammeItem, day_id: int | None, starts_at: time | None) -> ProgrammeItem:
    """Move an item to another day and/or start time, keeping its length; its sub-items
    move with it and keep their offsets from its start."""
    day = _event_day(item.event, day_id)
    if starts_at is None:
        refuse(_("Give the new start time."), "starts_at")
    if item.parent is not None and item.parent.day_id != day.id:
        refuse(_("A sub-item stays on its session's day; move the session instead."), "day_id")
    delta = datetime.combine(date.min, starts_at) - datetime.combine(date.min, item.starts_at)
    moves = []
    for moving in [item, *item.children]:
        new_start = _shifted(moving.starts_at, delta)
        new_end = _shifted(moving.ends_at, delta) if moving.ends_at is not None else None
        leaves_the_day = new_start is None or (moving.ends_at is not None and new_end is None)
        hours = {"opens": clock(day.opens_at), "closes": clock(day.closes_at)}
        if moving is item:
            # The length stays, so only the start can be corrected: the message goes beside it.
            if leaves_the_day:
                refuse(_("That would run past midnight; the day runs from %(opens)s to %(closes)s.", **hours),
                        "starts_at")
            if not _fits_day(day, new_start, new_end):
                refuse(_("The day runs from %(opens)s to %(closes)s; moved there, the item would be at %(time)s.",
                          time=span(new_start, new_end), **hours), "starts_at")
        elif leaves_the_day or not _fits_day(day, new_start, new_end):
            refuse(_("A sub-item (%(time)s) would fall outside the day's hours (%(opens)s–%(closes)s).",
                      time=span(moving.starts_at, moving.ends_at), **hours), "starts_at")
        moves.append((moving, new_start, new_end))
    for moving, new_start, new_end in moves:
        moving.day_id = day.id
        moving.starts_at, moving.ends_at = new_start, new_end
    db.session.commit()
    return item


def delete_item(item: ProgrammeItem) -> None:
    """Remove an item; its sub-items and people's roles on them go with it."""
    db.session.delete(item)
    db.session.commit()


def day_items(day: EventDay) -> list[ProgrammeItem]:
    """The day's items in time order (sessions before their own sub-items), with their room,
    groups, people and sub-items loaded."""
    return list(
        db.session.scalars(
            sa.select(ProgrammeItem)
            .where(ProgrammeItem.day_id == day.id)
            .options(
                joinedload(ProgrammeItem.room),
                selectinload(ProgrammeItem.groups),
                selectinload(ProgrammeItem.people).joinedload(ItemPerson.person),
                selectinload(ProgrammeItem.children),
            )
            .order_by(ProgrammeItem.starts_at, ProgrammeItem.parent_id.is_not(None), ProgrammeItem.id)
        )
    )


def item_counts(event: Event) -> dict[int, int]:
    """How many items each day of the event has, by day id."""
    rows = db.session.execute(
        sa.select(ProgrammeItem.day_id, sa.func.count(ProgrammeItem.id))
        .where(ProgrammeItem.event_id == event.id)
        .group_by(ProgrammeItem.day_id)
    )
    return {day_id: n for day_id, n in rows}


def copy_day(source: EventDay, target_day_id: int) -> int:
    """Copy every item of `source` (with sub-items, groups, people and rooms) to another day
    of the same event that has no items yet. Returns how many items were copied."""
    target = _event_day(source.event, target_day_id, "target_day_id")
    if target.id == source.id:
        refuse(_("Choose another day to copy to."), "target_day_id")
    if db.session.scalar(sa.select(ProgrammeItem.id).where(ProgrammeItem.day_id == target.id).limit(1)):
        refuse(_("That day already has items; copy only to a day with an empty programme."), "target_day_id")
    items = day_items(source)
    if not items:
        refuse(_("This day has no items to copy."), "target_day_id")
    for item in items:
        if not _fits_day(target, item.starts_at, item.ends_at):
            refuse(_("%(time)s is outside that day's hours (%(opens)s–%(closes)s).",
                      time=span(item.starts_at, item.ends_at), opens=clock(target.opens_at),
                      closes=clock(target.closes_at)), "target_day_id")

    def clone(item: ProgrammeItem, parent: ProgrammeItem | None) -> ProgrammeItem:
        copy = ProgrammeItem(
            event_id=item.event_id, day=target, parent=parent, starts_at=item.starts_at, ends_at=item.ends_at,
            room_id=item.room_id, kind=item.kind, title_sw=item.title_sw, title_en=item.title_en,
            description_sw=item.description_sw, description_en=item.description_en,
            sponsor_label=item.sponsor_label, groups=list(item.groups),
        )
        copy.people = [ItemPerson(person_id=p.person_id, role=p.role, position=p.position) for p in item.people]
        db.session.add(copy)
        return copy

    copies = {}
    for item in items:
        if item.parent_id is None:
            copies[item.id] = clone(item, None)
    for item in items:
        if item.parent_id is not None:
            clone(item, copies[item.parent_id])
    db.session.commit()
    return len(items)


# People's roles on items ----------------------------------------------------------------


def _next_position(item: ProgrammeItem) -> int:
    return max((p.position for p in item.people), default=-1) + 1


def assign_person(item: ProgrammeItem, person: Person, role: PersonRole | str) -> ItemPerson:
    """Give a person a role on an item (chairperson, panelist...); once per person and role."""
    role = _role(role)
    if person is None:
        refuse(_("Choose a person, or add a new one."), "person_id")
    if any(p.person_id == person.id and p.role is role for p in item.people):
        refuse(_("%(name)s already has this role on this item.", name=person.display_name), "person_id")
    link = ItemPerson(item=item, person=person, role=role, position=_next_position(item))
    db.session.add(link)
    commit_or_refuse(_("%(name)s already has this role on this item.", name=person.display_name), "person_id")
    return link


def assign_new_person(item: ProgrammeItem, details: PersonDetails, role: PersonRole | str) -> ItemPerson:
    """Add a new person and give them a role on the item, in one step."""
    role = _role(role)
    clean = clean_person(details)
    person = Person()
    apply_person(person, clean)
    db.session.add(person)
    link = ItemPerson(item=item, person=person, role=role, position=_next_position(item))
    db.session.add(link)
    commit_or_refuse(_("Another person on the programme has this email address."), "email")
    return link


def remove_person(link: ItemPerson) -> None:
    """Take a person's role off an item (the person stays in the people list)."""
    db.session.delete(link)
    db.session.commit()


def check_day_hours(day: EventDay, opens_at: time, closes_at: time) -> None:
    """New opening hours of a day must still hold its programme (registered with the events
    area as one of its DAY_HOURS_CHECKS)."""
    first, last = db.session.execute(
        sa.select(
            sa.func.min(ProgrammeItem.starts_at),
            sa.func.max(sa.func.coalesce(ProgrammeItem.ends_at, ProgrammeItem.starts_at)),
        ).where(ProgrammeItem.day_id == day.id)
    ).one()
    if first is not None and first < opens_at:
        raise DomainError(
            _("The programme of this day starts at %(time)s; open by then or move those items first.",
              time=first.strftime("%H:%M")),
            field="opens_at",
        )
    if last is not None and last > closes_at:
        raise DomainError(
            _("The programme of this day runs until %(time)s; close after that or move those items first.",
              time=last.strftime("%H:%M")),
            field="closes_at",
        )
