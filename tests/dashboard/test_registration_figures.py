"""Registrations over time by group and by category and status, against hand-counted data."""
import itertools
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa

from eventapp.dashboard.registration_figures import registrations_by_category, registrations_by_group
from eventapp.events.models import Event, ParticipantGroup
from eventapp.extensions import db
from eventapp.registration.models import Gender, ParticipantCategory, Registration, RegistrationStatus
from tests import factories
from tests.query_count import queries

EN, SW = {"Accept-Language": "en"}, {"Accept-Language": "sw"}
S = RegistrationStatus
_numbers = itertools.count(1)


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2019, 1, day, hour, minute, tzinfo=timezone.utc)


def add_registration(event, category, institution, status, created_at) -> Registration:
    n = next(_numbers)
    registration = Registration(
        event_id=event.id, category_id=category.id, institution_id=institution.id, reference=f"TREG{n:06d}",
        first_name="Juma", last_name=f"Mshiriki{n}", gender=Gender.MALE, position="Afisa TEHAMA",
        email=f"r{n}@example.org", phone="255754123456", consent_at=created_at, status=status,
        fee_amount=category.fee_amount, created_at=created_at,
    )
    db.session.add(registration)
    return registration


def add_group(event, number, name_en, name_sw, colour) -> ParticipantGroup:
    group = ParticipantGroup(event_id=event.id, number=number, name_en=name_en, name_sw=name_sw, colour=colour)
    db.session.add(group)
    db.session.flush()
    return group


def add_category(event, group, code, name_en, name_sw) -> ParticipantCategory:
    category = ParticipantCategory(event_id=event.id, group_id=group.id, code=code, name_en=name_en,
                                   name_sw=name_sw, fee_amount=400_000)
    db.session.add(category)
    db.session.flush()
    return category


def meeting() -> Event:
    """Three groups, four categories (C1 of group 3 has no one), twelve registrations made
    between 9 and 13 January 2019 UTC; the comments give each one's day in East Africa Time."""
    event = factories.event(edition=2, starts_on=date(2019, 1, 30), ends_on=date(2019, 2, 2))
    # Created out of number order on purpose: the figures order by number and code.
    g2 = add_group(event, 2, "Group 2", "Kundi la Pili", "#1d4e89")
    g1 = add_group(event, 1, "Group 1", "Kundi la Kwanza", "#1f6f43")
    g3 = add_group(event, 3, "Group 3", "Kundi la Tatu", "#8a1c1c")
    b1 = add_category(event, g2, "B1", "Permanent secretaries", "Makatibu Wakuu")
    a2 = add_category(event, g1, "A2", "ICT directors", "Wakurugenzi wa TEHAMA")
    a1 = add_category(event, g1, "A1", "ICT officers", "Maafisa TEHAMA")
    add_category(event, g3, "C1", "Lecturers", "Wahadhiri")
    place = factories.institution("Wizara ya Fedha")
    for category, status, created_at in [
        (a1, S.CONFIRMED, utc(10, 8)),  # 10 Jan 11:00 EAT
        (a1, S.PENDING_PAYMENT, utc(10, 20, 59)),  # 10 Jan 23:59 EAT
        (a1, S.CANCELLED, utc(10, 21)),  # 11 Jan 00:00 EAT
        (a2, S.CONFIRMED, utc(10, 22, 30)),  # 11 Jan 01:30 EAT: 22:30 UTC is the next day
        (a2, S.PENDING_APPROVAL, utc(11, 10)),  # 11 Jan
        (b1, S.CONFIRMED, utc(9, 22, 30)),  # 10 Jan 01:30 EAT: the first day is the 10th, not the 9th
        (b1, S.REJECTED, utc(11, 12)),  # 11 Jan
        (b1, S.WAITLISTED, utc(13, 9)),  # 13 Jan (nobody on the 12th)
        (a1, S.CONFIRMED, utc(13, 20, 30)),  # 13 Jan 23:30 EAT
        (a1, S.CANCELLED, utc(13, 21, 30)),  # 14 Jan 00:30 EAT: the last day, though cancelled
        (b1, S.PENDING_PAYMENT, utc(11, 5)),  # 11 Jan
        (a2, S.WAITLISTED, utc(13, 3)),  # 13 Jan
    ]:
        add_registration(event, category, place, status, created_at)
    db.session.commit()
    return event


def test_registrations_by_group_counts_live_registrations_cumulatively_per_eat_day(app):
    with app.test_request_context(headers=EN):
        figure = registrations_by_group(meeting())

    assert figure.key == "registrations-by-group" and figure.chart == "line" and figure.unit == ""
    assert figure.title == "Registrations over time by group"
    # Every day from the first (10 Jan EAT) to the last (14 Jan EAT), the 12th too.
    assert figure.labels == ("2019-01-10", "2019-01-11", "2019-01-12", "2019-01-13", "2019-01-14")
    assert [(s.label, s.colour) for s in figure.series] == [
        ("Group 1", "#1f6f43"), ("Group 2", "#1d4e89"), ("Group 3", "#8a1c1c")]
    # Live (not cancelled or rejected) made per EAT day — group 1: 10th 2, 11th 2, 13th 2
    # (its cancellations on the 11th and 14th are not counted); group 2: 10th 1, 11th 1
    # (the rejection left out), 13th 1; group 3: none.
    assert figure.series[0].values == (2, 4, 4, 6, 6)
    assert figure.series[1].values == (1, 2, 2, 3, 3)
    assert figure.series[2].values == (0, 0, 0, 0, 0)
    # Every registration made that day, cancelled and rejected ones included: 3, 5, 0, 3, 1 (12 in all).
    assert [(s.label, s.values) for s in figure.extra] == [("Registered that day (all groups)", (3, 5, 0, 3, 1))]
    assert figure.header() == ["Date", "Group 1", "Group 2", "Group 3", "Registered that day (all groups)"]
    assert figure.rows()[0] == ["2019-01-10", 2, 1, 0, 3]
    assert "East Africa Time" in figure.note and "cancelled or rejected" in figure.note
    assert not figure.empty


