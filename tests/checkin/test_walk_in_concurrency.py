"""Walk-ins racing online registrations for the last places of a capped category: no 500, no
category over its capacity, and a walk-in that lost the race leaves nothing behind. Desks
typing the same new institution at once all register, with one institution."""
import pytest
import sqlalchemy as sa

from eventapp.checkin.walk_in import DeskPayment, DeskPaymentKind, register_walk_in
from eventapp.core.roles import Role
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import (
    Bill,
    Institution,
    ParticipantCategory,
    Payment,
    PaymentChannel,
    Registration,
)
from eventapp.registration.models.registrations import PLACE_HOLDING
from eventapp.registration.services.registering import register_participant
from tests import factories
from tests.checkin import factories as gate
from tests.registration.test_concurrency import app_config, run_together  # noqa: F401  (fixture)

pytestmark = pytest.mark.database

PLACES = 2
EACH_SIDE = 6


def test_walk_ins_racing_online_registrations_for_the_last_places(app, db_backend):
    with app.app_context():
        event = gate.gate_event()
        capped = factories.category(event, code="CAP", fee=50_000, capacity=PLACES, group_id=event.groups[0].id)
        category_id, desk_id = capped.id, factories.user(roles=[Role.GATE]).id
        # A directory institution: the online form adding the same new one at once is another matter.
        ministry = factories.institution()
        people = [factories.participant_details(capped, ministry, email=f"mbio{i}@example.org")
                  for i in range(2 * EACH_SIDE)]

    def work(i: int):
        category = db.session.get(ParticipantCategory, category_id)
        if i % 2:
            return register_participant(category.event, people[i], consent=True).status.value
        payment = DeskPayment(DeskPaymentKind.PAID, reference=f"POS-{i}", channel=PaymentChannel.CASH)
        return register_walk_in(category.event, people[i], payment, consent=True, actor_id=desk_id).registration.id

    results = run_together(app, 2 * EACH_SIDE, work)

    assert not [r for r in results if r[0] == "error"], results
    walk_ins, online = results[0::2], results[1::2]
    assert all(kind == "ok" for kind, _value in online), online  # online: a place or the waiting list
    refused = [value for kind, value in walk_ins if kind == "refused"]
    assert all("full" in message for message in refused), refused
    admitted = [value for kind, value in walk_ins if kind == "ok"]
    with app.app_context():
        holding = db.session.scalar(
            sa.select(sa.func.count()).select_from(Registration)
            .where(Registration.category_id == category_id, Registration.status.in_(PLACE_HOLDING))
        )
        assert holding == PLACES == db.session.get(ParticipantCategory, category_id).places_taken
        # Every walk-in that lost the race left nothing: one registration, bill and payment per winner.
        walked_in = db.session.scalars(sa.select(Registration.id).where(Registration.email.in_(
            [f"mbio{i}@example.org" for i in range(0, 2 * EACH_SIDE, 2)]))).all()
        assert sorted(walked_in) == sorted(admitted)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Payment)) == len(admitted)
        online_bills = len([value for _kind, value in online if value == "pending_payment"])
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Bill)) == len(admitted) + online_bills


def test_desks_typing_the_same_new_institution_at_once_all_register(app, db_backend):
    with app.app_context():
        event = gate.gate_event()
        free = gate.category_of(event)
        desk_id, event_id = factories.user(roles=[Role.GATE]).id, event.id
        people = [factories.participant_details(free, email=f"desk{i}@example.org",
                                                institution_name="Taasisi Mpya ya Majaribio") for i in range(8)]

    results = run_together(app, 8, lambda i: register_walk_in(
        db.session.get(Event, event_id), people[i], DeskPayment(None), consent=True, actor_id=desk_id,
    ).check_in.status.value)

    assert results == [("ok", "ok")] * 8, results
    with app.app_context():
        named = sa.select(sa.func.count()).select_from(Institution).filter_by(name="Taasisi Mpya ya Majaribio")
        assert db.session.scalar(named) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 8
