"""The reports committee's review: the list of submissions under a call, comments, the status
of each report (with the reasons for a return emailed to the ministry), and the link between
an accepted report and its presentation slot in the programme.

Each rule is one function; each takes plain arguments, raises DomainError with a message a
person can read and commits its own work. Every change is audited.
"""
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from eventapp.core import audit
from eventapp.core.errors import DomainError
from eventapp.core.search import LIKE_ESCAPE, contains_pattern
from eventapp.events.models import EventDay
from eventapp.extensions import db
from eventapp.programme.models import ItemKind, ProgrammeItem
from eventapp.registration.models import Institution
from eventapp.reports.models import (
    CoveredInstitution,
    ReportCall,
    ReportComment,
    ReportSection,
    ReportStatus,
    ReportSubmission,
    ReportVersion,
)

PER_PAGE = 25
MAX_COMMENT = 5000
MAX_SEARCH = 100
# Where a reviewer may move a report. A returned report comes back only when the ministry
# resubmits it (the submission service sets it to submitted again); an accepted one may be
# reopened, with a reason.
TRANSITIONS: dict[ReportStatus, frozenset[ReportStatus]] = {
    ReportStatus.SUBMITTED: frozenset({ReportStatus.UNDER_REVIEW, ReportStatus.ACCEPTED, ReportStatus.RETURNED}),
    ReportStatus.UNDER_REVIEW: frozenset({ReportStatus.ACCEPTED, ReportStatus.RETURNED}),
    ReportStatus.RETURNED: frozenset(),
    ReportStatus.ACCEPTED: frozenset({ReportStatus.UNDER_REVIEW}),
}
# Status changes whose reasons the ministry's focal persons see.
SHARED_STATUSES = frozenset({ReportStatus.RETURNED, ReportStatus.ACCEPTED})


def _actor_id(actor) -> int | None:
    return getattr(actor, "id", None)


# --- the committee's list ----------------------------------------------------------------


def review_page(call: ReportCall, status: ReportStatus | None = None, text: str = "", page: int = 1,
                per_page: int = PER_PAGE):
    """One page of the call's submissions (filtered by status, searched by the institution's
    name or acronym), the most recently submitted first, each with its institution loaded."""
    query = (
        sa.select(ReportSubmission).join(Institution, Institution.id == ReportSubmission.institution_id)
        .options(joinedload(ReportSubmission.institution))
        .where(ReportSubmission.call_id == call.id)
        .order_by(ReportSubmission.last_submitted_at.desc(), ReportSubmission.id.desc())
    )
    if status is not None:
        query = query.where(ReportSubmission.status == status)
    text = " ".join((text or "").split())[:MAX_SEARCH]
    if text:
        pattern = contains_pattern(text.lower())
        query = query.where(sa.or_(sa.func.lower(Institution.name).like(pattern, escape=LIKE_ESCAPE),
                                   sa.func.lower(Institution.acronym).like(pattern, escape=LIKE_ESCAPE)))
    return db.paginate(query, page=max(page, 1), per_page=per_page, max_per_page=100, error_out=False)


def late_submissions(submission_ids: list[int]) -> set[int]:
    """Which of the submissions came in late the first time (one query)."""
    if not submission_ids:
        return set()
    return set(db.session.scalars(
        sa.select(ReportVersion.submission_id)
        .where(ReportVersion.submission_id.in_(submission_ids), ReportVersion.number == 1, ReportVersion.late)
    ))


def status_counts(call: ReportCall) -> dict[ReportStatus, int]:
    """How many of the call's submissions are in each status (one grouped query)."""
    rows = db.session.execute(
        sa.select(ReportSubmission.status, sa.func.count())
        .where(ReportSubmission.call_id == call.id).group_by(ReportSubmission.status)
    )
    return dict(rows.all())


# --- one submission ----------------------------------------------------------------------


@dataclass
class SectionRow:
    """A section of the latest version beside the previous version's text where it changed."""

    section: ReportSection
    body: str
    previous: str | None  # None: no previous version, or the text did not change

    @property
    def changed(self) -> bool:
        return self.previous is not None


def versions_of(submission: ReportSubmission) -> list[ReportVersion]:
    """Every version, newest first, with who submitted it and its answers loaded."""
    return list(db.session.scalars(
        sa.select(ReportVersion).where(ReportVersion.submission_id == submission.id)
        .options(joinedload(ReportVersion.submitted_by), selectinload(ReportVersion.answers))
        .order_by(ReportVersion.number.desc())
    ))


