"""Fees billed against collected per category and per type of institution, against hand-counted
bills: a paid one, a delegation's bill paid half, an over-paid one, an unpaid one, a cancelled
one and one in another currency."""
import itertools
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa

from eventapp.dashboard.fee_figures import fees_by_category, fees_by_institution_type, main_currency
from eventapp.events.models import Event, ParticipantGroup
from eventapp.extensions import db
from eventapp.registration.models import (
    Bill,
    BillItem,
    BillStatus,
    Gender,
    InstitutionType,
    ParticipantCategory,
    Payment,
    PaymentChannel,
    PaymentSource,
    Registration,
    RegistrationStatus,
)
from eventapp.registration.services.finance import FinanceRow, finance_by_institution_type
from tests import factories
from tests.query_count import queries

EN = {"Accept-Language": "en"}
_numbers = itertools.count(1)
PAID_AT = datetime(2019, 1, 20, 9, tzinfo=timezone.utc)


def add_registration(event, category, institution, first_name) -> Registration:
    n = next(_numbers)
    registration = Registration(
        event_id=event.id, category_id=category.id, institution_id=institution.id, reference=f"TFEE{n:06d}",
        first_name=first_name, last_name="Mshiriki", gender=Gender.FEMALE, position="Afisa",
        email=f"fee{n}@example.org", phone="255754123456", consent_at=PAID_AT,
        status=RegistrationStatus.PENDING_PAYMENT, fee_amount=category.fee_amount,
    )
    db.session.add(registration)
    db.session.flush()
    return registration


def add_bill(event, items, paid=(), status=BillStatus.PENDING, currency="TZS") -> Bill:
    """A bill of (registration, amount) items with payments of the given amounts."""
    bill = Bill(event_id=event.id, payer_name="Mlipaji", payer_email="payer@example.org", description="Ada",
                currency=currency, total_amount=sum(a for _r, a in items), expires_on=date(2019, 1, 29),
                status=status)
    bill.items = [BillItem(description=r.first_name, amount=a, registration_id=r.id) for r, a in items]
    db.session.add(bill)
    db.session.flush()
    for amount in paid:
        n = next(_numbers)
        db.session.add(Payment(bill_id=bill.id, transaction_id=f"TX{n}", receipt_number=f"RC{n}", amount=amount,
                               currency=currency, paid_at=PAID_AT, channel=PaymentChannel.MPESA,
                               source=PaymentSource.MANUAL))
    return bill


def meeting() -> Event:
    event = factories.event(edition=2, starts_on=date(2019, 1, 30), ends_on=date(2019, 2, 2))
    g1 = ParticipantGroup(event_id=event.id, number=1, name_en="Group 1", name_sw="Kundi la Kwanza")
    g2 = ParticipantGroup(event_id=event.id, number=2, name_en="Group 2", name_sw="Kundi la Pili")
    db.session.add_all([g1, g2])
    db.session.flush()

    def category(group, code, name, fee):
        c = ParticipantCategory(event_id=event.id, group_id=group.id, code=code, name_en=name, name_sw=name,
                                fee_amount=fee)
        db.session.add(c)
        db.session.flush()
        return c

    officers = category(g1, "A1", "ICT officers", 400_000)
    secretaries = category(g2, "B1", "Permanent secretaries", 200_000)
    students = category(g2, "B2", "Students", 20_000)
    category(g2, "B3", "Lecturers", 50_000)  # nobody billed: not in the fee figures
    mofp = factories.institution("Wizara ya Fedha", InstitutionType.MINISTRY)
    udom = factories.institution("University of Dodoma", InstitutionType.UNIVERSITY)
    tcra = factories.institution("TCRA", InstitutionType.SECTOR_INSTITUTION)
    giz = factories.institution("GIZ", InstitutionType.DEVELOPMENT_PARTNER)

    asha = add_registration(event, officers, mofp, "Asha")
    baraka = add_registration(event, officers, udom, "Baraka")
    chausiku = add_registration(event, secretaries, udom, "Chausiku")
    daudi = add_registration(event, secretaries, tcra, "Daudi")
    ezra = add_registration(event, officers, tcra, "Ezra")
    fatuma = add_registration(event, students, udom, "Fatuma")
    gabriel = add_registration(event, officers, mofp, "Gabriel")
    hans = add_registration(event, officers, giz, "Hans")

    add_bill(event, [(asha, 400_000)], paid=[400_000], status=BillStatus.PAID)
    # UDOM's delegation: 620,000 paid 310,000 in two payments, half of each fee collected.
    add_bill(event, [(baraka, 400_000), (chausiku, 200_000), (fatuma, 20_000)], paid=[300_000, 10_000],
             status=BillStatus.PARTIALLY_PAID)
    add_bill(event, [(daudi, 200_000)], paid=[250_000], status=BillStatus.PAID)  # over-paid by 50,000
    add_bill(event, [(ezra, 400_000)])  # not paid
    add_bill(event, [(gabriel, 400_000)], status=BillStatus.CANCELLED)  # not counted at all
    add_bill(event, [(hans, 200)], paid=[200], status=BillStatus.PAID, currency="USD")
    db.session.commit()
    return event


