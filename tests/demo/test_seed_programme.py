"""`flask seed-demo`, programme part: the complete 2019 programme of annex I, its people,
rooms and the breakout groups of section 4.3."""
from datetime import date, time

import pytest
import sqlalchemy as sa

from eventapp.demo import programme_2019
from eventapp.events.models import Event, EventDay, ParticipantGroup
from eventapp.extensions import db
from eventapp.programme import conflict_report
from eventapp.programme.conflicts import ConflictKind, DayWindow, Slot, Timetable, find_conflicts
from eventapp.programme.models import (
    BreakoutGroup,
    ItemKind,
    ItemPerson,
    Person,
    PersonRole,
    ProgrammeItem,
    Room,
)
from eventapp.registration.models import Institution, InstitutionType
from tests.demo.test_seed import table_contents, table_counts

G1_DAY_1, G1_DAY_2, G2_DAY, G3_DAY = date(2019, 1, 30), date(2019, 1, 31), date(2019, 2, 1), date(2019, 2, 2)
PROGRAMME_TABLES = (
    "rooms", "programme_items", "programme_item_groups", "programme_people", "programme_item_people",
    "breakout_groups", "breakout_members",
)


@pytest.fixture
def seeded(app, runner):
    """A database of the test's own, for the tests that change data; the others read the module's
    shared `demo_app`."""
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result


def items_on(day: date, **where) -> list[ProgrammeItem]:
    return list(db.session.scalars(
        sa.select(ProgrammeItem).join(EventDay).where(EventDay.date == day)
        .filter_by(**where).order_by(ProgrammeItem.starts_at, ProgrammeItem.id)
    ))


def top_level(day: date) -> list[ProgrammeItem]:
    return [i for i in items_on(day) if i.parent_id is None]


def sub_items(day: date) -> list[ProgrammeItem]:
    return [i for i in items_on(day) if i.parent_id is not None]


def demo_timetable() -> Timetable:
    """The demo's rows as the conflict finder sees them."""
    items = db.session.scalars(sa.select(ProgrammeItem)).all()
    days = db.session.scalars(sa.select(EventDay)).all()
    groups = db.session.scalars(sa.select(ParticipantGroup)).all()
    return Timetable(
        slots=[
            Slot(
                id=i.id, day=i.day.date, starts_at=i.starts_at, ends_at=i.ends_at, room_id=i.room_id,
                parent_id=i.parent_id, person_ids=frozenset(p.person_id for p in i.people),
                group_ids=frozenset(g.id for g in i.groups),
            )
            for i in items
        ],
        windows={d.date: DayWindow(d.opens_at, d.closes_at) for d in days},
        group_days={g.id: frozenset(d.date for d in g.days) for g in groups},
    )


def test_the_programme_covers_all_four_days(demo_app):
    with demo_app.app_context():
        days = db.session.scalars(sa.select(EventDay).order_by(EventDay.date)).all()
        assert [d.date for d in days] == [G1_DAY_1, G1_DAY_2, G2_DAY, G3_DAY]
        assert all(items_on(d.date) for d in days)
        # Each day's items are for the group that attends it (Group 1 both its days).
        for day, number in ((G1_DAY_1, 1), (G1_DAY_2, 1), (G2_DAY, 2), (G3_DAY, 3)):
            assert {tuple(g.number for g in i.groups) for i in items_on(day)} == {(number,)}


