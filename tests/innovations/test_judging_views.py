"""The judges' pages: their entries with progress; an entry with its details, team, links, files
and the rubric, the score sheet filled with their own scores (errors beside each criterion with
what was typed kept, a second send updating); read-only with the other judges' scores once the
scoring is closed; declaring a conflict; an entry not theirs answers 404."""
import re
from html import unescape

import pytest
import sqlalchemy as sa

from eventapp.core.roles import Role
from eventapp.core.uploads import store_bytes
from eventapp.extensions import db
from eventapp.innovations.models import Assignment, Conflict, Entry, EntryStatus, InnovationCall, Score
from tests import factories
from tests.innovations import factories as innovations
from tests.innovations.test_panel_views import flashes
from tests.sponsors.test_manage_views import errors_beside

PAPER = b"%PDF-1.4\n% Mfumo wa Kilimo\n%%EOF\n"


def log_in(client, email: str) -> None:
    response = client.post("/login", data={"email": email, "password": factories.PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def world(app):
    """Asha and Baraka judge "Mfumo wa Kilimo"; Baraka has scored it; "Mfumo wa Afya" is
    assigned to Baraka only. Ids only."""
    with app.app_context():
        call = innovations.call(factories.event(title_en="e-Government Annual Meeting 2019"))
        udsm = innovations.university("University of Dar es Salaam", "UDSM")
        asha = innovations.judge(call, full_name="Asha Mrema", email="asha@udom.ac.tz")
        baraka = innovations.judge(call, full_name="Baraka Kweka", email="baraka@costech.go.tz")
        kilimo = innovations.entry(call, udsm, title="Mfumo wa Kilimo",
                                   links="https://kilimo.example.tz\nnot a link")
        afya = innovations.entry(call, udsm, title="Mfumo wa Afya")
        mine = innovations.assign(kilimo, asha)
        innovations.score(innovations.assign(kilimo, baraka), [9, 9, 9, 9, 9], comment="MAONI-YA-BARAKA")
        innovations.assign(afya, baraka)
        return {"event": call.event_id, "call": call.id, "asha": asha.id, "kilimo": kilimo.id, "afya": afya.id,
                "mine": mine.id, "criteria": [c.id for c in call.criteria]}


@pytest.fixture
def asha(client, world):
    log_in(client, "asha@udom.ac.tz")
    return client


def sheet(world, values=("8", "7", "6", "9", "5"), comment="") -> dict:
    data = {}
    for cid, value in zip(world["criteria"], values):
        data[f"value_{cid}"], data[f"comment_{cid}"] = value, comment
    return data


def scores_of(app, assignment_id) -> list[tuple[int, str]]:
    with app.app_context():
        return db.session.execute(sa.select(Score.value, Score.comment).where(Score.assignment_id == assignment_id)
                                  .order_by(Score.criterion_id)).all()


def test_the_judge_sees_their_entries_with_progress_and_nothing_else(asha, world):
    body = unescape(asha.get("/judging").get_data(as_text=True))

    assert "Mfumo wa Kilimo" in body and "0 of 5 criteria scored" in body
    assert "Mfumo wa Afya" not in body and "e-Government Annual Meeting 2019" in body


def test_the_entry_page_shows_details_team_links_and_the_rubric_with_an_empty_sheet(asha, world):
    body = unescape(asha.get(f"/judging/entries/{world['kilimo']}").get_data(as_text=True))

    assert "Mfumo wa Kilimo" in body and "The problem." in body and "Student" in body and "Lecturer" in body
    assert '<a href="https://kilimo.example.tz" rel="noopener noreferrer nofollow">' in body
    assert "not a link" in body and '<a href="not a link"' not in body
    assert "Relevance to e-Government" in body and "How it serves government services to the public." in body
    assert body.count('type="number"') == 5 and "MAONI-YA-BARAKA" not in body


def test_the_entry_page_links_to_the_paper_and_poster_the_judge_may_open(app, asha, world):
    with app.app_context():
        entry = db.session.get(Entry, world["kilimo"])
        paper = store_bytes(PAPER, "pdf", "kilimo-paper.pdf")
        entry.paper_file, entry.paper_name = paper.name, paper.original_name
        db.session.commit()

    body = asha.get(f"/judging/entries/{world['kilimo']}").get_data(as_text=True)
    download = asha.get(f"/innovations/entries/{world['kilimo']}/paper")

    assert f'href="/innovations/entries/{world["kilimo"]}/paper"' in body and "kilimo-paper.pdf" in body
    assert "/poster" not in body  # no poster uploaded: no link
    assert download.status_code == 200 and download.data == PAPER


def test_saving_scores_then_the_sheet_is_filled_with_them(app, asha, world):
    response = asha.post(f"/judging/entries/{world['kilimo']}", data=sheet(world, comment="Nzuri"))

    assert response.status_code == 302 and response.headers["Location"].endswith("/judging")
    assert scores_of(app, world["mine"]) == [(8, "Nzuri"), (7, "Nzuri"), (6, "Nzuri"), (9, "Nzuri"), (5, "Nzuri")]
    page = asha.get(f"/judging/entries/{world['kilimo']}").get_data(as_text=True)
    assert f'name="value_{world["criteria"][3]}" step="1" type="number" value="9"' in page
    assert len(re.findall(r'<textarea[^>]*name="comment_\d+"[^>]*>\s*Nzuri</textarea>', page)) == 5
    assert "1 of 1 entries fully scored." in unescape(asha.get("/judging").get_data(as_text=True))


def test_sending_the_sheet_twice_updates_and_never_duplicates(app, asha, world):
    asha.post(f"/judging/entries/{world['kilimo']}", data=sheet(world))
    again = asha.post(f"/judging/entries/{world['kilimo']}", data=sheet(world, ("1", "2", "3", "4", "5")))

    assert again.status_code == 302
    assert [v for v, _c in scores_of(app, world["mine"])] == [1, 2, 3, 4, 5]


def test_bad_values_show_beside_their_criterion_with_everything_typed_kept(app, asha, world):
    data = sheet(world, ("12", "seven", "", "-1", "5"), comment="Maoni yangu")

    response = asha.post(f"/judging/entries/{world['kilimo']}", data=data)

    body = response.get_data(as_text=True)
    c = world["criteria"]
    assert response.status_code == 422
    for cid in c[:4]:
        assert errors_beside(body, f"value_{cid}") == ["Score from 0 to 10."]
    assert errors_beside(body, f"value_{c[4]}") == []
    assert 'value="12"' in body and 'value="seven"' in body and 'value="-1"' in body
    assert len(re.findall(r'<textarea[^>]*name="comment_\d+"[^>]*>\s*Maoni yangu</textarea>', body)) == 5
    assert scores_of(app, world["mine"]) == []


def test_a_comment_too_long_is_refused_beside_it(app, asha, world):
    data = sheet(world)
    data[f"comment_{world['criteria'][0]}"] = "x" * 2001

    response = asha.post(f"/judging/entries/{world['kilimo']}", data=data)

    assert response.status_code == 422
    assert errors_beside(response.get_data(as_text=True), f"comment_{world['criteria'][0]}") == [
        "At most 2000 characters."]
    assert scores_of(app, world["mine"]) == []


def test_an_entry_not_assigned_to_the_judge_answers_404_and_takes_no_score(app, asha, world):
    assert asha.get(f"/judging/entries/{world['afya']}").status_code == 404
    assert asha.post(f"/judging/entries/{world['afya']}", data=sheet(world)).status_code == 404
    assert asha.post(f"/judging/entries/{world['afya']}/conflict", data={"conflict-reason": "x"}).status_code == 404
    assert asha.get("/judging/entries/999999").status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Score.id))) == 5
        assert db.session.scalar(sa.select(sa.func.count(Conflict.id))) == 0


