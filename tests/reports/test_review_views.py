"""The committee's review pages: the list (filter, search, pages, late), one submission
(sections beside the previous version's where they changed, versions with their downloads,
comments, status, presentation slot), the forms (errors beside the fields, typed text kept,
nothing changed), and who may open what."""
import re
from html import unescape

import pytest
import sqlalchemy as sa

from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.programme.models import ItemKind
from eventapp.reports.models import ReportComment, ReportStatus, ReportSubmission, ReportVersion
from tests import factories
from tests.reports import factories as reports

EN = {"Accept-Language": "en"}


@pytest.fixture
def meeting(app):
    """A call of an event with two presentation slots and a health break; Fedha submitted two
    versions (the challenges changed), Afya's accepted report came in late. Ids only."""
    with app.app_context():
        event = factories.event(with_days=True)
        fedha = reports.ministry("Wizara ya Fedha na Mipango", "MoFP")
        afya = reports.ministry("Wizara ya Afya", "MoH")
        call = reports.call(event, [fedha, afya])
        same = {s.code: f"Jibu la {s.code}" for s in call.sections}
        first = reports.submission(call, fedha, versions=2, answers={**same, "challenges": "Bajeti ndogo"})
        latest = db.session.scalar(sa.select(ReportVersion).where(ReportVersion.submission_id == first.id,
                                                                  ReportVersion.number == 2))
        next(a for a in latest.answers if a.section.code == "challenges").body = "Bajeti ndogo\nWataalamu wachache"
        db.session.commit()
        second = reports.submission(call, afya, status=ReportStatus.ACCEPTED, late=True)
        day = event.days[0]
        slot = factories.timetable_item(event, day, "10:30", "10:55", "Wizara ya Afya", kind=ItemKind.PRESENTATION)
        spare = factories.timetable_item(event, day, "10:55", "11:20", "Spare slot", kind=ItemKind.PRESENTATION)
        factories.timetable_item(event, day, "11:20", "11:40", "Health break", kind=ItemKind.HEALTH_BREAK)
        focal = reports.focal_person(fedha, email="asha@mof.go.tz")
        reports.sector_institution(fedha, "TRA")
        return {"event": event.id, "fedha": first.id, "afya": second.id, "slot": slot.id, "spare": spare.id,
                "versions": [v.id for v in first.versions], "focal": focal.email}


def errors_beside(body: str, field: str) -> list[str]:
    found = re.search(rf'<ul class="errors" id="{field}-error">(.*?)</ul>', body, re.S)
    return [unescape(m) for m in re.findall(r"<li>(.*?)</li>", found.group(1))] if found else []


def state(app, submission_id: int):
    with app.app_context():
        submission = db.session.get(ReportSubmission, submission_id)
        comments = db.session.scalar(sa.select(sa.func.count(ReportComment.id))
                                     .where(ReportComment.submission_id == submission_id))
        return submission.status, submission.programme_item_id, comments


# --- the list ----------------------------------------------------------------------------


def test_list_shows_each_report_with_status_versions_and_late(client, login, meeting):
    login(Role.REPORTS)

    response = client.get(f"/manage/events/{meeting['event']}/reports/submissions", headers=EN)

    body = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    rows = {name: row for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
            for name in ("Wizara ya Fedha na Mipango", "Wizara ya Afya") if name in row}
    assert "Submitted" in rows["Wizara ya Fedha na Mipango"] and "<td>2</td>" in rows["Wizara ya Fedha na Mipango"]
    assert "on time" in rows["Wizara ya Fedha na Mipango"]
    assert "Accepted" in rows["Wizara ya Afya"] and "late" in rows["Wizara ya Afya"]
    assert f"/manage/reports/submissions/{meeting['fedha']}/review" in body
    for page in ("reports", "reports/compliance", "reports/consolidation"):
        assert f'href="/manage/events/{meeting["event"]}/{page}"' in body


def test_list_filters_and_searches(client, login, meeting):
    login(Role.ORGANISER)
    url = f"/manage/events/{meeting['event']}/reports/submissions"

    accepted = client.get(f"{url}?status=accepted", headers=EN).get_data(as_text=True)
    searched = client.get(f"{url}?q=mofp", headers=EN).get_data(as_text=True)
    nonsense = client.get(f"{url}?status=nonsense&page=abc", headers=EN)

    assert "Wizara ya Afya" in accepted and "Wizara ya Fedha" not in accepted
    assert "Wizara ya Fedha" in searched and "Wizara ya Afya" not in searched
    assert nonsense.status_code == 200 and "Wizara ya Afya" in nonsense.get_data(as_text=True)


