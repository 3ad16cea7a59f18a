"""Badges as PDFs (reportlab): one A6 badge (105 × 148 mm, portrait), or A4 sheets of four
(2 × 2) with light cut marks for the print room.

A badge shows the group in its colour (a band, with the group's name in Swahili and English),
the meeting's Swahili title, dates and venue, the honorific and name big, the position, the
institution, the category, the reference, and a QR code that carries only the badge token.

Text is fitted, never overflowing: a long name gets a smaller font, then a second line, and
only past the smallest size is it cut with "…". A sheet is drawn on one canvas with the
standard Helvetica fonts (nothing is opened per badge); a badge's QR code is its only image.
"""
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from eventapp.core.pdf_text import INK, LEADING, CentredWriter, fit_text
from eventapp.core.qr import qr_image_reader
from eventapp.events.wording import event_dates, venue
from eventapp.registration.models import Registration

BADGE_WIDTH, BADGE_HEIGHT = A6
MARGIN = 7 * mm
TEXT_WIDTH = BADGE_WIDTH - 2 * MARGIN
BAND_HEIGHT = 26 * mm
FOOT_HEIGHT = 5 * mm
QR_SIZE = 36 * mm
QR_BOTTOM = 12 * mm
REFERENCE_BASELINE = 8 * mm
PER_SHEET = 4  # 2 × 2 on A4
CUT_MARK = 6 * mm
CUT_MARK_GREY = colors.Color(0.6, 0.6, 0.6)
DEFAULT_COLOUR = "#1f6f43"
GREY = colors.Color(0.35, 0.35, 0.35)
REGULAR, BOLD, ITALIC = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"


@dataclass(frozen=True)
class BadgeContent:
    """Everything printed on one badge, as plain values (a sheet job commits while it draws,
    which would expire ORM objects)."""

    token: str
    reference: str
    honorific: str
    name: str
    position: str
    institution: str
    category: str
    group: str
    colour: str
    event_title: str
    event_when_where: str


def badge_content(registration: Registration) -> BadgeContent:
    """What the badge of `registration` shows (reads its event, category, group and institution)."""
    event, category = registration.event, registration.category
    group = category.group
    return BadgeContent(
        token=registration.badge_token,
        reference=registration.reference,
        honorific=registration.title.strip(),
        name=registration.full_name,
        position=registration.position.strip(),
        institution=registration.institution.label,
        category=bilingual(category.name_sw, category.name_en),
        group=bilingual(group.name_sw.upper(), group.name_en.upper()),
        colour=group.colour or DEFAULT_COLOUR,
        event_title=event.title_sw,
        event_when_where=" · ".join(p for p in (event_dates(event.starts_on, event.ends_on), venue(event)) if p),
    )


def bilingual(sw: str, en: str) -> str:
    sw, en = (sw or "").strip(), (en or "").strip()
    return sw if not en or en.lower() == sw.lower() else (en if not sw else f"{sw} · {en}")


# --- drawing -------------------------------------------------------------------------------


def _writer(canvas: Canvas, x: float, top: float) -> CentredWriter:
    """A writer centred in the badge whose left edge is `x`."""
    return CentredWriter(canvas, x + BADGE_WIDTH / 2, top)


def _colour(hex_colour: str) -> colors.Color:
    try:
        return colors.HexColor(hex_colour or DEFAULT_COLOUR)
    except (ValueError, TypeError):
        return colors.HexColor(DEFAULT_COLOUR)


def _on(background: colors.Color) -> colors.Color:
    """Ink that reads on `background`: white on dark colours, near-black on light ones."""
    luminance = 0.2126 * background.red + 0.7152 * background.green + 0.0722 * background.blue
    return INK if luminance > 0.6 else colors.white


