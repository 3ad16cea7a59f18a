"""The programme as a PDF that looks like the printed provisional programme: the meeting's
title and dates, "PROVISIONAL PROGRAMME", the theme, the group heading, then per day a
heading and a TIME | ACTIVITY table with one row per item (a sub-item is a row of its own,
its activity indented under its session), and "Sponsored by" at the end."""
import io
from collections.abc import Callable

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from eventapp.core.i18n import localized
from eventapp.core.pdf import CENTER, CENTER_BOLD, GREEN, NORMAL, SMALL, TITLE, escape
from eventapp.events.models import Event, ParticipantGroup
from eventapp.programme.models import ItemKind, ProgrammeItem
from eventapp.programme.queries import DayTimetable
from eventapp.programme.wording import day_heading, item_heading, item_subtitle, long_date, people_lines, time_range

PAGE_MARGIN = 18 * mm
TIME_WIDTH = 30 * mm
ACTIVITY_WIDTH = A4[0] - 2 * PAGE_MARGIN - TIME_WIDTH
INDENT = 5 * mm  # per level of a sub-item
LIGHT_GREEN = colors.HexColor("#e6f2ea")
LIGHT_GREY = colors.HexColor("#f0f0f0")
BREAKS = {ItemKind.HEALTH_BREAK, ItemKind.LUNCH}

MEETING = ParagraphStyle("programme-meeting", parent=CENTER_BOLD, fontSize=14, leading=18)
PROGRAMME = ParagraphStyle("programme-title", parent=TITLE, alignment=TA_CENTER)
THEME = ParagraphStyle("programme-theme", parent=CENTER_BOLD, fontName="Helvetica-BoldOblique", fontSize=10.5)
GROUP = ParagraphStyle("programme-group", parent=CENTER_BOLD, textColor=GREEN, spaceBefore=6)
DAY = ParagraphStyle("programme-day", parent=NORMAL, fontName="Helvetica-Bold", fontSize=11,
                     spaceBefore=8, spaceAfter=4)
HEAD = ParagraphStyle("programme-head", parent=NORMAL, fontName="Helvetica-Bold", textColor=colors.white)


# Areas with logos to print (the sponsors) register a function event -> [path or file-like
# image]; the programme depends on none of them.
SPONSOR_LOGO_PROVIDERS: list[Callable[[Event], list]] = []


def sponsor_logos(event: Event) -> list:
    """The sponsors' logos to print under "Sponsored by", each a path or a file-like image."""
    return [logo for provider in SPONSOR_LOGO_PROVIDERS for logo in provider(event)]


def _indented(style: ParagraphStyle, depth: int) -> ParagraphStyle:
    if not depth:
        return style
    return ParagraphStyle(f"{style.name}-{depth}", parent=style, leftIndent=depth * INDENT)


def _activity(item: ProgrammeItem, depth: int) -> list:
    """What the activity cell of one item holds: title, room, people, description."""
    normal, small = _indented(NORMAL, depth), _indented(SMALL, depth)
    cell = [Paragraph(f"<b>{escape(item_heading(item))}</b>", normal)]
    subtitle = item_subtitle(item)
    if subtitle:
        cell.append(Paragraph(escape(subtitle), normal))
    if item.room is not None:
        cell.append(Paragraph(f"<i>{escape(_('Room'))}: {escape(item.room.name)}</i>", small))
    for line in people_lines(item):
        if line.numbered:
            cell.append(Paragraph(f"<b>{escape(line.label)}:</b>", normal))
            numbered = _indented(NORMAL, depth + 1)
            cell += [Paragraph(f"{n}. {escape(name)}", numbered) for n, name in enumerate(line.names, start=1)]
        else:
            cell.append(Paragraph(f"<b>{escape(line.label)}:</b> {escape('; '.join(line.names))}", normal))
    description = localized(item, "description").strip()
    if description:
        cell.append(Paragraph(escape(description).replace("\n", "<br/>"), small))
    return cell


def _day_table(day: DayTimetable) -> Table:
    rows = [[Paragraph(escape(_("TIME")), HEAD), Paragraph(escape(_("ACTIVITY")), HEAD)]]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), GREEN),
    ]
    for item, depth in day.walk():
        rows.append([Paragraph(escape(time_range(item)), NORMAL), _activity(item, depth)])
        if item.children:
            style.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), LIGHT_GREEN))
        elif item.kind in BREAKS:
            style.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), LIGHT_GREY))
    table = Table(rows, colWidths=[TIME_WIDTH, ACTIVITY_WIDTH], repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


def _dates(days: list[DayTimetable]) -> str:
    if not days:
        return ""
    first, last = days[0].day.date, days[-1].day.date
    return long_date(first) if first == last else f"{long_date(first)} – {long_date(last)}"


def _section(event: Event, group: ParticipantGroup | None, days: list[DayTimetable]) -> list:
    story = [
        Paragraph(escape(localized(event, "title")), MEETING),
        Paragraph(escape(_dates(days)), CENTER),
        Spacer(1, 4),
        Paragraph(escape(_("PROVISIONAL PROGRAMME")), PROGRAMME),
        Paragraph(escape(_("Theme: %(theme)s", theme=localized(event, "theme"))), THEME),
    ]
    if group is not None:
        story.append(Paragraph(escape(localized(group, "name").upper()), GROUP))
        description = localized(group, "description").strip()
        if description:
            story.append(Paragraph(escape(description), CENTER))
    for number, day in enumerate(days, start=1):
        story.append(Paragraph(escape(day_heading(day.day, number)), DAY))
        if day.items:
            story.append(_day_table(day))
        else:
            story.append(Paragraph(escape(_("Nothing has been scheduled for this day yet.")), NORMAL))
    return story


def _sponsors(labels: list[str], logos: list) -> list:
    if not labels and not logos:
        return []
    line = f"<b>{escape(_('Sponsored by'))}:</b> {escape(', '.join(labels))}"
    story = [Spacer(1, 10), Paragraph(line, NORMAL)]
    if logos:
        height = 15 * mm
        images = [Image(logo, width=height * 2, height=height, kind="proportional") for logo in logos]
        per_row = 6
        rows = [images[i:i + per_row] for i in range(0, len(images), per_row)]
        rows[-1] += [""] * (per_row - len(rows[-1]))
        story.append(Table(rows, colWidths=[(A4[0] - 2 * PAGE_MARGIN) / per_row] * per_row, hAlign="LEFT"))
    return story


def render_programme(
    event: Event,
    sections: list[tuple[ParticipantGroup | None, list[DayTimetable]]],
    sponsors: list[str],
) -> bytes:
    """The PDF of one or more groups' programmes (each group from a new page), A4 portrait."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN, topMargin=14 * mm,
        bottomMargin=14 * mm, title=f"{localized(event, 'title')} — {_('Programme')}",
        author="e-Government Authority",
    )
    story: list = []
    for n, (group, days) in enumerate(sections):
        if n:
            story.append(PageBreak())
        story += _section(event, group, days)
    story += _sponsors(sponsors, sponsor_logos(event))
    doc.build(story)
    return buffer.getvalue()
