"""Certificates by email: a batch emails each new holder their own PDF in their language (once),
a mail failure is counted and stops nothing; emailing again; a corrected name is emailed when the
old certificate had been."""
import pytest
import sqlalchemy as sa

from eventapp.certificates import batches, delivery, management
from eventapp.certificates.issuing import revoke
from eventapp.certificates.models import Certificate, CertificateType
from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError
from eventapp.core.roles import Role
from eventapp.events.models import CommitteeRole
from eventapp.extensions import db, mail
from eventapp.jobs.models import JobStatus
from eventapp.registration.models import Registration
from tests import factories
from tests.certificates import eligibility_data as data
from tests.checkin import factories as gate
from tests.pdf_reading import pdf_text

P = CertificateType.PARTICIPATION


@pytest.fixture
def event(app_ctx):
    event = gate.gate_event(title_sw="Kikao Kazi cha Tatu", title_en="Third Annual Meeting")
    data.participants(event, 2, language="sw")
    data.participants(event, 1, language="en", last_name="Kiingereza")
    data.ready_design(event, P)
    return event


@pytest.fixture
def organiser(app_ctx):
    return factories.user(roles=(Role.ORGANISER,))


def certificates(event) -> list[Certificate]:
    return list(db.session.scalars(sa.select(Certificate).where(Certificate.event_id == event.id)
                                   .order_by(Certificate.id)))


def certificate_mails(outbox) -> list:
    return [m for m in outbox if any(a.filename.endswith(".pdf") and a.filename.startswith("KK")
                                     for a in m.attachments)]


def test_a_batch_emails_each_holder_their_own_pdf_in_their_language(event, organiser, outbox, tmp_path):
    job = batches.start_batch(event, P, organiser.id, email=True)
    db.session.refresh(job)

    mails = certificate_mails(outbox)
    issued = certificates(event)
    assert job.status is JobStatus.DONE and len(mails) == len(issued) == 3
    assert "Emailed: 3; could not be emailed: 0" in job.message
    by_address = {m.recipients[0]: m for m in mails}
    for certificate in issued:
        message = by_address[certificate.holder_email]
        (attachment,) = message.attachments
        assert attachment.filename == f"{certificate.serial}.pdf" and attachment.content_type == "application/pdf"
        assert certificate.serial in pdf_text(attachment.data, tmp_path)
        title = "Kikao Kazi cha Tatu" if certificate.language == "sw" else "Third Annual Meeting"
        assert title in message.subject and certificate.code in message.body and certificate.serial in message.html
        assert certificate.emailed_at is not None
    assert sorted(c.language for c in issued) == ["en", "sw", "sw"]


def test_running_the_batch_again_emails_nobody_twice(event, organiser, outbox):
    batches.start_batch(event, P, organiser.id, email=True)
    first = len(certificate_mails(outbox))

    job = batches.start_batch(event, P, organiser.id, email=True)
    db.session.refresh(job)

    assert len(certificate_mails(outbox)) == first == 3 and "Emailed: 0" in job.message


def test_a_merged_pdf_batch_still_emails_each_holder_their_own_page(event, organiser, outbox, tmp_path):
    job = batches.start_batch(event, P, organiser.id, email=True, bundle="pdf")
    db.session.refresh(job)

    mails = certificate_mails(outbox)
    assert job.result_filename.endswith(".pdf") and len(mails) == 3
    assert all(len(m.attachments) == 1 for m in mails)


def test_a_mail_failure_is_counted_and_stops_nothing(event, organiser, outbox, monkeypatch):
    english = db.session.scalar(sa.select(Registration.email).where(Registration.language == "en",
                                                                          Registration.event_id == event.id))
    real_send = mail.send

    def send(message):
        if english in message.recipients:
            raise ConnectionRefusedError("SMTP server down")
        return real_send(message)

    monkeypatch.setattr(mail, "send", send)

    job = batches.start_batch(event, P, organiser.id, email=True)
    db.session.refresh(job)

    assert job.status is JobStatus.DONE
    assert "Emailed: 2; could not be emailed: 1" in job.message
    issued = {c.holder_email: c for c in certificates(event)}
    assert len(issued) == 3 and issued[english].emailed_at is None
    assert all(c.emailed_at is not None for email, c in issued.items() if email != english)


def test_holders_without_an_address_are_counted(organiser, outbox, app_ctx):
    event = gate.gate_event()
    data.ready_design(event, CertificateType.COMMITTEE)
    committee = data.committee(event, "Programme", "Programu", [("Neema Mushi", CommitteeRole.CHAIR, None),
                                                                ("Ali Said", CommitteeRole.MEMBER, None)])
    committee.members[1].email = None
    db.session.commit()

    job = batches.start_batch(event, CertificateType.COMMITTEE, organiser.id, email=True)
    db.session.refresh(job)

    assert "Emailed: 1; could not be emailed: 0; without an address: 1." in job.message
    assert len(certificate_mails(outbox)) == 1


def test_email_again_sends_and_records_it(event, organiser, outbox):
    batches.start_batch(event, P, organiser.id)
    certificate = certificates(event)[0]
    assert certificate_mails(outbox) == []

    delivery.resend(certificate, organiser.id)

    (message,) = certificate_mails(outbox)
    assert message.recipients == [certificate.holder_email] and certificate.emailed_at is not None
    assert db.session.scalar(sa.select(AuditEntry.action).where(AuditEntry.action == "certificate.email"))


def test_email_again_is_refused_for_a_revoked_certificate_or_no_address(event, organiser, outbox):
    batches.start_batch(event, P, organiser.id)
    revoked, no_address = certificates(event)[:2]
    revoke(revoked, "Issued by mistake", organiser.id)
    no_address.holder_email = ""
    db.session.commit()

    for certificate in (revoked, no_address):
        with pytest.raises(DomainError):
            delivery.resend(certificate, organiser.id)
        assert certificate.emailed_at is None
    assert certificate_mails(outbox) == []


def test_a_corrected_name_is_emailed_when_the_old_certificate_was(event, organiser, outbox):
    batches.start_batch(event, P, organiser.id, email=True)
    old = certificates(event)[0]
    sent_before = len(certificate_mails(outbox))

    correction = management.correct_certificate_name(old, "Bi. Asha Mwinyi", organiser.id)

    mails = certificate_mails(outbox)[sent_before:]
    assert correction.emailed is True and len(mails) == 1
    assert mails[0].attachments[0].filename == f"{correction.certificate.serial}.pdf"
    assert old.serial in mails[0].body and correction.certificate.emailed_at is not None


def test_a_corrected_name_is_not_emailed_when_the_old_certificate_was_not(event, organiser, outbox):
    batches.start_batch(event, P, organiser.id)
    old = certificates(event)[0]

    correction = management.correct_certificate_name(old, "Bi. Asha Mwinyi", organiser.id)

    assert correction.emailed is None and certificate_mails(outbox) == []
