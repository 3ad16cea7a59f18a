"""The organisers' timetable editor (programme/views/manage.py): pages, forms that keep what
was typed and show errors beside the fields, and who may use them."""
import html
import re
from datetime import time

import pytest
import sqlalchemy as sa

from eventapp.core.roles import Role
from eventapp.events.models import EventDay
from eventapp.extensions import db
from eventapp.programme import people as people_rules
from eventapp.programme import rooms as room_rules
from eventapp.programme import services
from eventapp.programme.models import ItemKind, ItemPerson, Person, PersonRole, ProgrammeItem, Room
from eventapp.programme.people import PersonDetails
from eventapp.programme.services import ItemDetails
from tests import factories


def page(response) -> str:
    return response.get_data(as_text=True)


def input_value(body: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', body)
    assert tag, f"no input named {name}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else None


def selected(body: str, name: str) -> list[str]:
    """The selected option values of the select named `name`."""
    select = re.search(rf'<select[^>]*\bname="{name}"[^>]*>(.*?)</select>', body, re.S)
    assert select, f"no select named {name}"
    return re.findall(r'<option selected value="([^"]*)"', select.group(1))


def checked(body: str, name: str) -> list[str]:
    return re.findall(rf'<input checked id="[^"]*" name="{name}" type="checkbox" value="([^"]*)"', body)


def errors_beside(body: str, field: str) -> str:
    found = re.search(rf'<ul class="errors" id="{field}-error">(.*?)</ul>', body, re.S)
    return html.unescape(found.group(1)) if found else ""


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def timetable(app):
    """An editor event with, on its first day: a session in the main hall (chaired by
    Dr. Bakari) holding one presentation, and a keynote clashing with it in the hall."""
    with app.app_context():
        event = factories.editor_event()
        day1, day2, day3 = event.days
        hall, side = sorted(room_rules.list_rooms(event), key=lambda r: r.name)
        group1 = event.groups[0]
        session = services.create_item(event, ItemDetails(
            day_id=day1.id, starts_at=time(10, 30), ends_at=time(13, 30), kind=ItemKind.SESSION,
            title_en="Session I", title_sw="Kikao cha Kwanza", room_id=hall.id, group_ids=[group1.id]))
        talk = services.create_item(event, ItemDetails(
            day_id=day1.id, starts_at=time(10, 30), ends_at=time(10, 55), kind=ItemKind.PRESENTATION,
            title_en="President's Office, Public Service Management", parent_id=session.id))
        keynote = services.create_item(event, ItemDetails(
            day_id=day1.id, starts_at=time(9, 15), ends_at=time(10, 45), kind=ItemKind.KEYNOTE,
            title_en="Keynote Address", room_id=hall.id))
        bakari = people_rules.create_person(PersonDetails(name="Jabiri Bakari", honorific="Dr.", institution="eGA",
                                                      email="ceo@ega.go.tz"))
        services.assign_person(session, bakari, PersonRole.CHAIRPERSON)
        return dict(event=event.id, day1=day1.id, day2=day2.id, day3=day3.id, hall=hall.id, side=side.id,
                    group1=group1.id, group2=event.groups[1].id, session=session.id, talk=talk.id,
                    keynote=keynote.id, bakari=bakari.id)


@pytest.fixture
def editor(login):
    return login(Role.PROGRAMME)


def item_form(tt, **changes) -> dict:
    data = {"starts_at": "14:00", "ends_at": "14:05", "kind": "sponsor_slot", "title_en": "Sponsor's slot",
            "title_sw": "Muda wa mdhamini", "parent_id": "", "room_id": str(tt["hall"]),
            "group_ids": [str(tt["group1"])], "sponsor_label": "NMB", "description_sw": "", "description_en": ""}
    data.update(changes)
    return data


# Who may use the editor -------------------------------------------------------------------


def _pages(tt) -> list[str]:
    return [
        "/manage/programme",
        f"/manage/events/{tt['event']}/programme",
        f"/manage/days/{tt['day1']}/programme",
        f"/manage/days/{tt['day1']}/programme/items/new",
        f"/manage/items/{tt['session']}",
        f"/manage/events/{tt['event']}/rooms",
        f"/manage/rooms/{tt['hall']}/edit",
        "/manage/people",
        "/manage/people/new",
        f"/manage/people/{tt['bakari']}/edit",
    ]


@pytest.mark.parametrize("role", [Role.PROGRAMME, Role.ORGANISER])
def test_programme_and_organiser_roles_open_every_page(client, login, timetable, role):
    login(role)

    for url in _pages(timetable):
        assert client.get(url).status_code == 200, url


def test_a_participant_is_forbidden(app, client, login, timetable):
    login(Role.PARTICIPANT)

    for url in _pages(timetable):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/manage/items/{timetable['session']}/delete").status_code == 403
    new_item = client.post(f"/manage/days/{timetable['day1']}/programme/items/new", data=item_form(timetable))
    assert new_item.status_code == 403
    assert count(app, ProgrammeItem) == 3


def test_anonymous_is_sent_to_log_in(client, timetable):
    for url in _pages(timetable):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), url
    response = client.post(f"/manage/items/{timetable['session']}/delete")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_menu_offers_the_programme_to_its_editors_only(client, login):
    login(Role.PARTICIPANT)
    assert 'href="/manage/programme"' not in page(client.get("/"))
    client.post("/logout")

    login(Role.PROGRAMME)
    assert 'href="/manage/programme"' in page(client.get("/"))


