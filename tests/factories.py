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
