"""Who counts as a participant of an edition, per group and category: the one rule the
dashboard, the post-event report and the editions side by side all use.

A participant is a registration that is confirmed (paid, waived, free or approved). Pending,
waiting-list, cancelled and rejected registrations are not participants; the registration
figures show them separately.
"""
from dataclasses import dataclass

import sqlalchemy as sa

from eventapp.events.models import Event, ParticipantGroup
from eventapp.extensions import db
from eventapp.registration.models import ParticipantCategory, Registration, RegistrationStatus

PARTICIPANT_STATUS = RegistrationStatus.CONFIRMED


@dataclass(frozen=True)
class CategoryCount:
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


def participants_by_category(event: Event) -> list[CategoryCount]:
    """Every category of the edition (those with no participant too), by group number and
    category code, with its number of participants: one grouped query."""
    confirmed = (
        sa.select(Registration.category_id, sa.func.count().label("n"))
        .where(Registration.event_id == event.id, Registration.status == PARTICIPANT_STATUS)
        .group_by(Registration.category_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(ParticipantGroup.number, ParticipantGroup.name_sw, ParticipantGroup.name_en,
                  ParticipantGroup.colour, ParticipantCategory.code, ParticipantCategory.name_sw,
                  ParticipantCategory.name_en, ParticipantCategory.fee_amount, ParticipantCategory.currency,
                  sa.func.coalesce(confirmed.c.n, 0))
        .join(ParticipantGroup, ParticipantGroup.id == ParticipantCategory.group_id)
        .outerjoin(confirmed, confirmed.c.category_id == ParticipantCategory.id)
        .where(ParticipantCategory.event_id == event.id)
        .order_by(ParticipantGroup.number, ParticipantCategory.code)
    )
    return [CategoryCount(*row) for row in rows]


def participants_total(event: Event) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Registration.id))
        .where(Registration.event_id == event.id, Registration.status == PARTICIPANT_STATUS)
    ) or 0
