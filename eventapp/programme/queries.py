"""Reading the programme for the public pages and the exports (no writes here).

A timetable is read in a fixed handful of queries, however many items it has: the items of
the event (optionally of one day) in one query with their day, room and parent joined,
then their groups and people (with each person) by `selectinload`. The sub-items are put
under their session in Python (`set_committed_value`), so walking `item.children` in a
template, the PDF or the iCal never goes back to the database.

Which items a group sees: those that list the group, and those that list no group at all
(for everyone present that day) on a day the group attends. A sub-item follows its session.
"""
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from eventapp.events.models import Event, EventDay, ParticipantGroup
from eventapp.events.services import PUBLIC_STATUSES
from eventapp.extensions import db
from eventapp.programme.models import ItemKind, ItemPerson, ProgrammeItem


@dataclass
class DayTimetable:
    """One day of a timetable: its top-level items in time order, sub-items inside them."""

    day: EventDay
    items: list[ProgrammeItem] = field(default_factory=list)

    def walk(self):
        """Every item of the day with its depth (0 for a top-level item), in printed order."""
        for item in self.items:
            yield from _walk(item, 0)


def _walk(item: ProgrammeItem, depth: int):
    yield item, depth
    for child in item.children:
        yield from _walk(child, depth + 1)


def _item_options():
    return (
        joinedload(ProgrammeItem.day),
        joinedload(ProgrammeItem.room),
        selectinload(ProgrammeItem.groups),
        selectinload(ProgrammeItem.people).joinedload(ItemPerson.person),
    )


def _order_key(item: ProgrammeItem):
    return (item.day.date, item.starts_at, item.ends_at or item.starts_at, item.id)


def _assemble(items: list[ProgrammeItem]) -> list[ProgrammeItem]:
    """Put each item under its parent; return the top-level items in time order."""
    by_parent: dict[int | None, list[ProgrammeItem]] = {}
    known = {item.id for item in items}
    for item in items:
        parent_id = item.parent_id if item.parent_id in known else None
        by_parent.setdefault(parent_id, []).append(item)
    for item in items:
        set_committed_value(item, "children", sorted(by_parent.get(item.id, []), key=_order_key))
    return sorted(by_parent.get(None, []), key=_order_key)


def _is_for_group(item: ProgrammeItem, group: ParticipantGroup, group_day_ids: set[int]) -> bool:
    if item.groups:
        return any(g.id == group.id for g in item.groups)
    return item.day_id in group_day_ids


def timetable(
    event: Event, group: ParticipantGroup | None = None, day: EventDay | None = None
) -> list[DayTimetable]:
    """The event's programme by day, for one group and/or one day, in time order.

    With a group, every day the group attends is listed (an empty one too, so the page
    can say nothing is scheduled yet); without one, the days that have items.
    """
    query = sa.select(ProgrammeItem).where(ProgrammeItem.event_id == event.id).options(*_item_options())
    if day is not None:
        query = query.where(ProgrammeItem.day_id == day.id)
    roots = _assemble(list(db.session.scalars(query).unique()))
    days: dict[int, DayTimetable] = {}
    if group is not None:
        attended = group_days(group)
        group_day_ids = {d.id for d in attended}
        roots = [item for item in roots if _is_for_group(item, group, group_day_ids)]
        for attended_day in attended:
            if day is None or attended_day.id == day.id:
                days[attended_day.id] = DayTimetable(attended_day)
    for item in roots:
        days.setdefault(item.day_id, DayTimetable(item.day)).items.append(item)
    return sorted(days.values(), key=lambda d: d.day.date)


def group_days(group: ParticipantGroup) -> list[EventDay]:
    """The days a group attends, in date order."""
    return sorted(group.days, key=lambda d: d.date)


def group_by_number(event: Event, number: int) -> ParticipantGroup | None:
    return next((g for g in event.groups if g.number == number), None)


def groups_own_first(event: Event, own_group_id: int | None) -> list[ParticipantGroup]:
    """The event's groups by number, the visitor's own group (if it is one of them) first."""
    groups = sorted(event.groups, key=lambda g: g.number)
    own = [g for g in groups if g.id == own_group_id]
    return own + [g for g in groups if g.id != own_group_id]


def person_items(person_id: int) -> list[ProgrammeItem]:
    """The items a person is on (any role), in published editions only, in time order.

    A sub-item comes with its session loaded (as `parent`) so its context can be named.
    """
    query = (
        sa.select(ProgrammeItem)
        .join(ProgrammeItem.event)
        .where(
            Event.status.in_(PUBLIC_STATUSES),
            ProgrammeItem.id.in_(sa.select(ItemPerson.item_id).where(ItemPerson.person_id == person_id)),
        )
        .options(*_item_options(), joinedload(ProgrammeItem.event), joinedload(ProgrammeItem.parent))
    )
    return sorted(db.session.scalars(query).unique(), key=_order_key)


def sponsor_labels(days: list[DayTimetable]) -> list[str]:
    """The sponsors named by sponsor slots, once each, in the order they appear."""
    labels: list[str] = []
    for day in days:
        for item, _depth in day.walk():
            label = item.sponsor_label.strip()
            if item.kind is ItemKind.SPONSOR_SLOT and label and label not in labels:
                labels.append(label)
    return labels


def people_in(days: list[DayTimetable]) -> list:
    """Everyone on these days' items, once each, by name."""
    people = {}
    for day in days:
        for item, _depth in day.walk():
            for role in item.people:
                people.setdefault(role.person.id, role.person)
    return sorted(people.values(), key=lambda p: (p.name.lower(), p.id))
