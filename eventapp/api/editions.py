"""Which editions an API token may read: every published one (open, closed, archived); a draft
only with an administrator's, organiser's or programme token (they prepare it)."""
import math

import sqlalchemy as sa

from eventapp.core.roles import Role
from eventapp.events.models import Event, EventStatus
from eventapp.extensions import db

DRAFT_READERS = frozenset({Role.ADMIN, Role.ORGANISER, Role.PROGRAMME})
# Ids beyond a 32-bit integer are no one's: never sent to PostgreSQL, which would refuse them.
MAX_ID = 2**31 - 1


def _visible(role: Role):
    return sa.true() if role in DRAFT_READERS else Event.status != EventStatus.DRAFT


def visible_event(event_id: int, role: Role) -> Event | None:
    """The event with this id if a token of `role` may read it, else None."""
    if not 0 < event_id <= MAX_ID:
        return None
    return db.session.scalar(sa.select(Event).where(Event.id == event_id, _visible(role)))


def editions_page(role: Role, page: int, per_page: int) -> tuple[list[Event], int, int]:
    """One page of the editions a token of `role` may read, newest first: (events, page, total);
    a page past the last gives the last."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Event).where(_visible(role)))
    page = min(page, max(math.ceil(total / per_page), 1))
    events = list(db.session.scalars(
        sa.select(Event).where(_visible(role)).order_by(Event.starts_on.desc(), Event.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ))
    return events, page, total
