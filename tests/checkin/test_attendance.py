"""Attendance numbers against hand counts: per day, per group (expected and arrived), per hour
in East Africa Time (across the UTC boundary) and per source; the no-shows."""
from datetime import UTC, datetime, timedelta

import pytest

from eventapp.checkin.attendance import NoShowFilter, attendance_by_day, no_shows_page
from eventapp.checkin.models import Checkin, CheckinSource
from eventapp.core.clock import local_today
from eventapp.extensions import db
from tests import factories
from tests.checkin import factories as gate


def arrive(registration, day, utc_time: str, source=CheckinSource.SCANNER, gate_name="Lango Kuu", utc_day=None):
    """A check-in for `day` scanned at `utc_time` (HH:MM, UTC) on `utc_day` (default: `day`)."""
    hour, minute = map(int, utc_time.split(":"))
    on = utc_day or day
    at = datetime(on.year, on.month, on.day, hour, minute, tzinfo=UTC)
    db.session.add(Checkin(event_id=registration.event_id, registration_id=registration.id, day=day, gate=gate_name,
                           checked_in_at=at, recorded_at=at, source=source))
    db.session.commit()


@pytest.fixture
def meeting(app_ctx):
    """Today: group 1 (Asha, Baraka, Chausiku, Gerald) and group 3 (Daudi, Elia) expected;
    tomorrow: group 2 (Fatuma) and group 3. Hand counts in the tests below."""
    event = gate.gate_event()
    today, tomorrow = local_today(), local_today() + timedelta(days=1)
    ministry, university = factories.institution(name="Wizara ya Fedha"), factories.institution(name="Chuo Kikuu")
    people = {
        "asha": gate.confirmed(event, 1, first_name="Asha", institution_obj=ministry),
        "baraka": gate.confirmed(event, 1, first_name="Baraka", institution_obj=ministry),
        "chausiku": gate.confirmed(event, 1, first_name="Chausiku", institution_obj=ministry),
        "gerald": gate.confirmed(event, 1, first_name="Gerald", last_name="Haji", institution_obj=university),
        "daudi": gate.confirmed(event, 3, first_name="Daudi", institution_obj=university),
        "elia": gate.confirmed(event, 3, first_name="Elia", last_name="Kombo", institution_obj=ministry),
        "fatuma": gate.confirmed(event, 2, first_name="Fatuma", institution_obj=university),
    }
    gate.unpaid(event, 1, first_name="Hamisi")  # neither expected nor a no-show
    gate.cancelled(event, 1, first_name="Imani")
    arrive(people["asha"], today, "04:30", CheckinSource.DEVICE)  # 07:30 EAT
    arrive(people["daudi"], today, "04:59", CheckinSource.OFFLINE)  # 07:59 EAT
    arrive(people["baraka"], today, "05:00", CheckinSource.SCANNER)  # 08:00 EAT
    # 21:30 UTC the evening before is 00:30 EAT today
    arrive(people["chausiku"], today, "21:30", CheckinSource.MANUAL, utc_day=today - timedelta(days=1))
    arrive(people["fatuma"], tomorrow, "06:15", CheckinSource.WALK_IN, gate_name="Walk-in desk")  # 09:15 EAT
    arrive(people["daudi"], tomorrow, "07:00", CheckinSource.DEVICE)  # 10:00 EAT
    return {"event": event, "today": today, "tomorrow": tomorrow, "people": people,
            "ministry": ministry, "university": university}


def by_number(day):
    return {line.group.number: (line.expected, line.arrived) for line in day.groups}


def test_arrivals_per_day_and_group_against_those_expected(meeting):
    today, tomorrow = attendance_by_day(meeting["event"])

    assert (today.day, today.total, today.expected) == (meeting["today"], 4, 6)
    assert by_number(today) == {1: (4, 3), 3: (2, 1)}  # group 2 does not come today
    assert (tomorrow.day, tomorrow.total, tomorrow.expected) == (meeting["tomorrow"], 2, 3)
    assert by_number(tomorrow) == {2: (1, 1), 3: (2, 1)}
    assert [line.percent for line in today.groups] == [75, 50]
    assert today.groups[0].group.colour == "#1f6f43"


def test_arrivals_per_hour_are_east_africa_time_across_the_utc_boundary(meeting):
    today, tomorrow = attendance_by_day(meeting["event"])

    assert [(h.label, h.count) for h in today.hours] == [
        ("00:00", 1), ("01:00", 0), ("02:00", 0), ("03:00", 0), ("04:00", 0), ("05:00", 0), ("06:00", 0),
        ("07:00", 2), ("08:00", 1),
    ]
    assert [(h.label, h.count) for h in tomorrow.hours] == [("09:00", 1), ("10:00", 1)]
    assert today.busiest_hour == 2


def test_arrivals_per_source(meeting):
    today, tomorrow = attendance_by_day(meeting["event"])

    assert dict(today.sources) == {CheckinSource.DEVICE: 1, CheckinSource.SCANNER: 1, CheckinSource.OFFLINE: 1,
                                   CheckinSource.MANUAL: 1, CheckinSource.WALK_IN: 0}
    assert dict(tomorrow.sources)[CheckinSource.WALK_IN] == 1 and dict(tomorrow.sources)[CheckinSource.DEVICE] == 1


def test_an_event_with_no_arrivals_has_its_days_with_zero(app_ctx):
    event = gate.gate_event()
    gate.confirmed(event, 3)

    days = attendance_by_day(event)

    assert [(d.total, d.expected, d.hours) for d in days] == [(0, 1, []), (0, 1, [])]
    assert all(n == 0 for _source, n in days[0].sources)


def test_check_ins_of_another_event_are_not_counted(meeting):
    other = gate.gate_event()
    arrive(gate.confirmed(other, 1), meeting["today"], "05:00")

    assert attendance_by_day(meeting["event"])[0].total == 4
    assert attendance_by_day(other)[0].total == 1


def names(page) -> list[str]:
    return [r.first_name for r in page.items]


def test_no_shows_are_the_confirmed_never_checked_in_on_any_day(meeting):
    page = no_shows_page(meeting["event"], NoShowFilter())

    # Daudi came only tomorrow and is not a no-show; Hamisi never paid; Imani cancelled.
    assert page.total == 2 and names(page) == ["Gerald", "Elia"]  # by last name: Haji, Kombo


def test_no_shows_filtered_by_group_institution_and_name(meeting):
    event = meeting["event"]
    group1 = next(g for g in event.groups if g.number == 1)

    assert names(no_shows_page(event, NoShowFilter(group_id=group1.id))) == ["Gerald"]
    assert names(no_shows_page(event, NoShowFilter(institution_id=meeting["ministry"].id))) == ["Elia"]
    assert names(no_shows_page(event, NoShowFilter(text="kombo"))) == ["Elia"]
    assert no_shows_page(event, NoShowFilter(text="asha")).total == 0


def test_no_shows_page_by_page(app_ctx):
    event = gate.gate_event()
    for n in range(5):
        gate.confirmed(event, 1, last_name=f"Mshiriki{'abcde'[n]}")

    first = no_shows_page(event, NoShowFilter(), page=1, per_page=2)
    last = no_shows_page(event, NoShowFilter(), page=9, per_page=2)

    assert (first.total, first.pages, len(first.items), first.has_next) == (5, 3, 2, True)
    assert (last.page, [r.last_name for r in last.items]) == (3, ["Mshirikie"])
