"""The committee's resolutions pages: the list with its status filter, add and edit (errors
beside the fields, everything typed kept, nothing saved), status changes, the XLSX, the
progress summary; and nobody else may open them."""
import io
import re
from datetime import date
from html import unescape

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.registration.models import InstitutionType
from eventapp.reports import resolution_progress as progress
from eventapp.reports import resolutions as rules
from eventapp.reports.models import Resolution, ResolutionStatus
from eventapp.reports.resolutions import ResolutionDetails
from tests import factories
from tests.reports import factories as rf

EN = {"Accept-Language": "en"}


@pytest.fixture
def meeting(app):
    """2019 with resolution 1 (All ministries, open) and 2 (eGA, done); 2020 whose call asks
    Afya and Maji to report, Maji having reported on resolution 1. Ids only."""
    with app.app_context():
        earlier = factories.event(edition=2, starts_on=date(2019, 1, 30), ends_on=date(2019, 2, 2))
        later = factories.event(edition=3, starts_on=date(2020, 2, 3), ends_on=date(2020, 2, 6))
        ega = factories.institution(name="Wakala ya Serikali Mtandao", acronym="eGA",
                                    type_=InstitutionType.SECTOR_INSTITUTION)
        afya, maji = rf.ministry("Wizara ya Afya"), rf.ministry("Wizara ya Maji")
        rf.call(later, [afya, maji])
        first = rules.save_resolution(earlier, ResolutionDetails(
            text_sw="Wizara zihusishe taasisi za kisekta.", text_en="Ministries to include sector institutions.",
            owner_text="Wizara zote / All ministries"))
        second = rules.save_resolution(earlier, ResolutionDetails(text_sw="Kuhamasisha kituo cha utafiti.",
                                                                  owner_institution_id=ega.id))
        rules.change_status(second, ResolutionStatus.DONE)
        maji_focal = rf.focal_person(maji)
        progress.report_progress(first, later, maji, maji_focal, "in_progress", "Taasisi 3 kati ya 5.")
        return {"earlier": earlier.id, "later": later.id, "ega": ega.id, "first": first.id, "second": second.id}


def errors_beside(body: str, field: str) -> list[str]:
    found = re.search(rf'<ul class="errors" id="{field}-error">(.*?)</ul>', body, re.S)
    return [unescape(m) for m in re.findall(r"<li>(.*?)</li>", found.group(1))] if found else []


def form(**changes) -> dict:
    data = {"text_sw": "Muda zaidi wa maandalizi ya tafiti na bunifu.",
            "text_en": "More preparation time for research and innovation submissions.",
            "institution_id": "", "institution_name": "eGA", "owner_text": "", "due_on": "2020-01-31"}
    data.update(changes)
    return data


def count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Resolution))


def committee_urls(m) -> list[tuple[str, str]]:
    return [
        ("get", f"/manage/events/{m['earlier']}/resolutions"),
        ("get", f"/manage/events/{m['earlier']}/resolutions/new"),
        ("post", f"/manage/events/{m['earlier']}/resolutions/new"),
        ("get", f"/manage/reports/resolutions/{m['first']}/edit"),
        ("post", f"/manage/reports/resolutions/{m['first']}/edit"),
        ("post", f"/manage/reports/resolutions/{m['first']}/status"),
        ("get", f"/manage/events/{m['earlier']}/resolutions.xlsx"),
        ("get", f"/manage/events/{m['later']}/resolutions/progress"),
    ]


@pytest.mark.parametrize("role", [Role.FOCAL, Role.PARTICIPANT, Role.FINANCE])
def test_the_committee_pages_are_403_for_everyone_else(client, login, meeting, role):
    login(role)

    for method, url in committee_urls(meeting):
        assert getattr(client, method)(url, data=form()).status_code == 403, url


