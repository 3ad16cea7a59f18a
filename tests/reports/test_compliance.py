"""Compliance, laid out like tables I and II of the 2019 report: who submitted (first
submission, late or not, status, versions, sector institutions covered "x of y" by the latest
version) and who must report and has not (focal persons, last reminder), in two queries
whatever the number of institutions; the page with its counts."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.registration.models import Institution, InstitutionType
from eventapp.reports.compliance import compliance
from eventapp.reports.models import (
    CoveredInstitution,
    ReportCall,
    ReportingInstitution,
    ReportReminder,
    ReportStatus,
    ReportVersion,
)
from tests import factories
from tests.reports import factories as reports

EN = {"Accept-Language": "en"}


def cover(submission, number: int, *institutions) -> None:
    version = db.session.scalar(sa.select(ReportVersion).where(ReportVersion.submission_id == submission.id,
                                                               ReportVersion.number == number))
    db.session.add_all([CoveredInstitution(version_id=version.id, institution_id=i.id) for i in institutions])
    db.session.commit()


def build_meeting() -> dict:
    """Four ministries must report: Fedha (on time, 2 of its 3 sector institutions covered),
    Afya (late, two versions, the latest covering none of its one), Maji (not submitted, two
    focal persons, reminded twice) and Nishati (not submitted, no focal person); the Dodoma regional office also
    sent a report without being asked."""
    event = factories.event(edition=2)
    fedha = reports.ministry("Wizara ya Fedha na Mipango", "MoFP")
    afya = reports.ministry("Wizara ya Afya", "MoH")
    maji = reports.ministry("Wizara ya Maji", "MoW")
    nishati = reports.ministry("Wizara ya Nishati", "MoE")
    tcra = factories.institution(name="Ofisi ya Mkuu wa Mkoa Dodoma", type_=InstitutionType.REGIONAL_AUTHORITY)
    tra, ppra, gpsa = (reports.sector_institution(fedha, name) for name in ("TRA", "PPRA", "GPSA"))
    reports.sector_institution(fedha, "Typed by a registrant").reviewed = False
    nhif = reports.sector_institution(afya, "NHIF")
    db.session.commit()
    call = reports.call(event, [fedha, afya, maji, nishati])
    first = reports.submission(call, fedha, status=ReportStatus.ACCEPTED)
    cover(first, 1, tra, ppra, nhif)  # NHIF is not under the Ministry of Finance: not counted
    second = reports.submission(call, afya, late=True, versions=2, status=ReportStatus.RETURNED)
    cover(second, 1, nhif)  # the earlier version covered it; the latest does not
    reports.submission(call, tcra)
    reports.focal_person(maji)
    reports.focal_person(maji)
    reports.focal_person(fedha)
    db.session.add_all([
        ReportReminder(call_id=call.id, institution_id=maji.id, sent_on=date(2019, 1, 10), recipients=2),
        ReportReminder(call_id=call.id, institution_id=maji.id, sent_on=date(2019, 1, 14), recipients=2),
    ])
    db.session.commit()
    return {"event": event.id, "call": call.id, "fedha": fedha.id, "afya": afya.id, "gpsa": gpsa.id}


@pytest.fixture
def meeting(app):
    with app.app_context():
        return build_meeting()


def test_tables_one_and_two(app, meeting):
    with app.app_context():
        report = compliance(db.session.get(ReportCall, meeting["call"]))

        table_one = [(r.number, r.institution.name, r.late, r.status, r.versions, r.covered, r.sector_total,
                      r.required) for r in report.submitted]
        table_two = [(r.number, r.institution.name, r.focal_persons, r.last_reminded_on) for r in report.missing]

    assert table_one == [
        (1, "Ofisi ya Mkuu wa Mkoa Dodoma", False, ReportStatus.SUBMITTED, 1, 0, 0, False),
        (2, "Wizara ya Afya", True, ReportStatus.RETURNED, 2, 0, 1, True),
        (3, "Wizara ya Fedha na Mipango", False, ReportStatus.ACCEPTED, 1, 2, 3, True),
    ]
    assert table_two == [(1, "Wizara ya Maji", 2, date(2019, 1, 14)), (2, "Wizara ya Nishati", 0, None)]
    assert (report.submitted_count, report.required_count) == (2, 4)


def count_queries(app, work) -> int:
    """How many SELECTs `work` runs (SQLite's BEGIN is not a query)."""
    statements = []

    def count(_connection, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_two_queries_whatever_the_number_of_institutions(app, meeting):
    def tables():
        with app.app_context():
            report = compliance(db.session.get(ReportCall, meeting["call"]))
            return [r.institution.name for r in report.submitted + report.missing]

    def grow():
        with app.app_context():
            call = db.session.get(ReportCall, meeting["call"])
            for n in range(10):
                ministry = reports.ministry(f"Wizara ya Nyongeza {n}")
                reports.sector_institution(ministry, f"Taasisi ya Nyongeza {n}")
                reports.focal_person(ministry)
                db.session.add(ReportReminder(call_id=call.id, institution_id=ministry.id, sent_on=date(2019, 1, 9)))
                db.session.commit()
                if n % 2:
                    reports.submission(call, ministry, versions=2)
                else:
                    db.session.add(ReportingInstitution(call_id=call.id, institution_id=ministry.id))
                    db.session.commit()

    small = count_queries(app, tables)
    grow()
    large = count_queries(app, tables)

    assert small == large == 3  # the call, then one query per table


def test_page_shows_the_counts_and_both_tables(app, client, login, meeting):
    login(Role.REPORTS)

    response = client.get(f"/manage/events/{meeting['event']}/reports/compliance", headers=EN)

    body = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "2 of 4 submitted" in body
    assert "Table I: Ministries that submitted reports" in body and "Table II: Ministries that did not submit" in body
    one, two = body.split("Table II:")
    for name in ("Wizara ya Fedha na Mipango", "Wizara ya Afya", "Ofisi ya Mkuu wa Mkoa Dodoma"):
        assert name in one and name not in two
    for name in ("Wizara ya Maji", "Wizara ya Nishati"):
        assert name in two and name not in one
    assert "2 of 3" in one and "0 of 1" in one and "(not required to report)" in one
    assert "no focal person" in two
    assert f"/manage/events/{meeting['event']}/reports/compliance.pdf" in body
    assert f"/manage/events/{meeting['event']}/reports/compliance.xlsx" in body
    assert f"/manage/events/{meeting['event']}/reports/reminders" in body


def test_page_in_swahili_uses_the_reports_titles(client, login, meeting):
    login(Role.ORGANISER)
    client.get("/lang/sw")

    body = client.get(f"/manage/events/{meeting['event']}/reports/compliance").get_data(as_text=True)

    assert "Jedwali I: Wizara zilizowasilisha Taarifa" in body
    assert "Jedwali II: Wizara ambazo hazikuwasilisha Taarifa" in body


def test_page_takes_the_same_queries_for_more_institutions(app, client, login, meeting):
    login(Role.REPORTS)
    url = f"/manage/events/{meeting['event']}/reports/compliance"

    before = count_queries(app, lambda: client.get(url))
    with app.app_context():
        call = db.session.get(ReportCall, meeting["call"])
        for n in range(6):
            reports.submission(call, reports.ministry(f"Wizara ya Ziada {n}"))

    assert count_queries(app, lambda: client.get(url)) == before


def test_reminder_button_only_while_the_call_is_open(app, client, login, meeting):
    login(Role.REPORTS)
    with app.app_context():
        call = db.session.get(ReportCall, meeting["call"])
        call.opens_at, call.deadline = call.opens_at - timedelta(days=30), call.opens_at - timedelta(days=20)
        db.session.commit()

    body = client.get(f"/manage/events/{meeting['event']}/reports/compliance", headers=EN).get_data(as_text=True)

    assert "/reports/reminders" not in body and "Reminders can be sent while the call is open." in body


def test_an_event_without_a_call(app, client, login):
    login(Role.REPORTS)
    with app.app_context():
        event_id = factories.event().id

    page = client.get(f"/manage/events/{event_id}/reports/compliance", headers=EN)

    assert page.status_code == 200 and "This meeting has no call for reports yet." in page.get_data(as_text=True)
    assert client.get(f"/manage/events/{event_id}/reports/compliance.pdf").status_code == 404
    assert client.get(f"/manage/events/{event_id}/reports/compliance.xlsx").status_code == 404
    assert client.get("/manage/events/999999/reports/compliance").status_code == 404


@pytest.mark.parametrize("path", ["compliance", "compliance.pdf", "compliance.xlsx"])
def test_only_the_committee_may_open_compliance(app, client, login, meeting, path):
    url = f"/manage/events/{meeting['event']}/reports/{path}"
    assert client.get(url).headers["Location"].startswith("/login")
    with app.app_context():
        email = reports.focal_person(db.session.get(Institution, meeting["fedha"]), email="focal@mof.go.tz").email
    client.post("/login", data={"email": email, "password": factories.PASSWORD})
    assert client.get(url).status_code == 403
    client.post("/logout")
    login(Role.PARTICIPANT)
    assert client.get(url).status_code == 403
    client.post("/logout")
    login(Role.ORGANISER)
    assert client.get(url).status_code == 200
