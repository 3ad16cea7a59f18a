"""Programme slots given to sponsors (the slot then names its sponsor), and the sponsors' logo
files for other areas (the programme PDF)."""
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from eventapp.core import audit
from eventapp.core.errors import DomainError
from eventapp.core.i18n import localized
from eventapp.core.uploads import upload_path
from eventapp.events.models import Event, EventDay
from eventapp.extensions import db
from eventapp.programme.models import ItemKind, ProgrammeItem
from eventapp.registration.models import (
    Institution,
)
from eventapp.sponsors.models import Sponsor, SponsorshipPackage, SponsorSlot
from eventapp.sponsors.services import COMMITTED, sponsor_name


def slot_minutes(item: ProgrammeItem) -> int:
    """How long a programme item lasts, in minutes (a moment lasts none)."""
    if item.ends_at is None:
        return 0
    return (item.ends_at.hour * 60 + item.ends_at.minute) - (item.starts_at.hour * 60 + item.starts_at.minute)


def slot_choices(event: Event) -> list[ProgrammeItem]:
    """The event's sponsor-slot items in programme order (day, then time)."""
    return list(db.session.scalars(
        sa.select(ProgrammeItem).join(EventDay, EventDay.id == ProgrammeItem.day_id)
        .options(joinedload(ProgrammeItem.day))
        .where(ProgrammeItem.event_id == event.id, ProgrammeItem.kind == ItemKind.SPONSOR_SLOT)
        .order_by(EventDay.date, ProgrammeItem.starts_at, ProgrammeItem.id)
    ))


def slots_of(sponsor: Sponsor) -> list[SponsorSlot]:
    return list(db.session.scalars(
        sa.select(SponsorSlot).join(ProgrammeItem, ProgrammeItem.id == SponsorSlot.item_id)
        .join(EventDay, EventDay.id == ProgrammeItem.day_id)
        .options(joinedload(SponsorSlot.item).joinedload(ProgrammeItem.day))
        .where(SponsorSlot.sponsor_id == sponsor.id).order_by(EventDay.date, ProgrammeItem.starts_at)
    ))


def slot_holders(event: Event) -> dict[int, Sponsor]:
    """{programme item id: its sponsor} for the event's linked sponsor slots."""
    rows = db.session.execute(
        sa.select(SponsorSlot.item_id, Sponsor).join(Sponsor, Sponsor.id == SponsorSlot.sponsor_id)
        .options(joinedload(Sponsor.institution)).where(Sponsor.event_id == event.id)
    )
    return {item_id: sponsor for item_id, sponsor in rows}


def link_programme_slot(sponsor: Sponsor, item: ProgrammeItem | None, actor_id: int | None = None) -> SponsorSlot:
    """Give the sponsor a sponsor slot of the programme: the slot then names the sponsor (its
    institution's acronym, else its name). One sponsor per slot, and no more minutes in all
    than the sponsor's package offers."""
    if item is None or item.event_id != sponsor.event_id or item.kind is not ItemKind.SPONSOR_SLOT:
        raise DomainError(_("Choose a sponsor slot of this meeting's programme."), field="item_id")
    holder = db.session.scalar(sa.select(SponsorSlot).where(SponsorSlot.item_id == item.id))
    if holder is not None:
        if holder.sponsor_id == sponsor.id:
            raise DomainError(_("This slot is already this sponsor's."), field="item_id")
        raise DomainError(_("This slot belongs to %(sponsor)s.", sponsor=sponsor_name(holder.sponsor)),
                          field="item_id")
    used = sum(slot_minutes(slot.item) for slot in slots_of(sponsor))
    offered = sponsor.package.programme_minutes
    if used + slot_minutes(item) > offered:
        raise DomainError(
            _("The %(package)s package includes %(offered)d programme minutes; %(used)d are taken and this slot "
              "lasts %(slot)d.", package=localized(sponsor.package, "name"), offered=offered, used=used,
              slot=slot_minutes(item)),
            field="item_id",
        )
    slot = SponsorSlot(sponsor_id=sponsor.id, item_id=item.id)
    db.session.add(slot)
    item.sponsor_label = sponsor_name(sponsor)
    try:
        db.session.flush()
        audit.record(actor_id, "sponsors.slot_linked", f"sponsor:{sponsor.id}", f"programme_item:{item.id}")
        db.session.commit()
    except sa.exc.IntegrityError:  # another sponsor took the slot meanwhile
        db.session.rollback()
        raise DomainError(_("This slot was just given to another sponsor."), field="item_id") from None
    return slot


def unlink_programme_slot(slot: SponsorSlot, actor_id: int | None = None) -> None:
    """Take a slot back from its sponsor; the programme no longer names it."""
    slot.item.sponsor_label = ""
    audit.record(actor_id, "sponsors.slot_unlinked", f"sponsor:{slot.sponsor_id}", f"programme_item:{slot.item_id}")
    db.session.delete(slot)
    db.session.commit()


# --- logos for other areas ---------------------------------------------------------------


def logo_path(sponsor: Sponsor) -> Path | None:
    """The stored logo file, when there is one on disk."""
    if not sponsor.logo_file:
        return None
    path = upload_path(sponsor.logo_file)
    return path if path.is_file() else None


def programme_logo_paths(event: Event) -> list[str]:
    """SPONSOR_LOGO_PROVIDERS: the logo files of the event's committed sponsors whose package
    puts the logo on the programme, by package rank."""
    sponsors = db.session.scalars(
        sa.select(Sponsor).join(Sponsor.package).join(Sponsor.institution)
        .where(Sponsor.event_id == event.id, Sponsor.status.in_(COMMITTED), Sponsor.logo_file.is_not(None),
               SponsorshipPackage.logo_on_programme.is_(True))
        .order_by(SponsorshipPackage.rank, SponsorshipPackage.amount.desc(), Institution.name)
    )
    return [str(path) for path in map(logo_path, sponsors) if path is not None]