def test_a_real_focal_person_is_refused_too_and_changes_nothing(client, app, meeting):
    with app.app_context():
        rf.focal_person(rf.ministry("Wizara ya Nishati"), email="focal@nishati.go.tz")
    client.post("/login", data={"email": "focal@nishati.go.tz", "password": factories.PASSWORD})

    for method, url in committee_urls(meeting):
        assert getattr(client, method)(url, data={**form(), "s1-status": "dropped"}).status_code == 403, url
    with app.app_context():
        assert count() == 2 and db.session.get(Resolution, meeting["first"]).status is ResolutionStatus.OPEN


def test_anonymous_visitors_go_to_the_login_page(client, meeting):
    assert client.get(f"/manage/events/{meeting['earlier']}/resolutions").status_code == 302


@pytest.mark.parametrize("role", [Role.REPORTS, Role.ORGANISER])
def test_the_list_with_owners_statuses_and_the_filter(client, login, meeting, role):
    login(role)

    everything = client.get(f"/manage/events/{meeting['earlier']}/resolutions", headers=EN)
    done = client.get(f"/manage/events/{meeting['earlier']}/resolutions?status=done", headers=EN)

    body = everything.get_data(as_text=True)
    assert everything.status_code == 200
    assert "Wizara zihusishe taasisi za kisekta." in body and "Ministries to include sector institutions." in body
    assert "Wizara zote / All ministries" in body and "Wakala ya Serikali Mtandao (eGA)" in body
    done_body = done.get_data(as_text=True)
    assert "Kuhamasisha kituo cha utafiti." in done_body and "Wizara zihusishe" not in done_body
    assert "resolutions.xlsx?status=done" in done_body


def test_adding_a_resolution_gives_it_the_next_number(client, login, app, meeting):
    login(Role.REPORTS)

    response = client.post(f"/manage/events/{meeting['earlier']}/resolutions/new", data=form())

    assert response.status_code == 302 and "/resolutions#resolution-" in response.headers["Location"]
    with app.app_context():
        saved = db.session.scalar(sa.select(Resolution).where(Resolution.number == 3))
        assert saved.owner_institution_id == meeting["ega"] and saved.due_on == date(2020, 1, 31)
        assert saved.event_id == meeting["earlier"] and saved.status is ResolutionStatus.OPEN


@pytest.mark.parametrize("changes, field, message", [
    (dict(text_sw="  "), "text_sw", "Write the resolution in Swahili."),
    (dict(due_on="2020-13-45"), "due_on", "Enter a date such as 2020-06-30."),
    (dict(due_on="31/01/2020"), "due_on", "Enter a date such as 2020-06-30."),
    (dict(due_on="2019-01-01"), "due_on", "The due date cannot be before the meeting starts (2019-01-30)."),
    (dict(institution_name="Wizara Isiyokuwepo"), "institution_name", "is not an institution of the directory"),
    (dict(institution_id="99999", institution_name="Imefutwa"), "institution_name", "not in the directory"),
    (dict(institution_name=""), "institution_name", "Name who owns the resolution"),
])
def test_a_refused_resolution_shows_why_keeps_what_was_typed_and_saves_nothing(client, login, app, meeting,
                                                                                changes, field, message):
    login(Role.REPORTS)
    data = form(**changes)

    response = client.post(f"/manage/events/{meeting['earlier']}/resolutions/new", data=data, headers=EN)

    body = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert any(message in m for m in errors_beside(response.get_data(as_text=True), field)), body
    assert "More preparation time for research and innovation submissions." in body
    if data["text_sw"].strip():
        assert data["text_sw"] in body
    with app.app_context():
        assert count() == 2


def test_a_bad_date_and_an_empty_text_are_shown_together(client, login, meeting):
    login(Role.REPORTS)

    response = client.post(f"/manage/events/{meeting['earlier']}/resolutions/new",
                           data=form(text_sw="", due_on="2019-01-01", institution_name="Hakuna"), headers=EN)

    body = response.get_data(as_text=True)
    assert errors_beside(body, "text_sw") and errors_beside(body, "due_on") and errors_beside(body, "institution_name")


