"""The organisers' entry pages: the call's entries filtered by status, searched by title or
institution and paged; one entry with its team, files and the screening form (the reason
required beside its field, emailed to the team; refused once a judge has scored); and what an
assigned judge sees of an entry and its files."""
import pytest
import sqlalchemy as sa

from eventapp.core.roles import Role
from eventapp.core.uploads import store_bytes
from eventapp.extensions import db
from eventapp.innovations.models import Conflict, Entry, EntryStatus, InnovationCall
from tests import factories
from tests.innovations import factories as inn
from tests.innovations.test_entries import PDF, PNG
from tests.sponsors.test_manage_views import errors_beside


@pytest.fixture
def world(app):
    """A call with entries of two universities (one with a paper and poster), ids only."""
    with app.app_context():
        call = inn.call(factories.event(title_en="e-Government Annual Meeting 2019"))
        udsm = inn.university("University of Dar es Salaam", "UDSM")
        udom = inn.university("University of Dodoma", "UDOM")
        owner = inn.innovator(email="neema@example.org", full_name="Neema Mushi")
        paper, poster = store_bytes(PDF, "pdf", "karatasi.pdf"), store_bytes(PNG, "png", "bango.png")
        dawa = inn.entry(call, udsm, owner=owner, status=EntryStatus.SUBMITTED, title="Mfumo wa Kufuatilia Dawa",
                         paper_file=paper.name, paper_name="karatasi.pdf", poster_file=poster.name,
                         poster_name="bango.png")
        kilimo = inn.entry(call, udom, status=EntryStatus.ELIGIBLE, title="Kilimo Smart")
        return {"event": call.event_id, "call": call.id, "dawa": dawa.id, "kilimo": kilimo.id}


def status_of(app, entry_id: int) -> tuple:
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        return entry.status, entry.screening_reason


def test_the_list_filters_by_status_and_searches_title_and_institution(client, login, world):
    login(Role.ORGANISER)
    url = f"/manage/events/{world['event']}/innovations/entries"

    everything = client.get(url).get_data(as_text=True)
    eligible = client.get(url + "?status=eligible").get_data(as_text=True)
    by_title = client.get(url + "?q=dawa").get_data(as_text=True)
    by_acronym = client.get(url + "?q=UDOM").get_data(as_text=True)
    nothing = client.get(url + "?q=100%25").get_data(as_text=True)

    assert "Mfumo wa Kufuatilia Dawa" in everything and "Kilimo Smart" in everything and "2 entries" in everything
    assert "Kilimo Smart" in eligible and "Mfumo wa Kufuatilia Dawa" not in eligible
    assert "Mfumo wa Kufuatilia Dawa" in by_title and "Kilimo Smart" not in by_title
    assert "Kilimo Smart" in by_acronym and "Mfumo wa Kufuatilia Dawa" not in by_acronym
    assert "No entries match." in nothing


def test_the_list_pages_by_25(app, client, login, world):
    with app.app_context():
        call = db.session.get(InnovationCall, world["call"])
        university = inn.university()
        for n in range(25):
            inn.entry(call, university, title=f"Mradi {n:02d}")
    login(Role.ORGANISER)
    url = f"/manage/events/{world['event']}/innovations/entries"

    first, second = client.get(url).get_data(as_text=True), client.get(url + "?page=2").get_data(as_text=True)

    assert "27 entries" in first and "Page 1 of 2" in first
    assert first.count("/manage/innovations/entries/") == 25 and second.count("/manage/innovations/entries/") == 2


def test_the_entry_page_shows_team_files_and_the_screening_form(client, login, world):
    login(Role.ORGANISER)

    body = client.get(f"/manage/innovations/entries/{world['dawa']}").get_data(as_text=True)

    assert "Mfumo wa Kufuatilia Dawa" in body and "Neema Mushi (neema@example.org)" in body
    assert "University of Dar es Salaam (UDSM)" in body and "karatasi.pdf" in body
    assert f'href="/innovations/entries/{world["dawa"]}/paper"' in body
    assert 'name="decision"' in body and 'name="reason"' in body


def test_screening_not_eligible_needs_the_reason_beside_its_field(app, client, login, world, outbox):
    login(Role.ORGANISER)

    response = client.post(f"/manage/innovations/entries/{world['dawa']}/screen", data={"decision": "ineligible"})
    nothing = client.post(f"/manage/innovations/entries/{world['dawa']}/screen", data={})

    assert response.status_code == 422
    assert errors_beside(response.get_data(as_text=True), "reason") == [
        "Give the reason the entry is not eligible; it is sent to the team."]
    assert errors_beside(nothing.get_data(as_text=True), "decision") == ["Choose eligible or not eligible."]
    assert status_of(app, world["dawa"]) == (EntryStatus.SUBMITTED, "") and outbox == []


