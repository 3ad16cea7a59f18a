"""The focal person's submission: numbered versions never overwritten, files checked by content
and size and kept from the previous version when none is sent, late marking, the refusals
(before opening, after the hard deadline, someone else's institution, accepted, empty required
section, bad or missing file, sector institutions of another ministry) each changing nothing,
the "report received" email, and version numbers under simultaneous submissions."""
import io
import os
import zipfile
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_babel import format_datetime
from werkzeug.datastructures import FileStorage

from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.uploads import upload_path
from eventapp.extensions import db
from eventapp.reports import submissions
from eventapp.reports.models import (
    CoveredInstitution,
    ReportAnswer,
    ReportCall,
    ReportStatus,
    ReportSubmission,
    ReportVersion,
)
from eventapp.reports.sections import SECTOR_INSTITUTIONS
from eventapp.reports.submissions import section_field, submit_report
from tests import factories
from tests.registration.test_concurrency import run_together
from tests.reports import factories as reports

# --- builders shared with the other reports tests ---------------------------------------

PDF = reports.PDF_BYTES


def office_bytes(folder: str, marker: str = "") -> bytes:
    """A minimal Office Open XML package: `word` makes a DOCX, `ppt` a PPTX."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(f"{folder}/document.xml", f"<doc>{marker}</doc>")
    return out.getvalue()


DOCX = office_bytes("word", "ripoti")
PPTX = office_bytes("ppt", "slaidi")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
TEXT = b"Hii ni ripoti iliyoandikwa kama maandishi tu.\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def upload(data: bytes, filename: str = "ripoti.pdf") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename)


def answers_for(call: ReportCall, text: str = "Maelezo", skip: tuple[str, ...] = ()) -> dict[int, str]:
    """Text for every section but those whose code is in `skip`."""
    return {s.id: f"{text}: {s.title_en}" for s in call.sections if s.code not in skip}


def stored_files(app) -> list[str]:
    folder = app.config["UPLOAD_FOLDER"]
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def setup(app_ctx):
    """A call open since yesterday (deadline in a week) that the Ministry of Finance must answer,
    its focal person, a sector institution under it and another ministry's."""
    event = factories.event()
    finance = reports.ministry("Wizara ya Fedha na Mipango", "MoFP")
    health = reports.ministry("Wizara ya Afya", "MoH")
    tra = reports.sector_institution(finance, "Mamlaka ya Mapato Tanzania", "TRA")
    msd = reports.sector_institution(health, "Bohari ya Dawa", "MSD")
    call = reports.call(event, [finance, health])
    focal = reports.focal_person(finance, email="asha@mof.go.tz", full_name="Asha Juma")
    return {"event": event, "call": call, "finance": finance, "health": health, "tra": tra, "msd": msd,
            "focal": focal}


def submit(s, report=PDF, slides=None, answers=None, covered=(), now=None, user=None, institution=None):
    return submit_report(
        s["call"], institution or s["finance"], user or s["focal"],
        answers if answers is not None else answers_for(s["call"]), covered,
        upload(report, "ripoti.pdf") if report is not None else None,
        upload(slides, "slaidi.pptx") if slides is not None else None, now=now,
    )


# --- versions ----------------------------------------------------------------------------


def test_the_first_submission_is_version_1_with_its_text_covered_institutions_and_files(setup, app, outbox):
    version = submit(setup, slides=PPTX, covered=[setup["tra"].id])

    submission = version.submission
    assert (version.number, submission.version_count, submission.status) == (1, 1, ReportStatus.SUBMITTED)
    assert version.late is False and version.submitted_by_id == setup["focal"].id
    assert {a.section_id: a.body for a in version.answers} == answers_for(setup["call"])
    assert [c.institution_id for c in version.covered] == [setup["tra"].id]
    assert upload_path(version.report_file).read_bytes() == PDF and version.report_name == "ripoti.pdf"
    assert upload_path(version.slides_file).read_bytes() == PPTX and version.slides_size == len(PPTX)
    assert submission.first_submitted_at == submission.last_submitted_at == version.submitted_at
    assert [m.recipients for m in outbox] == [["asha@mof.go.tz"]]
    assert outbox[0].subject == "Report received: Wizara ya Fedha na Mipango, version 1"
    assert "/reports/submissions/" in outbox[0].body


def test_a_resubmission_adds_version_2_and_keeps_version_1_and_the_files_not_replaced(setup):
    first = submit(setup, slides=PPTX)
    first_report, first_slides = first.report_file, first.slides_file

    second = submit(setup, report=None, answers=answers_for(setup["call"], "Imerekebishwa"))
    third = submit(setup, report=DOCX, answers=answers_for(setup["call"], "Toleo la tatu"))

    assert [v.number for v in first.submission.versions] == [1, 2, 3]
    assert first.submission.version_count == 3
    assert (second.report_file, second.slides_file) == (first_report, first_slides)  # kept, not copied
    assert third.report_file != first_report and third.slides_file == first_slides
    assert upload_path(first_report).read_bytes() == PDF  # version 1's file is untouched
    db.session.expire_all()
    v1 = db.session.get(ReportVersion, first.id)
    assert all(a.body.startswith("Maelezo") for a in v1.answers)
    assert all(a.body.startswith("Toleo la tatu") for a in db.session.get(ReportVersion, third.id).answers)


