"""A stored UTC time's date and hour in the event's time zone, computed by the database, so
that figures can group by day or hour in SQL instead of reading every timestamp.

PostgreSQL converts with the zone's name (`AT TIME ZONE`). SQLite has no zones: it adds the
zone's offset, which is exact for East Africa Time (UTC+3 all year, no daylight saving).
Call these inside an app context (the zone comes from the configuration).
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from eventapp.core.clock import event_timezone


class _LocalPart(FunctionElement):
    inherit_cache = True

    def __init__(self, column, zone: str, offset_minutes: int):
        self.zone, self.offset_minutes = zone, offset_minutes
        super().__init__(column)


class eat_date_of(_LocalPart):  # noqa: N801 (SQL function names are lower case)
    type = sa.Date()
    inherit_cache = False


class eat_hour_of(_LocalPart):  # noqa: N801
    type = sa.Integer()
    inherit_cache = False


def _zone() -> tuple[str, int]:
    zone = event_timezone()
    offset = zone.utcoffset(datetime.now(timezone.utc).replace(tzinfo=None))
    return zone.key, int(offset.total_seconds() // 60)


def eat_date(column) -> FunctionElement:
    """The column's date in the event's time zone."""
    return eat_date_of(column, *_zone())


def eat_hour(column) -> FunctionElement:
    """The column's hour (0–23) in the event's time zone."""
    return eat_hour_of(column, *_zone())


def _argument(element, compiler, **kw) -> str:
    return compiler.process(list(element.clauses)[0], **kw)


@compiles(eat_date_of, "postgresql")
def _date_postgresql(element, compiler, **kw):
    return f"CAST(({_argument(element, compiler, **kw)} AT TIME ZONE '{_quoted(element.zone)}') AS DATE)"


@compiles(eat_hour_of, "postgresql")
def _hour_postgresql(element, compiler, **kw):
    local = f"{_argument(element, compiler, **kw)} AT TIME ZONE '{_quoted(element.zone)}'"
    return f"CAST(EXTRACT(HOUR FROM {local}) AS INTEGER)"


@compiles(eat_date_of, "sqlite")
def _date_sqlite(element, compiler, **kw):
    return f"date({_argument(element, compiler, **kw)}, '{element.offset_minutes:+d} minutes')"


@compiles(eat_hour_of, "sqlite")
def _hour_sqlite(element, compiler, **kw):
    shift = f"'{element.offset_minutes:+d} minutes'"
    return f"CAST(strftime('%H', {_argument(element, compiler, **kw)}, {shift}) AS INTEGER)"


def _quoted(zone: str) -> str:
    """A zone name as an SQL string's content (names are letters, digits, _ - + /)."""
    if not all(c.isalnum() or c in "_-+/" for c in zone):
        raise ValueError(f"unexpected time zone name {zone!r}")
    return zone
