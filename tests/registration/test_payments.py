"""Payments: applied by hand, from a reconciliation statement or from the gateway; bills'
payment options, expiry, idempotency, statement reports, concurrency."""
import csv
import io
import threading
from datetime import datetime, timedelta, timezone
from email import policy
from email.parser import BytesParser

import pytest
import sqlalchemy as sa

from eventapp.core.clock import event_timezone, local_now, local_today
from eventapp.core.errors import DomainError
from eventapp.extensions import db
from eventapp.registration.models import (
    Bill,
    BillStatus,
    Payment,
    PaymentChannel,
    PaymentOption,
    PaymentSource,
    Registration,
    RegistrationStatus,
    StatementImport,
)
from eventapp.registration.services import billing
from eventapp.registration.services.delegations import FocalPerson, register_delegation
from eventapp.registration.services.payments import (
    STATEMENT_COLUMNS,
    Outcome,
    PaymentNotice,
    apply_payment,
    import_statement,
    parse_amount,
    record_payment,
)
from tests import factories

_txn = iter(range(1, 10**9))


def make_bill(option=PaymentOption.EXACT, fee=400_000) -> Bill:
    """A registration's own bill, with the payment option wanted."""
    event = factories.open_event()
    registration = factories.registration(factories.category(event, fee=fee))
    bill = billing.open_bill_for(registration)
    bill.payment_option = option
    db.session.commit()
    return bill


def make_delegation_bill(option=PaymentOption.PARTIAL, people=2, fee=200_000) -> Bill:
    """One bill for a delegation of `people` participants."""
    event = factories.open_event()
    category = factories.category(event, fee=fee)
    institution = factories.institution()
    rows = [factories.participant_details(category, institution) for _ in range(people)]
    _delegation, bill = register_delegation(
        event, institution.id, "", FocalPerson("Asha Mratibu", "mratibu@example.org", "0754 000 111"), rows
    )
    bill.payment_option = option
    db.session.commit()
    return bill


def notice(bill: Bill, amount: int | None = None, transaction_id: str | None = None, paid_at=None,
           currency="TZS", channel=PaymentChannel.MPESA, control_number=None) -> PaymentNotice:
    return PaymentNotice(
        transaction_id=transaction_id or f"MP{next(_txn):08d}",
        control_number=control_number or bill.control_number,
        amount=bill.total_amount if amount is None else amount,
        currency=currency,
        paid_at=paid_at or local_now() - timedelta(hours=1),
        channel=channel,
        psp_name="M-Pesa",
        payer_name="Mlipaji",
    )


def payment_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Payment))


def registration_statuses(bill: Bill) -> set[RegistrationStatus]:
    db.session.expire_all()
    return {item.registration.status for item in bill.items}


# --- one payment against a bill ---------------------------------------------------------

def test_exact_payment_pays_the_bill_and_confirms_the_registration(app_ctx):
    bill = make_bill(PaymentOption.EXACT)

    result = record_payment(notice(bill), PaymentSource.GATEWAY)

    assert result.outcome is Outcome.MATCHED
    assert result.payment.receipt_number.startswith("P-")
    assert result.payment.source is PaymentSource.GATEWAY
    assert bill.status is BillStatus.PAID and bill.balance == 0
    assert registration_statuses(bill) == {RegistrationStatus.CONFIRMED}


def test_wrong_amount_on_an_exact_bill_is_a_mismatch_and_records_nothing(app_ctx):
    bill = make_bill(PaymentOption.EXACT)

    result = record_payment(notice(bill, amount=300_000), PaymentSource.MANUAL)

    assert result.outcome is Outcome.AMOUNT_MISMATCH
    assert "300,000" in result.message and "400,000" in result.message
    assert payment_count() == 0
    db.session.refresh(bill)
    assert bill.status is BillStatus.PENDING
    assert registration_statuses(bill) == {RegistrationStatus.PENDING_PAYMENT}


