"""What the gate's scanner page knows before anyone scans: the events at the gate, the day a
page shows, and a day's offline list.

The offline list holds every registration of the event with what the gate shows and the
status a scan would give that day, keyed by the SHA-256 of the badge token: the page hashes
what it reads and looks it up, so a lost phone holds names but no badge that would open the
gate. It is built with one query, however many registrations there are.
"""
import hashlib
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from eventapp.checkin.models import Checkin
from eventapp.checkin.scanning import ScanResult, ScanStatus, expected_status
from eventapp.core.models import utcnow
from eventapp.events.models import Event, EventDay, EventStatus, ParticipantGroup, group_days
from eventapp.extensions import db
from eventapp.registration.models import Institution, ParticipantCategory, Registration, RegistrationStatus

GATE_STATUSES = (EventStatus.OPEN, EventStatus.CLOSED)


def token_key(token: str) -> str:
    """The offline list's key of a badge token: its SHA-256, hex (as the browser computes it)."""
    return hashlib.sha256(token.encode()).hexdigest()


def events_on(day: date) -> list[Event]:
    """The published events holding `day` among their days (the gate's home goes straight to one)."""
    return list(db.session.scalars(
        sa.select(Event)
        .where(Event.status.in_(GATE_STATUSES), Event.days.any(EventDay.date == day))
        .order_by(Event.starts_on, Event.id)
    ))


def gate_events() -> list[Event]:
    """The events a gate may choose from when none is on today: open or closed to registration."""
    return list(db.session.scalars(
        sa.select(Event).where(Event.status.in_(GATE_STATUSES)).order_by(Event.starts_on.desc(), Event.id)
    ))


def event_day(event: Event, text: str | None) -> date | None:
    """The day `text` (YYYY-MM-DD) names when it is one of the event's days, else None."""
    if not text or len(text) != 10:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if any(d.date == day for d in event.days) else None


def default_day(event: Event, today: date) -> date | None:
    """Today when it is a day of the event; else its next day to come, else its last (a
    preview before the meeting or a look back after it). None for an event without days."""
    days = [d.date for d in event.days]
    if not days:
        return None
    if today in days:
        return today
    coming = [d for d in days if d > today]
    return coming[0] if coming else days[-1]


def attends_clause(event_id: int, day: date):
    """True for a registration whose group attends `day` (a column of a query over categories)."""
    return ParticipantCategory.group_id.in_(
        sa.select(group_days.c.group_id)
        .join(EventDay, EventDay.id == group_days.c.day_id)
        .where(EventDay.event_id == event_id, EventDay.date == day)
    )


def full_name(title: str, first: str, middle: str, last: str) -> str:
    return " ".join(part for part in (title, first, middle, last) if part)


def _messages(day: date) -> dict[str, str]:
    """The words the page shows for each status it decides alone (the server's own messages)."""
    messages = {status.value: ScanResult(status, day).message for status in ScanStatus
                if status is not ScanStatus.ALREADY_CHECKED_IN}
    for reason in ("waitlisted", "pending_approval"):
        messages[f"not_paid:{reason}"] = ScanResult(ScanStatus.NOT_PAID, day, reason=reason).message
    messages["already_here"] = _("Already checked in today.")
    messages["unknown"] = _("Not in this device's list of badges: check with the registration desk.")
    return messages


def offline_list(event: Event, day: date, language: str) -> dict:
    """Every registration of `event` with what the gate needs on `day`, keyed by token_key.

    One query: registrations joined to their category, group and institution, with the day's
    check-in (if any) outer-joined on the unique (registration, day) pair.
    """
    english = language == "en"
    rows = db.session.execute(
        sa.select(
            Registration.badge_token, Registration.reference, Registration.status,
            Registration.title, Registration.first_name, Registration.middle_name, Registration.last_name,
            Institution.name.label("institution"), ParticipantGroup.number,
            (ParticipantGroup.name_en if english else ParticipantGroup.name_sw).label("group_name"),
            ParticipantGroup.colour,
            (ParticipantCategory.name_en if english else ParticipantCategory.name_sw).label("category"),
            attends_clause(event.id, day).label("attends"),
            Checkin.checked_in_at, Checkin.gate,
        )
        .join(ParticipantCategory, ParticipantCategory.id == Registration.category_id)
        .join(ParticipantGroup, ParticipantGroup.id == ParticipantCategory.group_id)
        .join(Institution, Institution.id == Registration.institution_id)
        .outerjoin(Checkin, sa.and_(Checkin.registration_id == Registration.id, Checkin.day == day))
        .where(Registration.event_id == event.id)
    )
    entries, arrivals = {}, 0
    for row in rows:
        entry = {
            "status": expected_status(row.status, bool(row.attends)).value,
            "name": full_name(row.title, row.first_name, row.middle_name, row.last_name),
            "institution": row.institution,
            "group": {"number": row.number, "name": row.group_name, "colour": row.colour},
            "category": row.category,
            "reference": row.reference,
        }
        if row.status in (RegistrationStatus.WAITLISTED, RegistrationStatus.PENDING_APPROVAL):
            entry["reason"] = row.status.value
        if row.checked_in_at is not None:
            entry["checked_in_at"] = row.checked_in_at.isoformat()
            entry["gate"] = row.gate
            arrivals += 1
        entries[token_key(row.badge_token)] = entry
    return {
        "event_id": event.id,
        "day": day.isoformat(),
        "generated_at": utcnow().isoformat(),
        "arrivals": arrivals,
        "messages": _messages(day),
        "registrations": entries,
    }
