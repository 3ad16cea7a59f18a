"""Issuing in bulk: the first run issues everyone who qualifies, the second nothing; progress;
the ZIP of one PDF per certificate named by serial and the merged PDF to print; the refusals
before anything is queued; bundles of an existing set."""
import io
import re
import zipfile
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventapp.certificates import batches
from eventapp.certificates.issuing import revoke
from eventapp.certificates.models import Certificate, CertificateType
from eventapp.core.errors import DomainError
from eventapp.core.models import utcnow
from eventapp.core.uploads import upload_path
from eventapp.extensions import db
from eventapp.jobs.models import Job, JobStatus
from eventapp.registration.models import Registration
from tests import factories
from tests.certificates import eligibility_data as data
from tests.checkin import factories as gate
from tests.pdf_reading import pdf_info, pdf_text

pytestmark = pytest.mark.database  # issuing, its idempotence and the jobs' files on SQLite and PostgreSQL

P = CertificateType.PARTICIPATION
N = 5


@pytest.fixture
def event(app_ctx):
    event = gate.gate_event()
    data.participants(event, N)
    return event


@pytest.fixture
def organiser(app_ctx):
    from eventapp.core.roles import Role

    return factories.user(roles=(Role.ORGANISER,), full_name="Neema Organiser")


def certificates(event) -> list[Certificate]:
    return list(db.session.scalars(sa.select(Certificate).where(Certificate.event_id == event.id)
                                   .order_by(Certificate.id)))


def job_file(job: Job) -> bytes:
    return upload_path(job.result_file).read_bytes()


def pages(pdf: bytes, tmp_path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", pdf_info(pdf, tmp_path), re.M).group(1))


def test_the_first_run_issues_everyone_the_second_nothing(event, organiser, tmp_path):
    data.ready_design(event, P)

    first = batches.start_batch(event, P, organiser.id)
    db.session.refresh(first)
    issued = certificates(event)

    assert first.status is JobStatus.DONE and first.message.startswith(f"{N} new, 0 already issued.")
    assert len(issued) == N and all(c.valid and c.job_id == first.id and c.issued_by_id == organiser.id
                                    for c in issued)

    second = batches.start_batch(event, P, organiser.id)
    db.session.refresh(second)

    assert second.status is JobStatus.DONE and second.message.startswith(f"0 new, {N} already issued.")
    assert [c.id for c in certificates(event)] == [c.id for c in issued]
    # Nothing new: the file still holds every valid certificate, to print.
    with zipfile.ZipFile(io.BytesIO(job_file(second))) as archive:
        assert len(archive.namelist()) == N


def test_the_zip_holds_one_pdf_per_certificate_named_by_serial(event, organiser, tmp_path):
    data.ready_design(event, P)

    job = batches.start_batch(event, P, organiser.id, bundle="zip")
    db.session.refresh(job)

    assert job.result_filename.endswith(".zip") and job.result_mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(job_file(job))) as archive:
        names = archive.namelist()
        assert sorted(names) == sorted(f"{c.serial}.pdf" for c in certificates(event))
        first = certificates(event)[0]
        pdf = archive.read(f"{first.serial}.pdf")
    assert pages(pdf, tmp_path) == 1
    text = pdf_text(pdf, tmp_path)
    assert first.holder_name in text and first.serial in text


def test_the_merged_pdf_has_a_page_per_certificate(event, organiser, tmp_path):
    data.ready_design(event, P)

    job = batches.start_batch(event, P, organiser.id, bundle="pdf")
    db.session.refresh(job)

    assert job.result_filename.endswith(".pdf") and job.result_mimetype == "application/pdf"
    pdf = job_file(job)
    assert pages(pdf, tmp_path) == N
    text = pdf_text(pdf, tmp_path)
    assert all(c.serial in text for c in certificates(event))


