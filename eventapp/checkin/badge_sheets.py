"""Print sheets of badges for a filter (group, institution, category, status), in the order
the desks hand them out: by institution, then by surname and first name.

Up to SHEET_INLINE_LIMIT badges the organiser downloads the PDF at once; more go through the
background job "badges.sheet", which reads the registrations in chunks and counts each badge.
"""
from collections.abc import Callable, Iterator
from datetime import date

import sqlalchemy as sa
from flask_babel import ngettext
from sqlalchemy.orm import joinedload

from eventapp.checkin.badges import BadgeContent, badge_content, render_badge_contents
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.jobs.runner import JobOutput, Progress, job_kind
from eventapp.registration.models import Institution, ParticipantCategory, Registration, RegistrationStatus
from eventapp.registration.services.listing import LIVE, RegistrationFilter, count_registrations, filter_clauses

SHEET_INLINE_LIMIT = 40
CHUNK = 200
# The statuses a sheet may be printed for: confirmed (the default), waiting for payment (printed
# ahead, handed over once paid), or every registration not cancelled or rejected.
SHEET_STATUSES = (RegistrationStatus.CONFIRMED.value, RegistrationStatus.PENDING_PAYMENT.value, LIVE)
DEFAULT_STATUS = RegistrationStatus.CONFIRMED.value


def sheet_filter(group_id: int | None = None, category_id: int | None = None, institution_id: int | None = None,
                 status: str = DEFAULT_STATUS) -> RegistrationFilter:
    """The registrations filter of a sheet; a status a sheet is not printed for becomes confirmed."""
    return RegistrationFilter(group_id=group_id or None, category_id=category_id or None,
                              institution_id=institution_id or None,
                              status=status if status in SHEET_STATUSES else DEFAULT_STATUS)


def count_badges(event: Event, filters: RegistrationFilter) -> int:
    return count_registrations(event, filters)


def event_institutions(event: Event) -> list[tuple[int, str]]:
    """The institutions with registrations for `event`, by name, as (id, label)."""
    rows = db.session.execute(
        sa.select(Institution.id, Institution.name, Institution.acronym)
        .where(Institution.id.in_(sa.select(Registration.institution_id).where(Registration.event_id == event.id)))
        .order_by(Institution.name, Institution.id)
    )
    return [(id_, f"{name} ({acronym})" if acronym else name) for id_, name, acronym in rows]


def badge_order_ids(event: Event, filters: RegistrationFilter) -> list[int]:
    """The matching registrations' ids by institution, surname, first and middle name (then id,
    so the order is the same every time)."""
    return list(db.session.scalars(
        sa.select(Registration.id)
        .join(Institution, Institution.id == Registration.institution_id)
        .where(*filter_clauses(event, filters))
        .order_by(Institution.name, Institution.id, Registration.last_name, Registration.first_name,
                  Registration.middle_name, Registration.id)
    ))


def badge_contents(ids: list[int], chunk_size: int = CHUNK) -> Iterator[BadgeContent]:
    """The badges of `ids`, in that order, read `chunk_size` registrations at a time."""
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start:start + chunk_size]
        registrations = db.session.scalars(
            sa.select(Registration).where(Registration.id.in_(chunk)).options(
                joinedload(Registration.event),
                joinedload(Registration.institution),
                joinedload(Registration.category).joinedload(ParticipantCategory.group),
            )
        ).unique()
        by_id = {r.id: badge_content(r) for r in registrations}  # read before any commit expires them
        for registration_id in chunk:
            if registration_id in by_id:
                yield by_id[registration_id]


def sheet_title(event: Event) -> str:
    return f"Beji / Badges — {event.title_sw}"


def sheet_filename(event: Event) -> str:
    return f"badges-{event.edition}-{date.today().isoformat()}.pdf"


def render_sheet(event: Event, filters: RegistrationFilter, on_badge: Callable[[], None] | None = None) -> bytes:
    """The A4 sheets for the event's registrations matching `filters`."""
    return render_badge_contents(badge_contents(badge_order_ids(event, filters)), sheet_title(event), on_badge)


def sheet_params(event: Event, filters: RegistrationFilter) -> dict:
    """A sheet's filter as the job's parameters (plain JSON)."""
    return {"event_id": event.id, "group_id": filters.group_id, "category_id": filters.category_id,
            "institution_id": filters.institution_id, "status": filters.status}


@job_kind("badges.sheet")
def badge_sheet_job(params: dict, progress: Progress) -> JobOutput:
    """The background job: every badge of the filter, progress counted per badge. The event's
    own registrations only, whatever ids the parameters carry."""
    event = db.session.get(Event, int(params["event_id"]))
    if event is None:
        raise LookupError(f"no event {params['event_id']!r}")
    filters = sheet_filter(params.get("group_id"), params.get("category_id"), params.get("institution_id"),
                           params.get("status") or DEFAULT_STATUS)
    ids = badge_order_ids(event, filters)
    progress.set_total(len(ids))
    filename, title = sheet_filename(event), sheet_title(event)
    data = render_badge_contents(badge_contents(ids), title, progress.advance)
    return JobOutput(data=data, kind="pdf", filename=filename, mimetype="application/pdf",
                     message=ngettext("%(num)d badge.", "%(num)d badges.", len(ids)))