def draw_badge(canvas: Canvas, badge: BadgeContent, x: float, y: float) -> None:
    """One badge with its lower left corner at (x, y)."""
    band = _colour(badge.colour)
    canvas.setFillColor(band)
    canvas.rect(x, y + BADGE_HEIGHT - BAND_HEIGHT, BADGE_WIDTH, BAND_HEIGHT, stroke=0, fill=1)
    canvas.rect(x, y, BADGE_WIDTH, FOOT_HEIGHT, stroke=0, fill=1)

    group = fit_text(badge.group, BOLD, TEXT_WIDTH, 14, 6, max_lines=2)
    group_height = len(group.lines) * group.size * LEADING
    band_writer = _writer(canvas, x, y + BADGE_HEIGHT - (BAND_HEIGHT - group_height) / 2)
    band_writer.text(group, BOLD, _on(band))

    writer = _writer(canvas, x, y + BADGE_HEIGHT - BAND_HEIGHT)
    writer.gap(4 * mm)
    writer.text(fit_text(badge.event_title, BOLD, TEXT_WIDTH, 10.5, 7, max_lines=2), BOLD)
    writer.text(fit_text(badge.event_when_where, REGULAR, TEXT_WIDTH, 8.5, 6), REGULAR, GREY)
    writer.gap(5 * mm)
    if badge.honorific:
        writer.text(fit_text(badge.honorific, REGULAR, TEXT_WIDTH, 12, 8), REGULAR)
    writer.text(fit_text(badge.name, BOLD, TEXT_WIDTH, 24, 10, max_lines=2), BOLD)
    writer.gap(2 * mm)
    writer.text(fit_text(badge.position, REGULAR, TEXT_WIDTH, 10, 6.5), REGULAR)
    writer.text(fit_text(badge.institution, BOLD, TEXT_WIDTH, 10.5, 7, max_lines=2), BOLD)
    writer.gap(2 * mm)
    writer.text(fit_text(badge.category, ITALIC, TEXT_WIDTH, 9, 6.5), ITALIC, GREY)

    canvas.drawImage(qr_image_reader(badge.token, box_size=4), x + (BADGE_WIDTH - QR_SIZE) / 2, y + QR_BOTTOM,
                     QR_SIZE, QR_SIZE)
    canvas.setFillColor(GREY)
    canvas.setFont(REGULAR, 7)
    canvas.drawCentredString(x + BADGE_WIDTH / 2, y + REFERENCE_BASELINE, badge.reference)


def _document(pagesize, title: str) -> tuple[io.BytesIO, Canvas]:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=pagesize, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("e-Government Authority (eGA)")
    return buffer, canvas


def render_badge(registration: Registration) -> bytes:
    """The A6 badge of one registration."""
    badge = badge_content(registration)
    buffer, canvas = _document(A6, f"Beji / Badge {badge.reference}")
    draw_badge(canvas, badge, 0, 0)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _cut_marks(canvas: Canvas, bottom: float) -> None:
    """Short grey ticks at the page's edges on the cut lines, and a cross where they meet."""
    page_width, page_height = A4
    middle_x, middle_y = BADGE_WIDTH, bottom + BADGE_HEIGHT
    canvas.setStrokeColor(CUT_MARK_GREY)
    canvas.setLineWidth(0.3)
    canvas.line(middle_x, page_height, middle_x, page_height - CUT_MARK)
    canvas.line(middle_x, 0, middle_x, CUT_MARK)
    canvas.line(0, middle_y, CUT_MARK, middle_y)
    canvas.line(page_width, middle_y, page_width - CUT_MARK, middle_y)
    canvas.line(middle_x - CUT_MARK / 2, middle_y, middle_x + CUT_MARK / 2, middle_y)
    canvas.line(middle_x, middle_y - CUT_MARK / 2, middle_x, middle_y + CUT_MARK / 2)


def _sheet_positions() -> list[tuple[float, float]]:
    """Lower left corners of the four badges on an A4 sheet: top row first, left to right."""
    bottom = (A4[1] - 2 * BADGE_HEIGHT) / 2
    return [(0, bottom + BADGE_HEIGHT), (BADGE_WIDTH, bottom + BADGE_HEIGHT), (0, bottom), (BADGE_WIDTH, bottom)]


def render_badge_contents(badges: Iterable[BadgeContent], title: str = "Beji / Badges",
                          on_badge: Callable[[], None] | None = None) -> bytes:
    """A4 sheets of four badges; `on_badge` is called after each badge is drawn (progress).
    With no badges, one page says so (a PDF needs a page)."""
    buffer, canvas = _document(A4, title)
    positions = _sheet_positions()
    bottom = positions[-1][1]
    drawn = 0
    for badge in badges:
        slot = drawn % PER_SHEET
        if slot == 0 and drawn:
            canvas.showPage()
        if slot == 0:
            _cut_marks(canvas, bottom)
        draw_badge(canvas, badge, *positions[slot])
        drawn += 1
        if on_badge is not None:
            on_badge()
    if not drawn:
        canvas.setFont(REGULAR, 12)
        canvas.drawCentredString(A4[0] / 2, A4[1] / 2, "Hakuna beji · No badges")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_badge_sheet(registrations: Iterable[Registration]) -> bytes:
    """A4 sheets of four badges (2 × 2) with cut marks, in the order given."""
    return render_badge_contents(badge_content(r) for r in registrations)
