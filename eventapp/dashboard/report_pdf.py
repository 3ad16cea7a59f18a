"""The post-event report as an A4 portrait PDF laid out like the 2019 report: the government
letterhead and the report's title, then numbered sections (1.0 … 9.0), each table with a "Na."
column and grid lines as the report's tables I, II and III have, the edition's title at the top
of every page and the page number at the bottom. In the facts' language."""
import io

from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from eventapp.core.money import format_money
from eventapp.core.pdf import CENTER, CENTER_BOLD, GREEN, NORMAL, TITLE, escape, letterhead
from eventapp.dashboard.report_facts import FeeLine, PostEventFacts

PAGE_MARGIN = 18 * mm
WIDTH = A4[0] - 2 * PAGE_MARGIN
NUMBER = 10 * mm  # the "Na." column
LIGHT_GREEN = colors.HexColor("#e6f2ea")
HEAD = ParagraphStyle("report-head", parent=NORMAL, fontName="Helvetica-Bold", textColor=colors.white,
                      fontSize=8.5, leading=11)
CELL = ParagraphStyle("report-cell", parent=NORMAL, fontSize=8.5, leading=11)
BOLD_CELL = ParagraphStyle("report-bold-cell", parent=CELL, fontName="Helvetica-Bold")
SECTION = ParagraphStyle("report-section", parent=NORMAL, fontName="Helvetica-Bold", fontSize=12, leading=15,
                         spaceBefore=12, spaceAfter=5)
TABLE_HEADING = ParagraphStyle("report-table", parent=NORMAL, fontName="Helvetica-Bold", fontSize=10.5,
                               spaceBefore=8, spaceAfter=4)
COVER = ParagraphStyle("report-cover", parent=TITLE, alignment=1)


def _cells(row: list, style=CELL) -> list:
    return [Paragraph(escape(str(value)), style) for value in row]


