"""The compliance exports: an A4 PDF headed like tables I and II of the 2019 report in the
reader's language (read back with poppler's pdftotext), and an XLSX workbook with a sheet per
table (read back with openpyxl)."""
import io
import re
from datetime import date

import openpyxl
import pytest

from eventapp.core.roles import Role
from tests.pdf_reading import pdf_info, pdf_text
from tests.reports.test_compliance import build_meeting

EN = {"Accept-Language": "en"}


@pytest.fixture
def meeting(app):
    with app.app_context():
        return build_meeting()


def test_pdf_in_english_has_both_tables_on_a4(client, login, meeting, tmp_path):
    login(Role.REPORTS)

    response = client.get(f"/manage/events/{meeting['event']}/reports/compliance.pdf", headers=EN)

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    text = pdf_text(response.data, tmp_path)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+", pdf_info(response.data, tmp_path))
    flat = re.sub(r"\s+", " ", text)
    assert "JAMHURI YA MUUNGANO WA TANZANIA" in flat and "2 of 4 submitted" in flat
    one, two = flat.split("Table II: Ministries that did not submit")
    assert "Table I: Ministries that submitted reports" in one
    assert re.search(r"3\. Wizara ya Fedha na Mipango .*No Accepted 1 2 of 3", one)
    assert re.search(r"2\. Wizara ya Afya .*Yes Returned for changes 2 0 of 1", one)
    assert "Wizara ya Maji" not in one and "Wizara ya Fedha" not in two
    assert re.search(r"1\. Wizara ya Maji 2 Jan 14, 2019", two)
    assert re.search(r"2\. Wizara ya Nishati 0 —", two)


def test_pdf_in_swahili_is_headed_as_the_2019_report(client, login, meeting, tmp_path):
    login(Role.ORGANISER)
    client.get("/lang/sw")

    flat = re.sub(r"\s+", " ", pdf_text(client.get(f"/manage/events/{meeting['event']}/reports/compliance.pdf").data,
                                        tmp_path))

    assert "Jedwali I: Wizara zilizowasilisha Taarifa" in flat
    assert "Jedwali II: Wizara ambazo hazikuwasilisha Taarifa" in flat
    assert flat.index("Jedwali I:") < flat.index("Wizara ya Afya") < flat.index("Jedwali II:") \
        < flat.index("Wizara ya Nishati")


def test_pdf_says_when_a_table_is_empty(app, client, login, tmp_path):
    from eventapp.extensions import db
    from tests import factories
    from tests.reports import factories as reports

    with app.app_context():
        ministry = reports.ministry("Wizara ya Madini")
        event = factories.event()
        call = reports.call(event, [ministry])
        reports.submission(call, ministry)
        event_id = event.id
        db.session.commit()
    login(Role.REPORTS)

    flat = re.sub(r"\s+", " ", pdf_text(client.get(f"/manage/events/{event_id}/reports/compliance.pdf",
                                                   headers=EN).data, tmp_path))

    assert "1 of 1 submitted" in flat and "Every institution has submitted." in flat


def test_xlsx_has_a_sheet_per_table(client, login, meeting):
    login(Role.REPORTS)

    response = client.get(f"/manage/events/{meeting['event']}/reports/compliance.xlsx", headers=EN)

    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["Table I", "Table II"]
    one = [list(row) for row in workbook["Table I"].iter_rows(values_only=True)]
    two = [list(row) for row in workbook["Table II"].iter_rows(values_only=True)]
    assert one[0][0] == "Table I: Ministries that submitted reports"
    assert one[1] == ["No.", "Institution", "First submitted", "Late", "Status", "Versions",
                      "Sector institutions covered", "Sector institutions in the directory"]
    rows = {row[1]: row for row in one[2:]}
    assert set(rows) == {"Ofisi ya Mkuu wa Mkoa Dodoma", "Wizara ya Afya", "Wizara ya Fedha na Mipango"}
    assert rows["Wizara ya Fedha na Mipango"][0] == 3
    assert rows["Wizara ya Fedha na Mipango"][3:] == ["No", "Accepted", 1, 2, 3]
    assert rows["Wizara ya Afya"][3:] == ["Yes", "Returned for changes", 2, 0, 1]
    assert hasattr(rows["Wizara ya Afya"][2], "year")  # a real date cell
    assert two[0][0] == "Table II: Ministries that did not submit"
    assert two[1] == ["No.", "Institution", "Focal persons", "Last reminder"]
    assert [row[:3] for row in two[2:]] == [[1, "Wizara ya Maji", 2], [2, "Wizara ya Nishati", 0]]
    assert two[2][3].date() == date(2019, 1, 14) and two[3][3] is None


def test_xlsx_in_swahili(client, login, meeting):
    login(Role.REPORTS)
    client.get("/lang/sw")

    workbook = openpyxl.load_workbook(io.BytesIO(
        client.get(f"/manage/events/{meeting['event']}/reports/compliance.xlsx").data))

    assert workbook.sheetnames == ["Jedwali I", "Jedwali II"]
    assert workbook["Jedwali I"]["A1"].value == "Jedwali I: Wizara zilizowasilisha Taarifa"
    assert workbook["Jedwali II"]["A1"].value == "Jedwali II: Wizara ambazo hazikuwasilisha Taarifa"
