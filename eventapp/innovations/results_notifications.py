"""The results email to each team: selected to present, selected for the exhibition, or not
selected this time, with its awards. One message per entry, to the owner's account and every
team member, in the owner's language; sent after the commit, once.

Each entry is claimed first (one conditional UPDATE of `result_notified_at`), so two presses of
the button at once never email a team twice; a failed send gives the claim back, so the next
press tries again."""
import logging

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from eventapp.core.mail import send_email
from eventapp.core.models import utcnow
from eventapp.core.urls import external_url
from eventapp.events.services import PUBLIC_STATUSES
from eventapp.extensions import db
from eventapp.innovations.awards import award_label, awards_by_entry, awards_of
from eventapp.innovations.models import Entry, EntryStatus, InnovationCall

log = logging.getLogger(__name__)


def outcome(entry: Entry) -> str:
    """"presenting", "exhibition" or "not_selected"."""
    return "presenting" if entry.presenting else "exhibition" if entry.exhibition else "not_selected"


def team_addresses(entry: Entry) -> list[str]:
    """The owner's address and the team members', each once (whatever its letter case)."""
    addresses, seen = [], set()
    owner = entry.owner
    candidates = ([owner.email] if owner is not None and owner.active else []) + [m.email for m in entry.members]
    for address in candidates:
        if address and address.lower() not in seen:
            seen.add(address.lower())
            addresses.append(address)
    return addresses


def _claim(entry_id: int, claimed: bool) -> bool:
    """Mark the entry told (only if it was not yet), or give the mark back; True if it changed."""
    condition = Entry.result_notified_at.is_(None) if claimed else Entry.result_notified_at.is_not(None)
    result = db.session.execute(
        sa.update(Entry).where(Entry.id == entry_id, condition)
        .values(result_notified_at=utcnow() if claimed else None).execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def _send(entry: Entry, awards, link: str | None) -> bool:
    addresses = team_addresses(entry)
    if not addresses:
        return True  # nobody to tell; the entry counts as told
    language = (entry.owner.locale if entry.owner is not None else None) or "sw"
    subjects = {"presenting": _l("Your entry is selected to present"),
                "exhibition": _l("Your entry is selected for the exhibition"),
                "not_selected": _l("The results of the research and innovation competition")}
    try:
        send_email(addresses, subjects[outcome(entry)], "innovation_result", language=language, entry=entry,
                   event=entry.call.event, outcome=outcome(entry), awards=awards, award_label=award_label,
                   link=link)
    except Exception:  # noqa: BLE001 — the results stand; pressing publish again retries this team
        log.exception("Could not email the results to the team of entry %s", entry.id)
        return False
    return True


def notify_results(call: InnovationCall) -> int:
    """Email every eligible entry's team not told yet; returns how many teams were emailed."""
    entries = db.session.scalars(
        sa.select(Entry).where(Entry.call_id == call.id, Entry.status == EntryStatus.ELIGIBLE,
                               Entry.result_notified_at.is_(None))
        .options(joinedload(Entry.owner), selectinload(Entry.members), joinedload(Entry.institution))
        .order_by(Entry.id)
    ).all()
    if not entries:
        return 0
    awards = awards_by_entry(awards_of(call))
    link = None
    if call.event.status in PUBLIC_STATUSES:  # a draft meeting's pages do not open yet
        try:
            link = external_url("innovations.public_selected", edition=call.event.edition)
        except Exception:  # noqa: BLE001 — the email still tells the outcome without the link
            log.exception("Could not build the link to the selected entries of call %s", call.id)
    sent = 0
    for entry in entries:
        if not _claim(entry.id, True):
            continue  # another press is telling this team
        if _send(entry, awards.get(entry.id, []), link):
            sent += 1
        else:
            _claim(entry.id, False)
    return sent
