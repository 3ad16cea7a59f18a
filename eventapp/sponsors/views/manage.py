"""Organisers' sponsors pages: packages; the sponsors list with the pipeline and pledged vs
paid; a sponsor's page with its status, pledge bill, passes, contact link and programme slots;
the sponsor contact's page (by signed link, no account) and the public logo."""
import io

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.core.errors import DomainError
from eventapp.core.forms import show_domain_error
from eventapp.core.i18n import localized
from eventapp.core.roles import Role, role_required
from eventapp.core.urls import external_url
from eventapp.events.models import Event
from eventapp.extensions import db, limiter
from eventapp.programme.models import ProgrammeItem
from eventapp.registration.documents import render_bill
from eventapp.registration.services import billing
from eventapp.registration.services.registering import check_details, registration_is_open
from eventapp.sponsors import bp, figures, passes, services
from eventapp.sponsors import slots as slot_rules  # not `slots`: views name their slot lists so
from eventapp.sponsors.forms import (
    STATUS_LABELS,
    PackageForm,
    PassForm,
    SlotForm,
    SponsorForm,
    StatusForm,
    choices,
)
from eventapp.sponsors.models import Sponsor, SponsorshipPackage, SponsorSlot, SponsorStatus
from eventapp.sponsors.notifications import notify_pledge_billed

organisers = role_required(Role.ORGANISER)
organisers_or_finance = role_required(Role.ORGANISER, Role.FINANCE)


def _status() -> int:
    return 422 if request.method == "POST" else 200


def _private(response):
    """Pages with people's details: never cached, never indexed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


# --- packages ----------------------------------------------------------------------------


@bp.get("/manage/events/<int:event_id>/sponsorship-packages")
@organisers
def manage_packages(event_id: int):
    """The event's sponsorship packages with their amounts and benefits."""
    event = db.get_or_404(Event, event_id)
    return render_template("sponsors/manage_packages.html", event=event, packages=services.list_packages(event))


def _save_package(event: Event, package: SponsorshipPackage | None):
    form = PackageForm(obj=package)
    if form.validate_on_submit():
        try:
            saved = services.save_package(event, form.details(), package, actor_id=current_user.id)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Package %(code)s saved.", code=saved.code), "success")
            return redirect(url_for("sponsors.manage_packages", event_id=event.id))
    return render_template("sponsors/manage_package_form.html", form=form, event=event, package=package), \
        _status()


@bp.route("/manage/events/<int:event_id>/sponsorship-packages/new", methods=["GET", "POST"])
@organisers
def new_package(event_id: int):
    """Add a sponsorship package: amount and benefits."""
    return _save_package(db.get_or_404(Event, event_id), None)


@bp.route("/manage/sponsorship-packages/<int:package_id>/edit", methods=["GET", "POST"])
@organisers
def edit_package(package_id: int):
    """Change a package (amount, benefits, order)."""
    package = db.get_or_404(SponsorshipPackage, package_id)
    return _save_package(package.event, package)


@bp.post("/manage/sponsorship-packages/<int:package_id>/delete")
@organisers
def delete_package(package_id: int):
    """Remove a package that no sponsor has chosen."""
    package = db.get_or_404(SponsorshipPackage, package_id)
    event_id = package.event_id
    try:
        services.delete_package(package, actor_id=current_user.id)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(_("Package removed."), "success")
    return redirect(url_for("sponsors.manage_packages", event_id=event_id))


# --- sponsors ----------------------------------------------------------------------------


@bp.get("/manage/events/<int:event_id>/sponsors")
@organisers_or_finance
def manage_sponsors(event_id: int):
    """The sponsors (filtered by ?status=), the pipeline by status and pledged vs paid per package."""
    event = db.get_or_404(Event, event_id)
    status = next((s for s in SponsorStatus if s.value == request.args.get("status")), None)
    return render_template(
        "sponsors/manage_sponsors.html", event=event, status=status, sponsors=services.list_sponsors(event, status),
        pipeline=figures.pipeline(event), totals=figures.pledged_vs_paid(event), STATUS_LABELS=STATUS_LABELS,
        has_packages=bool(services.list_packages(event)),
    )


