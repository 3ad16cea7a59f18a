"""Build model objects for tests with sensible defaults; each call makes a new one."""
import itertools
from datetime import date

from eventapp.auth.models import User, UserRole
from eventapp.extensions import db
from eventapp.events.models import Event, EventDay, EventStatus, ParticipantGroup

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def detach(obj):
    """Load every column, then hand the object out of the session for use across requests."""
    db.session.refresh(obj)
    for rel in ("roles", "days", "groups"):
        getattr(obj, rel, None)
    db.session.expunge(obj)
    return obj


def user(roles=(), email=None, password=PASSWORD, full_name=None, active=True) -> User:
    n = next(_seq)
    u = User(
        email=(email or f"user{n}@example.org").lower(),
        full_name=full_name or f"Test User {n}",
        password_hash="",
        active=active,
    )
    u.set_password(password)
    u.roles = [UserRole(role=r) for r in roles]
    db.session.add(u)
    db.session.commit()
    return u


def event(
    edition=None,
    starts_on=date(2026, 2, 2),
    ends_on=date(2026, 2, 5),
    status=EventStatus.DRAFT,
    with_days=False,
    **kwargs,
) -> Event:
    n = edition or (100 + next(_seq))
    values = dict(
        edition=n,
        title_sw=f"Kikao Kazi cha Serikali Mtandao {n}",
        title_en=f"e-Government Annual Meeting {n}",
        theme_sw="Mada ya majaribio",
        theme_en="A test theme",
        venue="AICC",
        city="Arusha",
        starts_on=starts_on,
        ends_on=ends_on,
        registration_opens_on=date(starts_on.year - 1, 12, 1),
        registration_closes_on=starts_on,
        status=status,
    )
    values.update(kwargs)
    e = Event(**values)
    db.session.add(e)
    if with_days:
        from datetime import timedelta

        days = [EventDay(event=e, date=starts_on + timedelta(days=i)) for i in range((ends_on - starts_on).days + 1)]
        db.session.add_all(days)
        db.session.add(ParticipantGroup(event=e, number=1, name_sw="Kundi la Kwanza", name_en="Group 1", days=days[:1]))
    db.session.commit()
    return e


def open_event(**kwargs) -> Event:
    """An event open for registration today, with two days and group 1 attending both."""
    from datetime import timedelta

    from eventapp.core.clock import local_today

    today = local_today()
    values = dict(
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=31),
        status=EventStatus.OPEN,
        with_days=True,
        registration_opens_on=today - timedelta(days=10),
        registration_closes_on=today + timedelta(days=20),
    )
    values.update(kwargs)
    return event(**values)


def category(event_obj: Event, code=None, fee=400_000, capacity=None, **kwargs):
    """A participant category of `event_obj`'s first group."""
    from eventapp.registration.models import ParticipantCategory

    n = next(_seq)
    values = dict(
        event_id=event_obj.id,
        group_id=event_obj.groups[0].id,
        code=code or f"C{n}",
        name_sw=f"Kundi la majaribio {n}",
        name_en=f"Test category {n}",
        fee_amount=fee,
        currency="TZS",
        capacity=capacity,
    )
    values.update(kwargs)
    c = ParticipantCategory(**values)
    db.session.add(c)
    db.session.commit()
    return c


def institution(name=None, type_=None, **kwargs):
    from eventapp.registration.models import Institution, InstitutionType

    n = next(_seq)
    name = name or f"Wizara ya Majaribio {n}"
    inst = Institution(name=name, name_key=name.lower(), type=type_ or InstitutionType.MINISTRY, **kwargs)
    db.session.add(inst)
    db.session.commit()
    return inst


def participant_details(category_obj, institution_obj=None, **kwargs):
    """ParticipantDetails that pass validation (override any field)."""
    from eventapp.registration.services.registering import ParticipantDetails

    n = next(_seq)
    values = dict(
        title="Bw.",
        first_name="Juma",
        last_name=f"Mshiriki{'abcdefghij'[n % 10]}",
        gender="male",
        position="Afisa TEHAMA",
        email=f"mshiriki{n}@example.org",
        phone="0754 123 456",
        category_id=category_obj.id,
        institution_id=institution_obj.id if institution_obj else None,
        institution_name="" if institution_obj else "Wakala ya Majaribio",
    )
    values.update(kwargs)
    return ParticipantDetails(**values)


def registration(category_obj, institution_obj=None, consent=True, **kwargs):
    """Register through the real service (so places, status and bill are as in production)."""
    from eventapp.registration.services.registering import register_participant

    details = participant_details(category_obj, institution_obj, **kwargs)
    return register_participant(category_obj.event, details, consent=consent)
