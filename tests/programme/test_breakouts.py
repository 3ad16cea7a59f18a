"""Breakout groups: the rules (one group per institution and per participant in an event,
rooms and items of the same event) and the organisers' pages."""
from datetime import time

import pytest
import sqlalchemy as sa

from eventapp.core.errors import DomainError
from eventapp.core.roles import Role
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.programme import breakouts
from eventapp.programme.models import BreakoutGroup, BreakoutMember, ItemKind, ProgrammeItem, Room
from eventapp.registration.models import InstitutionType
from tests import factories


def make_event(**kwargs) -> Event:
    event = factories.open_event(**kwargs)
    db.session.add(Room(event_id=event.id, name="Ukumbi Mkuu"))
    db.session.add(Room(event_id=event.id, name="Chumba 1"))
    day = event.days[0]
    db.session.add(ProgrammeItem(
        event_id=event.id, day_id=day.id, starts_at=time(10, 0), ends_at=time(12, 0), kind=ItemKind.BREAKOUT,
        title_sw="Majadiliano katika Vikundi", title_en="Breakout Session",
    ))
    db.session.commit()
    return event


def room(event: Event, name: str = "Chumba 1") -> Room:
    return db.session.scalar(sa.select(Room).where(Room.event_id == event.id, Room.name == name))


def item(event: Event) -> ProgrammeItem:
    return db.session.scalar(sa.select(ProgrammeItem).where(ProgrammeItem.event_id == event.id))


@pytest.fixture
def event(app_ctx) -> Event:
    return make_event()


# Services ---------------------------------------------------------------------------------


def test_create_with_room_and_item(event):
    group = breakouts.create_breakout(event, "  Kikundi   cha Kwanza ", room(event).id, item(event).id)

    assert group.id and group.name == "Kikundi cha Kwanza"
    assert group.room.name == "Chumba 1" and group.item.title_en == "Breakout Session"
    assert breakouts.list_breakouts(event) == [group]


def test_names_are_required_and_unique_in_the_event_ignoring_case(event):
    breakouts.create_breakout(event, "Kikundi cha Kwanza")
    other_event = make_event()

    with pytest.raises(DomainError) as blank:
        breakouts.create_breakout(event, "   ")
    with pytest.raises(DomainError) as taken:
        breakouts.create_breakout(event, "kikundi CHA kwanza")

    assert blank.value.field == "name" and taken.value.field == "name"
    assert "Kikundi cha Kwanza" in taken.value.message or "kikundi CHA kwanza" in taken.value.message
    assert breakouts.create_breakout(other_event, "Kikundi cha Kwanza").id  # another event may
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BreakoutGroup)) == 2


def test_room_and_item_must_belong_to_the_event(event):
    other = make_event()

    with pytest.raises(DomainError) as wrong_room:
        breakouts.create_breakout(event, "A", room_id=room(other).id)
    with pytest.raises(DomainError) as wrong_item:
        breakouts.create_breakout(event, "A", item_id=item(other).id)
    with pytest.raises(DomainError):
        breakouts.create_breakout(event, "A", room_id=999_999)

    assert (wrong_room.value.field, wrong_item.value.field) == ("room_id", "item_id")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BreakoutGroup)) == 0


def test_rename_set_room_and_item(event):
    first = breakouts.create_breakout(event, "A")
    breakouts.create_breakout(event, "B")

    breakouts.rename_breakout(first, "C")
    breakouts.set_room(first, room(event, "Ukumbi Mkuu").id)
    breakouts.set_item(first, item(event).id)
    assert (first.name, first.room.name, first.item_id) == ("C", "Ukumbi Mkuu", item(event).id)

    with pytest.raises(DomainError):
        breakouts.rename_breakout(first, "b")
    breakouts.set_room(first, None)
    breakouts.set_item(first, None)
    db.session.expire_all()
    assert (first.name, first.room_id, first.item_id) == ("C", None, None)


