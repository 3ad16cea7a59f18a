"""Small PDFs for the demo's 2019 reports: a one-to-two-page implementation report and a few
landscape slides, each marked as demo documents made by the system. The same input gives the
same bytes (reportlab's invariant mode), so the demo is reproducible."""
import io

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

from eventapp.core.pdf import GREEN, NORMAL, SMALL, STYLES, TITLE, escape

DEMO_NOTE = ("[Demo] Hati ya mfano iliyotengenezwa na mfumo kwa ajili ya maonesho; si taarifa halisi ya Wizara. "
             "/ A sample document generated for the demo; not the ministry's real report.")
HEADING = ParagraphStyle("section", parent=STYLES["Heading3"], textColor=GREEN, spaceBefore=6, spaceAfter=2)
SLIDE_TITLE = ParagraphStyle("slide-title", parent=STYLES["Title"], fontSize=28, leading=34, textColor=GREEN)
SLIDE_TEXT = ParagraphStyle("slide-text", parent=STYLES["Normal"], fontSize=18, leading=26)


def _lines(text: str) -> str:
    return "<br/>".join(escape(line) for line in (text or "").splitlines())


def _build(story: list, pagesize, title: str) -> bytes:
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=pagesize, title=title, author="eventapp demo",
                                 leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm,
                                 invariant=1)
    document.build(story)
    return out.getvalue()


def report_pdf(ministry: str, sections: list[tuple[str, str]]) -> bytes:
    """The ministry's implementation report for 2019: a title, the demo note and each
    (section title, text)."""
    story = [
        Paragraph("JAMHURI YA MUUNGANO WA TANZANIA", SMALL),
        Paragraph(escape(ministry.upper()), SMALL),
        Spacer(1, 6),
        Paragraph("Taarifa ya Utekelezaji wa Serikali Mtandao 2019", TITLE),
        Paragraph("Kikao Kazi cha Pili cha Serikali Mtandao, Dodoma, 30 Januari – 2 Februari 2019", NORMAL),
        Spacer(1, 4),
        Paragraph(f"<i>{escape(DEMO_NOTE)}</i>", SMALL),
        Spacer(1, 6),
    ]
    for number, (title, text) in enumerate(sections, start=1):
        story += [Paragraph(f"{number}.0 {escape(title)}", HEADING), Paragraph(_lines(text), NORMAL)]
    return _build(story, A4, f"Taarifa ya Utekelezaji wa Serikali Mtandao 2019 - {ministry}")


def slides_pdf(ministry: str, challenges: str, recommendations: str) -> bytes:
    """Three landscape slides for the presentation to Group 1: title, challenges, recommendations."""
    story = [
        Spacer(1, 30 * mm),
        Paragraph(escape(ministry), SLIDE_TITLE),
        Paragraph("Utekelezaji wa Serikali Mtandao 2019", SLIDE_TEXT),
        Spacer(1, 10 * mm),
        Paragraph(f"<i>{escape(DEMO_NOTE)}</i>", NORMAL),
        PageBreak(),
        Paragraph("Changamoto", SLIDE_TITLE),
        Paragraph(_lines(challenges), SLIDE_TEXT),
        PageBreak(),
        Paragraph("Mapendekezo", SLIDE_TITLE),
        Paragraph(_lines(recommendations), SLIDE_TEXT),
    ]
    return _build(story, landscape(A4), f"Slaidi - {ministry}")
