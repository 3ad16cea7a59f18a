"""Issuing badges: reissuing a lost one (the old badge stops working at the gate), and the badge
in the emails of a confirmed registration: registered free, approved, paid (each delegate at
their own address), never undoing anything when the mail fails."""
import re
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from eventapp.checkin import badge_issue
from eventapp.checkin.badge_issue import reissue_badge
from eventapp.checkin.scanning import Scan, ScanStatus, check_in
from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError
from eventapp.extensions import db
from eventapp.registration.models import PaymentChannel, PaymentSource, Registration, RegistrationStatus
from eventapp.registration.services import billing, delegations, lifecycle, payments
from tests import factories
from tests.checkin import factories as gate
from tests.checkin.badge_reading import qr_codes


@pytest.fixture
def event(app_ctx):
    return gate.gate_event()


def reissues() -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "badge.reissue")))


def badges_in(message) -> list:
    return [a for a in message.attachments if a.filename.startswith("badge-")]


def pay(bill, transaction_id="TX-1", amount=None):
    notice = payments.PaymentNotice(
        transaction_id=transaction_id, control_number=bill.control_number,
        amount=bill.total_amount if amount is None else amount, currency=bill.currency,
        paid_at=datetime.now(timezone.utc), channel=PaymentChannel.MPESA, payer_name="Mlipaji",
    )
    result = payments.record_payment(notice, PaymentSource.MANUAL)
    assert result.outcome is payments.Outcome.MATCHED, result.message
    return result


# --- reissue -------------------------------------------------------------------------------


def test_reissue_draws_a_new_token_and_the_lost_badge_checks_in_as_invalid(event):
    organiser = factories.user()
    person = gate.confirmed(event)
    lost = person.badge_token

    reissue_badge(person, organiser.id)

    db.session.expire_all()
    person = db.session.get(Registration, person.id)
    assert person.badge_token != lost and len(person.badge_token) == 43
    assert check_in(Scan(lost)).status is ScanStatus.INVALID
    assert check_in(Scan(person.badge_token)).status is ScanStatus.OK
    [entry] = reissues()
    assert entry.actor_id == organiser.id and entry.target == f"registration:{person.reference}"


def test_reissue_is_refused_for_a_cancelled_registration_and_changes_nothing(event):
    person = gate.cancelled(event)
    token = person.badge_token

    with pytest.raises(DomainError, match="cancelled or not approved"):
        reissue_badge(person, None)

    db.session.rollback()
    assert db.session.get(Registration, person.id).badge_token == token
    assert reissues() == []


def test_a_waiting_registration_may_get_a_new_token_before_it_is_confirmed(event):
    person = gate.unpaid(event)
    token = person.badge_token
    reissue_badge(person, None)
    assert person.badge_token != token


# --- emails --------------------------------------------------------------------------------


def test_a_free_registration_is_emailed_its_badge_with_the_confirmation(event, outbox, tmp_path):
    person = gate.confirmed(event, email="neema@example.org")

    [message] = [m for m in outbox if m.recipients == ["neema@example.org"]]
    [badge] = badges_in(message)
    assert badge.filename == f"badge-{person.reference}.pdf" and badge.content_type == "application/pdf"
    assert qr_codes(badge.data, tmp_path) == [[person.badge_token]]


def test_a_registration_waiting_for_payment_gets_no_badge_until_paid_then_a_badge_email(event, outbox, tmp_path):
    person = gate.unpaid(event, email="juma@example.org")
    [registered] = outbox
    assert badges_in(registered) == [] and [a.filename for a in registered.attachments][0].startswith("bill-")

    pay(billing.open_bill_for(person))

    receipt, badge_email = outbox[1:]
    assert receipt.attachments[0].filename.startswith("receipt-") and badges_in(receipt) == []
    assert badge_email.recipients == ["juma@example.org"] and person.reference in badge_email.subject
    [badge] = badges_in(badge_email)
    assert qr_codes(badge.data, tmp_path) == [[person.badge_token]]
    # the registrant's signed link (it carries a timestamp, so compare what it opens)
    tokens = re.findall(r"/registration/([A-Za-z0-9_.-]+)", badge_email.body + badge_email.html)
    assert tokens and {lifecycle.registration_for_token(t).id for t in tokens} == {person.id}


