"""Participant categories of an event: who may register in a group and what they pay."""
import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from eventapp.core import audit
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.events.models import Event, ParticipantGroup
from eventapp.extensions import db
from eventapp.registration.models import ParticipantCategory, Registration

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,19}$")
CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")


@dataclass
class CategoryDetails:
    group_id: int | None
    code: str
    name_sw: str
    name_en: str
    fee_amount: int | None
    currency: str = "TZS"
    eligibility_sw: str = ""
    eligibility_en: str = ""
    capacity: int | None = None
    requires_proof: bool = False
    proof_label_sw: str = ""
    proof_label_en: str = ""
    requires_approval: bool = False
    public: bool = True


def list_categories(event: Event) -> list[ParticipantCategory]:
    """The event's categories by group number, then code."""
    return list(
        db.session.scalars(
            sa.select(ParticipantCategory)
            .join(ParticipantGroup, ParticipantCategory.group_id == ParticipantGroup.id)
            .where(ParticipantCategory.event_id == event.id)
            .order_by(ParticipantGroup.number, ParticipantCategory.code)
        )
    )


def registration_counts(event: Event) -> dict[int, int]:
    """How many registrations (any status) each category of the event has."""
    rows = db.session.execute(
        sa.select(Registration.category_id, sa.func.count())
        .where(Registration.event_id == event.id)
        .group_by(Registration.category_id)
    )
    return dict(rows.all())


def _clean(details: CategoryDetails) -> None:
    for name in ("code", "name_sw", "name_en", "proof_label_sw", "proof_label_en", "currency"):
        setattr(details, name, re.sub(r"\s+", " ", getattr(details, name) or "").strip())
    details.code = details.code.upper()
    details.currency = (details.currency or "TZS").upper()
    details.eligibility_sw = (details.eligibility_sw or "").strip()
    details.eligibility_en = (details.eligibility_en or "").strip()


def _check(event: Event, details: CategoryDetails, category: ParticipantCategory | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    group = db.session.get(ParticipantGroup, details.group_id) if details.group_id else None
    if group is None or group.event_id != event.id:
        errors["group_id"] = _("Choose one of this event's participant groups.")
    if not CODE_PATTERN.match(details.code):
        errors["code"] = _("Use up to 20 capital letters, digits, - or _ (like G1 or G3-STU).")
    else:
        clash = db.session.scalar(
            sa.select(ParticipantCategory.id).where(
                ParticipantCategory.event_id == event.id,
                ParticipantCategory.code == details.code,
                ParticipantCategory.id != (category.id if category else -1),
            )
        )
        if clash is not None:
            errors["code"] = _("Another category of this event already has this code.")
    for name in ("name_sw", "name_en"):
        if not getattr(details, name):
            errors[name] = _("This field is required.")
        elif len(getattr(details, name)) > 160:
            errors[name] = _("At most %(n)d characters.", n=160)
    if details.fee_amount is None or details.fee_amount < 0:
        errors["fee_amount"] = _("Enter the fee as a whole number of shillings (0 for free).")
    if not CURRENCY_PATTERN.match(details.currency):
        errors["currency"] = _("Use a three-letter currency code, like TZS or USD.")
    if details.capacity is not None:
        taken = category.places_taken if category is not None else 0
        if details.capacity < 1:
            errors["capacity"] = _("Leave it empty for no limit, or enter at least 1.")
        elif details.capacity < taken:
            errors["capacity"] = _(
                "%(n)d places are already taken; the capacity cannot be lower.", n=taken
            )
    if details.requires_proof:
        for name in ("proof_label_sw", "proof_label_en"):
            if not getattr(details, name):
                errors[name] = _("Say what proof is needed (for example: student ID card).")
    for name in ("proof_label_sw", "proof_label_en"):
        if len(getattr(details, name)) > 200:
            errors[name] = _("At most %(n)d characters.", n=200)
    return errors


def save_category(
    event: Event, details: CategoryDetails, category: ParticipantCategory | None = None, actor_id: int | None = None
) -> tuple[ParticipantCategory, int]:
    """Create or edit a category; returns it and how many people moved up from its waiting list.

    The capacity may not drop below the places already taken. Raising it (or removing the
    limit) gives the new places to the waiting list in order, and each person promoted is
    emailed after the commit. A fee change applies to new registrations only
    (each registration keeps the fee it was billed) and is audited.
    """
    from eventapp.registration.services.lifecycle import promote_from_waiting_list

    _clean(details)
    errors = _check(event, details, category)
    if errors:
        raise InvalidInput(errors)
    old_fee = None if category is None else (category.fee_amount, category.currency)
    if category is None:
        category = ParticipantCategory(event_id=event.id, places_taken=0, fee_amount=0)
        db.session.add(category)
    for name in (
        "group_id", "code", "name_sw", "name_en", "eligibility_sw", "eligibility_en", "fee_amount", "currency",
        "capacity", "requires_proof", "proof_label_sw", "proof_label_en", "requires_approval", "public",
    ):
        setattr(category, name, getattr(details, name))
    if not details.requires_proof:
        category.proof_label_sw = category.proof_label_en = ""
    try:
        db.session.flush()
    except sa.exc.IntegrityError:
        # A place was taken between the check and the save, or the code was taken meanwhile.
        db.session.rollback()
        raise DomainError(
            _("The category changed meanwhile (a place was taken or the code was used). Try again.")
        ) from None
    if old_fee is None:
        audit.record(actor_id, "category.create", f"category:{category.id}",
                     f"{category.code} {category.currency} {category.fee_amount}")
    elif old_fee != (category.fee_amount, category.currency):
        audit.record(actor_id, "category.fee_change", f"category:{category.id}",
                     f"{old_fee[1]} {old_fee[0]} -> {category.currency} {category.fee_amount}")
    promoted = []
    while category.capacity is None or category.places_taken < category.capacity:
        registration = promote_from_waiting_list(category)
        if registration is None:
            break
        promoted.append(registration)
    db.session.commit()
    for registration in promoted:
        _notify_promoted(registration)
    return category, len(promoted)


def _notify_promoted(registration: Registration) -> None:
    from eventapp.registration.notifications import notify_promoted

    notify_promoted(registration)
