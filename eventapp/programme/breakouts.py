"""Breakout groups: named groups of an event, each with a room and (optionally) the programme
item they meet in, to which whole institutions or single registrations are assigned.

Rules: a name is given and unique within the event (ignoring case); the room and the item
belong to the event; an institution is in at most one breakout group per event, and so is a
registration. A registration assigned on its own goes to that group even when its
institution is in another one (`breakout_for_registration`).
"""
import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from eventapp.core.errors import DomainError
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.programme.models import BreakoutGroup, BreakoutMember, ProgrammeItem, Room
from eventapp.registration.models import Institution, InstitutionType, Registration

NAME_MAX = 160


def list_breakouts(event: Event) -> list[BreakoutGroup]:
    """The event's breakout groups by name, with their room, item and members loaded."""
    return list(
        db.session.scalars(
            sa.select(BreakoutGroup)
            .where(BreakoutGroup.event_id == event.id)
            .options(
                selectinload(BreakoutGroup.room),
                selectinload(BreakoutGroup.item),
                selectinload(BreakoutGroup.members).selectinload(BreakoutMember.institution),
                selectinload(BreakoutGroup.members).selectinload(BreakoutMember.registration),
            )
            .order_by(BreakoutGroup.name)
        )
    )


def _commit(message: str, field: str | None = None) -> None:
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise DomainError(message, field=field) from error


def _clean_name(event_id: int, name: str | None, breakout: BreakoutGroup | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("Give the breakout group a name."), field="name")
    if len(name) > NAME_MAX:
        raise DomainError(_("Use at most %(num)d characters.", num=NAME_MAX), field="name")
    clash = db.session.scalar(
        sa.select(BreakoutGroup.id).where(
            BreakoutGroup.event_id == event_id,
            sa.func.lower(BreakoutGroup.name) == name.lower(),
            BreakoutGroup.id != (breakout.id if breakout is not None and breakout.id else -1),
        )
    )
    if clash is not None:
        raise DomainError(_("There is already a breakout group called %(name)s.", name=name), field="name")
    return name


def _room(event_id: int, room_id: int | None) -> Room | None:
    if not room_id:
        return None
    room = db.session.get(Room, room_id)
    if room is None or room.event_id != event_id:
        raise DomainError(_("Choose one of this event's rooms."), field="room_id")
    return room


def _item(event_id: int, item_id: int | None) -> ProgrammeItem | None:
    if not item_id:
        return None
    item = db.session.get(ProgrammeItem, item_id)
    if item is None or item.event_id != event_id:
        raise DomainError(_("Choose an item of this event's programme."), field="item_id")
    return item


def create_breakout(event: Event, name: str, room_id: int | None = None, item_id: int | None = None) -> BreakoutGroup:
    """A new breakout group; refused with a DomainError (nothing saved) if a rule is broken."""
    clean = _clean_name(event.id, name)
    room, item = _room(event.id, room_id), _item(event.id, item_id)
    breakout = BreakoutGroup(event_id=event.id, name=clean, room=room, item=item)
    db.session.add(breakout)
    _commit(_("There is already a breakout group called %(name)s.", name=clean), field="name")
    return breakout


def update_breakout(breakout: BreakoutGroup, name: str, room_id: int | None, item_id: int | None) -> BreakoutGroup:
    """Rename a group and set its room and programme item at once (the edit form)."""
    clean = _clean_name(breakout.event_id, name, breakout)
    room, item = _room(breakout.event_id, room_id), _item(breakout.event_id, item_id)
    breakout.name, breakout.room, breakout.item = clean, room, item
    _commit(_("There is already a breakout group called %(name)s.", name=clean), field="name")
    return breakout


def rename_breakout(breakout: BreakoutGroup, name: str) -> BreakoutGroup:
    return update_breakout(breakout, name, breakout.room_id, breakout.item_id)


def set_room(breakout: BreakoutGroup, room_id: int | None) -> BreakoutGroup:
    return update_breakout(breakout, breakout.name, room_id, breakout.item_id)


def set_item(breakout: BreakoutGroup, item_id: int | None) -> BreakoutGroup:
    return update_breakout(breakout, breakout.name, breakout.room_id, item_id)


def delete_breakout(breakout: BreakoutGroup) -> None:
    """Remove a group; its institutions and registrations become unassigned."""
    db.session.delete(breakout)
    db.session.commit()


def breakout_of_institution(event_id: int, institution_id: int) -> BreakoutGroup | None:
    return db.session.scalar(
        sa.select(BreakoutGroup)
        .join(BreakoutMember)
        .where(BreakoutGroup.event_id == event_id, BreakoutMember.institution_id == institution_id)
    )


