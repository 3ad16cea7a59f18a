"""Sending email: a text and an HTML template per message, in the recipient's language."""
import logging

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mail import Message

from eventapp.extensions import mail

log = logging.getLogger(__name__)


def send_email(
    to: str | list[str],
    subject,
    template: str,
    language: str | None = None,
    attachments: list[tuple[str, str, bytes]] | None = None,
    **context,
) -> Message:
    """Render `templates/email/<template>.txt|.html` and send it through Flask-Mail.

    `subject` may be a lazy string; it is rendered in `language` like the body.
    Without a configured SMTP server the message is logged instead of sent, so the
    zero-setup demo still shows password-reset links.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    with force_locale(language or "sw"):
        message = Message(
            subject=str(subject),
            recipients=recipients,
            body=render_template(f"email/{template}.txt", **context),
            html=render_template(f"email/{template}.html", **context),
        )
    for filename, content_type, data in attachments or []:
        message.attach(filename, content_type, data)
    if current_app.config.get("MAIL_SUPPRESS_SEND") and not current_app.testing:
        log.warning("Mail not sent (no MAIL_SERVER); to %s: %s\n%s", recipients, message.subject, message.body)
    mail.send(message)
    return message
