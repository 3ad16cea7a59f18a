"""Issuing certificates by rule in bulk, and bundles of certificates for printing.

`start_batch` (the organisers' page) refuses before anything is queued when the design is not
ready, nobody qualifies, or a batch of the same event and type is already queued or running;
else it enqueues the job "certificates.issue", which issues a certificate to everyone who
qualifies (nothing twice: running it again reports "0 new, N already issued"), emails each new
holder their own PDF when asked, and returns the certificates issued in this run as a ZIP of one
PDF per certificate (`<serial>.pdf`) or as one PDF to print. A run that issued nothing new
returns every valid certificate of the type instead, so there is always something to print.

"certificates.bundle" makes the same ZIP or PDF of an existing set: every valid certificate of
a type, or those a batch issued.

Memory stays flat: certificates are read in chunks, ZIPs are written entry by entry to a
temporary file, and a batch to print of more than PRINT_PART_PAGES certificates comes as PDFs
of that many pages (reportlab keeps a PDF's pages until it saves, about 12 kB a page) in a ZIP;
tests/bench/bench_certificates.py measures it.
"""
import logging
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from eventapp.certificates import delivery
from eventapp.certificates.designs import ready_for_issuing
from eventapp.certificates.eligibility import subjects_for
from eventapp.certificates.issuing import Subject, issue
from eventapp.certificates.models import Certificate, CertificateType
from eventapp.core.errors import DomainError
from eventapp.core.models import utcnow
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.jobs.models import Job, JobStatus
from eventapp.jobs.runner import JobOutput, Progress, enqueue, job_kind

log = logging.getLogger(__name__)

ISSUE_JOB = "certificates.issue"
BUNDLE_JOB = "certificates.bundle"
# Larger batches print as several PDFs of at most this many pages (memory stays flat).
PRINT_PART_PAGES = 250
BUNDLES = ("zip", "pdf")
COMMIT_EVERY = 100
CHUNK = 200
# A batch queued or running for longer than this is taken to have died with its worker: it no
# longer stops the organiser from starting another (issuing stays idempotent either way).
STALE_AFTER = timedelta(hours=2)


@dataclass
class IssueResult:
    new_ids: list[int] = field(default_factory=list)  # in the subjects' order (by name)
    already: int = 0
    skipped: int = 0  # a subject the rules refused (a name too short to print, say): logged


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0
    no_address: int = 0


# --- the page's side -----------------------------------------------------------------------


def running_batch(event: Event, certificate_type: CertificateType) -> Job | None:
    """The batch of this event and type queued or running now, if any."""
    jobs = db.session.scalars(
        sa.select(Job).where(Job.kind == ISSUE_JOB, Job.status.in_((JobStatus.QUEUED, JobStatus.RUNNING)),
                             Job.created_at >= utcnow() - STALE_AFTER).order_by(Job.id)
    )
    for job in jobs:
        params = job.params or {}
        if params.get("event_id") == event.id and params.get("type") == certificate_type.value:
            return job
    return None


def start_batch(event: Event, certificate_type: CertificateType, actor_id: int | None, email: bool = False,
                bundle: str = "zip") -> Job:
    """Queue the issuing of every certificate of `certificate_type` the rules give. Refused
    (nothing queued) when the design is not ready, nobody qualifies, or a batch of the same
    event and type is already queued or running."""
    if bundle not in BUNDLES:
        raise DomainError(_("Choose a ZIP of PDFs or one PDF."), field="bundle")
    problems = ready_for_issuing(event, certificate_type)
    if problems:
        raise DomainError(" ".join(problems))
    if running_batch(event, certificate_type) is not None:
        raise DomainError(_("These certificates are being issued already: wait for that batch to finish."))
    if not subjects_for(event, certificate_type):
        raise DomainError(_("Nobody qualifies for these certificates yet."))
    params = {"event_id": event.id, "type": certificate_type.value, "actor_id": actor_id, "email": bool(email),
              "bundle": bundle}
    return enqueue(ISSUE_JOB, params, actor_id)


def start_bundle(event: Event, certificate_type: CertificateType, actor_id: int | None, bundle: str = "pdf",
                 job_id: int | None = None) -> Job:
    """Queue a ZIP or one PDF of the valid certificates of a type (or of one batch). Refused
    when there are none."""
    if bundle not in BUNDLES:
        raise DomainError(_("Choose a ZIP of PDFs or one PDF."), field="bundle")
    if not valid_ids(event, certificate_type, job_id):
        raise DomainError(_("There are no valid certificates of this type to print."))
    params = {"event_id": event.id, "type": certificate_type.value, "bundle": bundle, "job_id": job_id}
    return enqueue(BUNDLE_JOB, params, actor_id)


