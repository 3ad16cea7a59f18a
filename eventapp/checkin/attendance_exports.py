"""The attendance exports' rows: one per check-in (arrivals) and one per no-show, read in
chunks of ids so that a long export streams without building every row at once. Written as
CSV or XLSX by registration.exports (which also makes formula-like cells inert)."""
from collections.abc import Iterator

import sqlalchemy as sa

from eventapp.checkin.attendance import NAME_ORDER, NoShowFilter, no_show_clauses
from eventapp.checkin.models import Checkin
from eventapp.core.clock import local
from eventapp.events.models import Event, ParticipantGroup
from eventapp.extensions import db
from eventapp.registration.models import Institution, ParticipantCategory, Registration

EXPORT_CHUNK = 1000
ARRIVAL_COLUMNS = ["day", "time_eat", "gate", "source", "reference", "name", "institution", "group", "category"]
NO_SHOW_COLUMNS = ["reference", "name", "position", "institution", "group", "category", "email", "phone"]


def _name(title: str, first: str, middle: str, last: str) -> str:
    return " ".join(part for part in (title, first, middle, last) if part)


def _in_chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def arrival_rows(event: Event, chunk_size: int = EXPORT_CHUNK) -> Iterator[list]:
    """One row per check-in (ARRIVAL_COLUMNS), by day and time: the ids first (one narrow
    query), then each chunk's rows by id."""
    order = (Checkin.day, Checkin.checked_in_at, Checkin.id)
    ids = list(db.session.scalars(sa.select(Checkin.id).where(Checkin.event_id == event.id).order_by(*order)))
    statement = (
        sa.select(Checkin.day, Checkin.checked_in_at, Checkin.gate, Checkin.source, Registration.reference,
                  Registration.title, Registration.first_name, Registration.middle_name, Registration.last_name,
                  Institution.name, ParticipantGroup.name_en, ParticipantCategory.name_en)
        .join(Registration, Registration.id == Checkin.registration_id)
        .join(Institution, Institution.id == Registration.institution_id)
        .join(ParticipantCategory, ParticipantCategory.id == Registration.category_id)
        .join(ParticipantGroup, ParticipantGroup.id == ParticipantCategory.group_id)
        .order_by(*order)
    )
    for chunk in _in_chunks(ids, chunk_size):
        for (day, at, gate, source, reference, title, first, middle, last, institution, group,
             category) in db.session.execute(statement.where(Checkin.id.in_(chunk))):
            yield [day.isoformat(), local(at).strftime("%H:%M"), gate, source.value, reference,
                   _name(title, first, middle, last), institution, group, category]


def no_show_rows(event: Event, filters: NoShowFilter, chunk_size: int = EXPORT_CHUNK) -> Iterator[list]:
    """The filtered no-shows as rows of NO_SHOW_COLUMNS, by last name, read in chunks."""
    ids = list(db.session.scalars(
        sa.select(Registration.id).where(*no_show_clauses(event, filters)).order_by(*NAME_ORDER)
    ))
    statement = (
        sa.select(Registration.reference, Registration.title, Registration.first_name, Registration.middle_name,
                  Registration.last_name, Registration.position, Institution.name, ParticipantGroup.name_en,
                  ParticipantCategory.name_en, Registration.email, Registration.phone)
        .join(Institution, Institution.id == Registration.institution_id)
        .join(ParticipantCategory, ParticipantCategory.id == Registration.category_id)
        .join(ParticipantGroup, ParticipantGroup.id == ParticipantCategory.group_id)
        .order_by(*NAME_ORDER)
    )
    for chunk in _in_chunks(ids, chunk_size):
        for (reference, title, first, middle, last, position, institution, group, category, email,
             phone) in db.session.execute(statement.where(Registration.id.in_(chunk))):
            yield [reference, _name(title, first, middle, last), position, institution, group, category, email, phone]
