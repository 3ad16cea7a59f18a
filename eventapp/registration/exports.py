"""Writing rows as CSV (streamed) or XLSX; pure, no Flask or database.

Cells typed by the public (names, positions) may start with = + - @, which a spreadsheet
would run as a formula; such cells are prefixed with an apostrophe.
"""
import csv
import io
from collections.abc import Iterable, Iterator

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value, with text that a spreadsheet would read as a formula made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(header: list[str], rows: Iterable[list], rows_per_chunk: int = 500) -> Iterator[str]:
    """CSV text in pieces of `rows_per_chunk` rows, for a streamed response. Starts with a
    byte-order mark so that Excel opens Swahili names in UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    for n, row in enumerate(rows, start=1):
        writer.writerow([safe_cell(v) for v in row])
        if n % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_bytes(header: list[str], rows: Iterable[list], sheet_title: str = "Sheet1") -> bytes:
    """An XLSX workbook with one sheet, written row by row (openpyxl's write-only mode keeps
    memory flat for tens of thousands of rows)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    bold = Font(bold=True)
    header_cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in map(safe_cell, row)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
