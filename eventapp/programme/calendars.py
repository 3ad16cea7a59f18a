"""The programme as iCalendar: one VEVENT per item, sub-items included (a participant
wants to know when their ministry presents, not only when the session runs).

Times are local to the meeting, written with TZID=Africa/Dar_es_Salaam (the configured
event time zone) and its VTIMEZONE; the UID of an item stays the same however often the
calendar is fetched (item-<id>@<BASE_URL host>), so calendar apps update rather than
duplicate; a sub-item names its session with RELATED-TO.
"""
from datetime import date, datetime
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from eventapp.core.clock import event_timezone
from eventapp.core.i18n import localized
from eventapp.programme.models import ProgrammeItem
from eventapp.programme.wording import item_heading, item_subtitle, people_lines

PRODID = "-//e-Government Authority (eGA) Tanzania//eventapp programme//EN"


def item_uid(item_or_id) -> str:
    item_id = item_or_id if isinstance(item_or_id, int) else item_or_id.id
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return f"item-{item_id}@{host}"


def _location(item: ProgrammeItem) -> str:
    event = item.event
    parts = [item.room.name if item.room is not None else "", event.venue, event.city]
    return ", ".join(p.strip() for p in parts if p and p.strip())


def _description(item: ProgrammeItem) -> str:
    lines = []
    subtitle = item_subtitle(item)
    if subtitle:
        lines.append(subtitle)
    if item.parent is not None:
        lines.append(_("Part of: %(session)s", session=item_heading(item.parent)))
    lines += [line.text() for line in people_lines(item)]
    description = localized(item, "description").strip()
    if description:
        lines += ["", description]
    return "\n".join(lines).strip()


def item_event(item: ProgrammeItem) -> VEvent:
    tz = event_timezone()
    day = item.day.date
    vevent = VEvent()
    vevent.add("uid", item_uid(item))
    vevent.add("dtstamp", item.updated_at)
    vevent.add("dtstart", datetime.combine(day, item.starts_at, tzinfo=tz))
    if item.ends_at is not None:
        vevent.add("dtend", datetime.combine(day, item.ends_at, tzinfo=tz))
    vevent.add("summary", item_heading(item))
    vevent.add("location", _location(item))
    description = _description(item)
    if description:
        vevent.add("description", description)
    vevent.add("categories", [item.kind.value])
    if item.parent_id is not None:
        vevent.add("related-to", item_uid(item.parent_id), parameters={"RELTYPE": "PARENT"})
    return vevent


def programme_calendar(name: str, items: list[ProgrammeItem]) -> bytes:
    """A calendar named `name` holding one event per item given (flatten sub-items first)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(event_timezone()))
    for item in items:
        calendar.add_component(item_event(item))
    if items:
        years = [i.day.date.year for i in items]
        calendar.add_missing_timezones(first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1))
    return calendar.to_ical()