@pytest.mark.parametrize("status", [ReportStatus.RETURNED, ReportStatus.SUBMITTED, ReportStatus.UNDER_REVIEW])
def test_a_resubmission_puts_the_report_back_to_submitted(setup, status):
    first = submit(setup)
    first.submission.status = status
    db.session.commit()

    second = submit(setup)

    assert second.submission.status is ReportStatus.SUBMITTED and second.number == 2


def test_an_accepted_report_cannot_be_resubmitted_and_nothing_changes(setup, app):
    first = submit(setup)
    first.submission.status = ReportStatus.ACCEPTED
    db.session.commit()
    files = stored_files(app)

    with pytest.raises(DomainError, match="accepted"):
        submit(setup)

    assert count(ReportVersion) == 1 and stored_files(app) == files


def test_after_the_deadline_and_before_the_hard_deadline_it_is_accepted_and_marked_late(setup, outbox):
    call = setup["call"]
    call.hard_deadline = call.deadline + timedelta(days=3)
    db.session.commit()

    version = submit(setup, now=call.deadline + timedelta(hours=2))

    assert version.late is True
    assert "after the deadline" in outbox[0].body and "marked late" in outbox[0].body


def test_on_time_the_email_has_no_late_note(setup, outbox):
    submit(setup)

    assert "late" not in outbox[0].body


# --- refusals, each changing nothing -----------------------------------------------------


def assert_nothing_saved(app, files_before=()):
    db.session.rollback()
    assert count(ReportSubmission) == count(ReportVersion) == count(ReportAnswer) == 0
    assert count(CoveredInstitution) == 0
    assert stored_files(app) == list(files_before)


def test_before_the_call_opens_it_is_refused(setup, app):
    with pytest.raises(DomainError, match="opens on"):
        submit(setup, now=setup["call"].opens_at - timedelta(minutes=1))
    assert_nothing_saved(app)


def test_after_the_hard_deadline_it_is_refused_with_the_deadline(setup, app):
    call = setup["call"]
    call.hard_deadline = call.deadline + timedelta(days=1)
    db.session.commit()

    with pytest.raises(DomainError) as refused:
        submit(setup, now=call.hard_deadline + timedelta(seconds=1))

    assert "no longer accepted" in refused.value.message
    assert format_datetime(call.hard_deadline, "medium") in refused.value.message
    assert_nothing_saved(app)


def test_someone_not_focal_for_the_institution_is_refused(setup, app):
    other = reports.focal_person(setup["health"])
    plain = factories.user()

    for user in (other, plain):
        with pytest.raises(DomainError, match="Only a focal person of Wizara ya Fedha"):
            submit(setup, user=user)
    assert_nothing_saved(app)


def test_an_institution_not_asked_to_report_is_refused(setup, app):
    water = reports.ministry("Wizara ya Maji")
    focal = reports.focal_person(water)

    with pytest.raises(DomainError, match="not asked to report"):
        submit(setup, user=focal, institution=water)
    assert_nothing_saved(app)


def test_an_empty_required_section_is_refused_beside_it_and_an_optional_one_may_be_empty(setup, app):
    call = setup["call"]
    strategy, benefits = call.sections[0], call.sections[4]
    benefits.required = False
    db.session.commit()
    answers = answers_for(call, skip=(strategy.code, benefits.code))
    answers[call.sections[1].id] = "   \n  "  # blanks are empty

    with pytest.raises(InvalidInput) as refused:
        submit(setup, answers=answers)

    assert set(refused.value.errors) == {section_field(strategy.id), section_field(call.sections[1].id)}
    assert refused.value.errors[section_field(strategy.id)] == "This section is required."
    assert_nothing_saved(app)


def test_ticking_sector_institutions_answers_that_section(setup):
    call = setup["call"]
    answers = answers_for(call, skip=(SECTOR_INSTITUTIONS,))

    with pytest.raises(InvalidInput) as refused:
        submit(setup, answers=answers)
    version = submit(setup, answers=answers, covered=[setup["tra"].id])

    assert list(refused.value.errors) == [section_field(next(s.id for s in call.sections
                                                             if s.code == SECTOR_INSTITUTIONS))]
    assert [c.institution_id for c in version.covered] == [setup["tra"].id]


def test_sector_institutions_of_another_ministry_are_refused(setup, app):
    for covered in ([setup["msd"].id], [setup["health"].id], ["x"]):
        with pytest.raises(InvalidInput) as refused:
            submit(setup, covered=covered)
        assert list(refused.value.errors) == ["covered"]
    assert_nothing_saved(app)


