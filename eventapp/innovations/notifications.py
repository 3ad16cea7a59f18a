"""Emails to innovators: "entry received" to the owner on submitting, and the committee's
reason when an entry is screened ineligible, to the owner and every team member. Sent after the
commit, in the owner's language (else the site's default); a mail failure is logged and never
undoes the entry or the screening."""
import logging

from flask import current_app
from flask_babel import lazy_gettext as _l

from eventapp.core.mail import send_email
from eventapp.core.urls import external_url
from eventapp.innovations.models import Entry

log = logging.getLogger(__name__)


def _language(entry: Entry) -> str:
    owner = entry.owner
    return (owner.locale if owner is not None else None) or current_app.config["BABEL_DEFAULT_LOCALE"]


def _send(to: str, subject, template: str, language: str, **context) -> bool:
    try:
        send_email(to, subject, template, language=language, **context)
    except Exception:  # noqa: BLE001 — the record stands; the committee can tell the team
        log.exception("Could not send %s email to %s", template, to)
        return False
    return True


def _entry_link(entry: Entry) -> str | None:
    try:
        return external_url("innovations.entry", entry_id=entry.id)
    except Exception:  # noqa: BLE001 — the email still says what happened, without the link
        log.exception("Could not build the link to innovation entry %s", entry.id)
        return None


def notify_entry_received(entry: Entry) -> bool:
    """Tell the owner the entry arrived, with its reference and the link to follow it."""
    owner = entry.owner
    if owner is None or not owner.active:
        return False
    return _send(owner.email, _l("Entry received: %(title)s", title=entry.title), "innovation_entry_received",
                 _language(entry), name=owner.full_name, entry=entry, call=entry.call, event=entry.call.event,
                 link=_entry_link(entry))


def notify_ineligible(entry: Entry) -> int:
    """Send the committee's reason to the owner and each team member (each address once); the
    owner's copy links to the entry. Returns how many were sent."""
    owner = entry.owner
    recipients: dict[str, str] = {}
    if owner is not None and owner.active:
        recipients[owner.email.lower()] = owner.full_name
    for member in entry.members:
        recipients.setdefault(member.email.lower(), member.name)
    link = _entry_link(entry)
    owner_email = owner.email.lower() if owner is not None else None
    return sum(
        _send(email, _l("Your entry is not eligible: %(title)s", title=entry.title), "innovation_entry_ineligible",
              _language(entry), name=name, entry=entry, event=entry.call.event, reason=entry.screening_reason,
              link=link if email == owner_email else None)
        for email, name in recipients.items()
    )