# --- issuing -------------------------------------------------------------------------------


def issue_subjects(event: Event, certificate_type: CertificateType, subjects: list[Subject], actor_id: int | None,
                   job_id: int | None = None, on_subject: Callable[[], None] | None = None) -> IssueResult:
    """Issue each subject's certificate unless it has one; commits every COMMIT_EVERY. Those
    holding one when the run starts are counted without a query each (a second run is quick);
    `issue` itself keeps the rest from being issued twice, also against a batch running alongside."""
    result = IssueResult()
    held = set(db.session.scalars(sa.select(Certificate.subject_key).where(
        Certificate.event_id == event.id, Certificate.type == certificate_type, Certificate.revoked_at.is_(None))))
    for n, subject in enumerate(subjects, start=1):
        if subject.key in held:
            result.already += 1
            if on_subject is not None:
                on_subject()
            continue
        try:
            certificate, created = issue(event, certificate_type, subject, actor_id, job_id=job_id)
        except DomainError as error:
            result.skipped += 1
            log.warning("Certificate for %s not issued: %s", subject.key, error.message)
        else:
            if created:
                result.new_ids.append(certificate.id)
            else:
                result.already += 1
        if n % COMMIT_EVERY == 0:
            db.session.commit()
        if on_subject is not None:
            on_subject()
    db.session.commit()
    return result


def valid_ids(event: Event, certificate_type: CertificateType, job_id: int | None = None) -> list[int]:
    """The valid certificates of the type (of one batch, with `job_id`), by holder's name."""
    query = sa.select(Certificate.id).where(Certificate.event_id == event.id, Certificate.type == certificate_type,
                                            Certificate.revoked_at.is_(None))
    if job_id is not None:
        query = query.where(Certificate.job_id == job_id)
    return list(db.session.scalars(query.order_by(Certificate.holder_name, Certificate.id)))


def certificates_in_order(ids: list[int], chunk_size: int = CHUNK) -> Iterator[Certificate]:
    """The certificates of `ids`, in that order, read `chunk_size` at a time."""
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start:start + chunk_size]
        by_id = {c.id: c for c in db.session.scalars(sa.select(Certificate).where(Certificate.id.in_(chunk)))}
        for certificate_id in chunk:
            if certificate_id in by_id:
                yield by_id[certificate_id]


# --- bundles -------------------------------------------------------------------------------


def write_zip(ids: list[int], on_certificate: Callable[[Certificate, bytes], None] | None = None) -> bytes:
    """A ZIP of one PDF per certificate, `<serial>.pdf`, written entry by entry to a temporary
    file (never all the PDFs in memory at once)."""
    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for certificate in certificates_in_order(ids):
                pdf = delivery.render_one(certificate)
                archive.writestr(delivery.certificate_filename(certificate), pdf)
                if on_certificate is not None:
                    on_certificate(certificate, pdf)
        spool.seek(0)
        return spool.read()


def merged_pdf(ids: list[int], on_page: Callable[[], None] | None = None) -> bytes:
    """One PDF of every certificate of `ids`, a page each, in that order."""
    from eventapp.certificates.documents import render_certificates

    return render_certificates(certificates_in_order(ids), on_page=on_page)


def print_parts(ids: list[int], on_page: Callable[[], None] | None = None) -> bytes:
    """A ZIP of PDFs of at most PRINT_PART_PAGES pages each (`part-01.pdf`, …), in order.
    reportlab keeps a PDF's pages in memory until it is saved, so one PDF of a whole batch
    grows with the batch; parts keep the job's memory flat, however many certificates."""
    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for number, start in enumerate(range(0, len(ids), PRINT_PART_PAGES), start=1):
                archive.writestr(f"part-{number:02d}.pdf", merged_pdf(ids[start:start + PRINT_PART_PAGES], on_page))
        spool.seek(0)
        return spool.read()


def bundle_output(event: Event, certificate_type: CertificateType, ids: list[int], bundle: str,
                  on_certificate: Callable[[Certificate, bytes], None] | None = None,
                  on_page: Callable[[], None] | None = None) -> JobOutput:
    """The ZIP (each certificate passed to `on_certificate` with its PDF) or the merged PDF."""
    stem = f"certificates-{event.edition}-{certificate_type.value}-{date.today().isoformat()}"
    if bundle == "pdf" and len(ids) <= PRINT_PART_PAGES:
        return JobOutput(data=merged_pdf(ids, on_page), kind="pdf", filename=f"{stem}.pdf",
                         mimetype="application/pdf")
    if bundle == "pdf":
        return JobOutput(data=print_parts(ids, on_page), kind="zip", filename=f"{stem}-print.zip",
                         mimetype="application/zip")
    return JobOutput(data=write_zip(ids, on_certificate), kind="zip", filename=f"{stem}.zip",
                     mimetype="application/zip")