def _save_sponsor(event: Event, sponsor: Sponsor | None):
    form = SponsorForm(obj=sponsor)
    form.package_id.choices = choices([(None, "—")] + [
        (p.id, f"{localized(p, 'name')} ({p.currency} {p.amount:,})") for p in services.list_packages(event)])
    form.set_logo_limit(int(current_app.config["MAX_LOGO_BYTES"]))
    if request.method == "GET" and sponsor is not None:
        form.fill_from(sponsor)
    if form.validate_on_submit():
        try:
            saved = services.save_sponsor(event, form.details(), sponsor, logo=form.logo.data,
                                          actor_id=current_user.id)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("%(name)s saved.", name=saved.institution.name), "success")
            return redirect(url_for("sponsors.manage_sponsor", sponsor_id=saved.id))
    return render_template("sponsors/manage_sponsor_form.html", form=form, event=event, sponsor=sponsor), _status()


@bp.route("/manage/events/<int:event_id>/sponsors/new", methods=["GET", "POST"])
@organisers
def new_sponsor(event_id: int):
    """Add a sponsor (a prospect): institution, package, pledge, contact, website and logo."""
    event = db.get_or_404(Event, event_id)
    if not services.list_packages(event):
        flash(_("Add the sponsorship packages first; every sponsor chooses one."), "error")
        return redirect(url_for("sponsors.manage_packages", event_id=event.id))
    return _save_sponsor(event, None)


@bp.route("/manage/sponsors/<int:sponsor_id>/edit", methods=["GET", "POST"])
@organisers
def edit_sponsor(sponsor_id: int):
    """Change a sponsor's details or logo (the logo is checked and resized; the old file goes)."""
    sponsor = db.get_or_404(Sponsor, sponsor_id)
    return _save_sponsor(sponsor.event, sponsor)


@bp.get("/manage/sponsors/<int:sponsor_id>")
@organisers_or_finance
def manage_sponsor(sponsor_id: int):
    """One sponsor: details and logo, status, the pledge bill with its control number and
    payments, passes used, the contact's link and the programme slots."""
    sponsor = db.get_or_404(Sponsor, sponsor_id)
    return _private(make_response(render_template(
        "sponsors/manage_sponsor.html", sponsor=sponsor, event=sponsor.event, STATUS_LABELS=STATUS_LABELS,
        SponsorStatus=SponsorStatus, next_statuses=sorted(services.MANUAL_STATUS_CHANGES.get(sponsor.status, ()),
                                                          key=lambda s: list(SponsorStatus).index(s)),
        bill_open=sponsor.bill is not None and sponsor.bill.status in billing.OPEN_BILL,
        passes_left=passes.passes_left(sponsor), slots=slot_rules.slots_of(sponsor),
        contact_link=external_url("sponsors.sponsor_contact", token=passes.contact_token(sponsor)),
        may_organise=current_user.has_any_role(Role.ORGANISER),
    )))


@bp.post("/manage/sponsors/<int:sponsor_id>/status")
@organisers
def change_sponsor_status(sponsor_id: int):
    """Confirm a prospect, or put a confirmed sponsor back to prospect."""
    sponsor = db.get_or_404(Sponsor, sponsor_id)
    form = StatusForm()
    status = next((s for s in SponsorStatus if s.value == form.status.data), None)
    if not form.validate_on_submit() or status is None:
        abort(400)
    try:
        services.change_status(sponsor, status, actor_id=current_user.id)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(_("%(name)s is now %(status)s.", name=sponsor.institution.name, status=STATUS_LABELS[status]),
              "success")
    return redirect(url_for("sponsors.manage_sponsor", sponsor_id=sponsor.id))