def _table(header: tuple[str, ...], rows: list[list], widths: list[float], strong_rows: tuple[int, ...] = ()) -> Table:
    """A grid table under a green header row; `strong_rows` (indexes into `rows`) in bold on
    light green, as subtotals and totals."""
    data = [_cells(header, HEAD)] + [_cells(row, BOLD_CELL if i in strong_rows else CELL) for i, row in enumerate(rows)]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), GREEN),
    ]
    style += [("BACKGROUND", (0, i + 1), (-1, i + 1), LIGHT_GREEN) for i in strong_rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


def _mark(value: bool) -> str:
    return _("Yes") if value else ""


def _none() -> Paragraph:
    return Paragraph(f"<i>{escape(_('None recorded.'))}</i>", NORMAL)


def _section(title: str, *flowables) -> list:
    return [KeepTogether([Paragraph(escape(title), SECTION), *flowables[:1]]), *flowables[1:]]


def _rest(first: float, *others: float) -> list[float]:
    """Column widths: the "Na." column, a flexible column, then fixed ones."""
    return [NUMBER, WIDTH - NUMBER - first - sum(others), first, *others]


def _meeting(facts: PostEventFacts) -> list:
    meeting = facts.meeting
    rows = [[_("Edition"), str(meeting.edition)], [_("Theme"), meeting.theme], [_("Venue"), meeting.venue],
            [_("Dates"), meeting.dates]]
    table = Table([_cells(row[:1], BOLD_CELL) + _cells(row[1:]) for row in rows], colWidths=[40 * mm, WIDTH - 40 * mm],
                  hAlign="LEFT")
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    headline = Paragraph(escape(facts.sentences["headline"]), NORMAL)
    return _section(facts.titles["meeting"], table, Spacer(1, 4), headline)


def _participants(facts: PostEventFacts) -> list:
    if not facts.groups:
        return _section(facts.titles["participants"], _none())
    rows, strong, number = [], [], 0
    for group in facts.groups:
        for category in group.categories:
            number += 1
            rows.append([f"{number}.", group.name, category.name, format_money(category.fee, category.currency),
                         category.participants])
        rows.append(["", group.name, _("Subtotal"), "", group.subtotal])
        strong.append(len(rows) - 1)
    rows.append(["", _("Total"), "", "", facts.participants])
    strong.append(len(rows) - 1)
    widths = [NUMBER, 38 * mm, WIDTH - NUMBER - 38 * mm - 50 * mm, 28 * mm, 22 * mm]
    return _section(facts.titles["participants"], _table(facts.headers["participants"], rows, widths, tuple(strong)))


def _money_rows(lines: tuple[FeeLine, ...], totals: tuple[FeeLine, ...]) -> tuple[list, list]:
    rows = [[f"{n}.", line.label, format_money(line.billed, line.currency), format_money(line.collected, line.currency),
             format_money(line.outstanding, line.currency)] for n, line in enumerate(lines, start=1)]
    strong = []
    for total in totals:
        rows.append(["", f"{total.label} ({total.currency})", format_money(total.billed, total.currency),
                     format_money(total.collected, total.currency), format_money(total.outstanding, total.currency)])
        strong.append(len(rows) - 1)
    return rows, strong


def _fees(facts: PostEventFacts) -> list:
    if not facts.fees:
        return _section(facts.titles["fees"], _none())
    rows, strong = _money_rows(facts.fees, facts.fee_totals)
    widths = _rest(30 * mm, 30 * mm, 30 * mm)
    return _section(facts.titles["fees"], _table(facts.headers["fees"], rows, widths, tuple(strong)))


def _sponsors(facts: PostEventFacts) -> list:
    if not facts.sponsors:
        return _section(facts.titles["sponsors"], _none())
    rows = [[f"{s.number}.", s.name, s.package, format_money(s.pledged, s.currency), format_money(s.paid, s.currency),
             s.status] for s in facts.sponsors]
    strong = []
    for total in facts.sponsor_totals:
        rows.append(["", f"{total.label} ({total.currency})", "", format_money(total.billed, total.currency),
                     format_money(total.collected, total.currency), ""])
        strong.append(len(rows) - 1)
    widths = _rest(22 * mm, 31 * mm, 31 * mm, 20 * mm)
    return _section(facts.titles["sponsors"], _table(facts.headers["sponsors"], rows, widths, tuple(strong)))


def _programme(facts: PostEventFacts) -> list:
    presented = Paragraph(escape(facts.sentences["presented"]), NORMAL)
    if not facts.programme:
        return _section(facts.titles["programme"], _none(), Spacer(1, 4), presented)
    rows = [[f"{n}.", d.heading, d.groups, d.sessions, d.presentations, d.speakers]
            for n, d in enumerate(facts.programme, start=1)]
    rows.append(["", _("Total"), "", facts.sessions, facts.presentations, ""])
    widths = [NUMBER, WIDTH - NUMBER - 30 * mm - 68 * mm, 30 * mm, 20 * mm, 27 * mm, 21 * mm]
    return _section(facts.titles["programme"], _table(facts.headers["programme"], rows, widths, (len(rows) - 1,)),
                    Spacer(1, 4), presented)


def _reports(facts: PostEventFacts) -> list:
    reports = facts.reports
    if not reports.has_call:
        return _section(facts.titles["reports"], _none())
    story = _section(facts.titles["reports"], Paragraph(escape(facts.sentences["reports"]), NORMAL))
    story.append(Paragraph(escape(facts.titles["table_one"]), TABLE_HEADING))
    rows = [[f"{m.number}.", m.name, m.submitted_text] for m in reports.submitted]
    story.append(_table(facts.headers["table_one"], rows, _rest(30 * mm)) if rows else _none())
    story.append(Paragraph(escape(facts.titles["table_two"]), TABLE_HEADING))
    story.append(_table(facts.headers["table_two"], [[f"{m.number}.", m.name] for m in reports.missing],
                        [NUMBER, WIDTH - NUMBER]) if reports.missing else _none())
    return story


def _innovations(facts: PostEventFacts) -> list:
    entries = facts.innovations
    if not entries.has_call:
        return _section(facts.titles["innovations"], _none())
    story = _section(facts.titles["innovations"], Paragraph(escape(facts.sentences["innovations"]), NORMAL))
    story.append(Paragraph(escape(facts.titles["table_three"]), TABLE_HEADING))
    rows = [[f"{e.number}.", e.institution, e.title, _mark(e.exhibited), _mark(e.presented)]
            for e in entries.entries]
    widths = [NUMBER, 44 * mm, WIDTH - NUMBER - 44 * mm - 56 * mm, 25 * mm, 31 * mm]
    story.append(_table(facts.headers["table_three"], rows, widths) if rows else _none())
    return story


def _certificates(facts: PostEventFacts) -> list:
    if not any(c.issued for c in facts.certificates):
        return _section(facts.titles["certificates"], _none())
    rows = [[f"{n}.", c.type, c.issued] for n, c in enumerate(facts.certificates, start=1)]
    rows.append(["", _("Total"), sum(c.issued for c in facts.certificates)])
    return _section(facts.titles["certificates"],
                    _table(facts.headers["certificates"], rows, _rest(30 * mm), (len(rows) - 1,)))


def _resolutions(facts: PostEventFacts) -> list:
    if not facts.resolutions:
        return _section(facts.titles["resolutions"], _none())
    rows = [[f"{r.number}.", r.text, r.owner, r.due_text, r.status] for r in facts.resolutions]
    return _section(facts.titles["resolutions"],
                    _table(facts.headers["resolutions"], rows, _rest(40 * mm, 22 * mm, 20 * mm)))


def _page_furniture(title: str):
    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.grey)
        canvas.drawString(PAGE_MARGIN, A4[1] - 10 * mm, title)
        canvas.line(PAGE_MARGIN, A4[1] - 11.5 * mm, A4[0] - PAGE_MARGIN, A4[1] - 11.5 * mm)
        canvas.drawCentredString(A4[0] / 2, 9 * mm, _("Page %(number)d", number=doc.page))
        canvas.restoreState()

    return draw


def report_pdf(facts: PostEventFacts) -> bytes:
    """The post-event report of `facts` as an A4 portrait PDF, in the facts' language."""
    with force_locale(facts.language):
        meeting = facts.meeting
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer, pagesize=A4, leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN, topMargin=16 * mm,
            bottomMargin=16 * mm, title=_("Report of the %(meeting)s", meeting=meeting.title),
            author="e-Government Authority",
        )
        story = letterhead() + [
            Paragraph(escape(_("Report of the %(meeting)s", meeting=meeting.title)), COVER),
            Paragraph(escape(meeting.venue), CENTER_BOLD),
            Paragraph(escape(meeting.dates), CENTER),
            Spacer(1, 6),
        ]
        for part in (_meeting, _participants, _fees, _sponsors, _programme, _reports, _innovations, _certificates,
                     _resolutions):
            story += part(facts)
        furniture = _page_furniture(meeting.title)
        doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
        return buffer.getvalue()