def test_each_delegate_confirmed_by_the_delegations_payment_gets_their_own_badge(event, outbox, tmp_path):
    paid = gate.category_of(event, 1, paid=True)
    rows = [factories.participant_details(paid, institution_name="", email=f"mjumbe{i}@example.org")
            for i in range(3)]
    focal = delegations.FocalPerson(name="Neema Focal", email="focal@example.org", phone="0713 000 000")
    delegation, bill = delegations.register_delegation(event, factories.institution().id, "", focal, rows)
    outbox.clear()

    pay(bill)

    by_address = {m.recipients[0]: m for m in outbox}
    assert set(by_address) == {"focal@example.org", "mjumbe0@example.org", "mjumbe1@example.org",
                               "mjumbe2@example.org"}
    assert badges_in(by_address["focal@example.org"]) == []  # the payer gets the receipt
    for member in delegation.registrations:
        [badge] = badges_in(by_address[member.email])
        assert badge.filename == f"badge-{member.reference}.pdf"
        assert qr_codes(badge.data, tmp_path, member.reference) == [[member.badge_token]]


def test_free_delegates_get_their_badges_when_the_delegation_is_registered(event, outbox):
    free = gate.category_of(event, 2)
    rows = [factories.participant_details(free, institution_name="", email=f"bure{i}@example.org") for i in range(2)]
    focal = delegations.FocalPerson(name="Neema Focal", email="focal@example.org", phone="0713 000 000")

    delegation, bill = delegations.register_delegation(event, factories.institution().id, "", focal, rows)

    assert bill is None
    for member in delegation.registrations:
        [message] = [m for m in outbox if m.recipients == [member.email]]
        assert [b.filename for b in badges_in(message)] == [f"badge-{member.reference}.pdf"]


def test_a_bill_paid_in_two_parts_sends_the_badge_once_on_the_last_part(event, outbox):
    from eventapp.registration.models import PaymentOption

    person = gate.unpaid(event)
    bill = billing.open_bill_for(person)
    bill.payment_option = PaymentOption.PARTIAL
    db.session.commit()
    outbox.clear()

    pay(bill, "TX-A", amount=100_000)
    assert person.status is RegistrationStatus.PENDING_PAYMENT
    assert not any(badges_in(m) for m in outbox)
    pay(bill, "TX-B", amount=300_000)

    assert person.status is RegistrationStatus.CONFIRMED
    assert sum(len(badges_in(m)) for m in outbox) == 1


def test_an_approved_free_registration_is_emailed_its_badge(event, outbox):
    category = gate.category_of(event, 3)
    category.requires_approval = True
    db.session.commit()
    person = factories.registration(category)
    assert person.status is RegistrationStatus.PENDING_APPROVAL
    assert not any(badges_in(m) for m in outbox)

    lifecycle.approve(person, factories.user().id)

    assert person.status is RegistrationStatus.CONFIRMED
    assert [b.filename for b in badges_in(outbox[-1])] == [f"badge-{person.reference}.pdf"]


def test_the_badge_email_is_in_the_registrants_language(event, monkeypatch):
    languages = []
    monkeypatch.setattr(badge_issue, "send_email", lambda *args, **kwargs: languages.append(kwargs["language"]))
    person = gate.confirmed(event)
    person.language = "en"
    db.session.commit()

    badge_issue.notify_badge(person)

    assert languages == ["en"]


def test_a_failing_badge_email_is_logged_and_the_payment_stands(event, outbox, monkeypatch, caplog):
    person = gate.unpaid(event)

    def broken(*args, **kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr(badge_issue, "send_email", broken)
    pay(billing.open_bill_for(person))

    db.session.expire_all()
    assert db.session.get(Registration, person.id).status is RegistrationStatus.CONFIRMED
    assert "Could not send the badge email" in caplog.text


def test_a_badge_that_cannot_be_drawn_leaves_the_email_without_it(event, outbox, monkeypatch, caplog):
    def broken(registration):
        raise RuntimeError("no badge today")

    monkeypatch.setattr(badge_issue, "render_badge", broken)
    person = gate.confirmed(event)

    [message] = [m for m in outbox if m.recipients == [person.email]]
    assert badges_in(message) == []
    assert "Could not draw the badge" in caplog.text


def test_an_unconfirmed_registration_gets_no_badge_email(event, outbox):
    person = gate.unpaid(event)
    outbox.clear()
    badge_issue.notify_badge(person)
    assert outbox == [] and badge_issue.badge_attachments(person) == []
