"""The post-event report's PDF (read back with pdftotext as a person would see it) and XLSX
workbook (opened with openpyxl), in English and Swahili, for the small hand-counted meeting,
an edition with nothing recorded and the 2019 demo."""
import io
import re

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from eventapp.dashboard.report_facts import post_event_facts
from eventapp.dashboard.report_pdf import report_pdf
from eventapp.dashboard.report_workbook import report_xlsx
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.reports.models import Resolution
from tests import factories
from tests.dashboard.test_report_facts import small_meeting
from tests.pdf_reading import pdf_info, pdf_text


def lines(text: str) -> list[str]:
    """The PDF's lines with runs of spaces collapsed."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_the_pdf_in_english_has_numbered_sections_and_the_tables_rows(app_ctx, tmp_path):
    event = small_meeting()
    data = report_pdf(post_event_facts(event, "en"))

    assert data.startswith(b"%PDF")
    assert "595.276 x 841.89 pts (A4)" in pdf_info(data, tmp_path)
    text = lines(pdf_text(data, tmp_path))
    for heading in ("1.0 The meeting", "2.0 Participants", "3.0 Participation fees", "4.0 Sponsors",
                    "5.0 The programme", "6.0 Ministries' implementation reports",
                    "6.1 Table I: Ministries that submitted reports", "6.2 Table II: Ministries that did not submit",
                    "7.0 Research and innovation",
                    "7.1 Table III: Institutions that submitted research and innovation entries",
                    "8.0 Certificates issued", "9.0 Resolutions"):
        assert heading in text, heading
    # The tables' header rows start with the number column, then their rows.
    assert "No. Ministry Date submitted" in text
    assert "1. Wizara B 11 Jan 2026" in text and "3. Wizara D 13 Jan 2026" in text
    assert "No. Ministry" in text and "1. Wizara C" in text
    assert "No. Institution Research / innovation Exhibited Presented" in text
    assert "1. Chuo cha Kwanza Mfumo wa Kwanza Yes Yes" in text and "3. Chuo cha Pili Mfumo wa Nne" in text
    assert "1. Group 1 Free Group 1 TZS 0 3" in text and "Total 5" in text
    assert "1. PAID1 — Paid Group 1 TZS 800,000 TZS 400,000 TZS 400,000" in text
    assert "2. Benki ya Beta (BB) Gold TZS 20,000,000 TZS 5,000,000 Invoiced" in text
    assert "Total (TZS) TZS 50,000,000 TZS 5,000,000" in text
    assert "Ministries' reports presented in the programme: 1." in text
    assert "2 of 3 ministries submitted their implementation report; 1 did not." in text
    assert "3 research and innovation entries submitted, 2 selected for the exhibition, 1 presented." in text
    assert "1. Participation 2" in text and "5. Judge 1" in text and "Total 3" in text
    assert "1. First resolution Wizara A 30 Jun 2026 in progress" in text
    # Every page carries the edition's title at the top and its number at the bottom.
    pages = int(re.search(r"Pages:\s+(\d+)", pdf_info(data, tmp_path)).group(1))
    assert sum(line == event.title_en for line in text) == pages
    assert [line for line in text if line.startswith("Page ")] == [f"Page {n}" for n in range(1, pages + 1)]


def test_the_pdf_in_swahili_uses_the_reports_own_table_titles(app_ctx, tmp_path):
    event = small_meeting()
    text = lines(pdf_text(report_pdf(post_event_facts(event, "sw")), tmp_path))

    assert event.title_sw in text and "Mada ya majaribio" in " ".join(text)
    assert "6.1 Jedwali I: Wizara zilizowasilisha Taarifa" in text
    assert "6.2 Jedwali II: Wizara ambazo hazikuwasilisha Taarifa" in text
    assert "7.1 Jedwali Na.3 Taasisi zilizowasilisha Tafiti /Bunifu" in text
    assert any(line.startswith("1. Kundi la Kwanza Free Kundi la Kwanza") for line in text)
    assert any(line.startswith("1. Wizara B 11 Jan 2026") for line in text)


def test_an_edition_with_nothing_recorded_says_so_in_every_section(app_ctx, tmp_path):
    facts = post_event_facts(factories.event(), "en")
    text = lines(pdf_text(report_pdf(facts), tmp_path))

    # Sections 2–9 have nothing: each says so instead of an empty table.
    assert text.count("None recorded.") == 8
    assert "Ministries' reports presented in the programme: 0." in text
    workbook = load_workbook(io.BytesIO(report_xlsx(facts)))
    for name in ("Participants", "Fees", "Sponsors", "Programme", "Table I", "Table II", "Table III",
                 "Certificates", "Resolutions"):
        assert [c.value for c in workbook[name]["A"]][-1] == "None recorded.", name


def test_the_workbook_has_a_sheet_per_section_with_numbers_as_numbers(app_ctx):
    event = small_meeting()
    db.session.add(Resolution(event_id=event.id, number=3, text_sw="=HYPERLINK(\"http://x\")", text_en="=1+1"))
    db.session.commit()
    workbook = load_workbook(io.BytesIO(report_xlsx(post_event_facts(event, "en"))))

    assert workbook.sheetnames == ["Meeting", "Participants", "Fees", "Sponsors", "Programme", "Table I", "Table II",
                                   "Table III", "Certificates", "Resolutions"]

    def rows(name: str) -> list[tuple]:
        return [tuple(cell.value for cell in row) for row in workbook[name].iter_rows()]

    participants = rows("Participants")
    assert participants[0] == ("2.0 Participants", None, None, None, None)
    assert participants[1] == ("No.", "Group", "Category", "Fee", "Participants")
    assert all(cell.font.bold for cell in workbook["Participants"][2])
    assert participants[2] == (1, "Group 1", "Free Group 1", 0, 3)
    assert participants[3] == (2, "Group 1", "Paid Group 1", 400_000, 1)
    assert participants[-1] == (None, "Total", None, None, 5)
    assert rows("Fees")[-1] == (None, "Total", 800_000, 400_000, 400_000, "TZS")
    assert rows("Sponsors")[3] == (2, "Benki ya Beta (BB)", "Gold", 20_000_000, 5_000_000, "Invoiced", "TZS")
    table_one = rows("Table I")
    assert table_one[0] == ("6.1 Table I: Ministries that submitted reports", None, None)
    assert [row[:2] for row in table_one[3:]] == [(1, "Wizara B"), (2, "Wizara A"), (3, "Wizara D")]
    assert table_one[3][2].date().isoformat() == "2026-01-11"
    assert rows("Table II")[3:] == [(1, "Wizara C")]
    assert rows("Table III")[3:] == [(1, "Chuo cha Kwanza", "Mfumo wa Kwanza", "Yes", "Yes"),
                                     (2, "Chuo cha Pili", "Mfumo wa Tatu", "Yes", None),
                                     (3, "Chuo cha Pili", "Mfumo wa Nne", None, None)]
    resolutions = rows("Resolutions")
    assert resolutions[2][:3] == (1, "First resolution", "Wizara A")
    assert resolutions[-1][1] == "'=1+1"  # a formula made inert
    assert workbook["Table I"].column_dimensions["B"].width == 70


def test_the_workbook_in_swahili_names_the_tables_as_the_report(app_ctx):
    workbook = load_workbook(io.BytesIO(report_xlsx(post_event_facts(small_meeting(), "sw"))))

    assert workbook.sheetnames[5:8] == ["Jedwali I", "Jedwali II", "Jedwali III"]
    assert workbook["Jedwali II"]["A1"].value == "6.2 Jedwali II: Wizara ambazo hazikuwasilisha Taarifa"


@pytest.fixture
def demo_event(demo):
    """The 2019 edition of the module's shared demo database (`demo_app`), read only."""
    return db.session.scalar(sa.select(Event).where(Event.edition == 2))


