"""The research and innovation competition: the call per event with its categories and
scoring rubric, entries with their team members and files, the panel of judges, assignments,
declared conflicts, scores and awards."""
import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.core.models import TimestampMixin, UtcDateTime, enum_type, utcnow
from eventapp.events.models import Event
from eventapp.extensions import db


class EntryStage(enum.Enum):
    IDEA = "idea"
    PROTOTYPE = "prototype"
    DEPLOYED = "deployed"


class EntryStatus(enum.Enum):
    SUBMITTED = "submitted"  # waiting for the committee's screening
    ELIGIBLE = "eligible"  # screened in: goes to the judges
    INELIGIBLE = "ineligible"  # screened out, with the reason sent to the team
    WITHDRAWN = "withdrawn"  # withdrawn by the team before the call closed


class MemberKind(enum.Enum):
    STUDENT = "student"
    STAFF = "staff"


class AwardKind(enum.Enum):
    BEST_PAPER = "best_paper"
    RUNNER_UP = "runner_up"
    SPECIAL_MENTION = "special_mention"


class InnovationCall(TimestampMixin, db.Model):
    """The call of one edition: when entries may be submitted and edited, who is eligible,
    how many entries are shortlisted for the exhibition and for presentations, how many judges
    score each entry, and whether scoring is closed (only then do judges' scores show)."""

    __tablename__ = "innovation_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    opens_at: Mapped[datetime] = mapped_column(UtcDateTime())
    closes_at: Mapped[datetime] = mapped_column(UtcDateTime())
    eligibility_sw: Mapped[str] = mapped_column(sa.Text, default="")
    eligibility_en: Mapped[str] = mapped_column(sa.Text, default="")
    exhibition_places: Mapped[int] = mapped_column(default=10)
    presentation_places: Mapped[int] = mapped_column(default=4)
    judges_per_entry: Mapped[int] = mapped_column(default=3)
    # Ranking options: normalise each judge's totals (a harsh and a lenient judge count alike),
    # and flag an entry whose judges' totals differ by more than this many points of 100.
    normalise_scores: Mapped[bool] = mapped_column(default=False)
    disagreement_points: Mapped[int] = mapped_column(default=25)
    scoring_closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # When the selection was announced: the public list of selected entries shows from then on.
    results_published_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    event: Mapped[Event] = relationship()
    categories: Mapped[list["InnovationCategory"]] = relationship(
        back_populates="call", order_by="InnovationCategory.position", cascade="all, delete-orphan"
    )
    criteria: Mapped[list["Criterion"]] = relationship(
        back_populates="call", order_by="Criterion.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        sa.CheckConstraint("exhibition_places >= 0 AND presentation_places >= 0", name="places_not_negative"),
        sa.CheckConstraint("judges_per_entry >= 1", name="judges_per_entry_positive"),
        sa.CheckConstraint("disagreement_points BETWEEN 1 AND 100", name="disagreement_points_range"),
    )


class InnovationCategory(db.Model):
    """A category of entry (e.g. research paper, innovation/prototype)."""

    __tablename__ = "innovation_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("innovation_calls.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(30))
    position: Mapped[int] = mapped_column(default=0)
    name_sw: Mapped[str] = mapped_column(sa.String(120))
    name_en: Mapped[str] = mapped_column(sa.String(120))

    call: Mapped[InnovationCall] = relationship(back_populates="categories")

    __table_args__ = (sa.UniqueConstraint("call_id", "code", name="uq_innovation_categories_call_code"),)


class Criterion(db.Model):
    """A criterion of the scoring rubric: scored from 0 to `scale_max`, weighted by `weight`."""

    __tablename__ = "criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("innovation_calls.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name_sw: Mapped[str] = mapped_column(sa.String(120))
    name_en: Mapped[str] = mapped_column(sa.String(120))
    description_sw: Mapped[str] = mapped_column(sa.Text, default="")
    description_en: Mapped[str] = mapped_column(sa.Text, default="")
    weight: Mapped[int]
    scale_max: Mapped[int] = mapped_column(default=10)

    call: Mapped[InnovationCall] = relationship(back_populates="criteria")

    __table_args__ = (
        sa.CheckConstraint("weight > 0", name="weight_positive"),
        sa.CheckConstraint("scale_max BETWEEN 1 AND 100", name="scale_range"),
    )


