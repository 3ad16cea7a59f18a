"""The RQ side: `flask worker` listens on the eventapp queue; each job runs in the app."""
from eventapp.jobs.runner import QUEUE_NAME

_app = None


def _application():
    global _app
    if _app is None:
        from eventapp import create_app

        _app = create_app()
    return _app


def run_job_in_worker(job_id: int) -> None:
    from eventapp.extensions import db
    from eventapp.jobs.runner import run_job

    with _application().app_context():
        try:
            run_job(job_id)
        finally:
            db.session.remove()


def work(redis_url: str, burst: bool = False) -> None:
    """Process jobs from the queue until stopped (or, with burst, until it is empty)."""
    from redis import Redis
    from rq import Queue, Worker

    connection = Redis.from_url(redis_url)
    Worker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work(burst=burst)
