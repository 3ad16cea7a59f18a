"""The results sheet (XLSX), read back with openpyxl: one row per eligible entry in ranking
order with each judge's total in its own column, the mean, the normalised score, the flag,
the selection and the awards; typed text that looks like a formula stays text."""
import io

import pytest
from openpyxl import load_workbook

from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.innovations import selection
from eventapp.innovations.awards import AwardDetails, give_award
from eventapp.innovations.models import AwardKind, Entry, InnovationCall
from eventapp.innovations.standings import standings_of
from tests.innovations import factories as make
from tests.innovations.test_results_views import EN, contest  # noqa: F401  (the fixture)


def sheet_rows(client, event_id: int) -> list[tuple]:
    response = client.get(f"/manage/events/{event_id}/innovations/results.xlsx", headers=EN)
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(response.data)).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def organiser(login):
    return login(Role.ORGANISER)


def test_the_sheet_lists_the_ranking_with_each_judges_total(app, client, contest, organiser):  # noqa: F811
    with app.app_context():
        call = db.session.get(InnovationCall, contest["call"])
        selection.shortlist(call)
        give_award(db.session.get(Entry, contest["entry1"]), AwardDetails(AwardKind.BEST_PAPER))
        give_award(db.session.get(Entry, contest["entry2"]), AwardDetails(AwardKind.RUNNER_UP, rank=1))
        judges = [judge.user.full_name for judge in standings_of(call).judges]

    rows = sheet_rows(client, contest["event"])

    header = rows[0]
    assert header[:5] == ("Rank", "Reference", "Title of the entry", "Institution", "Entry category")
    assert list(header[5:8]) == judges  # one column per judge, by name
    assert header[8:] == ("Mean", "Normalised", "Judges disagree", "Exhibition", "Presents", "Awards")
    assert [row[0] for row in rows[1:]] == [1, 2, 3, 4, 5]
    assert [row[2] for row in rows[1:]] == ["Entry 1", "Entry 2", "Entry 3", "Entry 4", "Entry 5"]
    first = dict(zip(header, rows[1]))
    assert first["Mean"] == 90 and first["Normalised"] is None and first["Entry category"] == "Innovation"
    assert sorted(v for v in rows[1][5:8] if v is not None) == [90, 90]  # two judges scored it
    assert (first["Judges disagree"], first["Exhibition"], first["Presents"], first["Awards"]) == (
        "no", "yes", "yes", "Best paper")
    assert dict(zip(header, rows[2]))["Awards"] == "Runner-up 1"
    last = dict(zip(header, rows[5]))
    # 50, 50 and the harsh judge's 10: mean 110/3, kept whole (the cell shows two decimals).
    assert last["Mean"] == pytest.approx(110 / 3)
    assert (last["Judges disagree"], last["Exhibition"]) == ("yes", "no")
    assert "Harsh" in str(header) and rows[5][header.index("Judge Harsh")] == 10


def test_the_sheet_shows_the_normalised_score_and_unranked_entries_last(app, client, contest,  # noqa: F811
                                                                       organiser):
    with app.app_context():
        call = db.session.get(InnovationCall, contest["call"])
        call.normalise_scores = True
        make.entry(call, make.university(), title="=HYPERLINK(\"http://x\")")
        db.session.commit()

    rows = sheet_rows(client, contest["event"])

    header = rows[0]
    assert all(isinstance(dict(zip(header, row))["Normalised"], float) for row in rows[1:6])
    unranked = dict(zip(header, rows[-1]))
    assert unranked["Rank"] is None and unranked["Mean"] is None
    assert unranked["Title of the entry"] == "'=HYPERLINK(\"http://x\")"  # text, never a formula