def test_the_event_page_links_to_its_programme(client, login, timetable):
    login(Role.ORGANISER)

    body = page(client.get(f"/manage/events/{timetable['event']}"))

    assert f'href="/manage/events/{timetable["event"]}/programme"' in body


# Overview and the day's timetable -----------------------------------------------------------


def test_the_days_overview_counts_items_and_conflicts(client, editor, timetable):
    body = page(client.get(f"/manage/events/{timetable['event']}/programme"))

    rows = re.findall(r"<tr>\s*<td><a href=\"/manage/days/(\d+)/programme\">.*?</tr>", body, re.S)
    assert rows == [str(timetable["day1"]), str(timetable["day2"]), str(timetable["day3"])]
    first_row = body.split(f'/manage/days/{timetable["day1"]}/programme"', 1)[1].split("</tr>", 1)[0]
    assert "07:00–18:00" in first_row and "Group 1" in first_row
    assert re.search(r"<td>3</td>\s*<td><a class=\"warn-mark\"[^>]*>1</a></td>", first_row)


def test_the_day_shows_the_timetable_with_sub_items_people_rooms_and_groups(client, editor, timetable):
    body = page(client.get(f"/manage/days/{timetable['day1']}/programme"))

    order = re.findall(r'<tr id="item-(\d+)" class="depth-(\d)', body)
    assert order == [(str(timetable["keynote"]), "0"), (str(timetable["session"]), "0"),
                     (str(timetable["talk"]), "1")]
    session_row = body.split(f'id="item-{timetable["session"]}"', 1)[1].split("</tr>", 1)[0]
    assert "10:30–13:30" in session_row and "Session I" in session_row
    assert "Chairperson:</span> Dr. Jabiri Bakari (eGA)" in session_row
    assert "Room: Main hall" in session_row and "For: Group 1" in session_row


def test_the_days_conflicts_are_listed_at_the_top_with_links_to_the_items(client, editor, timetable):
    body = page(client.get(f"/manage/days/{timetable['day1']}/programme"))

    box = body.split('<section class="conflicts"', 1)[1].split("</section>", 1)[0]
    assert body.index('<section class="conflicts"') < body.index('<table class="editor-timetable">')
    assert "1 conflict on this day" in box
    assert html.unescape(box).count("Main hall is booked twice: “Keynote Address” (09:15–10:45) and “Session I”") == 1
    assert f'href="#item-{timetable["keynote"]}"' in box and f'href="#item-{timetable["session"]}"' in box


def test_a_day_without_conflicts_has_no_warning_box(client, editor, timetable):
    assert '<section class="conflicts"' not in page(client.get(f"/manage/days/{timetable['day2']}/programme"))


# Adding and editing items ---------------------------------------------------------------------


def test_add_an_item(app, client, editor, timetable):
    response = client.post(f"/manage/days/{timetable['day1']}/programme/items/new", data=item_form(timetable))

    with app.app_context():
        item = db.session.scalar(sa.select(ProgrammeItem).where(ProgrammeItem.sponsor_label == "NMB"))
        assert (item.starts_at, item.ends_at, item.kind, item.room_id) == (
            time(14, 0), time(14, 5), ItemKind.SPONSOR_SLOT, timetable["hall"])
        assert [g.id for g in item.groups] == [timetable["group1"]]
    assert response.status_code == 302
    assert response.headers["Location"] == f"/manage/days/{timetable['day1']}/programme#item-{item.id}"


