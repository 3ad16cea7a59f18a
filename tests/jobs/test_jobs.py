"""Background jobs: recorded, run once, progress kept, the file served to its owner only."""
import pytest
import sqlalchemy as sa

from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.jobs.models import Job, JobStatus
from eventapp.jobs.runner import JOB_KINDS, JobOutput, Progress, enqueue, fit_message, job_kind, listed, run_job


@pytest.fixture(autouse=True)
def kinds():
    """Two test job kinds: one that makes a small text file in steps, one that fails."""

    @job_kind("test.count")
    def count(params, progress: Progress):
        progress.set_total(params["n"])
        for _i in range(params["n"]):
            progress.advance()
        return JobOutput(b"counted\n", "csv", "count.csv", "text/csv", message=f"{params['n']} counted")

    @job_kind("test.note")
    def note(params, progress: Progress):
        progress.set_total(2)
        progress.advance(2)
        return JobOutput(message="2 letters posted")

    @job_kind("test.fail")
    def fail(params, progress):
        progress.set_total(3)
        raise RuntimeError("broken on purpose")

    yield
    JOB_KINDS.pop("test.count")
    JOB_KINDS.pop("test.fail")
    JOB_KINDS.pop("test.note")


def test_an_inline_job_runs_to_done_with_its_file_and_message(app_ctx):
    job = enqueue("test.count", {"n": 5}, actor_id=None)

    assert job.status is JobStatus.DONE and job.done == job.total == 5 and job.percent == 100
    assert job.message == "5 counted" and job.result_filename == "count.csv" and job.finished_at


def test_a_failing_job_is_failed_with_a_message_not_an_exception(app_ctx, caplog):
    job = enqueue("test.fail", {}, actor_id=None)

    assert job.status is JobStatus.FAILED and job.error and job.finished_at
    assert job.result_file is None
    assert "broken on purpose" in caplog.text


def test_a_job_runs_once_even_if_asked_twice(app_ctx):
    job = enqueue("test.count", {"n": 2}, actor_id=None)
    finished = job.finished_at

    run_job(job.id)

    db.session.refresh(job)
    assert job.finished_at == finished


def test_an_unknown_kind_is_refused_before_anything_is_recorded(app_ctx):
    with pytest.raises(ValueError):
        enqueue("test.nope", {}, actor_id=None)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0


def test_thread_mode_runs_the_job_in_the_background(tmp_path):
    import time

    from eventapp import create_app
    from tests.conftest import make_config

    app = create_app(make_config("sqlite", {"JOBS_MODE": "thread",
                                            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'jobs.sqlite'}"},
                                 tmp_path))
    with app.app_context():
        db.create_all()
        job_id = enqueue("test.count", {"n": 3}, actor_id=None).id
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with app.app_context():
            if db.session.get(Job, job_id).status is JobStatus.DONE:
                break
        time.sleep(0.05)
    with app.app_context():
        assert db.session.get(Job, job_id).status is JobStatus.DONE


def test_the_owner_sees_progress_and_downloads_others_get_404(app, client, login, create_user):
    owner = login(Role.ORGANISER)
    with app.app_context():
        job_id = enqueue("test.count", {"n": 4}, actor_id=owner.id).id

    page = client.get(f"/jobs/{job_id}")
    assert page.status_code == 200 and b"count.csv" in page.data
    assert client.get(f"/jobs/{job_id}.json").get_json()["status"] == "done"
    download = client.get(f"/jobs/{job_id}/download")
    assert download.status_code == 200 and download.data == b"counted\n"

    client.post("/logout")
    other = create_user(roles=[Role.ORGANISER])
    client.post("/login", data={"email": other.email, "password": "correct horse battery"})
    for url in (f"/jobs/{job_id}", f"/jobs/{job_id}.json", f"/jobs/{job_id}/download", "/jobs/999999"):
        assert client.get(url).status_code == 404, url


def test_a_failed_job_has_nothing_to_download(app, client, login):
    owner = login(Role.ORGANISER)
    with app.app_context():
        job_id = enqueue("test.fail", {}, actor_id=owner.id).id

    assert client.get(f"/jobs/{job_id}/download").status_code == 404
    assert client.get(f"/jobs/{job_id}").status_code == 200


def test_a_job_without_a_file_ends_with_its_message_and_nothing_to_download(app, client, login):
    owner = login(Role.ORGANISER)
    with app.app_context():
        job = enqueue("test.note", {}, actor_id=owner.id)
        job_id = job.id
        assert job.status is JobStatus.DONE and job.result_file is None and job.done == job.total == 2

    page = client.get(f"/jobs/{job_id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "2 letters posted" in page and f"/jobs/{job_id}/download" not in page
    assert client.get(f"/jobs/{job_id}.json").get_json()["message"] == "2 letters posted"
    assert client.get(f"/jobs/{job_id}/download").status_code == 404


def test_a_long_list_of_names_is_cut_to_fit_the_message():
    names = ["Wizara ya Maji", "Wizara ya Nishati", "Wizara ya Afya"]

    def build(shown):
        return f"Reminded: {listed(names, shown)}."

    assert fit_message(build, len(names)) == "Reminded: Wizara ya Maji, Wizara ya Nishati, Wizara ya Afya."
    # "Reminded: Wizara ya Maji, …." is 28 characters; with the second name it is 47
    assert fit_message(build, len(names), limit=40) == "Reminded: Wizara ya Maji, …."
    assert fit_message(build, len(names), limit=12) == "Reminded: …."
    assert fit_message(build, len(names), limit=8) == "Reminded"
