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


def aware(moment: datetime | None) -> datetime | None:
    """A naive date-time (typed in a form) read as East Africa Time; an aware one as it is."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=event_timezone())
