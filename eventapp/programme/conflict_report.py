"""The conflicts the editor warns about, read from the database and told in words."""
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from eventapp.events.models import Event, EventDay, ParticipantGroup
from eventapp.extensions import db
from eventapp.programme.conflicts import ConflictKind, DayWindow, Slot, Timetable, find_conflicts
from eventapp.programme.messages import conflict_message
from eventapp.programme.models import (
    ItemPerson,
    ProgrammeItem,
)

# Conflicts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictNotice:
    """A conflict the editor shows: what kind, which items, on which day, in words."""

    kind: ConflictKind
    item_ids: tuple[int, ...]
    day_id: int
    message: str


def _timetable_items(*clauses) -> list[ProgrammeItem]:
    return list(
        db.session.scalars(
            sa.select(ProgrammeItem)
            .where(*clauses)
            .options(
                joinedload(ProgrammeItem.day),
                joinedload(ProgrammeItem.room),
                selectinload(ProgrammeItem.groups).selectinload(ParticipantGroup.days),
                selectinload(ProgrammeItem.people).joinedload(ItemPerson.person),
            )
        )
    )


def _notices(event_id: int, items: list[ProgrammeItem], days: list[EventDay]) -> list[ConflictNotice]:
    groups = db.session.scalars(
        sa.select(ParticipantGroup)
        .where(ParticipantGroup.event_id == event_id)
        .options(selectinload(ParticipantGroup.days))
    )
    timetable = Timetable(
        slots=[
            Slot(
                id=item.id,
                day=item.day.date,
                starts_at=item.starts_at,
                ends_at=item.ends_at,
                room_id=item.room_id,
                parent_id=item.parent_id,
                person_ids=frozenset(p.person_id for p in item.people),
                group_ids=frozenset(g.id for g in item.groups),
            )
            for item in items
        ],
        windows={d.date: DayWindow(d.opens_at, d.closes_at) for d in days},
        group_days={g.id: frozenset(d.date for d in g.days) for g in groups},
    )
    by_id = {item.id: item for item in items}
    return [
        ConflictNotice(c.kind, c.item_ids, by_id[c.item_ids[0]].day_id, conflict_message(c, by_id))
        for c in find_conflicts(timetable)
    ]


def conflicts_for_day(day: EventDay) -> list[ConflictNotice]:
    """The warnings for one day's programme, each with a message in the current language."""
    return _notices(day.event_id, _timetable_items(ProgrammeItem.day_id == day.id), [day])


def conflicts_for_event(event: Event) -> list[ConflictNotice]:
    """The warnings for the whole programme of an event (all its days)."""
    days = list(db.session.scalars(sa.select(EventDay).where(EventDay.event_id == event.id)))
    return _notices(event.id, _timetable_items(ProgrammeItem.event_id == event.id), days)
