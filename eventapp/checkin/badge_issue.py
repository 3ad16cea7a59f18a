"""Issuing badges: a new token for a lost or broken badge (the old one stops working at the
gate), the badge as an email attachment, and the "Your badge" email a registration gets when
a payment (or a delegation's registration) confirms it.

Registration's emails carry the badge through the hooks in registration.notifications, which
`register_badge_hooks` fills in when the app starts; registration itself knows nothing of badges.
"""
import logging

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventapp.checkin.badges import render_badge
from eventapp.core import audit
from eventapp.core.errors import DomainError
from eventapp.core.mail import send_email
from eventapp.core.urls import external_url
from eventapp.extensions import db
from eventapp.registration.models import Registration, RegistrationStatus
from eventapp.registration.models.registrations import ENDED, new_badge_token

log = logging.getLogger(__name__)

Attachment = tuple[str, str, bytes]


def status_has_badge(status: RegistrationStatus) -> bool:
    """Only a confirmed registration has a badge to print, email or download."""
    return status is RegistrationStatus.CONFIRMED


def has_badge(registration: Registration) -> bool:
    return status_has_badge(registration.status)


def badge_filename(registration: Registration) -> str:
    return f"badge-{registration.reference}.pdf"


def reissue_badge(registration: Registration, actor_id: int | None) -> Registration:
    """Draw a new badge token for `registration`, so a lost badge no longer checks in.

    Refused for a cancelled or rejected registration. Audited; commits.
    """
    if registration.status in ENDED:
        raise DomainError(_("This registration was cancelled or not approved, so it gets no badge."))
    registration.badge_token = new_badge_token()
    audit.record(actor_id, "badge.reissue", f"registration:{registration.reference}")
    db.session.commit()
    return registration


def badge_attachments(registration: Registration) -> list[Attachment]:
    """The badge PDF to attach to an email of a confirmed registration, else nothing. A badge
    that cannot be drawn is logged and left out: the email still goes."""
    if not has_badge(registration):
        return []
    try:
        return [(badge_filename(registration), "application/pdf", render_badge(registration))]
    except Exception:  # noqa: BLE001 — the email matters more than its attachment
        log.exception("Could not draw the badge of %s", registration.reference)
        return []


def notify_badge(registration: Registration) -> None:
    """Email a confirmed registration its badge, in the registrant's language, with the link to
    their page. A sending failure is logged, never raised."""
    from eventapp.registration.services.lifecycle import registrant_token

    if not has_badge(registration):
        return
    try:
        attachments = badge_attachments(registration)
        send_email(
            registration.email,
            _l("Your badge: %(ref)s", ref=registration.reference),
            "checkin/badge",
            language=registration.language,
            attachments=attachments,
            registration=registration,
            attached=bool(attachments),
            link=external_url("registration.status", token=registrant_token(registration)),
        )
    except Exception:  # noqa: BLE001 — the confirmation stands; the badge is on the registrant's page too
        log.exception("Could not send the badge email to %s", registration.email)


def register_badge_hooks() -> None:
    """Attach the badge to registration's emails of confirmed registrations, and send it to
    each registration a payment or a delegation's registration confirmed."""
    from eventapp.registration import notifications

    if badge_attachments not in notifications.CONFIRMED_ATTACHMENTS:
        notifications.CONFIRMED_ATTACHMENTS.append(badge_attachments)
    if notify_badge not in notifications.CONFIRMED_NOTICES:
        notifications.CONFIRMED_NOTICES.append(notify_badge)
