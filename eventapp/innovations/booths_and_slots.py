"""What a selected entry is given: an exhibition booth (for an entry selected for the
exhibition) and a programme slot (for an entry selected to present).

Booths are allocated through the sponsors' `_take_booth`, the one conditional UPDATE every
holder goes through, so a booth never has two holders (a sponsor and an entry, or two entries),
also when two organisers give it at the same moment. A slot is a presentation item of the same
event, held by one entry at most (unique in the database). Audited; each function commits its
own work and refuses with a message a person can read, changing nothing."""
import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from eventapp.core import audit
from eventapp.core.errors import DomainError
from eventapp.events.models import EventDay
from eventapp.extensions import db
from eventapp.innovations.models import Entry, InnovationCall
from eventapp.programme.models import ItemKind, ProgrammeItem
from eventapp.sponsors import booths as booth_rules
from eventapp.sponsors.models import Booth


def _refuse(message: str, field: str | None = None):
    db.session.rollback()
    raise DomainError(message, field=field)


def entry_booth_label(booth: Booth, short: bool = False) -> str:
    """The title of the entry holding the booth, or "" (for the sponsors' `holder_label`)."""
    if booth.entry_id is None:
        return ""
    entry = db.session.get(Entry, booth.entry_id)
    return entry.title if entry is not None else ""


# Booths -----------------------------------------------------------------------------------


def booths_by_entry(call: InnovationCall) -> dict[int, Booth]:
    """The booth each of the call's entries holds, by entry id (one query)."""
    booths = db.session.scalars(
        sa.select(Booth).join(Entry, Entry.id == Booth.entry_id).where(Entry.call_id == call.id)
    )
    return {booth.entry_id: booth for booth in booths}


def free_booths(call: InnovationCall) -> list[Booth]:
    """The event's booths nobody holds, by number."""
    return list(db.session.scalars(
        sa.select(Booth).where(Booth.event_id == call.event_id, Booth.sponsor_id.is_(None), Booth.entry_id.is_(None))
        .order_by(Booth.number)
    ))


def give_booth(entry: Entry, booth: Booth | None, actor_id: int | None = None) -> Booth:
    """Give a free booth of the same event to an entry selected for the exhibition; an entry
    holds one booth at most."""
    field = "booth_id"
    if booth is None:
        _refuse(_("Choose a booth."), field)
    # Lock the entry's row: two gives to one entry at once queue, and the second sees the first.
    db.session.refresh(entry, with_for_update=True)
    if not entry.exhibition:
        _refuse(_("Only an entry selected for the exhibition can be given a booth."), field)
    if booth.event_id != entry.call.event_id:
        _refuse(_("That booth belongs to another meeting."), field)
    held = db.session.scalar(sa.select(Booth.number).where(Booth.entry_id == entry.id))
    if held is not None:
        _refuse(_("The entry already holds booth %(number)s; release it first.", number=held), field)
    return booth_rules._take_booth(booth, Booth.entry_id, entry.id, entry.title, None, actor_id)


def release_entry_booth(entry: Entry, actor_id: int | None = None) -> Booth:
    """Take the entry's booth back (only while this entry still holds it)."""
    booth = db.session.scalar(sa.select(Booth).where(Booth.entry_id == entry.id))
    if booth is None:
        _refuse(_("The entry holds no booth."))
    return booth_rules.release_booth(booth, expected_entry_id=entry.id, actor_id=actor_id)


# Programme slots --------------------------------------------------------------------------


def presentation_choices(call: InnovationCall) -> list[ProgrammeItem]:
    """The event's presentation items no entry holds yet, in programme order."""
    taken = sa.select(Entry.programme_item_id).where(Entry.programme_item_id.is_not(None))
    return list(db.session.scalars(
        sa.select(ProgrammeItem).join(EventDay, EventDay.id == ProgrammeItem.day_id)
        .options(joinedload(ProgrammeItem.day))
        .where(ProgrammeItem.event_id == call.event_id, ProgrammeItem.kind == ItemKind.PRESENTATION,
               ProgrammeItem.id.not_in(taken))
        .order_by(EventDay.date, ProgrammeItem.starts_at, ProgrammeItem.id)
    ))


def link_presentation(entry: Entry, item: ProgrammeItem | None, actor_id: int | None = None) -> Entry:
    """Give an entry selected to present its slot: a presentation item of the same event that
    no other entry holds. An entry has one slot; unlink it before choosing another."""
    field = "programme_item_id"
    if not entry.presenting:
        _refuse(_("Only an entry selected to present can be given a programme slot."), field)
    if item is None:
        _refuse(_("Choose a presentation slot."), field)
    if item.event_id != entry.call.event_id:
        _refuse(_("That programme item belongs to another meeting."), field)
    if item.kind != ItemKind.PRESENTATION:
        _refuse(_("Choose a programme item of the presentation kind."), field)
    if entry.programme_item_id == item.id:
        _refuse(_("The entry already has this slot."), field)
    if entry.programme_item_id is not None:
        _refuse(_("The entry already has a programme slot; unlink it first."), field)
    holder = db.session.scalar(sa.select(Entry.title).where(Entry.programme_item_id == item.id))
    if holder is not None:
        _refuse(_("That slot is already given to “%(title)s”.", title=holder), field)
    entry.programme_item_id = item.id
    audit.record(actor_id, "innovations.slot_linked", f"innovation_entry:{entry.id}", f"programme_item:{item.id}")
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # another organiser gave the slot away meanwhile
        _refuse(_("That slot was just given to another entry."), field)
    return entry


def unlink_presentation(entry: Entry, actor_id: int | None = None) -> Entry:
    """Free the entry's programme slot."""
    if entry.programme_item_id is None:
        _refuse(_("The entry has no programme slot."))
    item_id = entry.programme_item_id
    entry.programme_item_id = None
    audit.record(actor_id, "innovations.slot_unlinked", f"innovation_entry:{entry.id}", f"programme_item:{item_id}")
    db.session.commit()
    return entry
