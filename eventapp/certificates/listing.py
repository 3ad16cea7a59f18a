"""What the organisers' certificate pages read: per type how many qualify, are issued and were
revoked; the filtered, paginated list and its CSV rows; one certificate's history."""
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from eventapp.auth.models import User
from eventapp.certificates.designs import ready_for_issuing
from eventapp.certificates.eligibility import subjects_for
from eventapp.certificates.issuing import replacement
from eventapp.certificates.models import Certificate, CertificateType
from eventapp.core.clock import local
from eventapp.core.search import LIKE_ESCAPE, contains_pattern
from eventapp.events.models import Event
from eventapp.extensions import db

PER_PAGE = 50
STATUSES = ("valid", "revoked")
EXPORT_CHUNK = 500


@dataclass
class TypeSummary:
    type: CertificateType
    qualify: int
    valid: int
    revoked: int
    missing: int  # qualify and have no valid certificate: what the next batch issues
    problems: list[str]


@dataclass(frozen=True)
class CertificateFilter:
    type: CertificateType | None = None
    status: str | None = None  # "valid", "revoked" or None for both
    text: str = ""


def live_keys(event: Event, certificate_type: CertificateType) -> set[str]:
    """The subject keys holding a valid certificate of the type."""
    return set(db.session.scalars(
        sa.select(Certificate.subject_key).where(Certificate.event_id == event.id, Certificate.type == certificate_type,
                                                 Certificate.revoked_at.is_(None))
    ))


def issued_counts(event: Event) -> dict[tuple[CertificateType, bool], int]:
    """(type, valid) → certificates of the event: valid ones are not revoked. One grouped query."""
    return {(t, valid): n for t, valid, n in db.session.execute(
        sa.select(Certificate.type, Certificate.revoked_at.is_(None), sa.func.count())
        .where(Certificate.event_id == event.id).group_by(Certificate.type, Certificate.revoked_at.is_(None))
    )}


def valid_per_type(event: Event) -> dict[CertificateType, int]:
    """Every type → its valid certificates (0 for none), without working out who qualifies."""
    counts = issued_counts(event)
    return {certificate_type: counts.get((certificate_type, True), 0) for certificate_type in CertificateType}


def summaries(event: Event) -> list[TypeSummary]:
    """For each type: who qualifies now, the valid and revoked certificates, how many of those
    who qualify have none yet, and what stops issuing (the design's problems)."""
    counts = issued_counts(event)
    rows = []
    for certificate_type in CertificateType:
        subjects, held = subjects_for(event, certificate_type), live_keys(event, certificate_type)
        rows.append(TypeSummary(
            type=certificate_type, qualify=len(subjects), valid=counts.get((certificate_type, True), 0),
            revoked=counts.get((certificate_type, False), 0),
            missing=sum(1 for s in subjects if s.key not in held),
            problems=ready_for_issuing(event, certificate_type),
        ))
    return rows


def filter_clauses(event: Event, filters: CertificateFilter) -> list:
    clauses = [Certificate.event_id == event.id]
    if filters.type is not None:
        clauses.append(Certificate.type == filters.type)
    if filters.status == "valid":
        clauses.append(Certificate.revoked_at.is_(None))
    elif filters.status == "revoked":
        clauses.append(Certificate.revoked_at.is_not(None))
    text = " ".join(filters.text.split())
    if text:
        pattern = contains_pattern(text.lower())
        clauses.append(sa.or_(*(sa.func.lower(column).like(pattern, escape=LIKE_ESCAPE) for column in (
            Certificate.holder_name, Certificate.serial, Certificate.holder_email, Certificate.holder_institution))))
    return clauses


def certificates_page(event: Event, filters: CertificateFilter, page: int = 1, per_page: int = PER_PAGE):
    """A page of the event's certificates matching `filters`, newest first."""
    return db.paginate(
        sa.select(Certificate).where(*filter_clauses(event, filters))
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc()),
        page=max(page, 1), per_page=per_page, error_out=False,
    )


EXPORT_COLUMNS = ["serial", "type", "holder_name", "holder_institution", "holder_email", "detail_sw", "detail_en",
                  "language", "issued_at", "issued_by", "emailed_at", "status", "revoked_at", "revoked_by",
                  "revoke_reason", "replaces_serial"]


def _when(moment) -> str:
    return local(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def export_rows(event: Event, filters: CertificateFilter) -> Iterator[list]:
    """The matching certificates as CSV rows (EXPORT_COLUMNS), oldest first, read in chunks."""
    issuer, revoker, replaced = aliased(User), aliased(User), aliased(Certificate)
    query = (
        sa.select(Certificate, issuer.full_name, revoker.full_name, replaced.serial)
        .outerjoin(issuer, issuer.id == Certificate.issued_by_id)
        .outerjoin(revoker, revoker.id == Certificate.revoked_by_id)
        .outerjoin(replaced, replaced.id == Certificate.replaces_id)
        .where(*filter_clauses(event, filters)).order_by(Certificate.id)
        .execution_options(yield_per=EXPORT_CHUNK)
    )
    for certificate, issued_by, revoked_by, replaces in db.session.execute(query):
        yield [certificate.serial, certificate.type.value, certificate.holder_name, certificate.holder_institution,
               certificate.holder_email, certificate.detail_sw, certificate.detail_en, certificate.language,
               _when(certificate.issued_at), issued_by or "", _when(certificate.emailed_at),
               "valid" if certificate.valid else "revoked", _when(certificate.revoked_at), revoked_by or "",
               certificate.revoke_reason, replaces or ""]


@dataclass
class History:
    issued_by: User | None
    revoked_by: User | None
    replaces: Certificate | None
    replaced_by: Certificate | None


def history_of(certificate: Certificate) -> History:
    """Who issued and revoked it, the certificate it replaced and the one that replaced it."""
    return History(
        issued_by=db.session.get(User, certificate.issued_by_id) if certificate.issued_by_id else None,
        revoked_by=db.session.get(User, certificate.revoked_by_id) if certificate.revoked_by_id else None,
        replaces=db.session.get(Certificate, certificate.replaces_id) if certificate.replaces_id else None,
        replaced_by=replacement(certificate),
    )
