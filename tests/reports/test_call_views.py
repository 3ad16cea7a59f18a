"""The committee's call pages: opening the call (errors beside the fields, typed values kept),
its dates, sections, institutions that must report, the template (upload checked by content,
generated PDF otherwise), appointing and removing focal persons (errors beside that
institution's form), the event page's button, and who may open what."""
import io
import re
from html import unescape

import pytest
import sqlalchemy as sa

from eventapp.auth.models import User
from eventapp.core.clock import local
from eventapp.core.roles import Role
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import Institution, InstitutionType
from eventapp.reports.models import FocalPerson, ReportCall, ReportingInstitution, ReportSection
from tests import factories
from tests.reports import factories as reports
from tests.reports.test_submissions import DOCX, PNG
from tests.sponsors.test_manage_views import errors_beside

CALL_FORM = {"opens_at": "2019-01-02T08:00", "deadline": "2019-01-20T17:00", "hard_deadline": "2019-01-25T17:00",
             "instructions_sw": "Tumia kiolezo.", "instructions_en": "Use the template."}


@pytest.fixture
def meeting(app):
    with app.app_context():
        event = factories.event(title_en="e-Government Annual Meeting 2019")
        finance = reports.ministry("Wizara ya Fedha na Mipango", "MoFP")
        health = reports.ministry("Wizara ya Afya", "MoH")
        return {"event": event.id, "finance": finance.id, "health": health.id}


@pytest.fixture
def opened(app, meeting):
    """The meeting with its call (both ministries must report); the call's id."""
    with app.app_context():
        institutions = [db.session.get(Institution, meeting[k]) for k in ("finance", "health")]
        return reports.call(db.session.get(Event, meeting["event"]), institutions).id


def input_value(body: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', body)
    return unescape(found.group(1)) if found else ""


# --- the call ----------------------------------------------------------------------------


def test_without_a_call_the_page_offers_to_create_it(client, login, meeting):
    login(Role.REPORTS)

    body = client.get(f"/manage/events/{meeting['event']}/reports").get_data(as_text=True)

    assert "Create the call" in body and 'name="deadline"' in body


def test_creating_the_call_with_bad_dates_shows_errors_beside_them_and_keeps_the_values(client, app, login,
                                                                                        meeting):
    login(Role.REPORTS)

    response = client.post(f"/manage/events/{meeting['event']}/reports/call",
                           data={**CALL_FORM, "deadline": "2019-01-01T17:00"})

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert errors_beside(body, "deadline") == ["The deadline must come after the opening."]
    assert input_value(body, "deadline") == "2019-01-01T17:00" and "Use the template." in body
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ReportCall.id))) == 0


def test_creating_the_call_lists_the_sections_and_every_ministry(client, login, meeting):
    login(Role.ORGANISER)

    response = client.post(f"/manage/events/{meeting['event']}/reports/call", data=CALL_FORM)
    body = client.get(response.headers["Location"]).get_data(as_text=True)

    assert response.status_code == 302
    assert "Strategy and plans" in body and "Sector institutions covered" in body
    assert "Wizara ya Fedha na Mipango (MoFP)" in body and "Wizara ya Afya (MoH)" in body
    assert "No focal person yet" in body and "Appoint a focal person" in body


def test_editing_the_call_shows_its_times_in_east_africa_time(client, app, login, opened):
    login(Role.REPORTS)
    with app.app_context():
        call = db.session.get(ReportCall, opened)
        shown = local(call.deadline).strftime("%Y-%m-%dT%H:%M")

    form = client.get(f"/manage/reports/calls/{opened}/edit").get_data(as_text=True)
    response = client.post(f"/manage/reports/calls/{opened}/edit", data=CALL_FORM)
    refused = client.post(f"/manage/reports/calls/{opened}/edit",
                          data={**CALL_FORM, "hard_deadline": "2019-01-19T17:00"})

    assert input_value(form, "deadline") == shown
    assert response.status_code == 302
    assert refused.status_code == 422
    assert errors_beside(refused.get_data(as_text=True), "hard_deadline") == [
        "The hard deadline cannot come before the deadline."]
    with app.app_context():
        assert db.session.get(ReportCall, opened).instructions_en == "Use the template."


# --- sections ----------------------------------------------------------------------------


