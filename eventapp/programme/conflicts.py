"""Finding conflicts in a timetable: a pure module (no Flask, no database).

The editor shows these as warnings; the services refuse only what can never be right
(end before start, a time outside the day, an unknown room).
"""
import enum
from dataclasses import dataclass, field
from datetime import date, time
from itertools import combinations


class ConflictKind(enum.Enum):
    ROOM_OVERLAP = "room_overlap"  # two items in one room at once
    PERSON_OVERLAP = "person_overlap"  # someone in two places at once
    OUTSIDE_DAY = "outside_day"  # before the day opens or after it closes
    GROUP_NOT_ATTENDING = "group_not_attending"  # an item for a group on a day it does not attend
    OUTSIDE_PARENT = "outside_parent"  # a sub-item not inside its session's times


@dataclass(frozen=True)
class Slot:
    """What the checks need to know of one programme item."""

    id: int
    day: date
    starts_at: time
    ends_at: time | None
    room_id: int | None = None
    parent_id: int | None = None
    person_ids: frozenset[int] = frozenset()
    group_ids: frozenset[int] = frozenset()

    @property
    def end(self) -> time:
        return self.ends_at or self.starts_at


@dataclass(frozen=True)
class Conflict:
    kind: ConflictKind
    item_ids: tuple[int, ...]
    person_id: int | None = None
    room_id: int | None = None


@dataclass(frozen=True)
class DayWindow:
    opens_at: time
    closes_at: time


@dataclass
class Timetable:
    slots: list[Slot]
    windows: dict[date, DayWindow] = field(default_factory=dict)
    group_days: dict[int, frozenset[date]] = field(default_factory=dict)


def overlaps(a: Slot, b: Slot) -> bool:
    """Do two items share any moment? Touching ends (10:00–10:30, 10:30–11:00) do not."""
    if a.day != b.day:
        return False
    a_end, b_end = a.end, b.end
    if a.ends_at is None and b.ends_at is None:
        return a.starts_at == b.starts_at
    if a.ends_at is None:
        return b.starts_at <= a.starts_at < b_end
    if b.ends_at is None:
        return a.starts_at <= b.starts_at < a_end
    return a.starts_at < b_end and b.starts_at < a_end


def _related(a: Slot, b: Slot) -> bool:
    # A session and the presentations inside it share their room and people on purpose.
    return a.parent_id == b.id or b.parent_id == a.id


def find_conflicts(timetable: Timetable) -> list[Conflict]:
    """Every conflict in the timetable, in a stable order."""
    conflicts: list[Conflict] = []
    slots = sorted(timetable.slots, key=lambda s: (s.day, s.starts_at, s.id))
    by_id = {s.id: s for s in slots}
    for a, b in combinations(slots, 2):
        if not overlaps(a, b) or _related(a, b):
            continue
        if a.room_id is not None and a.room_id == b.room_id:
            conflicts.append(Conflict(ConflictKind.ROOM_OVERLAP, (a.id, b.id), room_id=a.room_id))
        for person_id in sorted(a.person_ids & b.person_ids):
            conflicts.append(Conflict(ConflictKind.PERSON_OVERLAP, (a.id, b.id), person_id=person_id))
    for slot in slots:
        window = timetable.windows.get(slot.day)
        if window is not None and (slot.starts_at < window.opens_at or slot.end > window.closes_at):
            conflicts.append(Conflict(ConflictKind.OUTSIDE_DAY, (slot.id,)))
        for group_id in sorted(slot.group_ids):
            days = timetable.group_days.get(group_id)
            if days is not None and slot.day not in days:
                conflicts.append(Conflict(ConflictKind.GROUP_NOT_ATTENDING, (slot.id,)))
                break
        parent = by_id.get(slot.parent_id) if slot.parent_id is not None else None
        if parent is not None and (
            parent.day != slot.day or slot.starts_at < parent.starts_at or slot.end > parent.end
        ):
            conflicts.append(Conflict(ConflictKind.OUTSIDE_PARENT, (slot.id, parent.id)))
    return conflicts
