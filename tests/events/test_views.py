"""Organisers' event pages, the public home page and the language choice."""
import html
import re
from datetime import date

import pytest
import sqlalchemy as sa

from eventapp.core.roles import Role
from eventapp.events.models import (
    Committee,
    CommitteeMember,
    CommitteeRole,
    Event,
    EventDay,
    EventStatus,
    ParticipantGroup,
)
from eventapp.extensions import db
from tests import factories

EVENT_FORM = {
    "edition": "3",
    "title_sw": "Kikao Kazi cha Tatu cha Serikali Mtandao",
    "title_en": "Third e-Government Annual Meeting",
    "theme_sw": "Serikali Mtandao kwa Uchumi wa Kidijitali",
    "theme_en": "e-Government & the Digital Economy",
    "venue": "AICC",
    "city": "Arusha",
    "starts_on": "2020-02-10",
    "ends_on": "2020-02-13",
    "registration_opens_on": "2019-12-01",
    "registration_closes_on": "2020-02-09",
}


def page(response) -> str:
    return response.get_data(as_text=True)


def input_value(body: str, name: str) -> str | None:
    """The value attribute of the input named `name`, unescaped (None when it has none)."""
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', body)
    assert tag, f"no input named {name}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else None


def errors_beside(body: str, field: str) -> str:
    """The error list rendered for `field` (empty when the field has no error)."""
    found = re.search(rf'<ul class="errors" id="{field}-error">(.*?)</ul>', body, re.S)
    return html.unescape(found.group(1)) if found else ""


def rows(app, model) -> list:
    with app.app_context():
        return list(db.session.scalars(sa.select(model)))


def get_event(app, event_id) -> Event:
    with app.app_context():
        return factories.detach(db.session.get(Event, event_id))


@pytest.fixture
def organiser(login):
    return login(Role.ORGANISER)


# Creating and editing an edition -------------------------------------------------------


def test_organiser_creates_an_event_through_the_form(app, client, organiser):
    assert client.get("/manage/events/new").status_code == 200

    response = client.post("/manage/events/new", data=EVENT_FORM)

    assert response.status_code == 302
    [event] = rows(app, Event)
    assert response.headers["Location"] == f"/manage/events/{event.id}"
    assert (event.edition, event.city, event.status) == (3, "Arusha", EventStatus.DRAFT)
    assert event.theme_en == "e-Government & the Digital Economy"
    shown = page(client.get(response.headers["Location"]))
    assert "Edition 3 created." in shown
    assert "Third e-Government Annual Meeting" in shown  # the tests' language is English


def test_end_before_start_redisplays_the_form_with_everything_typed(app, client, organiser):
    typed = dict(EVENT_FORM, starts_on="2020-02-13", ends_on="2020-02-10", registration_closes_on="2020-02-09")

    response = client.post("/manage/events/new", data=typed)

    assert response.status_code == 200
    body = page(response)
    assert "The event cannot end before it starts." in errors_beside(body, "ends_on")
    assert errors_beside(body, "starts_on") == ""
    assert 'aria-invalid="true"' in re.search(r'<input[^>]*name="ends_on"[^>]*>', body).group(0)
    for name, value in typed.items():
        assert input_value(body, name) == value, name
    assert rows(app, Event) == []


def test_form_with_a_missing_field_keeps_the_rest(app, client, organiser):
    typed = dict(EVENT_FORM, venue="")

    response = client.post("/manage/events/new", data=typed)

    assert response.status_code == 200
    body = page(response)
    assert errors_beside(body, "venue") != ""
    assert input_value(body, "theme_en") == EVENT_FORM["theme_en"]
    assert rows(app, Event) == []


def test_duplicate_edition_through_the_form(app, client, organiser, create_event):
    create_event(edition=3)

    response = client.post("/manage/events/new", data=EVENT_FORM)

    assert response.status_code == 200
    assert "Edition 3 already exists." in errors_beside(page(response), "edition")
    assert len(rows(app, Event)) == 1


def test_edit_event(app, client, organiser, create_event):
    event = create_event(edition=3, starts_on=date(2020, 2, 10), ends_on=date(2020, 2, 13))
    form = page(client.get(f"/manage/events/{event.id}/edit"))
    assert input_value(form, "venue") == "AICC"
    assert input_value(form, "starts_on") == "2020-02-10"

    response = client.post(f"/manage/events/{event.id}/edit", data=dict(EVENT_FORM, venue="UDOM", city="Dodoma"))

    assert response.status_code == 302
    saved = get_event(app, event.id)
    assert (saved.venue, saved.city) == ("UDOM", "Dodoma")