def test_partial_payments_then_the_rest_pay_the_bill_and_confirm_every_registration(app_ctx):
    bill = make_delegation_bill(PaymentOption.PARTIAL, people=2, fee=200_000)

    first = record_payment(notice(bill, amount=150_000), PaymentSource.STATEMENT)
    db.session.refresh(bill)
    assert first.outcome is Outcome.MATCHED
    assert bill.status is BillStatus.PARTIALLY_PAID and bill.balance == 250_000
    assert registration_statuses(bill) == {RegistrationStatus.PENDING_PAYMENT}

    rest = record_payment(notice(bill, amount=250_000), PaymentSource.STATEMENT)
    db.session.refresh(bill)
    assert rest.outcome is Outcome.MATCHED
    assert bill.status is BillStatus.PAID and bill.amount_paid == 400_000
    assert registration_statuses(bill) == {RegistrationStatus.CONFIRMED}


def test_full_option_refuses_less_than_the_balance(app_ctx):
    bill = make_bill(PaymentOption.FULL)

    result = record_payment(notice(bill, amount=399_999), PaymentSource.GATEWAY)

    assert result.outcome is Outcome.AMOUNT_MISMATCH
    assert payment_count() == 0


def test_over_payment_on_a_full_bill_is_accepted_and_flagged(app_ctx):
    bill = make_bill(PaymentOption.FULL)

    result = record_payment(notice(bill, amount=450_000), PaymentSource.GATEWAY)

    assert result.outcome is Outcome.MATCHED
    db.session.refresh(bill)
    assert bill.status is BillStatus.PAID
    assert bill.overpaid_by == 50_000 and bill.balance == 0
    assert registration_statuses(bill) == {RegistrationStatus.CONFIRMED}


def test_a_paid_bill_refuses_another_payment(app_ctx):
    bill = make_bill(PaymentOption.FULL)
    record_payment(notice(bill), PaymentSource.GATEWAY)

    again = record_payment(notice(bill), PaymentSource.GATEWAY)

    assert again.outcome is Outcome.AMOUNT_MISMATCH
    assert "already paid" in again.message
    assert payment_count() == 1


def test_another_currency_is_a_mismatch(app_ctx):
    bill = make_bill(PaymentOption.EXACT)

    result = record_payment(notice(bill, currency="USD"), PaymentSource.GATEWAY)

    assert result.outcome is Outcome.AMOUNT_MISMATCH
    assert "USD" in result.message
    assert payment_count() == 0


def test_unknown_control_number(app_ctx):
    bill = make_bill()

    result = record_payment(notice(bill, control_number="991111111116"), PaymentSource.GATEWAY)

    assert result.outcome is Outcome.UNKNOWN_CONTROL_NUMBER
    assert payment_count() == 0


def test_payment_made_after_the_bill_expired_is_refused(app_ctx):
    bill = make_bill()
    paid_at = datetime.combine(bill.expires_on + timedelta(days=1), datetime.min.time(), event_timezone())

    result = record_payment(notice(bill, paid_at=paid_at.replace(hour=9)), PaymentSource.STATEMENT)

    assert result.outcome is Outcome.EXPIRED_BILL
    assert payment_count() == 0
    db.session.refresh(bill)
    assert bill.status is BillStatus.PENDING


def test_payment_on_the_last_day_counts_though_the_bill_was_since_marked_expired(app_ctx):
    bill = make_bill()
    last_day = bill.expires_on
    assert billing.expire_overdue_bills(today=last_day + timedelta(days=1)) == 1
    db.session.refresh(bill)
    assert bill.status is BillStatus.EXPIRED
    paid_at = datetime.combine(last_day, datetime.min.time(), event_timezone()).replace(hour=23, minute=30)

    result = record_payment(notice(bill, paid_at=paid_at), PaymentSource.STATEMENT)

    assert result.outcome is Outcome.MATCHED
    db.session.refresh(bill)
    assert bill.status is BillStatus.PAID


