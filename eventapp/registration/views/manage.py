"""Organisers' registration pages: categories, the registrations
list with its exports and bulk email, one registration's page and its decisions, guests with a
fee waiver, and the finance summary (which finance staff also see)."""
from datetime import date

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, send_file, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError
from eventapp.core.forms import show_domain_error
from eventapp.core.i18n import localized
from eventapp.core.roles import Role, role_required
from eventapp.core.uploads import upload_path
from eventapp.events.models import Event
from eventapp.events.services import list_events
from eventapp.extensions import db
from eventapp.jobs.runner import enqueue
from eventapp.registration import bp, exports
from eventapp.registration.manage_forms import (
    BulkEmailForm,
    CategoryForm,
    GuestForm,
    ReasonForm,
    RegistrationFilterForm,
    choices,
    filter_args,
)
from eventapp.registration.models import ParticipantCategory, Registration, RegistrationStatus
from eventapp.registration.models.registrations import ENDED
from eventapp.registration.services import (
    billing,
    categories,
    directory,
    finance,
    lifecycle,
    listing,
    registering,
)
from eventapp.registration.services import bulk_email as bulk_mail

organiser_only = role_required(Role.ORGANISER)
organiser_or_finance = role_required(Role.ORGANISER, Role.FINANCE)


def _page_number() -> int:
    return request.args.get("page", 1, type=int) or 1


# --- overview ----------------------------------------------------------------------------


@bp.get("/manage/registrations")
@organiser_only
def manage_index():
    """Every edition with links to its registrations, categories and finance summary."""
    return render_template(
        "registration/manage_index.html", events=list_events(), pending=directory.pending_count()
    )


# --- categories --------------------------------------------------------------------------


def _category_form(event: Event, category: ParticipantCategory | None = None) -> CategoryForm:
    form = CategoryForm(obj=category)
    form.group_id.choices = choices((g.id, localized(g, "name")) for g in event.groups)
    return form


@bp.get("/manage/events/<int:event_id>/categories")
@organiser_only
def manage_categories(event_id: int):
    """The event's participant categories with their fees, places and rules."""
    event = db.get_or_404(Event, event_id)
    return render_template(
        "registration/manage_categories.html", event=event, categories=categories.list_categories(event),
        counts=categories.registration_counts(event),
    )


def _save_category(event: Event, category: ParticipantCategory | None):
    form = _category_form(event, category)
    if form.validate_on_submit():
        try:
            saved, promoted = categories.save_category(event, form.details(), category, actor_id=current_user.id)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Category %(code)s saved.", code=saved.code), "success")
            if promoted:
                flash(_("%(n)d people moved up from the waiting list and were emailed.", n=promoted), "success")
            return redirect(url_for("registration.manage_categories", event_id=event.id))
    status = 422 if request.method == "POST" else 200
    return render_template("registration/manage_categories_form.html", form=form, event=event,
                           category=category), status


@bp.route("/manage/events/<int:event_id>/categories/new", methods=["GET", "POST"])
@organiser_only
def new_category(event_id: int):
    """Add a participant category: group, fee, places, proof and approval."""
    event = db.get_or_404(Event, event_id)
    if not event.groups:
        flash(_("Add the event's participant groups first; every category belongs to one."), "error")
        return redirect(url_for("events.manage_event", event_id=event.id) + "#groups")
    return _save_category(event, None)


@bp.route("/manage/categories/<int:category_id>/edit", methods=["GET", "POST"])
@organiser_only
def edit_category(category_id: int):
    """Change a category (a new fee applies to new registrations only)."""
    category = db.get_or_404(ParticipantCategory, category_id)
    return _save_category(category.event, category)


# --- registrations -----------------------------------------------------------------------


def _filter_form(event: Event) -> RegistrationFilterForm:
    form = RegistrationFilterForm(request.args)
    options = listing.filter_choices(event)
    form.set_choices(options["groups"], options["categories"], options["institutions"], localized)
    form.validate()
    return form


