"""Consolidation for the Group 2 session: each institution's latest challenges and
recommendations side by side, accepted only or all submitted, in few queries, as a page the
committee alone may open and as an XLSX of wrapped rows."""
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from eventapp.core.roles import Role
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.reports.consolidation import consolidate
from eventapp.reports.models import ReportStatus
from eventapp.reports.sections import CHALLENGES, RECOMMENDATIONS
from tests import factories
from tests.reports import factories as rf

EN = {"Accept-Language": "en"}


@pytest.fixture
def meeting(app):
    """An event whose call has three ministries: Afya accepted (two versions), Fedha submitted,
    Maji without a report; ids only."""
    with app.app_context():
        event = factories.event()
        afya, fedha, maji = (rf.ministry(name) for name in ("Wizara ya Afya", "Wizara ya Fedha", "Wizara ya Maji"))
        call = rf.call(event, [afya, fedha, maji])
        rf.submission(call, afya, status=ReportStatus.ACCEPTED, versions=2)
        rf.submission(call, fedha, answers={CHALLENGES: "Bajeti ndogo ya TEHAMA.\nWataalamu wachache.",
                                            RECOMMENDATIONS: "<b>Kuongeza bajeti</b>"})
        return {"event": event.id}


def test_one_row_per_institution_with_the_latest_versions_two_sections(app, meeting):
    with app.app_context():
        event = db.session.get(Event, meeting["event"])

        result = consolidate(event)

        assert [r.institution.name for r in result.rows] == ["Wizara ya Afya", "Wizara ya Fedha"]
        afya, fedha = result.rows
        assert (afya.version, afya.status) == (2, ReportStatus.ACCEPTED)
        assert afya.challenges == "Wizara ya Afya: Challenges (v2)"
        assert afya.recommendations == "Wizara ya Afya: Recommendations (v2)"
        assert fedha.challenges == "Bajeti ndogo ya TEHAMA.\nWataalamu wachache."
        assert fedha.recommendations == "<b>Kuongeza bajeti</b>"
        assert (result.challenges_section.code, result.recommendations_section.code) == (CHALLENGES, RECOMMENDATIONS)


def test_accepted_only_leaves_out_reports_not_yet_accepted(app, meeting):
    with app.app_context():
        event = db.session.get(Event, meeting["event"])

        result = consolidate(event, accepted_only=True)

        assert [r.institution.name for r in result.rows] == ["Wizara ya Afya"]
        assert result.accepted_only


def test_another_events_reports_and_an_event_without_a_call_give_nothing(app, meeting):
    with app.app_context():
        other = factories.event()
        assert consolidate(other).call is None and consolidate(other).rows == []
        rf.submission(rf.call(other, []), rf.ministry("Wizara ya Nishati"))

        event = db.session.get(Event, meeting["event"])
        assert "Wizara ya Nishati" not in [r.institution.name for r in consolidate(event).rows]


def count_selects(work) -> int:
    statements = []

    def listener(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        work()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)
    return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])


def test_the_same_few_queries_for_two_or_twelve_reports(app):
    with app.app_context():
        event = factories.event()
        call = rf.call(event, [])
        for n in range(2):
            rf.submission(call, rf.ministry(f"Wizara {n}"), versions=2)
        event_id = event.id

        def run():
            db.session.expire_all()
            rows = consolidate(db.session.get(Event, event_id)).rows
            [(r.institution.name, r.challenges) for r in rows]

        few = count_selects(run)
        for n in range(2, 12):
            rf.submission(call, rf.ministry(f"Wizara {n}"))
        many = count_selects(run)

    assert many == few <= 5  # the event, the call, its sections, the versions, the answers


# --- the page and the workbook ---------------------------------------------------------


@pytest.mark.parametrize("role", [Role.REPORTS, Role.ORGANISER])
def test_the_committee_sees_the_rows_side_by_side(client, login, meeting, role):
    login(role)

    response = client.get(f"/manage/events/{meeting['event']}/reports/consolidation", headers=EN)

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.index("Wizara ya Afya") < body.index("Wizara ya Fedha")
    assert "Wizara ya Afya: Challenges (v2)" in body and "Bajeti ndogo ya TEHAMA." in body
    assert "Wizara ya Maji" not in body  # no report, no row
    assert "&lt;b&gt;Kuongeza bajeti&lt;/b&gt;" in body  # a report's text is never markup
    assert "consolidation.css" in body and response.headers["Cache-Control"] == "no-store"


def test_the_page_with_accepted_only(client, login, meeting):
    login(Role.REPORTS)

    body = client.get(f"/manage/events/{meeting['event']}/reports/consolidation?accepted=1",
                      headers=EN).get_data(as_text=True)

    assert "Wizara ya Afya" in body and "Wizara ya Fedha" not in body
    assert "consolidation.xlsx?accepted=1" in body


def test_an_event_without_a_call_says_so_and_has_no_workbook(client, login, app):
    with app.app_context():
        event_id = factories.event().id
    login(Role.REPORTS)

    page = client.get(f"/manage/events/{event_id}/reports/consolidation", headers=EN)
    workbook = client.get(f"/manage/events/{event_id}/reports/consolidation.xlsx", headers=EN)

    assert page.status_code == 200 and "no call for reports" in page.get_data(as_text=True)
    assert workbook.status_code == 404


def test_the_workbook_has_a_wrapped_row_per_institution(client, login, meeting):
    login(Role.ORGANISER)

    response = client.get(f"/manage/events/{meeting['event']}/reports/consolidation.xlsx", headers=EN)

    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["No.", "Institution", "Status", "Version", "Challenges", "Recommendations"]
    assert rows[1][:4] == [1, "Wizara ya Afya", "Accepted", 2]
    assert rows[2][1:] == ["Wizara ya Fedha", "Submitted", 1, "Bajeti ndogo ya TEHAMA.\nWataalamu wachache.",
                           "<b>Kuongeza bajeti</b>"]
    assert len(rows) == 3
    assert sheet["E3"].alignment.wrap_text and sheet.column_dimensions["E"].width >= 40


def test_the_workbook_with_accepted_only(client, login, meeting):
    login(Role.REPORTS)

    response = client.get(f"/manage/events/{meeting['event']}/reports/consolidation.xlsx?accepted=1")

    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["Wizara ya Afya"]


@pytest.mark.parametrize("role", [Role.FOCAL, Role.PARTICIPANT, Role.PROGRAMME])
def test_others_are_refused_both(client, login, meeting, role):
    login(role)

    for url in ("/reports/consolidation", "/reports/consolidation.xlsx"):
        assert client.get(f"/manage/events/{meeting['event']}{url}").status_code == 403


def test_a_focal_person_of_a_reporting_ministry_is_refused(client, app, meeting):
    with app.app_context():
        rf.focal_person(rf.ministry("Wizara ya Ujenzi"), email="focal@ujenzi.go.tz")
    client.post("/login", data={"email": "focal@ujenzi.go.tz", "password": factories.PASSWORD})

    response = client.get(f"/manage/events/{meeting['event']}/reports/consolidation")

    assert response.status_code == 403


def test_an_unknown_event_is_404(client, login):
    login(Role.REPORTS)

    assert client.get("/manage/events/999/reports/consolidation").status_code == 404
    assert client.get("/manage/events/999/reports/consolidation.xlsx").status_code == 404