def test_cancelled_bill_refuses_payment(app_ctx):
    bill = make_bill()
    billing.cancel_bill(bill)
    db.session.commit()

    result = record_payment(notice(bill), PaymentSource.GATEWAY)

    assert result.outcome is Outcome.EXPIRED_BILL
    assert "cancelled" in result.message
    assert payment_count() == 0


def test_the_same_transaction_twice_is_recorded_once(app_ctx):
    bill = make_bill(PaymentOption.PARTIAL)
    first_notice = notice(bill, amount=100_000, transaction_id="MP-SAME-1")

    first = record_payment(first_notice, PaymentSource.GATEWAY)
    second = record_payment(notice(bill, amount=100_000, transaction_id="MP-SAME-1"), PaymentSource.GATEWAY)

    assert first.outcome is Outcome.MATCHED
    assert second.outcome is Outcome.ALREADY_IMPORTED
    assert second.payment.receipt_number == first.payment.receipt_number
    assert payment_count() == 1
    db.session.refresh(bill)
    assert bill.amount_paid == 100_000


@pytest.mark.parametrize("change", [
    {"amount": 0}, {"amount": -5}, {"amount": 2**31}, {"currency": "shilingi"}, {"transaction_id": "x" * 65},
    {"control_number": "12345"}, {"control_number": "123456789012"},
    {"paid_at": datetime(1900, 1, 1, tzinfo=timezone.utc)},
])
def test_impossible_values_are_invalid_and_never_reach_the_database(app_ctx, change):
    bill = make_bill(PaymentOption.PARTIAL)
    values = notice(bill).__dict__ | change

    result = record_payment(PaymentNotice(**values), PaymentSource.GATEWAY)

    assert result.outcome is Outcome.INVALID
    assert payment_count() == 0


def test_paid_at_is_stored_in_utc(app_ctx):
    bill = make_bill()
    paid_at = datetime.combine(local_today(), datetime.min.time()).replace(hour=10)  # naive: local time

    result = record_payment(notice(bill, paid_at=paid_at), PaymentSource.MANUAL)

    db.session.expire_all()
    stored = db.session.get(Payment, result.payment.id).paid_at
    stored = stored if stored.tzinfo else stored.replace(tzinfo=timezone.utc)
    assert stored == paid_at.replace(tzinfo=event_timezone())
    assert stored.astimezone(timezone.utc).hour == 7  # East Africa Time is UTC+3


@pytest.mark.parametrize("text, expected", [
    ("400000", 400_000), ("400,000", 400_000), ("400000.00", 400_000), (" 50 000 ", 50_000),
])
def test_parse_amount_reads_what_statements_write(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "-5", "0", "12.5", "1e999", "NaN", "inf", "99999999999999999999"])
def test_parse_amount_refuses_what_is_not_a_whole_positive_amount(text):
    with pytest.raises(ValueError):
        parse_amount(text)


class TestReceiptEmail:
    @pytest.fixture
    def app_config(self, smtp_app_config):
        return smtp_app_config

    def test_partial_then_rest_emails_a_receipt_for_each_payment(self, app, smtp_server):
        with app.app_context():
            bill = make_delegation_bill(PaymentOption.PARTIAL, people=2, fee=200_000)
            payer = bill.payer_email
            smtp_server.messages.clear()  # the delegation's own email
            first = record_payment(notice(bill, amount=100_000), PaymentSource.MANUAL)
            rest = record_payment(notice(bill, amount=300_000), PaymentSource.MANUAL)
            receipts = [first.payment.receipt_number, rest.payment.receipt_number]
            assert registration_statuses(bill) == {RegistrationStatus.CONFIRMED}

        to_payer = [m for m in smtp_server.messages if m["To"] == payer]
        assert len(to_payer) == 2  # (the delegates get their badges at their own addresses)
        for message, receipt in zip(to_payer, receipts):
            assert message["To"] == payer
            assert receipt in message["Subject"]
            parsed = BytesParser(policy=policy.default).parsebytes(message.as_bytes())
            attachments = list(parsed.iter_attachments())
            assert [a.get_filename() for a in attachments] == [f"receipt-{receipt}.pdf"]
            assert attachments[0].get_content().startswith(b"%PDF")

    def test_a_refused_payment_sends_no_email(self, app, smtp_server):
        with app.app_context():
            bill = make_bill(PaymentOption.EXACT)
            smtp_server.messages.clear()
            record_payment(notice(bill, amount=1), PaymentSource.MANUAL)

        assert smtp_server.messages == []


