"""Attendance: arrivals per day, per group, per hour (East Africa Time) and per source;
expected against arrived per group and day; who registered and never came; and the rows of
the no-shows list (the exports' rows are in attendance_exports).

Counts are grouped in SQL, hours too (core.local_time_sql turns a stored UTC time into the
event's wall-clock hour on SQLite and PostgreSQL). The dashboard's arrival figures read the same
functions.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from eventapp.checkin.models import Checkin, CheckinSource
from eventapp.core.local_time_sql import eat_hour
from eventapp.events.models import Event, EventDay, ParticipantGroup, group_days
from eventapp.extensions import db
from eventapp.registration.models import ParticipantCategory, Registration, RegistrationStatus
from eventapp.registration.services.listing import Page, RegistrationFilter, filter_clauses

PER_PAGE = 50


@dataclass
class GroupAttendance:
    """One group on one day: how many were expected (confirmed, and the group attends that day)
    and how many arrived."""

    group: ParticipantGroup
    attends: bool
    expected: int = 0
    arrived: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.arrived / self.expected) if self.expected else None


@dataclass
class HourCount:
    hour: int  # 0–23, East Africa Time
    count: int

    @property
    def label(self) -> str:
        return f"{self.hour:02d}:00"


@dataclass
class DayAttendance:
    day: date
    total: int = 0
    groups: list[GroupAttendance] = field(default_factory=list)
    hours: list[HourCount] = field(default_factory=list)
    sources: list[tuple[CheckinSource, int]] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return sum(g.expected for g in self.groups)

    @property
    def busiest_hour(self) -> int:
        return max((h.count for h in self.hours), default=0)


def arrivals_by_group(event: Event) -> dict[tuple[date, int], int]:
    """(day, group id) → people checked in that day."""
    rows = db.session.execute(
        sa.select(Checkin.day, ParticipantCategory.group_id, sa.func.count(Checkin.id))
        .join(Registration, Registration.id == Checkin.registration_id)
        .join(ParticipantCategory, ParticipantCategory.id == Registration.category_id)
        .where(Checkin.event_id == event.id)
        .group_by(Checkin.day, ParticipantCategory.group_id)
    )
    return {(day, group_id): n for day, group_id, n in rows}


def _arrivals_by_source(event: Event) -> dict[tuple[date, CheckinSource], int]:
    rows = db.session.execute(
        sa.select(Checkin.day, Checkin.source, sa.func.count(Checkin.id))
        .where(Checkin.event_id == event.id)
        .group_by(Checkin.day, Checkin.source)
    )
    return {(day, source): n for day, source, n in rows}


def arrivals_by_hour(event: Event) -> dict[date, Counter]:
    """Day → Counter of arrivals per hour (0–23, East Africa Time), grouped in SQL."""
    hours: dict[date, Counter] = defaultdict(Counter)
    hour = eat_hour(Checkin.checked_in_at)
    rows = db.session.execute(
        sa.select(Checkin.day, hour, sa.func.count(Checkin.id))
        .where(Checkin.event_id == event.id)
        .group_by(Checkin.day, hour)
    )
    for day, at_hour, n in rows:
        hours[day][at_hour] = n
    return hours


def expected_by_group(event: Event) -> dict[tuple[date, int], int]:
    """(day, group id) → confirmed registrations of the group, for the days it attends.
    Counted per category first (the registrations' (event, status) index), then spread over
    each category's group's days."""
    confirmed = (
        sa.select(Registration.category_id, sa.func.count(Registration.id).label("n"))
        .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)
        .group_by(Registration.category_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(EventDay.date, ParticipantCategory.group_id, sa.func.sum(confirmed.c.n))
        .select_from(confirmed)
        .join(ParticipantCategory, ParticipantCategory.id == confirmed.c.category_id)
        .join(group_days, group_days.c.group_id == ParticipantCategory.group_id)
        .join(EventDay, EventDay.id == group_days.c.day_id)
        .group_by(EventDay.date, ParticipantCategory.group_id)
    )
    return {(day, group_id): int(n) for day, group_id, n in rows}


def _hour_range(counts: Counter) -> list[HourCount]:
    """Every hour from the first arrival's to the last's, empty ones included."""
    if not counts:
        return []
    return [HourCount(hour, counts.get(hour, 0)) for hour in range(min(counts), max(counts) + 1)]


def attendance_by_day(event: Event) -> list[DayAttendance]:
    """Each day of the event (and any other day with check-ins): arrivals in total, per group
    with the expected number, per hour in East Africa Time, and per source."""
    by_group, by_source = arrivals_by_group(event), _arrivals_by_source(event)
    by_hour, expected = arrivals_by_hour(event), expected_by_group(event)
    groups = list(event.groups)
    attending = {(day.date, group.id) for group in groups for day in group.days}
    days = sorted({day.date for day in event.days} | {day for day, _g in by_group})
    report = []
    for day in days:
        lines = [
            GroupAttendance(group, (day, group.id) in attending, expected.get((day, group.id), 0),
                            by_group.get((day, group.id), 0))
            for group in groups
        ]
        report.append(DayAttendance(
            day=day,
            total=sum(n for (d, _g), n in by_group.items() if d == day),
            groups=[line for line in lines if line.attends or line.arrived],
            hours=_hour_range(by_hour.get(day, Counter())),
            sources=[(source, by_source.get((day, source), 0)) for source in CheckinSource],
        ))
    return report


# --- who never came ------------------------------------------------------------------------


@dataclass
class NoShowFilter:
    group_id: int | None = None
    institution_id: int | None = None
    text: str = ""  # a name, email or reference


def _never_checked_in():
    return ~sa.exists().where(Checkin.registration_id == Registration.id)


def no_show_clauses(event: Event, filters: NoShowFilter) -> list:
    chosen = RegistrationFilter(group_id=filters.group_id, institution_id=filters.institution_id,
                                status=RegistrationStatus.CONFIRMED.value, text=filters.text)
    return [*filter_clauses(event, chosen), _never_checked_in()]


NAME_ORDER = (Registration.last_name, Registration.first_name, Registration.id)


def no_shows_page(event: Event, filters: NoShowFilter, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """Confirmed registrations never checked in on any day, by last name, a page at a time."""
    clauses = no_show_clauses(event, filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Registration).where(*clauses))
    pages = max(-(-total // per_page), 1)
    page = min(max(page, 1), pages)
    items = list(db.session.scalars(
        sa.select(Registration).where(*clauses).order_by(*NAME_ORDER).limit(per_page).offset((page - 1) * per_page)
        .options(joinedload(Registration.category).joinedload(ParticipantCategory.group),
                 joinedload(Registration.institution))
    ))
    return Page(items=items, page=page, per_page=per_page, total=total)