def test_a_section_too_long_is_refused(setup, app):
    answers = answers_for(setup["call"])
    first = setup["call"].sections[0].id
    answers[first] = "a" * (submissions.MAX_ANSWER + 1)

    with pytest.raises(InvalidInput) as refused:
        submit(setup, answers=answers)

    assert list(refused.value.errors) == [section_field(first)]
    assert_nothing_saved(app)


def test_the_report_file_is_required_on_the_first_version(setup, app):
    with pytest.raises(InvalidInput) as refused:
        submit(setup, report=None)

    assert refused.value.errors == {"report_file": "Upload the full report (PDF or DOCX)."}
    assert_nothing_saved(app)


@pytest.mark.parametrize("data", [EXE, TEXT, PNG, PPTX, b""], ids=["exe", "text", "png", "pptx", "empty"])
def test_a_report_that_is_not_a_pdf_or_docx_by_content_is_refused_whatever_its_name(setup, app, data):
    with pytest.raises(InvalidInput) as refused:
        submit(setup, report=data)

    message = refused.value.errors["report_file"]
    assert "checked by its content" in message or "empty" in message
    assert_nothing_saved(app)


@pytest.mark.parametrize("data", [DOCX, EXE, PNG], ids=["docx", "exe", "png"])
def test_slides_must_be_pdf_or_pptx_by_content(setup, app, data):
    with pytest.raises(InvalidInput) as refused:
        submit(setup, slides=data)

    assert list(refused.value.errors) == ["slides_file"]
    assert_nothing_saved(app)


def test_files_over_the_limits_are_refused_with_the_limit(setup, app):
    app.config.update(MAX_REPORT_BYTES=1000, MAX_SLIDES_BYTES=500)
    big_pdf = PDF + b"%" * 1000

    with pytest.raises(InvalidInput) as refused:
        submit(setup, report=big_pdf, slides=PDF + b"%" * 500)

    assert "the limit is 0.0 MB" in refused.value.errors["report_file"]
    assert set(refused.value.errors) == {"report_file", "slides_file"}
    assert_nothing_saved(app)


def test_every_problem_is_reported_at_once(setup, app):
    with pytest.raises(InvalidInput) as refused:
        submit(setup, report=EXE, slides=TEXT, answers={}, covered=[setup["msd"].id])

    assert {"report_file", "slides_file", "covered", section_field(setup["call"].sections[0].id)} \
        <= set(refused.value.errors)
    assert_nothing_saved(app)


def test_when_the_commit_fails_the_stored_files_are_deleted(setup, app, monkeypatch):
    from eventapp.core import audit

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(audit, "record", broken)

    with pytest.raises(RuntimeError):
        submit(setup, slides=PPTX)

    assert_nothing_saved(app)


# --- simultaneous submissions ------------------------------------------------------------


@pytest.mark.database
class TestSimultaneousSubmissions:
    THREADS = 8

    @pytest.fixture
    def app_config(self, db_backend, tmp_path):
        engine = {"pool_size": self.THREADS + 5, "max_overflow": 5, "pool_timeout": 60}
        if db_backend == "sqlite":
            engine["connect_args"] = {"timeout": 60}
            return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'reports.sqlite'}",
                    "SQLALCHEMY_ENGINE_OPTIONS": engine}
        return {"SQLALCHEMY_ENGINE_OPTIONS": engine}

    @pytest.fixture
    def ids(self, app):
        with app.app_context():
            finance = reports.ministry("Wizara ya Fedha na Mipango")
            call = reports.call(factories.event(), [finance])
            focal = [reports.focal_person(finance).id for _n in range(self.THREADS)]
            return {"call": call.id, "finance": finance.id, "focal": focal}

    def _submit(self, ids, i):
        from eventapp.auth.models import User
        from eventapp.registration.models import Institution

        call = db.session.get(ReportCall, ids["call"])
        return submit_report(call, db.session.get(Institution, ids["finance"]),
                             db.session.get(User, ids["focal"][i]), answers_for(call, f"Thread {i}"), (),
                             upload(PDF), None).number

    def test_simultaneous_first_submissions_make_one_report_with_distinct_versions(self, app, ids, db_backend):
        results = run_together(app, self.THREADS, lambda i: self._submit(ids, i))

        assert [r for r in results if r[0] != "ok"] == []
        assert sorted(number for _ok, number in results) == list(range(1, self.THREADS + 1))
        with app.app_context():
            submission = db.session.scalar(sa.select(ReportSubmission))
            assert count(ReportSubmission) == 1 and submission.version_count == self.THREADS
            assert sorted(v.number for v in submission.versions) == list(range(1, self.THREADS + 1))
            assert len(stored_files(app)) == self.THREADS  # every version's own report, none lost

    def test_simultaneous_resubmissions_never_share_a_number(self, app, ids, db_backend):
        with app.app_context():
            self._submit(ids, 0)

        results = run_together(app, self.THREADS, lambda i: self._submit(ids, i))

        assert [r for r in results if r[0] != "ok"] == []
        assert sorted(number for _ok, number in results) == list(range(2, self.THREADS + 2))
        with app.app_context():
            assert db.session.scalar(sa.select(ReportSubmission.version_count)) == self.THREADS + 1