class Entry(TimestampMixin, db.Model):
    """A research or innovation entry, submitted by an innovator's account for a team."""

    __tablename__ = "innovation_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("innovation_calls.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("innovation_categories.id", ondelete="RESTRICT"))
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institutions.id", ondelete="RESTRICT"), index=True)
    reference: Mapped[str] = mapped_column(sa.String(16), unique=True)  # unguessable, shown to the team
    title: Mapped[str] = mapped_column(sa.String(250))
    abstract: Mapped[str] = mapped_column(sa.Text)
    problem: Mapped[str] = mapped_column(sa.Text, default="")
    solution: Mapped[str] = mapped_column(sa.Text, default="")
    stage: Mapped[EntryStage] = mapped_column(enum_type(EntryStage, "entry_stage"))
    links: Mapped[str] = mapped_column(sa.Text, default="")  # one address a line
    # The paper (PDF) and the poster (PNG or JPEG), checked by content, under the upload folder.
    paper_file: Mapped[str | None] = mapped_column(sa.String(80))
    paper_name: Mapped[str] = mapped_column(sa.String(200), default="")
    poster_file: Mapped[str | None] = mapped_column(sa.String(80))
    poster_name: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[EntryStatus] = mapped_column(enum_type(EntryStatus, "entry_status"), default=EntryStatus.SUBMITTED)
    screening_reason: Mapped[str] = mapped_column(sa.Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # The selection: shortlisted for the exhibition and/or to present on the research day.
    exhibition: Mapped[bool] = mapped_column(default=False)
    presenting: Mapped[bool] = mapped_column(default=False)
    result_notified_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    programme_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("programme_items.id", ondelete="SET NULL"), unique=True
    )

    call: Mapped[InnovationCall] = relationship()
    category: Mapped[InnovationCategory] = relationship()
    owner = relationship("User")
    institution = relationship("Institution")
    programme_item = relationship("ProgrammeItem")
    members: Mapped[list["TeamMember"]] = relationship(
        back_populates="entry", order_by="TeamMember.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint(
            "status = 'eligible' OR (exhibition = false AND presenting = false)", name="only_eligible_selected"
        ),
    )


class TeamMember(db.Model):
    __tablename__ = "innovation_team_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("innovation_entries.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(160))
    email: Mapped[str] = mapped_column(sa.String(254))
    kind: Mapped[MemberKind] = mapped_column(enum_type(MemberKind, "member_kind"))

    entry: Mapped[Entry] = relationship(back_populates="members")

    __table_args__ = (sa.UniqueConstraint("entry_id", "email", name="uq_innovation_team_members_entry_email"),)


class Judge(db.Model):
    """A member of a call's panel of judges (a user with the judge role), with the institution
    they come from: never assigned an entry of that institution."""

    __tablename__ = "judges"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("innovation_calls.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    institution_id: Mapped[int | None] = mapped_column(sa.ForeignKey("institutions.id", ondelete="SET NULL"))

    call: Mapped[InnovationCall] = relationship()
    user = relationship("User")
    institution = relationship("Institution")

    __table_args__ = (sa.UniqueConstraint("call_id", "user_id", name="uq_judges_call_user"),)


class Assignment(db.Model):
    """A judge assigned to score an entry."""

    __tablename__ = "judge_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("innovation_entries.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int] = mapped_column(sa.ForeignKey("judges.id", ondelete="CASCADE"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    automatic: Mapped[bool] = mapped_column(default=False)

    entry: Mapped[Entry] = relationship()
    judge: Mapped[Judge] = relationship()
    scores: Mapped[list["Score"]] = relationship(back_populates="assignment", cascade="all, delete-orphan")

    __table_args__ = (sa.UniqueConstraint("entry_id", "judge_id", name="uq_judge_assignments_entry_judge"),)


class Conflict(db.Model):
    """A judge's declared conflict of interest with an entry: the assignment is removed and the
    entry is never assigned to that judge again."""

    __tablename__ = "judge_conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("innovation_entries.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int] = mapped_column(sa.ForeignKey("judges.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    declared_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    __table_args__ = (sa.UniqueConstraint("entry_id", "judge_id", name="uq_judge_conflicts_entry_judge"),)


class Score(db.Model):
    """One judge's score of one criterion for an assigned entry (0..the criterion's scale)."""

    __tablename__ = "scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("judge_assignments.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(sa.ForeignKey("criteria.id", ondelete="CASCADE"), index=True)
    value: Mapped[int]
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    scored_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)

    assignment: Mapped[Assignment] = relationship(back_populates="scores")
    criterion: Mapped[Criterion] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("assignment_id", "criterion_id", name="uq_scores_assignment_criterion"),
        sa.CheckConstraint("value >= 0", name="value_not_negative"),
    )


class Award(db.Model):
    """An award (tuzo) given to an entry: best paper, runners-up (ranked), special mentions."""

    __tablename__ = "innovation_awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("innovation_calls.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("innovation_entries.id", ondelete="CASCADE"), index=True)
    kind: Mapped[AwardKind] = mapped_column(enum_type(AwardKind, "award_kind"))
    rank: Mapped[int] = mapped_column(default=1)
    citation_sw: Mapped[str] = mapped_column(sa.Text, default="")
    citation_en: Mapped[str] = mapped_column(sa.Text, default="")

    entry: Mapped[Entry] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("call_id", "kind", "rank", name="uq_innovation_awards_call_kind_rank"),
        sa.UniqueConstraint("entry_id", "kind", name="uq_innovation_awards_entry_kind"),
        sa.CheckConstraint("rank >= 1", name="rank_positive"),
    )
