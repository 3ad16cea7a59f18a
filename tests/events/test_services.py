"""Rules for events, days, participant groups, status and committees (services.py)."""
from datetime import date

import pytest
import sqlalchemy as sa

from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError
from eventapp.events import services
from eventapp.events.models import (
    Committee,
    CommitteeMember,
    CommitteeRole,
    Event,
    EventDay,
    EventStatus,
    ParticipantGroup,
)
from eventapp.events.services import EventDetails, GroupDetails
from eventapp.extensions import db
from tests import factories


def details(**changes) -> EventDetails:
    values = dict(
        edition=3,
        title_sw="Kikao Kazi cha Tatu cha Serikali Mtandao",
        title_en="Third e-Government Annual Meeting",
        theme_sw="Serikali Mtandao kwa Uchumi wa Kidijitali",
        theme_en="e-Government for the Digital Economy",
        venue="AICC",
        city="Arusha",
        starts_on=date(2020, 2, 10),
        ends_on=date(2020, 2, 13),
        registration_opens_on=date(2019, 12, 1),
        registration_closes_on=date(2020, 2, 9),
    )
    values.update(changes)
    return EventDetails(**values)


def group_details(day_ids, number=1, **changes) -> GroupDetails:
    values = dict(
        number=number,
        name_sw=f"Kundi {number}",
        name_en=f"Group {number}",
        description_sw="",
        description_en="",
        colour="#1f6f43",
        day_ids=list(day_ids),
    )
    values.update(changes)
    return GroupDetails(**values)