# --- reconciliation statements ----------------------------------------------------------

def statement(*rows, columns=STATEMENT_COLUMNS) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def row(bill: Bill, transaction_id: str, amount=None, paid_at=None, currency="TZS", channel="M-Pesa",
        control_number=None):
    when = paid_at or (local_now() - timedelta(hours=2)).strftime("%Y-%m-%d %H:%M:%S")
    return (transaction_id, control_number or bill.control_number, bill.total_amount if amount is None else amount,
            currency, when, channel, "Mlipaji Mmoja")


def import_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(StatementImport))


def test_statement_import_matches_and_reports_every_outcome(app_ctx):
    exact = make_bill(PaymentOption.EXACT)
    partial = make_bill(PaymentOption.PARTIAL)
    expired = make_bill()
    late = (datetime.combine(expired.expires_on + timedelta(days=2), datetime.min.time())).strftime("%Y-%m-%d 10:00")
    text = statement(
        row(exact, "T-1"),
        row(partial, "T-2", amount="150,000"),
        row(exact, "T-3", control_number="991111111116"),
        row(make_bill(PaymentOption.EXACT), "T-4", amount=1000),
        row(expired, "T-5", paid_at=late),
        row(exact, "T-6", amount="abc"),
    )

    report = import_statement(text, "nmb-2019-01-28.csv", imported_by_id=None)

    record = report.record
    assert (record.rows, record.matched, record.already_imported, record.unknown_control_number,
            record.amount_mismatch, record.expired_bill, record.invalid_rows) == (6, 2, 0, 1, 1, 1, 1)
    assert [(p["line"], p["outcome"]) for p in report.problems] == [
        (4, "unknown_control_number"), (5, "amount_mismatch"), (6, "expired_bill"), (7, "invalid_rows"),
    ]
    assert payment_count() == 2
    payments = db.session.scalars(sa.select(Payment).order_by(Payment.id)).all()
    assert {p.source for p in payments} == {PaymentSource.STATEMENT}
    assert {p.statement_import_id for p in payments} == {record.id}
    assert payments[1].channel is PaymentChannel.MPESA and payments[1].psp_name == "M-Pesa"
    db.session.refresh(exact)
    db.session.refresh(partial)
    assert exact.status is BillStatus.PAID and partial.status is BillStatus.PARTIALLY_PAID


def test_the_same_statement_imported_twice_matches_nothing_new(app_ctx):
    bills = [make_bill(), make_bill(PaymentOption.PARTIAL)]
    text = statement(row(bills[0], "NMB-1"), row(bills[1], "NMB-2", amount=100_000))
    first = import_statement(text, "statement.csv", None)
    assert first.record.matched == 2

    second = import_statement(text, "statement.csv", None)

    assert (second.record.rows, second.record.matched, second.record.already_imported) == (2, 0, 2)
    assert payment_count() == 2
    assert import_count() == 2
    db.session.refresh(bills[1])
    assert bills[1].amount_paid == 100_000


