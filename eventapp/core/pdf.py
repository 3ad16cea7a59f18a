"""Shared pieces of the PDFs: the government letterhead and a bilingual label."""
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.platypus import Paragraph, Spacer

GREEN = colors.HexColor("#1f6f43")
STYLES = getSampleStyleSheet()
CENTER_BOLD = ParagraphStyle("center-bold", parent=STYLES["Normal"], alignment=TA_CENTER, fontName="Helvetica-Bold",
                             fontSize=11, leading=14)
CENTER = ParagraphStyle("center", parent=STYLES["Normal"], alignment=TA_CENTER, fontSize=9, leading=12)
TITLE = ParagraphStyle("title", parent=STYLES["Title"], fontSize=15, leading=19, textColor=GREEN, spaceAfter=6)
NORMAL = ParagraphStyle("normal", parent=STYLES["Normal"], fontSize=9.5, leading=12.5)
SMALL = ParagraphStyle("small", parent=STYLES["Normal"], fontSize=8, leading=10)


def escape(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def letterhead() -> list:
    """The heading every official document carries."""
    return [
        Paragraph("JAMHURI YA MUUNGANO WA TANZANIA", CENTER_BOLD),
        Paragraph("OFISI YA RAIS – MENEJIMENTI YA UTUMISHI WA UMMA NA UTAWALA BORA", CENTER),
        Paragraph("WAKALA YA SERIKALI MTANDAO (eGA) · e-GOVERNMENT AUTHORITY", CENTER_BOLD),
        Spacer(1, 8),
    ]


def both(sw: str, en: str) -> str:
    """A bilingual label: Swahili first, English in italics."""
    return f"{escape(sw)} / <i>{escape(en)}</i>"
