"""The database keeps a check-in consistent with its registration, on SQLite and PostgreSQL."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventapp.checkin.models import Checkin, CheckinSource
from eventapp.core.clock import local_today
from eventapp.extensions import db
from tests.checkin import factories as gate

pytestmark = pytest.mark.database


def add(**values):
    row = dict(day=local_today(), gate="", source=CheckinSource.MANUAL)
    row.update(values)
    db.session.add(Checkin(**row))
    db.session.commit()


def test_a_check_in_belongs_to_its_registrations_event(app_ctx, db_backend):
    event = gate.gate_event()
    other = gate.gate_event(edition=event.edition + 7)
    person = gate.confirmed(event)

    with pytest.raises(sa.exc.IntegrityError):
        add(registration_id=person.id, event_id=other.id)
    db.session.rollback()
    add(registration_id=person.id, event_id=event.id)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Checkin)) == 1


def test_one_check_in_per_person_and_day(app_ctx, db_backend):
    event = gate.gate_event()
    person = gate.confirmed(event)
    add(registration_id=person.id, event_id=event.id)

    with pytest.raises(sa.exc.IntegrityError):
        add(registration_id=person.id, event_id=event.id)
    db.session.rollback()
    add(registration_id=person.id, event_id=event.id, day=local_today() + timedelta(days=1))


def test_a_scan_cannot_be_recorded_after_it_reached_the_server(app_ctx, db_backend):
    from eventapp.core.models import utcnow

    event = gate.gate_event()
    person = gate.confirmed(event)
    now = utcnow()

    with pytest.raises(sa.exc.IntegrityError):
        add(registration_id=person.id, event_id=event.id, checked_in_at=now + timedelta(minutes=5), recorded_at=now)
