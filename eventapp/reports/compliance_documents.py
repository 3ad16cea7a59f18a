"""Compliance with the call for reports as documents laid out like tables I and II of the
2019 meeting's report: an A4 PDF under the government letterhead, and an XLSX workbook with
one sheet per table. Both in the reader's language; the tables keep the report's own titles."""
import io

from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from eventapp.core.i18n import localized
from eventapp.core.pdf import CENTER, GREEN, NORMAL, TITLE, escape, letterhead
from eventapp.registration.exports import safe_cell
from eventapp.reports.compliance import Compliance
from eventapp.reports.forms import STATUS_LABELS

# The titles the 2019 report gave its tables, in each language.
TABLE_TITLES = {
    "sw": ("Jedwali I: Wizara zilizowasilisha Taarifa", "Jedwali II: Wizara ambazo hazikuwasilisha Taarifa"),
    "en": ("Table I: Ministries that submitted reports", "Table II: Ministries that did not submit"),
}
SHEET_NAMES = {"sw": ("Jedwali I", "Jedwali II"), "en": ("Table I", "Table II")}
PAGE_MARGIN = 18 * mm
WIDTH = A4[0] - 2 * PAGE_MARGIN
HEAD = ParagraphStyle("compliance-head", parent=NORMAL, fontName="Helvetica-Bold", textColor=colors.white,
                      fontSize=8.5, leading=11)
CELL = ParagraphStyle("compliance-cell", parent=NORMAL, fontSize=8.5, leading=11)
TABLE_HEADING = ParagraphStyle("compliance-table", parent=NORMAL, fontName="Helvetica-Bold", fontSize=11,
                               spaceBefore=10, spaceAfter=4)


def _language() -> str:
    language = str(get_locale() or "sw")
    return language if language in TABLE_TITLES else "sw"


def table_titles() -> tuple[str, str]:
    """The titles of tables I and II in the current language."""
    return TABLE_TITLES[_language()]


def counts_line(report: Compliance) -> str:
    return _("%(submitted)d of %(required)d submitted", submitted=report.submitted_count,
             required=report.required_count)


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _coverage(covered: int, total: int) -> str:
    return _("%(covered)d of %(total)d", covered=covered, total=total)


def table_one_header() -> list[str]:
    return [_("No."), _("Institution"), _("First submitted"), _("Late"), _("Status"), _("Versions"),
            _("Sector institutions covered")]


def table_two_header() -> list[str]:
    return [_("No."), _("Institution"), _("Focal persons"), _("Last reminder")]


# --- PDF ---------------------------------------------------------------------------------


def _table(header: list[str], rows: list[list[str]], widths: list[float], empty: str) -> Table:
    data = [[Paragraph(escape(h), HEAD) for h in header]]
    data += [[Paragraph(escape(str(v)), CELL) for v in row] for row in rows]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), GREEN),
    ]
    if not rows:
        data.append([Paragraph(escape(empty), CELL)] + [""] * (len(header) - 1))
        style.append(("SPAN", (0, 1), (-1, 1)))
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


def render_compliance_pdf(report: Compliance) -> bytes:
    """Tables I and II of the call as an A4 portrait PDF."""
    event = report.call.event
    first, second = table_titles()
    buffer = io.BytesIO()
    heading = _("Implementation reports")
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN, topMargin=14 * mm,
        bottomMargin=14 * mm, title=f"{localized(event, 'title')} — {heading}",
        author="e-Government Authority",
    )
    story = letterhead() + [
        Paragraph(escape(_("Ministries' e-Government implementation reports")), TITLE),
        Paragraph(escape(localized(event, "title")), CENTER),
        Paragraph(escape(counts_line(report)), CENTER),
        Spacer(1, 6),
        Paragraph(escape(first), TABLE_HEADING),
        _table(table_one_header(), [
            [f"{row.number}.", row.institution.name, format_date(row.first_submitted_at, "medium"),
             _yes_no(row.late), str(STATUS_LABELS[row.status]), row.versions,
             _coverage(row.covered, row.sector_total)]
            for row in report.submitted
        ], [10 * mm, WIDTH - 120 * mm, 22 * mm, 11 * mm, 34 * mm, 17 * mm, 26 * mm],
            _("No institution has submitted yet.")),
        Paragraph(escape(second), TABLE_HEADING),
        _table(table_two_header(), [
            [f"{row.number}.", row.institution.name, row.focal_persons,
             format_date(row.last_reminded_on, "medium") if row.last_reminded_on else "—"]
            for row in report.missing
        ], [10 * mm, WIDTH - 76 * mm, 30 * mm, 36 * mm], _("Every institution has submitted.")),
    ]
    doc.build(story)
    return buffer.getvalue()


# --- XLSX --------------------------------------------------------------------------------


def _sheet(workbook, name: str, title: str, header: list[str], rows: list[list], widths: list[int]) -> None:
    from openpyxl.styles import Font, PatternFill

    sheet = workbook.create_sheet(name)
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(header)
    for cell in sheet[2]:
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F6F43")
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width
    sheet.freeze_panes = "A3"


def compliance_xlsx(report: Compliance) -> bytes:
    """Tables I and II as a workbook of two sheets: each the table's title, its header, its rows
    (dates as dates, counts as numbers)."""
    from openpyxl import Workbook

    from eventapp.core.clock import event_timezone

    language = _language()
    first, second = TABLE_TITLES[language]
    names = SHEET_NAMES[language]
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, names[0], first,
           table_one_header()[:-1] + [_("Sector institutions covered"), _("Sector institutions in the directory")],
           [[row.number, row.institution.name, row.first_submitted_at.astimezone(event_timezone()).date(),
             _yes_no(row.late), str(STATUS_LABELS[row.status]), row.versions, row.covered, row.sector_total]
            for row in report.submitted],
           [6, 60, 16, 8, 20, 10, 16, 16])
    _sheet(workbook, names[1], second, table_two_header(),
           [[row.number, row.institution.name, row.focal_persons, row.last_reminded_on]
            for row in report.missing],
           [6, 60, 14, 16])
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                if cell.is_date:
                    cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
