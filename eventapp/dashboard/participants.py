"""Who counts as a participant of an edition, per group and category: the one rule the
dashboard, the post-event report and the editions side by side all use.

A participant is a registration that is confirmed (paid, waived, free or approved). Pending,
waiting-list, cancelled and rejected registrations are not participants; the registration
figures show them separately.

Every count here comes from one grouped query per request (`registration_counts`): the
registrations of the edition by category and status.
"""
from dataclasses import dataclass

import sqlalchemy as sa

from eventapp.core.request_memo import per_request
from eventapp.events.models import Event, ParticipantGroup
from eventapp.extensions import db
from eventapp.registration.models import ParticipantCategory, Registration, RegistrationStatus

PARTICIPANT_STATUS = RegistrationStatus.CONFIRMED


@dataclass(frozen=True)
class CategoryCount:
    category_id: int
    group_number: int
    group_name_sw: str
    group_name_en: str
    group_colour: str
    category_code: str
    category_name_sw: str
    category_name_en: str
    fee_amount: int
    currency: str
    participants: int

    def group_name(self, language: str) -> str:
        return self.group_name_en if language == "en" else self.group_name_sw

    def category_name(self, language: str) -> str:
        return self.category_name_en if language == "en" else self.category_name_sw


@per_request
def registration_counts(event: Event) -> dict[tuple[int, RegistrationStatus], int]:
    """(category id, status) → registrations of the edition, in one grouped query."""
    rows = db.session.execute(
        sa.select(Registration.category_id, Registration.status, sa.func.count())
        .where(Registration.event_id == event.id)
        .group_by(Registration.category_id, Registration.status)
    )
    return {(category_id, status): n for category_id, status, n in rows}


def status_totals(event: Event) -> dict[RegistrationStatus, int]:
    """Status → registrations of the edition (statuses nobody has are left out)."""
    totals: dict[RegistrationStatus, int] = {}
    for (_category_id, status), n in registration_counts(event).items():
        totals[status] = totals.get(status, 0) + n
    return totals


def participants_by_category(event: Event) -> list[CategoryCount]:
    """Every category of the edition (those with no participant too), by group number and
    category code, with its number of participants."""
    counts = registration_counts(event)
    rows = db.session.execute(
        sa.select(ParticipantCategory.id, ParticipantGroup.number, ParticipantGroup.name_sw, ParticipantGroup.name_en,
                  ParticipantGroup.colour, ParticipantCategory.code, ParticipantCategory.name_sw,
                  ParticipantCategory.name_en, ParticipantCategory.fee_amount, ParticipantCategory.currency)
        .join(ParticipantGroup, ParticipantGroup.id == ParticipantCategory.group_id)
        .where(ParticipantCategory.event_id == event.id)
        .order_by(ParticipantGroup.number, ParticipantCategory.code)
    )
    return [CategoryCount(*row, counts.get((row[0], PARTICIPANT_STATUS), 0)) for row in rows]


def participants_total(event: Event) -> int:
    return status_totals(event).get(PARTICIPANT_STATUS, 0)
