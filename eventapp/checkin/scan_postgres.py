"""The gate's check-in on PostgreSQL, straight on the driver.

A morning at the gate is a burst of check-ins: a lookup of the badge, then the INSERT … ON
CONFLICT DO NOTHING that holds one check-in per person and day. On PostgreSQL both statements
are compiled once (scanning.BY_TOKEN and scanning.INSERT_CHECKIN) and sent to psycopg on a
pooled connection put in autocommit for the scan (the insert is atomic by itself): two round
trips, no BEGIN or COMMIT, no SQLAlchemy statement or session handling, and statements simple
enough for PostgreSQL to plan in microseconds. (One statement with the insert as a CTE saves a
round trip but costs PostgreSQL ten times more to plan and run: measured with
tests/bench/bench_checkin.py.) The rule is scanning.refusal, the same function the SQLite path
uses, and the scanning tests run every case on both databases.
"""
import functools
from datetime import date

from psycopg.rows import namedtuple_row

from eventapp.checkin.scanning import (
    BY_TOKEN,
    FIRST_CHECKIN,
    INSERT_CHECKIN,
    Scan,
    ScanResult,
    ScanStatus,
    answer_after_insert,
    badge_of,
    checkin_values,
    refusal,
)
from eventapp.extensions import db
from eventapp.registration.models import RegistrationStatus


@functools.cache
def _sql(statement) -> str:
    from sqlalchemy.dialects.postgresql.psycopg import dialect

    return str(statement.compile(dialect=dialect()))


def check_in_direct(scan: Scan, day: date) -> ScanResult:
    pooled = db.engine.raw_connection()
    driver = pooled.driver_connection
    try:
        driver.autocommit = True
        with driver.cursor(row_factory=namedtuple_row) as cursor:
            row = cursor.execute(_sql(BY_TOKEN), {"token": scan.token, "day": day}).fetchone()
            if row is None:
                return ScanResult(ScanStatus.INVALID, day, reason="unknown_token")
            row = row._replace(status=RegistrationStatus(row.status))
            refused = refusal(row, scan, day)
            if refused is not None:
                return refused
            values = checkin_values(row.event_id, row.id, scan, day)
            inserted = cursor.execute(_sql(INSERT_CHECKIN), {**values, "source": scan.source.value}).fetchone()
            first = None
            if inserted is None:
                first = cursor.execute(_sql(FIRST_CHECKIN), {"registration_id": row.id, "day": day}).fetchone()
    finally:
        driver.autocommit = False
        pooled.close()
    return answer_after_insert(badge_of(row), scan, day, inserted is not None, values["checked_in_at"], first)
