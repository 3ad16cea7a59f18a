"""The gate's check-in on PostgreSQL in one round trip.

A morning at the gate is a burst of check-ins, each a lookup then an insert. On PostgreSQL both
go in one statement: the lookup as a CTE, the INSERT … ON CONFLICT DO NOTHING as a second CTE
that inserts only when the rule would admit (confirmed, a day of the group, this event), and a
SELECT that returns the registration, the new check-in's id and any earlier check-in of that
day. The statement is compiled once and sent straight to psycopg, so a scan costs one round
trip and no SQLAlchemy statement handling. The rule itself stays in scanning.refusal: the
Python answer is computed from the same row, and tests run every scanning case on both
databases (the SQLite path is two statements through SQLAlchemy).
"""
import functools
from datetime import date

import sqlalchemy as sa
from psycopg.rows import namedtuple_row

from eventapp.checkin.models import Checkin
from eventapp.checkin.scanning import (
    BY_TOKEN,
    FIRST_CHECKIN,
    Scan,
    ScanResult,
    ScanStatus,
    answer_after_insert,
    badge_of,
    checkin_values,
    refusal,
)
from eventapp.registration.models import RegistrationStatus

_INSERTED_COLUMNS = ("event_id", "registration_id", "day", "gate", "checked_in_at", "recorded_at", "source",
                     "scan_id", "api_token_id", "user_id")


@functools.cache
def _statement_sql() -> str:
    from sqlalchemy.dialects.postgresql import insert
    from sqlalchemy.dialects.postgresql.psycopg import dialect

    found = BY_TOKEN.cte("found")
    checkins = Checkin.__table__
    params = {name: sa.bindparam(name, type_=checkins.c[name].type) for name in _INSERTED_COLUMNS[2:]}
    event_id = sa.bindparam("gate_event_id", type_=sa.Integer)
    admitted = (
        sa.select(found.c.event_id, found.c.id, *params.values())
        .where(found.c.status == sa.literal_column(f"'{RegistrationStatus.CONFIRMED.value}'"))
        .where(found.c.group_day)
        .where(sa.or_(event_id.is_(None), found.c.event_id == event_id))
    )
    inserted = (
        insert(checkins).from_select(list(_INSERTED_COLUMNS), admitted)
        .on_conflict_do_nothing().returning(checkins.c.id).cte("inserted")
    )
    earlier = checkins.alias("earlier")
    statement = (
        sa.select(
            found,
            sa.select(inserted.c.id).scalar_subquery().label("inserted_id"),
            earlier.c.checked_in_at.label("first_at"), earlier.c.gate.label("first_gate"),
            earlier.c.scan_id.label("first_scan_id"),
        )
        .select_from(found.outerjoin(earlier, sa.and_(earlier.c.registration_id == found.c.id,
                                                      earlier.c.day == params["day"])))
    )
    return str(statement.compile(dialect=dialect()))


class _First:
    """The earlier check-in of the day, as answer_after_insert reads it."""

    __slots__ = ("checked_in_at", "gate", "scan_id")

    def __init__(self, checked_in_at, gate, scan_id):
        self.checked_in_at, self.gate, self.scan_id = checked_in_at, gate, scan_id


def check_in_one_trip(connection: sa.Connection, scan: Scan, day: date) -> ScanResult:
    values = checkin_values(None, None, scan, day)
    parameters = {name: values[name] for name in _INSERTED_COLUMNS[2:]}
    parameters.update(token=scan.token, gate_event_id=scan.event_id, source=scan.source.value)
    driver = connection.connection.dbapi_connection
    with driver.cursor(row_factory=namedtuple_row) as cursor:
        row = cursor.execute(_statement_sql(), parameters).fetchone()
    if row is None:
        return ScanResult(ScanStatus.INVALID, day, reason="unknown_token")
    row = row._replace(status=RegistrationStatus(row.status))
    refused = refusal(row, scan, day)
    if refused is not None:
        return refused
    first = _First(row.first_at, row.first_gate, row.first_scan_id) if row.first_at is not None else None
    if row.inserted_id is None and first is None:
        # Another gate inserted it after this statement's snapshot was taken: read it now.
        first = connection.execute(FIRST_CHECKIN, {"registration_id": row.id, "day": day}).one_or_none()
    return answer_after_insert(badge_of(row), scan, day, row.inserted_id is not None, values["checked_in_at"], first)
