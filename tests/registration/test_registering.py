"""The rules of registering one participant, and of what a registrant may do afterwards:
details checked, one registration per email, places and the waiting list, bills with
control numbers, proof uploads, corrections and cancelling, re-billing a delegation."""
import io
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from eventapp.core.clock import local_today
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.references import luhn_is_valid, reference_is_well_formed
from eventapp.events.models import EventStatus
from eventapp.extensions import db
from eventapp.registration.models import (
    Bill,
    BillStatus,
    Institution,
    ParticipantCategory,
    PaymentChannel,
    PaymentSource,
    Registration,
    RegistrationStatus,
)
from eventapp.registration.services import billing, delegations, lifecycle, payments, registering
from tests import factories


@pytest.fixture
def en(app):
    """A request in English around the test, so messages read as written in the code."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


@pytest.fixture
def event(en):
    return factories.open_event()


@pytest.fixture
def category(event):
    return factories.category(event, name_en="ICT officers", fee=400_000)


def count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def refused(call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    return caught.value


def register(category, consent=True, proof=None, **details):
    return registering.register_participant(
        category.event, factories.participant_details(category, **details), consent=consent, proof=proof
    )


def small_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Student ID: UDOM/2026/001")
    page.save()
    return buffer.getvalue()


def upload(data: bytes, filename: str, content_type: str = "application/pdf") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename, content_type=content_type)


def stored_uploads(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return sorted(folder.iterdir()) if folder.exists() else []


# Registering ---------------------------------------------------------------------------


def test_registration_gets_a_reference_a_bill_and_an_email_with_the_bill(category, outbox):
    registration = register(category, email="Asha.Juma@Example.ORG", phone="0754 123 456")

    assert reference_is_well_formed(registration.reference)
    assert registration.status is RegistrationStatus.PENDING_PAYMENT
    assert registration.email == "asha.juma@example.org"
    assert registration.phone == "255754123456"
    assert registration.fee_amount == 400_000
    [bill] = billing.bills_for(registration)
    assert re.fullmatch(r"99\d{10}", bill.control_number)
    assert luhn_is_valid(bill.control_number)
    assert bill.total_amount == 400_000 and bill.currency == "TZS"
    assert bill.status is BillStatus.PENDING
    assert [i.registration_id for i in bill.items] == [registration.id]
    assert bill.expires_on <= category.event.ends_on
    assert db.session.get(ParticipantCategory, category.id).places_taken == 1

    [message] = outbox
    assert message.recipients == ["asha.juma@example.org"]
    assert registration.reference in message.subject
    assert bill.control_number in message.body
    [attachment] = message.attachments
    assert attachment.filename == f"bill-{bill.control_number}.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.data.startswith(b"%PDF")


def test_each_registration_gets_its_own_control_number(category):
    numbers = {billing.bills_for(register(category))[0].control_number for _ in range(5)}

    assert len(numbers) == 5
    assert all(luhn_is_valid(n) for n in numbers)


@pytest.mark.parametrize("typed", ["0754 123 456", "0754123456", "+255 754 123 456", "+255754123456",
                                   "255754123456", "255-754-123-456", " 0754-123-456 "])
def test_phone_is_normalised_to_255_and_nine_digits(category, typed):
    assert register(category, phone=typed).phone == "255754123456"


@pytest.mark.parametrize("typed", ["12345", "0754 12", "phone", "0754 123 456 789 000", "+1 555", ""])
def test_invalid_phone_is_refused_beside_the_field(category, typed):
    error = refused(register, category, phone=typed)

    assert isinstance(error, InvalidInput)
    assert error.errors["phone"] == "Enter a valid phone number, like 0754 123 456 or +255 754 123 456."
    assert count(Registration) == 0


@pytest.mark.parametrize("typed", ["not-an-email", "juma@", "juma@example", "ju ma@example.org", ""])
def test_invalid_email_is_refused_beside_the_field(category, typed):
    error = refused(register, category, email=typed)

    assert error.errors["email"] == "Enter a valid email address, like jina@taasisi.go.tz."
    assert count(Registration) == 0


def test_every_problem_is_reported_at_once(category):
    error = refused(register, category, consent=False, first_name="", email="x", phone="1", gender="other",
                    position="", institution_name="")

    assert set(error.errors) >= {"consent", "first_name", "email", "phone", "gender", "position", "institution_name"}


def test_missing_consent_is_refused_and_nothing_saved(category, outbox):
    error = refused(register, category, consent=False)

    assert error.errors == {"consent": "Please agree so that we can process your registration."}
    assert count(Registration) == 0 and count(Bill) == 0
    assert outbox == []


def test_names_with_digits_or_markup_are_refused(category):
    error = refused(register, category, first_name="<script>", last_name="Juma2")

    assert error.errors["first_name"] == error.errors["last_name"] == "Use letters only."


def test_too_long_values_are_refused(category):
    error = refused(register, category, position="x" * 161, special_needs="y" * 1001)

    assert error.errors["position"] == "At most 160 characters."
    assert error.errors["special_needs"] == "At most 1000 characters."


def test_hidden_category_is_not_open_to_the_public(event):
    guests = factories.category(event, public=False, fee=0)

    error = refused(register, guests)

    assert error.errors == {"category_id": "Choose a participant category."}


def test_category_of_another_event_is_refused(category):
    other = factories.category(factories.open_event())

    error = refused(registering.register_participant, category.event,
                    factories.participant_details(other), consent=True)

    assert "category_id" in error.errors


@pytest.mark.parametrize("typed", ["Asha@Example.org", "ASHA@EXAMPLE.ORG", " asha@example.org "])
def test_one_registration_per_email_per_event_whatever_the_case(category, typed, outbox):
    register(category, email="asha@example.org")

    error = refused(register, category, email=typed)

    assert not isinstance(error, InvalidInput)
    assert error.field == "email"
    assert "already registered" in error.message
    assert count(Registration) == 1 and count(Bill) == 1
    assert len(outbox) == 1


def test_the_same_email_may_register_for_another_event(category):
    register(category, email="asha@example.org")
    other = factories.category(factories.open_event())

    assert register(other, email="asha@example.org").status is RegistrationStatus.PENDING_PAYMENT


def test_a_cancelled_registration_does_not_block_registering_again(category):
    first = register(category, email="asha@example.org")
    lifecycle.cancel_registration(first, by_registrant=True)

    again = register(category, email="asha@example.org")

    assert again.status is RegistrationStatus.PENDING_PAYMENT
    assert db.session.get(ParticipantCategory, category.id).places_taken == 1


@pytest.mark.database
def test_a_second_identical_submit_that_passes_the_check_is_stopped_by_the_unique_index(
    app, en, db_backend, monkeypatch
):
    """Two submits of the same form racing each other both pass the email check; the
    database's unique index refuses the second, and nothing of it stays behind."""
    category = factories.category(factories.open_event(), requires_proof=True)
    register(category, email="asha@example.org", proof=upload(small_pdf(), "id.pdf"))
    files_before = stored_uploads(app)
    monkeypatch.setattr(registering, "email_taken", lambda event, email: None)

    error = refused(register, category, email="asha@example.org", proof=upload(small_pdf(), "id.pdf"))

    assert error.field == "email" and "already registered" in error.message
    assert count(Registration) == 1 and count(Bill) == 1
    assert db.session.get(ParticipantCategory, category.id).places_taken == 1
    assert stored_uploads(app) == files_before  # the second proof file was removed again


