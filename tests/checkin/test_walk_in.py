"""The walk-in desk's rules: paid at the desk, waived by an organiser only, refused payments and
full categories leave nothing behind, free categories, after registration closed, a group
that does not come today, an email already registered, and a meeting that is not on."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventapp.checkin.models import Checkin, CheckinSource
from eventapp.checkin.scanning import ScanStatus
from eventapp.checkin.walk_in import (
    WALK_IN_GATE,
    AlreadyRegistered,
    DeskPayment,
    DeskPaymentKind,
    desk_open,
    desk_outcome,
    register_walk_in,
)
from eventapp.core.audit import AuditEntry
from eventapp.core.clock import local_today
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.roles import Role
from eventapp.events.models import EventStatus
from eventapp.extensions import db
from eventapp.registration.models import (
    Bill,
    BillStatus,
    Institution,
    ParticipantCategory,
    Payment,
    PaymentChannel,
    PaymentSource,
    Registration,
    RegistrationStatus,
)
from tests import factories
from tests.checkin import factories as gate


@pytest.fixture
def event(app_ctx):
    return gate.gate_event()


@pytest.fixture
def gate_user(app_ctx):
    return factories.user(roles=[Role.GATE])


@pytest.fixture
def organiser(app_ctx):
    return factories.user(roles=[Role.ORGANISER])


def details(category, **kwargs):
    kwargs.setdefault("institution_name", "Halmashauri ya Jiji la Arusha")
    return factories.participant_details(category, **kwargs)


def paid(reference="POS-000123", **kwargs) -> DeskPayment:
    return DeskPayment(DeskPaymentKind.PAID, reference=reference, channel=PaymentChannel.BANK, **kwargs)


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def snapshot() -> dict:
    """Everything a walk-in writes, to show that a refusal wrote none of it."""
    return {model.__name__: count(model)
            for model in (Registration, Bill, Payment, Checkin, AuditEntry, Institution)} | {
        "places": db.session.scalar(sa.select(sa.func.sum(ParticipantCategory.places_taken))),
    }


def test_paid_at_the_desk_confirms_records_the_payment_for_finance_and_checks_in(event, gate_user, outbox):
    category = gate.category_of(event, group=1, paid=True)

    walked_in = register_walk_in(event, details(category, email="mgeni@example.org"), paid(), consent=True,
                                 actor_id=gate_user.id)

    registration = walked_in.registration
    assert registration.status is RegistrationStatus.CONFIRMED and not registration.fee_waived
    payment = db.session.scalar(sa.select(Payment))
    assert (payment.transaction_id, payment.amount, payment.source, payment.channel, payment.recorded_by_id) == (
        "POS-000123", 400_000, PaymentSource.MANUAL, PaymentChannel.BANK, gate_user.id)
    assert payment.psp_name == "Walk-in desk" and payment.payer_name == registration.display_name
    assert payment.bill.status is BillStatus.PAID and payment.bill.items[0].registration_id == registration.id
    assert walked_in.payment.id == payment.id
    assert walked_in.check_in.status is ScanStatus.OK
    row = db.session.scalar(sa.select(Checkin))
    assert (row.registration_id, row.day, row.source, row.gate, row.user_id) == (
        registration.id, local_today(), CheckinSource.WALK_IN, WALK_IN_GATE, gate_user.id)
    assert db.session.scalar(sa.select(AuditEntry.action)) == "registration.walk_in"
    assert all(m.recipients == ["mgeni@example.org"] for m in outbox)
    assert any(payment.receipt_number in m.subject for m in outbox)  # the receipt, as finance would send it
    assert badges_sent(outbox) == [f"badge-{registration.reference}.pdf"]  # the confirmation, once


def badges_sent(outbox) -> list[str]:
    return [a.filename for m in outbox for a in m.attachments if a.filename.startswith("badge-")]


def test_a_free_walk_in_gets_the_registration_email_with_the_badge(event, gate_user, outbox):
    walked_in = register_walk_in(event, details(gate.category_of(event)), DeskPayment(None), consent=True,
                                 actor_id=gate_user.id)

    assert [walked_in.registration.reference in m.subject for m in outbox] == [True]
    assert badges_sent(outbox) == [f"badge-{walked_in.registration.reference}.pdf"]


def test_the_amount_typed_must_be_the_fee_and_the_fee_is_the_default(event, gate_user):
    category = gate.category_of(event, group=1, paid=True)
    before = snapshot()

    with pytest.raises(InvalidInput) as refused:
        register_walk_in(event, details(category), paid(amount=200_000), consent=True, actor_id=gate_user.id)

    assert "amount" in refused.value.errors
    assert snapshot() == before
    walked_in = register_walk_in(event, details(category), paid(amount=400_000), consent=True, actor_id=gate_user.id)
    assert walked_in.payment.amount == 400_000


def test_an_organiser_waives_the_fee_with_a_reason_which_is_audited(event, organiser):
    category = gate.category_of(event, group=1, paid=True)
    waiver = DeskPayment(DeskPaymentKind.WAIVED, waiver_reason="Guest speaker, ICT panel")

    walked_in = register_walk_in(event, details(category), waiver, consent=True, actor_id=organiser.id)

    registration = walked_in.registration
    assert registration.status is RegistrationStatus.CONFIRMED
    assert registration.fee_waived and registration.waiver_reason == "Guest speaker, ICT panel"
    assert count(Bill) == 0 and count(Payment) == 0
    entries = db.session.execute(sa.select(AuditEntry.action, AuditEntry.actor_id, AuditEntry.details)).all()
    assert ("registration.fee_waiver", organiser.id, "Guest speaker, ICT panel") in entries
    assert walked_in.check_in.status is ScanStatus.OK


def test_a_waiver_needs_a_reason(event, organiser):
    category = gate.category_of(event, group=1, paid=True)
    before = snapshot()

    with pytest.raises(InvalidInput) as refused:
        register_walk_in(event, details(category), DeskPayment(DeskPaymentKind.WAIVED, waiver_reason=" no "),
                         consent=True, actor_id=organiser.id)

    assert "waiver_reason" in refused.value.errors
    assert snapshot() == before


def test_a_gate_user_cannot_waive_a_fee_and_nothing_is_written(event, gate_user):
    category = gate.category_of(event, group=1, paid=True)
    before = snapshot()

    with pytest.raises(DomainError) as refused:
        register_walk_in(event, details(category),
                         DeskPayment(DeskPaymentKind.WAIVED, waiver_reason="A friend of mine"),
                         consent=True, actor_id=gate_user.id)

    assert refused.value.field == "payment" and "organiser" in refused.value.message
    assert snapshot() == before


def test_a_fee_neither_paid_nor_waived_is_refused(event, gate_user):
    category = gate.category_of(event, group=1, paid=True)
    before = snapshot()

    with pytest.raises(InvalidInput) as refused:
        register_walk_in(event, details(category), DeskPayment(None), consent=True, actor_id=gate_user.id)
    with pytest.raises(InvalidInput) as no_number:
        register_walk_in(event, details(category), paid(reference="  "), consent=True, actor_id=gate_user.id)

    assert "payment" in refused.value.errors and "reference" in no_number.value.errors
    assert snapshot() == before


def test_a_receipt_number_already_recorded_leaves_no_registration_behind(event, gate_user, outbox):
    category = gate.category_of(event, group=1, paid=True)
    register_walk_in(event, details(category), paid("CASH-0042"), consent=True, actor_id=gate_user.id)
    before, sent = snapshot(), len(outbox)

    with pytest.raises(DomainError) as refused:
        register_walk_in(event, details(category, email="wa.pili@example.org", institution_name="Taasisi Mpya Kabisa"),
                         paid("CASH-0042"), consent=True, actor_id=gate_user.id)

    assert refused.value.field == "reference" and "already recorded" in refused.value.message
    assert snapshot() == before  # no registration, bill, payment, check-in, audit entry, institution or place
    assert db.session.scalar(sa.select(Registration).filter_by(email="wa.pili@example.org")) is None
    assert len(outbox) == sent


def test_a_free_category_needs_no_payment(event, gate_user):
    category = gate.category_of(event, group=1)

    walked_in = register_walk_in(event, details(category), DeskPayment(None), consent=True, actor_id=gate_user.id)

    assert walked_in.registration.status is RegistrationStatus.CONFIRMED and walked_in.payment is None
    assert count(Bill) == 0 and walked_in.check_in.status is ScanStatus.OK


def test_a_hidden_category_can_be_chosen_at_the_desk(event, gate_user):
    hidden = factories.category(event, code="SPK", fee=0, public=False, group_id=event.groups[0].id)

    walked_in = register_walk_in(event, details(hidden), DeskPayment(None), consent=True, actor_id=gate_user.id)

    assert walked_in.registration.category_id == hidden.id


def test_a_category_needing_approval_is_confirmed_by_the_desk(event, gate_user):
    vetted = factories.category(event, code="VET", fee=0, requires_approval=True, requires_proof=True,
                                group_id=event.groups[0].id)

    walked_in = register_walk_in(event, details(vetted), DeskPayment(None), consent=True, actor_id=gate_user.id)

    assert walked_in.registration.status is RegistrationStatus.CONFIRMED


def test_the_desk_works_after_online_registration_closed(app_ctx):
    today = local_today()
    event = gate.gate_event(registration_closes_on=today - timedelta(days=1))
    user = factories.user(roles=[Role.GATE])

    walked_in = register_walk_in(event, details(gate.category_of(event, group=3, paid=True)), paid(), consent=True,
                                 actor_id=user.id)

    assert walked_in.registration.status is RegistrationStatus.CONFIRMED
    assert walked_in.check_in.status is ScanStatus.OK


def test_a_group_that_does_not_come_today_is_registered_but_not_checked_in(event, gate_user):
    walked_in = register_walk_in(event, details(gate.category_of(event, group=2, paid=True)), paid(), consent=True,
                                 actor_id=gate_user.id)

    assert walked_in.registration.status is RegistrationStatus.CONFIRMED
    assert walked_in.check_in.status is ScanStatus.WRONG_DAY
    assert count(Checkin) == 0 and count(Payment) == 1
    outcome = desk_outcome(event, walked_in.registration.id)
    assert outcome.checkin is None and outcome.payment.transaction_id == "POS-000123"


def test_an_email_already_registered_is_refused_with_that_registration(event, gate_user):
    earlier = gate.confirmed(event, email="tayari@example.org")
    before = snapshot()

    with pytest.raises(AlreadyRegistered) as refused:
        register_walk_in(event, details(gate.category_of(event), email="Tayari@Example.org"), DeskPayment(None),
                         consent=True, actor_id=gate_user.id)

    assert refused.value.field == "email" and refused.value.registration.id == earlier.id
    assert snapshot() == before


def test_a_full_category_is_refused_and_nothing_is_kept(event, gate_user):
    small = factories.category(event, code="SMALL", fee=0, capacity=1, group_id=event.groups[0].id)
    factories.registration(small)
    before = snapshot()

    with pytest.raises(DomainError) as refused:
        register_walk_in(event, details(small, institution_name="Taasisi Nyingine Mpya"), DeskPayment(None),
                         consent=True, actor_id=gate_user.id)

    assert refused.value.field == "category_id"
    assert snapshot() == before


def test_the_person_must_agree_and_the_details_are_checked(event, gate_user):
    before = snapshot()

    with pytest.raises(InvalidInput) as refused:
        register_walk_in(event, details(gate.category_of(event), email="not-an-email", first_name=""),
                         DeskPayment(None), consent=False, actor_id=gate_user.id)

    assert {"consent", "email", "first_name"} <= set(refused.value.errors)
    assert snapshot() == before


def test_a_category_of_another_event_is_refused(event, gate_user):
    other = gate.gate_event()
    before = snapshot()

    with pytest.raises(InvalidInput) as refused:
        register_walk_in(event, details(gate.category_of(other)), DeskPayment(None), consent=True,
                         actor_id=gate_user.id)

    assert "category_id" in refused.value.errors
    assert snapshot() == before


def test_a_meeting_that_is_not_on_closes_the_desk_to_gate_staff_but_not_to_organisers(app_ctx):
    today = local_today()
    later = gate.gate_event(starts_on=today + timedelta(days=30), ends_on=today + timedelta(days=31),
                            status=EventStatus.CLOSED)
    gate_only, organiser = factories.user(roles=[Role.GATE]), factories.user(roles=[Role.ORGANISER])
    assert not desk_open(later)
    before = snapshot()

    with pytest.raises(DomainError) as refused:
        register_walk_in(later, details(gate.category_of(later)), DeskPayment(None), consent=True,
                         actor_id=gate_only.id)
    assert "not on today" in refused.value.message and snapshot() == before

    walked_in = register_walk_in(later, details(gate.category_of(later)), DeskPayment(None), consent=True,
                                 actor_id=organiser.id)
    assert walked_in.registration.status is RegistrationStatus.CONFIRMED
    assert walked_in.check_in.status is ScanStatus.WRONG_DAY and count(Checkin) == 0


def test_an_open_meeting_or_one_on_today_keeps_the_desk_open(app_ctx):
    today = local_today()
    assert desk_open(gate.gate_event(status=EventStatus.CLOSED))  # a day of it is today
    assert desk_open(gate.gate_event(starts_on=today + timedelta(days=5), ends_on=today + timedelta(days=6)))


def test_the_outcome_of_another_events_registration_is_none(event, gate_user):
    walked_in = register_walk_in(event, details(gate.category_of(event)), DeskPayment(None), consent=True,
                                 actor_id=gate_user.id)
    other = gate.gate_event()

    assert desk_outcome(other, walked_in.registration.id) is None
    assert desk_outcome(event, walked_in.registration.id).checkin is not None
    assert desk_outcome(event, 999_999) is None
