"""Print sheets: the organisers' filter page and its count, small sheets downloaded at once,
large ones through the background job, in the desks' order, never with another meeting's
badges; and who may open the page."""
import pytest
import sqlalchemy as sa

from eventapp.checkin.badge_sheets import SHEET_INLINE_LIMIT, badge_order_ids, count_badges, sheet_filter
from eventapp.core.roles import Role
from eventapp.core.uploads import upload_path
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.jobs.models import Job, JobStatus
from eventapp.jobs.runner import enqueue
from eventapp.registration.models import Registration
from eventapp.registration.services.listing import LIVE
from tests import factories
from tests.checkin import factories as gate
from tests.checkin.badge_reading import qr_codes
from tests.pdf_reading import pdf_info, pdf_text


def tokens(*ids: int) -> list[str]:
    return sorted(db.session.get(Registration, i).badge_token for i in ids)


def jobs() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Job))


@pytest.fixture
def meeting(app):
    """Two institutions with registrations in several states, and another meeting whose
    institution has registrations only there."""
    with app.app_context():
        event = gate.gate_event()
        udom = factories.institution(name="Chuo Kikuu cha Dodoma", acronym="UDOM")
        mofp = factories.institution(name="Wizara ya Fedha na Mipango", acronym="MoFP")
        zanzibar = factories.institution(name="Wakala ya Serikali Mtandao Zanzibar", acronym="eGAZ")
        people = {
            "mofp_zawadi": gate.confirmed(event, 1, institution_obj=mofp, first_name="Zawadi", last_name="Abdallah"),
            "udom_baraka": gate.confirmed(event, 2, institution_obj=udom, first_name="Baraka", last_name="Kweka"),
            "udom_asha": gate.confirmed(event, 1, institution_obj=udom, first_name="Asha", last_name="Kweka"),
            "mofp_juma": gate.confirmed(event, 3, institution_obj=mofp, first_name="Juma", last_name="Mussa"),
            "udom_unpaid": gate.unpaid(event, 1, institution_obj=udom, first_name="Rehema", last_name="Lema"),
            "mofp_cancelled": gate.cancelled(event, 1, institution_obj=mofp, first_name="Hamisi", last_name="Ali"),
        }
        other = gate.gate_event()
        stranger = gate.confirmed(other, 1, institution_obj=zanzibar, first_name="Othmani", last_name="Mgeni")
        group1 = next(g.id for g in event.groups if g.number == 1)
        return {"event": event.id, "other": other.id, "udom": udom.id, "mofp": mofp.id, "zanzibar": zanzibar.id,
                "group1": group1, "other_group": other.groups[0].id, "stranger": stranger.id,
                **{name: r.id for name, r in people.items()}}


def url(meeting) -> str:
    return f"/manage/events/{meeting['event']}/badges"


# --- the service ---------------------------------------------------------------------------


def test_badges_come_by_institution_then_surname_then_first_name(app, meeting):
    with app.app_context():
        event = db.session.get(Event, meeting["event"])
        order = badge_order_ids(event, sheet_filter())
    assert order == [meeting["udom_asha"], meeting["udom_baraka"], meeting["mofp_zawadi"], meeting["mofp_juma"]]


def test_the_status_filter_is_confirmed_unless_asked(app, meeting):
    with app.app_context():
        event = db.session.get(Event, meeting["event"])
        assert count_badges(event, sheet_filter()) == 4
        assert count_badges(event, sheet_filter(status="pending_payment")) == 1
        assert count_badges(event, sheet_filter(status=LIVE)) == 5  # never the cancelled one
        assert sheet_filter(status="cancelled").status == "confirmed"
        assert count_badges(event, sheet_filter(group_id=meeting["group1"], institution_id=meeting["udom"])) == 1


def test_the_job_with_another_meetings_institution_prints_nothing_of_that_meeting(app, meeting, tmp_path):
    with app.app_context():
        job = enqueue("badges.sheet", {"event_id": meeting["event"], "institution_id": meeting["zanzibar"],
                                       "group_id": meeting["other_group"], "status": "confirmed"}, None)
        assert job.status is JobStatus.DONE and job.total == 0
        data = upload_path(job.result_file).read_bytes()
    text = pdf_text(data, tmp_path)
    assert "No badges" in text and "Mgeni" not in text
    assert qr_codes(data, tmp_path) == [[]]