def test_edit_event_refuses_dates_leaving_a_day_outside(app, client, organiser, create_event):
    event = create_event(edition=3, starts_on=date(2020, 2, 10), ends_on=date(2020, 2, 13), with_days=True)
    typed = dict(EVENT_FORM, ends_on="2020-02-12", registration_closes_on="2020-02-09")

    response = client.post(f"/manage/events/{event.id}/edit", data=typed)

    assert response.status_code == 200
    body = page(response)
    assert "2020-02-13" in errors_beside(body, "ends_on")
    assert input_value(body, "ends_on") == "2020-02-12"
    assert get_event(app, event.id).ends_on == date(2020, 2, 13)


def test_unknown_event_is_404(client, organiser):
    assert client.get("/manage/events/999").status_code == 404


# Days, groups and status ---------------------------------------------------------------


def test_add_day_and_refuse_the_same_day_again(app, client, organiser, create_event):
    event = create_event(starts_on=date(2020, 2, 10), ends_on=date(2020, 2, 13))

    added = client.post(f"/manage/events/{event.id}/days/new", data={"date": "2020-02-11", "label_en": "Day 2"})
    again = client.post(f"/manage/events/{event.id}/days/new", data={"date": "2020-02-11", "label_en": "Typed again"})
    outside = client.post(f"/manage/events/{event.id}/days/new", data={"date": "2020-03-01"})

    assert added.status_code == 302
    assert added.headers["Location"].endswith(f"/manage/events/{event.id}#days")
    assert again.status_code == 200
    assert "This event already has that day." in errors_beside(page(again), "date")
    assert input_value(page(again), "label_en") == "Typed again"
    assert outside.status_code == 200
    assert "2020-02-10" in errors_beside(page(outside), "date")
    assert [(d.date, d.label_en) for d in rows(app, EventDay)] == [(date(2020, 2, 11), "Day 2")]


def test_edit_and_delete_a_day(app, client, organiser, create_event):
    event = create_event(starts_on=date(2020, 2, 10), ends_on=date(2020, 2, 11), with_days=True)
    first, second = event.days

    clash = client.post(f"/manage/days/{second.id}/edit", data={"date": "2020-02-10"})
    moved = client.post(f"/manage/days/{second.id}/edit", data={"date": "2020-02-11", "label_sw": "Siku ya pili"})
    refused = client.post(f"/manage/days/{first.id}/delete", follow_redirects=True)  # group 1's only day
    deleted = client.post(f"/manage/days/{second.id}/delete")

    assert clash.status_code == 200 and "already has that day" in page(clash)
    assert "attends only this day" in page(refused)
    assert moved.status_code == 302 and deleted.status_code == 302
    assert [d.date for d in rows(app, EventDay)] == [date(2020, 2, 10)]


def test_add_a_group_with_its_days(app, client, organiser, create_event):
    event = create_event(starts_on=date(2020, 2, 10), ends_on=date(2020, 2, 12))
    with app.app_context():
        e = db.session.get(Event, event.id)
        days = [EventDay(event=e, date=date(2020, 2, d)) for d in (10, 11, 12)]
        db.session.add_all(days)
        db.session.commit()
        day_ids = [d.id for d in days]
    form = page(client.get(f"/manage/events/{event.id}/groups/new"))
    assert all(f'value="{i}"' in form for i in day_ids)

    response = client.post(
        f"/manage/events/{event.id}/groups/new",
        data={"number": "2", "name_sw": "Kundi la Pili", "name_en": "Group 2", "colour": "#1D4E89",
              "day_ids": [str(day_ids[2]), str(day_ids[1])]},
    )

    assert response.status_code == 302
    with app.app_context():
        group = db.session.scalar(sa.select(ParticipantGroup))
        assert (group.number, group.name_en, group.colour) == (2, "Group 2", "#1d4e89")
        assert [d.date for d in group.days] == [date(2020, 2, 11), date(2020, 2, 12)]


def test_group_without_days_or_with_a_taken_number_is_refused(app, client, organiser, create_event):
    event = create_event(with_days=True)  # the factory adds group 1 on the first day
    data = {"number": "2", "name_sw": "Kundi la Pili", "name_en": "Group 2", "colour": "#1d4e89"}

    no_days = client.post(f"/manage/events/{event.id}/groups/new", data=data)
    taken = client.post(
        f"/manage/events/{event.id}/groups/new", data=dict(data, number="1", day_ids=[str(event.days[0].id)])
    )

    assert no_days.status_code == 200
    assert "at least one day" in errors_beside(page(no_days), "day_ids")
    assert input_value(page(no_days), "name_en") == "Group 2"
    assert taken.status_code == 200
    assert "Group 1 already exists." in errors_beside(page(taken), "number")
    assert [g.number for g in rows(app, ParticipantGroup)] == [1]


