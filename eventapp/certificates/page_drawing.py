"""Drawing certificate pages on a reportlab canvas: the part every page of an event's type
shares (frame, letterhead, wording, signatories, logos) as one PDF form, and each page's own
text and QR code. Plain values in (see `documents` for where they come from), PDF bytes out.

Layout of an A4 landscape page, from the top: letterhead; the event's title and theme; the
design's title; "Hii ni kuthibitisha kwamba / This is to certify that"; the holder's name (one
line from 30 points down to 20, then two lines down to 12) over a gold rule; the institution;
the statement; the certificate's detail; the place and dates; at the foot the signatories left
and right, the QR code between them with the serial, issue date and verification address
under it, and a strip of sponsors' logos.

The QR code is drawn as vector squares (crisp at any zoom and in print) with a fixed mask: any
of the eight masks makes a valid code, and qrcode's choice of the "best" one cost 4 ms a code.
"""
import io
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import groupby

import qrcode
from babel.dates import format_date
from qrcode.constants import ERROR_CORRECT_M
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from eventapp.core.pdf import GREEN, letterhead
from eventapp.core.pdf_text import INK, LEADING, CentredWriter, Fitted, fit_text

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
CENTRE = PAGE_WIDTH / 2
TEXT_WIDTH = PAGE_WIDTH - 200
GOLD = colors.HexColor("#b8860b")
GREY = colors.Color(0.35, 0.35, 0.35)
SAMPLE_RED = colors.Color(0.75, 0.1, 0.1)
SERIF, SERIF_BOLD, SERIF_ITALIC = "Times-Roman", "Times-Bold", "Times-Italic"
SANS, SANS_BOLD, SANS_ITALIC = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"
NAME_MIDDLE = 334  # the holder's name is centred on this height, on one line or two
NAME_LARGEST, NAME_ONE_LINE_SMALLEST, NAME_SMALLEST = 30, 20, 12
QR_SIZE, QR_BOTTOM = 64, 96
QR_MASK = 0
SIGNATORY_X = (PAGE_WIDTH * 0.22, PAGE_WIDTH * 0.78)
SIGNATURE_BOX = (150, 46)
SIGNATURE_BOTTOM, SIGNATORY_LINE = 104, 101
LOGO_HEIGHT, LOGO_MAX_WIDTH, LOGO_BOTTOM, LOGO_GAP = 26, 80, 34, 12
CERTIFY = ("Hii ni kuthibitisha kwamba", "This is to certify that")


@lru_cache(maxsize=64)
def long_date(day: date, locale: str) -> str:
    return format_date(day, "d MMMM y", locale=locale)


@dataclass(frozen=True)
class CertificateContent:
    """What one page prints of its own, as plain values (a job commits while drawing, which
    would expire ORM objects)."""

    layout: tuple[int, str]  # (event id, type): which page layout it is drawn on
    url: str
    serial: str
    holder_name: str
    holder_institution: str
    detail_sw: str
    detail_en: str
    issued_on: date


@dataclass(frozen=True)
class Signatory:
    name: str
    title: str
    signature: ImageReader | None


@dataclass(frozen=True)
class Layout:
    """What every page of an event's type has in common, drawn once as a PDF form."""

    form: str
    event_title: tuple[str, str]
    theme: tuple[str, str]
    title: tuple[str, str]
    statement: tuple[str, str]
    place: tuple[str, str]
    signatories: list[Signatory]
    logos: list[ImageReader]


def _fit(text: str, font: str, size: float, smallest: float, lines: int = 1, width: float = TEXT_WIDTH) -> Fitted:
    return fit_text(text, font, width, size, smallest, max_lines=lines)


def _draw_frame(canvas: Canvas) -> None:
    canvas.setStrokeColor(GREEN)
    canvas.setLineWidth(3)
    canvas.rect(18, 18, PAGE_WIDTH - 36, PAGE_HEIGHT - 36)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1)
    canvas.rect(26, 26, PAGE_WIDTH - 52, PAGE_HEIGHT - 52)


def _draw_letterhead(canvas: Canvas) -> float:
    top = PAGE_HEIGHT - 38
    for flowable in letterhead():
        _width, height = flowable.wrapOn(canvas, TEXT_WIDTH, PAGE_HEIGHT)
        top -= height
        flowable.drawOn(canvas, (PAGE_WIDTH - TEXT_WIDTH) / 2, top)
    return top


