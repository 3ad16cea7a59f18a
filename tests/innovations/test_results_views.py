"""The organisers' results page: the ranking with each judge's total, the mean, the normalised
score when the call normalises, the flags and the tie-break; the shortlist, the selection, the
awards, booths, slots and publication through their forms (errors beside the fields in the
entry's row, typed values kept, nothing changed); organisers only."""
import re
from html import unescape

import pytest
import sqlalchemy as sa

from eventapp.core.roles import Role
from eventapp.events.models import EventStatus
from eventapp.extensions import db
from eventapp.innovations import selection
from eventapp.innovations.models import Award, Entry, InnovationCall
from eventapp.programme.models import ItemKind
from eventapp.sponsors import booths
from eventapp.sponsors.models import Booth
from tests import factories
from tests.innovations import factories as make
from tests.innovations.test_selection import competition
from tests.innovations.test_selection_places import new_booth, presentation_item
from tests.sponsors.test_booths import make_package, make_sponsor

EN = {"Accept-Language": "en"}


@pytest.fixture
def contest(app):
    """An open event whose call (3 exhibition places, 2 to present) has five entries scored by
    two judges (all 9s, 8s, 7s, 6s, 5s), one ineligible; the scoring is closed. Entry 5's
    judges disagree (9s and 3s). A free booth B1, booth S1 held by NMB, and a presentation
    item. Ids by name."""
    with app.app_context():
        event = factories.event(status=EventStatus.OPEN, with_days=True)
        call, entries, ineligible = competition(event=event)
        judge = make.judge(call, full_name="Judge Harsh")
        make.score(make.assign(entries[4], judge), [1] * 5)
        free = new_booth(event, "B1")
        held = new_booth(event, "S1")
        booths.allocate_booth(held, make_sponsor(event, make_package(event), "NMB"))
        item = presentation_item(call)
        ids = {"event": event.id, "edition": event.edition, "call": call.id, "ineligible": ineligible.id,
               "B1": free.id, "S1": held.id, "item": item.id}
        ids.update({f"entry{n}": e.id for n, e in enumerate(entries, start=1)})
        return ids


@pytest.fixture
def organiser(login):
    return login(Role.ORGANISER)


def page(client, ids):
    response = client.get(f"/manage/events/{ids['event']}/innovations/results", headers=EN)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def errors_beside(body: str, field_id: str) -> list[str]:
    found = re.search(rf'<ul class="errors" id="{field_id}-error">(.*?)</ul>', body, re.S)
    return [unescape(m) for m in re.findall(r"<li>(.*?)</li>", found.group(1))] if found else []


def selected(app, ids) -> dict[int, tuple[bool, bool]]:
    with app.app_context():
        rows = db.session.scalars(sa.select(Entry).where(Entry.call_id == ids["call"]))
        return {e.id: (e.exhibition, e.presenting) for e in rows}


def row_of(body: str, entry_id: int) -> str:
    return re.search(rf'<tr id="entry-{entry_id}">(.*?)</tr>', body, re.S).group(1)


# The ranking ------------------------------------------------------------------------------


def test_the_ranking_shows_each_judges_total_the_mean_the_flags_and_the_tie_break(client, contest, organiser):
    body = page(client, contest)

    first = row_of(body, contest["entry1"])
    assert ">1<" in first and "90.00" in first  # all 9s: 90 from each judge, mean 90
    last = row_of(body, contest["entry5"])
    # Entry 5: 50, 50 and the harsh judge's 10: mean 110/3 = 36.67, spread 40 > 25.
    assert "Judge Harsh: 10.00" in last and "36.67" in last
    assert "Yes: 40.00 points apart" in unescape(last)
    assert "Judges disagree" in body
    text = unescape(body)
    assert "(2) the higher mean on Innovation, the criterion with the largest weight" in text
    assert "(3) more judges; (4) the earlier submission; (5) the reference." in text
    assert "differ by more than 25 points" in text
    assert "Normalised" not in body
    assert "Screened out" not in body
    assert "Shortlist the top 3 for the exhibition and the top 2 to present" in body


def test_the_normalised_score_shows_when_the_call_normalises(app, client, contest, organiser):
    with app.app_context():
        db.session.get(InnovationCall, contest["call"]).normalise_scores = True
        db.session.commit()

    body = page(client, contest)

    assert "<th>Normalised</th>" in body
    assert "ranked by the normalised score" in body


def test_an_unscored_entry_is_listed_unranked(app, client, contest, organiser):
    with app.app_context():
        unscored = make.entry(db.session.get(InnovationCall, contest["call"]), make.university(), title="Late one")
        unscored_id = unscored.id

    row = row_of(page(client, contest), unscored_id)

    assert "Not ranked: no judge has scored every criterion." in row


