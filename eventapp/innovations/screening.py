"""The organisers' list of a call's entries, and their screening: eligible (the entry goes to
the judges), or ineligible with a reason that is emailed to the owner and every team member. An
entry may be screened again until a judge has scored it; a withdrawn entry is not screened.

`screen` takes plain arguments, raises DomainError with a message a person can read, commits
its own work and is audited.
"""
import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from eventapp.core import audit
from eventapp.core.errors import DomainError
from eventapp.core.search import LIKE_ESCAPE, contains_pattern
from eventapp.extensions import db
from eventapp.innovations.entries import entry_has_scores
from eventapp.innovations.models import Entry, EntryStatus
from eventapp.registration.models import Institution

MAX_REASON = 2000
MAX_SEARCH = 100
PER_PAGE = 25


def screen(entry: Entry, eligible: bool, reason: str = "", actor_id: int | None = None) -> Entry:
    """Mark the entry eligible, or ineligible with `reason` (required; emailed to the team).

    Refused for a withdrawn entry, for an entry on the shortlist, and once any judge has
    scored the entry (the judging has then started on the strength of this screening).
    """
    reason = (reason or "").replace("\r\n", "\n").strip()
    if entry.status is EntryStatus.WITHDRAWN:
        raise DomainError(_("This entry was withdrawn by its team; it is not screened."))
    if entry_has_scores(entry):
        raise DomainError(_("The judges have started scoring this entry; its screening can no longer change."))
    if entry.exhibition or entry.presenting:
        raise DomainError(_("This entry is on the shortlist; take it off the shortlist before screening it again."))
    if not eligible and not reason:
        raise DomainError(_("Give the reason the entry is not eligible; it is sent to the team."), field="reason")
    if len(reason) > MAX_REASON:
        raise DomainError(_("At most %(n)d characters.", n=MAX_REASON), field="reason")
    before = entry.status
    entry.status = EntryStatus.ELIGIBLE if eligible else EntryStatus.INELIGIBLE
    entry.screening_reason = "" if eligible else reason
    audit.record(actor_id, "innovations.entry_screened", f"innovation_entry:{entry.id}",
                 f"{before.value} -> {entry.status.value}" + (f": {reason}" if reason and not eligible else ""))
    db.session.commit()
    if not eligible:
        from eventapp.innovations.notifications import notify_ineligible

        notify_ineligible(entry)
    return entry


def entries_page(call, status: EntryStatus | None = None, text: str = "", page: int = 1, per_page: int = PER_PAGE):
    """One page of the call's entries (filtered by status, searched by title or by the
    institution's name or acronym), the latest submitted first, with institution and category
    loaded."""
    query = (
        sa.select(Entry).join(Institution, Institution.id == Entry.institution_id)
        .options(joinedload(Entry.institution), joinedload(Entry.category))
        .where(Entry.call_id == call.id).order_by(Entry.submitted_at.desc(), Entry.id.desc())
    )
    if status is not None:
        query = query.where(Entry.status == status)
    text = " ".join((text or "").split())[:MAX_SEARCH]
    if text:
        pattern = contains_pattern(text.lower())
        query = query.where(sa.or_(sa.func.lower(Entry.title).like(pattern, escape=LIKE_ESCAPE),
                                   sa.func.lower(Institution.name).like(pattern, escape=LIKE_ESCAPE),
                                   sa.func.lower(Institution.acronym).like(pattern, escape=LIKE_ESCAPE)))
    return db.paginate(query, page=max(page, 1), per_page=per_page, max_per_page=100, error_out=False)
