"""Sponsorship packages and sponsors: their logo, status and pledge bill. Complimentary passes
are in `passes`, programme slots and logos for other areas in `slots`, the organisers' figures
in `figures`.

Each rule is one function; each takes plain arguments, raises DomainError (InvalidInput for
several fields at once) and commits its own work.
"""
import re
from dataclasses import dataclass

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from eventapp.core import audit
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.uploads import delete_upload, read_upload, store_bytes
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import (
    Bill,
    BillStatus,
    Institution,
    PaymentOption,
)
from eventapp.registration.phones import normalise_phone
from eventapp.registration.services import billing, institutions
from eventapp.registration.services.payments import MAX_AMOUNT
from eventapp.sponsors.images import fit_logo
from eventapp.sponsors.models import Sponsor, SponsorshipPackage, SponsorStatus

CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")
CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")
WEBSITE_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# Sponsors are institutions paying through their own procurement, often in instalments: the
# pledge bill takes any amount, and the sponsor counts as paid once the bill is paid in full.
PLEDGE_PAYMENT_OPTION = PaymentOption.PARTIAL
# The only status changes made by hand; "invoiced" comes with the bill, "paid" with its payment.
MANUAL_STATUS_CHANGES = {
    SponsorStatus.PROSPECT: {SponsorStatus.CONFIRMED},
    SponsorStatus.CONFIRMED: {SponsorStatus.PROSPECT},
}
# Sponsors whose sponsorship is agreed: they get passes and logos, and count as pledged.
COMMITTED = (SponsorStatus.CONFIRMED, SponsorStatus.INVOICED, SponsorStatus.PAID)


def sponsor_name(sponsor: Sponsor) -> str:
    """The sponsor as printed in the programme: the institution's acronym, else its name."""
    return (sponsor.institution.acronym or sponsor.institution.name)[:120]


# --- packages ----------------------------------------------------------------------------


@dataclass
class PackageDetails:
    code: str
    name_sw: str
    name_en: str
    amount: int | None
    currency: str = "TZS"
    rank: int | None = 0
    booth_size_m2: int | None = None
    complimentary_passes: int | None = 0
    programme_minutes: int | None = 0
    logo_on_programme: bool = False
    logo_on_website: bool = True
    logo_on_certificates: bool = False


def list_packages(event: Event) -> list[SponsorshipPackage]:
    """The event's packages in their order on the sponsors page (rank, then the dearest)."""
    return list(db.session.scalars(
        sa.select(SponsorshipPackage).where(SponsorshipPackage.event_id == event.id)
        .order_by(SponsorshipPackage.rank, SponsorshipPackage.amount.desc(), SponsorshipPackage.id)
    ))


def _check_whole(errors: dict, name: str, value, low: int, high: int, required: bool = True) -> None:
    if value is None:
        if required:
            errors[name] = _("Enter a whole number.")
    elif isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        errors[name] = _("Enter a whole number from %(low)s to %(high)s.", low=f"{low:,}", high=f"{high:,}")


