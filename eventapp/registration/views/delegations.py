"""Delegations: an institution's focal person registers many participants at once, typed in
a table or uploaded as CSV/XLSX, and gets one bill. The delegation's own page (a signed link,
no account needed) lists its registrations and bills."""
import io
from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort, current_app, flash, make_response, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.datastructures import CombinedMultiDict

from eventapp.core.clock import local_today
from eventapp.core.errors import DomainError
from eventapp.core.forms import show_domain_error
from eventapp.core.i18n import localized
from eventapp.core.money import format_money
from eventapp.core.tokens import TokenInvalid, make_token, read_token
from eventapp.core.urls import external_url
from eventapp.events.models import EventStatus
from eventapp.events.services import current_event
from eventapp.extensions import db, limiter
from eventapp.registration import bp, spreadsheets
from eventapp.registration.delegation_forms import DelegationForm, SpreadsheetForm
from eventapp.registration.documents import render_bill
from eventapp.registration.models import Bill, BillStatus, Delegation, ParticipantCategory, Registration
from eventapp.registration.services import registering
from eventapp.registration.services.delegations import MAX_DELEGATION_ROWS, DelegationInvalid, register_delegation

LINK_PURPOSE = "delegation-link"
# Service field names that the table calls differently.
ROW_FIELDS = {"category_id": "category"}
# The upload also carries the typed table (up to 300 rows of 10 fields) as multipart parts.
UPLOAD_FORM_PARTS = (MAX_DELEGATION_ROWS + 10) * 12


def delegation_token(delegation: Delegation) -> str:
    """The signed token in the delegation's link (sent to the focal person)."""
    return make_token(LINK_PURPOSE, delegation.reference)


@bp.app_template_global()
def delegation_link(delegation: Delegation) -> str:
    """The delegation page's full address, for emails (built from BASE_URL)."""
    return external_url("registration.delegation_status", token=delegation_token(delegation))


@bp.url_value_preprocessor
def _allow_long_upload_form(endpoint, values) -> None:
    # Runs before the CSRF check reads the form; Werkzeug's default of 1,000 multipart parts
    # would refuse an upload sent from a page already showing a long list.
    if endpoint == "registration.delegation_upload":
        request.max_form_parts = UPLOAD_FORM_PARTS


def _delegation_limit() -> str:
    return current_app.config.get("DELEGATION_RATE_LIMIT", "10 per minute")


