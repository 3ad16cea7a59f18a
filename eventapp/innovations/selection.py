"""The selection, once the scoring is closed: the shortlist of the top entries for the
exhibition and for presentations (numbers set per call), the organisers' changes by hand, and
publishing the results (teams emailed once each).

Presenting entries are also exhibited. The selection stops changing once the results are
published, so what the teams were told stays true. Every change is audited; each function
commits its own work and refuses with a message a person can read, changing nothing.
"""
import sqlalchemy as sa
from flask_babel import gettext as _

from eventapp.core import audit
from eventapp.core.errors import DomainError
from eventapp.core.models import utcnow
from eventapp.extensions import db
from eventapp.innovations.models import Entry, EntryStatus, InnovationCall
from eventapp.innovations.standings import standings_of
from eventapp.sponsors.models import Booth


def _refuse(message: str, field: str | None = None):
    db.session.rollback()
    raise DomainError(message, field=field)


def _lock_call(call: InnovationCall):
    """Lock the call's row for the rest of the transaction (selections of one call queue) and
    read its scoring and publication times as stored now."""
    return db.session.execute(
        sa.select(InnovationCall.scoring_closed_at, InnovationCall.results_published_at)
        .where(InnovationCall.id == call.id).with_for_update()
    ).one()


def _check_selection_open(call: InnovationCall) -> None:
    closed_at, published_at = _lock_call(call)
    if closed_at is None:
        _refuse(_("The scoring is still open; close it before selecting entries."))
    if published_at is not None:
        _refuse(_("The results are published; the selection can no longer change."))


def _booth_number(entry: Entry) -> str | None:
    return db.session.scalar(sa.select(Booth.number).where(Booth.entry_id == entry.id))


def shortlist(call: InnovationCall, actor_id: int | None = None) -> tuple[int, int]:
    """Select the top `exhibition_places` ranked entries for the exhibition and the top
    `presentation_places` of them to present, clearing every other entry's selection; returns
    how many are exhibited and how many present.

    Refused while the scoring is open, once the results are published, and when an entry that
    would lose its place holds a booth (or, to present, a programme slot): release it first.
    """
    _check_selection_open(call)
    standings = standings_of(call)
    ranked = [row.entry.id for row in standings.ranked]
    exhibited = set(ranked[:call.exhibition_places])
    presenting = set(ranked[:min(call.presentation_places, call.exhibition_places)])
    losing_booths = db.session.execute(
        sa.select(Entry.title, Booth.number).join(Booth, Booth.entry_id == Entry.id)
        .where(Entry.call_id == call.id, Entry.id.not_in(exhibited)).order_by(Entry.title)
    ).first()
    if losing_booths is not None:
        _refuse(_("“%(title)s” would leave the exhibition but holds booth %(number)s; release the booth first.",
                  title=losing_booths.title, number=losing_booths.number))
    losing_slot = db.session.scalar(
        sa.select(Entry.title).where(Entry.call_id == call.id, Entry.programme_item_id.is_not(None),
                                     Entry.id.not_in(presenting)).order_by(Entry.title)
    )
    if losing_slot is not None:
        _refuse(_("“%(title)s” would no longer present but has a programme slot; unlink the slot first.",
                  title=losing_slot))
    db.session.execute(
        sa.update(Entry).where(Entry.call_id == call.id, Entry.status == EntryStatus.ELIGIBLE)
        .values(exhibition=Entry.id.in_(exhibited), presenting=Entry.id.in_(presenting))
        .execution_options(synchronize_session=False)
    )
    audit.record(actor_id, "innovations.shortlisted", f"innovation_call:{call.id}",
                 f"exhibition: {len(exhibited)}, presenting: {len(presenting)}")
    db.session.commit()
    return len(exhibited), len(presenting)


def set_selection(entry: Entry, exhibition: bool, presenting: bool, actor_id: int | None = None) -> Entry:
    """Select or unselect one entry by hand: for the exhibition, and to present (which also
    exhibits it). Only an eligible entry may be selected, never beyond the call's numbers; an
    entry keeps its place while it holds a booth (or, to present, a programme slot)."""
    exhibition = bool(exhibition or presenting)
    presenting = bool(presenting)
    call = entry.call
    _check_selection_open(call)
    # Its status and selection as stored now; locked, so a booth given at this moment waits.
    db.session.refresh(entry, with_for_update=True)
    if (exhibition or presenting) and entry.status != EntryStatus.ELIGIBLE:
        _refuse(_("Only an eligible entry can be selected."), "exhibition")
    booth_number = _booth_number(entry) if not exhibition and entry.exhibition else None
    if booth_number is not None:
        _refuse(_("The entry holds booth %(number)s; release the booth before taking it out of the exhibition.",
                  number=booth_number), "exhibition")
    if not presenting and entry.programme_item_id is not None:
        _refuse(_("The entry has a programme slot; unlink the slot before it stops presenting."), "presenting")
    others = sa.select(sa.func.count(Entry.id)).where(Entry.call_id == call.id, Entry.id != entry.id)
    if exhibition and not entry.exhibition:
        if db.session.scalar(others.where(Entry.exhibition)) >= call.exhibition_places:
            _refuse(_("All %(n)d exhibition places are taken; unselect another entry first.",
                      n=call.exhibition_places), "exhibition")
    if presenting and not entry.presenting:
        if db.session.scalar(others.where(Entry.presenting)) >= call.presentation_places:
            _refuse(_("All %(n)d presentation places are taken; unselect another entry first.",
                      n=call.presentation_places), "presenting")
    if (entry.exhibition, entry.presenting) == (exhibition, presenting):
        db.session.rollback()
        return entry
    entry.exhibition, entry.presenting = exhibition, presenting
    audit.record(actor_id, "innovations.selection_changed", f"innovation_entry:{entry.id}",
                 f"exhibition: {exhibition}, presenting: {presenting}")
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # the entry was screened out meanwhile: the database refuses
        _refuse(_("Only an eligible entry can be selected."), "exhibition")
    return entry


def selected_count(call: InnovationCall) -> tuple[int, int]:
    """How many entries are selected for the exhibition and to present (one query)."""
    row = db.session.execute(
        sa.select(sa.func.count(Entry.id).filter(Entry.exhibition), sa.func.count(Entry.id).filter(Entry.presenting))
        .where(Entry.call_id == call.id)
    ).one()
    return row[0], row[1]


def publish_results(call: InnovationCall, actor_id: int | None = None) -> int:
    """Publish the results (the public list of selected entries shows from now on) and email
    every eligible entry's team its outcome once; returns how many teams were emailed now.

    Pressed again, it keeps the first publication time and emails only teams not told yet
    (such as one whose email failed). Refused while the scoring is open and before any
    entry is selected.
    """
    closed_at, published_at = _lock_call(call)
    if closed_at is None:
        _refuse(_("The scoring is still open; close it before publishing the results."))
    if published_at is None:
        if selected_count(call)[0] == 0:
            _refuse(_("No entry is selected yet; shortlist the entries before publishing the results."))
        call.results_published_at = utcnow()
        audit.record(actor_id, "innovations.results_published", f"innovation_call:{call.id}")
    db.session.commit()
    from eventapp.innovations.results_notifications import notify_results

    return notify_results(call)
