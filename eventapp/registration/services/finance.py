"""Billed against collected, per category, per institution and per institution type."""
import logging
from dataclasses import dataclass

import sqlalchemy as sa

from eventapp.core.request_memo import per_request
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


def paid_per_bill():
    """A subquery of (bill_id, paid): every bill's payments summed. Finance, the sponsors'
    figures and the dashboard all read what a bill has received from it."""
    return sa.select(Payment.bill_id, sa.func.sum(Payment.amount).label("paid")).group_by(Payment.bill_id).subquery()


def _collected_on_bill(paid):
    """What a bill has collected, capped at its total (an over-payment is not income of the items)."""
    amount = sa.func.coalesce(paid.c.paid, 0)
    return sa.case((amount > Bill.total_amount, Bill.total_amount), else_=amount)


@dataclass(frozen=True)
class FinanceCell:
    """Billed against collected for one category, one type of institution and one currency."""

    category_id: int
    institution_type: InstitutionType
    currency: str
    items: int
    billed: int
    collected: int


def _finance_query(*keys):
    """Bill items of the event's bills that are not cancelled, grouped by `keys` and currency:
    how many, billed, and collected (each item's share of what its bill collected, rounded down
    to the shilling)."""
    paid = paid_per_bill()
    share = sa.cast(BillItem.amount, sa.BigInteger) * _collected_on_bill(paid) // Bill.total_amount
    return (
        sa.select(*keys, Bill.currency, sa.func.count(BillItem.id), sa.func.sum(BillItem.amount),
                  sa.func.sum(share))
        .select_from(BillItem)
        .join(Bill, BillItem.bill_id == Bill.id)
        .join(Registration, BillItem.registration_id == Registration.id)
        .join(Institution, Registration.institution_id == Institution.id)
        .outerjoin(paid, paid.c.bill_id == Bill.id)
        .where(Bill.status != BillStatus.CANCELLED)
        .group_by(*keys, Bill.currency)
    )


@per_request
def finance_grid(event: Event) -> list[FinanceCell]:
    """The rule of every finance figure, in one grouped query per request: billed is the sum
    of the bill items of every bill that is not cancelled (pending, partly paid, paid or
    expired). What a bill collected (its payments, capped at its total) is shared among its
    items in proportion to each item's amount, each share rounded down to the shilling; so a
    delegation's half-paid bill counts half of each participant's fee as collected in that
    participant's category. Over-payments are shown only in the totals. A sponsor's pledge
    bill has no registration and is not a fee."""
    rows = db.session.execute(
        _finance_query(Registration.category_id, Institution.type).where(Bill.event_id == event.id)
    )
    return [FinanceCell(cid, kind, currency, n, int(billed or 0), int(collected or 0))
            for cid, kind, currency, n, billed, collected in rows]


def _summed(cells, key_of) -> dict[tuple, list[int]]:
    sums: dict[tuple, list[int]] = {}
    for cell in cells:
        total = sums.setdefault((key_of(cell), cell.currency), [0, 0, 0])
        total[0] += cell.items
        total[1] += cell.billed
        total[2] += cell.collected
    return sums


def finance_by_category(event: Event) -> list[FinanceRow]:
    """Billed against collected per participant category (the rule: `finance_grid`)."""
    from flask_babel import get_locale

    english = str(get_locale() or "sw") == "en"
    labels = {
        cid: f"{code} — {name_en if english else name_sw}"
        for cid, code, name_en, name_sw in db.session.execute(
            sa.select(ParticipantCategory.id, ParticipantCategory.code, ParticipantCategory.name_en,
                      ParticipantCategory.name_sw).where(ParticipantCategory.event_id == event.id)
        )
    }
    sums = _summed(finance_grid(event), lambda cell: cell.category_id)
    result = [FinanceRow(cid, labels.get(cid, ""), currency, n, billed, collected)
              for (cid, currency), (n, billed, collected) in sums.items()]
    return sorted(result, key=lambda r: r.label)


def finance_by_institution(event: Event) -> list[FinanceRow]:
    """Billed against collected per participant's institution, in one grouped query; the
    same rule as `finance_grid`. Largest amount billed first."""
    rows = db.session.execute(
        _finance_query(Institution.id, Institution.name, Institution.acronym).where(Bill.event_id == event.id)
    )
    result = [
        FinanceRow(iid, f"{name} ({acronym})" if acronym else name, currency, n, int(billed or 0), int(collected or 0))
        for iid, name, acronym, currency, n, billed, collected in rows
    ]
    return sorted(result, key=lambda r: (-r.billed, r.label))


def finance_by_institution_type(event: Event) -> list[FinanceRow]:
    """Billed against collected per type of the participant's institution (ministries,
    sector institutions, universities, ...); the rule is `finance_grid`. In the order of
    `InstitutionType`, then by currency."""
    order = list(InstitutionType)
    sums = _summed(finance_grid(event), lambda cell: cell.institution_type)
    result = [FinanceRow(kind, str(INSTITUTION_TYPE[kind]), currency, n, billed, collected)
              for (kind, currency), (n, billed, collected) in sums.items()]
    return sorted(result, key=lambda r: (order.index(r.key), r.currency))


def finance_totals(event: Event) -> list[FinanceTotals]:
    """The event's bills in total, per currency: billed, collected (capped), received."""
    paid = paid_per_bill()
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