def test_an_institution_is_in_at_most_one_group_per_event(event):
    ministry = factories.institution(name="Wizara ya Madini")
    first = breakouts.create_breakout(event, "Kikundi cha Kwanza")
    second = breakouts.create_breakout(event, "Kikundi cha Pili")
    breakouts.assign_institution(first, ministry.id)

    with pytest.raises(DomainError) as elsewhere:
        breakouts.assign_institution(second, ministry.id)
    with pytest.raises(DomainError) as again:
        breakouts.assign_institution(first, ministry.id)

    assert "Wizara ya Madini" in elsewhere.value.message and "Kikundi cha Kwanza" in elsewhere.value.message
    assert "already in this breakout group" in again.value.message
    assert elsewhere.value.field == "institution_id"
    assert [m.institution_id for m in db.session.scalars(sa.select(BreakoutMember))] == [ministry.id]
    assert breakouts.breakout_of_institution(event.id, ministry.id) == first

    # In another event the same institution may be in a group of its own.
    other = breakouts.create_breakout(make_event(), "Kikundi cha Kwanza")
    assert breakouts.assign_institution(other, ministry.id).id


def test_unassign_then_assign_elsewhere(event):
    ministry = factories.institution()
    first = breakouts.create_breakout(event, "A")
    second = breakouts.create_breakout(event, "B")
    breakouts.assign_institution(first, ministry.id)

    breakouts.unassign_institution(first, ministry.id)
    breakouts.assign_institution(second, ministry.id)

    assert breakouts.breakout_of_institution(event.id, ministry.id) == second
    with pytest.raises(DomainError):
        breakouts.unassign_institution(first, ministry.id)
    with pytest.raises(DomainError):
        breakouts.assign_institution(first, None)


def test_a_participant_is_in_at_most_one_group_and_overrides_their_institution(event):
    ministry = factories.institution()
    registration = factories.registration(factories.category(event), ministry)
    first = breakouts.create_breakout(event, "A")
    second = breakouts.create_breakout(event, "B")
    breakouts.assign_institution(first, ministry.id)
    assert breakouts.breakout_for_registration(registration) == first

    breakouts.assign_registration(second, registration.id)

    assert breakouts.breakout_for_registration(registration) == second
    with pytest.raises(DomainError) as elsewhere:
        breakouts.assign_registration(first, registration.id)
    assert "B" in elsewhere.value.message and registration.reference in elsewhere.value.message
    breakouts.unassign_registration(second, registration.id)
    assert breakouts.breakout_for_registration(registration) == first


def test_a_registration_of_another_event_is_refused(event):
    other = make_event()
    registration = factories.registration(factories.category(other))
    group = breakouts.create_breakout(event, "A")

    with pytest.raises(DomainError) as refused:
        breakouts.assign_registration(group, registration.id)

    assert refused.value.field == "reference"
    assert group.members == []


def test_deleting_a_group_frees_its_members(event):
    ministry = factories.institution()
    group = breakouts.create_breakout(event, "A")
    breakouts.assign_institution(group, ministry.id)

    breakouts.delete_breakout(group)

    assert db.session.scalar(sa.select(sa.func.count()).select_from(BreakoutMember)) == 0
    assert ministry in breakouts.unassigned_institutions(event)


def test_unassigned_institutions_ministries_first(event):
    university = factories.institution(name="Chuo Kikuu cha Dodoma", type_=InstitutionType.UNIVERSITY)
    ministry_b = factories.institution(name="Wizara ya Nishati")
    ministry_a = factories.institution(name="Wizara ya Madini")
    pending = factories.institution(name="Taasisi Mpya", reviewed=False)
    group = breakouts.create_breakout(event, "A")
    breakouts.assign_institution(group, ministry_b.id)

    free = breakouts.unassigned_institutions(event)

    assert free == [ministry_a, university]
    assert pending not in free


# Pages ------------------------------------------------------------------------------------


@pytest.fixture
def setup(app):
    with app.app_context():
        event = make_event()
        ministry = factories.institution(name="Wizara ya Madini")
        other = factories.institution(name="Wizara ya Nishati")
        registration = factories.registration(factories.category(event), other)
        return {
            "event_id": event.id, "ministry_id": ministry.id, "other_id": other.id,
            "room_id": room(event).id, "item_id": item(event).id, "reference": registration.reference,
        }


