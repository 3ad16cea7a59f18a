"""Rules of the timetable editor (programme/services.py): rooms, people, items and sub-items,
moving, copying a day, people's roles, the conflicts in words; and a day's opening hours."""
from datetime import date, time

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from eventapp.core.errors import DomainError
from eventapp.events import services as event_services
from eventapp.events.models import Event, EventDay
from eventapp.extensions import db
from eventapp.programme import conflict_report, services
from eventapp.programme import people as people_rules
from eventapp.programme import rooms as room_rules
from eventapp.programme.conflicts import ConflictKind
from eventapp.programme.models import ItemKind, ItemPerson, Person, PersonRole, ProgrammeItem, Room
from eventapp.programme.people import PersonDetails
from eventapp.programme.services import ItemDetails
from tests import factories


def t(text: str) -> time:
    return time.fromisoformat(text)


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def snapshot() -> dict:
    """Every programme row, as plain values: proof that a refusal changed nothing."""
    db.session.expire_all()
    tables = [ProgrammeItem.__table__, ItemPerson.__table__, Person.__table__, Room.__table__,
              ProgrammeItem.groups.property.secondary, EventDay.__table__]
    return {
        table.name: sorted(tuple(str(v) for v in row) for row in db.session.execute(sa.select(table)))
        for table in tables
    }


def refused(call, *args, **kwargs) -> DomainError:
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    assert snapshot() == before, "a refusal must change nothing"
    return caught.value


@pytest.fixture
def event(app_ctx) -> Event:
    return factories.editor_event()


@pytest.fixture
def days(event):
    return event.days


@pytest.fixture
def hall(event):
    return next(r for r in room_rules.list_rooms(event) if r.name == "Main hall")


@pytest.fixture
def side(event):
    return next(r for r in room_rules.list_rooms(event) if r.name == "Side room")


def details(day, start="09:00", end="10:00", **changes) -> ItemDetails:
    values = dict(day_id=day.id, starts_at=t(start) if start else None, ends_at=t(end) if end else None,
                  kind=ItemKind.KEYNOTE,
                  title_en="Keynote Address", title_sw="Hotuba Kuu")
    values.update(changes)
    return ItemDetails(**values)


def session_with_talks(event, day, hall):
    """10:30–13:30 Session I in the main hall, with two ministry presentations inside."""
    session = services.create_item(event, details(day, "10:30", "13:30", kind=ItemKind.SESSION, room_id=hall.id,
                                                  title_en="Session I", title_sw="Kikao cha Kwanza",
                                                  group_ids=[event.groups[0].id]))
    first = services.create_item(event, details(day, "10:30", "10:55", kind=ItemKind.PRESENTATION,
                                                parent_id=session.id, title_en="PO-PSMGG", title_sw="Utumishi",
                                                room_id=hall.id))
    second = services.create_item(event, details(day, "10:55", "11:20", kind=ItemKind.PRESENTATION,
                                                 parent_id=session.id, title_en="PO-RALG", title_sw="TAMISEMI"))
    return session, first, second


# Rooms ----------------------------------------------------------------------------------


@pytest.mark.database
def test_rooms_are_unique_per_event_whatever_the_case(event, hall):
    other = factories.editor_event()

    added = room_rules.create_room(event, "  Breakout   room A ", 60)
    in_other_event = room_rules.create_room(other, "Breakout room A")

    assert (added.name, added.capacity) == ("Breakout room A", 60)
    assert in_other_event.event_id == other.id
    error = refused(room_rules.create_room, event, "MAIN HALL")
    assert error.field == "name" and "already has a room called MAIN HALL" in error.message
    assert refused(room_rules.update_room, added, "main hall").field == "name"
    assert refused(room_rules.create_room, event, "  ").field == "name"
    assert refused(room_rules.create_room, event, "Gallery", 0).field == "capacity"


def test_rename_a_room(event, hall):
    room_rules.update_room(hall, "Main Hall (UDOM)", 900)

    db.session.expire_all()
    assert (hall.name, hall.capacity) == ("Main Hall (UDOM)", 900)