def test_duplicates_inside_one_file_are_recorded_once(app_ctx):
    bill = make_bill(PaymentOption.PARTIAL)
    text = statement(row(bill, "DUP-1", amount=100_000), row(bill, "DUP-1", amount=100_000),
                     row(bill, "DUP-2", amount=50_000))

    report = import_statement(text, "dups.csv", None)

    assert (report.record.matched, report.record.already_imported) == (2, 1)
    assert report.problems[0]["line"] == 3 and "Repeated" in report.problems[0]["message"]
    assert payment_count() == 2
    db.session.refresh(bill)
    assert bill.amount_paid == 150_000


@pytest.mark.parametrize("field, value", [
    ("amount", "abc"), ("amount", "-400000"), ("amount", "12.5"), ("amount", "1e999"), ("amount", "9" * 40),
    ("paid_at", "28/01/2019"), ("paid_at", "yesterday"), ("paid_at", "1900-01-01 10:00"),
    ("control_number", "12345"), ("control_number", "99ABCDEFGHIJ"), ("control_number", "123456789012"),
    ("transaction_id", ""), ("transaction_id", "x" * 65), ("currency", "shilingi"),
])
def test_invalid_rows_are_reported_and_the_good_rows_still_imported(app_ctx, field, value):
    good, bad = make_bill(), make_bill()
    values = dict(zip(STATEMENT_COLUMNS, row(bad, "BAD-1")))
    values[field] = value
    text = statement(row(good, "GOOD-1"), tuple(values.values()))

    report = import_statement(text, "mixed.csv", None)

    assert (report.record.matched, report.record.invalid_rows) == (1, 1)
    assert report.problems[0]["line"] == 3 and report.problems[0]["message"]
    assert payment_count() == 1


def test_short_rows_and_extra_columns_do_not_break_the_import(app_ctx):
    bill = make_bill()
    text = statement(row(bill, "OK-1"), ("ONLY-TWO", "991111111116"), (*row(bill, "X-9"), "extra", "more"))

    report = import_statement(text, "ragged.csv", None)

    assert (report.record.rows, report.record.matched, report.record.invalid_rows) == (3, 1, 1)


