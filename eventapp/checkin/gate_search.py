"""Finding a registration at the gate when the badge is lost or will not scan: by any part of
the name, the reference, the email or the phone number, with the status a scan would give
on the day and the day's check-in if there is one."""
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from eventapp.checkin.badge_issue import status_has_badge
from eventapp.checkin.gate_list import attends_clause, full_name
from eventapp.checkin.models import Checkin
from eventapp.checkin.scanning import ScanStatus, expected_status
from eventapp.core.references import normalise_reference
from eventapp.core.search import LIKE_ESCAPE, contains_pattern
from eventapp.events.models import Event, ParticipantGroup
from eventapp.extensions import db
from eventapp.registration.models import Institution, ParticipantCategory, Registration, RegistrationStatus
from eventapp.registration.phones import normalise_phone

MAX_RESULTS = 20
MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
MAX_WORDS = 5


@dataclass(frozen=True)
class Found:
    """One registration as the search lists it."""

    registration_id: int
    reference: str
    name: str
    position: str
    institution: str
    group_number: int
    group_name: str
    group_colour: str
    category: str
    registration_status: RegistrationStatus
    expected: ScanStatus  # what a scan would answer on the day, were it not checked in yet
    checked_in_at: datetime | None
    gate: str | None

    @property
    def has_badge(self) -> bool:
        return status_has_badge(self.registration_status)

    @property
    def colour(self) -> str:
        if self.checked_in_at is not None:
            return ScanStatus.ALREADY_CHECKED_IN.colour
        return self.expected.colour


def tidy_query(text: str | None) -> str:
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH]


def _phone_clause(text: str):
    number = normalise_phone(text)
    if number:
        return Registration.phone == number
    digits = text.replace(" ", "").replace("-", "").lstrip("+")
    if len(digits) >= 4 and digits.isdigit():  # a part of the number: "123 456"
        return Registration.phone.like(contains_pattern(digits.lstrip("0")), escape=LIKE_ESCAPE)
    return None


def _word_clause(word: str):
    pattern = contains_pattern(word)
    return sa.or_(
        Registration.first_name.ilike(pattern, escape=LIKE_ESCAPE),
        Registration.middle_name.ilike(pattern, escape=LIKE_ESCAPE),
        Registration.last_name.ilike(pattern, escape=LIKE_ESCAPE),
        Registration.email.like(contains_pattern(word.lower()), escape=LIKE_ESCAPE),
        Registration.reference.like(contains_pattern(normalise_reference(word)), escape=LIKE_ESCAPE),
    )


def search_clause(text: str):
    """Every word in a name, the email or the reference (so "juma mshi" finds Juma Mshiriki);
    or the phone number, whole or a part of its digits."""
    words = sa.and_(*(_word_clause(word) for word in text.split()[:MAX_WORDS]))
    phone = _phone_clause(text)
    return words if phone is None else sa.or_(words, phone)


def search_registrations(event: Event, text: str, day: date, language: str) -> list[Found]:
    """At most MAX_RESULTS registrations of `event` matching `text` (see search_clause), by
    name; none for a text shorter than MIN_QUERY_LENGTH. One query."""
    text = tidy_query(text)
    if len(text) < MIN_QUERY_LENGTH:
        return []
    english = language == "en"
    rows = db.session.execute(
        sa.select(
            Registration.id, Registration.reference, Registration.status, Registration.title,
            Registration.first_name, Registration.middle_name, Registration.last_name, Registration.position,
            Institution.name.label("institution"), ParticipantGroup.number,
            (ParticipantGroup.name_en if english else ParticipantGroup.name_sw).label("group_name"),
            ParticipantGroup.colour,
            (ParticipantCategory.name_en if english else ParticipantCategory.name_sw).label("category"),
            attends_clause(event.id, day).label("attends"), Checkin.checked_in_at, Checkin.gate,
        )
        .join(ParticipantCategory, ParticipantCategory.id == Registration.category_id)
        .join(ParticipantGroup, ParticipantGroup.id == ParticipantCategory.group_id)
        .join(Institution, Institution.id == Registration.institution_id)
        .outerjoin(Checkin, sa.and_(Checkin.registration_id == Registration.id, Checkin.day == day))
        .where(Registration.event_id == event.id, search_clause(text))
        .order_by(Registration.last_name, Registration.first_name, Registration.id)
        .limit(MAX_RESULTS)
    )
    return [
        Found(
            registration_id=row.id, reference=row.reference,
            name=full_name(row.title, row.first_name, row.middle_name, row.last_name), position=row.position,
            institution=row.institution, group_number=row.number, group_name=row.group_name,
            group_colour=row.colour, category=row.category, registration_status=row.status,
            expected=expected_status(row.status, bool(row.attends)),
            checked_in_at=row.checked_in_at, gate=row.gate,
        )
        for row in rows
    ]
