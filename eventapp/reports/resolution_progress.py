"""Progress on the resolutions carried into an edition: each ministry's focal person reports,
for their own institution, how far it has come (one row per resolution, edition and
institution, changed by reporting again); the committee sees per resolution who reported
what and who has not reported.
"""
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from eventapp.auth.models import User
from eventapp.core import audit
from eventapp.core.errors import DomainError
from eventapp.core.models import utcnow
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import Institution
from eventapp.reports.calls import call_of, reporting_institutions
from eventapp.reports.focal import institution_of
from eventapp.reports.models import ProgressStatus, Resolution, ResolutionProgress
from eventapp.reports.resolutions import is_carried_into, resolutions_to_report_on

PROGRESS_LABELS = {
    ProgressStatus.NOT_STARTED: _l("not started"),
    ProgressStatus.IN_PROGRESS: _l("in progress"),
    ProgressStatus.DONE: _l("done"),
}
MAX_NOTE = 2000
# A double submit (two clicks, two tabs) may try to insert the same row twice at once; the
# unique key refuses one insert, which then updates the row the other made.
UPSERT_ATTEMPTS = 3


def _status(value) -> ProgressStatus:
    if isinstance(value, ProgressStatus):
        return value
    found = next((s for s in ProgressStatus if s.value == value), None)
    if found is None:
        raise DomainError(_("Choose how far the institution has come."), field="status")
    return found


def _existing_progress(ids: dict[str, int]) -> ResolutionProgress | None:
    return db.session.scalar(sa.select(ResolutionProgress).filter_by(**ids))


def report_progress(resolution: Resolution, event: Event, institution: Institution, user: User,
                    status, note: str = "") -> ResolutionProgress:
    """Record (or change) `institution`'s progress at `event` on a resolution carried into it.

    Refused when the resolution is not carried into the event (of a later or the same
    edition, done or dropped) and when `user` is not the institution's focal person.
    """
    status = _status(status)
    note = (note or "").replace("\r\n", "\n").strip()
    if len(note) > MAX_NOTE:
        raise DomainError(_("At most %(n)d characters.", n=MAX_NOTE), field="note")
    if not is_carried_into(resolution, event):
        raise DomainError(_("Resolution %(number)d of %(year)d is not one to report on at this meeting.",
                            number=resolution.number, year=resolution.event.year))
    own = institution_of(user)
    if own is None or own.id != institution.id:
        raise DomainError(_("Only the institution's focal person may report its progress."))
    ids = {"resolution_id": resolution.id, "event_id": event.id, "institution_id": institution.id}
    user_id = user.id
    for _attempt in range(UPSERT_ATTEMPTS):
        row = _existing_progress(ids)
        if row is None:
            row = ResolutionProgress(**ids, status=status)
            db.session.add(row)
        row.status, row.note, row.reported_by_id, row.reported_at = status, note, user_id, utcnow()
        try:
            db.session.flush()
        except sa.exc.IntegrityError:
            db.session.rollback()
            continue
        audit.record(user_id, "reports.resolution_progress", f"resolution:{ids['resolution_id']}",
                     f"event {ids['event_id']} institution {ids['institution_id']}: {status.value}")
        db.session.commit()
        return row
    raise DomainError(_("The progress could not be saved; please try again."))


def progress_of(event: Event, institution: Institution) -> dict[int, ResolutionProgress]:
    """`institution`'s own progress reported at `event`, by resolution id (nobody else's)."""
    return {
        row.resolution_id: row for row in db.session.scalars(
            sa.select(ResolutionProgress).where(ResolutionProgress.event_id == event.id,
                                                ResolutionProgress.institution_id == institution.id))
    }


@dataclass
class ResolutionReports:
    resolution: Resolution
    reported: list[ResolutionProgress] = field(default_factory=list)
    not_reported: list[Institution] = field(default_factory=list)
    reporters: dict[int, str] = field(default_factory=dict)  # user id: name, of who reported


def expected_reporters(event: Event) -> list[Institution]:
    """The institutions expected to report progress at `event`: those its call for reports
    asks to report (none without a call)."""
    call = call_of(event)
    return reporting_institutions(call) if call is not None else []


def progress_summary(event: Event) -> list[ResolutionReports]:
    """Per resolution carried into `event`: the progress each institution reported, and who of
    the institutions expected to report (and the resolution's owner institution) has not."""
    carried = resolutions_to_report_on(event)
    expected = expected_reporters(event)
    rows = db.session.scalars(
        sa.select(ResolutionProgress).options(joinedload(ResolutionProgress.institution))
        .where(ResolutionProgress.event_id == event.id,
               ResolutionProgress.resolution_id.in_([r.id for r in carried]))
    ).all() if carried else []
    by_resolution: dict[int, list[ResolutionProgress]] = defaultdict(list)
    for row in rows:
        by_resolution[row.resolution_id].append(row)
    user_ids = {row.reported_by_id for row in rows if row.reported_by_id is not None}
    reporters = dict(db.session.execute(
        sa.select(User.id, User.full_name).where(User.id.in_(user_ids))).all()) if user_ids else {}
    summary = []
    for resolution in carried:
        reported = sorted(by_resolution[resolution.id], key=lambda r: r.institution.name)
        done = {r.institution_id for r in reported}
        waiting = list(expected)
        owner = resolution.owner_institution
        if owner is not None and owner.id not in {i.id for i in waiting}:
            waiting.append(owner)
        summary.append(ResolutionReports(resolution, reported,
                                         sorted((i for i in waiting if i.id not in done), key=lambda i: i.name),
                                         reporters))
    return summary
