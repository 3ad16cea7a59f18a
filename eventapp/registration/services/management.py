"""Organisers' queries and actions on registrations: the filtered list and its exports, bulk
email, guests with a fee waiver, the finance summary, and the institutions directory's review.

The list stays fast at 50,000 registrations: one COUNT, one page query (the page's ids
found on an index, then only those rows joined to their category, group and institution),
and one query for the page's bills; exports read plain rows in chunks of ids.
"""
import logging
import math
import re
import smtplib
from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from eventapp.core import audit
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.references import normalise_reference
from eventapp.core.search import LIKE_ESCAPE, contains_pattern
from eventapp.events.models import Event, ParticipantGroup
from eventapp.extensions import db
from eventapp.registration.models import (
    Bill,
    BillItem,
    BillStatus,
    Delegation,
    Institution,
    InstitutionType,
    ParticipantCategory,
    Payment,
    Registration,
    RegistrationStatus,
)
from eventapp.registration.models.registrations import ENDED
from eventapp.registration.services.registering import ParticipantDetails, check_details, register_participant

log = logging.getLogger(__name__)

PER_PAGE = 50
EXPORT_CHUNK = 1000
EMAIL_BATCH = 50
LIVE = "live"  # the status filter for "every registration not cancelled or rejected"
CONTROL_NUMBER = re.compile(r"^99\d{10}$")
REFERENCE = re.compile(r"^R-[0-9A-Z]{10}-[0-9A-Z*~$=]$")


# --- the filtered list -------------------------------------------------------------------


@dataclass
class RegistrationFilter:
    """What the organiser chose above the list; every field is optional."""

    group_id: int | None = None
    category_id: int | None = None
    institution_id: int | None = None
    status: str = ""  # a RegistrationStatus value, LIVE, or "" for all
    paid: str = ""  # "yes", "no" or ""
    text: str = ""  # name, email, reference or control number

    def is_empty(self) -> bool:
        return not any((self.group_id, self.category_id, self.institution_id, self.status, self.paid, self.text))


