"""The call for ministries' reports of one edition: its dates and instructions, the sections the
report must have, the institutions that must report, and the template they download.

Each rule is one function; each takes plain arguments, raises DomainError (InvalidInput for
several fields at once) and commits its own work.
"""
import re
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from eventapp.core import audit
from eventapp.core.clock import aware
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.uploads import delete_upload, read_upload, store_bytes
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import Institution, InstitutionType
from eventapp.reports.models import ReportCall, ReportingInstitution, ReportSection, ReportSubmission
from eventapp.reports.sections import STANDARD_SECTIONS

MAX_INSTRUCTIONS = 5000
MAX_TITLE = 200
MAX_GUIDANCE = 2000
TEMPLATE_KINDS = {"pdf", "docx"}


# --- the call ----------------------------------------------------------------------------


@dataclass
class CallDetails:
    opens_at: datetime | None
    deadline: datetime | None
    hard_deadline: datetime | None = None
    instructions_sw: str = ""
    instructions_en: str = ""


def call_of(event: Event) -> ReportCall | None:
    """The event's call for reports, if it has one."""
    return db.session.scalar(sa.select(ReportCall).where(ReportCall.event_id == event.id))


def _call_problems(details: CallDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    details.opens_at, details.deadline = aware(details.opens_at), aware(details.deadline)
    details.hard_deadline = aware(details.hard_deadline)
    if details.opens_at is None:
        errors["opens_at"] = _("Enter when the call opens, e.g. 2019-01-02 08:00.")
    if details.deadline is None:
        errors["deadline"] = _("Enter the deadline, e.g. 2019-01-20 17:00.")
    elif details.opens_at is not None and details.deadline <= details.opens_at:
        errors["deadline"] = _("The deadline must come after the opening.")
    if details.hard_deadline is not None and details.deadline is not None and details.hard_deadline < details.deadline:
        errors["hard_deadline"] = _("The hard deadline cannot come before the deadline.")
    for name in ("instructions_sw", "instructions_en"):
        text = (getattr(details, name) or "").strip()
        setattr(details, name, text)
        if len(text) > MAX_INSTRUCTIONS:
            errors[name] = _("At most %(n)d characters.", n=MAX_INSTRUCTIONS)
    return errors


def save_call(event: Event, details: CallDetails, call: ReportCall | None = None,
              actor_id: int | None = None) -> ReportCall:
    """Open the event's call for reports, or change it: opening, deadline (later reports are
    accepted and marked late), optional hard deadline (after it nothing is accepted) and the
    instructions in Swahili and English. Naive times are East Africa Time.

    A new call starts with the standard sections and, as the institutions that must report,
    every reviewed ministry in the directory. One call per event.
    """
    errors = _call_problems(details)
    if errors:
        raise InvalidInput(errors)
    adding = call is None
    if adding:
        if call_of(event) is not None:
            raise DomainError(_("This meeting already has a call for reports."))
        call = ReportCall(event_id=event.id)
        call.sections = [
            ReportSection(code=s.code, position=n, title_sw=s.title_sw, title_en=s.title_en,
                          guidance_sw=s.guidance_sw, guidance_en=s.guidance_en, required=True)
            for n, s in enumerate(STANDARD_SECTIONS, start=1)
        ]
        db.session.add(call)
    call.opens_at, call.deadline, call.hard_deadline = details.opens_at, details.deadline, details.hard_deadline
    call.instructions_sw, call.instructions_en = details.instructions_sw, details.instructions_en
    try:
        db.session.flush()
        if adding:
            ministries = db.session.scalars(sa.select(Institution.id).where(
                Institution.type == InstitutionType.MINISTRY, Institution.reviewed.is_(True)))
            db.session.add_all(ReportingInstitution(call_id=call.id, institution_id=i) for i in ministries)
        audit.record(actor_id, "reports.call_opened" if adding else "reports.call_changed", f"report_call:{call.id}",
                     f"{call.opens_at.isoformat()} .. {call.deadline.isoformat()}")
        db.session.commit()
    except sa.exc.IntegrityError:  # the call opened meanwhile by another organiser
        db.session.rollback()
        raise DomainError(_("This meeting already has a call for reports.")) from None
    return call


# --- sections ----------------------------------------------------------------------------


@dataclass
class SectionDetails:
    title_sw: str
    title_en: str
    guidance_sw: str = ""
    guidance_en: str = ""
    required: bool = True
    position: int | None = None


def has_submissions(call: ReportCall) -> bool:
    return db.session.scalar(sa.select(ReportSubmission.id).where(ReportSubmission.call_id == call.id).limit(1)) \
        is not None


def _section_problems(details: SectionDetails, prefix: str = "") -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, limit, required in (("title_sw", MAX_TITLE, True), ("title_en", MAX_TITLE, True),
                                  ("guidance_sw", MAX_GUIDANCE, False), ("guidance_en", MAX_GUIDANCE, False)):
        text = re.sub(r"[ \t]+", " ", getattr(details, name) or "").strip()
        setattr(details, name, text)
        if required and not text:
            errors[prefix + name] = _("This field is required.")
        elif len(text) > limit:
            errors[prefix + name] = _("At most %(n)d characters.", n=limit)
    if details.position is not None and not 0 <= details.position <= 1000:
        errors[prefix + "position"] = _("Enter a whole number from %(low)s to %(high)s.", low=0, high=1000)
    return errors


def _apply(section: ReportSection, details: SectionDetails) -> None:
    section.title_sw, section.title_en = details.title_sw, details.title_en
    section.guidance_sw, section.guidance_en = details.guidance_sw, details.guidance_en
    section.required = bool(details.required)


def _renumber(call: ReportCall, wanted: dict[int, int]) -> None:
    """Positions 1, 2, 3… in the order asked for (`wanted`: section id → position). A section
    moved to a taken number goes before the one there ("challenges to 1" puts it first)."""
    def key(section: ReportSection):
        asked = wanted.get(section.id, section.position)
        return asked, asked == section.position, section.position, section.id

    ordered = sorted(call.sections, key=key)
    for n, section in enumerate(ordered, start=1):
        section.position = n


def update_sections(call: ReportCall, rows: dict[int, SectionDetails], actor_id: int | None = None) -> None:
    """Change the sections' titles, guidance, required flag and order at once (`rows`:
    section id → its details). Field errors are keyed `sections-<n>-<field>` by the section's
    place in the list, as the form names them."""
    errors: dict[str, str] = {}
    known = {section.id: n for n, section in enumerate(call.sections)}
    for section_id, details in rows.items():
        if section_id not in known:
            raise DomainError(_("A section was removed meanwhile; reload the page and try again."))
        errors.update(_section_problems(details, prefix=f"sections-{known[section_id]}-"))
    if errors:
        raise InvalidInput(errors)
    for section in call.sections:
        if section.id in rows:
            _apply(section, rows[section.id])
    _renumber(call, {i: d.position for i, d in rows.items() if d.position is not None})
    audit.record(actor_id, "reports.sections_changed", f"report_call:{call.id}", str(len(rows)))
    db.session.commit()


def add_section(call: ReportCall, details: SectionDetails, actor_id: int | None = None) -> ReportSection:
    """Add a section at the end (or at `position`); only while no ministry has submitted, so
    every report answers the same sections."""
    if has_submissions(call):
        raise DomainError(_("Ministries have already submitted; sections can no longer be added or removed."))
    errors = _section_problems(details)
    if errors:
        raise InvalidInput(errors)
    codes = {s.code for s in call.sections}
    n = len(call.sections) + 1
    while f"extra_{n}" in codes:
        n += 1
    section = ReportSection(code=f"extra_{n}", position=len(call.sections) + 1, title_sw="", title_en="")
    _apply(section, details)
    call.sections.append(section)
    db.session.flush()
    if details.position is not None:
        _renumber(call, {section.id: details.position})
    audit.record(actor_id, "reports.section_added", f"report_call:{call.id}", section.title_en)
    db.session.commit()
    return section


def remove_section(section: ReportSection, actor_id: int | None = None) -> None:
    """Remove a section; only while no ministry has submitted."""
    call = section.call
    if has_submissions(call):
        raise DomainError(_("Ministries have already submitted; sections can no longer be added or removed."))
    if len(call.sections) == 1:
        raise DomainError(_("A report needs at least one section."))
    audit.record(actor_id, "reports.section_removed", f"report_call:{call.id}", section.title_en)
    call.sections.remove(section)
    db.session.flush()
    _renumber(call, {})
    db.session.commit()


# --- the institutions that must report ---------------------------------------------------


def reporting_institutions(call: ReportCall) -> list[Institution]:
    """The institutions that must report under the call, ministries first, then by name."""
    return list(db.session.scalars(
        sa.select(Institution).join(ReportingInstitution, ReportingInstitution.institution_id == Institution.id)
        .where(ReportingInstitution.call_id == call.id)
        .order_by((Institution.type != InstitutionType.MINISTRY), Institution.name)
    ))


def must_report(call: ReportCall, institution_id: int) -> bool:
    return db.session.scalar(sa.select(ReportingInstitution.id).where(
        ReportingInstitution.call_id == call.id, ReportingInstitution.institution_id == institution_id)) is not None


def addable_institutions(call: ReportCall) -> list[Institution]:
    """Reviewed directory entries not yet on the list, ministries first."""
    listed = sa.select(ReportingInstitution.institution_id).where(ReportingInstitution.call_id == call.id)
    return list(db.session.scalars(
        sa.select(Institution).where(Institution.reviewed.is_(True), Institution.id.not_in(listed))
        .order_by((Institution.type != InstitutionType.MINISTRY), Institution.name)
    ))


def add_reporting_institution(call: ReportCall, institution_id: int | None, actor_id: int | None = None) -> Institution:
    """Require a directory institution (a ministry or another) to report under the call."""
    institution = db.session.get(Institution, institution_id) if institution_id else None
    if institution is None or not institution.reviewed:
        raise DomainError(_("Choose an institution from the directory."), field="institution_id")
    if must_report(call, institution.id):
        raise DomainError(_("%(name)s is already on the list.", name=institution.name), field="institution_id")
    db.session.add(ReportingInstitution(call_id=call.id, institution_id=institution.id))
    audit.record(actor_id, "reports.institution_added", f"report_call:{call.id}", institution.name)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # added meanwhile by another organiser
        db.session.rollback()
        raise DomainError(_("%(name)s is already on the list.", name=institution.name),
                          field="institution_id") from None
    return institution


def remove_reporting_institution(call: ReportCall, institution: Institution, actor_id: int | None = None) -> None:
    """Take an institution off the list; not once it has submitted a report under the call."""
    row = db.session.scalar(sa.select(ReportingInstitution).where(
        ReportingInstitution.call_id == call.id, ReportingInstitution.institution_id == institution.id))
    if row is None:
        return
    submitted = db.session.scalar(sa.select(ReportSubmission.id).where(
        ReportSubmission.call_id == call.id, ReportSubmission.institution_id == institution.id))
    if submitted is not None:
        raise DomainError(_("%(name)s has already submitted its report; it stays on the list.",
                            name=institution.name))
    audit.record(actor_id, "reports.institution_removed", f"report_call:{call.id}", institution.name)
    db.session.delete(row)
    db.session.commit()


# --- the template ------------------------------------------------------------------------


def upload_template(call: ReportCall, file_storage, actor_id: int | None = None) -> ReportCall:
    """Use the organisers' own template (DOCX or PDF, checked by content, within
    MAX_REPORT_BYTES) instead of the generated PDF; a template it replaces is deleted."""
    data, kind = read_upload(file_storage, TEMPLATE_KINDS, int(current_app.config["MAX_REPORT_BYTES"]),
                             field="template")
    stored = store_bytes(data, kind, file_storage.filename)
    old = call.template_file
    call.template_file, call.template_name = stored.name, stored.original_name
    audit.record(actor_id, "reports.template_uploaded", f"report_call:{call.id}", stored.original_name)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        delete_upload(stored.name)
        raise
    delete_upload(old)
    return call


def remove_template(call: ReportCall, actor_id: int | None = None) -> None:
    """Go back to the template generated from the sections; the uploaded file is deleted."""
    old = call.template_file
    if old is None:
        return
    call.template_file, call.template_name = None, ""
    audit.record(actor_id, "reports.template_removed", f"report_call:{call.id}")
    db.session.commit()
    delete_upload(old)

