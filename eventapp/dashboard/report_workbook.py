"""The post-event report as an XLSX workbook: one sheet per section, each starting with the
section's numbered heading, then a bold header row and the rows (amounts and counts as
numbers, dates as dates, text made inert for spreadsheets). In the facts' language."""
import io

from flask_babel import force_locale, pgettext
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from eventapp.dashboard.report_facts import PostEventFacts
from eventapp.registration.exports import safe_cell
from eventapp.reports.compliance_documents import SHEET_NAMES

HEADER_FILL = PatternFill("solid", fgColor="1F6F43")
MAX_SHEET_NAME = 31  # Excel's limit


def _sheet_names(language: str) -> dict[str, str]:
    """Short sheet names (Excel allows 31 characters); the tables keep the report's numbering."""
    first, second = SHEET_NAMES[language]
    return {
        "meeting": _("Meeting"), "participants": _("Participants"), "fees": _("Fees"), "sponsors": _("Sponsors"),
        "programme": _("Programme"), "table_one": first, "table_two": second,
        "table_three": "Jedwali III" if language == "sw" else "Table III", "certificates": _("Certificates"),
        "resolutions": _("Resolutions"),
    }


def _sheet(workbook: Workbook, facts: PostEventFacts, key: str, header: tuple[str, ...] | list[str], rows: list[list],
           widths: list[int], notes: tuple[str, ...] = ()):
    """The sheet of section `key`: its numbered heading, any notes, the header row (bold, white
    on green) and the rows; frozen under the header."""
    title = facts.titles[key]
    sheet = workbook.create_sheet(_sheet_names(facts.language)[key][:MAX_SHEET_NAME])
    sheet.append([safe_cell(title)])
    sheet["A1"].font = Font(bold=True, size=12)
    for note in notes:
        sheet.append([safe_cell(note)])
    sheet.append(list(header))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), HEADER_FILL
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    if not rows:
        sheet.append([safe_cell(_("None recorded."))])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=header_row, column=index).column_letter].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    return sheet


def _meeting(workbook: Workbook, facts: PostEventFacts) -> None:
    meeting = facts.meeting
    rows = [[pgettext("the meeting's title", "Title"), meeting.title], [_("Edition"), meeting.edition],
            [_("Year"), meeting.year],
            [_("Theme"), meeting.theme], [_("Venue"), meeting.venue], [_("Dates"), meeting.dates],
            [_("Participants"), facts.participants], [_("Sponsors"), len(facts.sponsors)]]
    if facts.reports.has_call:
        rows += [[_("Ministries that had to report"), facts.reports.required_count],
                 [_("Ministries that submitted"), facts.reports.submitted_count]]
    if facts.innovations.has_call:
        rows += [[_("Research and innovation entries"), facts.innovations.submitted],
                 [_("Selected for the exhibition"), facts.innovations.exhibited],
                 [_("Presented"), facts.innovations.presented]]
    _sheet(workbook, facts, "meeting", [_("Item"), _("Value")], rows, [34, 80],
           (facts.sentences["headline"],))


def _participants(workbook: Workbook, facts: PostEventFacts) -> None:
    rows, number = [], 0
    for group in facts.groups:
        for category in group.categories:
            number += 1
            rows.append([number, group.name, category.name, category.fee, category.participants])
        rows.append([None, group.name, _("Subtotal"), None, group.subtotal])
    if facts.groups:
        rows.append([None, _("Total"), None, None, facts.participants])
    sheet = _sheet(workbook, facts, "participants", facts.headers["participants"], rows, [6, 24, 50, 14, 14])
    _bold_rows(sheet, lambda row: row[0].value is None and row[4].value is not None)
    _amounts(sheet, 4)


def _money(workbook: Workbook, facts: PostEventFacts) -> None:
    header = [*facts.headers["fees"], _("Currency")]
    rows = [[n, line.label, line.billed, line.collected, line.outstanding, line.currency]
            for n, line in enumerate(facts.fees, start=1)]
    if facts.fees:
        rows += [[None, t.label, t.billed, t.collected, t.outstanding, t.currency] for t in facts.fee_totals]
    sheet = _sheet(workbook, facts, "fees", header, rows, [6, 50, 16, 16, 16, 10])
    _bold_rows(sheet, lambda row: row[0].value is None and row[2].value is not None)
    _amounts(sheet, 3, 4, 5)