def test_a_batch_to_print_larger_than_a_part_comes_as_parts_in_a_zip(event, organiser, tmp_path, monkeypatch):
    import io
    import zipfile

    monkeypatch.setattr(batches, "PRINT_PART_PAGES", 2)
    data.ready_design(event, P)

    job = batches.start_batch(event, P, organiser.id, bundle="pdf")
    db.session.refresh(job)

    assert job.result_filename.endswith("-print.zip") and job.result_mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(job_file(job))) as archive:
        names = archive.namelist()
        parts = [archive.read(name) for name in names]
    assert names == [f"part-{n:02d}.pdf" for n in range(1, (N + 1) // 2 + 1)]
    assert [pages(part, tmp_path) for part in parts] == [2] * (N // 2) + [1] * (N % 2)
    text = "".join(pdf_text(part, tmp_path) for part in parts)
    assert [c.serial for c in certificates(event)] == sorted(
        (c.serial for c in certificates(event)), key=text.index)


class RecordingProgress:
    def __init__(self, job_id=None):
        self.job_id, self.total, self.done = job_id, 0, 0

    def set_total(self, total):
        self.total = total

    def advance(self, count=1):
        self.done += count


def test_progress_counts_each_subject_then_each_certificate_drawn(event, organiser):
    data.ready_design(event, P)
    progress = RecordingProgress()

    output = batches.issue_job({"event_id": event.id, "type": P.value, "actor_id": organiser.id, "bundle": "pdf"},
                               progress)

    assert progress.total == progress.done == 2 * N and output.kind == "pdf"
    job = batches.start_batch(event, P, organiser.id)  # the real job: finished, all counted
    db.session.refresh(job)
    assert job.done == job.total == 2 * N


def test_the_job_refuses_to_issue_without_a_ready_design(event, organiser):
    with pytest.raises(DomainError):
        batches.issue_job({"event_id": event.id, "type": P.value, "actor_id": organiser.id}, RecordingProgress())
    assert certificates(event) == []


def test_a_batch_is_not_queued_while_the_design_has_problems(event, organiser):
    with pytest.raises(DomainError) as refused:
        batches.start_batch(event, P, organiser.id)

    assert "signatory" in refused.value.message
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0 and certificates(event) == []


def test_a_batch_is_not_queued_when_nobody_qualifies(organiser, app_ctx):
    empty = gate.gate_event()
    data.ready_design(empty, P)

    with pytest.raises(DomainError):
        batches.start_batch(empty, P, organiser.id)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0


def test_a_second_batch_is_refused_while_one_of_the_same_type_runs(event, organiser):
    data.ready_design(event, P)
    data.ready_design(event, CertificateType.PRESENTER)
    running = Job(kind=batches.ISSUE_JOB, params={"event_id": event.id, "type": P.value}, status=JobStatus.RUNNING,
                  created_by_id=organiser.id)
    db.session.add(running)
    db.session.commit()

    with pytest.raises(DomainError):
        batches.start_batch(event, P, organiser.id)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 1 and certificates(event) == []
    assert batches.running_batch(event, P).id == running.id
    assert batches.running_batch(event, CertificateType.PRESENTER) is None


def test_a_batch_that_died_long_ago_no_longer_blocks(event, organiser):
    data.ready_design(event, P)
    db.session.add(Job(kind=batches.ISSUE_JOB, params={"event_id": event.id, "type": P.value},
                       status=JobStatus.RUNNING, created_at=utcnow() - batches.STALE_AFTER - timedelta(minutes=1)))
    db.session.commit()

    job = batches.start_batch(event, P, organiser.id)
    db.session.refresh(job)
    assert job.status is JobStatus.DONE and len(certificates(event)) == N


def test_a_subject_the_rules_refuse_is_skipped_and_the_others_issued(event, organiser):
    data.ready_design(event, P)
    registration = db.session.scalars(sa.select(Registration).where(Registration.event_id == event.id)).first()
    registration.title, registration.first_name, registration.middle_name, registration.last_name = "", "A", "", ""
    db.session.commit()

    job = batches.start_batch(event, P, organiser.id)
    db.session.refresh(job)

    assert job.status is JobStatus.DONE and len(certificates(event)) == N - 1
    assert "1 not issued" in job.message


def test_a_bundle_holds_every_valid_certificate_of_the_type(event, organiser, tmp_path):
    data.ready_design(event, P)
    batches.start_batch(event, P, organiser.id)
    revoked = certificates(event)[0]
    revoke(revoked, "Issued by mistake", organiser.id)
    db.session.commit()

    job = batches.start_bundle(event, P, organiser.id, bundle="pdf")
    db.session.refresh(job)

    pdf = job_file(job)
    assert job.status is JobStatus.DONE and pages(pdf, tmp_path) == N - 1
    assert revoked.serial not in pdf_text(pdf, tmp_path)


def test_a_bundle_of_nothing_is_refused(event, organiser):
    with pytest.raises(DomainError):
        batches.start_bundle(event, P, organiser.id)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0