def test_a_room_in_use_cannot_be_deleted(event, days, hall, side):
    item = services.create_item(event, details(days[0], room_id=hall.id))

    error = refused(room_rules.delete_room, hall)
    room_rules.delete_room(side)

    assert "Main hall is used by 1" in error.message
    assert [r.name for r in room_rules.list_rooms(event)] == ["Main hall"]
    assert item.room_id == hall.id


# People ---------------------------------------------------------------------------------


@pytest.mark.database
def test_people_have_an_optional_unique_email(app_ctx):
    bakari = people_rules.create_person(PersonDetails(name=" Jabiri  Bakari", honorific="Dr.", position="CEO",
                                                  institution="eGA", email=" J.Bakari@EGA.go.tz "))
    people_rules.create_person(PersonDetails(name="Mick Kiliba"))
    people_rules.create_person(PersonDetails(name="Priscus Kiwango", email=""))

    assert (bakari.display_name, bakari.email) == ("Dr. Jabiri Bakari", "j.bakari@ega.go.tz")
    taken = PersonDetails(name="Someone", email="j.bakari@ega.go.tz")
    assert refused(people_rules.create_person, taken).field == "email"
    assert refused(people_rules.create_person, PersonDetails(name="Someone", email="not-an-address")).field == "email"
    assert refused(people_rules.create_person, PersonDetails(name="  ")).field == "name"
    assert refused(people_rules.create_person, PersonDetails(name="x" * 161)).field == "name"
    assert count(Person) == 3


def test_edit_a_person_keeping_or_changing_the_email(app_ctx):
    bakari = people_rules.create_person(PersonDetails(name="Jabiri Bakari", email="ceo@ega.go.tz"))
    other = people_rules.create_person(PersonDetails(name="Benedict Ndomba", email="ndomba@ega.go.tz"))

    people_rules.update_person(bakari, PersonDetails(name="Jabiri Kuwe Bakari", honorific="Dr.", email="CEO@ega.go.tz"))
    error = refused(people_rules.update_person, other, PersonDetails(name="Benedict Ndomba", email="ceo@ega.go.tz"))

    assert error.field == "email"
    assert (bakari.name, bakari.email) == ("Jabiri Kuwe Bakari", "ceo@ega.go.tz")


@pytest.mark.database
def test_search_people_by_name_institution_position_or_email(app_ctx):
    people_rules.create_person(PersonDetails(name="Florence Rashidi", position="Lecturer", institution="UDOM-CIVE"))
    people_rules.create_person(PersonDetails(name="Alex Mongi", position="Lecturer", institution="UDOM-CIVE"))
    people_rules.create_person(PersonDetails(name="Connie Francis", institution="TCRA", email="connie@tcra.go.tz"))

    assert [p.name for p in people_rules.search_people("udom")] == ["Alex Mongi", "Florence Rashidi"]
    assert [p.name for p in people_rules.search_people("RASHIDI")] == ["Florence Rashidi"]
    assert [p.name for p in people_rules.search_people("tcra.go")] == ["Connie Francis"]
    assert people_rules.search_people("100%") == []
    assert people_rules.count_people("lecturer") == 2
    assert [p.name for p in people_rules.search_people("", limit=1, offset=1)] == ["Connie Francis"]


# Items: what is accepted -------------------------------------------------------------------


def test_create_an_item_with_room_groups_and_sponsor(event, days, hall):
    group = event.groups[0]

    item = services.create_item(event, details(days[0], "14:00", "14:05", kind="sponsor_slot", room_id=hall.id,
                                               group_ids=[group.id], title_en=" NMB ", title_sw="",
                                               sponsor_label="NMB", description_en="Sponsor's message"))

    db.session.expire_all()
    assert (item.day_id, item.starts_at, item.ends_at) == (days[0].id, t("14:00"), t("14:05"))
    assert (item.kind, item.room.name, [g.number for g in item.groups]) == (ItemKind.SPONSOR_SLOT, "Main hall", [1])
    assert (item.title_en, item.title_sw, item.sponsor_label) == ("NMB", "", "NMB")