def test_after_closing_the_sheet_is_read_only_and_the_other_judges_scores_show(app, asha, world):
    asha.post(f"/judging/entries/{world['kilimo']}", data=sheet(world, comment="MAONI-YA-ASHA"))
    with app.app_context():
        db.session.get(InnovationCall, world["call"]).scoring_closed_at = innovations.now()
        db.session.commit()

    page = asha.get(f"/judging/entries/{world['kilimo']}").get_data(as_text=True)
    late = asha.post(f"/judging/entries/{world['kilimo']}", data=sheet(world, ("0", "0", "0", "0", "0")))

    assert 'type="number"' not in page and "Declare a conflict" not in page
    assert "Baraka Kweka" in page and "MAONI-YA-BARAKA" in page and "MAONI-YA-ASHA" in page
    assert late.status_code == 422
    assert "The scoring is closed; scores can no longer be changed." in flashes(late.get_data(as_text=True))
    assert [v for v, _c in scores_of(app, world["mine"])] == [8, 7, 6, 9, 5]


def test_declaring_a_conflict_needs_a_reason_then_takes_the_entry_away(app, asha, world):
    empty = asha.post(f"/judging/entries/{world['kilimo']}/conflict", data={"conflict-reason": " "})

    assert empty.status_code == 422
    assert errors_beside(empty.get_data(as_text=True), "conflict-reason") == ["This field is required."]
    done = asha.post(f"/judging/entries/{world['kilimo']}/conflict", data={"conflict-reason": "Ni mwanafunzi wangu"},
                     follow_redirects=True)
    assert ("Your conflict with “Mfumo wa Kilimo” is recorded; the entry is no longer yours to judge."
            in flashes(done.get_data(as_text=True)))
    assert asha.get(f"/judging/entries/{world['kilimo']}").status_code == 404
    with app.app_context():
        assert db.session.get(Assignment, world["mine"]) is None
        assert db.session.scalar(sa.select(Conflict.reason)) == "Ni mwanafunzi wangu"


def test_a_judge_with_nothing_assigned_is_told_so(client, login):
    login(Role.JUDGE)

    assert "No entry is assigned to you yet." in client.get("/judging").get_data(as_text=True)


def test_an_entry_no_longer_eligible_is_shown_read_only(app, asha, world):
    with app.app_context():
        db.session.get(Entry, world["kilimo"]).status = EntryStatus.INELIGIBLE
        db.session.commit()

    page = unescape(asha.get(f"/judging/entries/{world['kilimo']}").get_data(as_text=True))

    assert "This entry is no longer eligible; it is not scored." in page and 'type="number"' not in page
    assert re.search(r"no longer eligible: not scored", unescape(asha.get("/judging").get_data(as_text=True)))


def test_the_menu_leads_a_judge_to_their_entries(asha):
    assert '<a href="/judging">Entries to judge</a>' in asha.get("/").get_data(as_text=True)
