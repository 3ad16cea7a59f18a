"""Emails to a sponsor's contact person: the pledge bill, with the link for passes."""
import logging

from flask_babel import lazy_gettext as _l

from eventapp.core.mail import send_email
from eventapp.core.urls import external_url
from eventapp.registration.documents import render_bill
from eventapp.sponsors.models import Sponsor

log = logging.getLogger(__name__)


def notify_pledge_billed(sponsor: Sponsor, language: str = "sw") -> None:
    """Send the contact the bill PDF and their signed link (for registering staff on passes).

    Sent after the commit; a mail failure is logged and never undoes the bill."""
    from eventapp.sponsors.passes import contact_token

    bill = sponsor.bill
    if bill is None:
        return
    try:
        send_email(
            sponsor.contact_email,
            _l("Sponsorship bill: control number %(number)s", number=bill.control_number or "—"),
            "sponsors/pledge_billed",
            language=language,
            attachments=[(f"bill-{bill.control_number}.pdf", "application/pdf", render_bill(bill))],
            sponsor=sponsor,
            bill=bill,
            link=external_url("sponsors.sponsor_contact", token=contact_token(sponsor)),
        )
    except Exception:  # noqa: BLE001 — the bill stands; the organiser can resend from the sponsor page
        log.exception("Could not email the pledge bill to %s", sponsor.contact_email)
