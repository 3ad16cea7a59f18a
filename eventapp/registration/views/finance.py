"""Finance pages (finance committee): bills, payments recorded by hand, reconciliation
statements and their reports."""
import csv
import io
import json

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from eventapp.core.clock import aware, local_now
from eventapp.core.errors import DomainError
from eventapp.core.forms import show_domain_error
from eventapp.core.roles import Role, role_required
from eventapp.core.search import LIKE_ESCAPE, contains_pattern
from eventapp.core.uploads import read_upload
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration import bp
from eventapp.registration.documents import render_bill, render_receipt
from eventapp.registration.finance_forms import ManualPaymentForm, StatementUploadForm
from eventapp.registration.models import Bill, BillStatus, Payment, PaymentChannel, PaymentSource, StatementImport
from eventapp.registration.services.payments import (
    STATEMENT_COLUMNS,
    Outcome,
    PaymentNotice,
    import_statement,
    record_payment,
)

BILLS_PER_PAGE = 50
OUTCOME_LABELS = {
    Outcome.MATCHED: _l("Matched"),
    Outcome.ALREADY_IMPORTED: _l("Already imported"),
    Outcome.UNKNOWN_CONTROL_NUMBER: _l("Unknown control number"),
    Outcome.AMOUNT_MISMATCH: _l("Amount mismatch"),
    Outcome.EXPIRED_BILL: _l("Expired or cancelled bill"),
    Outcome.INVALID: _l("Invalid rows"),
}
# Where a refused hand-recorded payment's message belongs on the form.
OUTCOME_FIELD = {
    Outcome.ALREADY_IMPORTED: "transaction_id",
    Outcome.AMOUNT_MISMATCH: "amount",
    Outcome.EXPIRED_BILL: "paid_at",
}


def _pdf(data: bytes, filename: str):
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True, download_name=filename)


@bp.get("/finance/bills")
@role_required(Role.FINANCE)
def finance_bills():
    """Bills, newest first, filtered by event and status, searched by control number,
    payer name or email, a page at a time."""
    status = request.args.get("status", "")
    q = (request.args.get("q") or "").strip()[:100]
    event_id = request.args.get("event", type=int)
    query = sa.select(Bill).order_by(Bill.created_at.desc(), Bill.id.desc())
    if status in {s.value for s in BillStatus}:
        query = query.where(Bill.status == BillStatus(status))
    else:
        status = ""
    if event_id:
        query = query.where(Bill.event_id == event_id)
    if q:
        digits = q.replace(" ", "")
        if digits.isdigit():
            query = query.where(Bill.control_number.like(contains_pattern(digits), escape=LIKE_ESCAPE))
        else:
            pattern = contains_pattern(q.lower())
            query = query.where(sa.or_(
                sa.func.lower(Bill.payer_name).like(pattern, escape=LIKE_ESCAPE),
                Bill.payer_email.like(pattern, escape=LIKE_ESCAPE),
            ))
    page = db.paginate(query, per_page=BILLS_PER_PAGE, max_per_page=200)
    events = db.session.scalars(sa.select(Event).order_by(Event.starts_on.desc())).all()
    return render_template("registration/finance_bills.html", page=page, q=q, status=status, event_id=event_id,
                           events=events, statuses=list(BillStatus))


@bp.get("/finance/bills/<int:bill_id>")
@role_required(Role.FINANCE)
def finance_bill(bill_id: int):
    """One bill: its items (with their registrations), payments and receipts."""
    bill = db.get_or_404(Bill, bill_id)
    return render_template("registration/finance_bill.html", bill=bill)


@bp.get("/finance/bills/<int:bill_id>/bill.pdf")
@role_required(Role.FINANCE)
def finance_bill_pdf(bill_id: int):
    """The bill as the payer received it (PDF)."""
    bill = db.get_or_404(Bill, bill_id)
    return _pdf(render_bill(bill), f"bill-{bill.control_number or bill.id}.pdf")


@bp.get("/finance/payments/<int:payment_id>/receipt.pdf")
@role_required(Role.FINANCE)
def finance_receipt_pdf(payment_id: int):
    """A payment's receipt (PDF)."""
    payment = db.get_or_404(Payment, payment_id)
    return _pdf(render_receipt(payment), f"receipt-{payment.receipt_number}.pdf")