def test_list_without_a_call(app, client, login):
    login(Role.REPORTS)
    with app.app_context():
        event_id = factories.event().id

    body = client.get(f"/manage/events/{event_id}/reports/submissions", headers=EN).get_data(as_text=True)

    assert "This meeting has no call for reports yet." in body


# --- one submission ----------------------------------------------------------------------


def test_review_page_shows_sections_versions_downloads_and_forms(client, login, meeting):
    login(Role.REPORTS)

    response = client.get(f"/manage/reports/submissions/{meeting['fedha']}/review", headers=EN)

    body = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "Sections of version 2" in body
    assert re.search(r"Sector institutions covered</dt><dd>0 of 1<br><strong>Left out:</strong> TRA</dd>", body)
    changed = body[body.index("Challenges"):body.index("Recommendations")]
    assert "changed" in changed and "Bajeti ndogo<br>Wataalamu wachache" in changed and "Version 1" in changed
    strategy = body[body.index("Strategy and plans"):body.index("Systems and infrastructure")]
    assert "changed" not in strategy
    first, second = meeting["versions"]
    for version_id in (first, second):
        assert f"/reports/versions/{version_id}/report" in body and f"/reports/versions/{version_id}/slides" in body
    assert 'name="body"' in body and 'name="reason"' in body
    assert '<option value="under_review">Under review</option>' in body
    assert "An accepted report can be linked to its presentation slot" in body
    assert f'href="/reports/submissions/{meeting["fedha"]}"' in body  # the ministry's view of it


def test_review_page_of_an_accepted_report_offers_the_free_presentation_slots(client, login, meeting):
    login(Role.REPORTS)

    body = client.get(f"/manage/reports/submissions/{meeting['afya']}/review", headers=EN).get_data(as_text=True)

    options = re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', body)
    assert {int(value) for value, _label in options if value} == {meeting["slot"], meeting["spare"]}
    assert "Health break" not in body


def test_unknown_submission_is_404(client, login):
    login(Role.REPORTS)
    assert client.get("/manage/reports/submissions/99999/review").status_code == 404
    assert client.post("/manage/reports/submissions/99999/status", data={"status": "accepted"}).status_code == 404


# --- comments, status, slot --------------------------------------------------------------


def test_adding_a_comment(app, client, login, meeting):
    login(Role.REPORTS)

    response = client.post(f"/manage/reports/submissions/{meeting['fedha']}/comments",
                           data={"body": "Ongeza takwimu.", "shared": "y"}, headers=EN)

    assert response.status_code == 302 and response.headers["Location"].endswith("/review#comments")
    body = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Ongeza takwimu." in body and "shared with the ministry" in body


def test_an_empty_comment_is_refused_beside_the_field(app, client, login, meeting):
    login(Role.REPORTS)

    response = client.post(f"/manage/reports/submissions/{meeting['fedha']}/comments", data={"body": "   "},
                           headers=EN)

    assert response.status_code == 422
    assert errors_beside(response.get_data(as_text=True), "body") == ["Write the comment."]
    assert state(app, meeting["fedha"])[2] == 0


def test_returning_a_report_emails_the_focal_person(app, client, login, meeting, outbox):
    login(Role.REPORTS)

    response = client.post(f"/manage/reports/submissions/{meeting['fedha']}/status",
                           data={"status": "returned", "reason": "Ongezeni taasisi za kisekta."}, headers=EN)

    assert response.status_code == 302 and response.headers["Location"].endswith("#review-status")
    assert state(app, meeting["fedha"]) == (ReportStatus.RETURNED, None, 1)
    [message] = outbox
    assert message.recipients == [meeting["focal"]]
    assert "Ongezeni taasisi za kisekta." in message.body
    assert f"/reports/submissions/{meeting['fedha']}" in message.body
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "its status changes when the ministry submits it again" in page


def test_returning_without_reasons_keeps_what_was_chosen_and_changes_nothing(app, client, login, meeting, outbox):
    login(Role.REPORTS)

    response = client.post(f"/manage/reports/submissions/{meeting['fedha']}/status",
                           data={"status": "returned", "reason": ""}, headers=EN)

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert errors_beside(body, "reason")[0].startswith("Say what the ministry must change")
    assert '<option selected value="returned">' in body or '<option value="returned" selected>' in body
    assert state(app, meeting["fedha"]) == (ReportStatus.SUBMITTED, None, 0) and outbox == []


