"""Arrivals per day (by group, against those expected) and per hour in East Africa Time,
against hand counts, across the UTC midnight (20:59 UTC is 23:59 in Dodoma, 21:00 UTC is
00:00 the next day), on SQLite and PostgreSQL, in a fixed number of queries."""
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from eventapp.checkin.models import Checkin, CheckinSource
from eventapp.core.clock import local_today
from eventapp.dashboard.arrival_figures import arrivals_by_day, arrivals_per_hour
from eventapp.events.models import Event
from eventapp.extensions import db
from tests.checkin import factories as gate
from tests.query_count import counted_queries

pytestmark = pytest.mark.database


def arrive(registration, day, utc_day, utc_time: str) -> None:
    """A check-in for the event day `day`, scanned at `utc_time` (HH:MM, UTC) on `utc_day`."""
    hour, minute = map(int, utc_time.split(":"))
    at = datetime(utc_day.year, utc_day.month, utc_day.day, hour, minute, tzinfo=UTC)
    db.session.add(Checkin(event_id=registration.event_id, registration_id=registration.id, day=day,
                           checked_in_at=at, recorded_at=at, source=CheckinSource.SCANNER))
    db.session.commit()


@pytest.fixture
def meeting(app_ctx, db_backend):
    """Today group 1 (Asha, Baraka, Chausiku) and group 3 (Daudi, Elia) are expected: 5;
    tomorrow group 2 (Fatuma, Gerald) and group 3: 4. Hamisi has not paid and Imani cancelled:
    neither is expected. Seven check-ins, their EAT hours in the comments."""
    event = gate.gate_event()
    today = local_today()
    tomorrow, after = today + timedelta(days=1), today + timedelta(days=2)
    people = {name: gate.confirmed(event, group, first_name=name) for name, group in (
        ("Asha", 1), ("Baraka", 1), ("Chausiku", 1), ("Fatuma", 2), ("Gerald", 2), ("Daudi", 3), ("Elia", 3))}
    gate.unpaid(event, 1, first_name="Hamisi")
    gate.cancelled(event, 2, first_name="Imani")
    arrive(people["Asha"], today, today, "04:30")  # 07:30 today
    arrive(people["Daudi"], today, today, "04:59")  # 07:59 today
    arrive(people["Baraka"], today, today, "20:59")  # 23:59 today
    arrive(people["Fatuma"], tomorrow, today, "21:00")  # 00:00 tomorrow (still today in UTC)
    arrive(people["Daudi"], tomorrow, tomorrow, "06:15")  # 09:15 tomorrow
    arrive(people["Gerald"], tomorrow, tomorrow, "07:00")  # 10:00 tomorrow
    arrive(people["Elia"], after, after, "05:00")  # 08:00 the day after: not a day of the event
    return {"event": event, "days": [d.strftime("%d/%m") for d in (today, tomorrow, after)], "people": people}


def test_arrivals_per_day_by_group_with_those_expected(meeting):
    figure = arrivals_by_day(meeting["event"])

    assert (figure.key, figure.chart) == ("arrivals-by-day", "stacked")
    assert figure.labels == tuple(meeting["days"])
    assert figure.header() == ["Day", "Group 1", "Group 2", "Group 3", "Expected"]
    today, tomorrow, after = meeting["days"]
    assert figure.rows() == [
        [today, 2, 0, 1, 5],  # Asha, Baraka; Daudi. Expected: 3 of group 1 and 2 of group 3
        [tomorrow, 0, 2, 1, 4],  # Fatuma (at midnight), Gerald; Daudi. Expected: 2 + 2
        [after, 0, 0, 1, 0],  # Elia on a day no group attends
    ]
    assert figure.totals() == [2, 2, 3]
    assert [s["colour"] for s in figure.chart_data()["series"]] == ["#1f6f43", "#1d4e89", "#8a1c1c"]
    assert not figure.empty


def test_arrivals_per_day_name_the_groups_in_the_language(meeting):
    with force_locale("sw"):
        figure = arrivals_by_day(meeting["event"])
    assert [s.label for s in figure.series] == ["Kundi la Kwanza", "Kundi la Pili", "Kundi la Tatu"]


def test_arrivals_per_hour_in_east_africa_time_across_midnight(meeting):
    figure = arrivals_per_hour(meeting["event"])

    assert (figure.key, figure.chart) == ("arrivals-by-hour", "line")
    # From 00:00 (Fatuma, 21:00 UTC) to 23:00 (Baraka, 20:59 UTC): every hour between.
    assert figure.labels == tuple(f"{h:02d}:00" for h in range(24))
    assert [s.label for s in figure.series] == meeting["days"]
    today, tomorrow, after = ({hour: n for hour, n in enumerate(s.values) if n} for s in figure.series)
    assert today == {7: 2, 23: 1}  # Asha 07:30, Daudi 07:59; Baraka 23:59
    assert tomorrow == {0: 1, 9: 1, 10: 1}  # Fatuma 00:00, Daudi 09:15, Gerald 10:00
    assert after == {8: 1}  # Elia 08:00
    assert figure.totals() == [3, 3, 1]


def test_hours_span_only_the_hours_with_arrivals(meeting):
    gone = [meeting["people"]["Baraka"].id, meeting["people"]["Fatuma"].id]
    db.session.execute(sa.delete(Checkin).where(Checkin.registration_id.in_(gone)))
    db.session.commit()

    figure = arrivals_per_hour(meeting["event"])

    assert figure.labels == ("07:00", "08:00", "09:00", "10:00")
    # today: Asha, Daudi at 07; tomorrow: Daudi 09, Gerald 10; the day after: Elia 08
    assert [s.values for s in figure.series] == [(2, 0, 0, 0), (0, 0, 1, 1), (0, 1, 0, 0)]


def test_without_check_ins_the_figures_are_empty(app_ctx, db_backend):
    event = gate.gate_event()
    gate.confirmed(event, 1)

    by_day, by_hour = arrivals_by_day(event), arrivals_per_hour(event)

    today, tomorrow = local_today(), local_today() + timedelta(days=1)
    assert by_day.empty and by_day.labels == (today.strftime("%d/%m"), tomorrow.strftime("%d/%m"))
    assert by_day.extra[0].values == (1, 0)  # the one confirmed group 1 registration, expected today
    assert by_hour.empty and by_hour.labels == () and by_hour.series == ()


def queries_for_both(event_id: int) -> int:
    db.session.expire_all()
    event = db.session.get(Event, event_id)
    with counted_queries() as statements:
        arrivals_by_day(event)
        arrivals_per_hour(event)
    return len(statements)


def test_a_fixed_number_of_queries_however_many_check_ins(meeting):
    event_id = meeting["event"].id
    few = queries_for_both(event_id)
    tomorrow = local_today() + timedelta(days=1)
    for name in ("Asha", "Baraka", "Chausiku", "Elia"):
        arrive(meeting["people"][name], tomorrow, tomorrow, "08:00")

    # The event's days and groups, the two grouped counts per day, the one grouped count per hour.
    assert (few, queries_for_both(event_id)) == (5, 5)
