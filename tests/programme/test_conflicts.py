"""The pure conflict finder (conflicts.py): hand-built slots, no app and no database."""
from datetime import date, time

from eventapp.programme.conflicts import (
    Conflict,
    ConflictKind,
    DayWindow,
    Slot,
    Timetable,
    find_conflicts,
    overlaps,
)

DAY = date(2019, 1, 30)
NEXT_DAY = date(2019, 1, 31)
HALL, SIDE_ROOM = 1, 2
BAKARI, KIWANGO = 10, 11


def t(text: str) -> time:
    return time.fromisoformat(text)


def slot(id_, start, end, day=DAY, **kwargs) -> Slot:
    return Slot(id=id_, day=day, starts_at=t(start), ends_at=t(end) if end else None, **kwargs)


def kinds(conflicts: list[Conflict]) -> list[ConflictKind]:
    return [c.kind for c in conflicts]


def test_touching_ends_do_not_overlap():
    registration = slot(1, "07:00", "08:00", room_id=HALL, person_ids=frozenset({BAKARI}))
    opening = slot(2, "08:00", "08:15", room_id=HALL, person_ids=frozenset({BAKARI}))

    assert not overlaps(registration, opening)
    assert find_conflicts(Timetable([registration, opening])) == []


def test_two_items_in_one_room_at_once():
    keynote = slot(1, "09:15", "10:00", room_id=HALL)
    exhibition = slot(2, "09:45", "10:30", room_id=HALL)
    elsewhere = slot(3, "09:30", "10:00", room_id=SIDE_ROOM)
    no_room = slot(4, "09:30", "10:00")

    conflicts = find_conflicts(Timetable([keynote, exhibition, elsewhere, no_room]))

    assert conflicts == [Conflict(ConflictKind.ROOM_OVERLAP, (1, 2), room_id=HALL)]


def test_the_same_times_on_different_days_do_not_overlap():
    first = slot(1, "09:00", "10:00", room_id=HALL)
    second = slot(2, "09:00", "10:00", day=NEXT_DAY, room_id=HALL)

    assert find_conflicts(Timetable([first, second])) == []


def test_a_person_in_two_places_at_once():
    keynote = slot(1, "09:15", "10:00", room_id=HALL, person_ids=frozenset({BAKARI, KIWANGO}))
    panel = slot(2, "09:30", "10:30", room_id=SIDE_ROOM, person_ids=frozenset({KIWANGO}))

    conflicts = find_conflicts(Timetable([keynote, panel]))

    assert conflicts == [Conflict(ConflictKind.PERSON_OVERLAP, (1, 2), person_id=KIWANGO)]


def test_one_conflict_per_shared_person_and_one_for_the_room():
    a = slot(1, "10:00", "11:00", room_id=HALL, person_ids=frozenset({BAKARI, KIWANGO}))
    b = slot(2, "10:30", "11:30", room_id=HALL, person_ids=frozenset({BAKARI, KIWANGO}))

    conflicts = find_conflicts(Timetable([a, b]))

    assert kinds(conflicts) == [ConflictKind.ROOM_OVERLAP, ConflictKind.PERSON_OVERLAP, ConflictKind.PERSON_OVERLAP]
    assert [c.person_id for c in conflicts[1:]] == [BAKARI, KIWANGO]


def test_a_session_and_its_presentations_share_room_and_people():
    session = slot(1, "10:30", "13:30", room_id=HALL, person_ids=frozenset({KIWANGO}))
    utumishi = slot(2, "10:30", "10:55", room_id=HALL, parent_id=1, person_ids=frozenset({KIWANGO}))
    tamisemi = slot(3, "10:55", "11:20", room_id=HALL, parent_id=1)

    assert find_conflicts(Timetable([session, utumishi, tamisemi])) == []


def test_two_presentations_of_one_session_at_once_still_conflict():
    session = slot(1, "10:30", "13:30", room_id=HALL)
    first = slot(2, "10:30", "10:55", room_id=HALL, parent_id=1)
    second = slot(3, "10:45", "11:10", room_id=HALL, parent_id=1)

    conflicts = find_conflicts(Timetable([session, first, second]))

    assert conflicts == [Conflict(ConflictKind.ROOM_OVERLAP, (2, 3), room_id=HALL)]


def test_outside_the_day_window():
    window = {DAY: DayWindow(t("07:00"), t("17:30"))}
    too_early = slot(1, "06:30", "07:30")
    too_late = slot(2, "17:00", "18:00")
    first_thing = slot(3, "07:00", "08:00")
    last_thing = slot(4, "17:20", "17:30")
    at_closing = slot(5, "17:30", None)

    conflicts = find_conflicts(Timetable([too_early, too_late, first_thing, last_thing, at_closing], windows=window))

    assert conflicts == [Conflict(ConflictKind.OUTSIDE_DAY, (1,)), Conflict(ConflictKind.OUTSIDE_DAY, (2,))]


