"""The public programme page: per group and day, in time order, with rooms and people,
sub-items under their session, in English and Swahili; own group first; drafts hidden."""
import html
import re

import sqlalchemy as sa

from eventapp.events.models import Event, EventDay, EventStatus, ParticipantGroup
from eventapp.extensions import db
from eventapp.programme.models import ItemKind, PersonRole
from eventapp.registration.services.lifecycle import registrant_token
from tests import factories


def text(response) -> str:
    """The words of the page's main part, tags dropped."""
    assert response.status_code == 200, response.status_code
    main = response.get_data(as_text=True).split("<main>", 1)[1]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def rows(response) -> list[tuple[int, int]]:
    """(item id, depth) of each timetable row, top to bottom."""
    found = re.findall(r'<tr id="item-(\d+)" class="slot [^"]*depth-(\d)', response.get_data(as_text=True))
    return [(int(i), int(d)) for i, d in found]


def in_order(page: str, *parts: str) -> bool:
    """Each part appears after the one before it."""
    at = 0
    for part in parts:
        at = page.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


def sample(app, **kwargs) -> dict:
    with app.app_context():
        return factories.sample_timetable(**kwargs)


def test_group_page_shows_its_days_in_time_order_with_rooms_and_people(app, client):
    data = sample(app)
    page = text(client.get("/meetings/2/programme?group=1"))
    assert in_order(
        page,
        "Day One: 30th January 2019",
        "07:00 – 08:00", "Registration", "Room: Main Hall",
        "08:00 – 08:15", "Opening Remarks", "Speaker: Dr. Jabiri Bakari (CEO – eGA)",
        "08:15 – 08:45", "Exhibition opens", "Room: Hall B",
        "10:00 – 10:30", "Health Break",
        "10:30 – 13:30", "Session I: Presentations from Ministries",
        "Chairperson: Eng. Benedict Ndomba (Director of ICT Management – eGA)",
        "Panelists:", "Dr. Florence Rashidi (Lecturer – UDOM-CIVE)", "Mr. Baltazar Kibola",
        "Summary presentation of each ministry's report.",
        "10:30 – 10:55", "President's Office, Public Service Management",
        "Presenter: Mr. Priscus Kiwango",
        "10:55 – 11:20", "President's Office, Regional Administration",
        "14:00 – 14:05", "NMB",
        "17:20 – 17:30", "Closing Annual Meeting Day One",
        "Day Two: 31st January 2019", "07:00 – 08:00", "Registration", "17:15", "Departure",
        "Sponsored by: NMB",
    ), page
    # Group 2's day and items are not group 1's.
    assert "1st February 2019" not in page
    assert "TANAPA" not in page and "e-Government Implementation Status" not in page
    items = data["items"]
    assert [i for i, _ in rows(client.get("/meetings/2/programme?group=1"))] == [
        items[k] for k in ("registration", "opening", "exhibition", "break", "session", "utumishi", "tamisemi",
                           "nmb", "closing", "registration2", "departure")
    ]


def test_sub_items_sit_under_their_session(app, client):
    data = sample(app)
    found = rows(client.get("/meetings/2/programme?group=1"))
    items = data["items"]
    at = found.index((items["session"], 0))
    assert found[at + 1:at + 3] == [(items["utumishi"], 1), (items["tamisemi"], 1)]
    assert found[at + 3] == (items["nmb"], 0)


def test_other_group_has_its_own_days_and_items(app, client):
    sample(app)
    page = text(client.get("/meetings/2/programme?group=2"))
    assert in_order(page, "Day One: 1st February 2019", "07:30 – 08:00", "Registration",
                    "09:00 – 10:00", "e-Government Implementation Status", "Presenter: Dr. Jabiri Bakari",
                    "14:00 – 14:05", "TANAPA", "Sponsored by: TANAPA")
    assert "Session I" not in page and "Exhibition opens" not in page and "30th January" not in page


def test_swahili_titles_and_dates(app, client):
    sample(app)
    client.get("/lang/sw")
    page = text(client.get("/meetings/2/programme?group=1"))
    assert in_order(page, "Kundi la 1: Wakurugenzi na Maafisa TEHAMA", "30 Januari 2019", "Usajili",
                    "Maneno ya Ufunguzi", "Kikao cha Kwanza: Mawasilisho ya Wizara",
                    "Muhtasari wa taarifa ya kila wizara.",
                    "Ofisi ya Rais, Utumishi", "Ofisi ya Rais, TAMISEMI", "31 Januari 2019", "Kuondoka")
    assert "Session I: Presentations from Ministries" not in page
    assert "Uwianishaji wa Rasilimali za TEHAMA kwa Maendeleo ya Viwanda" in page