def test_an_event_without_a_call_is_a_404(client, app, organiser):
    with app.app_context():
        event_id = factories.event().id
    assert client.get(f"/manage/events/{event_id}/innovations/results").status_code == 404
    assert client.get(f"/manage/events/{event_id}/innovations/results.xlsx").status_code == 404


@pytest.mark.parametrize("role", [Role.JUDGE, Role.PARTICIPANT, Role.REPORTS])
def test_only_organisers_reach_the_results(client, contest, login, role):
    login(role)
    for url in (f"/manage/events/{contest['event']}/innovations/results",
                f"/manage/events/{contest['event']}/innovations/results.xlsx"):
        assert client.get(url).status_code == 403
    assert client.post(f"/manage/events/{contest['event']}/innovations/results/shortlist").status_code == 403


# Shortlist and selection ------------------------------------------------------------------


def test_the_shortlist_button_selects_the_top_entries(app, client, contest, organiser):
    response = client.post(f"/manage/events/{contest['event']}/innovations/results/shortlist", headers=EN,
                           follow_redirects=True)

    assert "Shortlisted: 3 entries for the exhibition, 2 of them to present." in response.get_data(as_text=True)
    chosen = selected(app, contest)
    assert [chosen[contest[f"entry{n}"]] for n in range(1, 6)] == [
        (True, True), (True, True), (True, False), (False, False), (False, False)]


def test_the_shortlist_before_the_scoring_is_closed_is_refused(app, client, contest, organiser):
    with app.app_context():
        db.session.get(InnovationCall, contest["call"]).scoring_closed_at = None
        db.session.commit()
    before = selected(app, contest)

    response = client.post(f"/manage/events/{contest['event']}/innovations/results/shortlist", headers=EN,
                           follow_redirects=True)

    assert "The scoring is still open; close it before selecting entries." in response.get_data(as_text=True)
    assert selected(app, contest) == before
    assert "Shortlist the top" not in page(client, contest)


def test_an_entry_is_selected_by_hand(app, client, contest, organiser):
    entry_id = contest["entry4"]
    response = client.post(f"/manage/innovations/entries/{entry_id}/selection",
                           data={f"sel-{entry_id}-presenting": "y"}, headers=EN)

    assert response.status_code == 302
    assert selected(app, contest)[entry_id] == (True, True)


def test_selection_beyond_the_places_is_refused_beside_the_field_in_its_row(app, client, contest, organiser):
    with app.app_context():
        selection.shortlist(db.session.get(InnovationCall, contest["call"]))
    before = selected(app, contest)
    entry_id = contest["entry5"]

    response = client.post(f"/manage/innovations/entries/{entry_id}/selection",
                           data={f"sel-{entry_id}-exhibition": "y"}, headers=EN)

    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert errors_beside(body, f"sel-{entry_id}-exhibition") == [
        "All 3 exhibition places are taken; unselect another entry first."]
    assert 'checked' in re.search(rf'<input[^>]*id="sel-{entry_id}-exhibition"[^>]*>', body).group(0)  # kept
    assert selected(app, contest) == before


def test_selecting_an_ineligible_entry_is_refused(app, client, contest, organiser):
    entry_id = contest["ineligible"]

    response = client.post(f"/manage/innovations/entries/{entry_id}/selection",
                           data={f"sel-{entry_id}-exhibition": "y"}, headers=EN)

    assert response.status_code == 422
    assert "Only an eligible entry can be selected." in response.get_data(as_text=True)
    assert selected(app, contest)[entry_id] == (False, False)


# Awards -----------------------------------------------------------------------------------


def award_rows(app) -> list[tuple]:
    with app.app_context():
        return [(a.entry_id, a.kind.value, a.rank) for a in db.session.scalars(sa.select(Award).order_by(Award.id))]


def test_an_award_is_given_and_a_second_best_paper_is_refused_with_the_typed_citation_kept(app, client, contest,
                                                                                            organiser):
    url = f"/manage/events/{contest['event']}/innovations/results/awards"
    response = client.post(url, data={"entry_id": contest["entry1"], "kind": "best_paper",
                                      "citation_en": "Clear and useful"}, headers=EN, follow_redirects=True)
    assert "Best paper given to “Entry 1”." in response.get_data(as_text=True)

    response = client.post(url, data={"entry_id": contest["entry2"], "kind": "best_paper",
                                      "citation_sw": "Kazi nzuri sana"}, headers=EN)

    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert errors_beside(body, "rank") == ["Best paper is already given to “Entry 1”; remove it first."]
    assert "Kazi nzuri sana</textarea>" in body
    assert award_rows(app) == [(contest["entry1"], "best_paper", 1)]