def test_a_day_without_a_window_is_not_checked():
    timetable = Timetable([slot(1, "05:00", "23:00")], windows={NEXT_DAY: DayWindow(t("07:00"), t("18:00"))})
    assert find_conflicts(timetable) == []


def test_an_item_for_a_group_on_a_day_the_group_does_not_attend():
    group_days = {1: frozenset({DAY, NEXT_DAY}), 2: frozenset({date(2019, 2, 1)})}
    for_group_1 = slot(1, "08:00", "09:00", group_ids=frozenset({1}))
    for_both = slot(2, "09:00", "10:00", group_ids=frozenset({1, 2}))
    for_everyone = slot(3, "10:00", "11:00")
    unknown_group = slot(4, "11:00", "12:00", group_ids=frozenset({99}))

    conflicts = find_conflicts(Timetable([for_group_1, for_both, for_everyone, unknown_group], group_days=group_days))

    assert conflicts == [Conflict(ConflictKind.GROUP_NOT_ATTENDING, (2,))]


def test_a_group_missing_twice_is_reported_once():
    group_days = {1: frozenset({NEXT_DAY}), 2: frozenset({NEXT_DAY})}

    conflicts = find_conflicts(Timetable([slot(1, "08:00", "09:00", group_ids=frozenset({1, 2}))],
                                         group_days=group_days))

    assert kinds(conflicts) == [ConflictKind.GROUP_NOT_ATTENDING]


def test_a_sub_item_outside_its_session():
    session = slot(1, "10:30", "13:30")
    starts_before = slot(2, "10:15", "10:45", parent_id=1)
    ends_after = slot(3, "13:15", "13:45", parent_id=1)
    inside = slot(4, "12:00", "12:25", parent_id=1)
    filling_it = slot(5, "10:30", "13:30", parent_id=1)
    other_day = slot(6, "11:00", "11:30", day=NEXT_DAY, parent_id=1)

    conflicts = find_conflicts(Timetable([session, starts_before, ends_after, inside, filling_it, other_day]))

    outside = [c for c in conflicts if c.kind is ConflictKind.OUTSIDE_PARENT]
    assert outside == [
        Conflict(ConflictKind.OUTSIDE_PARENT, (2, 1)),
        Conflict(ConflictKind.OUTSIDE_PARENT, (3, 1)),
        Conflict(ConflictKind.OUTSIDE_PARENT, (6, 1)),
    ]


def test_moments_without_an_end():
    departure = slot(1, "17:15", None, room_id=HALL)
    same_moment = slot(2, "17:15", None, room_id=HALL)
    break_ = slot(3, "16:45", "17:15", room_id=HALL)  # ends as the departure happens: no overlap
    farewell = slot(4, "17:00", "17:30", room_id=SIDE_ROOM, person_ids=frozenset({BAKARI}))
    speech = slot(5, "17:15", None, room_id=SIDE_ROOM, person_ids=frozenset({BAKARI}))  # inside the farewell

    assert overlaps(departure, same_moment)
    assert not overlaps(departure, break_)
    assert overlaps(speech, farewell) and overlaps(farewell, speech)
    assert not overlaps(departure, slot(6, "17:16", None))

    conflicts = find_conflicts(Timetable([departure, same_moment, break_, farewell, speech]))

    assert conflicts == [
        Conflict(ConflictKind.ROOM_OVERLAP, (4, 5), room_id=SIDE_ROOM),
        Conflict(ConflictKind.PERSON_OVERLAP, (4, 5), person_id=BAKARI),
        Conflict(ConflictKind.ROOM_OVERLAP, (1, 2), room_id=HALL),
    ]


def test_a_moment_as_sub_item_must_fall_inside_its_session():
    session = slot(1, "14:00", "15:00")
    inside = slot(2, "14:30", None, parent_id=1)
    at_end = slot(3, "15:00", None, parent_id=1)
    after = slot(4, "15:05", None, parent_id=1)

    conflicts = find_conflicts(Timetable([session, inside, at_end, after]))

    assert conflicts == [Conflict(ConflictKind.OUTSIDE_PARENT, (4, 1))]


def test_results_come_in_a_stable_order_whatever_the_input_order():
    slots = [slot(3, "09:00", "10:00", room_id=HALL), slot(1, "09:30", "10:30", room_id=HALL),
             slot(2, "09:45", "10:15", room_id=HALL)]

    assert find_conflicts(Timetable(slots)) == find_conflicts(Timetable(list(reversed(slots))))
    assert [c.item_ids for c in find_conflicts(Timetable(slots))] == [(3, 1), (3, 2), (1, 2)]