@bp.route("/finance/bills/<int:bill_id>/payments/new", methods=["GET", "POST"])
@role_required(Role.FINANCE)
def finance_record_payment(bill_id: int):
    """Record a payment by hand (a bank slip, a mobile-money message) against this bill.

    A refusal (number already recorded, wrong amount, paid after expiry) is shown beside
    its field and keeps what was typed.
    """
    bill = db.get_or_404(Bill, bill_id)
    if not bill.control_number:
        flash(_("This bill has no control number yet, so no payment can be recorded against it."), "error")
        return redirect(url_for("registration.finance_bill", bill_id=bill.id))
    form = ManualPaymentForm()
    if request.method == "GET":
        form.payer_name.data = bill.payer_name
        form.paid_at.data = local_now().replace(tzinfo=None, second=0, microsecond=0)
        if bill.balance:
            form.amount.data = str(bill.balance)
    if form.validate_on_submit():
        notice = PaymentNotice(
            transaction_id=form.transaction_id.data.strip(),
            control_number=bill.control_number,
            amount=form.amount_value,
            currency=bill.currency,
            paid_at=aware(form.paid_at.data),
            channel=PaymentChannel(form.channel.data),
            psp_name=(form.psp_name.data or "").strip(),
            payer_name=(form.payer_name.data or "").strip(),
        )
        result = record_payment(notice, PaymentSource.MANUAL, recorded_by_id=current_user.id)
        if result.outcome is Outcome.MATCHED:
            flash(_("Payment recorded; receipt %(number)s has been emailed to the payer.",
                    number=result.payment.receipt_number), "success")
            return redirect(url_for("registration.finance_bill", bill_id=bill.id))
        message = result.message
        if result.outcome is Outcome.ALREADY_IMPORTED and result.payment is not None:
            message = _("This number is already recorded (receipt %(number)s, bill %(cn)s).",
                        number=result.payment.receipt_number, cn=result.payment.bill.control_number)
        field = OUTCOME_FIELD.get(result.outcome)
        if result.outcome is Outcome.EXPIRED_BILL and bill.status is BillStatus.CANCELLED:
            field = None
        show_domain_error(form, DomainError(message, field=field))
    return render_template("registration/finance_record_payment.html", form=form, bill=bill)


@bp.get("/finance/statements")
@role_required(Role.FINANCE)
def finance_imports():
    """Every reconciliation statement imported, newest first, with its counts."""
    query = sa.select(StatementImport).order_by(StatementImport.at.desc(), StatementImport.id.desc())
    page = db.paginate(query, per_page=25, max_per_page=100)
    return render_template("registration/finance_imports.html", page=page)


def _decode(data: bytes) -> str:
    """Statements come from banks' spreadsheets: UTF-8, else Windows' Western encoding."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


@bp.route("/finance/statements/import", methods=["GET", "POST"])
@role_required(Role.FINANCE)
def finance_import_statement():
    """Upload a reconciliation statement (CSV); each row is matched by control number and
    the import ends on its report."""
    form = StatementUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            data, _kind = read_upload(upload, {"csv"}, current_app.config["MAX_SPREADSHEET_BYTES"], field="file")
            report = import_statement(_decode(data), upload.filename or "statement.csv", current_user.id)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, DomainError(error.message, field=error.field or "file"))
        else:
            record = report.record
            flash(_("Statement imported: %(matched)d of %(rows)d rows matched.",
                    matched=record.matched, rows=record.rows), "success" if not report.problems else "info")
            return redirect(url_for("registration.finance_import_report", import_id=record.id))
    return render_template("registration/finance_import_statement.html", form=form, columns=STATEMENT_COLUMNS)


@bp.get("/finance/statements/<int:import_id>")
@role_required(Role.FINANCE)
def finance_import_report(import_id: int):
    """The report of one import: counts per outcome, the problem rows and the payments matched."""
    record = db.get_or_404(StatementImport, import_id)
    try:
        problems = json.loads(record.details or "[]")
    except ValueError:
        problems = []
    payments = db.session.scalars(
        sa.select(Payment).where(Payment.statement_import_id == record.id).order_by(Payment.id)
    ).all()
    return render_template("registration/finance_import_report.html", record=record, problems=problems,
                           payments=payments, outcome_labels=OUTCOME_LABELS,
                           labels_by_value={o.value: label for o, label in OUTCOME_LABELS.items()})


@bp.get("/finance/statements/template.csv")
@role_required(Role.FINANCE)
def finance_statement_template():
    """An empty statement with the expected columns and one example row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(STATEMENT_COLUMNS)
    writer.writerow(["MP190128.1405.A12345", "991234567893", "400000", "TZS", "2019-01-28 14:05:00", "M-Pesa",
                     "Wizara ya Fedha na Mipango"])
    data = buffer.getvalue().encode("utf-8-sig")
    return send_file(io.BytesIO(data), mimetype="text/csv", as_attachment=True,
                     download_name="statement-template.csv")


@bp.get("/finance/summary")
@role_required(Role.FINANCE)
def finance_summary_current():
    """Billed against collected for the current edition (the summary page of that event)."""
    from eventapp.events.services import current_event

    event = current_event()
    if event is None:
        flash(_("There is no published event yet."), "info")
        return redirect(url_for("registration.finance_bills"))
    return redirect(url_for("registration.manage_finance_summary", event_id=event.id))