def test_editing_shows_the_owner_and_saves_the_change(client, login, app, meeting):
    login(Role.ORGANISER)
    url = f"/manage/reports/resolutions/{meeting['second']}/edit"

    page = client.get(url, headers=EN).get_data(as_text=True)
    response = client.post(url, data=form(text_sw="Kuhamasisha zaidi.", institution_id=str(meeting["ega"]),
                                          institution_name="Wakala ya Serikali Mtandao", owner_text="na Wizara zote",
                                          due_on=""))

    assert 'value="Wakala ya Serikali Mtandao"' in page and "Kuhamasisha kituo cha utafiti." in page
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(Resolution, meeting["second"])
        assert (saved.number, saved.text_sw, saved.owner_text, saved.due_on) == (2, "Kuhamasisha zaidi.",
                                                                                "na Wizara zote", None)
        assert saved.status is ResolutionStatus.DONE


def test_the_status_changes_and_goes_back_where_it_was_changed(client, login, app, meeting):
    login(Role.REPORTS)
    summary = f"/manage/events/{meeting['later']}/resolutions/progress"
    key = f"s{meeting['first']}"

    response = client.post(f"/manage/reports/resolutions/{meeting['first']}/status",
                           data={f"{key}-status": "in_progress", f"{key}-next": summary})
    outside = client.post(f"/manage/reports/resolutions/{meeting['first']}/status",
                          data={f"{key}-status": "open", f"{key}-next": "https://evil.example.org/"})

    assert response.status_code == 302 and response.headers["Location"].endswith(summary)
    assert outside.headers["Location"].endswith(f"/manage/events/{meeting['earlier']}/resolutions")
    with app.app_context():
        assert db.session.get(Resolution, meeting["first"]).status is ResolutionStatus.OPEN


@pytest.mark.parametrize("value", ["finished", ""])
def test_an_unknown_status_is_refused_and_changes_nothing(client, login, app, meeting, value):
    login(Role.REPORTS)
    key = f"s{meeting['first']}"

    response = client.post(f"/manage/reports/resolutions/{meeting['first']}/status",
                           data={f"{key}-status": value}, headers=EN)

    assert response.status_code == 302
    assert "Choose one of the statuses." in client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Resolution, meeting["first"]).status is ResolutionStatus.OPEN


def test_the_workbook_follows_the_filter(client, login, meeting):
    login(Role.REPORTS)

    response = client.get(f"/manage/events/{meeting['earlier']}/resolutions.xlsx?status=open", headers=EN)

    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows[0] == ("No.", "Resolution (Swahili)", "Resolution (English)", "Owner", "Due date", "Status")
    assert rows[1:] == [(1, "Wizara zihusishe taasisi za kisekta.", "Ministries to include sector institutions.",
                         "Wizara zote / All ministries", None, "open")]


def test_the_progress_summary_shows_reports_and_who_has_not_reported(client, login, meeting):
    login(Role.REPORTS)

    response = client.get(f"/manage/events/{meeting['later']}/resolutions/progress", headers=EN)

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Resolution 1 of 2019" in body and "Kuhamasisha kituo" not in body  # the done one is not carried
    reported, waiting = body.split("has not reported")[0], body.split("has not reported")[1]
    assert "Wizara ya Maji" in reported and "Taasisi 3 kati ya 5." in reported and "in progress" in reported
    assert "Wizara ya Afya" in waiting and "Wizara ya Maji" not in waiting
    assert f'action="/manage/reports/resolutions/{meeting["first"]}/status"' in body


def test_the_summary_of_an_edition_with_nothing_carried(client, login, meeting):
    login(Role.REPORTS)

    body = client.get(f"/manage/events/{meeting['earlier']}/resolutions/progress", headers=EN).get_data(as_text=True)

    assert "nothing to report on at this meeting" in body


def test_unknown_ids_are_404(client, login):
    login(Role.REPORTS)

    assert client.get("/manage/events/999/resolutions").status_code == 404
    assert client.get("/manage/reports/resolutions/999/edit").status_code == 404
    assert client.post("/manage/reports/resolutions/999/status").status_code == 404
