"""The organisers' registrations list: filters, search, one page at a time, and exports.

The list stays fast at 50,000 registrations: one COUNT, one page query (the page's ids
found on an index, then only those rows joined to their category, group and institution),
and one query for the page's bills; exports read plain rows in chunks of ids.
"""
import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

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
    ParticipantCategory,
    Registration,
    RegistrationStatus,
)
from eventapp.registration.models.registrations import ENDED

log = logging.getLogger(__name__)

log = logging.getLogger(__name__)

PER_PAGE = 50
EXPORT_CHUNK = 1000
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
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Registration).where(*filter_clauses(event, filters))
    )


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


def _idchunks(event: Event, filters: RegistrationFilter, size: int) -> Iterator[list[int]]:
    """The filtered registrations' ids, `size` at a time in id order. The ids are read first
    (one narrow query); each chunk's rows are then read by id: no OFFSET, and no re-scan of
    the event's rows per chunk, which a keyset on the event index costs on SQLite."""
    ids = list(
        db.session.scalars(sa.select(Registration.id).where(*filter_clauses(event, filters)).order_by(Registration.id))
    )
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def chunks(event: Event, filters: RegistrationFilter, size: int) -> Iterator[list[Registration]]:
    """The filtered registrations as objects, `size` at a time."""
    for chunk_ids in _idchunks(event, filters, size):
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
    for chunk_ids in _idchunks(event, filters, chunk_size):
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
