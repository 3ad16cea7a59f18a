"""The programme in words for the organisers' editor: kinds of item, roles, times, and each
conflict as a sentence a person can act on (in the current language)."""
from collections.abc import Mapping
from datetime import time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventapp.core.i18n import localized
from eventapp.programme.conflicts import Conflict, ConflictKind
from eventapp.programme.models import ItemKind, PersonRole, ProgrammeItem
from eventapp.programme.wording import ROLE_LABELS

ITEM_KIND_LABELS = {
    ItemKind.REGISTRATION: _l("Registration"),
    ItemKind.OPENING_REMARKS: _l("Opening remarks"),
    ItemKind.WELCOME_REMARKS: _l("Welcoming remarks"),
    ItemKind.OFFICIAL_OPENING: _l("Official opening"),
    ItemKind.KEYNOTE: _l("Keynote address"),
    ItemKind.SESSION: _l("Session"),
    ItemKind.PRESENTATION: _l("Presentation"),
    ItemKind.HEALTH_BREAK: _l("Health break"),
    ItemKind.LUNCH: _l("Lunch break"),
    ItemKind.DISCUSSION: _l("Discussion"),
    ItemKind.RESOLUTIONS: _l("Resolutions"),
    ItemKind.SPONSOR_SLOT: _l("Sponsor slot"),
    ItemKind.VOTE_OF_THANKS: _l("Vote of thanks"),
    ItemKind.RECOGNITION: _l("Recognition"),
    ItemKind.BREAKOUT: _l("Breakout groups"),
    ItemKind.CLOSING: _l("Closing"),
    ItemKind.DEPARTURE: _l("Departure"),
    ItemKind.OTHER: _l("Other"),
}

# The editor's role names are the printed programme's singular ones.
PERSON_ROLE_LABELS = {role: one for role, (one, _many) in ROLE_LABELS.items()}


def kind_label(kind: ItemKind) -> str:
    return str(ITEM_KIND_LABELS[kind])


def role_label(role: PersonRole) -> str:
    return str(PERSON_ROLE_LABELS[role])


def clock(value: time | None) -> str:
    """24-hour time as printed on the programme: 07:00."""
    return value.strftime("%H:%M") if value is not None else ""


def span(starts_at: time, ends_at: time | None) -> str:
    """"10:30–11:00", or "17:15" for a moment without an end."""
    return f"{clock(starts_at)}–{clock(ends_at)}" if ends_at is not None else clock(starts_at)


def _named(item: ProgrammeItem) -> dict[str, str]:
    return {"title": localized(item, "title") or kind_label(item.kind), "time": span(item.starts_at, item.ends_at)}


def conflict_message(conflict: Conflict, items: Mapping[int, ProgrammeItem]) -> str:
    """One conflict as a sentence naming the items (title and time), the room or the person."""
    first = items[conflict.item_ids[0]]
    second = items[conflict.item_ids[1]] if len(conflict.item_ids) > 1 else None
    a = _named(first)
    if conflict.kind is ConflictKind.ROOM_OVERLAP:
        b = _named(second)
        return _(
            "%(room)s is booked twice: “%(first)s” (%(first_time)s) and “%(second)s” (%(second_time)s).",
            room=first.room.name if first.room else "?",
            first=a["title"], first_time=a["time"], second=b["title"], second_time=b["time"],
        )
    if conflict.kind is ConflictKind.PERSON_OVERLAP:
        b = _named(second)
        person = next((p.person for p in first.people if p.person_id == conflict.person_id), None)
        return _(
            "%(person)s is in two places at once: “%(first)s” (%(first_time)s) and “%(second)s” (%(second_time)s).",
            person=person.display_name if person else "?",
            first=a["title"], first_time=a["time"], second=b["title"], second_time=b["time"],
        )
    if conflict.kind is ConflictKind.OUTSIDE_DAY:
        return _(
            "“%(title)s” (%(time)s) is outside the day's hours (%(opens)s–%(closes)s).",
            opens=clock(first.day.opens_at), closes=clock(first.day.closes_at), **a,
        )
    if conflict.kind is ConflictKind.GROUP_NOT_ATTENDING:
        absent = [g for g in first.groups if first.day.date not in {d.date for d in g.days}]
        return _(
            "“%(title)s” (%(time)s) is for %(groups)s, who do not attend on this day.",
            groups=", ".join(localized(g, "name") for g in absent) or "?", **a,
        )
    if conflict.kind is ConflictKind.OUTSIDE_PARENT:
        b = _named(second)
        return _(
            "“%(title)s” (%(time)s) is not inside the times of its session “%(session)s” (%(session_time)s).",
            session=b["title"], session_time=b["time"], **a,
        )
    return str(conflict.kind.value)
