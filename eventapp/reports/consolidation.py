"""Consolidation for the Group 2 session: the challenges and recommendations of every
institution's latest report side by side (one row per institution), as a page and as XLSX.

Three queries whatever the number of reports: the call, the latest versions with their
institutions, and the two sections' answers of those versions.
"""
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import Institution
from eventapp.reports.calls import call_of
from eventapp.reports.forms import STATUS_LABELS
from eventapp.reports.models import (
    ReportAnswer,
    ReportCall,
    ReportSection,
    ReportStatus,
    ReportSubmission,
    ReportVersion,
)
from eventapp.reports.sections import CHALLENGES, RECOMMENDATIONS
from eventapp.reports.wrapped_sheet import wrapped_xlsx

# Column widths of the workbook (characters): number, institution, status, version, the two texts.
XLSX_WIDTHS = (5, 34, 14, 8, 60, 60)


@dataclass(frozen=True)
class ConsolidatedRow:
    institution: Institution
    status: ReportStatus
    version: int
    submitted_at: datetime
    late: bool
    challenges: str
    recommendations: str


@dataclass(frozen=True)
class Consolidation:
    call: ReportCall | None
    rows: list[ConsolidatedRow]
    accepted_only: bool
    challenges_section: ReportSection | None
    recommendations_section: ReportSection | None


def consolidate(event: Event, accepted_only: bool = False) -> Consolidation:
    """The challenges and recommendations of each institution's latest version under the
    event's call, by institution name; only accepted reports with `accepted_only`, else every
    submitted one (whatever its review status). Without a call, no rows."""
    call = call_of(event)
    if call is None:
        return Consolidation(None, [], accepted_only, None, None)
    sections = {s.code: s for s in call.sections if s.code in (CHALLENGES, RECOMMENDATIONS)}
    latest = (
        sa.select(ReportVersion.submission_id, sa.func.max(ReportVersion.number).label("number"))
        .group_by(ReportVersion.submission_id).subquery()
    )
    query = (
        sa.select(ReportSubmission, ReportVersion, Institution)
        .join(Institution, Institution.id == ReportSubmission.institution_id)
        .join(latest, latest.c.submission_id == ReportSubmission.id)
        .join(ReportVersion, sa.and_(ReportVersion.submission_id == ReportSubmission.id,
                                     ReportVersion.number == latest.c.number))
        .where(ReportSubmission.call_id == call.id)
        .order_by(Institution.name, Institution.id)
    )
    if accepted_only:
        query = query.where(ReportSubmission.status == ReportStatus.ACCEPTED)
    found = db.session.execute(query).all()
    texts: dict[tuple[int, str], str] = {}
    if found and sections:
        for version_id, code, body in db.session.execute(
            sa.select(ReportAnswer.version_id, ReportSection.code, ReportAnswer.body)
            .join(ReportSection, ReportSection.id == ReportAnswer.section_id)
            .where(ReportAnswer.version_id.in_([version.id for _s, version, _i in found]),
                   ReportSection.id.in_([s.id for s in sections.values()]))
        ):
            texts[(version_id, code)] = body or ""
    rows = [
        ConsolidatedRow(
            institution=institution, status=submission.status, version=version.number,
            submitted_at=version.submitted_at, late=version.late,
            challenges=texts.get((version.id, CHALLENGES), ""),
            recommendations=texts.get((version.id, RECOMMENDATIONS), ""),
        )
        for submission, version, institution in found
    ]
    return Consolidation(call, rows, accepted_only, sections.get(CHALLENGES), sections.get(RECOMMENDATIONS))


def consolidation_xlsx(consolidation: Consolidation, headers: list[str]) -> bytes:
    """The rows as a workbook: one row per institution, the long texts wrapped. `headers` are
    the six column titles in the reader's language (number, institution, status, version,
    challenges, recommendations)."""
    rows = (
        [n, row.institution.label, str(STATUS_LABELS[row.status]), row.version, row.challenges,
         row.recommendations]
        for n, row in enumerate(consolidation.rows, start=1)
    )
    return wrapped_xlsx(headers, rows, XLSX_WIDTHS, sheet_title="Consolidation")