def test_a_moment_has_no_end_and_may_be_at_closing_time(event, days):
    departure = services.create_item(event, details(days[1], "18:00", None, kind=ItemKind.DEPARTURE,
                                                    title_en="Departure", title_sw="Kuondoka"))

    assert departure.ends_at is None


def test_a_sub_item_inside_a_session(event, days, hall):
    session, first, second = session_with_talks(event, days[0], hall)

    db.session.expire_all()
    assert [c.title_en for c in session.children] == ["PO-PSMGG", "PO-RALG"]
    assert first.parent_id == session.id


# Items: hard refusals change nothing ------------------------------------------------------------


def _refusals(event, days, hall):
    other = factories.editor_event()
    other_room = room_rules.list_rooms(other)[0]
    session = services.create_item(event, details(days[0], "10:30", "13:30", kind=ItemKind.SESSION))
    talk = services.create_item(event, details(days[0], "10:30", "10:55", parent_id=session.id))
    foreign_session = services.create_item(other, details(other.days[0], "10:30", "13:30"))
    return {
        "end before start": (details(days[0], "10:00", "09:00"), "ends_at"),
        "end equal to start": (details(days[0], "10:00", "10:00"), "ends_at"),
        "no start": (details(days[0], None, None), "starts_at"),
        "before the day opens": (details(days[0], "06:30", "07:30"), "starts_at"),
        "after the day closes": (details(days[0], "18:30", None), "starts_at"),
        "ends after closing": (details(days[0], "17:30", "18:30"), "ends_at"),
        "unknown room": (details(days[0], room_id=999_999), "room_id"),
        "room of another event": (details(days[0], room_id=other_room.id), "room_id"),
        "day of another event": (details(other.days[0]), "day_id"),
        "unknown day": (details(days[0], day_id=999_999), "day_id"),
        "group of another event": (details(days[0], group_ids=[other.groups[0].id]), "group_ids"),
        "parent on another day": (details(days[1], parent_id=session.id), "parent_id"),
        "parent of another event": (details(days[0], parent_id=foreign_session.id), "parent_id"),
        "parent that is a sub-item": (details(days[0], parent_id=talk.id), "parent_id"),
        "unknown parent": (details(days[0], parent_id=999_999), "parent_id"),
        "no title": (details(days[0], title_en=" ", title_sw=""), "title_sw"),
        "title too long": (details(days[0], title_en="x" * 301), "title_en"),
        "unknown kind": (details(days[0], kind="picnic"), "kind"),
    }


REFUSALS = [
    "end before start", "end equal to start", "no start", "before the day opens", "after the day closes",
    "ends after closing", "unknown room", "room of another event", "day of another event", "unknown day",
    "group of another event", "parent on another day", "parent of another event", "parent that is a sub-item",
    "unknown parent", "no title", "title too long", "unknown kind",
]


@pytest.mark.parametrize("case", REFUSALS)
def test_create_item_refuses_bad_input_and_changes_nothing(event, days, hall, case):
    bad, field = _refusals(event, days, hall)[case]
    items_before = count(ProgrammeItem)

    error = refused(services.create_item, event, bad)

    assert error.field == field, error.message
    assert count(ProgrammeItem) == items_before


@pytest.mark.parametrize("case", REFUSALS)
def test_update_item_refuses_bad_input_and_changes_nothing(event, days, hall, case):
    cases = _refusals(event, days, hall)
    item = services.create_item(event, details(days[0], "15:00", "16:00", room_id=hall.id, title_en="Discussion"))
    bad, field = cases[case]

    error = refused(services.update_item, item, bad)

    assert error.field == field, error.message
    db.session.expire_all()
    assert (item.day_id, item.starts_at, item.ends_at, item.room_id, item.title_en) == (
        days[0].id, t("15:00"), t("16:00"), hall.id, "Discussion")


def test_an_item_cannot_be_its_own_session_nor_a_session_go_inside_another(event, days, hall):
    session, first, _second = session_with_talks(event, days[0], hall)
    other_session = services.create_item(event, details(days[0], "14:00", "17:00", kind=ItemKind.SESSION))

    itself = refused(services.update_item, other_session,
                     details(days[0], "14:00", "17:00", parent_id=other_session.id))
    nested = refused(services.update_item, session, details(days[0], "10:30", "13:30", parent_id=other_session.id))

    assert itself.field == nested.field == "parent_id"
    assert "sub-items of its own" in nested.message


