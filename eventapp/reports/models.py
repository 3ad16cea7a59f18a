"""Ministries' e-Government implementation reports: the call per event with its sections and
the institutions that must report, focal persons, submissions with every version kept,
review comments, reminders, and the meeting's resolutions with the progress reported on them
at the next edition."""
import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.core.models import TimestampMixin, UtcDateTime, enum_type, utcnow
from eventapp.events.models import Event
from eventapp.extensions import db


class ReportStatus(enum.Enum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    RETURNED = "returned"  # returned for changes, with reasons emailed to the focal person


class ResolutionStatus(enum.Enum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class ProgressStatus(enum.Enum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class ReportCall(TimestampMixin, db.Model):
    """The call for reports of one edition: when it opens, the deadline (later submissions are
    accepted and marked late) and the optional hard deadline (after it nothing is accepted)."""

    __tablename__ = "report_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    opens_at: Mapped[datetime] = mapped_column(UtcDateTime())
    deadline: Mapped[datetime] = mapped_column(UtcDateTime())
    hard_deadline: Mapped[datetime | None] = mapped_column(UtcDateTime())
    instructions_sw: Mapped[str] = mapped_column(sa.Text, default="")
    instructions_en: Mapped[str] = mapped_column(sa.Text, default="")
    # An organiser's own template (DOCX or PDF) under the upload folder; without one the
    # template is a PDF generated from the sections.
    template_file: Mapped[str | None] = mapped_column(sa.String(80))
    template_name: Mapped[str] = mapped_column(sa.String(200), default="")

    event: Mapped[Event] = relationship()
    sections: Mapped[list["ReportSection"]] = relationship(
        back_populates="call", order_by="ReportSection.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint("deadline > opens_at", name="deadline_after_opening"),
        sa.CheckConstraint("hard_deadline IS NULL OR hard_deadline >= deadline", name="hard_deadline_not_before"),
    )


class ReportSection(db.Model):
    """A section the report must have (strategy and plans, systems and infrastructure, ...).
    `code` names the standard ones so consolidation can find challenges and recommendations."""

    __tablename__ = "report_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("report_calls.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(30))
    position: Mapped[int] = mapped_column(default=0)
    title_sw: Mapped[str] = mapped_column(sa.String(200))
    title_en: Mapped[str] = mapped_column(sa.String(200))
    guidance_sw: Mapped[str] = mapped_column(sa.Text, default="")
    guidance_en: Mapped[str] = mapped_column(sa.Text, default="")
    required: Mapped[bool] = mapped_column(default=True)

    call: Mapped[ReportCall] = relationship(back_populates="sections")

    __table_args__ = (sa.UniqueConstraint("call_id", "code", name="uq_report_sections_call_code"),)


class ReportingInstitution(db.Model):
    """An institution (a ministry) that must report under the call."""

    __tablename__ = "reporting_institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("report_calls.id", ondelete="CASCADE"), index=True)
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institutions.id", ondelete="RESTRICT"), index=True)

    call: Mapped[ReportCall] = relationship()
    institution = relationship("Institution")

    __table_args__ = (sa.UniqueConstraint("call_id", "institution_id", name="uq_reporting_institutions_call"),)


class FocalPerson(db.Model):
    """A user who reports for one institution (with the `focal` role): they see that
    institution's reports and nobody else's."""

    __tablename__ = "focal_persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institutions.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    user = relationship("User")
    institution = relationship("Institution")


class ReportSubmission(TimestampMixin, db.Model):
    """One institution's report under a call; its versions hold what was submitted."""

    __tablename__ = "report_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("report_calls.id", ondelete="CASCADE"), index=True)
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institutions.id", ondelete="RESTRICT"), index=True)
    status: Mapped[ReportStatus] = mapped_column(
        enum_type(ReportStatus, "report_status"), default=ReportStatus.SUBMITTED
    )
    first_submitted_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_submitted_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    version_count: Mapped[int] = mapped_column(default=0)
    # The programme slot where the accepted report is presented to Group 1.
    programme_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("programme_items.id", ondelete="SET NULL"), unique=True
    )

    call: Mapped[ReportCall] = relationship()
    institution = relationship("Institution")
    programme_item = relationship("ProgrammeItem")
    versions: Mapped[list["ReportVersion"]] = relationship(
        back_populates="submission", order_by="ReportVersion.number", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.UniqueConstraint("call_id", "institution_id", name="uq_report_submissions_call_institution"),
        sa.CheckConstraint("version_count >= 0", name="version_count_not_negative"),
    )


class ReportVersion(db.Model):
    """What was submitted once: the sections' text, the full report and the slides. Never
    changed or deleted; a resubmission adds the next number."""

    __tablename__ = "report_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(sa.ForeignKey("report_submissions.id", ondelete="CASCADE"))
    number: Mapped[int]
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    late: Mapped[bool] = mapped_column(default=False)
    # The full report (PDF or DOCX) and the slides (PDF or PPTX), stored under random names
    # in the upload folder; a resubmission without a new file keeps the earlier one's.
    report_file: Mapped[str] = mapped_column(sa.String(80))
    report_name: Mapped[str] = mapped_column(sa.String(200))
    report_size: Mapped[int]
    slides_file: Mapped[str | None] = mapped_column(sa.String(80))
    slides_name: Mapped[str] = mapped_column(sa.String(200), default="")
    slides_size: Mapped[int] = mapped_column(default=0)

    submission: Mapped[ReportSubmission] = relationship(back_populates="versions")
    submitted_by = relationship("User")
    answers: Mapped[list["ReportAnswer"]] = relationship(back_populates="version", cascade="all, delete-orphan")
    covered: Mapped[list["CoveredInstitution"]] = relationship(cascade="all, delete-orphan")

    __table_args__ = (
        sa.UniqueConstraint("submission_id", "number", name="uq_report_versions_submission_number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
    )


class ReportAnswer(db.Model):
    """A version's text for one section."""

    __tablename__ = "report_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("report_versions.id", ondelete="CASCADE"))
    section_id: Mapped[int] = mapped_column(sa.ForeignKey("report_sections.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(sa.Text, default="")

    version: Mapped[ReportVersion] = relationship(back_populates="answers")
    section: Mapped[ReportSection] = relationship()

    __table_args__ = (sa.UniqueConstraint("version_id", "section_id", name="uq_report_answers_version_section"),)


class CoveredInstitution(db.Model):
    """A sector institution (under the ministry in the directory) that a version covers; 2019's
    lesson was that some ministries left theirs out."""

    __tablename__ = "report_covered_institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("report_versions.id", ondelete="CASCADE"))
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institutions.id", ondelete="CASCADE"), index=True)

    institution = relationship("Institution")

    __table_args__ = (
        sa.UniqueConstraint("version_id", "institution_id", name="uq_report_covered_institutions_version"),
    )


class ReportComment(db.Model):
    """A reviewer's comment on a submission; a status change (returned, accepted...) carries
    its reasons here with `status` set. Comments shared with the ministry are shown to its
    focal persons; the reasons for a return always are."""

    __tablename__ = "report_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        sa.ForeignKey("report_submissions.id", ondelete="CASCADE"), index=True
    )
    version_number: Mapped[int]  # the version the comment was made on
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[ReportStatus | None] = mapped_column(enum_type(ReportStatus, "report_status"))
    shared: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    submission: Mapped[ReportSubmission] = relationship()
    author = relationship("User")


class ReportReminder(db.Model):
    """A reminder emailed to an institution that has not reported; the unique key makes
    "never twice in a day to one ministry" a rule of the database."""

    __tablename__ = "report_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("report_calls.id", ondelete="CASCADE"))
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institutions.id", ondelete="CASCADE"), index=True)
    sent_on: Mapped[date] = mapped_column(sa.Date)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    recipients: Mapped[int] = mapped_column(default=0)
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    __table_args__ = (
        sa.UniqueConstraint("call_id", "institution_id", "sent_on", name="uq_report_reminders_once_a_day"),
    )


class Resolution(TimestampMixin, db.Model):
    """A resolution (azimio) of the meeting, with an owner, a due date and a status. Open ones
    are carried into the next edition, where each ministry reports progress on them."""

    __tablename__ = "resolutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    text_sw: Mapped[str] = mapped_column(sa.Text)
    text_en: Mapped[str] = mapped_column(sa.Text, default="")
    owner_institution_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("institutions.id", ondelete="SET NULL"), index=True
    )
    owner_text: Mapped[str] = mapped_column(sa.String(200), default="")  # e.g. "All ministries"
    due_on: Mapped[date | None] = mapped_column(sa.Date)
    status: Mapped[ResolutionStatus] = mapped_column(
        enum_type(ResolutionStatus, "resolution_status"), default=ResolutionStatus.OPEN
    )

    event: Mapped[Event] = relationship()
    owner_institution = relationship("Institution")

    __table_args__ = (
        sa.UniqueConstraint("event_id", "number", name="uq_resolutions_event_number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
    )


class ResolutionProgress(db.Model):
    """What one institution reports, at a later edition, on a resolution of an earlier one."""

    __tablename__ = "resolution_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    resolution_id: Mapped[int] = mapped_column(sa.ForeignKey("resolutions.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institutions.id", ondelete="CASCADE"), index=True)
    status: Mapped[ProgressStatus] = mapped_column(enum_type(ProgressStatus, "progress_status"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    reported_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)

    resolution: Mapped[Resolution] = relationship()
    institution = relationship("Institution")

    __table_args__ = (
        sa.UniqueConstraint("resolution_id", "event_id", "institution_id", name="uq_resolution_progress_once"),
    )
