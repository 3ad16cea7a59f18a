"""Today and now in the event's time zone (East Africa Time), in one place tests can patch, and
a stored time as that zone's wall-clock time."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def event_timezone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Africa/Dar_es_Salaam"))


def local_now() -> datetime:
    return datetime.now(event_timezone())


def local_today() -> date:
    return local_now().date()


def local(moment: datetime | None) -> datetime | None:
    """A stored UTC time as the naive East Africa Time a date-time input shows."""
    return moment.astimezone(event_timezone()).replace(tzinfo=None) if moment else None
