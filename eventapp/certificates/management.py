"""The organisers' changes to one certificate: revoke it with a reason, correct the holder's
name (the old one revoked, a new one issued and, if the old was emailed, the new one emailed),
and issue one by hand to someone the rules qualify who was missed. Each commits its own work
and, when refused, changes nothing."""
from dataclasses import dataclass

from flask_babel import gettext as _

from eventapp.certificates import delivery, issuing
from eventapp.certificates.designs import ready_for_issuing
from eventapp.certificates.eligibility import subjects_for
from eventapp.certificates.models import Certificate, CertificateType
from eventapp.core.errors import DomainError
from eventapp.events.models import Event
from eventapp.extensions import db


def _refuse(error: DomainError):
    db.session.rollback()
    raise error


def revoke_certificate(certificate: Certificate, reason: str, actor_id: int | None) -> Certificate:
    """Revoke with a reason (the verification page then says REVOKED)."""
    try:
        issuing.revoke(certificate, reason, actor_id)
    except DomainError as error:
        _refuse(error)
    db.session.commit()
    return certificate


@dataclass
class Correction:
    certificate: Certificate  # the new one
    emailed: bool | None  # None: the old one had not been emailed, so neither is this one


def correct_certificate_name(certificate: Certificate, new_name: str, actor_id: int | None) -> Correction:
    """Correct the holder's name: the old certificate is revoked and a new one issued. When the
    old one had been emailed, the holder gets the new PDF (a failure is reported, the
    correction stands)."""
    try:
        replacement = issuing.correct_name(certificate, new_name, actor_id)
    except DomainError as error:
        _refuse(error)
    db.session.commit()
    emailed = None
    if certificate.emailed_at is not None and replacement.holder_email:
        emailed = delivery.try_send(replacement, replaced=certificate)
        db.session.commit()
    return Correction(replacement, emailed)


def issue_one(event: Event, certificate_type: CertificateType, key: str, actor_id: int | None) -> Certificate:
    """Issue the certificate of one subject the rules qualify (found by its key), when a batch
    missed them. Refused when the design is not ready, the key does not qualify, or the subject
    already holds a valid certificate of the type."""
    problems = ready_for_issuing(event, certificate_type)
    if problems:
        raise DomainError(" ".join(problems))
    subject = next((s for s in subjects_for(event, certificate_type) if s.key == key), None)
    if subject is None:
        raise DomainError(_("This person does not qualify for the certificate (or no longer does)."))
    try:
        certificate, created = issuing.issue(event, certificate_type, subject, actor_id)
    except DomainError as error:
        _refuse(error)
    if not created:
        _refuse(DomainError(_("%(name)s already holds this certificate (%(serial)s).",
                              name=certificate.holder_name, serial=certificate.serial)))
    db.session.commit()
    return certificate