# Counted by hand from annex I: (top-level items, sub-items).
#  30 Jan: registration, opening remarks, official opening, vote of thanks, keynote, health break,
#          Session I, lunch, NMB, Session II, health break, closing = 12; Session I holds 5 ministries
#          and a discussion, Session II 6 ministries and a discussion = 13.
#  31 Jan: registration, Session III, health break, Session IV, lunch, Session V, vote of thanks,
#          health break, departure = 9; Session III 7 + discussion, Session IV 4 + discussion,
#          Session V presentation and resolutions = 15.
#   1 Feb: registration, opening remarks, open remarks, welcoming remarks, official opening, vote of
#          thanks, implementation status, health break, Session I, lunch, NMB, Session II, vote of
#          thanks, health break, departure = 15; Session I: summary and discussion, Session II:
#          resolutions = 3.
#   2 Feb: registration, opening remarks, vote of thanks, Session I, health break, Session II, lunch,
#          Session III, recognition, vote of thanks, health break and departure = 11; Session I 4
#          presentations + discussion, Session II 4 papers, Session III 1 discussion = 10.
@pytest.mark.parametrize("day, top, subs", [
    (G1_DAY_1, 12, 13),
    (G1_DAY_2, 9, 15),
    (G2_DAY, 15, 3),
    (G3_DAY, 11, 10),
])
def test_items_and_sub_items_per_day(demo_app, day, top, subs):
    with demo_app.app_context():
        assert (len(top_level(day)), len(sub_items(day))) == (top, subs)


def test_ministries_present_inside_their_sessions(demo_app):
    with demo_app.app_context():
        presentations = [
            i for d in (G1_DAY_1, G1_DAY_2) for i in sub_items(d)
            if i.kind is ItemKind.PRESENTATION and "Presentation from Ministries" in i.parent.title_en
        ]
        assert len(presentations) == 5 + 6 + 7 + 4  # Sessions I to IV
        finance = next(i for i in presentations if i.title_en == "Ministry of Finance and Planning")
        assert (finance.starts_at, finance.ends_at) == (time(12, 0), time(12, 25))
        assert finance.parent.title_en.startswith("Session I:")
        assert "TRA" in finance.description_en and "TRA" in finance.description_sw
        assert finance.title_sw == "Wizara ya Fedha na Mipango"
        for item in items_on(G1_DAY_1) + items_on(G1_DAY_2):
            assert item.title_sw and item.title_en
            if item.parent is not None:
                assert item.parent.starts_at <= item.starts_at and item.ends_at <= item.parent.ends_at
        foreign = next(i for i in presentations if i.title_en.startswith("Ministry of Foreign Affairs"))
        assert (foreign.starts_at, foreign.ends_at) == (time(11, 30), time(11, 45))  # untimed in the print


def test_session_spans_follow_the_print(demo_app):
    with demo_app.app_context():
        spans = {
            (i.day.date, i.title_en.split(":")[0]): (i.starts_at, i.ends_at)
            for d in (G1_DAY_1, G1_DAY_2, G2_DAY, G3_DAY) for i in top_level(d) if i.kind is ItemKind.SESSION
        }
        assert spans == {
            (G1_DAY_1, "Session I"): (time(10, 30), time(13, 30)),  # as printed
            (G1_DAY_1, "Session II"): (time(14, 5), time(17, 0)),
            (G1_DAY_2, "Session III"): (time(8, 0), time(10, 30)),
            (G1_DAY_2, "Session IV"): (time(11, 0), time(13, 0)),
            (G1_DAY_2, "Session V"): (time(14, 0), time(16, 0)),
            (G2_DAY, "Session I"): (time(10, 30), time(13, 0)),
            (G2_DAY, "Session II"): (time(14, 5), time(15, 30)),
            (G3_DAY, "Session I"): (time(8, 40), time(11, 0)),
            (G3_DAY, "Session II"): (time(11, 30), time(13, 30)),
            (G3_DAY, "Session III"): (time(14, 30), time(16, 0)),
        }


@pytest.mark.parametrize("day", [G1_DAY_1, G2_DAY])
def test_nmb_sponsor_slot(demo_app, day):
    with demo_app.app_context():
        [slot] = [i for i in items_on(day) if i.kind is ItemKind.SPONSOR_SLOT]
        assert (slot.starts_at, slot.ends_at, slot.sponsor_label, slot.parent_id) == (
            time(14, 0), time(14, 5), "NMB", None,
        )


def test_no_sponsor_slots_on_the_other_days(demo_app):
    with demo_app.app_context():
        assert not [i for d in (G1_DAY_2, G3_DAY) for i in items_on(d) if i.kind is ItemKind.SPONSOR_SLOT]


