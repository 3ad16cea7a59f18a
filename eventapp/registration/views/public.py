"""Public registration pages: the form, the institution search, the registrant's own page
(reached by the signed link in their email, no account needed) with the bill and receipt
PDFs, corrections and cancelling, and resending that link."""
import io

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import gettext as _

from eventapp.core.clock import local_today
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.forms import show_domain_error
from eventapp.events.models import EventStatus
from eventapp.events.services import current_event
from eventapp.extensions import db, limiter
from eventapp.registration import bp
from eventapp.registration.documents import render_bill, render_receipt
from eventapp.registration.forms import DetailsForm, ParticipantForm, ResendLinkForm
from eventapp.registration.models import BillStatus, ParticipantCategory
from eventapp.registration.models.registrations import ENDED
from eventapp.registration.services import billing, institutions, lifecycle, registering


def _register_limit() -> str:
    return current_app.config.get("REGISTER_RATE_LIMIT", "20 per minute")


def _resend_limit() -> str:
    return current_app.config.get("RESEND_RATE_LIMIT", "5 per 10 minutes")


def _public_categories(event) -> list[ParticipantCategory]:
    return sorted(
        db.session.scalars(
            sa.select(ParticipantCategory).where(
                ParticipantCategory.event_id == event.id, ParticipantCategory.public.is_(True)
            )
        ),
        key=lambda c: (c.group.number, -c.fee_amount, c.id),
    )


def _private(response):
    """A registrant's own pages carry personal data: never cached, never indexed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _registration_or_404(token: str):
    """The registration of a signed link; a tampered or unknown link gets a clear 404 page."""
    try:
        return lifecycle.registration_for_token(token)
    except DomainError as error:
        abort(make_response(render_template("registration/status_invalid.html", message=error.message), 404))


def _show_every_problem(form, event, details, allow_hidden: bool = False) -> None:
    """The form stopped at its own checks (required, lengths); add the service's checks of the
    rest (email, phone…) so that one round shows every problem, not one after another."""
    for name, message in registering.check_details(event, details, allow_hidden=allow_hidden).items():
        field = getattr(form, name, None)
        if field is not None and not field.errors:
            field.errors = [message]
    flash(_("Please correct the marked fields."), "error")


def _is_duplicate_email(error: DomainError) -> bool:
    return not isinstance(error, InvalidInput) and error.field == "email"


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
def register():
    """Register for the current meeting. Errors come back beside their fields with everything
    typed kept; success goes to the registrant's page. Outside the registration dates a page
    says when it opens or that it has closed."""
    event = current_event()
    if event is None or not registering.registration_is_open(event):
        not_yet = (
            event is not None and event.status is EventStatus.OPEN and local_today() < event.registration_opens_on
        )
        return render_template("registration/closed.html", event=event, not_yet=not_yet)
    categories = _public_categories(event)
    form = ParticipantForm()
    form.set_categories(categories, current_app.config["MAX_PROOF_BYTES"])
    duplicate = False
    if form.validate_on_submit():
        try:
            registration = registering.register_participant(
                event, form.details(), consent=form.consent.data, proof=form.proof.data
            )
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
            duplicate = _is_duplicate_email(error)
        else:
            flash(_("Thank you. Your registration reference is %(ref)s; we have emailed you the details.",
                    ref=registration.reference), "success")
            return redirect(url_for("registration.status", token=lifecycle.registrant_token(registration)))
    elif form.is_submitted():
        _show_every_problem(form, event, form.details())
    return render_template(
        "registration/register.html",
        form=form,
        event=event,
        categories=categories,
        proof_needed=any(c.requires_proof for c in categories),
        duplicate=duplicate,
    ), 422 if request.method == "POST" else 200


@bp.get("/institutions/search")
def institution_search():
    """Reviewed institutions whose name or acronym contains ?q= (at most 20), as JSON."""
    found = institutions.search(request.args.get("q", "")[:100], limit=20)
    return jsonify({"results": [{"id": i.id, "name": i.name, "label": i.label} for i in found]})


@bp.get("/registration/<token>")
def status(token: str):
    """The registrant's page: status, category and fee, bills with control numbers, payments,
    and (until registration closes) links to correct the details or cancel."""
    registration = _registration_or_404(token)
    session["programme_group_id"] = registration.category.group_id  # the programme shows their group first
    bills = billing.bills_for(registration)
    registration_open = registering.registration_is_open(registration.event)
    return _private(make_response(render_template(
        "registration/status.html",
        registration=registration,
        token=token,
        bills=bills,
        registration_open=registration_open,
        may_change=registration.status not in ENDED and registration_open,
        BillStatus=BillStatus,
    )))


@bp.route("/registration/<token>/edit", methods=["GET", "POST"])
def status_edit(token: str):
    """Correct one's details (not the category, which sets the fee) until registration closes."""
    registration = _registration_or_404(token)
    back = url_for("registration.status", token=token)
    if registration.status in ENDED:
        flash(_("This registration has been cancelled."), "error")
        return redirect(back)
    if not registering.registration_is_open(registration.event):
        flash(_("Registration has closed, so changes are no longer possible. Please contact the organisers."), "error")
        return redirect(back)
    form = DetailsForm()
    if request.method == "GET":
        form.fill_from(registration)
    elif form.validate_on_submit():
        try:
            lifecycle.update_details(registration, form.details())
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Your details have been saved."), "success")
            return redirect(back)
    else:
        _show_every_problem(form, registration.event, form.details(category_id=registration.category_id),
                            allow_hidden=True)
    response = make_response(
        render_template("registration/status_edit.html", form=form, registration=registration, token=token),
        422 if request.method == "POST" else 200,
    )
    return _private(response)


