"""Background jobs: long work (badge sheets, certificate batches, bulk email, reminder runs) with
progress a page can show; a job makes a file to download, or only a message.

`enqueue(kind, params, actor_id)` records a Job and runs it: on an RQ worker when REDIS_URL is
set (`flask worker`), else in a thread of the web process, or at once under tests
(JOBS_MODE = "inline"). A kind is a function registered with `@job_kind("name")`.
"""
from flask import Blueprint

bp = Blueprint("jobs", __name__, url_prefix="/jobs")

from eventapp.jobs import views  # noqa: E402,F401  (routes register on bp)
