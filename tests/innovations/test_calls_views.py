"""The organisers' call pages: every edition listed, the form to create the call (errors beside
the fields, typed values kept), the summary with categories, the rubric's shares and the entries
counted by status, the call's edit page in East Africa Time, categories and the rubric edited
with errors beside the row that is wrong, and the rubric locked once a judge has scored. The
event's page and the menu lead here."""
import sqlalchemy as sa

from eventapp.core.clock import local
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.innovations.models import EntryStatus, InnovationCall
from tests import factories
from tests.innovations import factories as inn
from tests.reports.test_call_views import input_value
from tests.sponsors.test_manage_views import errors_beside

CALL_FORM = {"opens_at": "2018-11-01T08:00", "closes_at": "2019-01-15T17:00", "eligibility_sw": "Vyuo vikuu",
             "eligibility_en": "Universities and research institutes", "exhibition_places": "10",
             "presentation_places": "4", "judges_per_entry": "3", "disagreement_points": "25"}


def new_event(app, **kwargs) -> int:
    with app.app_context():
        return factories.event(title_en="e-Government Annual Meeting 2019", **kwargs).id


def new_call(app) -> int:
    with app.app_context():
        call = inn.call(factories.event(title_en="e-Government Annual Meeting 2019"))
        for status in (EntryStatus.SUBMITTED, EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE):
            inn.entry(call, inn.university(), status=status)
        return call.id


def event_of(app, call_id: int) -> int:
    with app.app_context():
        return db.session.get(InnovationCall, call_id).event_id


def test_every_edition_leads_to_its_competition_and_the_menu_leads_there(app, client, login):
    event_id = new_event(app)
    login(Role.ORGANISER)

    body = client.get("/manage/innovations").get_data(as_text=True)
    event_page = client.get(f"/manage/events/{event_id}").get_data(as_text=True)

    assert f'href="/manage/events/{event_id}/innovations"' in body and "e-Government Annual Meeting 2019" in body
    assert 'href="/manage/innovations"' in body  # the menu's "Innovations"
    assert f'href="/manage/events/{event_id}/innovations"' in event_page and "Innovation competition" in event_page


def test_without_a_call_the_page_offers_to_create_it(app, client, login):
    event_id = new_event(app)
    login(Role.ORGANISER)

    body = client.get(f"/manage/events/{event_id}/innovations").get_data(as_text=True)

    assert "Open the competition's call" in body and 'name="closes_at"' in body


def test_creating_the_call_with_bad_values_shows_errors_beside_them_and_keeps_the_values(app, client, login):
    event_id = new_event(app)
    login(Role.ORGANISER)

    response = client.post(f"/manage/events/{event_id}/innovations/call",
                           data={**CALL_FORM, "closes_at": "2018-10-01T17:00", "judges_per_entry": "0",
                                 "exhibition_places": ""})

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert errors_beside(body, "closes_at") == ["The call must close after it opens."]
    assert errors_beside(body, "judges_per_entry") == ["Enter a whole number from 1 to 20."]
    assert errors_beside(body, "exhibition_places") == ["Enter a whole number from 0 to 200."]
    assert input_value(body, "closes_at") == "2018-10-01T17:00" and "Universities and research institutes" in body
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(InnovationCall.id))) == 0


def test_creating_the_call_shows_its_categories_and_rubric(app, client, login):
    event_id = new_event(app)
    login(Role.ORGANISER)

    response = client.post(f"/manage/events/{event_id}/innovations/call", data={**CALL_FORM, "normalise_scores": "y"})
    body = client.get(response.headers["Location"]).get_data(as_text=True)

    assert response.status_code == 302
    assert "Research paper" in body and "Relevance to e-Government" in body
    assert "25% of the total" in body and "10% of the total" in body
    assert "Universities and research institutes" in body
    for path in ("innovations/entries", "innovations/judges", "innovations/assignments", "innovations/results"):
        assert f'href="/manage/events/{event_id}/{path}"' in body, path
    with app.app_context():
        call = db.session.scalars(sa.select(InnovationCall)).one()
        assert call.normalise_scores and local(call.closes_at).strftime("%Y-%m-%d %H:%M") == "2019-01-15 17:00"


def test_the_summary_counts_entries_by_status(app, client, login):
    call_id = new_call(app)
    login(Role.ORGANISER)

    body = client.get(f"/manage/events/{event_of(app, call_id)}/innovations").get_data(as_text=True)

    assert "Submitted: waiting for screening</a>: <strong>2</strong>" in body
    assert "Eligible</a>: <strong>1</strong>" in body and "Withdrawn</a>: <strong>0</strong>" in body


def test_editing_the_call_shows_its_times_in_east_africa_time(app, client, login):
    call_id = new_call(app)
    login(Role.ORGANISER)
    with app.app_context():
        shown = local(db.session.get(InnovationCall, call_id).closes_at).strftime("%Y-%m-%dT%H:%M")

    form = client.get(f"/manage/innovations/calls/{call_id}/edit").get_data(as_text=True)
    refused = client.post(f"/manage/innovations/calls/{call_id}/edit", data={**CALL_FORM, "disagreement_points": "0"})
    saved = client.post(f"/manage/innovations/calls/{call_id}/edit", data={**CALL_FORM, "exhibition_places": "12"})

    assert input_value(form, "closes_at") == shown
    assert refused.status_code == 422
    assert errors_beside(refused.get_data(as_text=True), "disagreement_points") == [
        "Enter a whole number from 1 to 100."]
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.get(InnovationCall, call_id).exhibition_places == 12


