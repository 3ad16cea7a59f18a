"""The organisers' judging pages: the panel with each judge's progress, adding a judge (errors
beside the fields with what was typed kept) and removing one; the assignments of entries to
judges (conflicts and own institutions shown, assigning and unassigning, the automatic
assignment's summary flashed); closing and reopening the scoring; judges kept out."""
import re
from html import unescape

import pytest
import sqlalchemy as sa

from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.innovations.models import Assignment, Conflict, Entry, InnovationCall, Judge
from tests import factories
from tests.innovations import factories as innovations
from tests.sponsors.test_manage_views import errors_beside


def flashes(body: str) -> list[str]:
    return [unescape(m) for m in re.findall(r'<p class="flash flash-\w+">(.*?)</p>', body, re.S)]


@pytest.fixture
def world(app):
    """A call (two judges an entry) with a judge from UDOM who has scored an entry of UDSM, a
    judge from nowhere, an entry of UDOM and a conflict; ids only."""
    with app.app_context():
        event = factories.event(title_en="e-Government Annual Meeting 2019")
        call = innovations.call(event, judges_per_entry=2)
        udsm = innovations.university("University of Dar es Salaam", "UDSM")
        udom = innovations.university("University of Dodoma", "UDOM")
        asha = innovations.judge(call, udom, full_name="Asha Mrema", email="asha@udom.ac.tz")
        baraka = innovations.judge(call, full_name="Baraka Kweka", email="baraka@costech.go.tz")
        kilimo = innovations.entry(call, udsm, title="Mfumo wa Kilimo")
        afya = innovations.entry(call, udom, title="Mfumo wa Afya")
        innovations.score(innovations.assign(kilimo, asha), [6, 7, 8, 9, 5])
        db.session.add(Conflict(entry_id=afya.id, judge_id=baraka.id, reason="Mwanafunzi wangu"))
        db.session.commit()
        return {"event": event.id, "call": call.id, "udsm": udsm.id, "udom": udom.id, "asha": asha.id,
                "baraka": baraka.id, "kilimo": kilimo.id, "afya": afya.id}


@pytest.fixture
def organiser(login):
    return login(Role.ORGANISER)


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_the_panel_lists_judges_with_their_institution_and_progress(client, world, organiser):
    body = client.get(f"/manage/events/{world['event']}/innovations/judges").get_data(as_text=True)

    assert "Asha Mrema" in body and "University of Dodoma (UDOM)" in body and "Baraka Kweka" in body
    row = re.search(rf'<tr id="judge-{world["asha"]}">(.*?)</tr>', body, re.S).group(1)
    assert re.findall(r"<td>(\d+)", row) == ["1", "1"]  # one assigned, one fully scored


def test_an_event_without_a_call_says_so(client, organiser, create_event):
    event = create_event()

    body = client.get(f"/manage/events/{event.id}/innovations/judges").get_data(as_text=True)

    assert "no call for research and innovation entries yet" in body
    assert client.get(f"/manage/events/{event.id}/innovations/assignments").status_code == 404


def test_adding_a_judge_creates_the_account_and_emails_them(app, client, world, organiser, outbox):
    response = client.post(f"/manage/events/{world['event']}/innovations/judges", data={
        "email": "neema@ardhi.ac.tz", "full_name": "Neema Mushi", "institution_id": str(world["udsm"])})

    assert response.status_code == 302
    body = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Neema Mushi is on the panel and has been emailed." in flashes(body)
    assert outbox[0].recipients == ["neema@ardhi.ac.tz"]
    with app.app_context():
        judge = db.session.scalar(sa.select(Judge).where(Judge.institution_id == world["udsm"]))
        assert judge.user.full_name == "Neema Mushi" and judge.user.has_role(Role.JUDGE)


def test_a_bad_judge_form_shows_errors_beside_the_fields_and_keeps_what_was_typed(app, client, world, organiser):
    before = count(app, Judge)

    response = client.post(f"/manage/events/{world['event']}/innovations/judges", data={
        "email": "neema-at-ardhi", "full_name": "Neema Mushi", "institution_id": str(world["udsm"])})

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert errors_beside(body, "email") == ["Enter a valid email address, like jina@udsm.ac.tz."]
    assert 'value="neema-at-ardhi"' in body and 'value="Neema Mushi"' in body
    assert re.search(rf'<option selected value="{world["udsm"]}">', body)
    assert count(app, Judge) == before


def test_a_person_already_on_the_panel_is_refused_beside_the_email(client, world, organiser):
    response = client.post(f"/manage/events/{world['event']}/innovations/judges",
                           data={"email": "asha@udom.ac.tz", "full_name": "", "institution_id": ""})

    assert response.status_code == 422
    assert errors_beside(response.get_data(as_text=True), "email") == ["Asha Mrema is already on the panel."]


def test_a_judge_with_scores_is_not_removed_and_one_without_is(app, client, world, organiser):
    url = f"/manage/events/{world['event']}/innovations/judges/{{}}/delete"

    refused = client.post(url.format(world["asha"]), follow_redirects=True).get_data(as_text=True)
    removed = client.post(url.format(world["baraka"]), follow_redirects=True).get_data(as_text=True)

    assert "Asha Mrema has already scored entries; a judge with scores stays on the panel." in flashes(refused)
    assert "Baraka Kweka is no longer on the panel." in flashes(removed)
    with app.app_context():
        assert db.session.scalars(sa.select(Judge.id)).all() == [world["asha"]]