# --- the page ------------------------------------------------------------------------------


def test_the_page_counts_confirmed_badges_and_offers_this_meetings_institutions(client, login, meeting):
    login(Role.ORGANISER)

    page = client.get(url(meeting)).get_data(as_text=True)

    assert "4 badges match" in page
    assert "Chuo Kikuu cha Dodoma (UDOM)" in page and "Wizara ya Fedha na Mipango (MoFP)" in page
    assert "Zanzibar" not in page
    filtered = client.get(url(meeting), query_string={"institution": meeting["udom"], "group": meeting["group1"]})
    assert "1 badge matches" in filtered.get_data(as_text=True)


def test_a_choice_from_another_meeting_is_shown_as_wrong_and_counts_as_all(client, login, meeting):
    login(Role.ORGANISER)

    page = client.get(url(meeting), query_string={"institution": meeting["zanzibar"]}).get_data(as_text=True)

    assert "Not a valid choice" in page and "4 badges match" in page


def test_a_small_sheet_downloads_at_once_with_the_matching_badges(app, client, login, meeting, tmp_path):
    login(Role.ORGANISER)

    response = client.post(url(meeting), data={"institution": meeting["udom"], "status": "confirmed"})

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    [codes] = qr_codes(response.data, tmp_path)
    with app.app_context():
        assert sorted(codes) == tokens(meeting["udom_asha"], meeting["udom_baraka"])
        assert jobs() == 0


def test_a_filter_of_more_than_forty_goes_through_the_job(app, client, login, meeting, tmp_path):
    with app.app_context():
        event = db.session.get(Event, meeting["event"])
        many = [gate.confirmed(event, 2).id for _ in range(SHEET_INLINE_LIMIT + 1)]
    user = login(Role.ORGANISER)

    response = client.post(url(meeting), data={"group": "", "category": "", "institution": "",
                                               "status": "confirmed"})

    assert response.status_code == 302 and response.headers["Location"].startswith("/jobs/")
    with app.app_context():
        job = db.session.scalar(sa.select(Job))
        assert (job.kind, job.created_by_id, job.status) == ("badges.sheet", user.id, JobStatus.DONE)
        assert job.total == job.done == 45 and job.message == "45 badges."
        expected = tokens(*many, meeting["udom_asha"], meeting["udom_baraka"], meeting["mofp_zawadi"],
                          meeting["mofp_juma"])
    download = client.get(f"/jobs/{job.id}/download")
    assert download.mimetype == "application/pdf" and download.data.startswith(b"%PDF-")
    assert "Pages:           12" in pdf_info(download.data, tmp_path)
    pages = qr_codes(download.data, tmp_path)
    assert sorted(code for codes in pages for code in codes) == expected


def test_nothing_matching_makes_nothing(app, client, login, meeting):
    login(Role.ORGANISER)
    with app.app_context():
        event = db.session.get(Event, meeting["event"])
        group3 = next(g.id for g in event.groups if g.number == 3)

    response = client.post(url(meeting), data={"institution": meeting["udom"], "group": group3,
                                               "status": "confirmed"})

    assert response.status_code == 422
    assert "nothing to print" in response.get_data(as_text=True)
    with app.app_context():
        assert jobs() == 0


def test_a_posted_choice_of_another_meeting_is_refused_beside_its_field(app, client, login, meeting):
    login(Role.ORGANISER)

    response = client.post(url(meeting), data={"institution": meeting["zanzibar"], "status": "confirmed"})

    assert response.status_code == 422 and response.mimetype == "text/html"
    assert "Not a valid choice" in response.get_data(as_text=True)
    with app.app_context():
        assert jobs() == 0


def test_an_unknown_meeting_is_404(client, login):
    login(Role.ORGANISER)
    assert client.get("/manage/events/999999/badges").status_code == 404


@pytest.mark.parametrize("role", [Role.GATE, Role.PARTICIPANT, Role.FINANCE])
def test_only_organisers_open_the_sheets(app, client, login, meeting, role):
    login(role)
    assert client.get(url(meeting)).status_code == 403
    assert client.post(url(meeting), data={"status": "confirmed"}).status_code == 403
    with app.app_context():
        assert jobs() == 0


def test_anonymous_visitors_are_sent_to_log_in(client, meeting):
    assert "/login" in client.get(url(meeting)).headers["Location"]
