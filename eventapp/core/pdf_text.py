"""Text on a reportlab canvas that must fit a box: the largest size at which it wraps into so many
lines (cut with an ellipsis at the smallest), and centred lines drawn downwards from a cursor.
Badges and certificates both draw names that may be long."""
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

ELLIPSIS = "…"
LEADING = 1.15
INK = colors.Color(0.1, 0.1, 0.1)


@dataclass(frozen=True)
class Fitted:
    lines: list[str]
    size: float


def _width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word too wide for a line, in pieces that each fit."""
    pieces, piece = [], ""
    for char in word:
        if piece and _width(piece + char, font, size) > width:
            pieces.append(piece)
            piece = char
        else:
            piece += char
    return [*pieces, piece] if piece else pieces


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap (fewest lines); a word wider than the line is broken."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if _width(candidate, font, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        if _width(word, font, size) <= width:
            line = word
        else:
            *whole, line = _break_word(word, font, size, width)
            lines.extend(whole)
    if line:
        lines.append(line)
    return lines


def _cut(text: str, font: str, size: float, width: float) -> str:
    """`text` shortened to fit `width` with a trailing ellipsis."""
    while text and _width(text.rstrip() + ELLIPSIS, font, size) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def fit_text(text: str, font: str, width: float, max_size: float, min_size: float, max_lines: int = 1) -> Fitted:
    """The largest size from `max_size` down to `min_size` (by half points) at which `text`
    wraps into at most `max_lines` lines of `width`; at `min_size` whatever does not fit is
    cut with an ellipsis. No returned line is wider than `width`."""
    text = " ".join((text or "").split())
    if not text:
        return Fitted([], max_size)
    size = max_size
    while size >= min_size:
        lines = wrap(text, font, size, width)
        if len(lines) <= max_lines:
            return Fitted(lines, size)
        size -= 0.5
    lines = wrap(text, font, min_size, width)
    kept = lines[:max_lines]
    kept[-1] = _cut(" ".join([kept[-1], *lines[max_lines:]]), font, min_size, width)
    return Fitted(kept, min_size)


class CentredWriter:
    """Draws centred lines of text downwards from a cursor, around the x-coordinate `centre`."""

    def __init__(self, canvas: Canvas, centre: float, top: float):
        self.canvas, self.centre, self.cursor = canvas, centre, top

    def gap(self, height: float) -> None:
        self.cursor -= height

    def text(self, fitted: Fitted, font: str, colour=INK) -> None:
        self.canvas.setFillColor(colour)
        self.canvas.setFont(font, fitted.size)
        for line in fitted.lines:
            self.cursor -= fitted.size
            self.canvas.drawCentredString(self.centre, self.cursor, line)
            self.cursor -= fitted.size * (LEADING - 1)
