"""Finance pages: bills, a payment recorded by hand, statement imports and their reports."""
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.registration.models import (
    Bill,
    BillStatus,
    Payment,
    PaymentOption,
    PaymentSource,
    RegistrationStatus,
    StatementImport,
)
from eventapp.registration.services import billing
from eventapp.registration.services.payments import STATEMENT_COLUMNS
from tests import factories

EAT = ZoneInfo("Africa/Dar_es_Salaam")


@pytest.fixture
def make_bill(app):
    def _make(option=PaymentOption.EXACT, fee=400_000, **details) -> Bill:
        with app.app_context():
            event = factories.open_event()
            registration = factories.registration(factories.category(event, fee=fee), **details)
            bill = billing.open_bill_for(registration)
            bill.payment_option = option
            db.session.commit()
            return factories.detach(bill)

    return _make


@pytest.fixture
def finance(login):
    return login(Role.FINANCE)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def now_field(delta=timedelta(hours=-1)) -> str:
    return (datetime.now(EAT) + delta).strftime("%Y-%m-%dT%H:%M")


def payments(app) -> list[Payment]:
    with app.app_context():
        found = db.session.scalars(sa.select(Payment).order_by(Payment.id)).all()
        for p in found:
            db.session.expunge(p)
        return found


def import_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(StatementImport))


# --- bills ------------------------------------------------------------------------------

def test_bills_list_filters_and_searches(client, finance, make_bill, app):
    amina = make_bill(first_name="Amina", last_name="Mwalimu")
    baraka = make_bill(first_name="Baraka", last_name="Mhandisi")
    with app.app_context():
        db.session.get(Bill, baraka.id).status = BillStatus.CANCELLED
        db.session.commit()

    everything = text(client.get("/finance/bills"))
    assert amina.control_number in everything and baraka.control_number in everything

    pending = text(client.get("/finance/bills?status=pending"))
    assert amina.control_number in pending and baraka.control_number not in pending

    by_number = text(client.get(f"/finance/bills?q={baraka.control_number[:8]}"))
    assert baraka.control_number in by_number and amina.control_number not in by_number

    by_payer = text(client.get("/finance/bills?q=amina"))
    assert amina.control_number in by_payer and baraka.control_number not in by_payer

    by_event = text(client.get(f"/finance/bills?event={amina.event_id}"))
    assert amina.control_number in by_event and baraka.control_number not in by_event

    odd = client.get("/finance/bills?status=nonsense&q=%25_%5C&event=abc&page=99")
    assert odd.status_code in (200, 404)


def test_bills_list_pages(client, finance, make_bill, monkeypatch):
    from eventapp.registration.views import finance as finance_views

    monkeypatch.setattr(finance_views, "BILLS_PER_PAGE", 2)
    bills = [make_bill() for _ in range(3)]

    first, second = text(client.get("/finance/bills")), text(client.get("/finance/bills?page=2"))

    assert sum(b.control_number in first for b in bills) == 2
    assert sum(b.control_number in second for b in bills) == 1
    assert "page=2" in first