@bp.post("/manage/sponsors/<int:sponsor_id>/bill")
@organisers_or_finance
def raise_sponsor_bill(sponsor_id: int):
    """Raise the bill for the pledge; the page then shows its control number."""
    sponsor = db.get_or_404(Sponsor, sponsor_id)
    try:
        bill = services.raise_pledge_bill(sponsor, actor_id=current_user.id, language=str(get_locale() or "sw"))
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        notify_pledge_billed(sponsor, language=str(get_locale() or "sw"))
        flash(_("Bill raised: control number %(number)s; emailed to %(email)s.",
                number=bill.control_number or _("on its way"), email=sponsor.contact_email), "success")
    return redirect(url_for("sponsors.manage_sponsor", sponsor_id=sponsor.id) + "#bill")


@bp.get("/manage/sponsors/<int:sponsor_id>/bill.pdf")
@organisers_or_finance
def sponsor_bill_pdf(sponsor_id: int):
    """The pledge bill as the sponsor receives it (PDF)."""
    sponsor = db.get_or_404(Sponsor, sponsor_id)
    if sponsor.bill is None:
        abort(404)
    bill = sponsor.bill
    return _private(send_file(io.BytesIO(render_bill(bill)), mimetype="application/pdf", as_attachment=True,
                              download_name=f"bill-{bill.control_number or bill.id}.pdf", max_age=0))


# --- complimentary passes ----------------------------------------------------------------


def _pass_form(event: Event, organiser: bool) -> PassForm:
    form = PassForm()
    form.category_id.choices = choices([(None, "—")] + [
        (c.id, f"{localized(c.group, 'name')} — {localized(c, 'name')}")
        for c in passes.pass_categories(event, organiser=organiser)])
    if request.method == "GET":
        form.language.data = str(get_locale() or "sw")
    return form


def _register_pass(sponsor: Sponsor, form: PassForm, actor_id: int | None):
    """Register the form's person on a pass; the registration, or None with the errors shown."""
    if form.validate_on_submit():
        try:
            return passes.register_pass(sponsor, form.details(), actor_id=actor_id)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
    elif form.is_submitted():
        # The form stopped at its own checks; add the service's checks of the rest, so one
        # round shows every problem.
        for name, message in check_details(sponsor.event, form.details(), allow_hidden=actor_id is not None).items():
            field = getattr(form, name, None)
            if field is not None and not field.errors:
                field.errors = [message]
        flash(_("Please correct the marked fields."), "error")
    return None


@bp.route("/manage/sponsors/<int:sponsor_id>/passes", methods=["GET", "POST"])
@organisers
def sponsor_passes(sponsor_id: int):
    """The sponsor's complimentary passes (who holds them) and the form to register one more."""
    sponsor = db.get_or_404(Sponsor, sponsor_id)
    form = _pass_form(sponsor.event, organiser=True)
    registration = _register_pass(sponsor, form, current_user.id)
    if registration is not None:
        flash(_("%(name)s is registered on a complimentary pass (reference %(ref)s).",
                name=registration.full_name, ref=registration.reference), "success")
        return redirect(url_for("sponsors.sponsor_passes", sponsor_id=sponsor.id))
    return _private(make_response(render_template(
        "sponsors/manage_passes.html", sponsor=sponsor, event=sponsor.event, form=form,
        registrations=passes.pass_registrations(sponsor), passes_left=passes.passes_left(sponsor),
    ), _status()))


def _sponsor_for_token_or_404(token: str) -> Sponsor:
    try:
        return passes.sponsor_for_token(token)
    except DomainError as error:
        abort(_private(make_response(render_template("sponsors/contact_invalid.html", message=error.message), 404)))


def _contact_limit() -> str:
    return current_app.config.get("REGISTER_RATE_LIMIT", "20 per minute")


