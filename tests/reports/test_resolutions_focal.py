"""The focal person's page: the resolutions carried into the meeting with their own
institution's progress and form (never another institution's), saving and changing it,
refusals that change nothing, and who may open it."""
import re
from datetime import date
from html import unescape

import pytest
import sqlalchemy as sa

from eventapp.core.roles import Role
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.reports import resolution_progress as progress
from eventapp.reports import resolutions as rules
from eventapp.reports.models import ProgressStatus, Resolution, ResolutionProgress, ResolutionStatus
from eventapp.reports.resolutions import ResolutionDetails
from tests import factories
from tests.reports import factories as rf

EN = {"Accept-Language": "en"}


@pytest.fixture
def meeting(app):
    """2019 with resolutions 1 (open), 2 (done) and 3 (in progress); 2020, where Maji has
    reported on resolution 1; Afya's focal person's email. Ids only."""
    with app.app_context():
        earlier = factories.event(edition=2, starts_on=date(2019, 1, 30), ends_on=date(2019, 2, 2))
        later = factories.event(edition=3, starts_on=date(2020, 2, 3), ends_on=date(2020, 2, 6))
        afya, maji = rf.ministry("Wizara ya Afya"), rf.ministry("Wizara ya Maji")
        rf.call(later, [afya, maji])
        made = []
        for text, status in (("Azimio la kwanza", None), ("Azimio la pili", ResolutionStatus.DONE),
                             ("Azimio la tatu", ResolutionStatus.IN_PROGRESS)):
            resolution = rules.save_resolution(earlier, ResolutionDetails(text_sw=text, text_en=f"{text} (en)",
                                                                          owner_text="Wizara zote"))
            if status:
                rules.change_status(resolution, status)
            made.append(resolution.id)
        rf.focal_person(afya, email="focal@afya.go.tz")
        maji_focal = rf.focal_person(maji, email="focal@maji.go.tz")
        progress.report_progress(db.session.get(Resolution, made[0]), later, maji, maji_focal,
                                 "done", "SIRI YA MAJI: imekamilika.")
        return {"earlier": earlier.id, "later": later.id, "afya": afya.id, "maji": maji.id, "resolutions": made}


def log_in(client, email: str) -> None:
    response = client.post("/login", data={"email": email, "password": factories.PASSWORD})
    assert response.status_code == 302


def url(m) -> str:
    return f"/reports/events/{m['later']}/resolutions"


def errors_beside(body: str, field: str) -> list[str]:
    found = re.search(rf'<ul class="errors" id="{field}-error">(.*?)</ul>', body, re.S)
    return [unescape(m) for m in re.findall(r"<li>(.*?)</li>", found.group(1))] if found else []


def progress_rows() -> list[tuple]:
    return db.session.execute(sa.select(ResolutionProgress.resolution_id, ResolutionProgress.institution_id,
                                        ResolutionProgress.status, ResolutionProgress.note)
                              .order_by(ResolutionProgress.id)).all()


def post(client, m, resolution_id, status="in_progress", note="Tumeanza."):
    return client.post(url(m), data={"resolution_id": str(resolution_id), f"r{resolution_id}-status": status,
                                     f"r{resolution_id}-note": note}, headers=EN)


def test_the_page_lists_the_carried_resolutions_with_a_form_each(client, meeting):
    log_in(client, "focal@afya.go.tz")

    response = client.get(url(meeting), headers=EN)

    body = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "Wizara ya Afya" in body
    assert "Azimio la kwanza (en)" in body and "Azimio la tatu (en)" in body and "Azimio la pili" not in body
    assert body.count('name="resolution_id"') == 2


def test_the_page_never_shows_another_institutions_progress(client, meeting):
    log_in(client, "focal@afya.go.tz")

    body = client.get(url(meeting), headers=EN).get_data(as_text=True)

    assert "SIRI YA MAJI" not in body and "Wizara ya Maji" not in body
    assert "reported" not in body.split("Azimio la kwanza")[1].split("</section>")[0]