def count(model) -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def refused(call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    return caught.value


# Creating and changing an edition ------------------------------------------------------


def test_create_event_saves_a_draft_with_every_detail(app_ctx):
    event = services.create_event(details(), actor_id=None)

    db.session.expire_all()
    saved = db.session.get(Event, event.id)
    assert saved.edition == 3
    assert saved.theme_sw == "Serikali Mtandao kwa Uchumi wa Kidijitali"
    assert saved.theme_en == "e-Government for the Digital Economy"
    assert (saved.venue, saved.city) == ("AICC", "Arusha")
    assert (saved.starts_on, saved.ends_on) == (date(2020, 2, 10), date(2020, 2, 13))
    assert saved.status is EventStatus.DRAFT
    assert saved.year == 2020
    audit = db.session.scalars(sa.select(AuditEntry)).all()
    assert [(a.action, a.target) for a in audit] == [("event.create", "edition:3")]


def test_event_ending_before_it_starts_is_refused_beside_the_last_day(app_ctx):
    error = refused(services.create_event, details(starts_on=date(2020, 2, 13), ends_on=date(2020, 2, 10)))

    assert error.field == "ends_on"
    assert "end before it starts" in error.message
    assert count(Event) == 0
    assert count(AuditEntry) == 0


def test_one_day_event_is_allowed(app_ctx):
    event = services.create_event(
        details(starts_on=date(2020, 2, 10), ends_on=date(2020, 2, 10), registration_closes_on=date(2020, 2, 10))
    )
    assert event.starts_on == event.ends_on


def test_registration_cannot_close_before_it_opens(app_ctx):
    error = refused(
        services.create_event,
        details(registration_opens_on=date(2020, 1, 20), registration_closes_on=date(2020, 1, 10)),
    )
    assert error.field == "registration_closes_on"
    assert "close before it opens" in error.message
    assert count(Event) == 0


def test_registration_must_close_by_the_last_day(app_ctx):
    error = refused(services.create_event, details(registration_closes_on=date(2020, 2, 14)))
    assert error.field == "registration_closes_on"
    assert "last day" in error.message
    assert count(Event) == 0


def test_registration_may_close_on_the_last_day(app_ctx):
    event = services.create_event(details(registration_closes_on=date(2020, 2, 13)))
    assert event.registration_closes_on == event.ends_on


def test_duplicate_edition_is_refused(app_ctx):
    services.create_event(details(edition=3))

    error = refused(services.create_event, details(edition=3, city="Dodoma"))

    assert error.field == "edition"
    assert "3" in error.message and "already exists" in error.message
    assert count(Event) == 1


def test_edition_must_be_positive(app_ctx):
    error = refused(services.create_event, details(edition=0))
    assert error.field == "edition"
    assert count(Event) == 0


def test_update_event_changes_the_details(app_ctx):
    event = services.create_event(details())
    services.add_day(event, date(2020, 2, 11))

    services.update_event(event, details(venue="Julius Nyerere International Convention Centre", city="Dar es Salaam"))

    db.session.expire_all()
    saved = db.session.get(Event, event.id)
    assert saved.venue == "Julius Nyerere International Convention Centre"
    assert saved.city == "Dar es Salaam"


def test_update_event_may_keep_its_own_edition_but_not_take_another(app_ctx):
    services.create_event(details(edition=2))
    event = services.create_event(details(edition=3))

    services.update_event(event, details(edition=3, city="Mwanza"))
    error = refused(services.update_event, event, details(edition=2))

    assert error.field == "edition"
    db.session.rollback()
    assert db.session.get(Event, event.id).edition == 3


def test_update_event_refuses_dates_that_leave_a_day_outside(app_ctx):
    event = services.create_event(details())
    services.add_day(event, date(2020, 2, 10))
    services.add_day(event, date(2020, 2, 13))

    late_start = refused(
        services.update_event, event, details(starts_on=date(2020, 2, 11), registration_closes_on=date(2020, 2, 11))
    )
    early_end = refused(
        services.update_event, event, details(ends_on=date(2020, 2, 12), registration_closes_on=date(2020, 2, 9))
    )

    assert late_start.field == "starts_on" and "2020-02-10" in late_start.message
    assert early_end.field == "ends_on" and "2020-02-13" in early_end.message
    db.session.rollback()
    saved = db.session.get(Event, event.id)
    assert (saved.starts_on, saved.ends_on) == (date(2020, 2, 10), date(2020, 2, 13))


def test_update_event_may_widen_the_dates(app_ctx):
    event = services.create_event(details())
    services.add_day(event, date(2020, 2, 10))

    services.update_event(event, details(starts_on=date(2020, 2, 9), ends_on=date(2020, 2, 14)))

    db.session.expire_all()
    assert db.session.get(Event, event.id).ends_on == date(2020, 2, 14)


# Days ----------------------------------------------------------------------------------


def test_add_day_inside_the_dates(app_ctx):
    event = services.create_event(details())

    first = services.add_day(event, date(2020, 2, 10), " Siku ya kwanza ", "First day")
    last = services.add_day(event, date(2020, 2, 13))

    db.session.expire_all()
    saved = db.session.get(Event, event.id)
    assert [d.date for d in saved.days] == [date(2020, 2, 10), date(2020, 2, 13)]
    assert (first.label_sw, first.label_en) == ("Siku ya kwanza", "First day")
    assert last.label_en == ""


@pytest.mark.parametrize("outside", [date(2020, 2, 9), date(2020, 2, 14)])
def test_add_day_outside_the_dates_is_refused(app_ctx, outside):
    event = services.create_event(details())

    error = refused(services.add_day, event, outside)

    assert error.field == "date"
    assert "2020-02-10" in error.message and "2020-02-13" in error.message
    assert count(EventDay) == 0


@pytest.mark.database
def test_add_day_twice_is_refused_with_a_clear_message(app_ctx, db_backend):
    event = services.create_event(details())
    services.add_day(event, date(2020, 2, 11))

    error = refused(services.add_day, event, date(2020, 2, 11), "Tena", "Again")

    assert error.field == "date"
    assert error.message == "This event already has that day."
    assert count(EventDay) == 1
    # The same date in another edition is a different day.
    other = services.create_event(details(edition=4))
    services.add_day(other, date(2020, 2, 11))
    assert count(EventDay) == 2


@pytest.mark.database
def test_database_refuses_a_duplicate_day_on_its_own(app_ctx, db_backend):
    event = factories.event(starts_on=date(2020, 2, 10), ends_on=date(2020, 2, 13))
    db.session.add(EventDay(event_id=event.id, date=date(2020, 2, 11)))
    db.session.commit()

    db.session.add(EventDay(event_id=event.id, date=date(2020, 2, 11)))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert count(EventDay) == 1


@pytest.mark.database
def test_day_added_by_a_concurrent_request_still_gives_a_clear_message(app_ctx, db_backend):
    event = services.create_event(details())
    assert event.days == []  # loaded now, so the row below is unseen, as with a concurrent request
    db.session.execute(sa.insert(EventDay).values(event_id=event.id, date=date(2020, 2, 11), label_sw="", label_en=""))

    error = refused(services.add_day, event, date(2020, 2, 11))

    assert (error.field, error.message) == ("date", "This event already has that day.")


def test_update_day_cannot_take_another_days_date(app_ctx):
    event = services.create_event(details())
    services.add_day(event, date(2020, 2, 10))
    second = services.add_day(event, date(2020, 2, 11))

    error = refused(services.update_day, second, date(2020, 2, 10))
    services.update_day(second, date(2020, 2, 12), "", "Moved")

    assert error.field == "date"
    db.session.expire_all()
    assert [d.date for d in db.session.get(Event, event.id).days] == [date(2020, 2, 10), date(2020, 2, 12)]


# Groups --------------------------------------------------------------------------------


@pytest.fixture
def event_with_days(app_ctx):
    event = services.create_event(details())
    for day in (10, 11, 12):
        services.add_day(event, date(2020, 2, day))
    return event


def test_create_group_attends_some_days(event_with_days):
    event = event_with_days
    days = event.days

    group = services.create_group(event, group_details([days[1].id, days[0].id], description_en=" Directors "))

    db.session.expire_all()
    saved = db.session.get(ParticipantGroup, group.id)
    assert saved.event_id == event.id
    assert [d.date for d in saved.days] == [date(2020, 2, 10), date(2020, 2, 11)]
    assert saved.description_en == "Directors"


def test_group_days_must_belong_to_the_event(event_with_days):
    other = services.create_event(details(edition=4))
    foreign = services.add_day(other, date(2020, 2, 10))

    error = refused(services.create_group, event_with_days, group_details([event_with_days.days[0].id, foreign.id]))

    assert error.field == "day_ids"
    assert count(ParticipantGroup) == 0


def test_group_needs_at_least_one_day(event_with_days):
    error = refused(services.create_group, event_with_days, group_details([]))

    assert error.field == "day_ids"
    assert "at least one day" in error.message
    assert count(ParticipantGroup) == 0


def test_duplicate_group_number_is_refused(event_with_days):
    day_id = event_with_days.days[0].id
    services.create_group(event_with_days, group_details([day_id], number=1))

    error = refused(services.create_group, event_with_days, group_details([day_id], number=1, name_en="Again"))

    assert error.field == "number"
    assert "Group 1 already exists" in error.message
    assert count(ParticipantGroup) == 1


def test_update_group_keeps_its_number_but_cannot_take_another(event_with_days):
    days = event_with_days.days
    services.create_group(event_with_days, group_details([days[0].id], number=1))
    second = services.create_group(event_with_days, group_details([days[1].id], number=2))

    services.update_group(second, group_details([days[1].id, days[2].id], number=2, name_en="Group Two"))
    error = refused(services.update_group, second, group_details([days[1].id], number=1))

    assert error.field == "number"
    db.session.rollback()
    saved = db.session.get(ParticipantGroup, second.id)
    assert (saved.number, saved.name_en) == (2, "Group Two")
    assert [d.date for d in saved.days] == [date(2020, 2, 11), date(2020, 2, 12)]


def test_deleting_a_day_removes_it_from_its_groups(event_with_days):
    days = event_with_days.days
    group = services.create_group(event_with_days, group_details([days[0].id, days[1].id]))

    services.delete_day(days[0])

    db.session.expire_all()
    assert [d.date for d in db.session.get(ParticipantGroup, group.id).days] == [date(2020, 2, 11)]


# Status --------------------------------------------------------------------------------


def test_status_goes_draft_open_closed_archived(event_with_days):
    event = event_with_days
    error = refused(services.change_status, event, EventStatus.OPEN)
    assert "participant group" in error.message
    assert event.status is EventStatus.DRAFT

    services.create_group(event, group_details([event.days[0].id]))
    for status in (EventStatus.OPEN, EventStatus.CLOSED, EventStatus.ARCHIVED):
        services.change_status(event, status, actor_id=None)
        db.session.expire_all()
        assert db.session.get(Event, event.id).status is status

    trail = db.session.scalars(
        sa.select(AuditEntry.details).where(AuditEntry.action == "event.status").order_by(AuditEntry.id)
    ).all()
    assert trail == ["draft -> open", "open -> closed", "closed -> archived"]


@pytest.mark.parametrize(
    ("start", "jump"),
    [
        (EventStatus.DRAFT, EventStatus.ARCHIVED),
        (EventStatus.DRAFT, EventStatus.CLOSED),
        (EventStatus.OPEN, EventStatus.ARCHIVED),
        (EventStatus.ARCHIVED, EventStatus.OPEN),
        (EventStatus.ARCHIVED, EventStatus.DRAFT),
    ],
)
def test_status_jumps_are_refused(app_ctx, start, jump):
    event = factories.event(status=start, with_days=True)

    error = refused(services.change_status, event, jump)

    assert "cannot become" in error.message
    db.session.expire_all()
    assert db.session.get(Event, event.id).status is start
    assert count(AuditEntry) == 0


def test_open_event_may_step_back_to_draft(app_ctx):
    event = factories.event(status=EventStatus.OPEN, with_days=True)
    services.change_status(event, EventStatus.DRAFT)
    assert event.status is EventStatus.DRAFT


def test_current_event_is_the_latest_published_one(app_ctx):
    assert services.current_event() is None
    factories.event(edition=1, starts_on=date(2015, 3, 2), ends_on=date(2015, 3, 4), status=EventStatus.ARCHIVED)
    factories.event(edition=2, starts_on=date(2019, 1, 30), ends_on=date(2019, 2, 2), status=EventStatus.CLOSED)
    factories.event(edition=3, starts_on=date(2020, 2, 10), ends_on=date(2020, 2, 13), status=EventStatus.DRAFT)

    assert services.current_event().edition == 2
    assert services.public_event(1).edition == 1
    assert services.public_event(3) is None
    assert services.public_event(9) is None


# Committees ----------------------------------------------------------------------------


def test_committee_names_are_unique_within_an_event(app_ctx):
    event = factories.event()
    other = factories.event()
    services.save_committee(event, "Kamati ya Fedha na Ununuzi", "Finance and Procurement Committee")

    error = refused(services.save_committee, event, "Kamati nyingine", " finance and procurement committee ")
    services.save_committee(other, "Kamati ya Fedha na Ununuzi", "Finance and Procurement Committee")

    assert error.field == "name_en"
    assert "already exists" in error.message
    assert count(Committee) == 2


def test_committee_with_the_same_swahili_name_is_refused(app_ctx):
    event = factories.event()
    services.save_committee(event, "Kamati ya Fedha na Ununuzi", "Finance and Procurement Committee")

    error = refused(services.save_committee, event, "kamati ya fedha na ununuzi", "Finance Committee")

    assert error.field == "name_sw"
    assert count(Committee) == 1


def test_renaming_a_committee_keeps_it_and_refuses_a_taken_name(app_ctx):
    event = factories.event()
    finance = services.save_committee(event, "Kamati ya Fedha", "Finance Committee")
    services.save_committee(event, "Kamati ya Itifaki", "Protocol Committee")

    services.save_committee(event, "Kamati ya Fedha na Ununuzi", "Finance Committee", "Bajeti", "Budget",
                            committee=finance)
    error = refused(services.save_committee, event, "Kamati ya Fedha", "Protocol Committee", committee=finance)

    assert error.field == "name_en"
    db.session.rollback()
    saved = db.session.get(Committee, finance.id)
    assert (saved.name_sw, saved.name_en, saved.remit_en) == (
        "Kamati ya Fedha na Ununuzi", "Finance Committee", "Budget",
    )


def test_a_committee_has_only_one_chair(app_ctx):
    committee = services.save_committee(factories.event(), "Kamati ya Itifaki", "Protocol Committee")
    services.add_member(committee, "Bi. Asha Juma", CommitteeRole.CHAIR, email=" Asha@Example.org ")
    services.add_member(committee, "Bw. John Mushi", CommitteeRole.SECRETARY)
    services.add_member(committee, "Bi. Neema Kato")

    error = refused(services.add_member, committee, "Bw. Peter Mollel", CommitteeRole.CHAIR)

    assert error.field == "role"
    assert "chairperson" in error.message
    db.session.expire_all()
    members = db.session.get(Committee, committee.id).members
    assert [(m.name, m.role) for m in members] == [
        ("Bi. Asha Juma", CommitteeRole.CHAIR),
        ("Bw. John Mushi", CommitteeRole.SECRETARY),
        ("Bi. Neema Kato", CommitteeRole.MEMBER),
    ]
    assert members[0].email == "asha@example.org"
    assert members[2].email is None


def test_removing_the_chair_makes_room_for_a_new_one(app_ctx):
    committee = services.save_committee(factories.event(), "Kamati ya Itifaki", "Protocol Committee")
    chair = services.add_member(committee, "Bi. Asha Juma", CommitteeRole.CHAIR)

    services.remove_member(chair)
    services.add_member(committee, "Bw. Peter Mollel", CommitteeRole.CHAIR)

    assert count(CommitteeMember) == 1


def test_deleting_a_committee_deletes_its_members(app_ctx):
    committee = services.save_committee(factories.event(), "Kamati ya Itifaki", "Protocol Committee")
    services.add_member(committee, "Bi. Asha Juma")

    services.delete_committee(committee)

    assert count(Committee) == 0
    assert count(CommitteeMember) == 0



def test_the_only_day_of_a_group_cannot_be_deleted(app):
    from eventapp.core.errors import DomainError
    from eventapp.events import services
    from eventapp.events.models import EventDay
    from tests import factories

    with app.app_context():
        event = factories.event(with_days=True)  # group 1 attends only the first day
        first, second = event.days[0], event.days[1]
        with pytest.raises(DomainError):
            services.delete_day(first)
        services.delete_day(second)  # no group depends on it alone
        remaining = {d.date for d in factories.db.session.scalars(factories.db.select(EventDay))}
        assert remaining == {first.date} | {d.date for d in event.days}
        assert second.date not in remaining