def test_the_2019_reports_pdf_and_workbook_hold_the_seed_reports_tables(demo_event, tmp_path):
    from eventapp.demo.innovations_2019_entries import TABLE_III
    from eventapp.demo.meeting_2019 import MINISTRIES_NOT_REPORTED, MINISTRIES_REPORTED

    facts = post_event_facts(demo_event, "sw")
    text = lines(pdf_text(report_pdf(facts), tmp_path))
    for number, (name, _acronym) in enumerate(MINISTRIES_REPORTED, start=1):
        assert any(line.startswith(f"{number}. {name} ") for line in text), name
    for number, (name, _acronym) in enumerate(MINISTRIES_NOT_REPORTED, start=1):
        assert f"{number}. {name}" in text, name
    assert "Kikao Kazi cha Pili cha Serikali Mtandao 2019" in text

    workbook = load_workbook(io.BytesIO(report_xlsx(facts)))
    table_three = [tuple(c.value for c in row) for row in workbook["Jedwali III"].iter_rows(min_row=4)]
    assert [(number, title) for number, _institution, title, *_marks in table_three] == [
        (row.number, row.title) for row in TABLE_III]
    assert sum(1 for row in table_three if row[3]) == 10 and sum(1 for row in table_three if row[4]) == 4
    meeting = {row[0].value: row[1].value for row in workbook.worksheets[0].iter_rows(min_row=4)}
    assert 786 in meeting.values() and 24 in meeting.values()
