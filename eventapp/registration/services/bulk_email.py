"""Bulk email to a filtered list of registrations, sent in batches; from the list's page it
runs as the background job "registration.bulk_email" (on an RQ worker when REDIS_URL is set)."""
import dataclasses
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from eventapp.core import audit
from eventapp.core.errors import InvalidInput
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.jobs.runner import JobOutput, Progress, fit_message, job_kind, listed
from eventapp.registration.models import (
    Registration,
)
from eventapp.registration.services.listing import EXPORT_CHUNK, RegistrationFilter, chunks, filter_clauses

EMAIL_BATCH = 50

log = logging.getLogger(__name__)

# --- bulk email --------------------------------------------------------------------------


@dataclass
class BulkEmailResult:
    sent: int = 0
    failed: list[str] = field(default_factory=list)


def _clean_message(subject: str, body: str) -> tuple[str, str]:
    subject = " ".join((subject or "").split())[:200]  # one line: a header cannot hold a newline
    body = (body or "").replace("\r\n", "\n").strip()
    errors = {}
    if len(subject) < 3:
        errors["subject"] = _("Write a subject.")
    if len(body) < 10:
        errors["body"] = _("Write the message.")
    elif len(body) > 20_000:
        errors["body"] = _("At most %(n)d characters.", n=20_000)
    if errors:
        raise InvalidInput(errors)
    return subject, body


def bulk_email_recipients(event: Event, filters: RegistrationFilter) -> int:
    """How many different email addresses the filtered list holds (shown before sending)."""
    return db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Registration.email))).where(*filter_clauses(event, filters))
    )


def _bulk_message(registration: Registration, subject: str, body: str, event: Event):
    from flask_mail import Message

    with force_locale(registration.language or "sw"):
        return Message(
            subject=subject,
            recipients=[registration.email],
            body=render_template("email/registration/bulk.txt", registration=registration, body=body, event=event),
            html=render_template("email/registration/bulk.html", registration=registration, body=body, event=event),
        )


def send_bulk_email(
    event: Event, filters: RegistrationFilter, subject: str, body: str, actor_id: int | None,
    batch_size: int = EMAIL_BATCH, on_batch: Callable[[int], None] | None = None,
) -> BulkEmailResult:
    """Email everyone on the filtered list once (one message per address), in batches of
    `batch_size` over one SMTP connection each. A refused address or a failed batch is
    logged and reported; the rest still go. `on_batch(n)` is told after each batch how many
    addresses it handled (sent or failed). The sending is audited."""
    from eventapp.extensions import mail

    subject, body = _clean_message(subject, body)
    result = BulkEmailResult()
    seen: set[str] = set()
    batch: list = []

    def flush() -> None:
        pending = list(batch)
        handled = len(pending)
        batch.clear()
        try:
            with mail.connect() as connection:
                while pending:
                    message = pending[0]
                    try:
                        connection.send(message)
                        result.sent += 1
                    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
                        log.warning("Bulk email to %s refused: %s", message.recipients, error)
                        result.failed.extend(message.recipients)
                    pending.pop(0)
        except (smtplib.SMTPException, OSError):
            log.exception("Bulk email: a batch of %d could not be sent", len(pending))
            result.failed.extend(r for m in pending for r in m.recipients)
        if on_batch is not None:
            on_batch(handled)

    for chunk in chunks(event, filters, EXPORT_CHUNK):
        for registration in chunk:
            if registration.email in seen:
                continue
            seen.add(registration.email)
            batch.append(_bulk_message(registration, subject, body, event))
            if len(batch) >= batch_size:
                flush()
    if batch:
        flush()
    audit.record(actor_id, "registration.bulk_email", f"event:{event.id}",
                 f"{subject} — sent {result.sent}, failed {len(result.failed)}")
    db.session.commit()
    return result


# --- as a background job -----------------------------------------------------------------


def bulk_email_params(event: Event, filters: RegistrationFilter, subject: str, body: str,
                      actor_id: int | None) -> dict:
    """The job's parameters (plain JSON); InvalidInput, before anything is queued, when the
    subject or the message is not fit to send."""
    subject, body = _clean_message(subject, body)
    return {"event_id": event.id, "filters": dataclasses.asdict(filters), "subject": subject, "body": body,
            "actor_id": actor_id}


def _filters_from(values: dict) -> RegistrationFilter:
    known = {f.name for f in dataclasses.fields(RegistrationFilter)}
    return RegistrationFilter(**{k: v for k, v in (values or {}).items() if k in known})


def result_message(result: BulkEmailResult) -> str:
    """"Sent to N people", and the addresses it could not be sent to (as many as fit)."""
    sent = _("The message was sent to %(n)d people.", n=result.sent)
    if not result.failed:
        return sent
    return fit_message(lambda shown: sent + " " + _("It could not be sent to %(n)d addresses: %(list)s",
                                                    n=len(result.failed), list=listed(result.failed, shown)),
                       longest=min(len(result.failed), 20))


@job_kind("registration.bulk_email")
def bulk_email_job(params: dict, progress: Progress) -> JobOutput:
    """The background job: send_bulk_email with the addresses handled counted per batch."""
    event = db.session.get(Event, int(params["event_id"]))
    if event is None:
        raise LookupError(f"no event {params['event_id']!r}")
    filters = _filters_from(params.get("filters"))
    progress.set_total(bulk_email_recipients(event, filters))
    result = send_bulk_email(event, filters, params["subject"], params["body"], params.get("actor_id"),
                             on_batch=progress.advance)
    return JobOutput(message=result_message(result))