def test_update_changes_the_item_and_can_take_a_sub_item_out_of_its_session(event, days, hall, side):
    session, first, second = session_with_talks(event, days[0], hall)

    services.update_item(second, details(days[0], "13:30", "14:00", kind=ItemKind.DISCUSSION, room_id=side.id,
                                         title_en="Discussion", title_sw="Majadiliano"))

    db.session.expire_all()
    assert (second.parent_id, second.kind, second.room_id, second.title_sw) == (
        None, ItemKind.DISCUSSION, side.id, "Majadiliano")
    assert db.session.get(ProgrammeItem, second.id) is not None, "taken out, not deleted"
    assert [c.id for c in session.children] == [first.id]


def test_update_to_another_day_takes_the_sub_items_along(event, days, hall):
    session, first, second = session_with_talks(event, days[0], hall)

    services.update_item(session, details(days[1], "10:30", "13:30", kind=ItemKind.SESSION, title_en="Session III"))

    db.session.expire_all()
    assert {i.day_id for i in (session, first, second)} == {days[1].id}
    assert (first.starts_at, second.starts_at) == (t("10:30"), t("10:55"))


# Moving ---------------------------------------------------------------------------------


@pytest.mark.database
def test_move_keeps_the_length_and_the_sub_items_offsets(event, days, hall):
    session, first, second = session_with_talks(event, days[0], hall)

    services.move_item(session, days[1].id, t("08:00"))

    db.session.expire_all()
    assert (session.day_id, session.starts_at, session.ends_at) == (days[1].id, t("08:00"), t("11:00"))
    assert [(c.day_id, c.starts_at, c.ends_at) for c in (first, second)] == [
        (days[1].id, t("08:00"), t("08:25")), (days[1].id, t("08:25"), t("08:50"))]


def test_move_a_moment_and_a_sub_item_within_its_session(event, days, hall):
    session, first, second = session_with_talks(event, days[0], hall)
    departure = services.create_item(event, details(days[0], "17:15", None, kind=ItemKind.DEPARTURE))

    services.move_item(second, days[0].id, t("12:00"))
    services.move_item(departure, days[1].id, t("17:30"))

    db.session.expire_all()
    assert (second.starts_at, second.ends_at) == (t("12:00"), t("12:25"))
    assert (departure.day_id, departure.starts_at, departure.ends_at) == (days[1].id, t("17:30"), None)


@pytest.mark.parametrize("day_index, start, field, words", [
    (0, "17:00", "starts_at", "the item would be at 17:00–20:00"),
    (0, "06:00", "starts_at", "the item would be at 06:00–09:00"),
    (1, "16:00", "starts_at", "the item would be at 16:00–19:00"),
    (0, "23:00", "starts_at", "past midnight"),
])
def test_move_refuses_leaving_the_day_and_changes_nothing(event, days, hall, day_index, start, field, words):
    session, _first, _second = session_with_talks(event, days[0], hall)

    error = refused(services.move_item, session, days[day_index].id, t(start))

    assert error.field == field and words in error.message


def test_move_refuses_when_a_sub_item_would_leave_the_day(event, days, hall):
    session = services.create_item(event, details(days[0], "10:00", "11:00", kind=ItemKind.SESSION))
    services.create_item(event, details(days[0], "11:00", "11:30", parent_id=session.id))  # outside: allowed, warned

    error = refused(services.move_item, session, days[0].id, t("17:00"))

    assert "A sub-item (11:00–11:30)" in error.message


def test_move_refuses_past_midnight_another_event_and_a_sub_item_to_another_day(event, days, hall):
    session, first, _second = session_with_talks(event, days[0], hall)
    other = factories.editor_event()
    late = services.create_item(event, details(days[0], "17:00", "18:00"))

    assert refused(services.move_item, late, days[0].id, t("23:30")).field == "starts_at"
    assert refused(services.move_item, session, other.days[0].id, t("10:00")).field == "day_id"
    assert "move the session instead" in refused(services.move_item, first, days[1].id, t("10:30")).message


