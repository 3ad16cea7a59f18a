"""Rooms of an event: named once per event; one in use cannot be deleted."""

import sqlalchemy as sa
from flask_babel import gettext as _

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.programme.models import (
    BreakoutGroup,
    ProgrammeItem,
    Room,
)
from eventapp.programme.refusals import check_length, commit_or_refuse, refuse

# Rooms --------------------------------------------------------------------------------


def list_rooms(event: Event) -> list[Room]:
    return list(db.session.scalars(sa.select(Room).where(Room.event_id == event.id).order_by(Room.name)))


def _check_room(event: Event, name: str, capacity: int | None, room: Room | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        refuse(_("Give the room a name."), "name")
    check_length(name, 120, "name")
    if capacity is not None and capacity < 1:
        refuse(_("The capacity must be a positive number, or empty."), "capacity")
    clash = db.session.scalar(
        sa.select(Room.id).where(
            Room.event_id == event.id,
            sa.func.lower(Room.name) == name.lower(),
            Room.id != (room.id if room is not None else -1),
        )
    )
    if clash is not None:
        refuse(_("This event already has a room called %(name)s.", name=name), "name")
    return name


def create_room(event: Event, name: str, capacity: int | None = None) -> Room:
    """Add a room to an event; names are unique within the event (whatever the case)."""
    name = _check_room(event, name, capacity)
    room = Room(event_id=event.id, name=name, capacity=capacity)
    db.session.add(room)
    commit_or_refuse(_("This event already has a room called %(name)s.", name=name), "name")
    return room


def update_room(room: Room, name: str, capacity: int | None = None) -> Room:
    """Rename a room or change its capacity."""
    name = _check_room(room.event, name, capacity, room)
    room.name, room.capacity = name, capacity
    commit_or_refuse(_("This event already has a room called %(name)s.", name=name), "name")
    return room


def room_usage(room: Room) -> int:
    """How many programme items and breakout groups take place in the room."""
    items = db.session.scalar(sa.select(sa.func.count(ProgrammeItem.id)).where(ProgrammeItem.room_id == room.id))
    breakouts = db.session.scalar(
        sa.select(sa.func.count(BreakoutGroup.id)).where(BreakoutGroup.room_id == room.id)
    )
    return items + breakouts


def delete_room(room: Room) -> None:
    """Remove a room nobody uses; a room in use is refused (move its items first), so no
    item silently loses its place."""
    used = room_usage(room)
    if used:
        refuse(
            _("%(name)s is used by %(n)d items or breakout groups; give them another room first.",
              name=room.name, n=used)
        )
    db.session.delete(room)
    db.session.commit()