def sections_form(app, call_id, **changes) -> dict:
    with app.app_context():
        sections = db.session.get(ReportCall, call_id).sections
        data = {}
        for n, s in enumerate(sections):
            values = {"id": str(s.id), "position": str(s.position), "title_sw": s.title_sw, "title_en": s.title_en,
                      "guidance_sw": s.guidance_sw, "guidance_en": s.guidance_en, "required": "y"}
            values.update(changes.get(s.code, {}))
            data.update({f"sections-{n}-{k}": v for k, v in values.items() if v is not None})
        return data


def test_sections_are_edited_together_with_errors_beside_the_one_that_is_wrong(client, app, login, opened):
    login(Role.REPORTS)
    url = f"/manage/reports/calls/{opened}/sections"

    page = client.get(url).get_data(as_text=True)
    refused = client.post(url, data=sections_form(app, opened, systems={"title_en": "", "guidance_en": "Kept"}))
    saved = client.post(url, data=sections_form(app, opened, challenges={"position": "1"},
                                                benefits={"required": None}))

    assert 'name="sections-0-title_sw"' in page and "Add a section" in page
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and errors_beside(body, "sections-1-title_en") == ["This field is required."]
    assert "Kept" in body
    assert saved.status_code == 302
    with app.app_context():
        sections = db.session.get(ReportCall, opened).sections
        assert sections[0].code == "challenges"
        assert next(s for s in sections if s.code == "benefits").required is False


def test_a_section_is_added_and_removed_until_a_ministry_submits(client, app, login, opened, meeting):
    login(Role.REPORTS)

    added = client.post(f"/manage/reports/calls/{opened}/sections/new",
                        data={"title_sw": "Takwimu", "title_en": "Statistics", "required": "y"})
    refused = client.post(f"/manage/reports/calls/{opened}/sections/new", data={"title_sw": "", "title_en": "X"})
    with app.app_context():
        statistics = db.session.scalar(sa.select(ReportSection).where(ReportSection.title_en == "Statistics"))
        assert statistics.position == 9
        statistics_id = statistics.id
    removed = client.post(f"/manage/reports/sections/{statistics_id}/delete")
    with app.app_context():
        call = db.session.get(ReportCall, opened)
        reports.submission(call, db.session.get(Institution, meeting["finance"]))
        first = call.sections[0].id
    kept = client.post(f"/manage/reports/sections/{first}/delete", follow_redirects=True)

    assert added.status_code == removed.status_code == 302
    assert refused.status_code == 422 and errors_beside(refused.get_data(as_text=True), "title_sw")
    assert "can no longer be added or removed" in kept.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ReportSection.id))) == 8


# --- institutions ------------------------------------------------------------------------


def test_institutions_are_added_from_the_directory_and_removed(client, app, login, opened, meeting):
    login(Role.REPORTS)
    with app.app_context():
        tanesco = factories.institution(name="Shirika la Umeme Tanzania", type_=InstitutionType.SECTOR_INSTITUTION).id
    url = f"/manage/reports/calls/{opened}/institutions"

    page = client.get(url).get_data(as_text=True)
    added = client.post(url, data={"institution_id": str(tanesco)})
    refused = client.post(url, data={"institution_id": "99999"})
    removed = client.post(f"{url}/{meeting['health']}/delete")

    assert "Shirika la Umeme Tanzania" in page and "Other institutions" in page
    assert added.status_code == removed.status_code == 302
    assert refused.status_code == 422
    assert errors_beside(refused.get_data(as_text=True), "institution_id") == [
        "Choose an institution from the directory."]
    with app.app_context():
        assert set(db.session.scalars(sa.select(ReportingInstitution.institution_id))) == {meeting["finance"], tanesco}


# --- the template ------------------------------------------------------------------------


def test_the_template_is_generated_until_one_is_uploaded_and_a_bad_file_is_refused(client, login, opened):
    login(Role.REPORTS)
    url = f"/manage/reports/calls/{opened}/template"

    generated = client.get(f"/reports/calls/{opened}/template")
    refused = client.post(url, data={"template": (io.BytesIO(PNG), "kiolezo.docx")},
                          content_type="multipart/form-data")
    uploaded = client.post(url, data={"template": (io.BytesIO(DOCX), "Kiolezo cha Taarifa.docx")},
                           content_type="multipart/form-data")
    own = client.get(f"/reports/calls/{opened}/template")
    client.post(f"{url}/delete")
    back = client.get(f"/reports/calls/{opened}/template")

    assert generated.mimetype == "application/pdf" and generated.data.startswith(b"%PDF")
    assert "report-template-" in generated.headers["Content-Disposition"]
    assert refused.status_code == 422 and "checked by its content" in errors_beside(refused.get_data(as_text=True),
                                                                                     "template")[0]
    assert uploaded.status_code == 302
    assert own.data == DOCX and "Kiolezo cha Taarifa.docx" in own.headers["Content-Disposition"]
    assert back.data.startswith(b"%PDF")


