"""The programme's exports: iCal per group and per person (parsed with icalendar), the PDF
(opened with poppler's pdftotext and pdfinfo) with one table row per item, and the JSON.

A group's calendar has one VEVENT per item of the group, sub-items included (each
ministry's presentation has its own time); a sub-item points at its session (RELATED-TO).
"""
import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar

from eventapp.events.models import EventDay, EventStatus, ParticipantGroup
from eventapp.extensions import db
from eventapp.programme.models import ItemKind
from tests import factories
from tests.pdf_reading import pdf_info, pdf_text

GROUP_ONE = ("registration", "opening", "exhibition", "break", "session", "utumishi", "tamisemi", "nmb",
             "closing", "registration2", "departure")
GROUP_ONE_TIMES = ["07:00 – 08:00", "08:00 – 08:15", "08:15 – 08:45", "10:00 – 10:30", "10:30 – 13:30",
                   "10:30 – 10:55", "10:55 – 11:20", "14:00 – 14:05", "17:20 – 17:30", "07:00 – 08:00", "17:15"]
GROUP_TWO_TIMES = ["07:30 – 08:00", "09:00 – 10:00", "14:00 – 14:05"]
ROW_START = re.compile(r"^\s*(\d\d:\d\d(?: – \d\d:\d\d)?)(?:\s{2,}|$)")


@pytest.fixture
def timetable(app):
    with app.app_context():
        return factories.sample_timetable()


def uid(app, item_id: int) -> str:
    return f"item-{item_id}@{urlsplit(app.config['BASE_URL']).hostname}"


def calendar_of(response) -> Calendar:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data)


def events_by_uid(calendar: Calendar) -> dict:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


# iCal ---------------------------------------------------------------------------------------


def test_group_calendar_has_one_event_per_item_with_local_times(app, client, timetable):
    calendar = calendar_of(client.get("/meetings/2/programme-group-1.ics"))
    events = events_by_uid(calendar)
    items = timetable["items"]
    assert len(calendar.walk("VEVENT")) == len(GROUP_ONE) == len(events)
    assert set(events) == {uid(app, items[k]) for k in GROUP_ONE}
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Africa/Dar_es_Salaam"]

    registration = events[uid(app, items["registration"])]
    assert registration["DTSTART"].params["TZID"] == "Africa/Dar_es_Salaam"
    start, end = registration.decoded("DTSTART"), registration.decoded("DTEND")
    assert start.replace(tzinfo=None) == datetime(2019, 1, 30, 7)
    assert end.replace(tzinfo=None) == datetime(2019, 1, 30, 8)
    assert start.utcoffset() == timedelta(hours=3)
    assert str(registration["SUMMARY"]) == "Registration"
    assert str(registration["LOCATION"]) == "Main Hall, UDOM CIVE, Dodoma"

    session = events[uid(app, items["session"])]
    assert str(session["SUMMARY"]) == "Session I: Presentations from Ministries"
    description = str(session["DESCRIPTION"])
    assert "Chairperson: Eng. Benedict Ndomba (Director of ICT Management – eGA)" in description
    assert "Panelists: 1. Dr. Florence Rashidi (Lecturer – UDOM-CIVE) 2. Mr. Baltazar Kibola" in description

    presentation = events[uid(app, items["utumishi"])]
    assert presentation.decoded("DTSTART").replace(tzinfo=None) == datetime(2019, 1, 30, 10, 30)
    assert str(presentation["RELATED-TO"]) == uid(app, items["session"])
    assert "Presenter: Mr. Priscus Kiwango (Director ICTS – POPSM)" in str(presentation["DESCRIPTION"])

    assert str(events[uid(app, items["nmb"])]["SUMMARY"]) == "NMB"
    departure = events[uid(app, items["departure"])]
    assert departure.decoded("DTSTART").replace(tzinfo=None) == datetime(2019, 1, 31, 17, 15)
    assert "DTEND" not in departure
    # The same UIDs every time, so calendar apps update instead of duplicating.
    assert set(events_by_uid(calendar_of(client.get("/meetings/2/programme-group-1.ics")))) == set(events)


