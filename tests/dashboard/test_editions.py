"""Every edition side by side: each edition's figures in edition order, the page (numbers
formatted, — where an edition has none, links to each dashboard), the CSV and XLSX holding the
same, and organisers only."""
import csv
import io
from datetime import date

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from eventapp.core.roles import Role
from eventapp.dashboard.editions import SideBySideRow, editions_side_by_side
from eventapp.extensions import db
from tests import factories
from tests.checkin.factories import confirmed, gate_event, unpaid
from tests.reports import factories as report_factories


def redate(event, year: int, city: str, theme_en: str):
    """Move an edition (built open today, so that people could register) to its year."""
    event.starts_on, event.ends_on = date(year, 1, 29), date(year, 2, 1)
    event.registration_opens_on, event.registration_closes_on = date(year - 1, 12, 1), date(year, 1, 29)
    event.city, event.theme_en, event.theme_sw = city, theme_en, f"Mada ya {year}"
    db.session.commit()


def three_editions() -> list[int]:
    """Made out of order: the 3rd (2020, nothing yet, no groups), the 1st (2015: two
    participants in group 1), the 2nd (2019: three in group 1 and one in group 2, one unpaid
    bill of TZS 400,000, a call for reports with one of two ministries submitted)."""
    third = factories.event(edition=3, starts_on=date(2020, 1, 28), ends_on=date(2020, 1, 31), city="Dodoma",
                            theme_en="Third theme", theme_sw="Mada ya 2020")
    first = gate_event(edition=1)
    confirmed(first, group=1)
    confirmed(first, group=1)
    redate(first, 2015, "Arusha", "First theme")
    second = gate_event(edition=2)
    for group in (1, 1, 1, 2):
        confirmed(second, group=group)
    unpaid(second, group=1)
    ministries = [report_factories.ministry(), report_factories.ministry()]
    call = report_factories.call(second, institutions=ministries)
    report_factories.submission(call, ministries[0])
    redate(second, 2019, "Dodoma", "Second theme")
    return [first.id, second.id, third.id]


LABELS = [
    "Year", "City", "Theme", "Participants", "Participants in group 1", "Participants in group 2",
    "Participants in group 3", "Registrations pending approval or payment", "On the waiting list",
    "Registrations cancelled or rejected", "Fees billed", "Fees collected", "Fees outstanding",
    "People who arrived", "Check-ins", "Ministries' reports submitted", "Ministries required to report",
    "Innovation entries submitted", "Entries selected for the exhibition", "Entries presented", "Entries awarded",
    "Sponsors", "Sponsorship pledged", "Sponsorship paid", "Certificates issued", "Resolutions",
]


@pytest.fixture
def editions(app):
    with app.app_context():
        return three_editions()


@pytest.mark.database
def test_each_edition_has_its_figures_in_edition_order(app, db_backend, editions):
    with app.test_request_context(), force_locale("en"):
        side = editions_side_by_side()
        assert [e.event_id for e in side.editions] == editions
        assert side.header() == ["Figure", "Edition 1 (2015)", "Edition 2 (2019)", "Edition 3 (2020)"]
        assert [row.label for row in side.figures] == LABELS
        values = {row.label: row.values for row in side.figures}
        assert values["Year"] == (2015, 2019, 2020)
        assert values["City"] == ("Arusha", "Dodoma", "Dodoma")
        assert values["Theme"] == ("First theme", "Second theme", "Third theme")
        assert values["Participants"] == (2, 4, 0)
        assert values["Participants in group 1"] == (2, 3, None)  # the 3rd edition has no groups yet
        assert values["Participants in group 2"] == (0, 1, None)
        assert values["Participants in group 3"] == (0, 0, None)
        assert values["Registrations pending approval or payment"] == (0, 1, 0)
        assert values["Fees billed"] == (0, 400_000, 0)
        assert values["Fees collected"] == (0, 0, 0)
        assert values["Fees outstanding"] == (0, 400_000, 0)
        assert values["Ministries' reports submitted"] == (None, 1, None)
        assert values["Ministries required to report"] == (None, 2, None)
        assert values["Innovation entries submitted"] == (None, None, None)
        assert values["Sponsors"] == (0, 0, 0)
        units = {row.label: row.unit for row in side.figures}
        assert units["Fees billed"] == units["Sponsorship paid"] == "TZS" and units["Participants"] == ""


def test_the_theme_follows_the_language(app, editions):
    with app.test_request_context(), force_locale("sw"):
        themes = next(row for row in editions_side_by_side().figures if row.values[0] == "Mada ya 2015")
        assert themes.values == ("Mada ya 2015", "Mada ya 2019", "Mada ya 2020")


def test_no_editions_no_columns(app):
    with app.test_request_context(), force_locale("en"):
        side = editions_side_by_side()
        assert side.editions == () and side.header() == ["Figure"]
        assert all(row.values == () for row in side.figures)


def test_cells_are_formatted_for_people():
    assert SideBySideRow("Fees", (1_234_567, None, 0), "TZS").cells() == ["TZS 1,234,567", "—", "TZS 0"]
    assert SideBySideRow("People", (12_345, 7)).cells() == ["12,345", "7"]
    assert SideBySideRow("Year", (2019, 2020), plain=True).cells() == ["2019", "2020"]
    assert SideBySideRow("Fees", (1,), "TZS").export_label == "Fees (TZS)"


def test_an_organiser_sees_the_editions_as_a_table(app, client, login, editions):
    login(Role.ORGANISER)
    client.set_cookie("lang", "en")
    page = client.get("/manage/dashboard/editions")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Edition 1 (2015)" in html and "Edition 3 (2020)" in html
    assert html.index("Edition 1 (2015)") < html.index("Edition 2 (2019)") < html.index("Edition 3 (2020)")
    assert "TZS 400,000" in html and "—" in html
    assert 'class="table-wrap"' in html and "style=" not in html
    for event_id in editions:
        assert f'href="/manage/events/{event_id}/dashboard"' in html
    assert 'href="/manage/dashboard/editions.csv"' in html and 'href="/manage/dashboard/editions.xlsx"' in html


def test_the_exports_hold_the_same_rows(app, client, login, editions):
    login(Role.ORGANISER)
    client.set_cookie("lang", "en")
    with app.test_request_context(), force_locale("en"):
        side = editions_side_by_side()
        header, rows = side.header(), side.rows()

    response = client.get("/manage/dashboard/editions.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert lines[0] == header
    assert lines[1:] == [["" if v is None else str(v) for v in row] for row in rows]
    assert ["Fees billed (TZS)", "0", "400000", "0"] in lines
    assert ["Participants in group 1", "2", "3", ""] in lines

    response = client.get("/manage/dashboard/editions.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert cells == [header, *rows]
    assert ["Participants", 2, 4, 0] in cells  # numbers stay numbers


URLS = ["/manage/dashboard/editions", "/manage/dashboard/editions.csv", "/manage/dashboard/editions.xlsx"]


@pytest.mark.parametrize("url", URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.FINANCE, Role.GATE, Role.JUDGE, Role.PARTICIPANT, Role.FOCAL, Role.REPORTS,
                                  Role.PROGRAMME], ids=lambda r: r.value)
def test_every_other_role_is_refused(client, login, role):
    login(role)
    for url in URLS:
        assert client.get(url).status_code == 403, url


def test_an_administrator_gets_in(client, login):
    login(Role.ADMIN)
    assert all(client.get(url).status_code == 200 for url in URLS)
