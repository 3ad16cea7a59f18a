"""The programme as JSON, the same for the public `programme.json` and the API's
`/api/v1/events/<id>/programme`: days → items (times, kind, titles in both languages, room,
groups, people with roles, sub-items as children)."""
from eventapp.core.clock import event_timezone
from eventapp.core.urls import external_url
from eventapp.events.models import Event, ParticipantGroup
from eventapp.programme.queries import DayTimetable


def bilingual(obj, field: str) -> dict:
    """{"sw": obj.<field>_sw, "en": obj.<field>_en}."""
    return {"sw": getattr(obj, f"{field}_sw"), "en": getattr(obj, f"{field}_en")}


def item_json(item) -> dict:
    """One programme item with its people (in their order) and its sub-items."""
    return {
        "id": item.id,
        "starts_at": item.starts_at.strftime("%H:%M"),
        "ends_at": item.ends_at.strftime("%H:%M") if item.ends_at else None,
        "kind": item.kind.value,
        "title": bilingual(item, "title"),
        "description": bilingual(item, "description"),
        "sponsor_label": item.sponsor_label or None,
        "room": {"id": item.room.id, "name": item.room.name} if item.room is not None else None,
        "groups": [g.number for g in item.groups],
        "people": [
            {
                "id": p.person.id,
                "role": p.role.value,
                "honorific": p.person.honorific,
                "name": p.person.name,
                "display_name": p.person.display_name,
                "position": p.person.position,
                "institution": p.person.institution,
                "calendar": external_url("programme.person_ical", person_id=p.person.id),
            }
            for p in sorted(item.people, key=lambda p: (p.position, p.id))
        ],
        "children": [item_json(child) for child in item.children],
    }


def programme_document(event: Event, group: ParticipantGroup | None, days: list[DayTimetable]) -> dict:
    """The event, its groups and the timetable `days` (one group's when `group` is given)."""
    return {
        "event": {
            "edition": event.edition,
            "year": event.year,
            "title": bilingual(event, "title"),
            "theme": bilingual(event, "theme"),
            "venue": event.venue,
            "city": event.city,
            "starts_on": event.starts_on.isoformat(),
            "ends_on": event.ends_on.isoformat(),
            "timezone": str(event_timezone()),
        },
        "group": group.number if group is not None else None,
        "groups": [
            {
                "number": g.number,
                "name": bilingual(g, "name"),
                "days": [d.date.isoformat() for d in sorted(g.days, key=lambda d: d.date)],
                "calendar": external_url("programme.group_ical", edition=event.edition, number=g.number),
            }
            for g in sorted(event.groups, key=lambda g: g.number)
        ],
        "days": [
            {
                "date": day.day.date.isoformat(),
                "label": bilingual(day.day, "label"),
                "items": [item_json(item) for item in day.items],
            }
            for day in days
        ],
    }