def test_edit_group_shows_its_days_checked(app, client, organiser, create_event):
    event = create_event(with_days=True)
    [group] = event.groups
    form = page(client.get(f"/manage/groups/{group.id}/edit"))

    checked = re.findall(r'<input[^>]*checked[^>]*value="(\d+)"|<input[^>]*value="(\d+)"[^>]*checked', form)
    assert {int(a or b) for a, b in checked} == {event.days[0].id}

    response = client.post(
        f"/manage/groups/{group.id}/edit",
        data={"number": "1", "name_sw": "Kundi la Kwanza", "name_en": "Group One", "colour": "#1f6f43",
              "day_ids": [str(d.id) for d in event.days[:2]]},
    )
    assert response.status_code == 302
    with app.app_context():
        assert len(db.session.get(ParticipantGroup, group.id).days) == 2


def test_status_buttons_move_the_event_along(app, client, organiser, create_event):
    bare = create_event(starts_on=date(2020, 2, 10), ends_on=date(2020, 2, 13))
    event = create_event(with_days=True)

    refused = client.post(f"/manage/events/{bare.id}/status", data={"status": "open"}, follow_redirects=True)
    assert "participant group" in page(refused)
    assert get_event(app, bare.id).status is EventStatus.DRAFT

    manage = page(client.get(f"/manage/events/{event.id}"))
    assert 'name="status" value="open"' in manage
    assert 'name="status" value="archived"' not in manage

    jump = client.post(f"/manage/events/{event.id}/status", data={"status": "archived"}, follow_redirects=True)
    assert "cannot become" in page(jump)
    assert get_event(app, event.id).status is EventStatus.DRAFT

    for status in ("open", "closed", "archived"):
        response = client.post(f"/manage/events/{event.id}/status", data={"status": status})
        assert response.status_code == 302
        assert get_event(app, event.id).status is EventStatus(status)

    nonsense = client.post(f"/manage/events/{event.id}/status", data={"status": "published"}, follow_redirects=True)
    assert "Choose a valid status." in page(nonsense)


# Committees ----------------------------------------------------------------------------


def test_committee_and_its_members(app, client, organiser, create_event):
    event = create_event()
    created = client.post(
        f"/manage/events/{event.id}/committees/new",
        data={"name_sw": "Kamati ya Uratibu na Itifaki", "name_en": "Coordination and Protocol Committee"},
    )
    assert created.status_code == 302
    [committee] = rows(app, Committee)
    url = f"/manage/committees/{committee.id}"
    assert created.headers["Location"] == url

    duplicate = client.post(
        f"/manage/events/{event.id}/committees/new",
        data={"name_sw": "Kamati nyingine", "name_en": "Coordination and Protocol Committee"},
    )
    assert duplicate.status_code == 200
    assert "already exists" in errors_beside(page(duplicate), "name_en")

    chair = client.post(f"{url}/members", data={"name": "Bi. Asha Juma", "role": "chair", "email": "asha@example.org"})
    member = client.post(f"{url}/members", data={"name": "Bw. John Mushi", "role": "member"})
    second_chair = client.post(f"{url}/members", data={"name": "Bw. Peter Mollel", "role": "chair"})
    assert chair.status_code == 302 and member.status_code == 302
    assert second_chair.status_code == 422
    assert "already has a chairperson" in errors_beside(page(second_chair), "role")
    assert input_value(page(second_chair), "name") == "Bw. Peter Mollel"

    listing = page(client.get(url))
    assert "Bi. Asha Juma" in listing and "Bw. John Mushi" in listing
    with app.app_context():
        members = {m.name: m for m in db.session.scalars(sa.select(CommitteeMember))}
    assert members["Bi. Asha Juma"].role is CommitteeRole.CHAIR
    assert set(members) == {"Bi. Asha Juma", "Bw. John Mushi"}

    removed = client.post(f"/manage/members/{members['Bw. John Mushi'].id}/delete")
    assert removed.status_code == 302
    assert [m.name for m in rows(app, CommitteeMember)] == ["Bi. Asha Juma"]

    renamed = client.post(url, data={"name_sw": "Kamati ya Itifaki", "name_en": "Protocol Committee"})
    assert renamed.status_code == 302
    assert rows(app, Committee)[0].name_en == "Protocol Committee"

    deleted = client.post(f"{url}/delete")
    assert deleted.status_code == 302
    assert rows(app, Committee) == [] and rows(app, CommitteeMember) == []


