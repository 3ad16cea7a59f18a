"""The meeting's resolutions (maazimio): numbered per event, Swahili text required, an owner
(an institution of the directory and/or a free text such as "All ministries"), an optional
due date, a status. Open and in-progress resolutions are carried into later editions, where
ministries report progress on them (`resolution_progress`).

Each rule is one function; each takes plain arguments, raises DomainError (InvalidInput for
several fields at once) and commits its own work.
"""
import re
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from eventapp.core import audit
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import Institution
from eventapp.registration.services.institutions import name_key
from eventapp.reports.models import Resolution, ResolutionStatus
from eventapp.reports.wrapped_sheet import wrapped_xlsx

STATUS_LABELS = {
    ResolutionStatus.OPEN: _l("open"),
    ResolutionStatus.IN_PROGRESS: _l("in progress"),
    ResolutionStatus.DONE: _l("done"),
    ResolutionStatus.DROPPED: _l("dropped"),
}
# A resolution with one of these statuses is still to be reported on at later editions.
CARRIED_STATUSES = (ResolutionStatus.OPEN, ResolutionStatus.IN_PROGRESS)
MAX_TEXT = 4000
MAX_OWNER_TEXT = 200
# Two committee members adding a resolution at once may both take the next number; the
# database's unique number per event refuses one, which then takes the number after.
NUMBER_ATTEMPTS = 3
XLSX_WIDTHS = (5, 60, 60, 34, 12, 12)


@dataclass
class ResolutionDetails:
    text_sw: str
    text_en: str = ""
    owner_institution_id: int | None = None
    owner_institution_name: str = ""  # typed without choosing from the list: found by name or acronym
    owner_text: str = ""
    due_on: date | None = None


def owner_label(resolution: Resolution) -> str:
    """Who owns the resolution: the institution (with its acronym), the free text, or both."""
    parts = [resolution.owner_institution.label] if resolution.owner_institution is not None else []
    if resolution.owner_text:
        parts.append(resolution.owner_text)
    return "; ".join(parts)


def list_resolutions(event: Event, status: ResolutionStatus | None = None) -> list[Resolution]:
    """The event's resolutions by number (only those with `status` when given), owners loaded."""
    query = (sa.select(Resolution).options(joinedload(Resolution.owner_institution))
             .where(Resolution.event_id == event.id).order_by(Resolution.number))
    if status is not None:
        query = query.where(Resolution.status == status)
    return list(db.session.scalars(query))


def status_counts(event: Event) -> dict[ResolutionStatus, int]:
    counts = dict(db.session.execute(
        sa.select(Resolution.status, sa.func.count()).where(Resolution.event_id == event.id)
        .group_by(Resolution.status)
    ).all())
    return {status: counts.get(status, 0) for status in ResolutionStatus}


def next_number(event: Event) -> int:
    """The number the event's next resolution takes (one after the highest)."""
    highest = db.session.scalar(sa.select(sa.func.max(Resolution.number)).where(Resolution.event_id == event.id))
    return (highest or 0) + 1