def _private(response):
    """The delegation's pages carry personal data: never cached, never indexed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _public_categories(event) -> list[ParticipantCategory]:
    return sorted(
        db.session.scalars(
            sa.select(ParticipantCategory).where(
                ParticipantCategory.event_id == event.id, ParticipantCategory.public.is_(True)
            )
        ),
        key=lambda c: (c.group.number, -c.fee_amount, c.code),
    )


def _closed_page(event):
    not_yet = event is not None and event.status is EventStatus.OPEN and local_today() < event.registration_opens_on
    return render_template("registration/delegation_closed.html", event=event, not_yet=not_yet)


def _open_event():
    event = current_event()
    return event if event is not None and registering.registration_is_open(event) else None


@dataclass
class Problem:
    text: str
    anchor: str


def _show_row_errors(form: DelegationForm, error: DelegationInvalid, table_rows: list[int],
                     hints: dict[int, dict[str, str]], lines: list[int] | None) -> list[Problem]:
    """Put each message beside its field in the table and list them all for the summary.

    `table_rows[n - 1]` is the table index of the service's row n; `lines` the file lines of
    an uploaded list.
    """
    problems = []
    for name, message in error.focal_errors.items():
        if name in form:
            form[name].errors = [*form[name].errors, message]
            problems.append(Problem(f"{form[name].label.text}: {message}", form[name].id))
        else:
            problems.append(Problem(message, "delegation-form"))
    for n in sorted(error.row_errors):
        index = table_rows[n - 1]
        row = form.rows.entries[index].form
        if lines:
            where = _("Row %(n)d (line %(line)d of the file)", n=index + 1, line=lines[n - 1])
        else:
            where = _("Row %(n)d", n=index + 1)
        for name, message in error.row_errors[n].items():
            column = ROW_FIELDS.get(name, name)
            message = hints.get(n, {}).get(column, message)
            if column in row:
                row[column].errors = [*row[column].errors, message]
                problems.append(Problem(f"{where}: {row[column].label.text}: {message}", row[column].id))
            else:
                problems.append(Problem(f"{where}: {message}", f"row-{index + 1}"))
    return problems


def _render(event, categories, form, upload_form, problems=(), status=200):
    form.set_categories(categories)
    return render_template(
        "registration/delegation.html",
        event=event,
        categories=categories,
        form=form,
        upload_form=upload_form,
        problems=problems,
        columns=spreadsheets.COLUMNS,
        required_columns=spreadsheets.REQUIRED_COLUMNS,
        max_rows=MAX_DELEGATION_ROWS,
        max_mb=current_app.config["MAX_SPREADSHEET_BYTES"] / 1_000_000,
    ), status


def _register_rows(event, categories, form, upload_form, rows, table_rows, lines=None):
    """Call the service with these rows; a redirect to the delegation's page, or the form again
    with every problem marked and everything typed kept."""
    category_ids = {c.code.lower(): c.id for c in categories}
    language = str(get_locale() or "sw")
    details = [spreadsheets.participant_details(values, category_ids, language) for values in rows]
    hints = {n: h for n, values in enumerate(rows, start=1) if (h := spreadsheets.row_hints(values, category_ids))}
    institution_id, institution_name = form.institution()
    try:
        delegation, bill = register_delegation(
            event, institution_id, institution_name, form.focal(), details, language=language
        )
    except DelegationInvalid as error:
        db.session.rollback()
        problems = _show_row_errors(form, error, table_rows, hints, lines)
        flash(error.message, "error")
        return _render(event, categories, form, upload_form, problems, 422)
    except DomainError as error:
        db.session.rollback()
        show_domain_error(form, error)
        return _render(event, categories, form, upload_form, status=422)
    if bill is not None:
        flash(_("Your delegation is registered: reference %(ref)s. Pay %(amount)s with control number %(cn)s. "
                "We have emailed you the bill and the link to this page.",
                ref=delegation.reference, amount=format_money(bill.total_amount, bill.currency),
                cn=bill.control_number or "—"), "success")
    else:
        flash(_("Your delegation is registered: reference %(ref)s. We have emailed you the link to this page.",
                ref=delegation.reference), "success")
    return redirect(url_for("registration.delegation_status", token=delegation_token(delegation)))


@bp.route("/register/delegation", methods=["GET", "POST"])
@limiter.limit(_delegation_limit, methods=["POST"], exempt_when=lambda: "add_rows" in request.form)
def delegation_register():
    """The focal person's page: their details and a table of participants. "Add rows" comes
    back with more empty rows; sending registers every filled row or none."""
    event = _open_event()
    if event is None:
        return _closed_page(current_event())
    categories = _public_categories(event)
    form = DelegationForm()
    upload_form = SpreadsheetForm(formdata=None)
    if request.method == "GET":
        return _render(event, categories, form, upload_form)
    if not form.validate_on_submit():
        return _render(event, categories, form, upload_form, status=422)
    if form.add_rows.data:
        if not form.add_empty_rows():
            flash(_("A delegation may have at most %(n)d participants.", n=MAX_DELEGATION_ROWS), "error")
        return _render(event, categories, form, upload_form)
    filled = form.filled_rows()
    return _register_rows(event, categories, form, upload_form,
                          rows=[values for _index, values in filled], table_rows=[index for index, _v in filled])


@bp.post("/register/delegation/upload")
@limiter.limit(_delegation_limit)
def delegation_upload():
    """Register the participants of an uploaded CSV or XLSX list. A file that cannot be used
    is refused with a message (what was typed stays); a list with problems comes back in the
    table with every problem marked, and nothing is saved."""
    event = _open_event()
    if event is None:
        return _closed_page(current_event())
    categories = _public_categories(event)
    form = DelegationForm()
    upload_form = SpreadsheetForm(formdata=CombinedMultiDict((request.files, request.form)))
    if not form.validate_on_submit():
        return _render(event, categories, form, upload_form, status=422)
    try:
        parsed = spreadsheets.read_participant_rows(request.files.get("spreadsheet"))
    except DomainError as error:
        upload_form.spreadsheet.errors = [error.message]
        flash(_("The list was not read: %(problem)s", problem=error.message), "error")
        return _render(event, categories, form, upload_form, status=422)
    if parsed.skipped_example:
        flash(_("The template's example row (Asha Mwinyi) was left out."), "info")
    form.replace_rows([row.values for row in parsed.rows])
    return _register_rows(event, categories, form, upload_form,
                          rows=[row.values for row in parsed.rows], table_rows=list(range(len(parsed.rows))),
                          lines=[row.line for row in parsed.rows])


def _template_categories():
    event = current_event()
    return _public_categories(event) if event is not None else []


def _download(data: bytes, filename: str, mimetype: str):
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename, max_age=0)


@bp.get("/register/delegation/template.csv")
def delegation_template_csv():
    """The CSV template: the columns (in the page's language) and an example row."""
    categories = _template_categories()
    language = str(get_locale() or "sw")
    data = spreadsheets.template_csv(categories[0].code if categories else "", language)
    return _download(data, f"{_('delegation')}.csv", "text/csv")


@bp.get("/register/delegation/template.xlsx")
def delegation_template_xlsx():
    """The Excel template: the columns, an example row, drop-downs, and the category codes."""
    language = str(get_locale() or "sw")
    categories = [
        (c.code, localized(c, "name"), format_money(c.fee_amount, c.currency)) for c in _template_categories()
    ]
    data = spreadsheets.template_xlsx(categories, language)
    return _download(data, f"{_('delegation')}.xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _delegation_or_404(token: str) -> Delegation:
    """The delegation of a signed link; a tampered or unknown link gets a clear 404 page."""
    delegation = None
    try:
        reference = read_token(LINK_PURPOSE, token)
    except TokenInvalid:
        reference = None
    if isinstance(reference, str):
        delegation = db.session.scalar(sa.select(Delegation).where(Delegation.reference == reference))
    if delegation is None:
        abort(_private(make_response(render_template("registration/delegation_invalid.html"), 404)))
    return delegation


def _bills(delegation: Delegation) -> list[Bill]:
    return list(db.session.scalars(sa.select(Bill).where(Bill.delegation_id == delegation.id).order_by(Bill.id)))


def _current_bill(bills: list[Bill]) -> Bill | None:
    """The bill to pay now: the newest one not cancelled (a cancellation re-bills the rest)."""
    live = [b for b in bills if b.status is not BillStatus.CANCELLED]
    return (live or bills or [None])[-1]


@bp.get("/delegations/<token>")
def delegation_status(token: str):
    """The delegation's page: reference, institution, the bill to pay and every bill, and each
    participant with their category, fee and status."""
    delegation = _delegation_or_404(token)
    registrations = list(
        db.session.scalars(
            sa.select(Registration)
            .where(Registration.delegation_id == delegation.id)
            .order_by(Registration.last_name, Registration.first_name, Registration.id)
        )
    )
    bills = _bills(delegation)
    return _private(make_response(render_template(
        "registration/delegation_status.html",
        delegation=delegation,
        registrations=registrations,
        bills=bills,
        bill=_current_bill(bills),
        token=token,
        link=delegation_link(delegation),
        BillStatus=BillStatus,
    )))


def _pdf(bill: Bill):
    return _private(send_file(io.BytesIO(render_bill(bill)), mimetype="application/pdf", as_attachment=True,
                              download_name=f"bill-{bill.control_number or bill.id}.pdf", max_age=0))


@bp.get("/delegations/<token>/bill.pdf")
def delegation_bill_pdf(token: str):
    """The PDF of the delegation's bill to pay now (404 when nothing is billed)."""
    bill = _current_bill(_bills(_delegation_or_404(token)))
    if bill is None:
        abort(404)
    return _pdf(bill)


@bp.get("/delegations/<token>/bills/<int:bill_id>.pdf")
def delegation_bills_pdf(token: str, bill_id: int):
    """The PDF of any of the delegation's bills (earlier ones included)."""
    delegation = _delegation_or_404(token)
    bill = db.session.get(Bill, bill_id)
    if bill is None or bill.delegation_id != delegation.id:
        abort(404)
    return _pdf(bill)