def page(response) -> str:
    return response.get_data(as_text=True)


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("method, path", [
    ("get", "/manage/events/{event_id}/breakouts"),
    ("post", "/manage/events/{event_id}/breakouts"),
    ("get", "/manage/breakouts/{breakout_id}/edit"),
    ("post", "/manage/breakouts/{breakout_id}/edit"),
    ("post", "/manage/breakouts/{breakout_id}/delete"),
    ("post", "/manage/breakouts/{breakout_id}/institutions"),
    ("post", "/manage/breakouts/{breakout_id}/registrations"),
    ("post", "/manage/breakout-members/{member_id}/delete"),
])
def test_participants_are_refused_everywhere(app, client, login, setup, method, path):
    with app.app_context():
        event = db.session.get(Event, setup["event_id"])
        group = breakouts.create_breakout(event, "A")
        member = breakouts.assign_institution(group, setup["ministry_id"])
        url = path.format(event_id=event.id, breakout_id=group.id, member_id=member.id)
    anonymous = getattr(client, method)(url, data={"name": "B", "institution_id": setup["other_id"]})
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]

    login(Role.PARTICIPANT)
    response = getattr(client, method)(url, data={"name": "B", "institution_id": setup["other_id"]})

    assert response.status_code == 403
    with app.app_context():
        assert count(BreakoutGroup) == 1 and count(BreakoutMember) == 1
        assert db.session.scalar(sa.select(BreakoutGroup.name)) == "A"


@pytest.mark.parametrize("role", [Role.PROGRAMME, Role.ORGANISER])
def test_programme_committee_and_organisers_create_a_group(app, client, login, setup, role):
    login(role)
    url = f"/manage/events/{setup['event_id']}/breakouts"
    assert client.get(url).status_code == 200

    response = client.post(url, data={"name": "Kikundi cha Kwanza", "room_id": setup["room_id"],
                                      "item_id": setup["item_id"]})

    assert response.status_code == 302
    with app.app_context():
        group = db.session.scalar(sa.select(BreakoutGroup))
        assert (group.name, group.room_id, group.item_id) == ("Kikundi cha Kwanza", setup["room_id"], setup["item_id"])
    body = page(client.get(url, headers={"Accept-Language": "en"}))
    assert "Kikundi cha Kwanza" in body and "Chumba 1" in body and "Breakout Session" in body


def test_a_duplicate_name_is_shown_beside_the_field_and_nothing_changes(app, client, login, setup):
    login(Role.PROGRAMME)
    url = f"/manage/events/{setup['event_id']}/breakouts"
    client.post(url, data={"name": "Kikundi cha Kwanza", "room_id": 0, "item_id": 0})

    response = client.post(url, data={"name": "KIKUNDI cha kwanza", "room_id": 0, "item_id": 0},
                           headers={"Accept-Language": "en"})

    assert response.status_code == 422
    assert "There is already a breakout group called" in page(response)
    with app.app_context():
        assert count(BreakoutGroup) == 1


def test_assign_institutions_from_the_directory(app, client, login, setup):
    login(Role.PROGRAMME)
    with app.app_context():
        event = db.session.get(Event, setup["event_id"])
        first = breakouts.create_breakout(event, "Kikundi cha Kwanza").id
        second = breakouts.create_breakout(event, "Kikundi cha Pili").id
    listing = page(client.get(f"/manage/events/{setup['event_id']}/breakouts", headers={"Accept-Language": "en"}))
    assert f'<option value="{setup["ministry_id"]}">Wizara ya Madini</option>' in listing

    added = client.post(f"/manage/breakouts/{first}/institutions", data={"institution_id": setup["ministry_id"]})
    refused = client.post(f"/manage/breakouts/{second}/institutions", data={"institution_id": setup["ministry_id"]},
                          headers={"Accept-Language": "en"}, follow_redirects=True)

    assert added.status_code == 302
    assert "Wizara ya Madini is already in breakout group Kikundi cha Kwanza" in page(refused)
    with app.app_context():
        assert [(m.breakout_id, m.institution_id) for m in db.session.scalars(sa.select(BreakoutMember))] == [
            (first, setup["ministry_id"])
        ]
    listing = page(client.get(f"/manage/events/{setup['event_id']}/breakouts"))
    assert f'<option value="{setup["ministry_id"]}">Wizara ya Madini</option>' not in listing  # no longer offered
    assert f'<option value="{setup["other_id"]}">Wizara ya Nishati</option>' in listing