@pytest.mark.database
def test_registration_days_are_east_africa_days_on_each_database(app, db_backend):
    with app.test_request_context(headers=EN):
        figure = registrations_by_group(meeting())

    # The same hand count as above, on SQLite and on PostgreSQL.
    assert figure.labels == ("2019-01-10", "2019-01-11", "2019-01-12", "2019-01-13", "2019-01-14")
    assert [s.values for s in figure.series] == [(2, 4, 4, 6, 6), (1, 2, 2, 3, 3), (0, 0, 0, 0, 0)]
    assert figure.extra[0].values == (3, 5, 0, 3, 1)


def test_group_names_follow_the_language(app):
    with app.test_request_context(headers=SW):
        figure = registrations_by_group(meeting())

    assert [s.label for s in figure.series] == ["Kundi la Kwanza", "Kundi la Pili", "Kundi la Tatu"]


def test_registrations_by_category_stacks_the_statuses(app):
    with app.test_request_context(headers=EN):
        figure = registrations_by_category(meeting())

    assert figure.key == "registrations-by-category" and figure.chart == "stacked"
    assert figure.title == "Registrations by category and status"
    # By group number, then code; C1 has nobody but is listed.
    assert figure.labels == ("A1 — ICT officers", "A2 — ICT directors", "B1 — Permanent secretaries",
                             "C1 — Lecturers")
    # A1: 2 confirmed, 1 pending payment, 2 cancelled. A2: 1 confirmed, 1 pending approval,
    # 1 waiting. B1: 1 confirmed, 1 pending payment, 1 waiting, 1 rejected.
    assert [(s.label, s.values) for s in figure.series] == [
        ("Confirmed", (2, 1, 1, 0)),
        ("Pending approval", (0, 1, 0, 0)),
        ("Pending payment", (1, 0, 1, 0)),
        ("Waiting list", (0, 1, 1, 0)),
        ("Cancelled or rejected", (2, 0, 1, 0)),
    ]
    assert figure.totals() == [4, 1, 2, 2, 3]  # 12 registrations
    assert len({s.colour for s in figure.series}) == 5


def test_category_names_follow_the_language(app):
    with app.test_request_context(headers=SW):
        figure = registrations_by_category(meeting())

    assert figure.labels == ("A1 — Maafisa TEHAMA", "A2 — Wakurugenzi wa TEHAMA", "B1 — Makatibu Wakuu",
                             "C1 — Wahadhiri")


def test_an_event_without_registrations_gives_empty_figures(app):
    with app.test_request_context(headers=EN):
        event = factories.event()  # one group would not matter: there is nobody
        by_group, by_category = registrations_by_group(event), registrations_by_category(event)
        with_groups = factories.event(with_days=True)
        lonely = registrations_by_group(with_groups)

    assert by_group.labels == () and by_group.series == () and by_group.empty
    assert by_category.labels == () and by_category.empty
    assert lonely.labels == () and [s.values for s in lonely.series] == [()] and lonely.empty


def test_registrations_elsewhere_are_not_counted(app):
    with app.test_request_context(headers=EN):
        event = meeting()
        other = factories.event(with_days=True)
        category = factories.category(other, code="X1")
        add_registration(other, category, factories.institution(), S.CONFIRMED, utc(12, 9))
        db.session.commit()
        figure = registrations_by_group(event)

    assert "2019-01-12" in figure.labels and figure.extra[0].values == (3, 5, 0, 3, 1)


def test_each_figure_runs_the_same_few_queries_however_many_registrations(app):
    with app.test_request_context(headers=EN):
        event = meeting()
        event_id = event.id  # loaded now, not inside the count
        before = (queries(registrations_by_group, event), queries(registrations_by_category, event))
    with app.app_context():
        event = db.session.get(Event, event_id)
        category = db.session.scalar(sa.select(ParticipantCategory).where(ParticipantCategory.code == "A1",
                                                                          ParticipantCategory.event_id == event_id))
        place = factories.institution()
        for day in range(14, 31):
            for hour in (3, 9, 15, 22):
                add_registration(event, category, place, S.CONFIRMED, utc(day, hour))
        db.session.commit()
    with app.test_request_context(headers=EN):
        event = db.session.get(Event, event_id)
        after = (queries(registrations_by_group, event), queries(registrations_by_category, event))

    # The groups, then one grouped count by day and group; the categories, then one grouped
    # count by category and status (asked once per request: participants.registration_counts).
    assert before == after == (2, 2)