def test_free_category_is_confirmed_at_once_without_a_bill(event, outbox):
    free = factories.category(event, fee=0)

    registration = register(free)

    assert registration.status is RegistrationStatus.CONFIRMED
    assert billing.bills_for(registration) == []
    # no bill to attach; the badge of a confirmed registration is the only attachment
    assert [a.filename for a in outbox[0].attachments] == [f"badge-{registration.reference}.pdf"]


def test_category_needing_approval_waits_without_a_bill(event):
    reviewed = factories.category(event, requires_approval=True)

    registration = register(reviewed)

    assert registration.status is RegistrationStatus.PENDING_APPROVAL
    assert billing.bills_for(registration) == []


def test_typed_institution_is_added_for_review_and_reused(category):
    first = register(category, institution_name="Chuo  cha Majaribio")
    second = register(category, institution_name="chuo cha majaribio")

    assert first.institution_id == second.institution_id
    institution = db.session.get(Institution, first.institution_id)
    assert institution.name == "Chuo cha Majaribio" and institution.reviewed is False


# Registration dates --------------------------------------------------------------------


def test_registration_before_it_opens_is_refused(en):
    today = local_today()
    event = factories.open_event(registration_opens_on=today + timedelta(days=3))
    category = factories.category(event)

    error = refused(register, category)

    assert error.message == f"Registration opens on {(today + timedelta(days=3)).isoformat()}."
    assert count(Registration) == 0