def test_a_judge_of_another_event_is_not_reached_through_this_one(app, client, world, organiser):
    with app.app_context():
        other = innovations.judge(innovations.call(factories.event()))
        other_id = other.id

    response = client.post(f"/manage/events/{world['event']}/innovations/judges/{other_id}/delete")

    assert response.status_code == 404 and count(app, Judge) == 3


# --- assignments -------------------------------------------------------------------------


def test_the_assignments_show_who_judges_what_conflicts_and_own_institutions(client, world, organiser):
    body = client.get(f"/manage/events/{world['event']}/innovations/assignments").get_data(as_text=True)

    kilimo = re.search(rf'<tr id="entry-{world["kilimo"]}">(.*?)</tr>', body, re.S).group(1)
    afya = re.search(rf'<tr id="entry-{world["afya"]}">(.*?)</tr>', body, re.S).group(1)
    assert "assigned" in kilimo and "scored" in kilimo and "Unassign" not in kilimo  # scored: stays
    assert f"/assignments/{world['kilimo']}/{world['baraka']}" in kilimo  # Baraka may be assigned
    assert "own institution" in afya and "conflict declared" in afya and "Mwanafunzi wangu" in afya
    assert "“Mfumo wa Afya” has 0 of 2 judges." in unescape(body)


def test_assigning_by_hand_and_a_refusal_flashed(app, client, world, organiser):
    base = f"/manage/events/{world['event']}/innovations/assignments"

    done = client.post(f"{base}/{world['kilimo']}/{world['baraka']}", follow_redirects=True).get_data(as_text=True)
    refused = client.post(f"{base}/{world['afya']}/{world['asha']}", follow_redirects=True).get_data(as_text=True)

    assert "Baraka Kweka now judges “Mfumo wa Kilimo”." in flashes(done)
    assert "Asha Mrema comes from the entry's institution and may not judge it." in flashes(refused)
    assert count(app, Assignment) == 2


def test_unassigning_a_judge_who_has_not_scored(app, client, world, organiser):
    with app.app_context():
        assignment_id = innovations.assign(db.session.get(Entry, world["kilimo"]),
                                           db.session.get(Judge, world["baraka"])).id

    body = client.post(f"/manage/events/{world['event']}/innovations/assignments/{assignment_id}/delete",
                       follow_redirects=True).get_data(as_text=True)

    assert "Baraka Kweka no longer judges “Mfumo wa Kilimo”." in flashes(body) and count(app, Assignment) == 1


def test_the_automatic_assignment_flashes_its_summary_and_the_entries_short_of_judges(app, client, world, organiser):
    body = client.post(f"/manage/events/{world['event']}/innovations/assignments/automatic",
                       follow_redirects=True).get_data(as_text=True)

    assert flashes(body)[-2:] == [
        "1 assignment added. Eligible entries: 2; judges: 2; judges wanted an entry: 2.",
        "“Mfumo wa Afya” has 0 of 2 judges: the panel has 2 judges; 1 comes from the entry's institution; "
        "1 declared a conflict.",
    ]
    assert count(app, Assignment) == 2


def test_closing_and_reopening_the_scoring(app, client, world, organiser):
    base = f"/manage/events/{world['event']}/innovations/scoring"

    closed = client.post(f"{base}/close", follow_redirects=True).get_data(as_text=True)
    empty = client.post(f"{base}/reopen", data={"reason": "  "})
    auto = client.post(f"/manage/events/{world['event']}/innovations/assignments/automatic", follow_redirects=True)

    assert "The scoring is closed; the judges now see each other's scores." in flashes(closed)
    assert "Assign automatically" not in closed and "Reopen the scoring" in closed
    assert empty.status_code == 422 and errors_beside(empty.get_data(as_text=True), "reason")
    assert "The scoring is closed; reopen it to change the assignments." in flashes(auto.get_data(as_text=True))
    reopened = client.post(f"{base}/reopen", data={"reason": "A judge was ill"}, follow_redirects=True)
    assert "The scoring is open again; judges can change their scores." in flashes(reopened.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(InnovationCall, world["call"]).scoring_closed_at is None


def test_judges_and_innovators_are_kept_out_of_the_organisers_pages(app, world):
    for role in (Role.JUDGE, Role.PARTICIPANT):
        client = app.test_client()
        with app.app_context():
            email = factories.user(roles=(role,)).email
        client.post("/login", data={"email": email, "password": factories.PASSWORD})
        for url in (f"/manage/events/{world['event']}/innovations/judges",
                    f"/manage/events/{world['event']}/innovations/assignments"):
            assert client.get(url).status_code == 403
        assert client.post(f"/manage/events/{world['event']}/innovations/scoring/close").status_code == 403
    assert count(app, Assignment) == 1


def test_the_competitions_page_leads_to_the_panel_and_the_assignments(client, world, organiser):
    body = client.get(f"/manage/events/{world['event']}/innovations").get_data(as_text=True)

    assert f'href="/manage/events/{world["event"]}/innovations/judges"' in body
    assert f'href="/manage/events/{world["event"]}/innovations/assignments"' in body