def section_rows(submission: ReportSubmission, versions: list[ReportVersion]) -> list[SectionRow]:
    """The latest version's sections in the call's order, each with the previous version's
    text when it differs."""
    if not versions:
        return []
    latest = {a.section_id: a.body for a in versions[0].answers}
    before = {a.section_id: a.body for a in versions[1].answers} if len(versions) > 1 else None
    sections = db.session.scalars(
        sa.select(ReportSection).where(ReportSection.call_id == submission.call_id).order_by(ReportSection.position)
    )
    rows = []
    for section in sections:
        body = latest.get(section.id, "")
        previous = None
        if before is not None and before.get(section.id, "") != body:
            previous = before.get(section.id, "")
        rows.append(SectionRow(section, body, previous))
    return rows


@dataclass
class Coverage:
    """The sector institutions (under the ministry in the directory) a version covers and those
    it leaves out."""

    covered: list[str]
    left_out: list[str]

    @property
    def total(self) -> int:
        return len(self.covered) + len(self.left_out)


def coverage(submission: ReportSubmission, version: ReportVersion | None) -> Coverage:
    """Which of the ministry's sector institutions the version covers (one query)."""
    covered = sa.exists().where(CoveredInstitution.institution_id == Institution.id,
                                CoveredInstitution.version_id == (version.id if version else None))
    rows = db.session.execute(
        sa.select(Institution.name, covered)
        .where(Institution.parent_id == submission.institution_id, Institution.reviewed)
        .order_by(Institution.name)
    )
    result = Coverage([], [])
    for name, is_covered in rows:
        (result.covered if is_covered else result.left_out).append(name)
    return result


def comments_of(submission: ReportSubmission) -> list[ReportComment]:
    """The submission's comments and status reasons, oldest first, with their authors."""
    return list(db.session.scalars(
        sa.select(ReportComment).where(ReportComment.submission_id == submission.id)
        .options(joinedload(ReportComment.author)).order_by(ReportComment.created_at, ReportComment.id)
    ))


def _clean_text(body: str | None) -> str:
    return "\n".join(line.rstrip() for line in (body or "").strip().replace("\r\n", "\n").split("\n"))


def add_comment(submission: ReportSubmission, author, body: str, shared: bool = False) -> ReportComment:
    """Add a reviewer's comment on the latest version; `shared` comments are shown to the
    ministry's focal persons, the others stay within the committee."""
    body = _clean_text(body)
    if not body:
        raise DomainError(_("Write the comment."), field="body")
    if len(body) > MAX_COMMENT:
        raise DomainError(_("At most %(n)d characters.", n=MAX_COMMENT), field="body")
    comment = ReportComment(submission_id=submission.id, version_number=submission.version_count,
                            author_id=_actor_id(author), body=body, shared=bool(shared))
    db.session.add(comment)
    db.session.flush()
    audit.record(_actor_id(author), "reports.comment_added", f"report_submission:{submission.id}",
                 f"comment {comment.id}{' (shared)' if shared else ''}")
    db.session.commit()
    return comment


def allowed_statuses(submission: ReportSubmission) -> list[ReportStatus]:
    """The statuses a reviewer may move the report to now, in the order of the workflow."""
    allowed = TRANSITIONS.get(submission.status, frozenset())
    return [s for s in ReportStatus if s in allowed]


