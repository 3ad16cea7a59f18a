"""Delegations: an institution's focal person registers many participants with one bill."""
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from eventapp.core.errors import DomainError
from eventapp.core.i18n import localized
from eventapp.core.references import random_reference
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import (
    Delegation,
    Institution,
    ParticipantCategory,
    Registration,
    RegistrationStatus,
)
from eventapp.registration.models.registrations import ENDED
from eventapp.registration.services import billing, institutions
from eventapp.registration.services.registering import (
    ParticipantDetails,
    check_contact,
    check_details,
    check_registration_open,
    new_registration,
    status_after_place,
    take_places,
)

MAX_DELEGATION_ROWS = 300


@dataclass
class FocalPerson:
    name: str
    email: str
    phone: str


class DelegationInvalid(DomainError):
    """Some rows are wrong: `row_errors` maps a row number (1-based) to {field: message}."""

    def __init__(self, row_errors: dict[int, dict[str, str]], focal_errors: dict[str, str] | None = None):
        super().__init__(_("Nothing was saved. Correct the marked rows and send the list again."))
        self.row_errors = row_errors
        self.focal_errors = focal_errors or {}


def _check_focal(focal: FocalPerson) -> dict[str, str]:
    errors = {}
    focal.name = " ".join((focal.name or "").split())[:160]
    if len(focal.name) < 3:
        errors["focal_name"] = _("This field is required.")
    email, phone = check_contact(focal.email, focal.phone, errors, prefix="focal_")
    focal.email, focal.phone = email or focal.email, phone or focal.phone
    return errors


def _check_institution(institution_id: int | None, institution_name: str) -> dict[str, str]:
    if institution_id:
        if db.session.get(Institution, institution_id) is None:
            return {"institution_name": _("Choose your institution from the list, or type its full name.")}
    elif len(" ".join((institution_name or "").split())) < 3:
        return {"institution_name": _("Choose your institution from the list, or type its full name.")}
    return {}


def check_rows(event: Event, rows: list[ParticipantDetails]) -> dict[int, dict[str, str]]:
    """Every problem in every row, before anything is saved."""
    errors: dict[int, dict[str, str]] = {}
    for n, details in enumerate(rows, start=1):
        row_errors = check_details(event, details)
        # The institution is the delegation's, checked once with the focal person.
        row_errors.pop("institution_name", None)
        category = db.session.get(ParticipantCategory, details.category_id) if details.category_id else None
        if "category_id" not in row_errors and category is not None:
            if category.requires_proof:
                row_errors["category_id"] = _("This category needs proof: register this person individually.")
        if row_errors:
            errors[n] = row_errors
    emails = Counter(d.clean_email for d in rows if d.clean_email)
    taken = set()
    if emails:
        taken = set(
            db.session.scalars(
                sa.select(Registration.email).where(
                    Registration.event_id == event.id,
                    Registration.email.in_(list(emails)),
                    Registration.status.not_in(ENDED),
                )
            )
        )
    for n, details in enumerate(rows, start=1):
        if not details.clean_email:
            continue
        if emails[details.clean_email] > 1:
            errors.setdefault(n, {})["email"] = _("This email appears more than once in the list.")
        elif details.clean_email in taken:
            errors.setdefault(n, {})["email"] = _("This email is already registered for this meeting.")
    return errors


def register_delegation(
    event: Event,
    institution_id: int | None,
    institution_name: str,
    focal: FocalPerson,
    rows: list[ParticipantDetails],
    language: str = "sw",
) -> tuple[Delegation, object]:
    """Register every row or none: all rows are checked first, places are taken for all
    (a full category refuses the whole list), and one bill carries one item per paying
    participant. Returns the delegation and its bill (None when nothing is due)."""
    from eventapp.registration.notifications import notify_delegation_registered

    check_registration_open(event)
    if not rows:
        raise DomainError(_("Add at least one participant."))
    if len(rows) > MAX_DELEGATION_ROWS:
        raise DomainError(_("A delegation may have at most %(n)d participants.", n=MAX_DELEGATION_ROWS))
    language = language if language in ("sw", "en") else "sw"
    focal_errors = _check_focal(focal) | _check_institution(institution_id, institution_name)
    for details in rows:
        details.language = language
    row_errors = check_rows(event, rows)
    if row_errors or focal_errors:
        raise DelegationInvalid(row_errors, focal_errors)
    categories = {d.category_id: db.session.get(ParticipantCategory, d.category_id) for d in rows}
    if len({c.currency for c in categories.values() if c.fee_amount > 0}) > 1:
        raise DomainError(_("These categories are paid in different currencies: register them as separate "
                            "delegations, one per currency."))
    institution = institutions.resolve(institution_id, institution_name)
    needed = Counter(d.category_id for d in rows)
    for category_id, count in needed.items():
        category = categories[category_id]
        if not take_places(category, count):
            db.session.rollback()
            raise DomainError(
                _("Only %(left)d places are left in %(category)s; the list has %(n)d.",
                  left=category.places_left or 0, category=localized(category, "name"), n=count)
            )
    delegation = Delegation(
        event_id=event.id, institution=institution, reference=random_reference("D"),
        focal_name=focal.name, focal_email=focal.email, focal_phone=focal.phone, language=language,
    )
    db.session.add(delegation)
    registrations = []
    for details in rows:
        details.institution_id, details.institution_name = institution.id, ""
        registration = new_registration(event, details, categories[details.category_id], institution)
        registration.status = status_after_place(categories[details.category_id], registration.amount_due)
        registration.delegation = delegation
        db.session.add(registration)
        registrations.append(registration)
    payable = [r for r in registrations if r.status is RegistrationStatus.PENDING_PAYMENT]
    bill = None
    # A concurrent registration of one of these emails fails the unique index at the first
    # flush (here, or inside raise_bill's query), not only at the commit.
    try:
        db.session.flush()
        if payable:
            bill = billing.raise_bill(
                event,
                payer_name=institution.name,
                payer_email=focal.email,
                payer_phone=focal.phone,
                description=_("Participation fees: %(event)s — %(n)d participants",
                              event=event.title_en, n=len(payable)),
                items=[(f"{r.full_name} — {r.category.name_en}", r.amount_due, r) for r in payable],
                currency=payable[0].currency,
                language=delegation.language,
                delegation=delegation,
            )
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise DomainError(
            _("Some of these emails were registered meanwhile. Check the list and send it again.")
        ) from None
    notify_delegation_registered(delegation, bill)
    return delegation, bill