def test_registration_after_it_closes_is_refused(en):
    today = local_today()
    event = factories.open_event(registration_opens_on=today - timedelta(days=20),
                                 registration_closes_on=today - timedelta(days=1))
    category = factories.category(event)

    error = refused(register, category)

    assert error.message == "Registration for this meeting has closed."
    assert count(Registration) == 0


def test_registration_on_its_last_day_is_accepted(en):
    category = factories.category(factories.open_event(registration_closes_on=local_today()))

    assert register(category).status is RegistrationStatus.PENDING_PAYMENT


def test_registration_for_a_closed_event_is_refused(en):
    category = factories.category(factories.open_event(status=EventStatus.CLOSED))

    assert refused(register, category).message == "Registration for this meeting has closed."


# Capacity and the waiting list ---------------------------------------------------------


def test_a_full_category_puts_people_on_the_waiting_list(event, outbox):
    category = factories.category(event, capacity=2)

    placed = [register(category) for _ in range(2)]
    waiting = register(category)

    assert [r.status for r in placed] == [RegistrationStatus.PENDING_PAYMENT] * 2
    assert waiting.status is RegistrationStatus.WAITLISTED
    assert billing.bills_for(waiting) == []
    assert db.session.get(ParticipantCategory, category.id).places_taken == 2
    assert outbox[-1].attachments == []  # no bill for the waiting list
    assert "waiting list" in outbox[-1].body or "orodha ya kusubiri" in outbox[-1].body


def test_a_cancellation_promotes_the_first_on_the_waiting_list(event, outbox):
    category = factories.category(event, capacity=1)
    holder = register(category)
    first_waiting = register(category, email="first@example.org")
    second_waiting = register(category, email="second@example.org")
    outbox.clear()

    lifecycle.cancel_registration(holder, by_registrant=True)

    db.session.expire_all()
    assert db.session.get(Registration, holder.id).status is RegistrationStatus.CANCELLED
    assert db.session.get(Registration, first_waiting.id).status is RegistrationStatus.PENDING_PAYMENT
    assert db.session.get(Registration, second_waiting.id).status is RegistrationStatus.WAITLISTED
    assert db.session.get(ParticipantCategory, category.id).places_taken == 1
    [old_bill] = billing.bills_for(holder)
    assert old_bill.status is BillStatus.CANCELLED
    [new_bill] = billing.bills_for(first_waiting)
    assert new_bill.status is BillStatus.PENDING and luhn_is_valid(new_bill.control_number)

    by_recipient = {m.recipients[0]: m for m in outbox}
    assert set(by_recipient) == {holder.email, "first@example.org"}
    promoted = by_recipient["first@example.org"]
    assert new_bill.control_number in promoted.body
    [attachment] = promoted.attachments
    assert attachment.filename == f"bill-{new_bill.control_number}.pdf" and attachment.data.startswith(b"%PDF")