def test_an_award_for_an_ineligible_entry_is_refused(app, client, contest, organiser):
    response = client.post(f"/manage/events/{contest['event']}/innovations/results/awards",
                           data={"entry_id": contest["ineligible"], "kind": "special_mention"}, headers=EN)

    assert response.status_code == 422
    assert errors_beside(response.get_data(as_text=True), "entry_id") == [
        "Choose one of the call's eligible entries."]
    assert award_rows(app) == []


def test_an_award_is_removed(app, client, contest, organiser):
    client.post(f"/manage/events/{contest['event']}/innovations/results/awards",
                data={"entry_id": contest["entry3"], "kind": "runner_up", "rank": "1"})
    with app.app_context():
        award_id = db.session.scalar(sa.select(Award.id))

    response = client.post(f"/manage/innovations/awards/{award_id}/remove", headers=EN, follow_redirects=True)

    assert "The award was removed." in response.get_data(as_text=True)
    assert award_rows(app) == []


# Booths and slots -------------------------------------------------------------------------


def booth_holders(app, ids) -> dict[str, tuple]:
    with app.app_context():
        return {b.number: (b.sponsor_id, b.entry_id) for b in db.session.scalars(sa.select(Booth))}


def test_a_booth_is_given_and_released_and_a_sponsors_booth_refused(app, client, contest, organiser):
    with app.app_context():
        selection.shortlist(db.session.get(InnovationCall, contest["call"]))
    entry_id = contest["entry3"]
    body = page(client, contest)
    booth_select = re.search(rf'<select[^>]*id="booth-{entry_id}-booth_id".*?</select>', body, re.S).group(0)
    assert "B1" in booth_select and "S1" not in booth_select  # only free booths are offered

    before = booth_holders(app, contest)
    response = client.post(f"/manage/innovations/entries/{entry_id}/booth",
                           data={f"booth-{entry_id}-booth_id": contest["S1"]}, headers=EN)
    assert response.status_code == 422
    assert errors_beside(response.get_data(as_text=True), f"booth-{entry_id}-booth_id") == [
        "Booth S1 is already allocated to NMB Holdings; release it first."]
    assert booth_holders(app, contest) == before

    response = client.post(f"/manage/innovations/entries/{entry_id}/booth",
                           data={f"booth-{entry_id}-booth_id": contest["B1"]}, headers=EN, follow_redirects=True)
    assert "Booth B1 given to “Entry 3”." in response.get_data(as_text=True)
    assert booth_holders(app, contest)["B1"] == (None, entry_id)

    response = client.post(f"/manage/innovations/entries/{entry_id}/booth/release", headers=EN,
                           follow_redirects=True)
    assert "Booth B1 is free again." in response.get_data(as_text=True)
    assert booth_holders(app, contest)["B1"] == (None, None)


def test_a_slot_is_linked_and_an_item_of_another_meeting_refused(app, client, contest, organiser):
    with app.app_context():
        selection.shortlist(db.session.get(InnovationCall, contest["call"]))
        other = factories.event(with_days=True)
        foreign = factories.timetable_item(other, other.days[0], "09:00", "09:20", kind=ItemKind.PRESENTATION).id
    entry_id = contest["entry1"]
    field = f"slot-{entry_id}-programme_item_id"

    response = client.post(f"/manage/innovations/entries/{entry_id}/slot", data={field: foreign}, headers=EN)
    assert response.status_code == 422
    assert errors_beside(response.get_data(as_text=True), field) == [
        "That programme item belongs to another meeting."]

    response = client.post(f"/manage/innovations/entries/{entry_id}/slot", data={field: contest["item"]},
                           headers=EN, follow_redirects=True)
    assert "“Entry 1” is linked to its presentation slot." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Entry, entry_id).programme_item_id == contest["item"]

    client.post(f"/manage/innovations/entries/{entry_id}/slot/unlink")
    with app.app_context():
        assert db.session.get(Entry, entry_id).programme_item_id is None


# Publication ------------------------------------------------------------------------------


def test_publishing_emails_each_team_once(app, client, contest, organiser, outbox):
    url = f"/manage/events/{contest['event']}/innovations/results/publish"
    response = client.post(url, headers=EN, follow_redirects=True)
    assert "No entry is selected yet" in response.get_data(as_text=True)
    assert outbox == []

    with app.app_context():
        selection.shortlist(db.session.get(InnovationCall, contest["call"]))
    response = client.post(url, headers=EN, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "The results are published; 5 teams were emailed." in body
    assert "Email the teams not told yet" in body
    assert f"/meetings/{contest['edition']}/innovations" in body
    assert "Shortlist the top" not in body  # the selection is fixed now

    response = client.post(url, headers=EN, follow_redirects=True)
    assert "no team was waiting for an email" in response.get_data(as_text=True)
    assert len(outbox) == 5
