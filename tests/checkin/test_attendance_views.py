"""The attendance pages and exports: organisers only, the numbers on the page, the no-shows
list, and the CSV and XLSX of arrivals and no-shows (same rows, formula-like cells inert)."""
import csv
import io
from datetime import timedelta

import pytest
from flask import url_for
from openpyxl import load_workbook

from eventapp.checkin.attendance_exports import ARRIVAL_COLUMNS, NO_SHOW_COLUMNS
from eventapp.checkin.models import CheckinSource
from eventapp.core.clock import local_today
from eventapp.core.roles import Role
from tests import factories
from tests.checkin import factories as gate
from tests.checkin.test_attendance import arrive

PAGES = ["/attendance", "/attendance/no-shows", "/attendance/arrivals.csv", "/attendance/arrivals.xlsx",
         "/attendance/no-shows.csv", "/attendance/no-shows.xlsx"]


@pytest.fixture
def world(app):
    """Today: Asha (group 1, Wizara ya Fedha) at 07:30 EAT through a device at a gate named like
    a formula; Baraka (group 3) walked in at 09:05 EAT. Never came: Zawadi (group 1, a
    university) and Yusufu (group 3). Tomorrow: Baraka again at 08:10 EAT."""
    with app.app_context():
        event = gate.gate_event()
        today = local_today()
        ministry, university = factories.institution(name="Wizara ya Fedha"), factories.institution(name="Chuo Kikuu")
        asha = gate.confirmed(event, 1, title="Bi.", first_name="Asha", last_name="Mwinyi", institution_obj=ministry)
        baraka = gate.confirmed(event, 3, title="Bw.", first_name="Baraka", last_name="Juma", institution_obj=ministry)
        gate.confirmed(event, 1, title="", first_name="Zawadi", last_name="Ally", institution_obj=university,
                       email="zawadi@example.org", phone="0713 000 111")
        gate.confirmed(event, 3, title="", first_name="-Yusufu", last_name="Bakari", institution_obj=ministry,
                       position="=Afisa", email="yusufu@example.org", phone="0713 000 222")
        arrive(asha, today, "04:30", CheckinSource.DEVICE, gate_name="=HYPERLINK(\"x\")")
        arrive(baraka, today, "06:05", CheckinSource.WALK_IN, gate_name="Walk-in desk")
        arrive(baraka, today + timedelta(days=1), "05:10", CheckinSource.SCANNER, gate_name="Lango B")
        group1 = next(g.id for g in event.groups if g.number == 1)
        return {"event_id": event.id, "today": today, "asha": asha.reference, "baraka": baraka.reference,
                "group1": group1, "university": university.id}


def base(world) -> str:
    return f"/manage/events/{world['event_id']}"


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.FINANCE, Role.JUDGE, Role.GATE])
def test_only_organisers_see_attendance(client, login, world, role):
    login(role)

    for page in PAGES:
        assert client.get(base(world) + page).status_code == 403, page


def test_an_event_that_does_not_exist_is_404(client, login):
    login(Role.ORGANISER)

    for page in PAGES:
        assert client.get(f"/manage/events/999999{page}").status_code == 404, page


def test_the_attendance_page_shows_the_counts_per_day_group_hour_and_source(client, login, world):
    login(Role.ORGANISER)

    page = client.get(base(world) + "/attendance").get_data(as_text=True)

    today = world["today"].isoformat()
    section = page.split(f'id="day-{today}"')[1].split("</section>")[0]
    assert "2 arrivals" in section and "of 4 expected" in section
    assert 'fill="#1f6f43"' in section and 'fill="#8a1c1c"' in section  # group 1 and group 3
    assert section.count('data-hour="') == 3  # 07:00, 08:00 (none), 09:00
    assert 'data-hour="07:00"' in section and 'data-hour="09:00"' in section
    assert '<rect class="att-bar-fill" width="100.0"' in section
    assert 'data-source="walk_in">Walk-in desk: <strong>1</strong>' in section
    assert "style=" not in page.split("<main>")[1]  # the CSP allows no style attributes
    assert "attendance.css" in page