@bp.post("/registration/<token>/cancel")
def status_cancel(token: str):
    """Cancel one's own registration until registration closes; the place goes to the first
    on the waiting list."""
    registration = _registration_or_404(token)
    try:
        lifecycle.cancel_registration(registration, by_registrant=True)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(_("Your registration has been cancelled. We have emailed you a confirmation."), "success")
    return redirect(url_for("registration.status", token=token))


def _pdf(data: bytes, filename: str):
    return _private(send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                              download_name=filename, max_age=0))


@bp.get("/registration/<token>/bills/<int:bill_id>.pdf")
def bill_pdf(token: str, bill_id: int):
    """The bill PDF, only for a bill carrying this registration."""
    registration = _registration_or_404(token)
    bill = next((b for b in billing.bills_for(registration) if b.id == bill_id), None)
    if bill is None:
        abort(404)
    return _pdf(render_bill(bill), f"bill-{bill.control_number or bill.id}.pdf")


@bp.get("/registration/<token>/receipts/<int:payment_id>.pdf")
def receipt_pdf(token: str, payment_id: int):
    """The receipt PDF of a payment on one of this registration's bills."""
    registration = _registration_or_404(token)
    payment = next((p for b in billing.bills_for(registration) for p in b.payments if p.id == payment_id), None)
    if payment is None:
        abort(404)
    return _pdf(render_receipt(payment), f"receipt-{payment.receipt_number}.pdf")


@bp.route("/register/resend", methods=["GET", "POST"])
@limiter.limit(_resend_limit, methods=["POST"])
def resend():
    """Email the registrant's link again; the answer is the same whether or not the email is
    registered, so the page tells no one who is."""
    form = ResendLinkForm()
    if form.validate_on_submit():
        event = current_event()
        if event is not None:
            lifecycle.resend_link(event, form.email.data)
        flash(_("If this email is registered for the meeting, the link to the registration is on its way to it. "
                "Check the inbox and the spam folder."), "info")
        return redirect(url_for("registration.resend"))
    return render_template("registration/resend.html", form=form), 422 if request.method == "POST" else 200