# Deleting -------------------------------------------------------------------------------


def test_delete_takes_the_sub_items_and_roles_but_not_the_people(event, days, hall):
    session, first, _second = session_with_talks(event, days[0], hall)
    kiwango = people_rules.create_person(PersonDetails(name="Priscus Kiwango"))
    services.assign_person(session, kiwango, PersonRole.CHAIRPERSON)
    services.assign_person(first, kiwango, PersonRole.PRESENTER)
    keep = services.create_item(event, details(days[0], "14:00", "15:00"))

    services.delete_item(session)

    assert [i.id for i in db.session.scalars(sa.select(ProgrammeItem))] == [keep.id]
    assert count(ItemPerson) == 0
    assert count(Person) == 1


# Copying a day ----------------------------------------------------------------------------


@pytest.mark.database
def test_copy_day_copies_items_sub_items_groups_people_and_rooms(event, days, hall):
    session, first, second = session_with_talks(event, days[0], hall)
    bakari = people_rules.create_person(PersonDetails(name="Jabiri Bakari", honorific="Dr."))
    ndomba = people_rules.create_person(PersonDetails(name="Benedict Ndomba", honorific="Eng."))
    services.assign_person(session, ndomba, PersonRole.CHAIRPERSON)
    services.assign_person(session, bakari, PersonRole.PANELIST)
    services.assign_person(first, bakari, PersonRole.PRESENTER)
    services.create_item(event, details(days[0], "17:15", None, kind=ItemKind.DEPARTURE, title_en="Departure"))

    copied = services.copy_day(days[0], days[1].id)

    db.session.expire_all()
    assert copied == 4
    new_items = services.day_items(days[1])
    by_title = {i.title_en: i for i in new_items}
    new_session = by_title["Session I"]
    assert (new_session.room_id, [g.number for g in new_session.groups]) == (hall.id, [1])
    assert [(p.person.name, p.role, p.position) for p in new_session.people] == [
        ("Benedict Ndomba", PersonRole.CHAIRPERSON, 0), ("Jabiri Bakari", PersonRole.PANELIST, 1)]
    assert [(c.title_en, c.starts_at, c.ends_at) for c in new_session.children] == [
        ("PO-PSMGG", t("10:30"), t("10:55")), ("PO-RALG", t("10:55"), t("11:20"))]
    assert by_title["PO-PSMGG"].parent_id == new_session.id
    assert [p.person.name for p in by_title["PO-PSMGG"].people] == ["Jabiri Bakari"]
    assert by_title["Departure"].ends_at is None
    assert len(services.day_items(days[0])) == 4, "the original day is untouched"
    assert count(Person) == 2


def test_copy_day_refuses_a_day_that_has_items(event, days, hall):
    session_with_talks(event, days[0], hall)
    services.create_item(event, details(days[1], "08:00", "09:00"))

    error = refused(services.copy_day, days[0], days[1].id)

    assert error.field == "target_day_id" and "already has items" in error.message


def test_copy_day_refuses_itself_another_events_day_an_empty_day_and_hours_that_do_not_fit(event, days, hall):
    session_with_talks(event, days[0], hall)
    other = factories.editor_event()
    days[2].closes_at = t("12:00")
    db.session.commit()

    assert refused(services.copy_day, days[0], days[0].id).field == "target_day_id"
    assert refused(services.copy_day, days[0], other.days[0].id).field == "target_day_id"
    assert "no items to copy" in refused(services.copy_day, days[1], days[2].id).message
    assert "10:30–13:30 is outside that day's hours (07:00–12:00)" in refused(
        services.copy_day, days[0], days[2].id).message


# People's roles ---------------------------------------------------------------------------


