"""A sponsor's complimentary passes: the contact's signed link, registering a member of the
sponsor's staff on a pass (counted by one conditional UPDATE), and a pass given back when its
holder's registration ends."""
import hashlib

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from eventapp.core import audit
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.i18n import localized
from eventapp.core.tokens import TokenInvalid, make_token, read_token
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import (
    ParticipantCategory,
    Registration,
)
from eventapp.registration.services.registering import (
    ParticipantDetails,
    check_details,
    check_registration_open,
    email_taken,
    new_registration,
    status_after_place,
    take_places,
)
from eventapp.sponsors.models import Sponsor, SponsorPass, SponsorshipPackage
from eventapp.sponsors.services import COMMITTED

LINK_PURPOSE = "sponsor-link"


def _contact_key(email: str) -> str:
    # The link names the contact by a digest, so a forwarded link does not show the address.
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def contact_token(sponsor: Sponsor) -> str:
    """The signed token in the sponsor contact's link (the contact has no account). It is
    bound to the contact's email, so changing the contact retires the old link."""
    return make_token(LINK_PURPOSE, {"sponsor": sponsor.id, "contact": _contact_key(sponsor.contact_email)})


def sponsor_for_token(token: str) -> Sponsor:
    """The sponsor of a contact's link; DomainError for a tampered, retired or unknown link."""
    invalid = _("This link is not valid. Check that you copied all of it, or ask the organisers for a new one.")
    try:
        payload = read_token(LINK_PURPOSE, token)
    except TokenInvalid:
        raise DomainError(invalid) from None
    sponsor_id = payload.get("sponsor") if isinstance(payload, dict) else None
    sponsor = db.session.get(Sponsor, sponsor_id) if isinstance(sponsor_id, int) else None
    if sponsor is None or _contact_key(sponsor.contact_email) != payload.get("contact"):
        raise DomainError(invalid)
    return sponsor


def passes_left(sponsor: Sponsor) -> int:
    return max(sponsor.package.complimentary_passes - sponsor.passes_used, 0)


def pass_registrations(sponsor: Sponsor) -> list[Registration]:
    """The registrations made with the sponsor's passes, oldest first."""
    return list(db.session.scalars(
        sa.select(Registration).join(SponsorPass, SponsorPass.registration_id == Registration.id)
        .options(joinedload(Registration.category))
        .where(SponsorPass.sponsor_id == sponsor.id).order_by(SponsorPass.id)
    ).unique())


def pass_categories(event: Event, organiser: bool) -> list[ParticipantCategory]:
    """The categories a pass may be in: any for an organiser, the public ones for a contact."""
    query = sa.select(ParticipantCategory).where(ParticipantCategory.event_id == event.id)
    if not organiser:
        query = query.where(ParticipantCategory.public.is_(True))
    return list(db.session.scalars(query.order_by(ParticipantCategory.code)))


def give_pass_back(registration: Registration) -> None:
    """A cancelled or rejected pass holder frees the pass (a REGISTRATION_ENDED_HOOKS hook;
    the cancelling service commits)."""
    used = db.session.scalar(sa.select(SponsorPass).where(SponsorPass.registration_id == registration.id))
    if used is None:
        return
    db.session.execute(
        sa.update(Sponsor)
        .where(Sponsor.id == used.sponsor_id, Sponsor.passes_used > 0)
        .values(passes_used=Sponsor.passes_used - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.delete(used)
    sponsor = db.session.get(Sponsor, used.sponsor_id)
    if sponsor is not None:
        db.session.expire(sponsor, ["passes_used"])


def _take_pass(sponsor: Sponsor) -> bool:
    """Take one pass in one conditional UPDATE; False when the package's passes are used up.

    The database re-checks the condition under the sponsor row's lock, so concurrent
    requests never use more passes than the package offers.
    """
    offered = (sa.select(SponsorshipPackage.complimentary_passes)
               .where(SponsorshipPackage.id == Sponsor.package_id).scalar_subquery())
    result = db.session.execute(
        sa.update(Sponsor)
        .where(Sponsor.id == sponsor.id, Sponsor.passes_used < offered)
        .values(passes_used=Sponsor.passes_used + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(sponsor, ["passes_used"])
    return result.rowcount == 1


def _passes_used_up(sponsor: Sponsor) -> DomainError:
    return DomainError(_("All %(n)d complimentary passes of the %(package)s package have been used.",
                         n=sponsor.package.complimentary_passes, package=localized(sponsor.package, "name")))


def register_pass(sponsor: Sponsor, details: ParticipantDetails, actor_id: int | None = None) -> Registration:
    """Register a member of the sponsor's staff on one of its complimentary passes, with the
    fee waived ("Complimentary pass: <sponsor>", audited) and the sponsor's institution.

    `actor_id` is the organiser doing it (any category of the event, even after registration
    closed), or None for the sponsor's contact through the signed link (a public category,
    while registration is open). Only for a confirmed sponsor and up to the package's number
    of passes, counted by one conditional UPDATE; beyond it nothing is saved. The person gets
    the usual confirmation email.
    """
    from eventapp.registration.notifications import notify_registered

    if sponsor.status not in COMMITTED:
        raise DomainError(_("Complimentary passes are available once the sponsorship is confirmed."))
    event = sponsor.event
    if actor_id is None:
        check_registration_open(event)
    if passes_left(sponsor) <= 0:
        raise _passes_used_up(sponsor)
    details.institution_id, details.institution_name = sponsor.institution_id, ""
    errors = check_details(event, details, allow_hidden=actor_id is not None)
    if errors:
        raise InvalidInput(errors)
    already = _("This email is already registered for this meeting.")
    if email_taken(event, details.clean_email) is not None:
        raise DomainError(already, field="email")
    if not _take_pass(sponsor):
        db.session.rollback()
        raise _passes_used_up(sponsor)
    category = db.session.get(ParticipantCategory, details.category_id)
    reason = _("Complimentary pass: %(sponsor)s", sponsor=sponsor.institution.name)[:300]
    registration = new_registration(event, details, category, sponsor.institution, waiver_reason=reason)
    if take_places(category):
        registration.status = status_after_place(category, registration.amount_due)
    try:
        db.session.add(registration)
        db.session.flush()
        db.session.add(SponsorPass(sponsor_id=sponsor.id, registration_id=registration.id))
        audit.record(actor_id, "registration.fee_waiver", f"registration:{registration.reference}", reason)
        db.session.commit()
    except sa.exc.IntegrityError:  # the same email registered meanwhile; the pass is given back
        db.session.rollback()
        raise DomainError(already, field="email") from None
    notify_registered(registration)
    return registration
