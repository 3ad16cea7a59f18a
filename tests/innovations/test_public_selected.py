"""The public list of selected entries: a 404 until the results are published (and for a
draft or unknown edition); then the selected entries with institution, category, presenting
or exhibiting, awards and booth, never a score, in Swahili and English; the home page links
to it only once published."""
import pytest
import sqlalchemy as sa

from eventapp.events.models import Event, EventStatus
from eventapp.extensions import db
from eventapp.innovations import selection
from eventapp.innovations.awards import AwardDetails, give_award
from eventapp.innovations.booths_and_slots import give_booth
from eventapp.innovations.models import AwardKind, Entry, InnovationCall
from tests.innovations.test_selection import competition
from tests.innovations.test_selection_places import new_booth


@pytest.fixture
def results(app):
    """An open edition whose call shortlisted entries 1–3 (1 and 2 present), entry 1 the best
    paper with citations, entry 3 at booth B7; not yet published. Ids by name."""
    with app.app_context():
        call, entries, _ineligible = competition()
        selection.shortlist(call)
        give_award(entries[0], AwardDetails(AwardKind.BEST_PAPER, citation_sw="Andiko bora la mwaka",
                                            citation_en="The best paper of the year"))
        give_booth(entries[2], new_booth(call.event, "B7"))
        return {"call": call.id, "event": call.event_id, "edition": call.event.edition,
                "institution": entries[0].institution.name}


def url(ids) -> str:
    return f"/meetings/{ids['edition']}/innovations"


def publish(app, ids) -> None:
    with app.app_context():
        selection.publish_results(db.session.get(InnovationCall, ids["call"]))


def test_nothing_shows_before_the_results_are_published(app, client, results):
    assert client.get(url(results)).status_code == 404
    assert "Selected innovations" not in client.get(f"/meetings/{results['edition']}").get_data(as_text=True)


def test_the_selected_entries_show_in_english_without_scores(app, client, results):
    publish(app, results)

    response = client.get(url(results), headers={"Accept-Language": "en"})

    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Selected research and innovation entries" in body
    for title in ("Entry 1", "Entry 2", "Entry 3"):
        assert title in body
    for title in ("Entry 4", "Entry 5", "Screened out"):
        assert title not in body
    assert results["institution"] in body
    assert body.index("Entry 1") < body.index("Entry 3")  # the presenting entries first
    assert body.count("Presents") >= 2 and "Exhibition" in body
    assert "Innovation" in body  # the category
    assert "Best paper" in body and "The best paper of the year" in body
    assert "Booth B7" in body
    for score in ("90.0", "80.0", "70.0", "Mean", "Rank", "Judge"):  # no score, mean, rank or judge leaks
        assert score not in body


def test_the_page_speaks_swahili(app, client, results):
    publish(app, results)

    body = client.get(url(results), headers={"Accept-Language": "sw"}).get_data(as_text=True)

    assert '<html lang="sw">' in body
    assert "Ubunifu" in body  # the category's Swahili name
    assert "Andiko bora la mwaka" in body and "The best paper of the year" not in body


def test_the_home_page_links_to_the_list_once_published(app, client, results):
    publish(app, results)

    for page in ("/", f"/meetings/{results['edition']}"):  # the only edition is the current one
        body = client.get(page, headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert f"Edition {results['edition']}" in body
        assert f'<a href="{url(results)}">Selected innovations</a>' in body


def test_a_draft_or_unknown_edition_is_a_404(app, client, results):
    publish(app, results)
    with app.app_context():
        db.session.get(Event, results["event"]).status = EventStatus.DRAFT
        db.session.commit()

    assert client.get(url(results)).status_code == 404
    assert client.get("/meetings/9999/innovations").status_code == 404


def test_only_the_published_calls_entries_show(app, client, results):
    publish(app, results)
    with app.app_context():
        other_call, _entries, _ineligible = competition(scores=(9,))
        selection.shortlist(other_call)  # another edition, not published
        other_edition = other_call.event.edition
        assert db.session.scalar(sa.select(sa.func.count(Entry.id)).where(Entry.call_id == other_call.id,
                                                                          Entry.exhibition)) == 1

    assert client.get(f"/meetings/{other_edition}/innovations").status_code == 404