def _draw_signatory(canvas: Canvas, signatory: Signatory, centre: float) -> None:
    if signatory.signature is not None:
        box_width, box_height = SIGNATURE_BOX
        canvas.drawImage(signatory.signature, centre - box_width / 2, SIGNATURE_BOTTOM, box_width, box_height,
                         mask="auto", preserveAspectRatio=True, anchor="s")
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.6)
    canvas.line(centre - 90, SIGNATORY_LINE, centre + 90, SIGNATORY_LINE)
    canvas.setFillColor(INK)
    name = _fit(signatory.name, SANS_BOLD, 10, 7, width=200)
    canvas.setFont(SANS_BOLD, name.size)
    canvas.drawCentredString(centre, SIGNATORY_LINE - 12, name.lines[0])
    title = _fit(signatory.title, SANS, 8.5, 6.5, lines=2, width=200)
    canvas.setFillColor(GREY)
    canvas.setFont(SANS, title.size)
    for n, line in enumerate(title.lines):
        canvas.drawCentredString(centre, SIGNATORY_LINE - 23 - n * title.size * LEADING, line)


def _draw_logos(canvas: Canvas, logos: list[ImageReader]) -> None:
    widths = []
    for logo in logos:
        width, height = logo.getSize()
        widths.append(min(LOGO_MAX_WIDTH, LOGO_HEIGHT * width / height))
    x = CENTRE - (sum(widths) + LOGO_GAP * (len(widths) - 1)) / 2
    for logo, width in zip(logos, widths):
        canvas.drawImage(logo, x, LOGO_BOTTOM, width, LOGO_HEIGHT, mask="auto", preserveAspectRatio=True)
        x += width + LOGO_GAP


def _draw_layout(canvas: Canvas, layout: Layout) -> None:
    """The common part of the pages, into the PDF form `layout.form`."""
    canvas.beginForm(layout.form)
    _draw_frame(canvas)
    writer = CentredWriter(canvas, CENTRE, _draw_letterhead(canvas) - 6)
    writer.text(_fit(layout.event_title[0], SANS_BOLD, 13, 9, lines=2), SANS_BOLD)
    writer.text(_fit(layout.event_title[1], SANS_ITALIC, 10, 7), SANS_ITALIC, GREY)
    writer.gap(3)
    writer.text(_fit(layout.theme[0], SANS, 9.5, 7), SANS)
    writer.text(_fit(layout.theme[1], SANS_ITALIC, 8.5, 6.5), SANS_ITALIC, GREY)
    writer = CentredWriter(canvas, CENTRE, 452)
    writer.text(_fit(layout.title[0], SERIF_BOLD, 26, 14), SERIF_BOLD, GREEN)
    writer.text(_fit(layout.title[1], SERIF_BOLD, 15, 9), SERIF_BOLD, GREY)
    writer.gap(8)
    writer.text(_fit(CERTIFY[0], SERIF_ITALIC, 13, 13), SERIF_ITALIC)
    writer.text(_fit(CERTIFY[1], SERIF_ITALIC, 10.5, 10.5), SERIF_ITALIC, GREY)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.8)
    canvas.line(CENTRE - 200, 306, CENTRE + 200, 306)
    writer = CentredWriter(canvas, CENTRE, 276)
    writer.text(_fit(layout.statement[0], SERIF, 13, 9, lines=2), SERIF)
    writer.text(_fit(layout.statement[1], SERIF_ITALIC, 11, 8, lines=2), SERIF_ITALIC, GREY)
    writer = CentredWriter(canvas, CENTRE, 188)
    writer.text(_fit(layout.place[0], SANS, 10, 7), SANS)
    writer.text(_fit(layout.place[1], SANS_ITALIC, 9, 6.5), SANS_ITALIC, GREY)
    placed = layout.signatories[:2]
    for signatory, centre in zip(placed, SIGNATORY_X if len(placed) == 2 else SIGNATORY_X[:1]):
        _draw_signatory(canvas, signatory, centre)
    if layout.logos:
        _draw_logos(canvas, layout.logos)
    canvas.endForm()


