"""Background jobs (badge sheets, certificate batches, bulk email): what was asked, by whom,
how far it has got, and the file it produced. The row is the progress the page shows; the
work runs on an RQ worker when REDIS_URL is set, else in a thread of the web process."""
import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventapp.auth.models import User
from eventapp.core.models import UtcDateTime, enum_type, utcnow
from eventapp.extensions import db


class JobStatus(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(db.Model):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(60))
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    status: Mapped[JobStatus] = mapped_column(enum_type(JobStatus, "job_status"), default=JobStatus.QUEUED)
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    message: Mapped[str] = mapped_column(sa.String(300), default="")
    error: Mapped[str] = mapped_column(sa.String(500), default="")
    result_file: Mapped[str | None] = mapped_column(sa.String(80))  # random name under uploads/
    result_filename: Mapped[str | None] = mapped_column(sa.String(200))
    result_mimetype: Mapped[str | None] = mapped_column(sa.String(100))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    created_by: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.CheckConstraint("done >= 0 AND total >= 0", name="progress_not_negative"),
        sa.CheckConstraint("done <= total", name="done_within_total"),
        sa.CheckConstraint("status <> 'done' OR finished_at IS NOT NULL", name="done_has_finish"),
    )

    @property
    def percent(self) -> int:
        return 100 if self.status is JobStatus.DONE else (self.done * 100 // self.total if self.total else 0)

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