def _breakout_of_registration_only(event_id: int, registration_id: int) -> BreakoutGroup | None:
    return db.session.scalar(
        sa.select(BreakoutGroup)
        .join(BreakoutMember)
        .where(BreakoutGroup.event_id == event_id, BreakoutMember.registration_id == registration_id)
    )


def breakout_for_registration(registration: Registration) -> BreakoutGroup | None:
    """Where a participant goes: their own assignment, else their institution's group."""
    return _breakout_of_registration_only(registration.event_id, registration.id) or breakout_of_institution(
        registration.event_id, registration.institution_id
    )


def assign_institution(breakout: BreakoutGroup, institution_id: int | None) -> BreakoutMember:
    """Put an institution (all its participants) in the group; at most one group per event."""
    institution = db.session.get(Institution, institution_id) if institution_id else None
    if institution is None:
        raise DomainError(_("Choose an institution from the directory."), field="institution_id")
    current = breakout_of_institution(breakout.event_id, institution.id)
    if current is not None and current.id == breakout.id:
        raise DomainError(
            _("%(institution)s is already in this breakout group.", institution=institution.name),
            field="institution_id",
        )
    if current is not None:
        raise DomainError(
            _("%(institution)s is already in breakout group %(group)s; remove it there first.",
              institution=institution.name, group=current.name),
            field="institution_id",
        )
    member = BreakoutMember(breakout=breakout, event_id=breakout.event_id, institution_id=institution.id)
    db.session.add(member)
    _commit(_("%(institution)s is already in a breakout group of this meeting.", institution=institution.name),
            field="institution_id")
    return member


def assign_registration(breakout: BreakoutGroup, registration_id: int | None) -> BreakoutMember:
    """Put one participant in the group; at most one group per event."""
    registration = db.session.get(Registration, registration_id) if registration_id else None
    if registration is None or registration.event_id != breakout.event_id:
        raise DomainError(_("No registration with that reference for this event."), field="reference")
    current = _breakout_of_registration_only(breakout.event_id, registration.id)
    who = f"{registration.first_name} {registration.last_name} ({registration.reference})"
    if current is not None and current.id == breakout.id:
        raise DomainError(_("%(person)s is already in this breakout group.", person=who), field="reference")
    if current is not None:
        raise DomainError(
            _("%(person)s is already in breakout group %(group)s; remove them there first.",
              person=who, group=current.name),
            field="reference",
        )
    member = BreakoutMember(breakout=breakout, event_id=breakout.event_id, registration_id=registration.id)
    db.session.add(member)
    _commit(_("%(person)s is already in a breakout group of this meeting.", person=who), field="reference")
    return member


def remove_member(member: BreakoutMember) -> None:
    db.session.delete(member)
    db.session.commit()


def unassign_institution(breakout: BreakoutGroup, institution_id: int) -> None:
    member = db.session.scalar(
        sa.select(BreakoutMember).where(
            BreakoutMember.breakout_id == breakout.id, BreakoutMember.institution_id == institution_id
        )
    )
    if member is None:
        raise DomainError(_("That institution is not in this breakout group."))
    remove_member(member)


def unassign_registration(breakout: BreakoutGroup, registration_id: int) -> None:
    member = db.session.scalar(
        sa.select(BreakoutMember).where(
            BreakoutMember.breakout_id == breakout.id, BreakoutMember.registration_id == registration_id
        )
    )
    if member is None:
        raise DomainError(_("That participant is not in this breakout group."))
    remove_member(member)


def unassigned_institutions(event: Event) -> list[Institution]:
    """Reviewed institutions of the directory in no breakout group of the event: ministries
    first, then the rest, each by name."""
    taken = (
        sa.select(BreakoutMember.institution_id)
        .join(BreakoutGroup)
        .where(BreakoutGroup.event_id == event.id, BreakoutMember.institution_id.is_not(None))
    )
    rows = db.session.scalars(
        sa.select(Institution).where(Institution.reviewed.is_(True), Institution.id.not_in(taken))
    )
    return sorted(rows, key=lambda i: (i.type is not InstitutionType.MINISTRY, i.name.lower()))


def registration_by_reference(event: Event, reference: str) -> Registration | None:
    reference = (reference or "").strip().upper()
    if not reference:
        return None
    return db.session.scalar(
        sa.select(Registration).where(Registration.event_id == event.id,
                                      sa.func.upper(Registration.reference) == reference)
    )