def test_assign_people_in_order_once_per_role(event, days):
    keynote = services.create_item(event, details(days[0]))
    bakari = people_rules.create_person(PersonDetails(name="Jabiri Bakari", honorific="Dr."))
    kiliba = people_rules.create_person(PersonDetails(name="Mick Kiliba"))

    services.assign_person(keynote, bakari, PersonRole.SPEAKER)
    services.assign_person(keynote, kiliba, "guest_of_honour")
    services.assign_person(keynote, bakari, PersonRole.PRESENTER)  # another role is fine
    twice = refused(services.assign_person, keynote, bakari, PersonRole.SPEAKER)
    bad_role = refused(services.assign_person, keynote, kiliba, "juggler")

    assert twice.field == "person_id" and "Dr. Jabiri Bakari already has this role" in twice.message
    assert bad_role.field == "role"
    db.session.expire_all()
    assert [(p.person.name, p.role, p.position) for p in keynote.people] == [
        ("Jabiri Bakari", PersonRole.SPEAKER, 0), ("Mick Kiliba", PersonRole.GUEST_OF_HONOUR, 1),
        ("Jabiri Bakari", PersonRole.PRESENTER, 2)]


def test_assign_a_new_person_in_one_step_or_not_at_all(event, days):
    keynote = services.create_item(event, details(days[0]))
    people_rules.create_person(PersonDetails(name="Jabiri Bakari", email="ceo@ega.go.tz"))

    link = services.assign_new_person(keynote, PersonDetails(name="Maria Sasabo", honorific="Dr."), "chairperson")
    error = refused(services.assign_new_person, keynote, PersonDetails(name="Impostor", email="CEO@ega.go.tz"),
                    PersonRole.PANELIST)

    assert (link.person.display_name, link.role) == ("Dr. Maria Sasabo", PersonRole.CHAIRPERSON)
    assert error.field == "email"
    assert count(Person) == 2


def test_remove_a_person_from_an_item(event, days):
    keynote = services.create_item(event, details(days[0]))
    bakari = people_rules.create_person(PersonDetails(name="Jabiri Bakari"))
    link = services.assign_person(keynote, bakari, PersonRole.SPEAKER)

    services.remove_person(link)

    assert count(ItemPerson) == 0 and count(Person) == 1


# Conflicts in words ---------------------------------------------------------------------


@pytest.mark.database
def test_conflicts_for_a_day_in_words(event, days, hall, side):
    group1, group2 = event.groups
    bakari = people_rules.create_person(PersonDetails(name="Jabiri Bakari", honorific="Dr."))
    keynote = services.create_item(event, details(days[0], "09:15", "10:00", room_id=hall.id, group_ids=[group1.id]))
    exhibition = services.create_item(event, details(days[0], "09:30", "10:30", room_id=hall.id,
                                                     title_en="Exhibition", kind=ItemKind.OTHER))
    interview = services.create_item(event, details(days[0], "09:45", "10:15", room_id=side.id,
                                                    title_en="Press interview", group_ids=[group2.id]))
    session = services.create_item(event, details(days[0], "10:30", "11:00", kind=ItemKind.SESSION,
                                                  title_en="Session I"))
    late_talk = services.create_item(event, details(days[0], "10:45", "11:15", parent_id=session.id,
                                                    title_en="Ministry of Finance"))
    services.assign_person(keynote, bakari, PersonRole.SPEAKER)
    services.assign_person(interview, bakari, PersonRole.SPEAKER)

    with force_locale("en"):
        notices = conflict_report.conflicts_for_day(days[0])

    by_kind = {n.kind: n for n in notices}
    assert set(by_kind) == {ConflictKind.ROOM_OVERLAP, ConflictKind.PERSON_OVERLAP,
                            ConflictKind.GROUP_NOT_ATTENDING, ConflictKind.OUTSIDE_PARENT}
    assert by_kind[ConflictKind.ROOM_OVERLAP].message == (
        "Main hall is booked twice: “Keynote Address” (09:15–10:00) and “Exhibition” (09:30–10:30).")
    assert by_kind[ConflictKind.ROOM_OVERLAP].item_ids == (keynote.id, exhibition.id)
    assert by_kind[ConflictKind.PERSON_OVERLAP].message == (
        "Dr. Jabiri Bakari is in two places at once: “Keynote Address” (09:15–10:00) and "
        "“Press interview” (09:45–10:15).")
    assert by_kind[ConflictKind.GROUP_NOT_ATTENDING].message == (
        "“Press interview” (09:45–10:15) is for Group 2, who do not attend on this day.")
    assert by_kind[ConflictKind.OUTSIDE_PARENT].message == (
        "“Ministry of Finance” (10:45–11:15) is not inside the times of its session “Session I” (10:30–11:00).")
    assert by_kind[ConflictKind.OUTSIDE_PARENT].item_ids == (late_talk.id, session.id)
    assert {n.day_id for n in notices} == {days[0].id}


