"""Issuing, revoking and correcting certificates: the rules every path (one by hand, a batch by
rule, a name correction) goes through. One valid certificate per event, type and subject is a
database rule (a partial unique index), so issuing twice — or two batches at once — issues
nothing twice."""
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from eventapp.certificates.models import Certificate, CertificateType
from eventapp.core import audit
from eventapp.core.errors import DomainError
from eventapp.core.models import utcnow
from eventapp.core.references import luhn_check_digit
from eventapp.events.models import Event
from eventapp.extensions import db

TYPE_LETTERS = {
    CertificateType.PARTICIPATION: "P",
    CertificateType.PRESENTER: "S",
    CertificateType.EXHIBITOR: "E",
    CertificateType.AWARD: "A",
    CertificateType.JUDGE: "J",
    CertificateType.COMMITTEE: "C",
}
MAX_NAME = 200
MIN_REASON = 5
MAX_REASON = 300


@dataclass(frozen=True)
class Subject:
    """Who a certificate is for and what it says of them (built by the eligibility rules)."""

    key: str  # e.g. "registration:12" — what makes it one certificate, not two
    holder_name: str
    holder_institution: str = ""
    holder_email: str = ""
    detail_sw: str = ""
    detail_en: str = ""
    language: str = "sw"
    registration_id: int | None = None
    user_id: int | None = None


def serial_for(event: Event, certificate_type: CertificateType, number: int) -> str:
    """E.g. `KK2-P-000042-7`: the edition, the type, the number and a Luhn check digit."""
    digits = f"{event.edition}{number:06d}"
    return f"KK{event.edition}-{TYPE_LETTERS[certificate_type]}-{number:06d}-{luhn_check_digit(digits)}"


def live_certificate(event_id: int, certificate_type: CertificateType, key: str) -> Certificate | None:
    return db.session.scalar(
        sa.select(Certificate).where(Certificate.event_id == event_id, Certificate.type == certificate_type,
                                     Certificate.subject_key == key, Certificate.revoked_at.is_(None))
    )


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if len(name) < 3:
        raise DomainError(_("Write the holder's full name."), field="holder_name")
    if len(name) > MAX_NAME:
        raise DomainError(_("At most %(n)d characters.", n=MAX_NAME), field="holder_name")
    return name


def issue(event: Event, certificate_type: CertificateType, subject: Subject, actor_id: int | None,
          job_id: int | None = None, replaces_id: int | None = None) -> tuple[Certificate, bool]:
    """The valid certificate of `subject`, issued now unless it already has one; returns it and
    whether it was new. The caller commits (a batch commits in chunks)."""
    existing = live_certificate(event.id, certificate_type, subject.key)
    if existing is not None:
        return existing, False
    certificate = Certificate(
        event_id=event.id, type=certificate_type, subject_key=subject.key[:80],
        holder_name=_clean_name(subject.holder_name), holder_institution=(subject.holder_institution or "")[:200],
        holder_email=(subject.holder_email or "")[:254], detail_sw=subject.detail_sw[:400],
        detail_en=subject.detail_en[:400], language=subject.language if subject.language in ("sw", "en") else "sw",
        registration_id=subject.registration_id, user_id=subject.user_id, issued_by_id=actor_id, job_id=job_id,
        replaces_id=replaces_id,
    )
    try:
        with db.session.begin_nested():  # another batch issuing it at this moment: keep theirs
            db.session.add(certificate)
            db.session.flush()
            certificate.serial = serial_for(event, certificate_type, certificate.id)
            db.session.flush()
    except sa.exc.IntegrityError:
        existing = live_certificate(event.id, certificate_type, subject.key)
        if existing is None:
            raise
        return existing, False
    audit.record(actor_id, "certificate.issue", f"certificate:{certificate.serial}",
                 f"{certificate_type.value}: {certificate.holder_name}")
    return certificate, True


def revoke(certificate: Certificate, reason: str, actor_id: int | None) -> Certificate:
    """Revoke with a reason (shown on the verification page as REVOKED). The caller commits."""
    reason = " ".join((reason or "").split())
    if certificate.revoked_at is not None:
        raise DomainError(_("This certificate has already been revoked."))
    if len(reason) < MIN_REASON:
        raise DomainError(_("Give the reason for revoking it."), field="reason")
    if len(reason) > MAX_REASON:
        raise DomainError(_("At most %(n)d characters.", n=MAX_REASON), field="reason")
    certificate.revoked_at, certificate.revoked_by_id, certificate.revoke_reason = utcnow(), actor_id, reason
    audit.record(actor_id, "certificate.revoke", f"certificate:{certificate.serial}", reason)
    return certificate


def correct_name(certificate: Certificate, new_name: str, actor_id: int | None) -> Certificate:
    """A misspelt name: the old certificate is revoked (saying why) and a new one issued with the
    corrected name, a new code and serial, pointing back at the old. The caller commits."""
    new_name = _clean_name(new_name)
    if certificate.revoked_at is not None:
        raise DomainError(_("This certificate has been revoked; correct the valid one."))
    if new_name == certificate.holder_name:
        raise DomainError(_("The name is the same as on the certificate."), field="holder_name")
    old_name = certificate.holder_name
    revoke(certificate, _("Name corrected: %(old)s → %(new)s", old=old_name, new=new_name), actor_id)
    db.session.flush()
    subject = Subject(
        key=certificate.subject_key, holder_name=new_name, holder_institution=certificate.holder_institution,
        holder_email=certificate.holder_email, detail_sw=certificate.detail_sw, detail_en=certificate.detail_en,
        language=certificate.language, registration_id=certificate.registration_id, user_id=certificate.user_id,
    )
    replacement, _created = issue(certificate.event, certificate.type, subject, actor_id, replaces_id=certificate.id)
    return replacement


def replacement(certificate: Certificate) -> Certificate | None:
    """The certificate issued in place of this one by a name correction, if any (at most one:
    only a valid certificate can be corrected)."""
    return db.session.scalar(sa.select(Certificate).where(Certificate.replaces_id == certificate.id)
                             .order_by(Certificate.id).limit(1))


def find_by_code(code: str) -> Certificate | None:
    """The certificate with this verification code (valid or revoked), or None for anything else."""
    from eventapp.certificates.models import CODE_LENGTH

    if not isinstance(code, str) or len(code) != CODE_LENGTH:
        return None
    return db.session.scalar(sa.select(Certificate).where(Certificate.code == code))