def test_fees_by_category_in_the_main_currency(app):
    with app.test_request_context(headers=EN):
        figure = fees_by_category(meeting())

    assert figure.key == "fees-by-category" and figure.chart == "bar" and figure.unit == "TZS"
    assert figure.title == "Fees billed and collected by category"
    assert figure.labels == ("A1 — ICT officers", "B1 — Permanent secretaries", "B2 — Students")
    # A1: Asha 400,000 paid, Baraka 400,000 half paid, Ezra 400,000 unpaid (Gabriel's bill is
    # cancelled, Hans's in USD). B1: Chausiku 200,000 half paid, Daudi 200,000 paid (the
    # over-payment capped). B2: Fatuma 20,000 half paid.
    assert figure.header() == ["Category", "Billed", "Collected", "Outstanding", "Bill items"]
    assert figure.rows() == [
        ["A1 — ICT officers", 1_200_000, 600_000, 600_000, 3],
        ["B1 — Permanent secretaries", 400_000, 300_000, 100_000, 2],
        ["B2 — Students", 20_000, 10_000, 10_000, 1],
    ]
    assert figure.totals() == [1_620_000, 910_000]
    assert "Bills in USD are left out; amounts are in TZS." in figure.note


def test_fees_by_institution_type(app):
    with app.test_request_context(headers=EN):
        figure = fees_by_institution_type(meeting())

    assert figure.key == "fees-by-institution-type" and figure.unit == "TZS"
    assert figure.title == "Fees billed and collected by type of institution"
    # Ministry: Asha. Sector institution: TCRA's Daudi (paid, capped) and Ezra (unpaid).
    # University: UDOM's delegation, half paid. The development partner's bill is in USD.
    assert figure.header() == ["Type of institution", "Billed", "Collected", "Outstanding", "Bill items"]
    assert figure.rows() == [
        ["Ministry", 400_000, 400_000, 0, 1],
        ["Sector institution (agency, authority, fund)", 600_000, 200_000, 400_000, 2],
        ["University or college", 620_000, 310_000, 310_000, 3],
    ]
    assert figure.totals() == [1_620_000, 910_000]
    assert "USD" in figure.note


@pytest.mark.database
def test_finance_by_institution_type(app, db_backend):
    with app.test_request_context(headers=EN):
        rows = finance_by_institution_type(meeting())

    # In the order of the types, every currency apart; the same hand count as above.
    assert [(r.key, r.label, r.currency, r.items, r.billed, r.collected, r.outstanding) for r in rows] == [
        (InstitutionType.MINISTRY, "Ministry", "TZS", 1, 400_000, 400_000, 0),
        (InstitutionType.SECTOR_INSTITUTION, "Sector institution (agency, authority, fund)", "TZS", 2,
         600_000, 200_000, 400_000),
        (InstitutionType.UNIVERSITY, "University or college", "TZS", 3, 620_000, 310_000, 310_000),
        (InstitutionType.DEVELOPMENT_PARTNER, "Development partner", "USD", 1, 200, 200, 0),
    ]


def test_one_currency_leaves_nothing_out(app):
    with app.test_request_context(headers=EN):
        event = factories.event(with_days=True)
        category = factories.category(event, code="A1", fee=400_000, name_en="Officers")
        add_bill(event, [(add_registration(event, category, factories.institution(), "Asha"), 400_000)],
                 paid=[100_000], status=BillStatus.PARTIALLY_PAID)
        db.session.commit()
        figure = fees_by_category(event)

    assert figure.rows() == [["A1 — Officers", 400_000, 100_000, 300_000, 1]]
    assert "left out" not in figure.note


def test_an_event_without_bills_gives_empty_figures(app):
    with app.test_request_context(headers=EN):
        event = factories.event(with_days=True)
        factories.category(event)
        figures = [fees_by_category(event), fees_by_institution_type(event)]

    for figure in figures:
        assert figure.labels == () and figure.empty and figure.unit == "TZS"
        assert [s.values for s in figure.series] == [(), ()]


def row(currency: str, items: int) -> FinanceRow:
    return FinanceRow(None, "x", currency, items, 1, 0)


@pytest.mark.parametrize("rows, expected", [
    ([], "TZS"),
    ([row("TZS", 1), row("USD", 2), row("TZS", 2)], "TZS"),  # 3 items against 2
    ([row("TZS", 1), row("USD", 2)], "USD"),
    ([row("USD", 2), row("EUR", 2)], "EUR"),  # a tie: alphabetical
])
def test_the_main_currency_is_the_one_most_items_are_billed_in(rows, expected):
    assert main_currency(rows) == expected


def test_the_fee_figures_share_one_grouped_query_however_many_bills(app):
    with app.test_request_context(headers=EN):
        event = meeting()
        event_id = event.id  # loaded now, not inside the count
        before = (queries(fees_by_category, event), queries(fees_by_institution_type, event))
    with app.app_context():
        event = db.session.get(Event, event_id)
        category = db.session.scalar(sa.select(ParticipantCategory).where(
            ParticipantCategory.event_id == event_id, ParticipantCategory.code == "B3"))
        place = factories.institution()
        for _n in range(30):
            registration = add_registration(event, category, place, "Zawadi")
            add_bill(event, [(registration, 50_000)], paid=[20_000], status=BillStatus.PARTIALLY_PAID)
        db.session.commit()
    with app.test_request_context(headers=EN):
        event = db.session.get(Event, event_id)
        after = (queries(fees_by_category, event), queries(fees_by_institution_type, event))
        assert sum(row.items for row in finance_by_institution_type(event)) >= 30  # the new request sees them

    # A request asks the finance grid once: the category figure runs it (and reads the
    # categories' names); the type figure answers from the same grid.
    assert before == after == (2, 0)
