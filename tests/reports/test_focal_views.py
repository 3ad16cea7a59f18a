"""The focal person's pages: their institution's calls (open first, or why there are none), the
report form (sections with guidance, their own sector institutions only, uploads; errors beside
the fields with every typed text kept, also after a bad file), the report's page (versions,
late marks, shared comments only, downloads as attachments) seen the same by the committee,
and a too-large request answered by a clear page."""
import io
import re
from datetime import timedelta
from html import unescape

import pytest
import sqlalchemy as sa

from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.registration.models import Institution
from eventapp.reports.models import (
    FocalPerson,
    ReportCall,
    ReportComment,
    ReportStatus,
    ReportSubmission,
    ReportVersion,
)
from tests import factories
from tests.reports import factories as reports
from tests.reports.test_submissions import DOCX, EXE, PDF, PPTX, office_bytes
from tests.sponsors.test_manage_views import errors_beside


def log_in(client, email: str) -> None:
    response = client.post("/login", data={"email": email, "password": factories.PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def world(app):
    """Finance must report under an open call, with a sector institution (TRA); Health's
    sector institution (MSD) must never be offered to Finance. Ids only."""
    with app.app_context():
        event = factories.event(title_en="e-Government Annual Meeting 2019")
        finance = reports.ministry("Wizara ya Fedha na Mipango", "MoFP")
        health = reports.ministry("Wizara ya Afya", "MoH")
        tra = reports.sector_institution(finance, "Mamlaka ya Mapato Tanzania", "TRA")
        msd = reports.sector_institution(health, "Bohari ya Dawa", "MSD")
        call = reports.call(event, [finance, health])
        reports.focal_person(finance, email="asha@mof.go.tz", full_name="Asha Juma")
        sections = {s.code: s.id for s in call.sections}
        return {"event": event.id, "call": call.id, "finance": finance.id, "health": health.id, "tra": tra.id,
                "msd": msd.id, "sections": sections}


def form_data(world, text="Maelezo ya sehemu", report=PDF, report_name="ripoti.pdf", slides=None, covered=()):
    data = {f"section_{i}": f"{text} {code}" for code, i in world["sections"].items()}
    data["covered"] = [str(c) for c in covered]
    if report is not None:
        data["report_file"] = (io.BytesIO(report), report_name)
    if slides is not None:
        data["slides_file"] = (io.BytesIO(slides), "slaidi.pptx")
    return data


def textarea(body: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', body, re.S)
    return unescape(found.group(1)).strip() if found else ""


def post_report(client, world, **kwargs):
    return client.post(f"/reports/calls/{world['call']}/submit", data=form_data(world, **kwargs),
                       content_type="multipart/form-data")


# --- the focal person's home -------------------------------------------------------------


def test_a_focal_role_without_an_institution_is_told_why_there_is_nothing(client, login):
    login(Role.FOCAL)

    body = client.get("/reports").get_data(as_text=True)

    assert "not linked to an institution yet" in body and "Ask the reports committee" in body
    assert '<a href="/reports">My ministry' in body  # the menu link


def test_the_home_page_lists_the_institutions_calls_open_first(client, app, world):
    with app.app_context():
        now = reports.now()
        finance = db.session.get(Institution, world["finance"])
        old = factories.event(title_en="e-Government Annual Meeting 2015")
        reports.call(old, [finance], opens_at=now - timedelta(days=400), deadline=now - timedelta(days=380))
    log_in(client, "asha@mof.go.tz")

    body = client.get("/reports").get_data(as_text=True)

    assert "Wizara ya Fedha na Mipango" in body
    assert body.index("Annual Meeting 2019") < body.index("Annual Meeting 2015")
    assert f"/reports/calls/{world['call']}/submit" in body and "Submit the report" in body
    assert f"/reports/calls/{world['call']}/template" in body
    assert "Wizara ya Afya" not in body


# --- the form ----------------------------------------------------------------------------


def test_the_form_shows_each_section_with_its_guidance_and_only_its_own_sector_institutions(client, world):
    log_in(client, "asha@mof.go.tz")

    body = client.get(f"/reports/calls/{world['call']}/submit").get_data(as_text=True)

    assert "Strategy and plans" in body and "The ministry&#39;s ICT strategy" in body
    assert f'name="section_{world["sections"]["challenges"]}"' in body
    assert "Mamlaka ya Mapato Tanzania (TRA)" in body and "Bohari ya Dawa" not in body
    assert 'name="report_file"' in body and 'name="slides_file"' in body


def test_a_good_report_is_received_as_version_1_and_emailed(client, app, world, outbox):
    log_in(client, "asha@mof.go.tz")

    response = post_report(client, world, slides=PPTX, covered=[world["tra"]])

    with app.app_context():
        version = db.session.scalar(sa.select(ReportVersion))
        assert response.status_code == 302
        assert response.headers["Location"] == f"/reports/submissions/{version.submission_id}"
        assert version.number == 1 and [c.institution_id for c in version.covered] == [world["tra"]]
    assert [m.recipients for m in outbox] == [["asha@mof.go.tz"]]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Version 1 of the report is received" in page


def test_errors_are_shown_beside_the_fields_and_every_typed_text_is_kept_even_with_a_bad_file(client, app, world):
    log_in(client, "asha@mof.go.tz")
    data = form_data(world, report=EXE, report_name="ripoti.pdf", covered=[world["msd"]])
    strategy = f"section_{world['sections']['strategy']}"
    challenges = f"section_{world['sections']['challenges']}"
    data[strategy] = ""
    data[challenges] = "Upungufu wa wataalamu <wa TEHAMA> & bajeti"

    response = client.post(f"/reports/calls/{world['call']}/submit", data=data, content_type="multipart/form-data")

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert errors_beside(body, strategy) == ["This section is required."]
    assert "checked by its content" in errors_beside(body, "report_file")[0]
    assert errors_beside(body, "covered") == ["Choose only institutions under Wizara ya Fedha na Mipango."]
    assert textarea(body, challenges) == "Upungufu wa wataalamu <wa TEHAMA> & bajeti"
    assert "Files are not kept when the form is shown again" in body
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ReportSubmission.id))) == 0