def test_cancelling_from_the_waiting_list_frees_no_place(event):
    category = factories.category(event, capacity=1)
    register(category)
    waiting = register(category)
    behind = register(category)

    lifecycle.cancel_registration(waiting, by_registrant=True)

    db.session.expire_all()
    assert db.session.get(Registration, behind.id).status is RegistrationStatus.WAITLISTED
    assert db.session.get(ParticipantCategory, category.id).places_taken == 1


# Proof of eligibility ------------------------------------------------------------------


@pytest.fixture
def students(event):
    return factories.category(event, fee=20_000, requires_proof=True, name_en="Students",
                              proof_label_en="Student ID card")


def test_missing_proof_is_refused_beside_the_field(app, students):
    error = refused(register, students, proof=None)
    error_empty = refused(register, students, proof=upload(b"", ""))

    assert error.errors == {"proof": "Choose a file to upload."}
    assert error_empty.errors == {"proof": "Choose a file to upload."}
    assert count(Registration) == 0 and stored_uploads(app) == []


@pytest.mark.parametrize("data, filename", [
    (b"This is my student ID, honest.\n", "student-id.pdf"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "student-id.pdf"),
    (b"PK\x03\x04 not really a zip", "student-id.png"),
])
def test_a_file_that_is_not_really_a_pdf_or_image_is_refused(app, students, data, filename):
    error = refused(register, students, proof=upload(data, filename))

    assert "not an accepted type" in error.errors["proof"]
    assert count(Registration) == 0 and count(Bill) == 0
    assert stored_uploads(app) == []


def test_a_too_large_proof_is_refused(app, students):
    app.config["MAX_PROOF_BYTES"] = 1000

    error = refused(register, students, proof=upload(b"%PDF-1.4\n" + b"0" * 2000, "id.pdf"))

    assert error.errors["proof"].startswith("The file is too large")
    assert count(Registration) == 0


def test_a_real_pdf_is_stored_under_a_random_name_in_the_upload_folder(app, students):
    pdf = small_pdf()

    registration = register(students, proof=upload(pdf, "Kitambulisho cha Mwanafunzi.pdf"))

    [stored] = stored_uploads(app)
    assert stored.name == registration.proof_file
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored.name)
    assert stored.read_bytes() == pdf
    assert registration.proof_filename == "Kitambulisho cha Mwanafunzi.pdf"
    assert registration.status is RegistrationStatus.PENDING_PAYMENT


def test_a_png_proof_is_accepted(app, students):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

    registration = register(students, proof=upload(png, "id.png", "image/png"))

    assert registration.proof_file.endswith(".png")


def test_proof_is_ignored_where_none_is_needed(app, category):
    registration = register(category, proof=upload(b"whatever", "x.txt", "text/plain"))

    assert registration.proof_file is None and stored_uploads(app) == []


# The registrant's link, corrections and cancelling --------------------------------------


def test_the_signed_link_leads_back_to_the_registration(category):
    registration = register(category)
    token = lifecycle.registrant_token(registration)

    assert lifecycle.registration_for_token(token).id == registration.id
    for bad in (token[:-2] + "xx", token + "x", "x", registration.reference):
        assert refused(lifecycle.registration_for_token, bad).message.startswith("This link is not valid.")


def test_correcting_details_normalises_them_again(category):
    registration = register(category)
    details = factories.participant_details(category, first_name="Asha", phone="+255 715 000 111",
                                            email="Asha@Example.org", institution_name="Wakala Mpya")

    lifecycle.update_details(registration, details)

    db.session.expire_all()
    changed = db.session.get(Registration, registration.id)
    assert (changed.first_name, changed.phone, changed.email) == ("Asha", "255715000111", "asha@example.org")
    assert changed.institution.name == "Wakala Mpya"
    assert changed.category_id == category.id