@dataclass
class Page:
    """One page of a list, with what the pager needs."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(math.ceil(self.total / self.per_page), 1)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


@dataclass
class BillInfo:
    """The bill a registration is on, as the list and the exports show it."""

    control_number: str
    status: BillStatus


def _paid_bill_exists():
    return (
        sa.select(BillItem.id)
        .join(Bill, BillItem.bill_id == Bill.id)
        .where(BillItem.registration_id == Registration.id, Bill.status == BillStatus.PAID)
        .exists()
    )


def _contains(column, word: str):
    """`column` contains `word`, ignoring case. SQLite's LIKE already ignores ASCII case and
    its ILIKE (lower() on both sides) costs twice as much over 50,000 rows."""
    pattern = contains_pattern(word)
    if db.session.get_bind().dialect.name == "sqlite":
        return column.like(pattern, escape=LIKE_ESCAPE)
    return column.ilike(pattern, escape=LIKE_ESCAPE)


def _search_clause(text: str):
    """A reference or a control number is matched exactly; other words each match a name,
    the email or the reference (so "juma mshiriki" finds Juma Mshiriki)."""
    text = " ".join(text.split())[:100]
    compact = text.replace(" ", "")
    if CONTROL_NUMBER.match(compact):
        # Uncorrelated: the bill is found by its unique control number, not probed per row.
        return Registration.id.in_(
            sa.select(BillItem.registration_id)
            .join(Bill, BillItem.bill_id == Bill.id)
            .where(Bill.control_number == compact, BillItem.registration_id.is_not(None))
        )
    reference = normalise_reference(compact)
    if REFERENCE.match(reference):
        return Registration.reference == reference
    clauses = []
    for word in text.split()[:5]:
        clauses.append(
            sa.or_(
                _contains(Registration.first_name, word),
                _contains(Registration.middle_name, word),
                _contains(Registration.last_name, word),
                Registration.email.like(contains_pattern(word.lower()), escape=LIKE_ESCAPE),
                Registration.reference.like(contains_pattern(word.upper()), escape=LIKE_ESCAPE),
            )
        )
    return sa.and_(*clauses)


def filter_clauses(event: Event, filters: RegistrationFilter) -> list:
    """The WHERE clauses for the event's registrations matching `filters`.

    "Paid" means the registration is on a fully paid bill; "not paid" means a fee is due
    (not free, not waived) and no paid bill carries it yet.
    """
    clauses = [Registration.event_id == event.id]
    if filters.category_id:
        clauses.append(Registration.category_id == filters.category_id)
    if filters.group_id:
        clauses.append(
            Registration.category_id.in_(
                sa.select(ParticipantCategory.id).where(ParticipantCategory.group_id == filters.group_id)
            )
        )
    if filters.institution_id:
        clauses.append(Registration.institution_id == filters.institution_id)
    if filters.status == LIVE:
        clauses.append(Registration.status.not_in(ENDED))
    elif filters.status in {s.value for s in RegistrationStatus}:
        clauses.append(Registration.status == RegistrationStatus(filters.status))
    if filters.paid == "yes":
        clauses.append(_paid_bill_exists())
    elif filters.paid == "no":
        clauses.append(Registration.fee_amount > 0)
        clauses.append(Registration.fee_waived.is_(False))
        clauses.append(~_paid_bill_exists())
    if filters.text and filters.text.strip():
        clauses.append(_search_clause(filters.text))
    return clauses


def count_registrations(event: Event, filters: RegistrationFilter) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Registration).where(*filter_clauses(event, filters)))


def _with_relations(statement):
    return statement.options(
        joinedload(Registration.category).joinedload(ParticipantCategory.group),
        joinedload(Registration.institution),
    )


def registrations_page(event: Event, filters: RegistrationFilter, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """One page of the filtered list, newest first: one COUNT, then the page.

    The page's ids are found first on the (event_id, created_at) index alone, and only those
    50 rows are joined to their category, group and institution; so page 1000 costs about
    what page 1 does instead of joining the 49,950 rows it skips.
    """
    total = count_registrations(event, filters)
    pages = max(math.ceil(total / per_page), 1)
    page = min(max(page, 1), pages)
    order = (Registration.created_at.desc(), Registration.id.desc())
    page_ids = (
        sa.select(Registration.id).where(*filter_clauses(event, filters))
        .order_by(*order).limit(per_page).offset((page - 1) * per_page)
        .scalar_subquery()
    )
    items = list(
        db.session.scalars(_with_relations(sa.select(Registration)).where(Registration.id.in_(page_ids)).order_by(*order))
    )
    return Page(items=items, page=page, per_page=per_page, total=total)


def bills_by_registration(registration_ids: list[int]) -> dict[int, BillInfo]:
    """The latest bill that is not cancelled for each registration, in one query."""
    if not registration_ids:
        return {}
    rows = db.session.execute(
        sa.select(BillItem.registration_id, Bill.control_number, Bill.status)
        .join(Bill, BillItem.bill_id == Bill.id)
        .where(BillItem.registration_id.in_(registration_ids), Bill.status != BillStatus.CANCELLED)
        .order_by(Bill.id)
    )
    return {reg_id: BillInfo(control_number or "", status) for reg_id, control_number, status in rows}


def status_counts(event: Event) -> dict[RegistrationStatus, int]:
    """How many of the event's registrations are in each status (one grouped query)."""
    rows = db.session.execute(
        sa.select(Registration.status, sa.func.count())
        .where(Registration.event_id == event.id)
        .group_by(Registration.status)
    )
    return dict(rows.all())


def filter_choices(event: Event) -> dict[str, list]:
    """The groups, categories and institutions to filter by. The institutions are those with
    registrations in any edition: read from the institution_id index alone, which costs a
    tenth of restricting it to this event."""
    institutions = db.session.execute(
        sa.select(Institution.id, Institution.name, Institution.acronym)
        .where(Institution.id.in_(sa.select(Registration.institution_id).distinct()))
        .order_by(Institution.name)
    ).all()
    categories = db.session.scalars(
        sa.select(ParticipantCategory)
        .where(ParticipantCategory.event_id == event.id)
        .order_by(ParticipantCategory.code)
    ).all()
    return {"groups": list(event.groups), "categories": list(categories), "institutions": institutions}


# --- exports -----------------------------------------------------------------------------

EXPORT_COLUMNS = [
    "reference", "status", "title", "first_name", "middle_name", "last_name", "gender", "position",
    "institution", "institution_acronym", "institution_type", "group", "category_code", "category",
    "email", "phone", "fee", "currency", "fee_waived", "waiver_reason", "control_number", "bill_status",
    "special_needs", "language", "delegation", "registered_at",
]