@pytest.mark.parametrize("changes, field, words", [
    ({"ends_at": "13:30"}, "ends_at", "must end after it starts"),
    ({"starts_at": "06:00", "ends_at": "06:30"}, "starts_at", "07:00 to 18:00"),
    ({"room_id": "999999"}, "room_id", "Choose one of this event's rooms."),
    ({"starts_at": ""}, "starts_at", "Give the start time."),
    ({"parent_id": "999999"}, "parent_id", "Choose a session of this event."),
])
def test_a_refused_item_keeps_everything_typed_and_shows_the_error_beside_the_field(
        app, client, editor, timetable, changes, field, words):
    data = item_form(timetable, title_en="Sponsor's slot & thanks", group_ids=[str(timetable["group2"])], **changes)

    response = client.post(f"/manage/days/{timetable['day1']}/programme/items/new", data=data)

    body = page(response)
    assert response.status_code == 200
    assert words in errors_beside(body, field)
    assert input_value(body, "title_en") == "Sponsor's slot & thanks"
    assert input_value(body, "sponsor_label") == "NMB"
    assert selected(body, "kind") == ["sponsor_slot"]
    assert checked(body, "group_ids") == [str(timetable["group2"])]
    if field != "room_id":
        assert selected(body, "room_id") == [str(timetable["hall"])]
    assert count(app, ProgrammeItem) == 3


def test_add_a_sub_item_starts_from_its_session(client, editor, timetable):
    body = page(client.get(f"/manage/days/{timetable['day1']}/programme/items/new?parent_id={timetable['session']}"))

    assert selected(body, "parent_id") == [str(timetable["session"])]
    assert selected(body, "kind") == ["presentation"]
    assert selected(body, "room_id") == [str(timetable["hall"])]
    assert input_value(body, "starts_at") == "10:55", "after the session's last sub-item"


def test_the_add_form_on_the_day_page_starts_after_the_last_item(client, editor, timetable):
    body = page(client.get(f"/manage/days/{timetable['day1']}/programme"))

    assert input_value(body, "starts_at") == "13:30"


def test_edit_an_item_and_a_refused_edit_keeps_what_was_typed(app, client, editor, timetable):
    url = f"/manage/items/{timetable['keynote']}"
    form = page(client.get(url))
    assert input_value(form, "title_en") == "Keynote Address" and selected(form, "kind") == ["keynote"]

    moved = client.post(url, data=item_form(timetable, kind="keynote", starts_at="08:45", ends_at="09:10",
                                            title_en="Keynote Address (e-Government status)", sponsor_label=""))
    refused = client.post(url, data=item_form(timetable, kind="keynote", starts_at="09:00", ends_at="08:00",
                                              title_en="Typed, not saved"))

    assert moved.status_code == 302
    assert refused.status_code == 200
    assert "must end after it starts" in errors_beside(page(refused), "ends_at")
    assert input_value(page(refused), "title_en") == "Typed, not saved"
    with app.app_context():
        item = db.session.get(ProgrammeItem, timetable["keynote"])
        assert (item.starts_at, item.title_en) == (time(8, 45), "Keynote Address (e-Government status)")


# Moving and deleting ------------------------------------------------------------------------------


def test_move_a_session_with_its_sub_items(app, client, editor, timetable):
    response = client.post(f"/manage/items/{timetable['session']}/move",
                           data={"move-day_id": str(timetable["day2"]), "move-starts_at": "11:00"})

    assert response.status_code == 302
    assert response.headers["Location"] == f"/manage/days/{timetable['day2']}/programme#item-{timetable['session']}"
    with app.app_context():
        talk = db.session.get(ProgrammeItem, timetable["talk"])
        assert (talk.day_id, talk.starts_at, talk.ends_at) == (timetable["day2"], time(11, 0), time(11, 25))


def test_a_refused_move_keeps_the_typed_values(app, client, editor, timetable):
    response = client.post(f"/manage/items/{timetable['session']}/move",
                           data={"move-day_id": str(timetable["day3"]), "move-starts_at": "16:00"})

    body = page(response)
    assert response.status_code == 422
    assert "the item would be at 16:00–19:00" in errors_beside(body, "move-starts_at")
    assert input_value(body, "move-starts_at") == "16:00"
    assert selected(body, "move-day_id") == [str(timetable["day3"])]
    with app.app_context():
        assert db.session.get(ProgrammeItem, timetable["session"]).day_id == timetable["day1"]