def _package_problems(details: PackageDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    details.code = (details.code or "").strip()
    details.currency = (details.currency or "").strip().upper()
    details.name_sw, details.name_en = (details.name_sw or "").strip(), (details.name_en or "").strip()
    if not details.code or len(details.code) > 20 or not CODE_PATTERN.match(details.code):
        errors["code"] = _("Use 1 to 20 letters, digits, - or _ (for example GOLD).")
    for name in ("name_sw", "name_en"):
        if not getattr(details, name):
            errors[name] = _("This field is required.")
        elif len(getattr(details, name)) > 120:
            errors[name] = _("At most %(n)d characters.", n=120)
    _check_whole(errors, "amount", details.amount, 0, MAX_AMOUNT)
    if not CURRENCY_PATTERN.match(details.currency):
        errors["currency"] = _("The currency must be a three-letter code such as TZS.")
    _check_whole(errors, "rank", details.rank, 0, 1000, required=False)
    _check_whole(errors, "booth_size_m2", details.booth_size_m2, 1, 10_000, required=False)
    _check_whole(errors, "complimentary_passes", details.complimentary_passes, 0, 1000, required=False)
    _check_whole(errors, "programme_minutes", details.programme_minutes, 0, 24 * 60, required=False)
    return errors


def save_package(event: Event, details: PackageDetails, package: SponsorshipPackage | None = None,
                 actor_id: int | None = None) -> SponsorshipPackage:
    """Add a sponsorship package to the event, or change one: amount (≥ 0) and the benefits
    (booth size, complimentary passes, programme minutes, where the logo appears).

    The code is unique within the event. A package cannot offer fewer passes than one of its
    sponsors has already used, nor change currency once sponsors have pledged in it.
    """
    errors = _package_problems(details)
    if package is not None and "complimentary_passes" not in errors:
        most_used = db.session.scalar(
            sa.select(sa.func.max(Sponsor.passes_used)).where(Sponsor.package_id == package.id)) or 0
        if (details.complimentary_passes or 0) < most_used:
            errors["complimentary_passes"] = _(
                "A sponsor of this package has already used %(n)d passes; offer at least that many.", n=most_used)
    if package is not None and "currency" not in errors and details.currency != package.currency:
        if db.session.scalar(sa.select(Sponsor.id).where(Sponsor.package_id == package.id).limit(1)) is not None:
            errors["currency"] = _("Sponsors have pledged in %(currency)s; the currency can no longer change.",
                                   currency=package.currency)
    if "code" not in errors:
        clash = db.session.scalar(sa.select(SponsorshipPackage).where(
            SponsorshipPackage.event_id == event.id, sa.func.upper(SponsorshipPackage.code) == details.code.upper()))
        if clash is not None and clash is not package:
            errors["code"] = _("Another package of this meeting has this code.")
    if errors:
        raise InvalidInput(errors)
    if package is None:
        package = SponsorshipPackage(event_id=event.id, code="", name_sw="", name_en="", amount=0)
        db.session.add(package)
    package.code, package.name_sw, package.name_en = details.code.upper(), details.name_sw, details.name_en
    package.amount, package.currency, package.rank = details.amount, details.currency, details.rank or 0
    package.booth_size_m2 = details.booth_size_m2
    package.complimentary_passes = details.complimentary_passes or 0
    package.programme_minutes = details.programme_minutes or 0
    package.logo_on_programme = bool(details.logo_on_programme)
    package.logo_on_website = bool(details.logo_on_website)
    package.logo_on_certificates = bool(details.logo_on_certificates)
    try:
        db.session.flush()
        audit.record(actor_id, "sponsors.package_saved", f"package:{package.id}", package.code)
        db.session.commit()
    except sa.exc.IntegrityError:  # the same code saved meanwhile by another request
        db.session.rollback()
        raise DomainError(_("Another package of this meeting has this code."), field="code") from None
    return package


def delete_package(package: SponsorshipPackage, actor_id: int | None = None) -> None:
    """Remove a package no sponsor has chosen."""
    if db.session.scalar(sa.select(Sponsor.id).where(Sponsor.package_id == package.id).limit(1)) is not None:
        raise DomainError(_("Sponsors have chosen this package; move them to another package first."))
    audit.record(actor_id, "sponsors.package_deleted", f"package:{package.id}", package.code)
    db.session.delete(package)
    db.session.commit()


# --- sponsors ----------------------------------------------------------------------------


@dataclass
class SponsorDetails:
    package_id: int | None
    contact_name: str
    contact_email: str
    institution_id: int | None = None
    institution_name: str = ""
    pledged_amount: int | None = None  # None: the package's amount
    contact_phone: str = ""
    website: str = ""


def list_sponsors(event: Event, status: SponsorStatus | None = None) -> list[Sponsor]:
    """The event's sponsors by package rank and name, with institution, package and bill loaded."""
    query = (
        sa.select(Sponsor).join(Sponsor.package).join(Sponsor.institution)
        .options(joinedload(Sponsor.package), joinedload(Sponsor.institution), joinedload(Sponsor.bill))
        .where(Sponsor.event_id == event.id)
        .order_by(SponsorshipPackage.rank, SponsorshipPackage.amount.desc(), Institution.name)
    )
    if status is not None:
        query = query.where(Sponsor.status == status)
    return list(db.session.scalars(query).unique())


def _sponsor_problems(event: Event, details: SponsorDetails, sponsor: Sponsor | None) -> tuple[dict, object]:
    """Every problem with the details as {field: message}, and the chosen package."""
    errors: dict[str, str] = {}
    package = db.session.get(SponsorshipPackage, details.package_id) if details.package_id else None
    if package is None or package.event_id != event.id:
        errors["package_id"] = _("Choose a sponsorship package.")
        package = None
    if details.pledged_amount is None and package is not None:
        details.pledged_amount = package.amount
    _check_whole(errors, "pledged_amount", details.pledged_amount, 0, MAX_AMOUNT)
    details.contact_name = re.sub(r"\s+", " ", details.contact_name or "").strip()
    if not details.contact_name:
        errors["contact_name"] = _("This field is required.")
    elif len(details.contact_name) > 160:
        errors["contact_name"] = _("At most %(n)d characters.", n=160)
    try:
        details.contact_email = validate_email(details.contact_email or "", check_deliverability=False
                                               ).normalized.lower()
    except EmailNotValidError:
        errors["contact_email"] = _("Enter a valid email address, like jina@taasisi.go.tz.")
    if (details.contact_phone or "").strip():
        phone = normalise_phone(details.contact_phone)
        if phone is None:
            errors["contact_phone"] = _("Enter a valid phone number, like 0754 123 456 or +255 754 123 456.")
        else:
            details.contact_phone = phone
    else:
        details.contact_phone = ""
    details.website = (details.website or "").strip()
    if details.website and (len(details.website) > 300 or not WEBSITE_PATTERN.match(details.website)):
        errors["website"] = _("Enter the full address, starting with https:// (at most 300 characters).")
    if sponsor is not None and sponsor.status in (SponsorStatus.INVOICED, SponsorStatus.PAID) and package is not None:
        if details.pledged_amount != sponsor.pledged_amount or package.currency != sponsor.currency:
            errors["pledged_amount"] = _("The pledge has been billed; it can no longer change.")
    if sponsor is not None and package is not None and sponsor.passes_used > package.complimentary_passes:
        errors["package_id"] = _("This sponsor has used %(n)d complimentary passes; this package offers fewer.",
                                 n=sponsor.passes_used)
    return errors, package


def _logo_png(logo, errors: dict) -> bytes | None:
    """The uploaded logo checked and resized (None when no file was chosen)."""
    if logo is None or not getattr(logo, "filename", ""):
        return None
    try:
        data, kind = read_upload(logo, {"png", "jpeg"}, int(current_app.config["MAX_LOGO_BYTES"]), field="logo")
        return fit_logo(data, kind)
    except DomainError as error:
        errors["logo"] = error.message
        return None


def save_sponsor(event: Event, details: SponsorDetails, sponsor: Sponsor | None = None, logo=None,
                 actor_id: int | None = None) -> Sponsor:
    """Add a sponsor (a prospect) or change one: institution from the directory (a typed name
    is added for review), package, pledge (the package's amount unless given), contact, website
    and logo.

    `logo` is an uploaded file (optional): it must be a PNG or JPEG by its content, within
    MAX_LOGO_BYTES and readable; it is stored as a PNG no larger than 600 × 300 and replaces
    the old one, whose file is deleted. One sponsor per institution per event. Nothing is
    saved when anything is wrong: every problem is reported at once, by field.
    """
    errors, package = _sponsor_problems(event, details, sponsor)
    png = _logo_png(logo, errors)
    institution = None
    try:
        institution = institutions.resolve(details.institution_id, details.institution_name)
    except DomainError as error:
        errors["institution_name"] = error.message
    if institution is not None:
        taken = db.session.scalar(sa.select(Sponsor).where(Sponsor.event_id == event.id,
                                                           Sponsor.institution_id == institution.id))
        if taken is not None and taken is not sponsor:
            errors["institution_name"] = _("%(name)s is already a sponsor of this meeting.", name=institution.name)
    if errors:
        db.session.rollback()  # an institution typed in may have been added for review
        raise InvalidInput(errors)
    adding = sponsor is None
    if adding:
        sponsor = Sponsor(event_id=event.id, status=SponsorStatus.PROSPECT, passes_used=0)
        db.session.add(sponsor)
    sponsor.institution, sponsor.package = institution, package
    sponsor.pledged_amount, sponsor.currency = details.pledged_amount, package.currency
    sponsor.contact_name, sponsor.contact_email = details.contact_name, details.contact_email
    sponsor.contact_phone, sponsor.website = details.contact_phone, details.website
    old_logo, stored = sponsor.logo_file, None
    if png is not None:
        stored = store_bytes(png, "png", logo.filename)
        sponsor.logo_file = stored.name
    try:
        db.session.flush()
        audit.record(actor_id, "sponsors.added" if adding else "sponsors.changed", f"sponsor:{sponsor.id}",
                     institution.name)
        db.session.commit()
    except sa.exc.IntegrityError:  # the same institution added meanwhile by another request
        db.session.rollback()
        if stored is not None:
            delete_upload(stored.name)
        raise InvalidInput({"institution_name": _("%(name)s is already a sponsor of this meeting.",
                                                  name=institution.name)}) from None
    if stored is not None and old_logo:
        delete_upload(old_logo)
    return sponsor


def change_status(sponsor: Sponsor, status: SponsorStatus, actor_id: int | None = None) -> Sponsor:
    """Move a sponsor between prospect and confirmed. "Invoiced" follows from raising the
    pledge bill and "paid" from paying it, never from a click."""
    if status is sponsor.status:
        return sponsor
    if status not in MANUAL_STATUS_CHANGES.get(sponsor.status, set()):
        if status is SponsorStatus.INVOICED:
            raise DomainError(_("A sponsor becomes invoiced when the bill for its pledge is raised."))
        if status is SponsorStatus.PAID:
            raise DomainError(_("A sponsor becomes paid when the bill for its pledge is paid."))
        raise DomainError(_("The pledge has been billed; the sponsor can no longer go back to %(status)s.",
                            status=status.value))
    audit.record(actor_id, "sponsors.status", f"sponsor:{sponsor.id}", f"{sponsor.status.value} -> {status.value}")
    sponsor.status = status
    db.session.commit()
    return sponsor


# --- the pledge bill ---------------------------------------------------------------------


def raise_pledge_bill(sponsor: Sponsor, actor_id: int | None = None, language: str = "sw") -> Bill:
    """Raise a bill with a control number for the sponsor's pledge, payable in instalments;
    the sponsor becomes invoiced.

    Only a confirmed sponsor (or an invoiced one whose bill expired or was cancelled) with a
    pledge above zero, and never beside another open bill. An expired, unpaid earlier bill is
    cancelled, so that only the new one can be paid. The bill is reconciled like any other;
    paying it in full marks the sponsor paid (`mark_paid_by_bill`).
    """
    if sponsor.status is SponsorStatus.PROSPECT:
        raise DomainError(_("Confirm the sponsorship before billing it."))
    if sponsor.status is SponsorStatus.PAID:
        raise DomainError(_("This sponsor has paid its pledge."))
    if sponsor.pledged_amount <= 0:
        raise DomainError(_("The pledge is zero; there is nothing to bill."))
    previous = sponsor.bill
    if previous is not None and previous.status in billing.OPEN_BILL:
        raise DomainError(_("This sponsor already has an open bill (control number %(number)s).",
                            number=previous.control_number or "—"))
    if previous is not None and previous.status is BillStatus.EXPIRED and not previous.payments:
        billing.cancel_bill(previous)
    institution, package = sponsor.institution, sponsor.package
    bill = billing.raise_bill(
        sponsor.event,
        payer_name=institution.name,
        payer_email=sponsor.contact_email,
        payer_phone=sponsor.contact_phone,
        description=_("Sponsorship: %(event)s", event=sponsor.event.title_en),
        items=[(_("%(package)s sponsorship package — %(institution)s", package=package.name_en,
                  institution=institution.name), sponsor.pledged_amount, None)],
        currency=sponsor.currency,
        payment_option=PLEDGE_PAYMENT_OPTION,
        language=language if language in ("sw", "en") else "sw",
    )
    db.session.flush()
    # Compare-and-set on the sponsor's bill: of two requests raising a bill at once, one wins.
    claimed = db.session.execute(
        sa.update(Sponsor)
        .where(Sponsor.id == sponsor.id, Sponsor.status.in_((SponsorStatus.CONFIRMED, SponsorStatus.INVOICED)),
               Sponsor.bill_id.is_(None) if previous is None else Sponsor.bill_id == previous.id)
        .values(bill_id=bill.id, status=SponsorStatus.INVOICED)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise DomainError(_("A bill was raised for this sponsor meanwhile; see it below."))
    audit.record(actor_id, "sponsors.bill_raised", f"sponsor:{sponsor.id}", bill.control_number or "")
    db.session.commit()
    db.session.refresh(sponsor)
    return bill


def mark_paid_by_bill(bill: Bill) -> None:
    """BILL_PAID_HOOKS: the sponsor whose pledge bill this is becomes paid (inside the payment's
    transaction, which commits)."""
    sponsor = db.session.scalar(sa.select(Sponsor).where(Sponsor.bill_id == bill.id))
    if sponsor is not None and sponsor.status is not SponsorStatus.PAID:
        sponsor.status = SponsorStatus.PAID
        audit.record(None, "sponsors.paid", f"sponsor:{sponsor.id}", bill.control_number or "")