def test_a_corrected_email_gets_the_receipt(category, outbox):
    registration = register(category, email="asha@exmaple.org", first_name="Asa")
    lifecycle.update_details(registration, factories.participant_details(
        category, email="asha@example.org", first_name="Asha", last_name="Mwinyi", title="Dkt.", phone="0715 000 111"))
    [bill] = billing.bills_for(registration)

    assert (bill.payer_email, bill.payer_phone) == ("asha@example.org", "255715000111")
    assert bill.payer_name == "Dkt. Asha Mwinyi"
    assert bill.items[0].description.startswith("Asha Mwinyi — ")
    _pay(bill)
    assert outbox[-1].recipients == ["asha@example.org"]


def test_a_correction_racing_another_registration_for_the_email_is_refused_clearly(category, monkeypatch):
    register(category, email="taken@example.org")
    registration = register(category)
    monkeypatch.setattr(lifecycle, "email_taken", lambda event, email: None)

    error = refused(lifecycle.update_details, registration,
                    factories.participant_details(category, email="taken@example.org"))

    assert error.field == "email"
    assert db.session.get(Registration, registration.id).email != "taken@example.org"


def test_correction_cannot_change_the_category(event, category):
    registration = register(category)
    cheaper = factories.category(event, fee=1_000)

    lifecycle.update_details(registration, factories.participant_details(cheaper))

    db.session.expire_all()
    assert db.session.get(Registration, registration.id).category_id == category.id


def test_correction_cannot_take_another_registrants_email(category):
    register(category, email="taken@example.org")
    registration = register(category)

    error = refused(lifecycle.update_details, registration,
                    factories.participant_details(category, email="TAKEN@example.org"))

    assert error.field == "email"


def test_correction_with_bad_details_changes_nothing(category):
    registration = register(category, phone="0754 123 456")

    error = refused(lifecycle.update_details, registration, factories.participant_details(category, phone="12"))

    db.session.rollback()
    assert "phone" in error.errors
    assert db.session.get(Registration, registration.id).phone == "255754123456"


def _close_registration(event):
    event.registration_opens_on = local_today() - timedelta(days=30)
    event.registration_closes_on = local_today() - timedelta(days=1)
    db.session.commit()


def test_correction_and_cancelling_after_registration_closes_are_refused(category):
    registration = register(category)
    _close_registration(category.event)

    correction = refused(lifecycle.update_details, registration, factories.participant_details(category))
    cancelling = refused(lifecycle.cancel_registration, registration, by_registrant=True)

    assert correction.message.startswith("Registration has closed")
    assert cancelling.message.startswith("Registration has closed")
    db.session.rollback()
    assert db.session.get(Registration, registration.id).status is RegistrationStatus.PENDING_PAYMENT


def test_organisers_may_still_cancel_after_registration_closes(category):
    registration = register(category)
    _close_registration(category.event)

    lifecycle.cancel_registration(registration, by_registrant=False, actor_id=None, reason="Asked by phone")

    assert registration.status is RegistrationStatus.CANCELLED


def test_cancelling_twice_is_refused(category):
    registration = register(category)
    lifecycle.cancel_registration(registration, by_registrant=True)

    assert refused(lifecycle.cancel_registration, registration, by_registrant=True).message == (
        "This registration has already been cancelled."
    )
    assert refused(lifecycle.update_details, registration, factories.participant_details(category)).message == (
        "This registration has been cancelled."
    )


def test_cancelling_frees_the_place_and_cancels_the_unpaid_bill(category, outbox):
    registration = register(category)

    lifecycle.cancel_registration(registration, by_registrant=True)

    [bill] = billing.bills_for(registration)
    assert bill.status is BillStatus.CANCELLED
    assert db.session.get(ParticipantCategory, category.id).places_taken == 0
    assert outbox[-1].recipients == [registration.email]
    assert registration.reference in outbox[-1].subject