# --- focal persons -----------------------------------------------------------------------


def test_appointing_a_focal_person_from_the_call_page(client, app, login, opened, meeting, outbox):
    login(Role.REPORTS)
    finance = meeting["finance"]
    url = f"/manage/reports/calls/{opened}/institutions/{finance}/focal-persons"

    refused = client.post(url, data={f"focal{finance}-email": "asha@mof.go.tz", f"focal{finance}-full_name": ""})
    appointed = client.post(url, data={f"focal{finance}-email": "asha@mof.go.tz",
                                       f"focal{finance}-full_name": "Asha Juma"})
    page = client.get(f"/manage/events/{meeting['event']}/reports").get_data(as_text=True)

    body = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert errors_beside(body, f"focal{finance}-full_name") == [
        "Enter the person's full name; they have no account yet."]
    assert input_value(body, f"focal{finance}-email") == "asha@mof.go.tz"
    assert input_value(body, f"focal{meeting['health']}-email") == ""  # the other forms stay empty
    assert appointed.status_code == 302 and appointed.headers["Location"].endswith(f"#institution-{finance}")
    assert "Asha Juma" in page and "asha@mof.go.tz" in page
    assert [m.recipients for m in outbox] == [["asha@mof.go.tz"]]


def test_someone_focal_elsewhere_is_refused_beside_the_email(client, app, login, opened, meeting):
    login(Role.REPORTS)
    with app.app_context():
        reports.focal_person(db.session.get(Institution, meeting["health"]), email="juma@moh.go.tz")
    finance = meeting["finance"]

    response = client.post(f"/manage/reports/calls/{opened}/institutions/{finance}/focal-persons",
                           data={f"focal{finance}-email": "juma@moh.go.tz", f"focal{finance}-full_name": ""})

    assert response.status_code == 422
    [message] = errors_beside(response.get_data(as_text=True), f"focal{finance}-email")
    assert "already reports for Wizara ya Afya" in message


def test_removing_a_focal_person(client, app, login, opened, meeting):
    login(Role.REPORTS)
    with app.app_context():
        user_id = reports.focal_person(db.session.get(Institution, meeting["finance"])).id
        focal_id = db.session.scalar(sa.select(FocalPerson.id))

    response = client.post(f"/manage/reports/calls/{opened}/focal-persons/{focal_id}/delete")

    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(FocalPerson.id))) == 0
        assert not db.session.get(User, user_id).has_role(Role.FOCAL)


# --- who may open what -------------------------------------------------------------------


def test_the_event_page_links_to_the_reports_for_the_committee(client, login, meeting):
    login(Role.ORGANISER)

    body = client.get(f"/manage/events/{meeting['event']}").get_data(as_text=True)

    assert f'href="/manage/events/{meeting["event"]}/reports"' in body


def test_a_reports_committee_member_reaches_every_call_from_the_menu(client, login, opened, meeting):
    login(Role.REPORTS)

    home = client.get("/manage/reports").get_data(as_text=True)
    assert 'href="/manage/reports"' in client.get("/").get_data(as_text=True)  # the menu
    assert f'href="/manage/events/{meeting["event"]}/reports"' in home
    call_page = client.get(f"/manage/events/{meeting['event']}/reports").get_data(as_text=True)
    for path in ("reports/submissions", "reports/compliance", "reports/consolidation", "resolutions",
                 "resolutions/progress"):
        assert f'href="/manage/events/{meeting["event"]}/{path}"' in call_page, path


@pytest.mark.parametrize("role, status", [(Role.REPORTS, 200), (Role.ORGANISER, 200), (Role.ADMIN, 200),
                                          (Role.FOCAL, 403), (Role.PARTICIPANT, 403), (Role.FINANCE, 403)])
def test_only_the_committee_manages_the_call(client, login, opened, meeting, role, status):
    login(role)

    for url in ("/manage/reports", f"/manage/events/{meeting['event']}/reports", f"/manage/reports/calls/{opened}/edit",
                f"/manage/reports/calls/{opened}/sections", f"/manage/reports/calls/{opened}/institutions",
                f"/manage/reports/calls/{opened}/template"):
        assert client.get(url).status_code == status, url