def test_group_calendar_in_swahili(app, client, timetable):
    events = events_by_uid(calendar_of(client.get("/meetings/2/programme-group-1.ics?lang=sw")))
    session = events[uid(app, timetable["items"]["session"])]
    assert str(session["SUMMARY"]) == "Kikao cha Kwanza: Mawasilisho ya Wizara"


def test_unknown_group_calendar_is_404(client, timetable):
    assert client.get("/meetings/2/programme-group-9.ics").status_code == 404


def test_person_calendar_has_exactly_their_items(app, client, timetable):
    items, people = timetable["items"], timetable["people"]
    bakari = events_by_uid(calendar_of(client.get(f"/programme/people/{people['bakari']}.ics")))
    assert set(bakari) == {uid(app, items["opening"]), uid(app, items["g2_keynote"])}
    kiwango = events_by_uid(calendar_of(client.get(f"/programme/people/{people['kiwango']}.ics")))
    assert set(kiwango) == {uid(app, items["utumishi"])}
    description = str(kiwango[uid(app, items["utumishi"])]["DESCRIPTION"])
    assert "Part of: Session I: Presentations from Ministries" in description
    ndomba = events_by_uid(calendar_of(client.get(f"/programme/people/{people['ndomba']}.ics")))
    assert set(ndomba) == {uid(app, items["session"])}


def test_person_on_no_published_item_has_no_calendar(app, client, timetable):
    with app.app_context():
        nobody = factories.timetable_person("Not On The Programme").id
    assert client.get(f"/programme/people/{nobody}.ics").status_code == 404
    assert client.get("/programme/people/99999.ics").status_code == 404


# PDF ----------------------------------------------------------------------------------------


def row_times(text: str) -> list[str]:
    """The time at the start of each table row: a row's first line begins with its time, the
    lines a long activity wraps onto begin with blanks."""
    return [m.group(1) for line in text.splitlines() if (m := ROW_START.match(line))]


def test_group_pdf_has_one_table_row_per_item(client, timetable, tmp_path):
    response = client.get("/meetings/2/programme.pdf?group=1")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    text = pdf_text(response.data, tmp_path)
    info = pdf_info(response.data, tmp_path)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+", info)  # A4 portrait
    assert row_times(text) == GROUP_ONE_TIMES
    flat = re.sub(r"\s+", " ", text)
    for words in ("2nd e-Government Annual Meeting", "PROVISIONAL PROGRAMME",
                  "Theme: Harmonizing ICT Resources towards Industrial Development",
                  "GROUP 1: ICT DIRECTORS AND OFFICERS", "Day One: 30th January 2019", "TIME ACTIVITY",
                  "Chairperson: Eng. Benedict Ndomba", "Panelists:", "1. Dr. Florence Rashidi",
                  "2. Mr. Baltazar Kibola", "Presenter: Mr. Priscus Kiwango", "Room: Main Hall",
                  "Day Two: 31st January 2019", "Sponsored by: NMB"):
        assert words in flat, words
    assert flat.index("Session I: Presentations from Ministries") < flat.index("President's Office, Public Service")
    assert "TANAPA" not in flat and "GROUP 2" not in flat


def test_whole_programme_pdf_has_every_group_from_a_new_page(client, timetable, tmp_path):
    data = client.get("/meetings/2/programme.pdf").data
    text = pdf_text(data, tmp_path)
    assert row_times(text) == GROUP_ONE_TIMES + GROUP_TWO_TIMES
    pages = text.split("\f")
    assert "GROUP 1" in pages[0] and "GROUP 2" not in pages[0]
    assert any("GROUP 2" in page for page in pages[1:])
    assert "Sponsored by: NMB, TANAPA" in re.sub(r"\s+", " ", text)