# Who may manage ------------------------------------------------------------------------

MANAGE_PAGES = [
    ("get", "/manage/events"),
    ("get", "/manage/events/new"),
    ("post", "/manage/events/new"),
    ("get", "/manage/events/{id}"),
    ("post", "/manage/events/{id}/status"),
    ("post", "/manage/events/{id}/days/new"),
    ("get", "/manage/events/{id}/groups/new"),
    ("get", "/manage/events/{id}/committees/new"),
]


@pytest.mark.parametrize(("method", "url"), MANAGE_PAGES)
def test_participant_gets_403(app, client, login, create_event, method, url):
    event = create_event()
    login(Role.PARTICIPANT)

    response = getattr(client, method)(url.format(id=event.id), data=EVENT_FORM if method == "post" else None)

    assert response.status_code == 403
    assert len(rows(app, Event)) == 1


@pytest.mark.parametrize(("method", "url"), MANAGE_PAGES)
def test_anonymous_is_sent_to_login(client, create_event, method, url):
    event = create_event()

    response = getattr(client, method)(url.format(id=event.id))

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_admin_may_manage_events(client, login):
    login(Role.ADMIN)
    assert client.get("/manage/events").status_code == 200


# The public home page ------------------------------------------------------------------


@pytest.fixture
def meeting_2019(app):
    """The 2019 meeting, published, with its three groups."""
    with app.app_context():
        event = factories.event(
            edition=2, starts_on=date(2019, 1, 30), ends_on=date(2019, 2, 2), status=EventStatus.CLOSED,
            theme_sw="Uwianishaji wa Rasilimali za TEHAMA kwa Maendeleo ya Viwanda",
            theme_en="Harmonization of ICT Resources for Industrial Development",
            venue="UDOM CIVE", city="Dodoma",
        )
        days = [EventDay(event=event, date=d) for d in
                (date(2019, 1, 30), date(2019, 1, 31), date(2019, 2, 1), date(2019, 2, 2))]
        db.session.add_all([
            ParticipantGroup(event=event, number=1, name_sw="Kundi la Kwanza", name_en="Group 1",
                             description_en="ICT directors", days=[days[0], days[1]]),
            ParticipantGroup(event=event, number=2, name_sw="Kundi la Pili", name_en="Group 2", days=[days[2]]),
            ParticipantGroup(event=event, number=3, name_sw="Kundi la Tatu", name_en="Group 3", days=[days[3]]),
        ])
        db.session.commit()
        return event.id


def test_home_page_shows_the_current_event(client, meeting_2019):
    body = page(client.get("/", headers={"Accept-Language": "en"}))

    assert "Harmonization of ICT Resources for Industrial Development" in body
    assert "UDOM CIVE, Dodoma" in body
    assert "January 30, 2019" in body and "February 2, 2019" in body
    for name in ("Group 1", "Group 2", "Group 3"):
        assert name in body
    group_1 = re.search(r"Group 1</h3>(.*?)</li>", body, re.S).group(1)
    assert re.findall(r'<time datetime="([\d-]+)"', group_1) == ["2019-01-30", "2019-01-31"]
    group_3 = re.search(r"Group 3</h3>(.*?)</li>", body, re.S).group(1)
    assert re.findall(r'<time datetime="([\d-]+)"', group_3) == ["2019-02-02"]


def test_home_page_in_swahili_by_default(client, meeting_2019):
    body = page(client.get("/", headers={"Accept-Language": "sw-TZ"}))

    assert '<html lang="sw">' in body
    assert "Uwianishaji wa Rasilimali za TEHAMA kwa Maendeleo ya Viwanda" in body
    assert "Kundi la Kwanza" in body
    assert "Januari" in body and "January" not in body


def test_draft_event_is_not_shown(client, create_event):
    create_event(edition=7, theme_en="A secret draft theme", status=EventStatus.DRAFT)

    body = page(client.get("/", headers={"Accept-Language": "en"}))

    assert "A secret draft theme" not in body
    assert "The next meeting has not been announced yet." in body
    assert client.get("/meetings/7").status_code == 404


def test_edition_page(client, meeting_2019):
    assert "Harmonization" in page(client.get("/meetings/2", headers={"Accept-Language": "en"}))
    assert client.get("/meetings/99").status_code == 404
