"""A figure as a CSV or XLSX download: the same header and rows as the table under its chart."""
from eventapp.dashboard.figures import Figure
from eventapp.registration.exports import csv_lines, xlsx_bytes


def figure_csv(figure: Figure) -> str:
    return "".join(csv_lines(figure.header(), figure.rows()))


def figure_xlsx(figure: Figure) -> bytes:
    # A sheet's title is at most 31 characters and may not hold []:*?/\
    title = "".join(c for c in figure.title if c not in "[]:*?/\\")[:31] or "Sheet1"
    return xlsx_bytes(figure.header(), figure.rows(), title)