def _id_chunks(event: Event, filters: RegistrationFilter, size: int) -> Iterator[list[int]]:
    """The filtered registrations' ids, `size` at a time in id order. The ids are read first
    (one narrow query); each chunk's rows are then read by id: no OFFSET, and no re-scan of
    the event's rows per chunk, which a keyset on the event index costs on SQLite."""
    ids = list(
        db.session.scalars(sa.select(Registration.id).where(*filter_clauses(event, filters)).order_by(Registration.id))
    )
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _chunks(event: Event, filters: RegistrationFilter, size: int) -> Iterator[list[Registration]]:
    """The filtered registrations as objects, `size` at a time."""
    for chunk_ids in _id_chunks(event, filters, size):
        yield list(
            db.session.scalars(
                _with_relations(sa.select(Registration)).where(Registration.id.in_(chunk_ids)).order_by(Registration.id)
            )
        )


_EXPORT_SELECT = (
    sa.select(
        Registration.id, Registration.reference, Registration.status, Registration.title, Registration.first_name,
        Registration.middle_name, Registration.last_name, Registration.gender, Registration.position,
        Institution.name, Institution.acronym, Institution.type, ParticipantGroup.name_en, ParticipantCategory.code,
        ParticipantCategory.name_en, Registration.email, Registration.phone, Registration.fee_amount,
        Registration.currency, Registration.fee_waived, Registration.waiver_reason, Registration.special_needs,
        Registration.language, Delegation.reference, Registration.created_at,
    )
    .join(Institution, Registration.institution_id == Institution.id)
    .join(ParticipantCategory, Registration.category_id == ParticipantCategory.id)
    .join(ParticipantGroup, ParticipantCategory.group_id == ParticipantGroup.id)
    .outerjoin(Delegation, Registration.delegation_id == Delegation.id)
)


def export_rows(event: Event, filters: RegistrationFilter, chunk_size: int = EXPORT_CHUNK) -> Iterator[list]:
    """Each filtered registration as a row of EXPORT_COLUMNS, read in chunks as plain rows
    (building 50,000 ORM objects would cost most of the export's time)."""
    for chunk_ids in _id_chunks(event, filters, chunk_size):
        bills = bills_by_registration(chunk_ids)
        rows = db.session.execute(_EXPORT_SELECT.where(Registration.id.in_(chunk_ids)).order_by(Registration.id))
        for (reg_id, reference, status, title, first, middle, last, gender, position, inst_name, inst_acronym,
             inst_type, group, code, category, email, phone, fee, currency, waived, waiver_reason, special_needs,
             language, delegation, created_at) in rows:
            bill = bills.get(reg_id)
            yield [
                reference, status.value, title, first, middle, last, gender.value, position, inst_name, inst_acronym,
                inst_type.value, group, code, category, email, phone, fee, currency, "yes" if waived else "no",
                waiver_reason, bill.control_number if bill else "", bill.status.value if bill else "",
                special_needs, language, delegation or "", created_at.strftime("%Y-%m-%d %H:%M") if created_at else "",
            ]


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
    batch_size: int = EMAIL_BATCH,
) -> BulkEmailResult:
    """Email everyone on the filtered list once (one message per address), in batches of
    `batch_size` over one SMTP connection each. A refused address or a failed batch is
    logged and reported; the rest still go. The sending is audited."""
    from eventapp.extensions import mail

    subject, body = _clean_message(subject, body)
    result = BulkEmailResult()
    seen: set[str] = set()
    batch: list = []

    def flush() -> None:
        pending = list(batch)
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

    for chunk in _chunks(event, filters, EXPORT_CHUNK):
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


# --- guests, speakers and sponsors' passes -----------------------------------------------


def register_guest(event: Event, details: ParticipantDetails, waiver_reason: str, actor_id: int) -> Registration:
    """An organiser registers a guest of honour, a speaker or a sponsor's pass with the fee
    waived: any category of the event (hidden ones too), even after registration closed.
    The reason is required and audited with the organiser's id."""
    waiver_reason = (waiver_reason or "").strip()
    if len(waiver_reason) < 5:
        errors = check_details(event, details, allow_hidden=True)
        errors["waiver_reason"] = _("Say why the fee is waived (for example: guest of honour at the opening).")
        raise InvalidInput(errors)
    return register_participant(event, details, consent=True, waiver_reason=waiver_reason, actor_id=actor_id)


# --- finance summary ---------------------------------------------------------------------