def test_current_programme_defaults_to_the_first_group_and_links_the_exports(app, client):
    sample(app)
    response = client.get("/programme")
    body = response.get_data(as_text=True)
    assert re.search(r'href="/meetings/2/programme\?group=1" aria-current="page"', body)
    assert 'href="/meetings/2/programme.pdf?group=1"' in body
    assert 'href="/meetings/2/programme-group-1.ics' in body
    assert 'href="/meetings/2/programme.json?group=1"' in body
    assert "/programme/people/" in body  # each person's calendar
    assert "Session I: Presentations from Ministries" in text(response)


def test_draft_programme_is_not_public(app, client):
    data = sample(app, status=EventStatus.DRAFT)
    for url in ("/meetings/2/programme", "/meetings/2/programme?group=1", "/meetings/2/programme.pdf",
                "/meetings/2/programme.json", "/meetings/2/programme-group-1.ics",
                f"/programme/people/{data['people']['bakari']}.ics"):
        assert client.get(url).status_code == 404, url
    assert "The programme has not been published yet." in text(client.get("/programme"))


def test_unknown_edition_or_group_is_404(app, client):
    sample(app)
    assert client.get("/meetings/9/programme").status_code == 404
    assert client.get("/meetings/2/programme?group=7").status_code == 404
    assert client.get("/meetings/2/programme?group=one").status_code == 404


def test_no_event_yet(client):
    assert "The programme has not been published yet." in text(client.get("/programme"))


def test_menu_and_home_page_link_to_the_programme(app, client):
    sample(app)
    body = client.get("/").get_data(as_text=True)
    menu = body.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/programme"' in menu
    assert 'href="/meetings/2/programme"' in body


def test_own_group_first_after_opening_the_registrant_link(app, client):
    with app.app_context():
        event = factories.open_event()
        first_day, second_day = event.days
        group2 = ParticipantGroup(event=event, number=2, name_en="Group 2", name_sw="Kundi la 2", days=[second_day])
        db.session.add(group2)
        db.session.commit()
        group1 = event.groups[0]
        factories.timetable_item(event, first_day, "09:00", "10:00", "Only for group one", groups=[group1])
        factories.timetable_item(event, second_day, "09:00", "10:00", "Only for group two", groups=[group2])
        category = factories.category(event, group_id=group2.id)
        token = registrant_token(factories.registration(category))
        edition = event.edition
    before = client.get("/programme").get_data(as_text=True)
    assert before.find("?group=1") < before.find("?group=2")
    assert "Only for group one" in before and "Only for group two" not in before

    assert client.get(f"/registration/{token}").status_code == 200
    after = client.get("/programme").get_data(as_text=True)
    tabs = after.split('class="group-tabs"', 1)[1].split("</nav>", 1)[0]
    assert tabs.find("?group=2") < tabs.find("?group=1")
    assert re.search(rf'href="/meetings/{edition}/programme\?group=2" aria-current="page"', tabs)
    assert "your group" in tabs
    assert "Only for group two" in after and "Only for group one" not in after
    # Choosing another group still works, and the own group stays listed first.
    other = client.get(f"/meetings/{edition}/programme?group=1").get_data(as_text=True)
    assert "Only for group one" in other
    tabs = other.split('class="group-tabs"', 1)[1].split("</nav>", 1)[0]
    assert tabs.find("?group=2") < tabs.find("?group=1")


def test_page_reads_the_timetable_in_a_fixed_number_of_queries(app, client):
    """No query per item, room or person: a timetable five times as long costs the same."""
    data = sample(app)

    def queries_for(url: str) -> int:
        statements = []

        def count(*_args):
            statements.append(1)

        with app.app_context():
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", count)
        try:
            assert client.get(url).status_code == 200
        finally:
            sa.event.remove(engine, "before_cursor_execute", count)
        return len(statements)

    url = "/meetings/2/programme?group=1"
    before = queries_for(url)
    with app.app_context():
        event = db.session.get(Event, data["event_id"])
        day = db.session.get(EventDay, data["days"]["d2"])
        group = db.session.get(ParticipantGroup, data["group1_id"])
        room = factories.timetable_room(event, "Hall C")
        for hour in range(8, 17):
            session = factories.timetable_item(
                event, day, f"{hour:02d}:00", f"{hour:02d}:50", f"Session at {hour}", kind=ItemKind.SESSION,
                groups=[group], room=room,
                people=[(factories.timetable_person(), PersonRole.CHAIRPERSON),
                        (factories.timetable_person(), PersonRole.PANELIST)],
            )
            for minute in (0, 25):
                factories.timetable_item(
                    event, day, f"{hour:02d}:{minute:02d}", f"{hour:02d}:{minute + 25:02d}", groups=[group],
                    room=room, parent=session, people=[(factories.timetable_person(), PersonRole.PRESENTER)],
                )
    assert text(client.get(url)).count("Session at") == 9
    assert queries_for(url) == before