def categories_form(app, call_id, **changes) -> dict:
    with app.app_context():
        data = {}
        for n, c in enumerate(db.session.get(InnovationCall, call_id).categories):
            values = {"id": str(c.id), "position": str(c.position), "name_sw": c.name_sw, "name_en": c.name_en}
            values.update(changes.get(c.code, {}))
            data.update({f"categories-{n}-{k}": v for k, v in values.items()})
        return data


def test_categories_are_renamed_added_and_removed_with_errors_beside_them(app, client, login):
    call_id = new_call(app)
    login(Role.ORGANISER)
    url = f"/manage/innovations/calls/{call_id}/categories"

    page = client.get(url).get_data(as_text=True)
    refused = client.post(url, data=categories_form(app, call_id, research={"name_en": "", "name_sw": "Kept sw"}))
    renamed = client.post(url, data=categories_form(app, call_id, research={"name_en": "Research papers"}))
    added = client.post(f"{url}/new", data={"name_sw": "Programu tumizi", "name_en": "Mobile apps"})
    clash = client.post(f"{url}/new", data={"name_sw": "Programu", "name_en": "Mobile apps"})

    assert 'name="categories-0-name_sw"' in page and "entries are filed under it" in page
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and errors_beside(body, "categories-0-name_en") == ["This field is required."]
    assert "Kept sw" in body
    assert renamed.status_code == 302 and added.status_code == 302
    assert clash.status_code == 422
    assert errors_beside(clash.get_data(as_text=True), "name_en") == ["Another category already has this name."]
    with app.app_context():
        categories = db.session.get(InnovationCall, call_id).categories
        assert [c.name_en for c in categories] == ["Research papers", "Innovation", "Mobile apps"]
        used, unused = categories[1].id, categories[2].id
    kept = client.post(f"/manage/innovations/categories/{used}/delete", follow_redirects=True)
    removed = client.post(f"/manage/innovations/categories/{unused}/delete")
    assert "Entries are filed under Innovation; it cannot be removed" in kept.get_data(as_text=True)
    assert removed.status_code == 302
    with app.app_context():
        assert len(db.session.get(InnovationCall, call_id).categories) == 2


def rubric_form(app, call_id) -> dict:
    """The rubric page's form as it is shown (change a value with `| {"criteria-<n>-<field>": ...}`)."""
    with app.app_context():
        data = {}
        for n, c in enumerate(db.session.get(InnovationCall, call_id).criteria):
            values = {"id": str(c.id), "position": str(c.position), "name_sw": c.name_sw, "name_en": c.name_en,
                      "description_sw": c.description_sw, "description_en": c.description_en,
                      "weight": str(c.weight), "scale_max": str(c.scale_max)}
            data.update({f"criteria-{n}-{k}": v for k, v in values.items()})
        return data


def test_the_rubric_is_edited_with_errors_beside_the_criterion_and_shares_shown(app, client, login):
    call_id = new_call(app)
    login(Role.ORGANISER)
    url = f"/manage/innovations/calls/{call_id}/rubric"

    refused = client.post(url, data=rubric_form(app, call_id) | {
        "criteria-2-weight": "0", "criteria-2-scale_max": "500", "criteria-2-description_en": "Kept text"})
    saved = client.post(url, data=rubric_form(app, call_id) | {"criteria-4-weight": "30"})
    added = client.post(f"{url}/new", data={"name_sw": "Uendelevu", "name_en": "Sustainability", "weight": "",
                                            "scale_max": "10"})

    body = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert errors_beside(body, "criteria-2-weight") == ["Enter a whole number from 1 to 1000."]
    assert errors_beside(body, "criteria-2-scale_max") == ["Enter a whole number from 1 to 100."]
    assert "Kept text" in body
    assert saved.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "20.8% of the total" in page  # 25 of 120
    assert added.status_code == 422
    assert errors_beside(added.get_data(as_text=True), "weight") == ["Enter a whole number from 1 to 1000."]


def test_the_rubric_is_locked_once_a_judge_has_scored(app, client, login):
    call_id = new_call(app)
    with app.app_context():
        call = db.session.get(InnovationCall, call_id)
        entry = inn.entry(call, inn.university())
        inn.score(inn.assign(entry, inn.judge(call)), [5, 5, 5, 5, 5])
        first = call.criteria[0].id
    login(Role.ORGANISER)
    url = f"/manage/innovations/calls/{call_id}/rubric"

    page = client.get(url).get_data(as_text=True)
    refused = client.post(url, data=rubric_form(app, call_id) | {"criteria-0-weight": "90"}, follow_redirects=True)
    removed = client.post(f"/manage/innovations/criteria/{first}/delete", follow_redirects=True)

    assert "the rubric can no longer change" in page and 'name="criteria-0-weight"' not in page
    assert "Judges have started scoring; the rubric can no longer change" in refused.get_data(as_text=True)
    assert "Judges have started scoring" in removed.get_data(as_text=True)
    with app.app_context():
        call = db.session.get(InnovationCall, call_id)
        assert len(call.criteria) == 5 and call.criteria[0].weight == 25