def test_headers_in_any_case_and_order_with_a_byte_order_mark(app_ctx):
    bill = make_bill()
    columns = ["Paid_At", "AMOUNT", "control_number", "Transaction_ID", "currency", "channel"]
    when = (local_now() - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    text = "\ufeff" + ",".join(columns) + f"\n{when},\"400,000\",{bill.control_number},CRDB-77,TZS,CRDB\n"

    report = import_statement(text, "crdb.csv", None)

    assert report.record.matched == 1
    assert db.session.scalar(sa.select(Payment)).channel is PaymentChannel.BANK


@pytest.mark.parametrize("text", [
    "transaction_id,control_number,amount\nT,991111111116,5\n",
    "a;b;c\n1;2;3\n",
    "",
])
def test_missing_columns_raise_and_write_nothing(app_ctx, text):
    make_bill()

    with pytest.raises(DomainError) as error:
        import_statement(text, "wrong.csv", None)

    assert "currency" in error.value.message or "paid_at" in error.value.message
    assert import_count() == 0 and payment_count() == 0


def test_a_statement_with_only_headers_is_refused(app_ctx):
    with pytest.raises(DomainError, match="no rows"):
        import_statement(statement(), "empty.csv", None)
    assert import_count() == 0


def test_an_unreadable_csv_is_a_clear_error(app_ctx):
    text = statement() + '"' + "x" * 200_000 + '",1,2,3,4,5,6\n'  # a field past the csv module's limit

    with pytest.raises(DomainError, match="not a readable CSV"):
        import_statement(text, "broken.csv", None)
    assert import_count() == 0


# --- expiring bills ---------------------------------------------------------------------

def test_expire_overdue_bills_expires_only_unpaid_bills_past_their_date(app_ctx):
    unpaid, partly, paid, current = make_bill(), make_bill(PaymentOption.PARTIAL), make_bill(), make_bill()
    record_payment(notice(partly, amount=1_000), PaymentSource.MANUAL)
    record_payment(notice(paid), PaymentSource.MANUAL)
    for bill in (unpaid, partly, paid):
        bill.expires_on = local_today() - timedelta(days=1)
    db.session.commit()

    assert billing.expire_overdue_bills() == 1

    db.session.expire_all()
    assert [b.status for b in (unpaid, partly, paid, current)] == [
        BillStatus.EXPIRED, BillStatus.PARTIALLY_PAID, BillStatus.PAID, BillStatus.PENDING,
    ]


def test_cli_expire_bills(app, runner):
    with app.app_context():
        bill = make_bill()
        bill.expires_on = local_today() - timedelta(days=3)
        db.session.commit()
        bill_id = bill.id

    result = runner.invoke(args=["expire-bills"])

    assert result.exit_code == 0, result.output
    assert "Expired 1 bill(s)." in result.output
    with app.app_context():
        assert db.session.get(Bill, bill_id).status is BillStatus.EXPIRED


# --- concurrency ------------------------------------------------------------------------

class TestConcurrentPayments:
    @pytest.fixture
    def app_config(self, db_backend, tmp_path):
        # Threads need their own connections: a file, not the shared in-memory database.
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'race.sqlite'}"} if db_backend == "sqlite" else {}

    @staticmethod
    def _race(app, notices) -> list:
        barrier = threading.Barrier(len(notices))
        outcomes = []

        def apply(one: PaymentNotice):
            with app.app_context():
                try:
                    barrier.wait(timeout=10)
                    outcomes.append(record_payment(one, PaymentSource.GATEWAY).outcome)
                except Exception as error:  # noqa: BLE001 — the assertion shows it
                    outcomes.append(error)
                finally:
                    db.session.remove()

        threads = [threading.Thread(target=apply, args=(n,)) for n in notices]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        return outcomes

    @pytest.mark.database
    def test_the_same_transaction_applied_by_two_threads_at_once_is_recorded_once(self, app, db_backend):
        with app.app_context():
            bills = [make_bill(PaymentOption.EXACT) for _ in range(5)]
            races = [(b.id, notice(b, transaction_id=f"RACE-{b.id}")) for b in bills]

        for bill_id, one in races:
            outcomes = self._race(app, [one, PaymentNotice(**one.__dict__)])

            assert sorted(o.value if isinstance(o, Outcome) else repr(o) for o in outcomes) == [
                "already_imported", "matched"]
            with app.app_context():
                assert db.session.scalar(
                    sa.select(sa.func.count()).select_from(Payment).where(Payment.transaction_id == one.transaction_id)
                ) == 1
                bill = db.session.get(Bill, bill_id)
                assert bill.status is BillStatus.PAID and bill.amount_paid == bill.total_amount
                assert {i.registration.status for i in bill.items} == {RegistrationStatus.CONFIRMED}

    @pytest.mark.database
    def test_two_different_payments_racing_for_an_exact_bill_record_one(self, app, db_backend):
        with app.app_context():
            bill = make_bill(PaymentOption.EXACT)
            notices = [notice(bill, transaction_id="BANK-A"), notice(bill, transaction_id="BANK-B")]
            bill_id = bill.id

        outcomes = self._race(app, notices)

        assert sorted(o.value if isinstance(o, Outcome) else repr(o) for o in outcomes) == [
            "amount_mismatch", "matched"]
        with app.app_context():
            assert db.session.get(Bill, bill_id).amount_paid == db.session.get(Bill, bill_id).total_amount
            assert db.session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 1


def test_apply_payment_leaves_the_commit_to_the_caller(app_ctx):
    bill = make_bill()

    result = apply_payment(notice(bill), PaymentSource.STATEMENT)
    db.session.rollback()

    assert result.outcome is Outcome.MATCHED
    assert payment_count() == 0
    assert db.session.scalar(sa.select(Registration.status)) is RegistrationStatus.PENDING_PAYMENT