def test_bill_detail_shows_items_payments_and_downloads(client, finance, make_bill, app):
    bill = make_bill(PaymentOption.PARTIAL)
    client.post(f"/finance/bills/{bill.id}/payments/new", data={
        "transaction_id": "NMB-778899", "amount": "100000", "channel": "bank", "psp_name": "NMB",
        "paid_at": now_field(), "payer_name": "Wizara ya Fedha",
    })
    payment = payments(app)[0]

    page = text(client.get(f"/finance/bills/{bill.id}"))

    assert bill.control_number in page and "400,000" in page and "300,000" in page
    assert "NMB-778899" in page and payment.receipt_number in page
    pdf = client.get(f"/finance/bills/{bill.id}/bill.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert bill.control_number in pdf.headers["Content-Disposition"]
    receipt = client.get(f"/finance/payments/{payment.id}/receipt.pdf")
    assert receipt.status_code == 200 and receipt.data.startswith(b"%PDF")
    assert client.get("/finance/bills/999999").status_code == 404
    assert client.get("/finance/payments/999999/receipt.pdf").status_code == 404


def test_an_over_paid_bill_shows_by_how_much(client, finance, make_bill):
    bill = make_bill(PaymentOption.FULL)
    client.post(f"/finance/bills/{bill.id}/payments/new", data={
        "transaction_id": "CRDB-1", "amount": "450,000", "channel": "bank", "paid_at": now_field(),
    })

    page = text(client.get(f"/finance/bills/{bill.id}"))

    assert "Over-paid by" in page and "50,000" in page


# --- a payment by hand ------------------------------------------------------------------

def test_record_a_payment_by_hand(client, finance, make_bill, app):
    bill = make_bill()
    form = client.get(f"/finance/bills/{bill.id}/payments/new")
    assert form.status_code == 200 and 'value="400000"' in form.get_data(as_text=True)

    response = client.post(f"/finance/bills/{bill.id}/payments/new", data={
        "transaction_id": " NMB-2019-0001 ", "amount": "400,000", "channel": "bank", "psp_name": "NMB",
        "paid_at": now_field(), "payer_name": "Juma",
    })

    assert response.status_code == 302 and response.headers["Location"].endswith(f"/finance/bills/{bill.id}")
    [payment] = payments(app)
    assert (payment.transaction_id, payment.amount, payment.source) == ("NMB-2019-0001", 400_000, PaymentSource.MANUAL)
    assert payment.recorded_by_id == finance.id
    with app.app_context():
        stored = db.session.get(Bill, bill.id)
        assert stored.status is BillStatus.PAID
        assert stored.items[0].registration.status is RegistrationStatus.CONFIRMED
    assert payment.receipt_number in text(client.get(f"/finance/bills/{bill.id}"))


def _field_error(page: str, field: str) -> str:
    match = re.search(rf'<ul class="errors" id="{field}-error">(.*?)</ul>', page)
    return match.group(1) if match else ""


@pytest.mark.parametrize("changes, field", [
    ({"amount": "300000"}, "amount"),
    ({"amount": "abc"}, "amount"),
    ({"amount": "-5"}, "amount"),
    ({"amount": ""}, "amount"),
    ({"transaction_id": ""}, "transaction_id"),
    ({"transaction_id": "x" * 65}, "transaction_id"),
    ({"paid_at": ""}, "paid_at"),
    ({"paid_at": "28/01/2019"}, "paid_at"),
    ({"paid_at": "FUTURE"}, "paid_at"),
    ({"paid_at": "LATE"}, "paid_at"),
    ({"payer_name": "x" * 201}, "payer_name"),
])
def test_a_refused_payment_shows_the_error_beside_its_field_and_keeps_the_input(
        client, finance, make_bill, app, changes, field):
    bill = make_bill()
    data = {"transaction_id": "KEEP-ME-1", "amount": "400000", "channel": "mpesa", "psp_name": "Vodacom",
            "paid_at": now_field(), "payer_name": "Mlipaji Halisi"}
    data.update(changes)
    if data["paid_at"] == "FUTURE":
        data["paid_at"] = now_field(timedelta(days=2))
    if data["paid_at"] == "LATE":
        data["paid_at"] = (bill.expires_on + timedelta(days=1)).strftime("%Y-%m-%dT10:00")

    response = client.post(f"/finance/bills/{bill.id}/payments/new", data=data)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert _field_error(page, field), page
    assert "Vodacom" in page  # what was typed is still there
    assert payments(app) == []


def test_a_number_already_recorded_is_shown_beside_the_number(client, finance, make_bill, app):
    first, second = make_bill(PaymentOption.PARTIAL), make_bill()
    data = {"transaction_id": "SLIP-42", "amount": "100000", "channel": "bank", "paid_at": now_field()}
    client.post(f"/finance/bills/{first.id}/payments/new", data=data)

    response = client.post(f"/finance/bills/{second.id}/payments/new", data=data | {"amount": "400000"})

    error = _field_error(response.get_data(as_text=True), "transaction_id")
    assert "already recorded" in error and first.control_number in error
    assert len(payments(app)) == 1


def test_a_cancelled_bill_takes_no_payment(client, finance, make_bill, app):
    bill = make_bill()
    with app.app_context():
        billing.cancel_bill(db.session.get(Bill, bill.id))
        db.session.commit()

    response = client.post(f"/finance/bills/{bill.id}/payments/new", data={
        "transaction_id": "X-1", "amount": "400000", "channel": "bank", "paid_at": now_field()})

    assert response.status_code == 200
    assert "cancelled" in text(response)
    assert payments(app) == []


# --- statements -------------------------------------------------------------------------

def upload(client, content: bytes, filename="statement.csv"):
    return client.post("/finance/statements/import", data={"file": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")


def statement_csv(*rows) -> bytes:
    lines = [",".join(STATEMENT_COLUMNS)] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def test_import_a_statement_and_read_its_report(client, finance, make_bill, app):
    paid, partial = make_bill(), make_bill(PaymentOption.PARTIAL)
    when = (datetime.now(EAT) - timedelta(hours=3)).strftime("%Y-%m-%d %H:%M:%S")
    content = statement_csv(
        ("MP-1", paid.control_number, "400000", "TZS", when, "M-Pesa", "Amina"),
        ("MP-2", partial.control_number, "100000", "TZS", when, "Tigo Pesa", "Baraka"),
        ("MP-3", "991111111116", "400000", "TZS", when, "M-Pesa", "Nobody"),
        ("MP-4", paid.control_number, "5", "TZS", "not a date", "M-Pesa", "Broken"),
    )

    response = upload(client, content, "nmb-28-01.csv")

    assert response.status_code == 302
    report_url = response.headers["Location"]
    assert re.search(r"/finance/statements/\d+$", report_url)
    report = client.get(report_url).get_data(as_text=True)
    counts = dict(re.findall(r'id="count-(\w+)">(\d+)<', report))
    assert counts == {"matched": "2", "already_imported": "0", "unknown_control_number": "1",
                      "amount_mismatch": "0", "expired_bill": "0", "invalid_rows": "1"}
    assert "991111111116" in report and "MP-4" in report and "nmb-28-01.csv" in report
    assert len(payments(app)) == 2

    again = client.get(upload(client, content, "nmb-28-01.csv").headers["Location"]).get_data(as_text=True)
    assert dict(re.findall(r'id="count-(\w+)">(\d+)<', again))["already_imported"] == "2"
    assert len(payments(app)) == 2

    listing = text(client.get("/finance/statements"))
    assert listing.count("nmb-28-01.csv") == 2


@pytest.mark.parametrize("content, filename, message", [
    (b"%PDF-1.4 not a statement", "statement.csv", "not an accepted type"),
    (b"\x89PNG\r\n\x1a\n....", "statement.csv", "not an accepted type"),
    (b"", "statement.csv", "empty"),
    (b"transaction_id,amount\nT,5\n", "statement.csv", "missing the columns"),
    (",".join(STATEMENT_COLUMNS).encode() + b"\n", "statement.csv", "no rows"),
])
def test_a_bad_upload_is_refused_beside_the_field_and_writes_nothing(client, finance, app, content, filename,
                                                                      message):
    response = upload(client, content, filename)

    assert response.status_code == 200
    assert message in _field_error(response.get_data(as_text=True), "file")
    assert import_count(app) == 0


def test_no_file_chosen(client, finance, app):
    response = client.post("/finance/statements/import", data={}, content_type="multipart/form-data")

    assert response.status_code == 200
    assert _field_error(response.get_data(as_text=True), "file")


def test_a_statement_in_windows_encoding_is_read(client, finance, make_bill, app):
    bill = make_bill()
    when = (datetime.now(EAT) - timedelta(hours=3)).strftime("%Y-%m-%d %H:%M")
    content = statement_csv(("CRDB-9", bill.control_number, "400000", "TZS", when, "CRDB", "Jos\xe9"))
    content = content.decode().encode("cp1252")

    response = upload(client, content)

    assert response.status_code == 302
    assert payments(app)[0].payer_name == "Jos\xe9"


def test_the_statement_template_downloads_and_imports_without_a_500(client, finance, app):
    response = client.get("/finance/statements/template.csv")

    assert response.status_code == 200 and response.mimetype == "text/csv"
    header = response.data.decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == STATEMENT_COLUMNS

    imported = upload(client, response.data, "template.csv")
    assert imported.status_code == 302
    report = client.get(imported.headers["Location"]).get_data(as_text=True)
    assert dict(re.findall(r'id="count-(\w+)">(\d+)<', report))["unknown_control_number"] == "1"


def test_report_of_an_unknown_import_is_404(client, finance):
    assert client.get("/finance/statements/4242").status_code == 404


# --- who may use them -------------------------------------------------------------------

FINANCE_PAGES = [
    ("GET", "/finance/bills"), ("GET", "/finance/bills/{bill}"), ("GET", "/finance/bills/{bill}/bill.pdf"),
    ("GET", "/finance/bills/{bill}/payments/new"), ("POST", "/finance/bills/{bill}/payments/new"),
    ("GET", "/finance/statements"), ("GET", "/finance/statements/import"), ("POST", "/finance/statements/import"),
    ("GET", "/finance/statements/template.csv"), ("GET", "/finance/statements/1"),
]


@pytest.mark.parametrize("method, url", FINANCE_PAGES)
def test_a_participant_gets_403(client, login, make_bill, app, method, url):
    bill = make_bill()
    login(Role.PARTICIPANT, Role.GATE)

    response = client.open(url.format(bill=bill.id), method=method, data={
        "transaction_id": "SNEAKY", "amount": "400000", "channel": "bank", "paid_at": now_field()})

    assert response.status_code == 403
    assert payments(app) == []


@pytest.mark.parametrize("method, url", FINANCE_PAGES)
def test_anonymous_goes_to_the_login_page(client, make_bill, method, url):
    bill = make_bill()

    response = client.open(url.format(bill=bill.id), method=method)

    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_administrator_may_use_the_finance_pages(client, login, make_bill):
    bill = make_bill()
    login(Role.ADMIN)

    assert client.get(f"/finance/bills/{bill.id}").status_code == 200


def test_finance_summary_link_opens_the_current_events_summary(app, client, login):
    from eventapp.core.roles import Role
    from tests import factories

    with app.app_context():
        event_id = factories.open_event().id
    login(Role.FINANCE)
    response = client.get("/finance/summary")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/events/{event_id}/finance-summary")
    assert client.get(response.headers["Location"]).status_code == 200