@lru_cache(maxsize=16)
def qr_version(length: int) -> int:
    """The smallest QR version holding `length` bytes at level M (one byte-mode segment, so the
    version depends on the length alone and a batch finds it once)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=QR_MASK)
    code.add_data("x" * length, optimize=0)
    return code.best_fit()


def qr_squares(data: str) -> tuple[int, str]:
    """The QR code of `data` as the number of modules a side and the PDF path of its dark
    modules (one rectangle per run in a row, in module units, origin at the lower left)."""
    code = qrcode.QRCode(version=qr_version(len(data.encode())), error_correction=ERROR_CORRECT_M, border=0,
                         mask_pattern=QR_MASK)
    code.add_data(data, optimize=0)
    code.make(fit=False)
    modules = code.modules
    size = len(modules)
    runs = []
    for row_number, row in enumerate(modules):
        y = size - 1 - row_number
        x = 0
        for dark, run in groupby(row):
            length = sum(1 for _ in run)
            if dark:
                runs.append(f"{x} {y} {length} 1 re")
            x += length
    return size, "\n".join(runs)


def _draw_qr(canvas: Canvas, data: str) -> None:
    size, path = qr_squares(data)
    scale = QR_SIZE / size
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.translate(CENTRE - QR_SIZE / 2, QR_BOTTOM)
    canvas.scale(scale, scale)
    canvas.addLiteral(path + "\nf")
    canvas.restoreState()


def fit_name(name: str) -> Fitted:
    """The holder's name on one line from 30 points down to 20, else on two lines from 20 down
    to 12 (cut with "…" only past that)."""
    name = " ".join(name.split())
    if stringWidth(name, SERIF_BOLD, NAME_ONE_LINE_SMALLEST) <= TEXT_WIDTH:
        return _fit(name, SERIF_BOLD, NAME_LARGEST, NAME_ONE_LINE_SMALLEST)
    return _fit(name, SERIF_BOLD, NAME_ONE_LINE_SMALLEST, NAME_SMALLEST, lines=2)


def _draw_page(canvas: Canvas, content: CertificateContent, form: str) -> None:
    canvas.doForm(form)
    name = fit_name(content.holder_name)
    writer = CentredWriter(canvas, CENTRE, NAME_MIDDLE + len(name.lines) * name.size * LEADING / 2)
    writer.text(name, SERIF_BOLD)
    writer = CentredWriter(canvas, CENTRE, 302)
    if content.holder_institution:
        writer.text(_fit(content.holder_institution, SANS, 12, 8), SANS)
    writer = CentredWriter(canvas, CENTRE, 224)
    if content.detail_sw:
        writer.text(_fit(content.detail_sw, SERIF_BOLD, 12, 8), SERIF_BOLD)
    if content.detail_en:
        writer.text(_fit(content.detail_en, SERIF_ITALIC, 10.5, 7), SERIF_ITALIC, GREY)
    _draw_qr(canvas, content.url)
    canvas.setFillColor(INK)
    canvas.setFont(SANS_BOLD, 8.5)
    canvas.drawCentredString(CENTRE, 85, f"Namba ya cheti / Serial No.: {content.serial}")
    canvas.setFont(SANS, 7.5)
    canvas.drawCentredString(CENTRE, 75, f"Kimetolewa tarehe {long_date(content.issued_on, 'sw')} / "
                                         f"Issued on {long_date(content.issued_on, 'en')}")
    verify = _fit(f"Hakiki / Verify: {content.url}", SANS, 7, 5, width=260)
    canvas.setFillColor(GREY)
    canvas.setFont(SANS, verify.size)
    canvas.drawCentredString(CENTRE, 66, verify.lines[0])


def _draw_sample_mark(canvas: Canvas) -> None:
    """"MFANO / SAMPLE" across the page, and said plainly in the top corner."""
    canvas.saveState()
    canvas.setFillColor(SAMPLE_RED)
    canvas.setFont(SANS_BOLD, 9)
    canvas.drawString(40, PAGE_HEIGHT - 46, "MFANO / SAMPLE")
    canvas.setFont(SANS, 7)
    canvas.drawString(40, PAGE_HEIGHT - 56, "Si cheti halali / Not a valid certificate")
    canvas.setFillColor(SAMPLE_RED.clone(alpha=0.22))
    canvas.translate(CENTRE, PAGE_HEIGHT / 2)
    canvas.rotate(22)
    canvas.setFont(SANS_BOLD, 80)
    canvas.drawCentredString(0, -30, "MFANO / SAMPLE")
    canvas.restoreState()


@contextmanager
def binary_streams():
    """Compressed streams without the ASCII85 layer (reportlab's default): a quarter smaller, and
    its pure-Python encoder took a third of a batch's time (and most of a single certificate's,
    encoding the pictures). Set while one document is drawn; a PDF drawn meanwhile elsewhere
    merely comes out either way, both valid."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def draw_document(contents: Iterable[CertificateContent], layouts: dict[tuple[int, str], Layout], title: str,
                  on_page: Callable[[], None] | None = None, sample: bool = False) -> bytes:
    """One PDF, a page per content on its layout (each layout drawn once, as a form), in order;
    `on_page` is called after each page. `sample` marks every page "MFANO / SAMPLE"."""
    with binary_streams():
        return _document(contents, layouts, title, on_page, sample)


def _document(contents, layouts, title, on_page, sample) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("e-Government Authority (eGA)")
    drawn_forms = set()
    pages = 0
    for content in contents:
        layout = layouts[content.layout]
        if layout.form not in drawn_forms:
            _draw_layout(canvas, layout)
            drawn_forms.add(layout.form)
        _draw_page(canvas, content, layout.form)
        if sample:
            _draw_sample_mark(canvas)
        canvas.showPage()
        pages += 1
        if on_page is not None:
            on_page()
    if not pages:  # a PDF needs a page
        canvas.setFont(SANS, 12)
        canvas.drawCentredString(CENTRE, PAGE_HEIGHT / 2, "Hakuna vyeti · No certificates")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