def test_a_resubmission_starts_from_the_previous_text_and_may_keep_the_file(client, app, world):
    log_in(client, "asha@mof.go.tz")
    post_report(client, world, text="Toleo la kwanza")

    form = client.get(f"/reports/calls/{world['call']}/submit").get_data(as_text=True)
    response = post_report(client, world, text="Toleo la pili", report=None)

    assert textarea(form, f"section_{world['sections']['strategy']}") == "Toleo la kwanza strategy"
    assert "You are submitting version 2" in form and "previous version" in form
    assert response.status_code == 302
    with app.app_context():
        first, second = db.session.scalars(sa.select(ReportVersion).order_by(ReportVersion.number)).all()
        assert second.report_file == first.report_file


def test_after_the_final_deadline_the_form_is_gone_and_a_post_is_refused(client, app, world):
    with app.app_context():
        call = db.session.get(ReportCall, world["call"])
        call.opens_at, call.deadline = reports.now() - timedelta(days=9), reports.now() - timedelta(days=3)
        call.hard_deadline = reports.now() - timedelta(days=1)
        db.session.commit()
    log_in(client, "asha@mof.go.tz")

    page = client.get(f"/reports/calls/{world['call']}/submit").get_data(as_text=True)
    response = post_report(client, world)

    assert "no longer accepted" in page and 'name="report_file"' not in page
    assert response.status_code == 422 and "no longer accepted" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ReportVersion.id))) == 0


def test_past_the_deadline_the_form_warns_and_the_version_is_marked_late(client, app, world):
    with app.app_context():
        call = db.session.get(ReportCall, world["call"])
        call.opens_at, call.deadline = reports.now() - timedelta(days=9), reports.now() - timedelta(days=1)
        db.session.commit()
    log_in(client, "asha@mof.go.tz")

    page = client.get(f"/reports/calls/{world['call']}/submit").get_data(as_text=True)
    response = post_report(client, world)

    assert "marked late" in page
    assert "marked late" in client.get(response.headers["Location"]).get_data(as_text=True)


# --- the report's page and its files -----------------------------------------------------


