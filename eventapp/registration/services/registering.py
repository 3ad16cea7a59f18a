"""Registering participants: checking details, taking a place (or the waiting list), billing."""
import re
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from eventapp.core import audit
from eventapp.core.clock import local_now, local_today
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.references import random_reference
from eventapp.events.models import Event, EventStatus
from eventapp.extensions import db
from eventapp.registration.models import Gender, ParticipantCategory, Registration, RegistrationStatus
from eventapp.registration.models.registrations import ENDED
from eventapp.registration.phones import normalise_phone
from eventapp.registration.services import billing, institutions

NAME_PATTERN = re.compile(r"^[^\d<>{}\[\]@#$%^*=+|\\/~`]+$")
LIMITS = {"title": 30, "first_name": 80, "middle_name": 80, "last_name": 80, "position": 160,
          "email": 254, "institution_name": 200, "special_needs": 1000}


@dataclass
class ParticipantDetails:
    first_name: str
    last_name: str
    gender: str
    position: str
    email: str
    phone: str
    category_id: int | None
    title: str = ""
    middle_name: str = ""
    institution_id: int | None = None
    institution_name: str = ""
    special_needs: str = ""
    language: str = "sw"
    # Filled in by `check_details`:
    clean_phone: str = field(default="", repr=False)
    clean_email: str = field(default="", repr=False)


def check_contact(email: str, phone: str, errors: dict[str, str], prefix: str = "") -> tuple[str, str]:
    """The normalised email and phone (255XXXXXXXXX); a message in `errors` for each bad one."""
    clean_email = clean_phone = ""
    try:
        clean_email = validate_email(email or "", check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        errors[f"{prefix}email"] = _("Enter a valid email address, like jina@taasisi.go.tz.")
    phone_number = normalise_phone(phone)
    if phone_number is None:
        errors[f"{prefix}phone"] = _("Enter a valid phone number, like 0754 123 456 or +255 754 123 456.")
    else:
        clean_phone = phone_number
    return clean_email, clean_phone


def registration_is_open(event: Event, today: date | None = None) -> bool:
    today = today or local_today()
    return (
        event.status is EventStatus.OPEN
        and event.registration_opens_on <= today <= event.registration_closes_on
    )


def check_registration_open(event: Event) -> None:
    if not registration_is_open(event):
        if event.status is EventStatus.OPEN and local_today() < event.registration_opens_on:
            raise DomainError(_("Registration opens on %(day)s.", day=event.registration_opens_on.isoformat()))
        raise DomainError(_("Registration for this meeting has closed."))


def check_details(event: Event, details: ParticipantDetails, allow_hidden: bool = False) -> dict[str, str]:
    """Every problem with the details, as {field: message}; fills in the cleaned email/phone."""
    errors: dict[str, str] = {}
    for name, limit in LIMITS.items():
        value = getattr(details, name) or ""
        setattr(details, name, re.sub(r"\s+", " ", value).strip() if name != "special_needs" else value.strip())
        if len(getattr(details, name)) > limit:
            errors[name] = _("At most %(n)d characters.", n=limit)
    for name in ("first_name", "last_name"):
        value = getattr(details, name)
        if not value:
            errors[name] = _("This field is required.")
        elif not NAME_PATTERN.match(value):
            errors[name] = _("Use letters only.")
    if details.middle_name and not NAME_PATTERN.match(details.middle_name):
        errors["middle_name"] = _("Use letters only.")
    if not details.position:
        errors["position"] = _("This field is required.")
    if details.gender not in {g.value for g in Gender}:
        errors["gender"] = _("Choose one.")
    details.clean_email, details.clean_phone = check_contact(details.email, details.phone, errors)
    category = db.session.get(ParticipantCategory, details.category_id) if details.category_id else None
    if category is None or category.event_id != event.id or (not category.public and not allow_hidden):
        errors["category_id"] = _("Choose a participant category.")
    if not details.institution_id and len(details.institution_name) < 3:
        errors["institution_name"] = _("Choose your institution from the list, or type its full name.")
    return errors


def email_taken(event: Event, email: str) -> Registration | None:
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.event_id == event.id,
            Registration.email == email,
            Registration.status.not_in(ENDED),
        )
    )