def _clean(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").strip()


def _find_owner(details: ResolutionDetails, errors: dict[str, str]) -> Institution | None:
    """The directory institution chosen (by id) or typed (its full name or acronym)."""
    if details.owner_institution_id:
        institution = db.session.get(Institution, details.owner_institution_id)
        if institution is None:
            errors["institution_name"] = _("That institution is not in the directory. Choose one from the list.")
        return institution
    typed = re.sub(r"\s+", " ", details.owner_institution_name or "").strip()
    if not typed:
        return None
    found = list(db.session.scalars(
        sa.select(Institution).where(Institution.reviewed.is_(True), sa.or_(
            Institution.name_key == name_key(typed), sa.func.lower(Institution.acronym) == typed.lower()))
        .limit(2)
    ))
    if len(found) != 1:
        errors["institution_name"] = _(
            "“%(name)s” is not an institution of the directory. Choose one from the list, or write the owner "
            "in the field below.", name=typed[:100])
        return None
    return found[0]


def _problems(event: Event, details: ResolutionDetails) -> tuple[dict[str, str], Institution | None]:
    errors: dict[str, str] = {}
    details.text_sw, details.text_en = _clean(details.text_sw), _clean(details.text_en)
    details.owner_text = re.sub(r"\s+", " ", details.owner_text or "").strip()
    if not details.text_sw:
        errors["text_sw"] = _("Write the resolution in Swahili.")
    for name in ("text_sw", "text_en"):
        if len(getattr(details, name)) > MAX_TEXT:
            errors[name] = _("At most %(n)d characters.", n=MAX_TEXT)
    if len(details.owner_text) > MAX_OWNER_TEXT:
        errors["owner_text"] = _("At most %(n)d characters.", n=MAX_OWNER_TEXT)
    owner = _find_owner(details, errors)
    if owner is None and not details.owner_text and "institution_name" not in errors:
        errors["institution_name"] = _("Name who owns the resolution: an institution of the directory, or a "
                                       "text such as “All ministries”, or both.")
    if details.due_on is not None:
        if not isinstance(details.due_on, date):
            errors["due_on"] = _("Enter a date such as 2020-06-30.")
        elif details.due_on < event.starts_on:
            errors["due_on"] = _("The due date cannot be before the meeting starts (%(day)s).",
                                 day=event.starts_on.isoformat())
    return errors, owner


def resolution_problems(event: Event, details: ResolutionDetails) -> dict[str, str]:
    """Every problem with the details as {field: message}; nothing is saved."""
    return _problems(event, details)[0]


def save_resolution(event: Event, details: ResolutionDetails, resolution: Resolution | None = None,
                    actor_id: int | None = None) -> Resolution:
    """Record a resolution of `event` with the next free number, or change one's text, owner or
    due date (its number and status stay). The Swahili text and an owner are required; the
    owner institution must be in the directory; the due date may not be before the meeting."""
    errors, owner = _problems(event, details)
    if errors:
        raise InvalidInput(errors)
    if resolution is not None and resolution.event_id != event.id:
        raise DomainError(_("This resolution belongs to another meeting."))
    for _attempt in range(NUMBER_ATTEMPTS):
        target = resolution or Resolution(event_id=event.id, number=next_number(event), text_sw="")
        target.text_sw, target.text_en = details.text_sw, details.text_en
        target.owner_institution_id = owner.id if owner is not None else None
        target.owner_text, target.due_on = details.owner_text, details.due_on
        db.session.add(target)
        try:
            db.session.flush()
        except sa.exc.IntegrityError:
            db.session.rollback()
            if resolution is not None:
                break
            continue
        audit.record(actor_id, "reports.resolution_saved", f"resolution:{target.id}",
                     f"event {event.id} no. {target.number}")
        db.session.commit()
        return target
    raise DomainError(_("The resolution could not be saved because another was saved at the same moment. "
                        "Please save again."))


def change_status(resolution: Resolution, status: ResolutionStatus, actor_id: int | None = None) -> Resolution:
    """Set the resolution's own status (open, in progress, done, dropped)."""
    if not isinstance(status, ResolutionStatus):
        raise DomainError(_("Choose one of the statuses."), field="status")
    if resolution.status is not status:
        audit.record(actor_id, "reports.resolution_status", f"resolution:{resolution.id}",
                     f"{resolution.status.value} -> {status.value}")
        resolution.status = status
        db.session.commit()
    return resolution


def resolutions_to_report_on(event: Event) -> list[Resolution]:
    """The resolutions carried into `event`: those of earlier editions still open or in
    progress, the most recent earlier edition first, then by number."""
    return list(db.session.scalars(
        sa.select(Resolution).join(Event, Event.id == Resolution.event_id)
        .options(joinedload(Resolution.owner_institution), joinedload(Resolution.event))
        .where(Event.edition < event.edition, Resolution.status.in_(CARRIED_STATUSES))
        .order_by(Event.edition.desc(), Resolution.number)
    ))


def is_carried_into(resolution: Resolution, event: Event) -> bool:
    """Whether ministries report progress on `resolution` at `event`."""
    return resolution.event.edition < event.edition and resolution.status in CARRIED_STATUSES


def resolutions_xlsx(resolutions: list[Resolution], headers: list[str]) -> bytes:
    """The resolutions as a workbook, one wrapped row each. `headers` are the six column titles
    in the reader's language (number, Swahili, English, owner, due date, status)."""
    rows = ([r.number, r.text_sw, r.text_en, owner_label(r), r.due_on, str(STATUS_LABELS[r.status])]
            for r in resolutions)
    return wrapped_xlsx(headers, rows, XLSX_WIDTHS, sheet_title="Resolutions")