def test_saving_and_changing_the_institutions_progress(client, app, meeting):
    log_in(client, "focal@afya.go.tz")
    first = meeting["resolutions"][0]

    saved = post(client, meeting, first, "in_progress", "Taasisi 2 kati ya 4.")
    page = client.get(saved.headers["Location"], headers=EN).get_data(as_text=True)
    changed = post(client, meeting, first, "done", "Zote 4.")

    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"#resolution-{first}")
    assert "Your progress on resolution 1 is saved." in page and "Taasisi 2 kati ya 4." in page
    assert changed.status_code == 302
    with app.app_context():
        assert progress_rows() == [(first, meeting["maji"], ProgressStatus.DONE, "SIRI YA MAJI: imekamilika."),
                                   (first, meeting["afya"], ProgressStatus.DONE, "Zote 4.")]


def test_a_double_submit_leaves_one_row(client, app, meeting):
    log_in(client, "focal@afya.go.tz")
    third = meeting["resolutions"][2]

    responses = [post(client, meeting, third, "in_progress", "Mara mbili") for _n in range(2)]

    assert [r.status_code for r in responses] == [302, 302]
    with app.app_context():
        assert [r for r in progress_rows() if r[1] == meeting["afya"]] == [
            (third, meeting["afya"], ProgressStatus.IN_PROGRESS, "Mara mbili")]


def test_progress_on_a_resolution_not_carried_is_refused_and_saves_nothing(client, app, meeting):
    log_in(client, "focal@afya.go.tz")
    with app.app_context():
        later_one = rules.save_resolution(db.session.get(Event, meeting["later"]),
                                          ResolutionDetails(text_sw="Azimio la 2020", owner_text="x")).id

    done = post(client, meeting, meeting["resolutions"][1])
    current = post(client, meeting, later_one)

    for response in (done, current):
        assert response.status_code == 422
        assert "is not one to report on at this meeting" in unescape(response.get_data(as_text=True))
    with app.app_context():
        assert len(progress_rows()) == 1


@pytest.mark.parametrize("status, note, field", [("finished", "", "status"), ("", "", "status"),
                                                 ("done", "x" * 2001, "note")])
def test_a_bad_status_or_note_is_shown_beside_it_with_the_text_kept(client, app, meeting, status, note, field):
    log_in(client, "focal@afya.go.tz")
    first = meeting["resolutions"][0]

    response = post(client, meeting, first, status, note or "Maelezo yangu")

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert errors_beside(body, f"r{first}-{field}")
    assert (note or "Maelezo yangu") in body
    with app.app_context():
        assert len(progress_rows()) == 1


def test_a_missing_or_unknown_resolution_is_400_or_404(client, meeting):
    log_in(client, "focal@afya.go.tz")

    assert client.post(url(meeting), data={"r1-status": "done"}).status_code == 400
    assert client.post(url(meeting), data={"resolution_id": "abc"}).status_code == 400
    assert post(client, meeting, 9999).status_code == 404


def test_a_focal_role_without_an_institution_is_refused(client, login, meeting):
    login(Role.FOCAL)

    assert client.get(url(meeting)).status_code == 403
    assert post(client, meeting, meeting["resolutions"][0]).status_code == 403


@pytest.mark.parametrize("role", [Role.REPORTS, Role.ORGANISER, Role.PARTICIPANT])
def test_others_are_refused(client, login, app, meeting, role):
    login(role)

    assert client.get(url(meeting)).status_code == 403
    assert post(client, meeting, meeting["resolutions"][0]).status_code == 403
    with app.app_context():
        assert len(progress_rows()) == 1


def test_an_edition_with_nothing_carried_says_so(client, meeting):
    log_in(client, "focal@afya.go.tz")

    body = client.get(f"/reports/events/{meeting['earlier']}/resolutions", headers=EN).get_data(as_text=True)

    assert "nothing to report on" in body and 'name="resolution_id"' not in body