def _pay(bill, amount=None, transaction_id="TX-1"):
    notice = payments.PaymentNotice(
        transaction_id=transaction_id, control_number=bill.control_number,
        amount=amount if amount is not None else bill.total_amount, currency=bill.currency,
        paid_at=datetime.now(timezone.utc), channel=PaymentChannel.MPESA, psp_name="M-Pesa", payer_name="Juma",
    )
    return payments.record_payment(notice, PaymentSource.MANUAL)


def test_a_paid_bill_stays_when_its_registrant_cancels(category):
    registration = register(category)
    [bill] = billing.bills_for(registration)
    _pay(bill)
    assert registration.status is RegistrationStatus.CONFIRMED

    lifecycle.cancel_registration(registration, by_registrant=True)

    assert bill.status is BillStatus.PAID  # refunds are handled by hand


# Delegations ---------------------------------------------------------------------------


def _delegation(category, n=3):
    institution = factories.institution()
    rows = [factories.participant_details(category, institution, email=f"member{i}@example.org") for i in range(n)]
    focal = delegations.FocalPerson(name="Neema Focal", email="focal@example.org", phone="0713 000 000")
    return delegations.register_delegation(category.event, institution.id, "", focal, rows)


def test_cancelling_a_delegation_member_rebills_the_others(category, outbox):
    delegation, bill = _delegation(category)
    members = sorted(delegation.registrations, key=lambda r: r.id)
    outbox.clear()

    lifecycle.cancel_registration(members[0], by_registrant=True)

    assert bill.status is BillStatus.CANCELLED
    new_bill = billing.open_bill_for(members[1])
    assert new_bill is not None and new_bill.id != bill.id
    assert new_bill.delegation_id == delegation.id
    assert new_bill.total_amount == 2 * 400_000
    assert sorted(i.registration_id for i in new_bill.items) == [members[1].id, members[2].id]
    assert new_bill.control_number != bill.control_number and luhn_is_valid(new_bill.control_number)
    assert billing.open_bill_for(members[2]).id == new_bill.id

    rebilled = [m for m in outbox if m.recipients == ["focal@example.org"]]
    [message] = rebilled
    assert new_bill.control_number in message.subject
    assert message.attachments[0].filename == f"bill-{new_bill.control_number}.pdf"
    assert message.attachments[0].data.startswith(b"%PDF")


def test_cancelling_the_last_delegation_member_leaves_no_open_bill(category):
    delegation, bill = _delegation(category, n=1)

    lifecycle.cancel_registration(delegation.registrations[0], by_registrant=True)

    assert bill.status is BillStatus.CANCELLED
    assert count(Bill, Bill.status.in_(billing.OPEN_BILL)) == 0


def test_a_partly_paid_delegation_bill_is_not_rebilled(category):
    delegation, bill = _delegation(category)
    bill.payment_option = billing.PaymentOption.PARTIAL
    db.session.commit()
    _pay(bill, amount=100_000)

    lifecycle.cancel_registration(delegation.registrations[0], by_registrant=True)

    assert bill.status is BillStatus.PARTIALLY_PAID
    assert count(Bill) == 1


# Resending the link --------------------------------------------------------------------


def test_resend_link_emails_a_registered_person_again(category, outbox):
    registration = register(category, email="asha@example.org")
    outbox.clear()

    lifecycle.resend_link(category.event, "  ASHA@example.org ")

    [message] = outbox
    assert message.recipients == ["asha@example.org"]
    token = re.search(r"/registration/(\S+)", message.body).group(1)
    assert lifecycle.registration_for_token(token).id == registration.id  # tokens carry a timestamp


def test_resend_link_to_an_unknown_email_sends_nothing_and_says_nothing(category, outbox):
    assert lifecycle.resend_link(category.event, "nobody@example.org") is None
    assert outbox == []
