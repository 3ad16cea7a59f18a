"""Model-level builders for the reports tests: a call with the standard sections, focal
persons, and submissions with a version and small stored files. They write rows directly, so
tests of one rule do not depend on the services of another."""
from datetime import datetime, timedelta, timezone

from eventapp.core.roles import Role
from eventapp.core.uploads import store_bytes
from eventapp.extensions import db
from eventapp.registration.models import InstitutionType
from eventapp.reports.models import (
    FocalPerson,
    ReportAnswer,
    ReportCall,
    ReportingInstitution,
    ReportSection,
    ReportStatus,
    ReportSubmission,
    ReportVersion,
)
from eventapp.reports.sections import STANDARD_SECTIONS
from tests import factories

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def ministry(name=None, acronym="", **kwargs):
    return factories.institution(name=name, type_=InstitutionType.MINISTRY, acronym=acronym, **kwargs)


def sector_institution(parent, name=None, acronym=""):
    return factories.institution(name=name, type_=InstitutionType.SECTOR_INSTITUTION, acronym=acronym,
                                 parent_id=parent.id)


def call(event, institutions=(), opens_at=None, deadline=None, hard_deadline=None) -> ReportCall:
    """A call open since yesterday with its deadline in a week, the standard sections, and
    `institutions` required to report."""
    opens_at = opens_at or now() - timedelta(days=1)
    deadline = deadline or now() + timedelta(days=7)
    report_call = ReportCall(event_id=event.id, opens_at=opens_at, deadline=deadline, hard_deadline=hard_deadline)
    report_call.sections = [
        ReportSection(code=s.code, position=n, title_sw=s.title_sw, title_en=s.title_en,
                      guidance_sw=s.guidance_sw, guidance_en=s.guidance_en)
        for n, s in enumerate(STANDARD_SECTIONS, start=1)
    ]
    db.session.add(report_call)
    db.session.flush()
    for institution in institutions:
        db.session.add(ReportingInstitution(call_id=report_call.id, institution_id=institution.id))
    db.session.commit()
    return report_call


def focal_person(institution, email=None, **kwargs):
    """A user with the focal role, reporting for `institution`."""
    user = factories.user(roles=(Role.FOCAL,), email=email, **kwargs)
    db.session.add(FocalPerson(user_id=user.id, institution_id=institution.id))
    db.session.commit()
    return user


def submission(report_call, institution, status=ReportStatus.SUBMITTED, answers=None, late=False,
               versions=1, slides=True, by=None) -> ReportSubmission:
    """A submission with `versions` versions, each with every section answered (or `answers`,
    {code: text}), a stored PDF report and, with `slides`, stored PDF slides."""
    answers = answers or {}
    sub = ReportSubmission(call_id=report_call.id, institution_id=institution.id, status=status,
                           version_count=versions)
    db.session.add(sub)
    db.session.flush()
    for number in range(1, versions + 1):
        report = store_bytes(PDF_BYTES, "pdf", f"report-v{number}.pdf")
        version = ReportVersion(
            submission_id=sub.id, number=number, late=late, submitted_by_id=by.id if by else None,
            report_file=report.name, report_name=report.original_name, report_size=report.size,
        )
        if slides:
            stored = store_bytes(PDF_BYTES, "pdf", f"slides-v{number}.pdf")
            version.slides_file, version.slides_name = stored.name, stored.original_name
            version.slides_size = stored.size
        version.answers = [
            ReportAnswer(section_id=section.id,
                         body=answers.get(section.code, f"{institution.name}: {section.title_en} (v{number})"))
            for section in report_call.sections
        ]
        db.session.add(version)
    db.session.commit()
    return sub