@dataclass
class FinanceRow:
    key: int | None
    label: str
    currency: str
    items: int
    billed: int
    collected: int

    @property
    def outstanding(self) -> int:
        return max(self.billed - self.collected, 0)


@dataclass
class FinanceTotals:
    currency: str
    bills: int
    billed: int
    collected: int  # at most each bill's total
    received: int  # every shilling received, over-payments included

    @property
    def outstanding(self) -> int:
        return max(self.billed - self.collected, 0)

    @property
    def overpaid(self) -> int:
        return self.received - self.collected


def _paid_per_bill():
    return sa.select(Payment.bill_id, sa.func.sum(Payment.amount).label("paid")).group_by(Payment.bill_id).subquery()


def _collected_on_bill(paid):
    """What a bill has collected, capped at its total (an over-payment is not income of the items)."""
    amount = sa.func.coalesce(paid.c.paid, 0)
    return sa.case((amount > Bill.total_amount, Bill.total_amount), else_=amount)


def _grouped_finance(event: Event, key, label_columns, join_on):
    paid = _paid_per_bill()
    share = BillItem.amount * _collected_on_bill(paid) / Bill.total_amount
    return db.session.execute(
        sa.select(
            key, *label_columns, Bill.currency,
            sa.func.count(BillItem.id), sa.func.sum(BillItem.amount), sa.func.sum(share),
        )
        .select_from(BillItem)
        .join(Bill, BillItem.bill_id == Bill.id)
        .join(Registration, BillItem.registration_id == Registration.id)
        .join(key.class_, join_on)
        .outerjoin(paid, paid.c.bill_id == Bill.id)
        .where(Bill.event_id == event.id, Bill.status != BillStatus.CANCELLED)
        .group_by(key, *label_columns, Bill.currency)
    ).all()


def finance_by_category(event: Event) -> list[FinanceRow]:
    """Billed against collected per participant category, in one grouped query.

    The rule: billed is the sum of the bill items of every bill that is not cancelled
    (pending, partly paid, paid or expired). What a bill collected (its payments, capped
    at its total) is shared among its items in proportion to each item's amount, rounded
    down to the shilling; so a delegation's half-paid bill counts half of each
    participant's fee as collected in that participant's category. Over-payments are
    shown only in the totals.
    """
    rows = _grouped_finance(
        event, ParticipantCategory.id,
        [ParticipantCategory.code, ParticipantCategory.name_en, ParticipantCategory.name_sw],
        Registration.category_id == ParticipantCategory.id,
    )
    from flask_babel import get_locale

    english = str(get_locale() or "sw") == "en"
    result = [
        FinanceRow(cid, f"{code} — {name_en if english else name_sw}", currency, n, int(billed or 0), int(collected or 0))
        for cid, code, name_en, name_sw, currency, n, billed, collected in rows
    ]
    return sorted(result, key=lambda r: r.label)


def finance_by_institution(event: Event) -> list[FinanceRow]:
    """Billed against collected per participant's institution, in one grouped query; the
    same rule as `finance_by_category`. Largest amount billed first."""
    rows = _grouped_finance(event, Institution.id, [Institution.name, Institution.acronym],
                            Registration.institution_id == Institution.id)
    result = [
        FinanceRow(iid, f"{name} ({acronym})" if acronym else name, currency, n, int(billed or 0), int(collected or 0))
        for iid, name, acronym, currency, n, billed, collected in rows
    ]
    return sorted(result, key=lambda r: (-r.billed, r.label))


def finance_totals(event: Event) -> list[FinanceTotals]:
    """The event's bills in total, per currency: billed, collected (capped), received."""
    paid = _paid_per_bill()
    rows = db.session.execute(
        sa.select(
            Bill.currency, sa.func.count(Bill.id), sa.func.sum(Bill.total_amount),
            sa.func.sum(_collected_on_bill(paid)), sa.func.sum(sa.func.coalesce(paid.c.paid, 0)),
        )
        .outerjoin(paid, paid.c.bill_id == Bill.id)
        .where(Bill.event_id == event.id, Bill.status != BillStatus.CANCELLED)
        .group_by(Bill.currency)
        .order_by(Bill.currency)
    ).all()
    return [FinanceTotals(c, n, int(b or 0), int(col or 0), int(rec or 0)) for c, n, b, col, rec in rows]


# --- the institutions directory ----------------------------------------------------------