def test_long_day_runs_over_pages_with_each_item_once(app, client, tmp_path):
    with app.app_context():
        event = factories.event(edition=5, status=EventStatus.OPEN)
        day = EventDay(event=event, date=event.starts_on)
        group = ParticipantGroup(event=event, number=1, name_en="Everyone", name_sw="Wote", days=[day])
        db.session.add_all([day, group])
        db.session.commit()
        times = []
        for n in range(45):
            start = datetime(2026, 1, 1, 7) + timedelta(minutes=12 * n)
            end = start + timedelta(minutes=12)
            factories.timetable_item(event, day, start.strftime("%H:%M"), end.strftime("%H:%M"),
                                     f"Presentation {n}", groups=[group], kind=ItemKind.PRESENTATION,
                                     description_en="A summary of the report, its challenges and the way forward.")
            times.append(f"{start:%H:%M} – {end:%H:%M}")
    data = client.get("/meetings/5/programme.pdf?group=1").data
    text = pdf_text(data, tmp_path)
    assert text.count("\f") >= 2  # more than one page
    assert row_times(text) == times


def test_swahili_pdf(client, timetable, tmp_path):
    client.get("/lang/sw")
    flat = re.sub(r"\s+", " ", pdf_text(client.get("/meetings/2/programme.pdf?group=1").data, tmp_path))
    assert "Kikao cha Kwanza: Mawasilisho ya Wizara" in flat and "30 Januari 2019" in flat


# JSON ---------------------------------------------------------------------------------------


def test_json_days_items_children_people(client, timetable):
    items, people = timetable["items"], timetable["people"]
    data = client.get("/meetings/2/programme.json?group=1").get_json()
    assert data["event"]["edition"] == 2 and data["event"]["timezone"] == "Africa/Dar_es_Salaam"
    assert data["event"]["title"] == {"en": "2nd e-Government Annual Meeting",
                                      "sw": "Kikao Kazi cha Pili cha Serikali Mtandao"}
    assert data["group"] == 1
    assert [g["number"] for g in data["groups"]] == [1, 2]
    assert data["groups"][0]["days"] == ["2019-01-30", "2019-01-31"]
    assert data["groups"][0]["calendar"].endswith("/meetings/2/programme-group-1.ics")
    assert [d["date"] for d in data["days"]] == ["2019-01-30", "2019-01-31"]
    first_day = data["days"][0]["items"]
    assert [i["id"] for i in first_day] == [items[k] for k in GROUP_ONE[:5]] + [items["nmb"], items["closing"]]
    assert [i["starts_at"] for i in first_day] == ["07:00", "08:00", "08:15", "10:00", "10:30", "14:00", "17:20"]

    session = first_day[4]
    assert session["kind"] == "session" and session["ends_at"] == "13:30"
    assert session["title"] == {"en": "Session I: Presentations from Ministries",
                                "sw": "Kikao cha Kwanza: Mawasilisho ya Wizara"}
    assert session["room"]["name"] == "Main Hall" and session["groups"] == [1]
    assert [(p["role"], p["id"]) for p in session["people"]] == [
        ("chairperson", people["ndomba"]), ("panelist", people["rashidi"]), ("panelist", people["kibola"])]
    assert session["people"][0]["display_name"] == "Eng. Benedict Ndomba"
    assert "email" not in session["people"][0]
    assert [c["id"] for c in session["children"]] == [items["utumishi"], items["tamisemi"]]
    assert session["children"][0]["people"][0]["role"] == "presenter"
    assert session["children"][0]["children"] == []

    exhibition = first_day[2]
    assert exhibition["groups"] == []  # for everyone there that day
    assert first_day[5]["kind"] == "sponsor_slot" and first_day[5]["sponsor_label"] == "NMB"
    departure = data["days"][1]["items"][-1]
    assert (departure["starts_at"], departure["ends_at"]) == ("17:15", None)


def test_json_without_group_has_every_day(client, timetable):
    data = client.get("/meetings/2/programme.json").get_json()
    assert data["group"] is None
    assert [d["date"] for d in data["days"]] == ["2019-01-30", "2019-01-31", "2019-02-01"]