def _sponsors(workbook: Workbook, facts: PostEventFacts) -> None:
    header = [*facts.headers["sponsors"], _("Currency")]
    rows = [[s.number, s.name, s.package, s.pledged, s.paid, s.status, s.currency] for s in facts.sponsors]
    if facts.sponsors:
        rows += [[None, t.label, None, t.billed, t.collected, None, t.currency] for t in facts.sponsor_totals]
    sheet = _sheet(workbook, facts, "sponsors", header, rows, [6, 50, 18, 16, 16, 14, 10])
    _bold_rows(sheet, lambda row: row[0].value is None and row[3].value is not None)
    _amounts(sheet, 4, 5)


def _programme(workbook: Workbook, facts: PostEventFacts) -> None:
    header = [facts.headers["programme"][0], _("Date"), *facts.headers["programme"][1:]]
    rows = [[n, d.day, d.label, d.groups, d.sessions, d.presentations, d.speakers]
            for n, d in enumerate(facts.programme, start=1)]
    if facts.programme:
        rows.append([None, None, _("Total"), None, facts.sessions, facts.presentations, None])
    sheet = _sheet(workbook, facts, "programme", header, rows, [6, 12, 40, 30, 10, 14, 10],
                   (facts.sentences["presented"],))
    _bold_rows(sheet, lambda row: row[0].value is None and row[4].value is not None and row[1].value is None)


def _reports(workbook: Workbook, facts: PostEventFacts) -> None:
    reports = facts.reports
    notes = (facts.sentences["reports"],) if reports.has_call else ()
    _sheet(workbook, facts, "table_one", facts.headers["table_one"],
           [[m.number, m.name, m.submitted_on] for m in reports.submitted], [6, 70, 16], notes)
    _sheet(workbook, facts, "table_two", facts.headers["table_two"],
           [[m.number, m.name] for m in reports.missing], [6, 70], notes)


def _innovations(workbook: Workbook, facts: PostEventFacts) -> None:
    entries = facts.innovations
    notes = (facts.sentences["innovations"],) if entries.has_call else ()
    rows = [[e.number, e.institution, e.title, _("Yes") if e.exhibited else None,
             _("Yes") if e.presented else None]
            for e in entries.entries]
    _sheet(workbook, facts, "table_three", facts.headers["table_three"], rows, [6, 50, 70, 12, 12], notes)


def _certificates(workbook: Workbook, facts: PostEventFacts) -> None:
    issued = any(c.issued for c in facts.certificates)
    rows = [[n, c.type, c.issued] for n, c in enumerate(facts.certificates, start=1)] if issued else []
    _sheet(workbook, facts, "certificates", facts.headers["certificates"], rows, [6, 36, 10])


def _resolutions(workbook: Workbook, facts: PostEventFacts) -> None:
    rows = [[r.number, r.text, r.owner, r.due_on, r.status] for r in facts.resolutions]
    _sheet(workbook, facts, "resolutions", facts.headers["resolutions"], rows, [6, 80, 40, 14, 14])


def _bold_rows(sheet, is_total) -> None:
    for row in sheet.iter_rows(min_row=3):
        if is_total(row):
            for cell in row:
                cell.font = Font(bold=True)


def _amounts(sheet, *columns: int) -> None:
    """Amounts in these columns (1-based) with thousands separators, as on the bills."""
    for column in columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            if isinstance(cell.value, int):
                cell.number_format = "#,##0"


def _dates(workbook: Workbook) -> None:
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.is_date:
                    cell.number_format = "yyyy-mm-dd"


def report_xlsx(facts: PostEventFacts) -> bytes:
    """The post-event report of `facts` as a workbook, one sheet per section in the report's
    order (tables I and II each a sheet of their own)."""
    with force_locale(facts.language):
        workbook = Workbook()
        workbook.remove(workbook.active)
        for part in (_meeting, _participants, _money, _sponsors, _programme, _reports, _innovations, _certificates,
                     _resolutions):
            part(workbook, facts)
        _dates(workbook)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