def _event_and_type(params: dict) -> tuple[Event, CertificateType]:
    event = db.session.get(Event, int(params["event_id"]))
    if event is None:
        raise LookupError(f"no event {params['event_id']!r}")
    return event, CertificateType(params["type"])


def _bundle(params: dict) -> str:
    return params.get("bundle") if params.get("bundle") in BUNDLES else "zip"


class _Mailer:
    """Emails the new certificates that have an address as their PDFs go by; commits the
    `emailed_at` marks every COMMIT_EVERY."""

    def __init__(self, new_ids: list[int]):
        self.new = set(new_ids)
        self.delivery = Delivery()

    def __call__(self, certificate: Certificate, pdf: bytes | None = None) -> None:
        if certificate.id not in self.new:
            return
        if not certificate.holder_email:
            self.delivery.no_address += 1
            return
        if delivery.try_send(certificate, pdf):
            self.delivery.sent += 1
        else:
            self.delivery.failed += 1
        if (self.delivery.sent + self.delivery.failed) % COMMIT_EVERY == 0:
            db.session.commit()


def _message(result: IssueResult, printed: int, mailed: Delivery | None) -> str:
    parts = [_("%(new)d new, %(old)d already issued.", new=len(result.new_ids), old=result.already)]
    if result.skipped:
        parts.append(ngettext("%(num)d not issued (see the log).", "%(num)d not issued (see the log).",
                              result.skipped))
    if mailed is not None:
        parts.append(_("Emailed: %(sent)d; could not be emailed: %(failed)d; without an address: %(none)d.",
                       sent=mailed.sent, failed=mailed.failed, none=mailed.no_address))
    if result.new_ids:
        parts.append(ngettext("The file holds the %(num)d certificate issued now.",
                              "The file holds the %(num)d certificates issued now.", printed))
    else:
        parts.append(ngettext("The file holds the %(num)d valid certificate.",
                              "The file holds all %(num)d valid certificates.", printed))
    return " ".join(parts)


@job_kind(ISSUE_JOB)
def issue_job(params: dict, progress: Progress) -> JobOutput:
    """The background batch: progress counts each subject, then each certificate drawn (and
    each drawn apart to be emailed, for a merged PDF)."""
    event, certificate_type = _event_and_type(params)
    problems = ready_for_issuing(event, certificate_type)
    if problems:
        raise DomainError(" ".join(problems))
    bundle, email = _bundle(params), bool(params.get("email"))
    subjects = subjects_for(event, certificate_type)
    progress.set_total(len(subjects))
    result = issue_subjects(event, certificate_type, subjects, params.get("actor_id"), progress.job_id,
                            progress.advance)
    ids = result.new_ids or valid_ids(event, certificate_type)
    mailer = _Mailer(result.new_ids) if email else None
    emailed_apart = [] if mailer is None or bundle == "zip" else result.new_ids
    progress.set_total(len(subjects) + len(ids) + len(emailed_apart))

    def on_certificate(certificate: Certificate, pdf: bytes) -> None:
        if mailer is not None:
            mailer(certificate, pdf)
        progress.advance()

    for certificate in certificates_in_order(emailed_apart):
        mailer(certificate)
        progress.advance()
    output = bundle_output(event, certificate_type, ids, bundle, on_certificate, progress.advance)
    db.session.commit()
    output.message = _message(result, len(ids), mailer.delivery if mailer else None)
    return output


@job_kind(BUNDLE_JOB)
def bundle_job(params: dict, progress: Progress) -> JobOutput:
    """A ZIP or one PDF of the valid certificates of a type (or of the batch `job_id`)."""
    event, certificate_type = _event_and_type(params)
    job_id = params.get("job_id")
    ids = valid_ids(event, certificate_type, int(job_id) if job_id is not None else None)
    progress.set_total(len(ids))
    output = bundle_output(event, certificate_type, ids, _bundle(params), lambda _c, _p: progress.advance(),
                           progress.advance)
    output.message = ngettext("%(num)d certificate.", "%(num)d certificates.", len(ids))
    return output