def test_screening_not_eligible_emails_the_team(app, client, login, world, outbox):
    login(Role.ORGANISER)

    response = client.post(f"/manage/innovations/entries/{world['dawa']}/screen",
                           data={"decision": "ineligible", "reason": "A business plan, not an innovation."},
                           follow_redirects=True)

    assert "the reason was emailed to the team" in response.get_data(as_text=True)
    assert status_of(app, world["dawa"]) == (EntryStatus.INELIGIBLE, "A business plan, not an innovation.")
    assert len(outbox) == 3  # the owner and the two team members
    again = client.get(f"/manage/innovations/entries/{world['dawa']}").get_data(as_text=True)
    assert "A business plan, not an innovation." in again


def test_screening_eligible(app, client, login, world):
    login(Role.ORGANISER)

    response = client.post(f"/manage/innovations/entries/{world['dawa']}/screen", data={"decision": "eligible"},
                           follow_redirects=True)

    assert "The entry is eligible and goes to the judges." in response.get_data(as_text=True)
    assert status_of(app, world["dawa"]) == (EntryStatus.ELIGIBLE, "")


def test_screening_is_refused_once_a_judge_has_scored(app, client, login, world, outbox):
    with app.app_context():
        entry = db.session.get(Entry, world["kilimo"])
        inn.score(inn.assign(entry, inn.judge(entry.call)), [8, 8, 8, 8, 8])
    login(Role.ORGANISER)

    page = client.get(f"/manage/innovations/entries/{world['kilimo']}").get_data(as_text=True)
    refused = client.post(f"/manage/innovations/entries/{world['kilimo']}/screen",
                          data={"decision": "ineligible", "reason": "Second thoughts."})

    assert "its screening can no longer change" in page and 'name="decision"' not in page
    assert refused.status_code == 422
    assert "its screening can no longer change" in refused.get_data(as_text=True)
    assert status_of(app, world["kilimo"]) == (EntryStatus.ELIGIBLE, "") and outbox == []


def test_an_assigned_judge_sees_the_entry_and_its_files_until_a_conflict(app, client, world):
    with app.app_context():
        entry = db.session.get(Entry, world["dawa"])
        judge = inn.judge(entry.call, email="jaji@costech.go.tz")
        inn.assign(entry, judge)
        judge_id = judge.id
    client.post("/login", data={"email": "jaji@costech.go.tz", "password": factories.PASSWORD})

    page = client.get(f"/innovations/entries/{world['dawa']}")
    poster = client.get(f"/innovations/entries/{world['dawa']}/poster")
    other = client.get(f"/innovations/entries/{world['kilimo']}")
    with app.app_context():
        db.session.add(Conflict(entry_id=world["dawa"], judge_id=judge_id, reason="My student."))
        db.session.commit()
    after = client.get(f"/innovations/entries/{world['dawa']}/paper")

    assert page.status_code == 200 and "Mfumo wa Kufuatilia Dawa" in page.get_data(as_text=True)
    assert "Change the entry" not in page.get_data(as_text=True)
    assert poster.data == PNG
    assert other.status_code == 404 and after.status_code == 404


def test_organisers_open_every_entry_page_but_never_the_owners_edit_form(client, login, world):
    login(Role.ORGANISER)

    assert client.get(f"/innovations/entries/{world['kilimo']}").status_code == 200
    assert client.get(f"/innovations/entries/{world['dawa']}/paper").data == PDF
    assert client.get(f"/innovations/entries/{world['dawa']}/edit").status_code == 403


def test_counts_by_status_above_the_list(client, login, world):
    login(Role.ORGANISER)

    body = client.get(f"/manage/events/{world['event']}/innovations/entries").get_data(as_text=True)

    assert "Submitted: waiting for screening: <strong>1</strong>" in body and "Eligible: <strong>1</strong>" in body


def test_no_call_yet(app, client, login):
    with app.app_context():
        event_id = factories.event().id
    login(Role.ORGANISER)

    body = client.get(f"/manage/events/{event_id}/innovations/entries").get_data(as_text=True)

    assert "This meeting has no innovation call yet." in body
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Entry.id))) == 0