def change_status(submission: ReportSubmission, status: ReportStatus, actor, reason: str = "") -> ReportSubmission:
    """Move the report to `status` when the workflow allows it.

    Returning it for changes needs the reasons (field "reason"); they are kept as a comment
    shared with the ministry and emailed to its focal persons. Reopening an accepted report
    needs a reason too, and is refused while the report holds a presentation slot. A returned
    report changes only when the ministry resubmits it.
    """
    reason = _clean_text(reason)
    if len(reason) > MAX_COMMENT:
        raise DomainError(_("At most %(n)d characters.", n=MAX_COMMENT), field="reason")
    if status == submission.status:
        raise DomainError(_("The report already has this status."), field="status")
    if status not in TRANSITIONS.get(submission.status, frozenset()):
        if submission.status == ReportStatus.RETURNED:
            raise DomainError(_("The report was returned for changes; its status changes when the ministry "
                                "submits it again."), field="status")
        raise DomainError(_("A report cannot go from this status to that one."), field="status")
    if status == ReportStatus.RETURNED and not reason:
        raise DomainError(_("Say what the ministry must change; the reasons are emailed to its focal persons."),
                          field="reason")
    reopening = submission.status == ReportStatus.ACCEPTED
    if reopening and not reason:
        raise DomainError(_("Say why the accepted report is reopened."), field="reason")
    if reopening and submission.programme_item_id is not None:
        raise DomainError(_("The report is linked to its presentation slot; unlink it first, then reopen it."),
                          field="status")
    previous = submission.status
    submission.status = status
    if reason:
        db.session.add(ReportComment(
            submission_id=submission.id, version_number=submission.version_count, author_id=_actor_id(actor),
            body=reason, status=status, shared=status in SHARED_STATUSES,
        ))
    action = "reports.accepted" if status == ReportStatus.ACCEPTED else "reports.status_changed"
    audit.record(_actor_id(actor), action, f"report_submission:{submission.id}",
                 f"{previous.value} -> {status.value}" + (f": {reason[:200]}" if reason else ""))
    db.session.commit()
    if status == ReportStatus.RETURNED:
        from eventapp.reports.review_notifications import notify_returned

        notify_returned(submission, reason)
    return submission


# --- the presentation slot ---------------------------------------------------------------


def presentation_choices(submission: ReportSubmission) -> list[ProgrammeItem]:
    """The event's presentation items no other report is linked to, in programme order."""
    taken = (sa.select(ReportSubmission.programme_item_id)
             .where(ReportSubmission.programme_item_id.is_not(None), ReportSubmission.id != submission.id))
    return list(db.session.scalars(
        sa.select(ProgrammeItem).join(EventDay, EventDay.id == ProgrammeItem.day_id)
        .options(joinedload(ProgrammeItem.day))
        .where(ProgrammeItem.event_id == submission.call.event_id, ProgrammeItem.kind == ItemKind.PRESENTATION,
               ProgrammeItem.id.not_in(taken))
        .order_by(EventDay.date, ProgrammeItem.starts_at, ProgrammeItem.id)
    ))


def link_presentation(submission: ReportSubmission, programme_item: ProgrammeItem | None, actor) -> ReportSubmission:
    """Link an accepted report to the presentation slot where the ministry presents it: an
    item of the same event, of the presentation kind, held by no other report. A report has
    one slot; unlink it before choosing another."""
    field = "programme_item_id"
    if submission.status != ReportStatus.ACCEPTED:
        raise DomainError(_("Only an accepted report can be given a presentation slot."), field=field)
    if programme_item is None:
        raise DomainError(_("Choose a presentation slot."), field=field)
    if programme_item.event_id != submission.call.event_id:
        raise DomainError(_("That programme item belongs to another meeting."), field=field)
    if programme_item.kind != ItemKind.PRESENTATION:
        raise DomainError(_("Choose a programme item of the presentation kind."), field=field)
    if submission.programme_item_id == programme_item.id:
        raise DomainError(_("The report is already linked to this slot."), field=field)
    if submission.programme_item_id is not None:
        raise DomainError(_("The report already has a presentation slot; unlink it first."), field=field)
    holder = db.session.scalar(sa.select(ReportSubmission).options(joinedload(ReportSubmission.institution))
                               .where(ReportSubmission.programme_item_id == programme_item.id))
    if holder is not None:
        raise DomainError(_("That slot is already given to the report of %(name)s.", name=holder.institution.name),
                          field=field)
    submission.programme_item_id = programme_item.id
    audit.record(_actor_id(actor), "reports.presentation_linked", f"report_submission:{submission.id}",
                 f"programme_item:{programme_item.id}")
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # another reviewer gave the slot away meanwhile
        db.session.rollback()
        raise DomainError(_("That slot was just given to another report."), field=field) from None
    return submission


def unlink_presentation(submission: ReportSubmission, actor) -> ReportSubmission:
    """Free the report's presentation slot."""
    if submission.programme_item_id is None:
        raise DomainError(_("The report has no presentation slot."))
    item_id = submission.programme_item_id
    submission.programme_item_id = None
    audit.record(_actor_id(actor), "reports.presentation_unlinked", f"report_submission:{submission.id}",
                 f"programme_item:{item_id}")
    db.session.commit()
    return submission