@bp.route("/sponsors/contact/<token>", methods=["GET", "POST"])
@limiter.limit(_contact_limit, methods=["POST"])
def sponsor_contact(token: str):
    """The sponsor contact's page, reached by the signed link the organisers send (no account):
    the passes used and left, the staff registered, and the form to register one more while
    registration is open."""
    sponsor = _sponsor_for_token_or_404(token)
    form = _pass_form(sponsor.event, organiser=False)
    registration = _register_pass(sponsor, form, None)
    if registration is not None:
        flash(_("%(name)s is registered (reference %(ref)s) and has been emailed the confirmation.",
                name=registration.full_name, ref=registration.reference), "success")
        return redirect(url_for("sponsors.sponsor_contact", token=token))
    return _private(make_response(render_template(
        "sponsors/contact_passes.html", sponsor=sponsor, event=sponsor.event, form=form, token=token,
        registrations=passes.pass_registrations(sponsor), passes_left=passes.passes_left(sponsor),
        registration_open=registration_is_open(sponsor.event), confirmed=sponsor.status in services.COMMITTED,
    ), _status()))


# --- programme slots ---------------------------------------------------------------------


def _slot_label(item: ProgrammeItem, holder: Sponsor | None) -> str:
    """`2019-01-30 14:00–14:05 Sponsor's slot (NMB)`: when, what, and whose it is already."""
    when = f"{item.day.date.isoformat()} {item.starts_at:%H:%M}" + (f"–{item.ends_at:%H:%M}" if item.ends_at else "")
    label = f"{when} {localized(item, 'title')}"
    return f"{label} ({services.sponsor_name(holder)})" if holder is not None else label


@bp.route("/manage/sponsors/<int:sponsor_id>/slots", methods=["GET", "POST"])
@organisers
def sponsor_slots(sponsor_id: int):
    """The sponsor's slots in the programme, and the form to give it one of the event's
    sponsor slots (the slot then names the sponsor)."""
    sponsor = db.get_or_404(Sponsor, sponsor_id)
    holders = slot_rules.slot_holders(sponsor.event)
    items = slot_rules.slot_choices(sponsor.event)
    form = SlotForm()
    form.item_id.choices = choices([(None, "—")] + [(item.id, _slot_label(item, holders.get(item.id)))
                                                     for item in items])
    if form.validate_on_submit():
        item = db.session.get(ProgrammeItem, form.item_id.data)
        try:
            slot_rules.link_programme_slot(sponsor, item, actor_id=current_user.id)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("The slot now names %(sponsor)s.", sponsor=services.sponsor_name(sponsor)), "success")
            return redirect(url_for("sponsors.sponsor_slots", sponsor_id=sponsor.id))
    slots = slot_rules.slots_of(sponsor)
    return render_template(
        "sponsors/manage_slots.html", sponsor=sponsor, event=sponsor.event, form=form, slots=slots,
        minutes_used=sum(slot_rules.slot_minutes(slot.item) for slot in slots), has_slots=bool(items),
    ), _status()


@bp.post("/manage/sponsor-slots/<int:slot_id>/delete")
@organisers
def unlink_sponsor_slot(slot_id: int):
    """Take a programme slot back from its sponsor."""
    slot = db.get_or_404(SponsorSlot, slot_id)
    sponsor_id = slot.sponsor_id
    slot_rules.unlink_programme_slot(slot, actor_id=current_user.id)
    flash(_("The slot no longer names a sponsor."), "success")
    return redirect(url_for("sponsors.sponsor_slots", sponsor_id=sponsor_id))


# --- the logo ----------------------------------------------------------------------------


@bp.get("/sponsors/<int:sponsor_id>/logo.png")
def sponsor_logo(sponsor_id: int):
    """A sponsor's logo (public: logos are shown on the public sponsors page and programme)."""
    sponsor = db.get_or_404(Sponsor, sponsor_id)
    path = slot_rules.logo_path(sponsor)
    if path is None:
        abort(404)
    return send_file(path, mimetype="image/png", max_age=300, conditional=True)