@pytest.fixture
def submitted(app, world):
    """Finance's report in two versions (the second late, with new slides), a shared comment, a
    private one and a return with reasons."""
    with app.app_context():
        call = db.session.get(ReportCall, world["call"])
        finance = db.session.get(Institution, world["finance"])
        asha = db.session.scalar(sa.select(FocalPerson)).user
        submission = reports.submission(call, finance, versions=2, by=asha, status=ReportStatus.RETURNED)
        submission.versions[1].late = True
        db.session.add_all([
            ReportComment(submission_id=submission.id, version_number=1, body="Ongeza takwimu.", shared=True),
            ReportComment(submission_id=submission.id, version_number=1, body="Internal: weak section 3."),
            ReportComment(submission_id=submission.id, version_number=2, body="Please add the budget.",
                          status=ReportStatus.RETURNED),
        ])
        db.session.commit()
        return {"submission": submission.id, "versions": [v.id for v in submission.versions]}


def test_the_report_page_shows_versions_shared_comments_and_reasons_but_not_private_notes(client, world, submitted):
    log_in(client, "asha@mof.go.tz")

    body = client.get(f"/reports/submissions/{submitted['submission']}").get_data(as_text=True)

    assert "Returned for changes" in body and "late" in body and "Asha Juma" in body
    assert "Ongeza takwimu." in body and "Please add the budget." in body
    assert "Internal: weak section 3." not in body
    assert "Wizara ya Fedha na Mipango: Strategy and plans (v2)" in body  # the latest version's text
    assert f"/reports/versions/{submitted['versions'][0]}/report" in body
    assert "Submit a new version" in body
    older = client.get(f"/reports/submissions/{submitted['submission']}?version=1").get_data(as_text=True)
    assert "Strategy and plans (v1)" in older


def test_files_download_as_attachments_with_their_names(client, world, submitted):
    log_in(client, "asha@mof.go.tz")
    first = submitted["versions"][0]

    report = client.get(f"/reports/versions/{first}/report")
    slides = client.get(f"/reports/versions/{first}/slides")

    assert report.status_code == 200 and report.data == PDF
    assert report.headers["Content-Disposition"].startswith("attachment") and "report-v1.pdf" in \
        report.headers["Content-Disposition"]
    assert report.mimetype == "application/pdf" and "no-store" in report.headers["Cache-Control"]
    assert slides.status_code == 200 and "slides-v1.pdf" in slides.headers["Content-Disposition"]
    assert client.get(f"/reports/versions/{first}/other").status_code == 404


def test_a_version_without_slides_has_no_slides_download(client, app, world):
    log_in(client, "asha@mof.go.tz")
    post_report(client, world, report=DOCX, report_name="ripoti.docx")
    with app.app_context():
        version_id = db.session.scalar(sa.select(ReportVersion.id))

    response = client.get(f"/reports/versions/{version_id}/report")

    assert client.get(f"/reports/versions/{version_id}/slides").status_code == 404
    assert response.data == DOCX and response.mimetype.endswith("wordprocessingml.document")


@pytest.mark.parametrize("role", [Role.REPORTS, Role.ORGANISER])
def test_the_committee_sees_the_same_page_and_files(client, login, world, submitted, role):
    login(role)

    page = client.get(f"/reports/submissions/{submitted['submission']}")
    report = client.get(f"/reports/versions/{submitted['versions'][1]}/report")

    assert page.status_code == 200 and "Ongeza takwimu." in page.get_data(as_text=True)
    assert "Submit a new version" not in page.get_data(as_text=True)
    assert report.status_code == 200 and report.data == PDF


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.FINANCE, Role.PROGRAMME])
def test_others_are_refused_the_report_and_its_files(client, login, world, submitted, role):
    login(role)

    assert client.get(f"/reports/submissions/{submitted['submission']}").status_code == 403
    assert client.get(f"/reports/versions/{submitted['versions'][0]}/report").status_code == 403
    assert client.get("/reports").status_code == 403


# --- a request larger than the server accepts --------------------------------------------


@pytest.fixture
def app_config():
    return {"MAX_CONTENT_LENGTH": 200_000}


def test_a_request_too_large_for_the_server_gets_a_clear_page_not_an_error(client, world):
    log_in(client, "asha@mof.go.tz")

    response = post_report(client, world, report=office_bytes("word", "x" * 300_000))

    assert response.status_code == 413
    assert "The file is too large" in response.get_data(as_text=True)