@pytest.mark.parametrize("status, message", [
    ("", "Choose the new status."),
    ("nonsense", "Choose the new status."),
    ("submitted", "The report already has this status."),
])
def test_a_bad_status_is_refused_beside_the_field(app, client, login, meeting, status, message):
    login(Role.REPORTS)

    response = client.post(f"/manage/reports/submissions/{meeting['fedha']}/status",
                           data={"status": status, "reason": "Sababu zangu"}, headers=EN)

    body = response.get_data(as_text=True)
    assert response.status_code == 422 and errors_beside(body, "status") == [message]
    assert "Sababu zangu" in body  # the typed reasons are kept
    assert state(app, meeting["fedha"]) == (ReportStatus.SUBMITTED, None, 0)


def test_a_returned_report_cannot_be_moved_by_the_committee(app, client, login, meeting):
    with app.app_context():
        db.session.get(ReportSubmission, meeting["fedha"]).status = ReportStatus.RETURNED
        db.session.commit()
    login(Role.REPORTS)

    response = client.post(f"/manage/reports/submissions/{meeting['fedha']}/status",
                           data={"status": "accepted"}, headers=EN)

    assert response.status_code == 422
    assert "when the ministry submits it again" in response.get_data(as_text=True)
    assert state(app, meeting["fedha"]) == (ReportStatus.RETURNED, None, 0)


def test_linking_and_unlinking_the_presentation_slot(app, client, login, meeting):
    login(Role.REPORTS)
    url = f"/manage/reports/submissions/{meeting['afya']}"

    linked = client.post(f"{url}/slot", data={"programme_item_id": str(meeting["slot"])}, headers=EN)
    assert linked.status_code == 302 and linked.headers["Location"].endswith("#slot")
    assert state(app, meeting["afya"])[1] == meeting["slot"]
    page = client.get(f"{url}/review", headers=EN).get_data(as_text=True)
    assert "Unlink the slot" in page

    unlinked = client.post(f"{url}/slot/unlink", headers=EN)

    assert unlinked.status_code == 302 and state(app, meeting["afya"])[1] is None
    again = client.post(f"{url}/slot/unlink", headers=EN)
    assert again.status_code == 302
    assert "The report has no presentation slot." in client.get(again.headers["Location"], headers=EN).get_data(
        as_text=True)


@pytest.mark.parametrize("value, submission, message", [
    ("", "afya", "Choose a presentation slot."),
    ("abc", "afya", "Choose a presentation slot."),
    ("99999", "afya", "Choose a presentation slot."),
    ("slot", "fedha", "Only an accepted report can be given a presentation slot."),
])
def test_slot_refusals_are_shown_beside_the_field(app, client, login, meeting, value, submission, message):
    login(Role.REPORTS)
    value = str(meeting["slot"]) if value == "slot" else value

    response = client.post(f"/manage/reports/submissions/{meeting[submission]}/slot",
                           data={"programme_item_id": value}, headers=EN)

    assert response.status_code == 422
    assert errors_beside(response.get_data(as_text=True), "programme_item_id") == [message]
    assert state(app, meeting[submission])[1] is None


# --- who may open what -------------------------------------------------------------------


def committee_urls(meeting) -> list[tuple[str, str]]:
    event, fedha = meeting["event"], meeting["fedha"]
    return [
        ("GET", f"/manage/events/{event}/reports/submissions"),
        ("GET", f"/manage/reports/submissions/{fedha}/review"),
        ("POST", f"/manage/reports/submissions/{fedha}/comments"),
        ("POST", f"/manage/reports/submissions/{fedha}/status"),
        ("POST", f"/manage/reports/submissions/{fedha}/slot"),
        ("POST", f"/manage/reports/submissions/{fedha}/slot/unlink"),
    ]


def test_anonymous_users_are_sent_to_login(client, meeting):
    for method, url in committee_urls(meeting):
        response = client.open(url, method=method, data={"body": "x", "status": "returned", "reason": "x"})
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), url


def test_a_focal_person_and_a_participant_are_refused(app, client, login, meeting):
    client.post("/login", data={"email": meeting["focal"], "password": factories.PASSWORD})
    for method, url in committee_urls(meeting):
        assert client.open(url, method=method, data={"body": "x"}).status_code == 403, url
    client.post("/logout")
    login(Role.PARTICIPANT)
    for method, url in committee_urls(meeting):
        assert client.open(url, method=method, data={"body": "x"}).status_code == 403, url
    assert state(app, meeting["fedha"]) == (ReportStatus.SUBMITTED, None, 0)