def take_places(category: ParticipantCategory, count: int = 1) -> bool:
    """Take `count` places in one conditional UPDATE; False when the category is full.

    The database re-checks the condition under its row lock, so concurrent requests can
    never take more places than the capacity.
    """
    result = db.session.execute(
        sa.update(ParticipantCategory)
        .where(ParticipantCategory.id == category.id)
        .where(
            sa.or_(
                ParticipantCategory.capacity.is_(None),
                ParticipantCategory.places_taken + count <= ParticipantCategory.capacity,
            )
        )
        .values(places_taken=ParticipantCategory.places_taken + count)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(category, ["places_taken"])
    return result.rowcount == 1


def release_place(category: ParticipantCategory) -> None:
    db.session.execute(
        sa.update(ParticipantCategory)
        .where(ParticipantCategory.id == category.id, ParticipantCategory.places_taken > 0)
        .values(places_taken=ParticipantCategory.places_taken - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(category, ["places_taken"])


def status_after_place(category: ParticipantCategory, amount_due: int) -> RegistrationStatus:
    """What a registration holding a place waits for next: approval, payment, or nothing."""
    if category.requires_approval:
        return RegistrationStatus.PENDING_APPROVAL
    return RegistrationStatus.PENDING_PAYMENT if amount_due > 0 else RegistrationStatus.CONFIRMED


def bill_registration(registration: Registration) -> None:
    """Raise the participant's own bill for their fee (caller commits)."""
    category = registration.category
    billing.raise_bill(
        registration.event,
        payer_name=registration.display_name,
        payer_email=registration.email,
        payer_phone=registration.phone,
        description=_("Participation fee: %(event)s", event=registration.event.title_en),
        items=[(f"{registration.full_name} — {category.name_en}", registration.amount_due, registration)],
        currency=registration.currency,
        language=registration.language,
    )


def new_registration(event: Event, details: ParticipantDetails, category: ParticipantCategory,
                     institution, waiver_reason: str = "") -> Registration:
    return Registration(
        event_id=event.id,
        event=event,
        category=category,
        institution=institution,
        reference=random_reference("R"),
        title=details.title,
        first_name=details.first_name,
        middle_name=details.middle_name,
        last_name=details.last_name,
        gender=Gender(details.gender),
        position=details.position,
        email=details.clean_email,
        phone=details.clean_phone,
        special_needs=details.special_needs,
        language=details.language if details.language in ("sw", "en") else "sw",
        consent_at=local_now(),
        fee_amount=category.fee_amount,
        currency=category.currency,
        fee_waived=bool(waiver_reason),
        waiver_reason=waiver_reason,
        status=RegistrationStatus.WAITLISTED,
    )


def register_participant(
    event: Event,
    details: ParticipantDetails,
    consent: bool,
    proof=None,
    waiver_reason: str = "",
    actor_id: int | None = None,
) -> Registration:
    """Register one participant: a place (or the waiting list), a reference and, when a fee
    is due, a bill with a control number. Sends the confirmation email after committing.

    `proof` is an uploaded file (required when the category asks for proof). A fee waiver
    (guests of honour, speakers, sponsors' passes) needs an organiser (`actor_id`) and a
    reason; it is audited.
    """
    from eventapp.core.uploads import delete_upload, read_upload, store_bytes
    from eventapp.registration.notifications import notify_registered

    waiver_reason = (waiver_reason or "").strip()[:300]
    if waiver_reason and actor_id is None:
        raise DomainError(_("Only organisers can waive a fee."))
    if actor_id is None:
        check_registration_open(event)
    errors = check_details(event, details, allow_hidden=actor_id is not None)
    if not consent:
        errors["consent"] = _("Please agree so that we can process your registration.")
    category = db.session.get(ParticipantCategory, details.category_id) if "category_id" not in errors else None
    proof_data = None
    if category is not None and category.requires_proof and actor_id is None:
        try:
            from flask import current_app

            proof_data = read_upload(proof, {"pdf", "png", "jpeg"}, current_app.config["MAX_PROOF_BYTES"],
                                     field="proof")
        except DomainError as error:
            errors["proof"] = error.message
    if errors:
        raise InvalidInput(errors)
    if email_taken(event, details.clean_email) is not None:
        raise DomainError(
            _("This email is already registered for this meeting. Use the link in your confirmation email, "
              "or ask us to send it again."),
            field="email",
        )
    institution = institutions.resolve(details.institution_id, details.institution_name)
    registration = new_registration(event, details, category, institution, waiver_reason)
    if take_places(category):
        registration.status = status_after_place(category, registration.amount_due)
    stored = None
    # The insert may be flushed early (by the bill's control-number query), so a concurrent
    # registration with the same email can fail anywhere in here, not only at the commit.
    try:
        db.session.add(registration)
        db.session.flush()
        if proof_data is not None:
            stored = store_bytes(proof_data[0], proof_data[1], proof.filename)
            registration.proof_file, registration.proof_filename = stored.name, stored.original_name
        if registration.status is RegistrationStatus.PENDING_PAYMENT:
            bill_registration(registration)
        if waiver_reason:
            audit.record(actor_id, "registration.fee_waiver", f"registration:{registration.reference}", waiver_reason)
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        if stored:
            delete_upload(stored.name)
        raise DomainError(
            _("This email is already registered for this meeting. Use the link in your confirmation email, "
              "or ask us to send it again."),
            field="email",
        ) from None
    notify_registered(registration)
    return registration


def register_guest(event: Event, details: ParticipantDetails, waiver_reason: str, actor_id: int) -> Registration:
    """An organiser registers a guest of honour, a speaker or a sponsor's pass with the fee
    waived: any category of the event (hidden ones too), even after registration closed.
    The reason is required and audited with the organiser's id."""
    waiver_reason = (waiver_reason or "").strip()
    if len(waiver_reason) < 5:
        errors = check_details(event, details, allow_hidden=True)
        errors["waiver_reason"] = _("Say why the fee is waived (for example: guest of honour at the opening).")
        raise InvalidInput(errors)
    return register_participant(event, details, consent=True, waiver_reason=waiver_reason, actor_id=actor_id)