def test_delete_an_item_with_its_sub_items_needs_a_post(app, client, editor, timetable):
    assert client.get(f"/manage/items/{timetable['session']}/delete").status_code == 405
    body = page(client.get(f"/manage/items/{timetable['session']}"))
    assert 'data-confirm="Delete this item and its sub-items?"' in body

    response = client.post(f"/manage/items/{timetable['session']}/delete")

    assert response.headers["Location"] == f"/manage/days/{timetable['day1']}/programme"
    with app.app_context():
        assert [i.id for i in db.session.scalars(sa.select(ProgrammeItem))] == [timetable["keynote"]]
        assert db.session.scalar(sa.select(sa.func.count(ItemPerson.id))) == 0


# People on an item ----------------------------------------------------------------------------------


def test_assign_an_existing_person_or_a_new_one(app, client, editor, timetable):
    url = f"/manage/items/{timetable['keynote']}/people"

    existing = client.post(url, data={"role": "speaker", "person_id": str(timetable["bakari"])})
    new = client.post(url, data={"role": "guest_of_honour", "person_id": "", "honorific": "Mr.",
                                 "name": "Mick Kiliba", "position": "Acting Permanent Secretary",
                                 "institution": "PO-PSMGG", "email": ""})

    assert existing.status_code == new.status_code == 302
    assert existing.headers["Location"] == f"/manage/items/{timetable['keynote']}#people"
    body = page(client.get(f"/manage/items/{timetable['keynote']}"))
    assert "Speaker:</strong>" in body and "Dr. Jabiri Bakari" in body
    assert "Guest of honour:</strong>" in body and "Mr. Mick Kiliba" in body
    with app.app_context():
        assert db.session.scalar(sa.select(Person.position).where(Person.name == "Mick Kiliba")) == \
            "Acting Permanent Secretary"


def test_assign_with_nobody_chosen_or_a_taken_email_keeps_what_was_typed(app, client, editor, timetable):
    url = f"/manage/items/{timetable['keynote']}/people"

    nobody = client.post(url, data={"role": "panelist", "person_id": ""})
    taken = client.post(url, data={"role": "presenter", "person_id": "", "name": "Somebody Else",
                                   "institution": "TCRA", "email": "CEO@ega.go.tz"})
    twice = client.post(f"/manage/items/{timetable['session']}/people",
                        data={"role": "chairperson", "person_id": str(timetable["bakari"])})

    assert nobody.status_code == taken.status_code == twice.status_code == 422
    assert "Choose a person, or add a new one" in errors_beside(page(nobody), "person_id")
    assert "has this email address" in errors_beside(page(taken), "email")
    assert input_value(page(taken), "name") == "Somebody Else"
    assert input_value(page(taken), "institution") == "TCRA"
    assert selected(page(taken), "role") == ["presenter"]
    assert "already has this role" in errors_beside(page(twice), "person_id")
    assert count(app, Person) == 1 and count(app, ItemPerson) == 1


def test_remove_a_person_from_an_item(app, client, editor, timetable):
    with app.app_context():
        link_id = db.session.scalar(sa.select(ItemPerson.id))

    response = client.post(f"/manage/item-people/{link_id}/delete")

    assert response.headers["Location"] == f"/manage/items/{timetable['session']}#people"
    assert count(app, ItemPerson) == 0 and count(app, Person) == 1


# Copying a day -----------------------------------------------------------------------------------


def test_copy_a_day_and_refuse_a_day_that_has_items(app, client, editor, timetable):
    url = f"/manage/days/{timetable['day1']}/programme/copy"

    copied = client.post(url, data={"target_day_id": str(timetable["day2"])})
    again = client.post(url, data={"target_day_id": str(timetable["day2"])})
    nothing = client.post(url, data={"target_day_id": ""})

    assert copied.headers["Location"] == f"/manage/days/{timetable['day2']}/programme"
    assert again.status_code == nothing.status_code == 422
    assert "already has items" in errors_beside(page(again), "target_day_id")
    assert selected(page(again), "target_day_id") == [str(timetable["day2"])]
    assert "Choose a day of this event." in errors_beside(page(nothing), "target_day_id")
    assert count(app, ProgrammeItem) == 6
    body = page(client.get(f"/manage/days/{timetable['day2']}/programme"))
    assert "Chairperson:</span> Dr. Jabiri Bakari" in body
    assert "depth-1" in body


