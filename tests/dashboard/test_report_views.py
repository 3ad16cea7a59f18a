"""The post-event report's page and downloads: organisers (and administrators) get the page and
the files in the chosen language with their filenames; an unknown language or event is 404;
anonymous visitors are sent to log in and every other role gets 403."""
import io

import pytest
from openpyxl import load_workbook

from eventapp.core.roles import Role
from tests.dashboard.test_report_facts import small_meeting
from tests.pdf_reading import pdf_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KEPT_OUT = [Role.FINANCE, Role.GATE, Role.JUDGE, Role.PARTICIPANT, Role.FOCAL, Role.REPORTS, Role.PROGRAMME]


@pytest.fixture
def meeting(app):
    with app.app_context():
        event = small_meeting()
        return event.id, event.edition, event.year


def urls(event_id: int) -> list[str]:
    base = f"/manage/events/{event_id}"
    return [f"{base}/report", f"{base}/report.pdf?lang=sw", f"{base}/report.xlsx?lang=en"]


def test_the_page_offers_both_languages_and_previews_tables_one_to_three(client, login, meeting):
    event_id, _edition, _year = meeting
    login(Role.ORGANISER)
    client.set_cookie("lang", "en")

    page = client.get(f"/manage/events/{event_id}/report")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="lang" value="sw" lang="sw"' in html and 'value="en" lang="en" checked' in html
    assert f'action="/manage/events/{event_id}/report.pdf"' in html
    assert f'formaction="/manage/events/{event_id}/report.xlsx"' in html
    assert "5 participants; 2 of 3 ministries submitted their implementation report" in html
    assert "<td>1.</td><td>Wizara B</td>" in html and "<td>1.</td><td>Wizara C</td>" in html
    assert "<td>Chuo cha Kwanza</td><td>Mfumo wa Kwanza</td>" in html


def test_the_pdf_and_the_workbook_download_in_the_chosen_language(client, login, meeting, tmp_path):
    event_id, edition, year = meeting
    login(Role.ORGANISER)

    pdf = client.get(f"/manage/events/{event_id}/report.pdf?lang=sw")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"] == f'attachment; filename="taarifa-kikao-{edition}-{year}.pdf"'
    assert "Jedwali I: Wizara zilizowasilisha Taarifa" in pdf_text(pdf.data, tmp_path)

    english = client.get(f"/manage/events/{event_id}/report.pdf?lang=en")
    assert english.headers["Content-Disposition"] == f'attachment; filename="report-meeting-{edition}-{year}.pdf"'
    assert "Table I: Ministries that submitted reports" in pdf_text(english.data, tmp_path)

    xlsx = client.get(f"/manage/events/{event_id}/report.xlsx?lang=en")
    assert xlsx.status_code == 200 and xlsx.mimetype == XLSX
    assert xlsx.headers["Content-Disposition"] == f'attachment; filename="report-meeting-{edition}-{year}.xlsx"'
    assert load_workbook(io.BytesIO(xlsx.data)).sheetnames[5] == "Table I"
    swahili = client.get(f"/manage/events/{event_id}/report.xlsx?lang=sw")
    assert swahili.headers["Content-Disposition"] == f'attachment; filename="taarifa-kikao-{edition}-{year}.xlsx"'
    assert load_workbook(io.BytesIO(swahili.data)).sheetnames[5] == "Jedwali I"


def test_without_a_language_the_download_takes_the_interfaces(client, login, meeting):
    event_id, edition, year = meeting
    login(Role.ORGANISER)
    client.set_cookie("lang", "en")

    response = client.get(f"/manage/events/{event_id}/report.xlsx")

    assert response.headers["Content-Disposition"] == f'attachment; filename="report-meeting-{edition}-{year}.xlsx"'


@pytest.mark.parametrize("query", ["?lang=fr", "?lang=", "?lang=SW", "?lang=sw%00"])
def test_an_unknown_language_is_404(client, login, meeting, query):
    event_id, _edition, _year = meeting
    login(Role.ORGANISER)

    for kind in ("pdf", "xlsx"):
        assert client.get(f"/manage/events/{event_id}/report.{kind}{query}").status_code == 404


def test_an_unknown_event_is_404(client, login, meeting):
    login(Role.ORGANISER)

    for url in urls(999_999):
        assert client.get(url).status_code == 404, url


def test_an_administrator_gets_the_report(client, login, meeting):
    event_id, _edition, _year = meeting
    login(Role.ADMIN)

    for url in urls(event_id):
        assert client.get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_log_in(client, meeting):
    event_id, _edition, _year = meeting
    for url in urls(event_id):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


@pytest.mark.parametrize("role", KEPT_OUT, ids=lambda r: r.value)
def test_every_other_role_gets_403(client, login, meeting, role):
    event_id, _edition, _year = meeting
    login(role)

    for url in urls(event_id):
        assert client.get(url).status_code == 403, url


def test_downloads_are_not_cached(client, login, meeting):
    event_id, _edition, _year = meeting
    login(Role.ORGANISER)

    response = client.get(f"/manage/events/{event_id}/report.pdf?lang=en")

    assert "no-store" in response.headers["Cache-Control"]