def test_departures_without_an_end(demo_app):
    with demo_app.app_context():
        departures = [(i.day.date, i.starts_at) for i in
                      db.session.scalars(sa.select(ProgrammeItem).where(ProgrammeItem.ends_at.is_(None)))]
        assert sorted(departures) == [(G1_DAY_2, time(17, 15)), (G2_DAY, time(16, 30))]


def test_dr_jabiri_bakari_is_one_person_with_several_roles(demo_app):
    with demo_app.app_context():
        [bakari] = db.session.scalars(sa.select(Person).where(Person.name == "Jabiri Bakari")).all()
        assert (bakari.honorific, bakari.position, bakari.institution) == ("Dr.", "CEO", "eGA")
        assert bakari.display_name == "Dr. Jabiri Bakari"
        roles = {(r.item.day.date, r.item.starts_at, r.role) for r in bakari.roles}
        assert roles == {
            (G1_DAY_1, time(8, 0), PersonRole.SPEAKER),  # opening remarks
            (G1_DAY_1, time(9, 15), PersonRole.SPEAKER),  # keynote
            (G2_DAY, time(8, 0), PersonRole.SPEAKER),
            (G2_DAY, time(9, 0), PersonRole.PRESENTER),  # implementation status
            (G3_DAY, time(8, 0), PersonRole.SPEAKER),  # "Opening Remarks: CEO – eGA"
            (G3_DAY, time(8, 40), PersonRole.PRESENTER),
            (G3_DAY, time(16, 0), PersonRole.SPEAKER),  # recognition of the best paper
        }


def test_people_are_stored_once_with_their_roles(demo_app):
    with demo_app.app_context():
        people = db.session.scalars(sa.select(Person)).all()
        assert len(people) == len({p.name for p in people}) == len(programme_2019.PEOPLE) == 24
        mongi = db.session.scalar(sa.select(Person).where(Person.name == "Alex Mongi"))
        assert sorted(r.item.title_en.split(":")[0] for r in mongi.roles) == ["Session II", "Session IV"]
        [opening] = [i for i in top_level(G1_DAY_1) if i.kind is ItemKind.OFFICIAL_OPENING]
        assert [(p.person.name, p.role) for p in opening.people] == [("Mick Kiliba", PersonRole.GUEST_OF_HONOUR)]
        [session] = [i for i in top_level(G1_DAY_1) if i.title_en.startswith("Session I:")]
        assert [(p.person.name, p.role) for p in session.people] == [
            ("Benedict Ndomba", PersonRole.CHAIRPERSON),
            ("Florence Rashidi", PersonRole.PANELIST),
            ("Baltazar Kibola", PersonRole.PANELIST),
        ]
        munaku = db.session.scalar(sa.select(Person).where(Person.name == "Mulembwa Munaku"))
        assert {r.role for r in munaku.roles} == {PersonRole.FACILITATOR, PersonRole.PRESENTER}
        used = set(db.session.scalars(sa.select(ItemPerson.role)))
        assert used == set(PersonRole)


def test_research_day_paper_slots(demo_app):
    with demo_app.app_context():
        [session] = [i for i in top_level(G3_DAY) if i.title_en.startswith("Session II:")]
        assert [p.person.name for p in session.people] == ["Amos Nungu"]
        papers = [(c.starts_at, c.ends_at, c.title_en, c.kind) for c in session.children]
        assert papers == [
            (time(11, 30), time(12, 0), "Research and Innovation – Paper 1", ItemKind.PRESENTATION),
            (time(12, 0), time(12, 30), "Research and Innovation – Paper 2", ItemKind.PRESENTATION),
            (time(12, 30), time(13, 0), "Research and Innovation – Paper 3", ItemKind.PRESENTATION),
            (time(13, 0), time(13, 30), "Research and Innovation – Paper 4", ItemKind.PRESENTATION),
        ]
        assert all(c.title_sw.startswith("Utafiti na Ubunifu – Makala ya") for c in session.children)


