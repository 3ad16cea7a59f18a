"""An edition's published competition results: the call once the organisers have published
them, and its selected entries. Read by the public list and the JSON API alike."""
import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from eventapp.extensions import db
from eventapp.innovations.models import Entry, InnovationCall


def published_call(event_id: int) -> InnovationCall | None:
    """The edition's competition once its results are published, else None."""
    return db.session.scalar(sa.select(InnovationCall).where(
        InnovationCall.event_id == event_id, InnovationCall.results_published_at.is_not(None)))


def selected_entries(call: InnovationCall) -> list[Entry]:
    """The entries selected for the exhibition (institution and category loaded): those
    presenting first, then by title."""
    return list(db.session.scalars(
        sa.select(Entry).where(Entry.call_id == call.id, Entry.exhibition)
        .options(joinedload(Entry.institution), joinedload(Entry.category))
        .order_by(Entry.presenting.desc(), Entry.title)
    ))
