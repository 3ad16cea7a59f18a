"""What the public sees of a certificate at /verify/<code> and /api/v1/certificates/<code>: the
holder, the event, the type, what it certifies, the issue date, the serial and whether it is
valid. Never the email, an id or the organisers' reason for revoking (an internal note that may
name people or mistakes); a name correction only says that a corrected certificate replaced it,
and which one, because the holder of the misspelt one needs to find the right one.

Only the code verifies, never the serial: serials are sequential and printed for quoting, so a
lookup by serial would let anyone walk through every holder's name."""
import re
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l

from eventapp.certificates.issuing import find_by_code, replacement
from eventapp.certificates.models import CODE_LENGTH, Certificate, CertificateType
from eventapp.core.clock import local
from eventapp.events.models import Event

TYPE_LABELS = {
    CertificateType.PARTICIPATION: _l("Participation"),
    CertificateType.PRESENTER: _l("Presenter"),
    CertificateType.EXHIBITOR: _l("Exhibitor"),
    CertificateType.AWARD: _l("Award"),
    CertificateType.JUDGE: _l("Judge"),
    CertificateType.COMMITTEE: _l("Organising committee member"),
}
WELL_FORMED = re.compile(r"[A-Za-z0-9_-]+")
# A code nothing was ever issued under (outside the alphabet), looked up in place of a malformed
# one: malformed and unknown codes cost the same query and get the same answer.
NEVER_ISSUED = "!" * CODE_LENGTH
MAX_TYPED = 300  # what the form takes (a whole pasted link fits)
# The page and the JSON API count against one budget per client address, so that neither
# doubles what an enumeration could try.
RATE_LIMIT_SCOPE = "certificate-verification"
DEFAULT_RATE_LIMIT = "30 per minute; 300 per hour"


def rate_limit() -> str:
    """The VERIFY_RATE_LIMIT setting (Flask-Limiter's notation)."""
    return current_app.config.get("VERIFY_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def type_label(certificate_type: CertificateType) -> str:
    return str(TYPE_LABELS[certificate_type])


@dataclass(frozen=True)
class Verification:
    """A certificate as the public verification page and the JSON API show it."""

    code: str
    serial: str
    valid: bool
    holder_name: str
    holder_institution: str
    type: CertificateType
    detail_sw: str
    detail_en: str
    issued_on: date
    event: Event
    revoked_on: date | None = None
    replaced_by_code: str | None = None  # set only when a name correction replaced it

    @property
    def type_label(self) -> str:
        return type_label(self.type)


def well_formed(code: object) -> bool:
    return isinstance(code, str) and len(code) == CODE_LENGTH and WELL_FORMED.fullmatch(code) is not None


def verify(code: object) -> Verification | None:
    """The public view of the certificate with this code (valid or revoked); None for an
    unknown, malformed, tampered or oversized code — all alike, in the same time."""
    certificate = find_by_code(code if well_formed(code) else NEVER_ISSUED)
    if certificate is None:
        return None
    return Verification(
        code=certificate.code,
        serial=certificate.serial or "",
        valid=certificate.valid,
        holder_name=certificate.holder_name,
        holder_institution=certificate.holder_institution,
        type=certificate.type,
        detail_sw=certificate.detail_sw,
        detail_en=certificate.detail_en,
        issued_on=local(certificate.issued_at).date(),
        event=certificate.event,
        revoked_on=local(certificate.revoked_at).date() if certificate.revoked_at else None,
        replaced_by_code=None if certificate.valid else replacement_code(certificate),
    )


def replacement_code(certificate: Certificate) -> str | None:
    """The code of the certificate issued in place of this one by a name correction, if any."""
    new = replacement(certificate)
    return new.code if new is not None else None


def code_from_typed(text: str) -> str:
    """The code in what someone typed or pasted: the code itself, or a whole verification link
    (its last path segment), without spaces."""
    text = "".join((text or "").split())
    if "/verify/" in text:
        text = text.rsplit("/verify/", 1)[1]
    return text.split("?", 1)[0].split("#", 1)[0].strip("/")


def as_json(verification: Verification) -> dict:
    """The JSON API's answer for a certificate: machine values (the type's key, ISO dates)."""
    event = verification.event
    body = {
        "code": verification.code,
        "status": "valid" if verification.valid else "revoked",
        "holder": verification.holder_name,
        "institution": verification.holder_institution,
        "type": verification.type.value,
        "type_label": verification.type_label,
        "detail_sw": verification.detail_sw,
        "detail_en": verification.detail_en,
        "event": {
            "edition": event.edition,
            "title_sw": event.title_sw,
            "title_en": event.title_en,
            "starts_on": event.starts_on.isoformat(),
            "ends_on": event.ends_on.isoformat(),
            "venue": event.venue,
            "city": event.city,
        },
        "issued_on": verification.issued_on.isoformat(),
        "serial": verification.serial,
    }
    if not verification.valid:
        body["revoked_on"] = verification.revoked_on.isoformat()
        body["replaced_by_code"] = verification.replaced_by_code
    return body
