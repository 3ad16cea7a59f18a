"""Who has submitted under a call and who has not, laid out like tables I and II of the 2019
meeting's report: the institutions that submitted (when first, late or not, status, versions
and how many of their sector institutions the latest version covers; 2019's lesson was that
some ministries left theirs out) and those that must report and have not (with how many focal
persons could be reminded and when they last were).

Two queries whatever the number of institutions: one per table, the counts in subqueries.
"""
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from eventapp.extensions import db
from eventapp.registration.models import Institution
from eventapp.reports.models import (
    CoveredInstitution,
    FocalPerson,
    ReportCall,
    ReportingInstitution,
    ReportReminder,
    ReportStatus,
    ReportSubmission,
    ReportVersion,
)


@dataclass(frozen=True)
class SubmittedRow:
    """A row of table I."""

    number: int
    institution: Institution
    submission_id: int
    first_submitted_at: datetime
    late: bool
    status: ReportStatus
    versions: int
    covered: int  # sector institutions the latest version covers
    sector_total: int  # sector institutions under the ministry in the directory
    required: bool  # False for an institution that reported without being asked


@dataclass(frozen=True)
class MissingRow:
    """A row of table II."""

    number: int
    institution: Institution
    focal_persons: int
    last_reminded_on: date | None


@dataclass(frozen=True)
class Compliance:
    call: ReportCall
    submitted: list[SubmittedRow]
    missing: list[MissingRow]

    @property
    def required_count(self) -> int:
        return sum(1 for row in self.submitted if row.required) + len(self.missing)

    @property
    def submitted_count(self) -> int:
        """How many of the institutions that must report have submitted."""
        return sum(1 for row in self.submitted if row.required)


def _submitted_rows(call: ReportCall) -> list[SubmittedRow]:
    first = aliased(ReportVersion)
    sector = aliased(Institution)
    covered_institution = aliased(Institution)
    sector_total = (
        sa.select(sa.func.count(sector.id))
        .where(sector.parent_id == ReportSubmission.institution_id, sector.reviewed)
        .correlate(ReportSubmission).scalar_subquery()
    )
    covered = (
        sa.select(sa.func.count(CoveredInstitution.id))
        .join(ReportVersion, ReportVersion.id == CoveredInstitution.version_id)
        .join(covered_institution, covered_institution.id == CoveredInstitution.institution_id)
        .where(ReportVersion.submission_id == ReportSubmission.id,
               ReportVersion.number == ReportSubmission.version_count,
               covered_institution.parent_id == ReportSubmission.institution_id, covered_institution.reviewed)
        .correlate(ReportSubmission).scalar_subquery()
    )
    required = sa.exists().where(ReportingInstitution.call_id == call.id,
                                 ReportingInstitution.institution_id == ReportSubmission.institution_id)
    rows = db.session.execute(
        sa.select(ReportSubmission, Institution, sa.func.coalesce(first.late, False), covered, sector_total, required)
        .join(Institution, Institution.id == ReportSubmission.institution_id)
        .outerjoin(first, sa.and_(first.submission_id == ReportSubmission.id, first.number == 1))
        .where(ReportSubmission.call_id == call.id)
        .order_by(Institution.name, Institution.id)
    )
    return [
        SubmittedRow(number=n, institution=institution, submission_id=submission.id,
                     first_submitted_at=submission.first_submitted_at, late=bool(late), status=submission.status,
                     versions=submission.version_count, covered=covered_count or 0, sector_total=total or 0,
                     required=bool(is_required))
        for n, (submission, institution, late, covered_count, total, is_required) in enumerate(rows, start=1)
    ]


def _missing_rows(call: ReportCall) -> list[MissingRow]:
    focal_persons = (
        sa.select(sa.func.count(FocalPerson.id)).where(FocalPerson.institution_id == Institution.id)
        .correlate(Institution).scalar_subquery()
    )
    last_reminder = (
        sa.select(sa.func.max(ReportReminder.sent_on))
        .where(ReportReminder.call_id == call.id, ReportReminder.institution_id == Institution.id)
        .correlate(Institution).scalar_subquery()
    )
    submitted = sa.exists().where(ReportSubmission.call_id == call.id,
                                  ReportSubmission.institution_id == Institution.id)
    rows = db.session.execute(
        sa.select(Institution, focal_persons, last_reminder)
        .join(ReportingInstitution, ReportingInstitution.institution_id == Institution.id)
        .where(ReportingInstitution.call_id == call.id, ~submitted)
        .order_by(Institution.name, Institution.id)
    )
    return [
        MissingRow(number=n, institution=institution, focal_persons=count or 0, last_reminded_on=reminded)
        for n, (institution, count, reminded) in enumerate(rows, start=1)
    ]


def compliance(call: ReportCall) -> Compliance:
    """Tables I and II of the call, each numbered from 1 in the order of the institutions' names."""
    return Compliance(call=call, submitted=_submitted_rows(call), missing=_missing_rows(call))
