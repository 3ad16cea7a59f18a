"""The report template as a PDF generated from the call's sections (when the organisers have not
uploaded their own): the sections in order with their guidance, in the reader's language."""
import io

from flask_babel import format_datetime
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from eventapp.core.i18n import localized
from eventapp.core.pdf import GREEN, NORMAL, SMALL, TITLE, escape, letterhead
from eventapp.reports.models import ReportCall
from eventapp.reports.sections import SECTOR_INSTITUTIONS

HEADING = ParagraphStyle("section-heading", parent=NORMAL, fontName="Helvetica-Bold", fontSize=11, leading=14,
                         textColor=GREEN, spaceBefore=8, spaceAfter=3)
PAGE_MARGIN = 18 * mm


def _paragraphs(text: str, style) -> list:
    return [Paragraph(escape(line), style) for line in (text or "").splitlines() if line.strip()]


def _writing_space() -> Table:
    """Ruled lines to write on, for those who print the template."""
    rows = [[""] for _n in range(5)]
    table = Table(rows, colWidths=[A4[0] - 2 * PAGE_MARGIN], rowHeights=[7 * mm] * len(rows), hAlign="LEFT")
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.lightgrey)]))
    return table


def render_call_template(call: ReportCall) -> bytes:
    """A4 PDF: the letterhead, the meeting, the deadline, the instructions, then each section
    numbered with its title, whether it is required, and its guidance."""
    event = call.event
    buffer = io.BytesIO()
    title = _("e-Government implementation report")
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN,
                            topMargin=14 * mm, bottomMargin=14 * mm, title=f"{title} — {localized(event, 'title')}",
                            author="e-Government Authority")
    story = letterhead()
    story.append(Paragraph(escape(title.upper()), TITLE))
    story.append(Paragraph(escape(localized(event, "title")), NORMAL))
    story.append(Paragraph(escape(_("Name of the ministry or institution:")) + " ____________________________", NORMAL))
    deadline = _("Submit by %(when)s.", when=format_datetime(call.deadline, "long"))
    if call.hard_deadline is not None:
        final = format_datetime(call.hard_deadline, "long")
        deadline += " " + _("Reports after %(when)s are not accepted.", when=final)
    story += [Spacer(1, 4), Paragraph(f"<b>{escape(deadline)}</b>", NORMAL), Spacer(1, 4)]
    story += _paragraphs(localized(call, "instructions"), NORMAL)
    story.append(Paragraph(escape(_("Fill in every section marked required. Attach the full report (PDF or DOCX) "
                                    "and, if you have them, the presentation slides (PDF or PPTX).")), SMALL))
    for n, section in enumerate(call.sections, start=1):
        marker = _("required") if section.required else _("optional")
        block = [Paragraph(f"{n}. {escape(localized(section, 'title'))} <font size=8 color='grey'>({escape(marker)})"
                           "</font>", HEADING)]
        block += _paragraphs(localized(section, "guidance"), SMALL)
        if section.code == SECTOR_INSTITUTIONS:
            block.append(Paragraph(escape(_("List each institution under the ministry that this report covers.")),
                                   SMALL))
        block.append(_writing_space())
        story.append(KeepTogether(block))
    doc.build(story)
    return buffer.getvalue()