def test_the_no_shows_page_lists_filters_and_searches(client, login, world):
    login(Role.ORGANISER)

    everyone = client.get(base(world) + "/attendance/no-shows").get_data(as_text=True)
    group1 = client.get(base(world) + f"/attendance/no-shows?group={world['group1']}").get_data(as_text=True)
    university = client.get(base(world) + f"/attendance/no-shows?institution={world['university']}").get_data(
        as_text=True)
    searched = client.get(base(world) + "/attendance/no-shows?q=bakari").get_data(as_text=True)

    assert "Zawadi Ally" in everyone and "-Yusufu Bakari" in everyone and "Asha" not in everyone
    assert "2 people" in everyone
    assert "Zawadi" in group1 and "Yusufu" not in group1
    assert "Zawadi" in university and "Yusufu" not in university
    assert "Yusufu" in searched and "Zawadi" not in searched
    assert f"no-shows.csv?group={world['group1']}" in group1  # the export keeps the filter
    assert client.get(base(world) + "/attendance/no-shows?page=abc&group=x").status_code == 200


def read_csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def read_xlsx(response) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def test_the_arrivals_export_has_one_row_per_check_in_in_csv_and_xlsx(client, login, world):
    login(Role.ORGANISER)

    as_csv = client.get(base(world) + "/attendance/arrivals.csv")
    as_xlsx = client.get(base(world) + "/attendance/arrivals.xlsx")

    assert as_csv.mimetype == "text/csv" and "attachment" in as_csv.headers["Content-Disposition"]
    rows = read_csv(as_csv)
    today, tomorrow = world["today"].isoformat(), (world["today"] + timedelta(days=1)).isoformat()
    assert rows == [
        ARRIVAL_COLUMNS,
        [today, "07:30", "'=HYPERLINK(\"x\")", "device", world["asha"], "Bi. Asha Mwinyi", "Wizara ya Fedha",
         "Group 1", "Free Group 1"],
        [today, "09:05", "Walk-in desk", "walk_in", world["baraka"], "Bw. Baraka Juma", "Wizara ya Fedha", "Group 3",
         "Free Group 3"],
        [tomorrow, "08:10", "Lango B", "scanner", world["baraka"], "Bw. Baraka Juma", "Wizara ya Fedha", "Group 3",
         "Free Group 3"],
    ]
    assert read_xlsx(as_xlsx) == rows


def test_the_no_shows_export_follows_the_filter_in_csv_and_xlsx(client, login, world):
    login(Role.ORGANISER)

    rows = read_csv(client.get(base(world) + "/attendance/no-shows.csv"))
    filtered = read_csv(client.get(base(world) + f"/attendance/no-shows.csv?group={world['group1']}"))
    as_xlsx = read_xlsx(client.get(base(world) + "/attendance/no-shows.xlsx"))

    assert rows[0] == NO_SHOW_COLUMNS
    assert [row[1] for row in rows[1:]] == ["Zawadi Ally", "'-Yusufu Bakari"]  # by last name; formulas inert
    assert rows[1][2:] == ["Afisa TEHAMA", "Chuo Kikuu", "Group 1", "Free Group 1", "zawadi@example.org",
                           "255713000111"]
    assert rows[2][2] == "'=Afisa"
    assert [row[1] for row in filtered[1:]] == ["Zawadi Ally"]
    assert as_xlsx == rows


def test_an_event_with_no_check_ins_exports_the_header_only(app, client, login):
    with app.app_context():
        event_id = gate.gate_event().id
    login(Role.ORGANISER)

    rows = read_csv(client.get(f"/manage/events/{event_id}/attendance/arrivals.csv"))
    page = client.get(f"/manage/events/{event_id}/attendance").get_data(as_text=True)

    assert rows == [ARRIVAL_COLUMNS]
    assert "No arrivals yet." in page


def test_a_check_in_just_after_midnight_eat_is_at_00_in_the_export(app, client, login):
    with app.app_context():
        event = gate.gate_event()
        person = gate.confirmed(event, 1)
        today = local_today()
        arrive(person, today, "21:05", utc_day=today - timedelta(days=1))
        event_id = event.id
    login(Role.ORGANISER)

    rows = read_csv(client.get(f"/manage/events/{event_id}/attendance/arrivals.csv"))

    assert rows[1][:2] == [today.isoformat(), "00:05"]  # stored as 21:05 UTC the evening before


def test_the_organisers_event_page_links_to_the_walk_in_desk_and_attendance(app, client, login, world):
    login(Role.ORGANISER)
    with app.test_request_context():
        event_page = url_for("events.manage_event", event_id=world["event_id"])

    page = client.get(event_page).get_data(as_text=True)

    assert f'href="{base(world)}/attendance"' in page
    assert f'href="/gate/{world["event_id"]}/walk-in"' in page
