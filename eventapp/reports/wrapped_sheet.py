"""An XLSX sheet of long texts (challenges, recommendations, resolutions): wrapped cells of
set widths, a bold header repeated on every printed page, landscape and one page wide.
Pure: no Flask, no database."""
import io
from collections.abc import Iterable, Sequence

from eventapp.registration.exports import safe_cell

# Excel refuses a cell of more than this many characters.
MAX_CELL_CHARS = 32_767


def _cell(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = safe_cell(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_CHARS]
    return value


def wrapped_xlsx(header: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int],
                 sheet_title: str = "Sheet1") -> bytes:
    """A one-sheet workbook: `header` in bold, then `rows`; column n is `widths[n]` characters
    wide and every cell wraps its text at the top."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append([str(title) for title in header])
    for row in rows:
        sheet.append([_cell(value) for value in row])
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = wrap
    for cell in sheet[1]:
        cell.font = bold
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
