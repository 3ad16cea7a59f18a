"""Delivering certificates by email: the holder's own PDF attached, in the holder's language,
with the link that verifies it. Sending is marked on the certificate (`emailed_at`); the caller
commits. In a batch a failure is logged and counted (`try_send`); an organiser's "email again"
is told (`resend`)."""
import logging

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventapp.certificates.models import Certificate
from eventapp.certificates.verification import TYPE_LABELS
from eventapp.core import audit
from eventapp.core.errors import DomainError
from eventapp.core.mail import send_email
from eventapp.core.models import utcnow
from eventapp.core.urls import external_url
from eventapp.extensions import db

log = logging.getLogger(__name__)

EMAIL_TEMPLATE = "certificates/certificate"


def certificate_filename(certificate: Certificate) -> str:
    """`<serial>.pdf`: the name in a batch's ZIP and on an email's attachment."""
    return f"{certificate.serial}.pdf"


def render_one(certificate: Certificate) -> bytes:
    from eventapp.certificates.documents import render_certificates

    return render_certificates([certificate])


def send_certificate(certificate: Certificate, pdf: bytes | None = None, replaced: Certificate | None = None) -> None:
    """Email the holder their certificate (drawn now unless `pdf` is given), in their language,
    and mark it emailed. `replaced` is the certificate a name correction revoked: the email says
    this one takes its place. Raises on a missing address or a sending failure."""
    if certificate.revoked_at is not None:
        raise DomainError(_("A revoked certificate is not sent."))
    if not certificate.holder_email:
        raise DomainError(_("There is no email address for this holder."))
    event = certificate.event
    language = certificate.language if certificate.language in ("sw", "en") else "sw"
    title = event.title_sw if language == "sw" else event.title_en
    pdf = pdf if pdf is not None else render_one(certificate)
    send_email(
        certificate.holder_email,
        _l("Your certificate: %(event)s", event=title),
        EMAIL_TEMPLATE,
        language=language,
        attachments=[(certificate_filename(certificate), "application/pdf", pdf)],
        certificate=certificate,
        event_title=title,
        detail=certificate.detail_sw if language == "sw" else certificate.detail_en,
        type_label=TYPE_LABELS[certificate.type],
        replaced=replaced,
        verify_url=external_url("certificates.verify", code=certificate.code),
    )
    certificate.emailed_at = utcnow()


def try_send(certificate: Certificate, pdf: bytes | None = None, replaced: Certificate | None = None) -> bool:
    """`send_certificate`, a failure logged and answered False (a batch goes on)."""
    try:
        send_certificate(certificate, pdf, replaced)
    except Exception:  # noqa: BLE001 — one holder's mail never stops the others'
        log.exception("Could not email certificate %s to %s", certificate.serial, certificate.holder_email)
        return False
    return True


def resend(certificate: Certificate, actor_id: int | None) -> Certificate:
    """Email the certificate to its holder again (an organiser's button). Refused for a revoked
    certificate and a holder without an email address; a sending failure is said, not raised as
    an error page. Audited; commits."""
    try:
        send_certificate(certificate)
    except DomainError:
        db.session.rollback()
        raise
    except Exception as error:  # noqa: BLE001 — the organiser is told and may try again
        db.session.rollback()
        log.exception("Could not email certificate %s again", certificate.serial)
        raise DomainError(_("The email could not be sent. Try again later.")) from error
    audit.record(actor_id, "certificate.email", f"certificate:{certificate.serial}", certificate.holder_email)
    db.session.commit()
    return certificate