def institutions_page(text: str = "", type_: InstitutionType | None = None, page: int = 1,
                      per_page: int = PER_PAGE, reviewed: bool = True) -> Page:
    """Directory entries by name, filtered by a search text and a type."""
    clauses = [Institution.reviewed.is_(reviewed)]
    text = " ".join((text or "").split()).lower()[:100]
    if text:
        pattern = contains_pattern(text)
        clauses.append(sa.or_(Institution.name_key.like(pattern, escape=LIKE_ESCAPE),
                              sa.func.lower(Institution.acronym).like(pattern, escape=LIKE_ESCAPE)))
    if type_ is not None:
        clauses.append(Institution.type == type_)
    total = db.session.scalar(sa.select(sa.func.count(Institution.id)).where(*clauses))
    pages = max(math.ceil(total / per_page), 1)
    page = min(max(page, 1), pages)
    items = list(
        db.session.scalars(
            sa.select(Institution).options(joinedload(Institution.parent)).where(*clauses)
            .order_by(Institution.name).limit(per_page).offset((page - 1) * per_page)
        )
    )
    return Page(items=items, page=page, per_page=per_page, total=total)


def registration_counts_by_institution(institution_ids: list[int]) -> dict[int, int]:
    if not institution_ids:
        return {}
    rows = db.session.execute(
        sa.select(Registration.institution_id, sa.func.count())
        .where(Registration.institution_id.in_(institution_ids))
        .group_by(Registration.institution_id)
    )
    return dict(rows.all())


def pending_institutions() -> list[Institution]:
    """Names typed in by registrants that wait for review, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Institution).where(Institution.reviewed.is_(False)).order_by(Institution.created_at, Institution.id)
        )
    )


def pending_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Institution.id)).where(Institution.reviewed.is_(False)))


def ministries() -> list[Institution]:
    """Reviewed ministries, the possible parents of a directory entry."""
    return list(
        db.session.scalars(
            sa.select(Institution)
            .where(Institution.type == InstitutionType.MINISTRY, Institution.reviewed.is_(True))
            .order_by(Institution.name)
        )
    )


def reviewed_institutions() -> list[tuple[int, str, str]]:
    """(id, name, acronym) of every reviewed entry: the targets a typed name can merge into."""
    return db.session.execute(
        sa.select(Institution.id, Institution.name, Institution.acronym)
        .where(Institution.reviewed.is_(True))
        .order_by(Institution.name)
    ).all()


def approve_institution(institution: Institution, type_: InstitutionType, actor_id: int | None,
                        parent_id: int | None = None) -> Institution:
    """Accept a typed-in name into the directory as it is, with a type."""
    from eventapp.registration.services.institutions import save_institution

    if institution.reviewed:
        raise DomainError(_("This institution is already in the directory."))
    audit.record(actor_id, "institution.approve", f"institution:{institution.id}", institution.name)
    return save_institution(institution.name, type_, institution.acronym, parent_id, institution=institution)


def merge_institution(source: Institution, target: Institution, actor_id: int | None) -> int:
    """Merge `source` (usually a typed-in name) into the directory entry `target`: its
    registrations, delegations and sector institutions move to `target`, then `source` is
    removed. Returns how many registrations moved. Audited."""
    if source.id == target.id:
        raise DomainError(_("Choose a different institution to merge into."), field="target_id")
    if not target.reviewed:
        raise DomainError(_("Merge into an institution of the directory (one already reviewed)."), field="target_id")
    moved = db.session.execute(
        sa.update(Registration).where(Registration.institution_id == source.id)
        .values(institution_id=target.id).execution_options(synchronize_session=False)
    ).rowcount or 0
    delegations = db.session.execute(
        sa.update(Delegation).where(Delegation.institution_id == source.id)
        .values(institution_id=target.id).execution_options(synchronize_session=False)
    ).rowcount or 0
    if target.parent_id == source.id:
        target.parent_id = source.parent_id if source.parent_id != target.id else None
    db.session.execute(
        sa.update(Institution).where(Institution.parent_id == source.id, Institution.id != target.id)
        .values(parent_id=target.id).execution_options(synchronize_session=False)
    )
    audit.record(actor_id, "institution.merge", f"institution:{target.id}",
                 f"{source.name} -> {target.name}: {moved} registrations, {delegations} delegations")
    db.session.delete(source)
    db.session.commit()
    db.session.expire_all()
    return moved