def test_assign_a_participant_by_reference_and_remove_them(app, client, login, setup):
    login(Role.ORGANISER)
    with app.app_context():
        group = breakouts.create_breakout(db.session.get(Event, setup["event_id"]), "A").id

    unknown = client.post(f"/manage/breakouts/{group}/registrations", data={"reference": "NOPE-1"},
                          headers={"Accept-Language": "en"}, follow_redirects=True)
    added = client.post(f"/manage/breakouts/{group}/registrations", data={"reference": setup["reference"].lower()})

    assert "No registration with that reference for this event" in page(unknown)
    assert added.status_code == 302
    with app.app_context():
        member = db.session.scalar(sa.select(BreakoutMember))
        assert member.registration.reference == setup["reference"]
        member_id = member.id
    assert setup["reference"] in page(client.get(f"/manage/events/{setup['event_id']}/breakouts"))

    assert client.post(f"/manage/breakout-members/{member_id}/delete").status_code == 302
    with app.app_context():
        assert count(BreakoutMember) == 0


def test_edit_and_delete_a_group(app, client, login, setup):
    login(Role.PROGRAMME)
    with app.app_context():
        event = db.session.get(Event, setup["event_id"])
        group = breakouts.create_breakout(event, "A").id
        breakouts.create_breakout(event, "B")

    assert "A" in page(client.get(f"/manage/breakouts/{group}/edit"))
    clash = client.post(f"/manage/breakouts/{group}/edit", data={"name": "b", "room_id": 0, "item_id": 0})
    saved = client.post(f"/manage/breakouts/{group}/edit",
                        data={"name": "Kikundi cha Tatu", "room_id": setup["room_id"], "item_id": 0})

    assert clash.status_code == 422 and saved.status_code == 302
    with app.app_context():
        edited = db.session.get(BreakoutGroup, group)
        assert (edited.name, edited.room_id, edited.item_id) == ("Kikundi cha Tatu", setup["room_id"], None)

    assert client.post(f"/manage/breakouts/{group}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(BreakoutGroup, group) is None
    assert client.get("/manage/breakouts/999999/edit").status_code == 404


def test_the_demo_breakout_groups_page(app, client, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    from eventapp.demo.meeting_2019 import demo_password

    client.post("/login", data={"email": "programme@demo.example.org", "password": demo_password("programme")})
    with app.app_context():
        event_id = db.session.scalar(sa.select(Event.id))

    body = page(client.get(f"/manage/events/{event_id}/breakouts", headers={"Accept-Language": "en"}))

    for name in ("Kikundi cha Kwanza", "Kikundi cha Pili", "Kikundi cha Tatu", "Kikundi cha Nne"):
        assert name in body
    assert "Chumba cha Majadiliano 4 – UDOM CIVE" in body
    unassigned = body.split('id="unassigned"')[1].split("</section>")[0]
    assert "Wizara ya Maliasili na Utalii" in unassigned and "Wizara ya Madini" not in unassigned


@pytest.mark.database
def test_the_database_keeps_an_institution_in_one_group_per_event(app, db_backend):
    """Two organisers assigning at the same moment cannot both succeed: the unique key holds."""
    with app.app_context():
        event = make_event()
        first = breakouts.create_breakout(event, "Kundi A")
        second = breakouts.create_breakout(event, "Kundi B")
        ministry = factories.institution(type_=InstitutionType.MINISTRY)
        db.session.add(BreakoutMember(event_id=event.id, breakout_id=first.id, institution_id=ministry.id))
        db.session.commit()
        db.session.add(BreakoutMember(event_id=event.id, breakout_id=second.id, institution_id=ministry.id))
        with pytest.raises(sa.exc.IntegrityError):
            db.session.commit()
        db.session.rollback()