@bp.get("/manage/events/<int:event_id>/registrations")
@organiser_only
def manage_registrations(event_id: int):
    """The event's registrations: filters, search, a page of 50, exports and bulk email."""
    event = db.get_or_404(Event, event_id)
    form = _filter_form(event)
    filters = form.filters()
    page = listing.registrations_page(event, filters, _page_number())
    return render_template(
        "registration/manage_registrations.html", event=event, form=form, page=page,
        args=filter_args(filters), bills=listing.bills_by_registration([r.id for r in page.items]),
        status_counts=_ordered(listing.status_counts(event)),
    )


def _ordered(counts: dict) -> list:
    return [(status, counts.get(status, 0)) for status in RegistrationStatus]


def _export_name(event: Event, extension: str) -> str:
    return f"registrations-{event.edition}-{date.today().isoformat()}.{extension}"


@bp.get("/manage/events/<int:event_id>/registrations/export.csv")
@organiser_only
def export_registrations_csv(event_id: int):
    """The filtered list as CSV, streamed while it is read from the database in chunks."""
    event = db.get_or_404(Event, event_id)
    filters = _filter_form(event).filters()
    lines = exports.csv_lines(listing.EXPORT_COLUMNS, listing.export_rows(event, filters))
    return Response(
        stream_with_context(lines), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{_export_name(event, "csv")}"'},
    )


@bp.get("/manage/events/<int:event_id>/registrations/export.xlsx")
@organiser_only
def export_registrations_xlsx(event_id: int):
    """The filtered list as an XLSX workbook."""
    event = db.get_or_404(Event, event_id)
    filters = _filter_form(event).filters()
    data = exports.xlsx_bytes(listing.EXPORT_COLUMNS, listing.export_rows(event, filters), "Registrations")
    return Response(
        data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{_export_name(event, "xlsx")}"'},
    )


@bp.route("/manage/events/<int:event_id>/registrations/email", methods=["GET", "POST"])
@organiser_only
def bulk_email(event_id: int):
    """Email everyone on the filtered list: write, confirm (seeing how many), send (as a
    background job; the organiser is taken to its progress page).

    The confirmation carries the count the organiser saw; if the list changed meanwhile,
    the new count is shown and asked about again instead of sending.
    """
    event = db.get_or_404(Event, event_id)
    filter_form = _filter_form(event)
    filters = filter_form.filters()
    args = filter_args(filters)
    recipients = bulk_mail.bulk_email_recipients(event, filters)
    form = BulkEmailForm()
    confirming = False
    if form.validate_on_submit():
        if request.form.get("step") == "send" and form.expected.data == str(recipients):
            try:
                params = bulk_mail.bulk_email_params(event, filters, form.subject.data, form.body.data,
                                                     actor_id=current_user.id)
            except DomainError as error:
                show_domain_error(form, error)
            else:
                job = enqueue("registration.bulk_email", params, current_user.id)
                return redirect(url_for("jobs.status", job_id=job.id))
        else:
            if request.form.get("step") == "send":
                flash(_("The list changed while you were confirming: it now has %(n)d addresses. "
                        "Check and confirm again.", n=recipients), "error")
            form.expected.data = str(recipients)
            confirming = recipients > 0
    return render_template(
        "registration/manage_bulk_email.html", event=event, form=form, args=args, recipients=recipients,
        confirming=confirming, filter_form=filter_form,
    )


def _registration_or_404(registration_id: int) -> Registration:
    return db.get_or_404(Registration, registration_id)


@bp.get("/manage/registrations/<int:registration_id>")
@organiser_only
def manage_registration(registration_id: int):
    """One registration: details, bills and payments, history, and the decisions open to it."""
    registration = _registration_or_404(registration_id)
    history = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.target == f"registration:{registration.reference}")
        .order_by(AuditEntry.at.desc())
    ).all()
    return render_template(
        "registration/manage_registration.html", registration=registration, bills=billing.bills_for(registration),
        history=history, reason_form=ReasonForm(formdata=None), ended=registration.status in ENDED,
    )


