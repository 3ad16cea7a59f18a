"""Batches of the same event and type started at the same moment (a double click, two
organisers): each subject ends with exactly one valid certificate, and between them the batches
issue each once. PostgreSQL (TEST_DATABASE_URL) is the variant that matters: it runs the
transactions side by side; the SQLite variant uses a file database, whose single writer lock
serialises them."""
import pytest
import sqlalchemy as sa

from eventapp.certificates import batches
from eventapp.certificates.models import Certificate, CertificateType
from eventapp.core.roles import Role
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.jobs.models import Job, JobStatus
from tests import factories
from tests.certificates import eligibility_data as data
from tests.checkin import factories as gate
from tests.registration.test_concurrency import app_config, run_together  # noqa: F401  (fixture)

pytestmark = pytest.mark.database

THREADS = 4
SUBJECTS = 30


@pytest.fixture
def meeting(app):
    with app.app_context():
        event = gate.gate_event()
        data.participants(event, SUBJECTS)
        data.ready_design(event, CertificateType.PARTICIPATION)
        organiser = factories.user(roles=(Role.ORGANISER,))
        return {"event": event.id, "organiser": organiser.id}


def test_batches_started_together_issue_each_certificate_once(app, meeting):
    def work(i: int):
        event = db.session.get(Event, meeting["event"])
        job = batches.start_batch(event, CertificateType.PARTICIPATION, meeting["organiser"])
        return job.id

    results = run_together(app, THREADS, work)

    assert all(outcome in ("ok", "refused") for outcome, _ in results), results
    assert any(outcome == "ok" for outcome, _ in results)
    with app.app_context():
        live = db.session.execute(
            sa.select(Certificate.subject_key, sa.func.count())
            .where(Certificate.event_id == meeting["event"], Certificate.revoked_at.is_(None))
            .group_by(Certificate.subject_key)
        ).all()
        assert len(live) == SUBJECTS and all(count == 1 for _key, count in live)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Certificate)) == SUBJECTS
        jobs = db.session.scalars(sa.select(Job).where(Job.kind == batches.ISSUE_JOB)).all()
        assert jobs and all(job.status is JobStatus.DONE for job in jobs)
        new = [int(job.message.split(" new,")[0]) for job in jobs]
        assert sum(new) == SUBJECTS  # each certificate counted new by exactly one batch
        by_job = dict(db.session.execute(
            sa.select(Certificate.job_id, sa.func.count()).where(Certificate.event_id == meeting["event"])
            .group_by(Certificate.job_id)
        ).all())
        assert {job.id: n for job, n in zip(jobs, new) if n} == by_job
