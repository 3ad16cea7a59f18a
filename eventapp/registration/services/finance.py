"""Billed against collected, per category, per institution and per institution type."""
import logging
from dataclasses import dataclass

import sqlalchemy as sa

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.labels import INSTITUTION_TYPE
from eventapp.registration.models import (
    Bill,
    BillItem,
    BillStatus,
    Institution,
    InstitutionType,
    ParticipantCategory,
    Payment,
    Registration,
)

log = logging.getLogger(__name__)

# --- finance summary ---------------------------------------------------------------------


@dataclass
class FinanceRow:
    key: int | InstitutionType | None  # a category's or institution's id, or an institution type
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
        FinanceRow(cid, f"{code} — {name_en if english else name_sw}", currency, n,
                   int(billed or 0), int(collected or 0))
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


def finance_by_institution_type(event: Event) -> list[FinanceRow]:
    """Billed against collected per type of the participant's institution (ministries,
    sector institutions, universities, ...), in one grouped query; the same rule as
    `finance_by_category`. In the order of `InstitutionType`, then by currency."""
    rows = _grouped_finance(event, Institution.type, [], Registration.institution_id == Institution.id)
    order = list(InstitutionType)
    result = [
        FinanceRow(kind, str(INSTITUTION_TYPE[kind]), currency, n, int(billed or 0), int(collected or 0))
        for kind, currency, n, billed, collected in rows
    ]
    return sorted(result, key=lambda r: (order.index(r.key), r.currency))


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