def _decided(registration: Registration):
    return redirect(url_for("registration.manage_registration", registration_id=registration.id))


@bp.post("/manage/registrations/<int:registration_id>/approve")
@organiser_only
def approve_registration(registration_id: int):
    """Approve a registration that needed approval; the person is emailed (with a bill)."""
    registration = _registration_or_404(registration_id)
    try:
        lifecycle.approve(registration, actor_id=current_user.id)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(_("Approved; %(name)s has been emailed.", name=registration.display_name), "success")
    return _decided(registration)


@bp.post("/manage/registrations/<int:registration_id>/reject")
@organiser_only
def reject_registration(registration_id: int):
    """Refuse a registration that needed approval, with the reason the person is told."""
    registration = _registration_or_404(registration_id)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            lifecycle.reject(registration, form.reason.data or "", actor_id=current_user.id)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            flash(_("Not approved; %(name)s has been told why.", name=registration.display_name), "success")
    return _decided(registration)


@bp.post("/manage/registrations/<int:registration_id>/cancel")
@organiser_only
def cancel_registration(registration_id: int):
    """Cancel a registration (any time); the place goes to the waiting list."""
    registration = _registration_or_404(registration_id)
    form = ReasonForm()
    if form.validate_on_submit():
        reason = (form.reason.data or "").strip()
        if len(reason) < 5:
            flash(_("Give the reason; it is sent to the person."), "error")
            return _decided(registration)
        try:
            lifecycle.cancel_registration(registration, by_registrant=False, actor_id=current_user.id, reason=reason)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            flash(_("Registration cancelled."), "success")
    return _decided(registration)


@bp.get("/manage/registrations/<int:registration_id>/proof")
@organiser_only
def registration_proof(registration_id: int):
    """The proof the registrant uploaded (for example a student ID), for the approval."""
    registration = _registration_or_404(registration_id)
    if not registration.proof_file:
        abort(404)
    try:
        path = upload_path(registration.proof_file)
    except DomainError:
        abort(404)
    if not path.is_file():
        abort(404)
    return send_file(path, download_name=registration.proof_filename or path.name, as_attachment=False)


def _guest_form(event: Event) -> GuestForm:
    form = GuestForm()
    form.category_id.choices = choices([(None, "—")] + [
        (c.id, f"{c.code} — {localized(c, 'name')}" + ("" if c.public else f" ({_('hidden')})"))
        for c in categories.list_categories(event)
    ])
    return form


@bp.route("/manage/events/<int:event_id>/registrations/guest", methods=["GET", "POST"])
@organiser_only
def register_guest(event_id: int):
    """Register a guest of honour, a speaker or a sponsor's pass with the fee waived."""
    event = db.get_or_404(Event, event_id)
    form = _guest_form(event)
    if form.validate_on_submit():
        try:
            registration = registering.register_guest(event, form.details(), form.waiver_reason.data,
                                                     actor_id=current_user.id)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("%(name)s is registered (%(ref)s) with the fee waived.", name=registration.display_name,
                    ref=registration.reference), "success")
            return redirect(url_for("registration.manage_registration", registration_id=registration.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "registration/manage_guest_form.html", form=form, event=event,
        institution_names=[name for _id, name, _acronym in directory.reviewed_institutions()],
    ), status


# --- finance -----------------------------------------------------------------------------


@bp.get("/manage/events/<int:event_id>/finance-summary")
@organiser_or_finance
def manage_finance_summary(event_id: int):
    """Billed against collected, per category and per institution."""
    event = db.get_or_404(Event, event_id)
    return render_template(
        "registration/manage_finance_summary.html", event=event, totals=finance.finance_totals(event),
        by_category=finance.finance_by_category(event), by_institution=finance.finance_by_institution(event),
    )