# Rooms and people pages -----------------------------------------------------------------------------


def test_rooms_add_rename_and_delete(app, client, editor, timetable):
    url = f"/manage/events/{timetable['event']}/rooms"

    added = client.post(url, data={"name": "Breakout room A", "capacity": "60"})
    duplicate = client.post(url, data={"name": "main HALL", "capacity": "12"})
    renamed = client.post(f"/manage/rooms/{timetable['side']}/edit", data={"name": "Exhibition tent", "capacity": ""})
    in_use = client.post(f"/manage/rooms/{timetable['hall']}/delete", follow_redirects=True)

    assert added.status_code == renamed.status_code == 302
    assert duplicate.status_code == 200
    assert "already has a room called main HALL" in errors_beside(page(duplicate), "name")
    assert input_value(page(duplicate), "name") == "main HALL" and input_value(page(duplicate), "capacity") == "12"
    assert "Main hall is used by 2 items" in page(in_use)
    with app.app_context():
        room_a = db.session.scalar(sa.select(Room).where(Room.name == "Breakout room A"))
        assert room_a.capacity == 60
        assert db.session.get(Room, timetable["side"]).name == "Exhibition tent"
        room_a_id = room_a.id
    client.post(f"/manage/rooms/{room_a_id}/delete")
    assert count(app, Room) == 2


def test_people_list_search_add_and_edit(app, client, editor, timetable):
    added = client.post("/manage/people/new", data={"honorific": "Dr.", "name": "Florence Rashidi",
                                                    "position": "Lecturer", "institution": "UDOM-CIVE", "email": ""})
    taken = client.post("/manage/people/new", data={"name": "Someone", "email": "ceo@ega.go.tz", "position": "Typed"})
    nameless = client.post("/manage/people/new", data={"name": " ", "institution": "TCRA"})

    assert added.status_code == 302
    assert taken.status_code == nameless.status_code == 200
    assert "has this email address" in errors_beside(page(taken), "email")
    assert input_value(page(taken), "position") == "Typed"
    assert "Give the person's name." in errors_beside(page(nameless), "name")
    assert input_value(page(nameless), "institution") == "TCRA"

    everyone = page(client.get("/manage/people"))
    found = page(client.get("/manage/people?q=udom"))
    assert "Dr. Florence Rashidi" in everyone and "Dr. Jabiri Bakari" in everyone
    assert "Dr. Florence Rashidi" in found and "Jabiri" not in found

    edit_url = f"/manage/people/{timetable['bakari']}/edit"
    assert "Session I" in page(client.get(edit_url)), "the items the person is on"
    saved = client.post(edit_url, data={"honorific": "Dr.", "name": "Jabiri Kuwe Bakari", "position": "CEO",
                                        "institution": "eGA", "email": "ceo@ega.go.tz"})
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.get(Person, timetable["bakari"]).name == "Jabiri Kuwe Bakari"


# A day's opening hours on the events pages ------------------------------------------------------------


def test_day_form_sets_opening_hours_and_keeps_them_on_error(app, client, login, timetable):
    login(Role.ORGANISER)
    url = f"/manage/days/{timetable['day1']}/edit"

    refused = client.post(url, data={"date": "2019-01-30", "label_en": "Day One", "opens_at": "11:00",
                                     "closes_at": "17:00"})
    backwards = client.post(url, data={"date": "2019-01-30", "opens_at": "12:00", "closes_at": "08:00"})
    saved = client.post(url, data={"date": "2019-01-30", "opens_at": "06:30", "closes_at": "19:00"})

    assert refused.status_code == 200
    assert "starts at 09:15" in errors_beside(page(refused), "opens_at")
    assert input_value(page(refused), "opens_at") == "11:00" and input_value(page(refused), "label_en") == "Day One"
    assert "close after it opens" in errors_beside(page(backwards), "closes_at")
    assert saved.status_code == 302
    with app.app_context():
        day = db.session.get(EventDay, timetable["day1"])
        assert (day.opens_at, day.closes_at) == (time(6, 30), time(19, 0))
