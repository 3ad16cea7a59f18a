"""Builders for check-in tests: a meeting happening today, and registrations in each state."""
from datetime import timedelta

from eventapp.core.clock import local_today
from eventapp.events.models import EventDay, EventStatus, ParticipantGroup
from eventapp.extensions import db
from eventapp.registration.models import ParticipantCategory, Registration, RegistrationStatus
from tests import factories


def gate_event(**kwargs):
    """An open event on today and tomorrow: group 1 attends today, group 2 tomorrow, group 3
    both. Each group has a free category (confirmed at once) and a paid one (waits for payment)."""
    today = local_today()
    values = dict(
        starts_on=today, ends_on=today + timedelta(days=1), status=EventStatus.OPEN,
        registration_opens_on=today - timedelta(days=30), registration_closes_on=today + timedelta(days=1),
    )
    values.update(kwargs)
    event = factories.event(**values)
    first, second = (EventDay(event=event, date=event.starts_on + timedelta(days=i)) for i in range(2))
    db.session.add_all([first, second])
    groups = [
        ParticipantGroup(event=event, number=1, name_sw="Kundi la Kwanza", name_en="Group 1", colour="#1f6f43",
                         days=[first]),
        ParticipantGroup(event=event, number=2, name_sw="Kundi la Pili", name_en="Group 2", colour="#1d4e89",
                         days=[second]),
        ParticipantGroup(event=event, number=3, name_sw="Kundi la Tatu", name_en="Group 3", colour="#8a1c1c",
                         days=[first, second]),
    ]
    db.session.add_all(groups)
    db.session.commit()
    for group in groups:
        for code, fee in (("FREE", 0), ("PAID", 400_000)):
            factories.category(event, code=f"{code}{group.number}", fee=fee, group_id=group.id,
                               name_en=f"{code.title()} {group.name_en}", name_sw=f"{code.title()} {group.name_sw}")
    return event


def category_of(event, group: int = 1, paid: bool = False) -> ParticipantCategory:
    code = f"{'PAID' if paid else 'FREE'}{group}"
    return db.session.scalar(db.select(ParticipantCategory).filter_by(event_id=event.id, code=code))


def confirmed(event, group: int = 1, **kwargs) -> Registration:
    registration = factories.registration(category_of(event, group), **kwargs)
    assert registration.status is RegistrationStatus.CONFIRMED
    return registration


def unpaid(event, group: int = 1, **kwargs) -> Registration:
    registration = factories.registration(category_of(event, group, paid=True), **kwargs)
    assert registration.status is RegistrationStatus.PENDING_PAYMENT
    return registration


def cancelled(event, group: int = 1, **kwargs) -> Registration:
    from eventapp.registration.services.lifecycle import cancel_registration

    registration = confirmed(event, group, **kwargs)
    cancel_registration(registration, by_registrant=True)
    return registration
