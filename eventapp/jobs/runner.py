"""Recording, running and reporting background jobs."""
import logging
import threading
import time
from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from eventapp.core.models import utcnow
from eventapp.core.uploads import store_bytes
from eventapp.extensions import db
from eventapp.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)

QUEUE_NAME = "eventapp"
PROGRESS_INTERVAL_SECONDS = 1.0


@dataclass
class JobOutput:
    """What a job made: a file the person downloads, and a line about it. A job that makes no
    file (bulk email, reminders) gives only the message: `JobOutput(message=...)`."""

    data: bytes | None = None
    kind: str = ""  # a kind store_bytes knows: pdf, xlsx, csv, zip…
    filename: str = ""
    mimetype: str = ""
    message: str = ""


MESSAGE_LIMIT = 300  # Job.message's length


def listed(names: list[str], shown: int) -> str:
    """The first `shown` names, comma-separated, and "…" when some are left out."""
    return ", ".join(names[:shown] + (["…"] if len(names) > shown else []))


def fit_message(build: Callable[[int], str], longest: int, limit: int = MESSAGE_LIMIT) -> str:
    """`build(shown)` with as many names listed (at most `longest`) as keep it within `limit`."""
    for shown in range(longest, -1, -1):
        message = build(shown)
        if len(message) <= limit:
            return message
    return message[:limit]


JobFunction = Callable[[dict, "Progress"], JobOutput]
JOB_KINDS: dict[str, JobFunction] = {}


def job_kind(name: str):
    """Register `function(params, progress) -> JobOutput` as the job `name`."""

    def register(function: JobFunction) -> JobFunction:
        JOB_KINDS[name] = function
        return function

    return register


class Progress:
    """How far a job has got. `advance` writes at most once a second (and commits the
    session, so a job writes its own work in the same rhythm)."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.done = 0
        self.total = 0
        self._written_at = 0.0

    def set_total(self, total: int) -> None:
        self.total = max(total, 0)
        self._write(force=True)

    def advance(self, count: int = 1) -> None:
        self.done = min(self.done + count, self.total)
        self._write()

    def _write(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._written_at < PROGRESS_INTERVAL_SECONDS:
            return
        self._written_at = now
        db.session.execute(sa.update(Job).where(Job.id == self.job_id).values(done=self.done, total=self.total))
        db.session.commit()


def enqueue(kind: str, params: dict, actor_id: int | None) -> Job:
    """Record a job and start it (see the package's docstring for where it runs)."""
    if kind not in JOB_KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(kind=kind, params=params, created_by_id=actor_id)
    db.session.add(job)
    db.session.commit()
    mode = jobs_mode(current_app.config)
    if mode == "inline":
        run_job(job.id)
        db.session.refresh(job)
    elif mode == "rq":
        _rq_queue().enqueue("eventapp.jobs.worker.run_job_in_worker", job.id, job_timeout=3600)
    else:
        app = current_app._get_current_object()
        threading.Thread(target=_run_in_thread, args=(app, job.id), daemon=True, name=f"job-{job.id}").start()
    return job


def jobs_mode(config) -> str:
    return config.get("JOBS_MODE") or ("rq" if config.get("REDIS_URL") else "thread")


def _rq_queue():
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE_NAME, connection=Redis.from_url(current_app.config["REDIS_URL"]))


def _run_in_thread(app, job_id: int) -> None:
    with app.app_context():
        try:
            run_job(job_id)
        finally:
            db.session.remove()


def _claim(job_id: int) -> bool:
    """Mark a queued job running; False when another runner has it (or it ran already)."""
    claimed = db.session.execute(
        sa.update(Job).where(Job.id == job_id, Job.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, started_at=utcnow())
    ).rowcount
    db.session.commit()
    return claimed == 1


def run_job(job_id: int) -> None:
    """Run a recorded job once. A failure is logged and shown on the job, never raised."""
    if not _claim(job_id):
        return
    job = db.session.get(Job, job_id)
    progress = Progress(job_id)
    try:
        output = JOB_KINDS[job.kind](dict(job.params or {}), progress)
        stored = store_bytes(output.data, output.kind, output.filename) if output.data is not None else None
    except Exception:  # noqa: BLE001 — the job page says it failed; the log has why
        log.exception("Job %s (%s) failed", job_id, job.kind)
        db.session.rollback()
        job = db.session.get(Job, job_id)
        job.status, job.finished_at = JobStatus.FAILED, utcnow()
        job.error = _("The job failed. Try again; if it fails again, tell the system administrator.")
        db.session.commit()
        return
    job = db.session.get(Job, job_id)
    job.total = max(progress.total, job.total)
    job.done = job.total
    if stored is not None:
        job.result_file, job.result_filename, job.result_mimetype = stored.name, stored.original_name, output.mimetype
    job.message = output.message[:MESSAGE_LIMIT]
    job.status, job.finished_at = JobStatus.DONE, utcnow()
    db.session.commit()
