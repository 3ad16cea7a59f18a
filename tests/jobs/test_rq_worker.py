"""With REDIS_URL set, a job goes to Redis and a real RQ worker runs it (the local Redis)."""
import pytest
import sqlalchemy as sa

from eventapp import create_app
from eventapp.extensions import db
from eventapp.jobs import worker
from eventapp.jobs.models import Job, JobStatus
from eventapp.jobs.runner import JOB_KINDS, QUEUE_NAME, JobOutput, enqueue, job_kind
from tests.conftest import make_config

pytestmark = pytest.mark.database

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied before and after


@pytest.fixture
def redis_connection():
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    connection = Redis.from_url(REDIS_URL)
    try:
        connection.flushdb()
    except RedisDown:
        pytest.fail("Redis is not running on 127.0.0.1:6379 (the project's machines and CI have it)")
    yield connection
    connection.flushdb()


def test_a_job_runs_on_a_real_rq_worker(redis_connection, tmp_path, monkeypatch):
    from rq import Queue, SimpleWorker

    @job_kind("test.rq")
    def made_by_worker(params, progress):
        progress.set_total(1)
        progress.advance()
        return JobOutput(b"from the worker\n", "csv", "worker.csv", "text/csv", message="worker ran")

    app = create_app(make_config("sqlite", {"REDIS_URL": REDIS_URL, "JOBS_MODE": "",
                                            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'rq.sqlite'}"},
                                 tmp_path))
    monkeypatch.setattr(worker, "_app", app)
    try:
        with app.app_context():
            db.create_all()
            job_id = enqueue("test.rq", {}, actor_id=None).id
            assert db.session.get(Job, job_id).status is JobStatus.QUEUED  # nothing ran it in the web process
        queue = Queue(QUEUE_NAME, connection=redis_connection)
        assert queue.count == 1

        SimpleWorker([queue], connection=redis_connection).work(burst=True)

        with app.app_context():
            job = db.session.get(Job, job_id)
            assert job.status is JobStatus.DONE and job.message == "worker ran" and job.result_file
            assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 1
    finally:
        JOB_KINDS.pop("test.rq")