def test_conflict_messages_use_the_titles_in_the_chosen_language(event, days, hall):
    services.create_item(event, details(days[0], "09:00", "10:00", room_id=hall.id))
    services.create_item(event, details(days[0], "09:30", "10:30", room_id=hall.id,
                                        title_en="Exhibition", title_sw="Maonesho"))

    with force_locale("sw"):
        [notice] = conflict_report.conflicts_for_day(days[0])

    assert "“Hotuba Kuu”" in notice.message and "“Maonesho”" in notice.message


def test_an_item_left_outside_the_day_is_reported(event, days):
    item = services.create_item(event, details(days[0], "17:00", "18:00"))
    db.session.execute(sa.update(EventDay).where(EventDay.id == days[0].id).values(closes_at=t("17:30")))
    db.session.commit()

    with force_locale("en"):
        [notice] = conflict_report.conflicts_for_day(days[0])

    assert notice.kind is ConflictKind.OUTSIDE_DAY and notice.item_ids == (item.id,)
    assert notice.message == "“Keynote Address” (17:00–18:00) is outside the day's hours (07:00–17:30)."


def test_conflicts_for_the_event_cover_every_day(event, days, hall):
    for day in days[:2]:
        services.create_item(event, details(day, "09:00", "10:00", room_id=hall.id))
        services.create_item(event, details(day, "09:30", "10:30", room_id=hall.id))
    services.create_item(event, details(days[2], "09:00", "10:00", room_id=hall.id))

    notices = conflict_report.conflicts_for_event(event)

    assert sorted(n.day_id for n in notices) == [days[0].id, days[1].id]
    assert services.item_counts(event) == {days[0].id: 2, days[1].id: 2, days[2].id: 1}


# A day's opening hours (events/services.py) ------------------------------------------------


def test_a_day_has_opening_hours(app_ctx):
    event = factories.event(starts_on=date(2020, 2, 10), ends_on=date(2020, 2, 13))

    default = event_services.add_day(event, date(2020, 2, 10))
    early = event_services.add_day(event, date(2020, 2, 11), opens_at=t("06:30"), closes_at=t("20:00"))
    error = refused(event_services.add_day, event, date(2020, 2, 12), opens_at=t("18:00"), closes_at=t("08:00"))

    assert (default.opens_at, default.closes_at) == (t("07:00"), t("18:00"))
    assert (early.opens_at, early.closes_at) == (t("06:30"), t("20:00"))
    assert error.field == "closes_at"


@pytest.mark.database
def test_new_opening_hours_must_still_hold_the_days_programme(event, days):
    services.create_item(event, details(days[0], "07:30", "08:00"))
    services.create_item(event, details(days[0], "17:00", "17:45"))
    services.create_item(event, details(days[0], "17:50", None))

    late_opening = refused(event_services.update_day, days[0], days[0].date, opens_at=t("08:00"))
    early_closing = refused(event_services.update_day, days[0], days[0].date, closes_at=t("17:45"))
    event_services.update_day(days[0], days[0].date, "Siku ya Kwanza", "Day One", t("07:30"), t("17:50"))
    event_services.update_day(days[0], days[0].date, "Siku ya Kwanza", "Day One")  # None keeps the hours

    assert late_opening.field == "opens_at" and "starts at 07:30" in late_opening.message
    assert early_closing.field == "closes_at" and "runs until 17:50" in early_closing.message
    db.session.expire_all()
    assert (days[0].opens_at, days[0].closes_at, days[0].label_en) == (t("07:30"), t("17:50"), "Day One")