def test_every_item_is_in_the_hall_and_inside_its_day(demo_app):
    with demo_app.app_context():
        [hall] = db.session.scalars(sa.select(Room).where(Room.name == programme_2019.MAIN_ROOM)).all()
        items = db.session.scalars(sa.select(ProgrammeItem)).all()
        assert {i.room_id for i in items} == {hall.id}
        for i in items:
            assert i.day.opens_at <= i.starts_at and (i.ends_at or i.starts_at) <= i.day.closes_at


def test_the_only_conflict_is_the_one_the_print_has(demo_app):
    with demo_app.app_context():
        conflicts = find_conflicts(demo_timetable())
        # 30 Jan: "10:30 – 13:30 Presentation from Ministries" (Session I) runs into "13:00 Lunch Break".
        [conflict] = conflicts
        assert conflict.kind is ConflictKind.ROOM_OVERLAP
        found = {db.session.get(ProgrammeItem, i).title_en for i in conflict.item_ids}
        assert found == {"Session I: Presentation from Ministries on e-Government Implementation", "Lunch Break"}
        assert {db.session.get(ProgrammeItem, i).day.date for i in conflict.item_ids} == {G1_DAY_1}


def test_the_editors_conflict_list_agrees(demo_app):
    with demo_app.app_context():
        event = db.session.scalar(sa.select(Event))
        notices = conflict_report.conflicts_for_event(event)
        assert [(n.kind, set(n.item_ids)) for n in notices] == [
            (c.kind, set(c.item_ids)) for c in find_conflicts(demo_timetable())
        ]


def test_breakout_groups_of_section_4_3(demo_app):
    with demo_app.app_context():
        breakouts = db.session.scalars(sa.select(BreakoutGroup).order_by(BreakoutGroup.id)).all()
        assert [b.name for b in breakouts] == ["Kikundi cha Kwanza", "Kikundi cha Pili", "Kikundi cha Tatu",
                                               "Kikundi cha Nne"]
        assert [b.room.name for b in breakouts] == programme_2019.BREAKOUT_ROOMS
        sizes = [len(b.members) for b in breakouts]
        assert sizes == [10, 4, 5, 1]
        assigned = [m.institution for b in breakouts for m in b.members]
        assert len({i.id for i in assigned}) == len(assigned)  # one group per institution
        ministries = db.session.scalars(
            sa.select(Institution).where(Institution.type == InstitutionType.MINISTRY)
        ).all()
        unassigned = {m.name for m in ministries} - {i.name for i in assigned}
        assert unassigned == {  # not placed by the report
            "Ofisi ya Rais - Menejimenti ya Utumishi wa Umma na Utawala Bora",
            "Ofisi ya Waziri Mkuu - Uwekezaji",
            "Wizara ya Maliasili na Utalii",
        }
        assert breakouts[3].members[0].institution.acronym == "eGA"


def test_seeding_twice_changes_no_programme_row(app, runner, seeded):
    with app.app_context():
        counts = table_counts()
        contents = table_contents()
    assert counts["programme_items"] == 47 + 41
    assert counts["rooms"] == 5 and counts["breakout_groups"] == 4 and counts["breakout_members"] == 20
    assert counts["programme_people"] == 24

    again = runner.invoke(args=["seed-demo"])

    assert again.exit_code == 0, again.output
    assert "0 records created" in again.output
    with app.app_context():
        assert {t: n for t, n in table_counts().items() if t in PROGRAMME_TABLES} == {
            t: n for t, n in counts.items() if t in PROGRAMME_TABLES
        }
        assert table_contents() == contents


def test_seeding_puts_back_a_removed_item_and_its_people(app, runner, seeded):
    with app.app_context():
        counts = table_counts()
        session = next(i for i in top_level(G1_DAY_2) if i.title_en.startswith("Session IV"))
        db.session.delete(session)
        db.session.commit()
        assert table_counts()["programme_items"] == counts["programme_items"] - 6

    again = runner.invoke(args=["seed-demo"])

    assert again.exit_code == 0, again.output
    with app.app_context():
        assert table_counts() == counts
