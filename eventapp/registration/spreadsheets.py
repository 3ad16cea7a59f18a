"""A delegation's participant list as a spreadsheet: reading an uploaded CSV or XLSX into
rows, turning rows into ParticipantDetails, and writing the downloadable template.

Reading never trusts the file: its kind is checked by content, its size and row count are
limited, and anything unreadable becomes a DomainError a person can act on (never a 500).
"""
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventapp.core.errors import DomainError
from eventapp.core.uploads import read_upload
from eventapp.registration.services.delegations import MAX_DELEGATION_ROWS
from eventapp.registration.services.registering import ParticipantDetails

COLUMNS = (
    "title", "first_name", "middle_name", "last_name", "gender",
    "position", "email", "phone", "category", "special_needs",
)
REQUIRED_COLUMNS = ("first_name", "last_name", "gender", "position", "email", "phone", "category")

# The header written in the template, per language; reading accepts either language.
HEADERS = {
    "en": {
        "title": "Title", "first_name": "First name", "middle_name": "Middle name", "last_name": "Last name",
        "gender": "Gender", "position": "Position", "email": "Email", "phone": "Phone",
        "category": "Category", "special_needs": "Special needs",
    },
    "sw": {
        "title": "Heshima", "first_name": "Jina la kwanza", "middle_name": "Jina la kati",
        "last_name": "Jina la mwisho", "gender": "Jinsia", "position": "Wadhifa", "email": "Barua pepe",
        "phone": "Simu", "category": "Kategoria", "special_needs": "Mahitaji maalum",
    },
}
# Other names people give these columns (compared after `_header_key`).
ALIASES = {
    "title": ("salutation", "honorific", "cheo cha heshima", "kiambishi"),
    "first_name": ("given name", "firstname", "jina la kwanza"),
    "middle_name": ("second name", "middlename", "jina la pili"),
    "last_name": ("surname", "family name", "lastname", "jina la ukoo"),
    "gender": ("sex", "jinsi"),
    "position": ("job title", "designation", "cheo", "nafasi"),
    "email": ("e mail", "email address", "e mail address", "barua pepe"),
    "phone": ("phone number", "mobile", "mobile number", "telephone", "tel", "namba ya simu", "simu ya mkononi",
              "namba ya simu ya mkononi"),
    "category": ("category code", "code", "kundi", "aina ya mshiriki", "kategoria ya mshiriki"),
    "special_needs": ("mahitaji maalumu", "needs"),
}
GENDER_WORDS = {
    "female": "female", "f": "female", "ke": "female", "kike": "female", "mwanamke": "female",
    "woman": "female", "me": "male", "male": "male", "m": "male", "kiume": "male",
    "mwanaume": "male", "man": "male",
}
EXAMPLE = {
    "title": "Bi.", "first_name": "Asha", "middle_name": "Juma", "last_name": "Mwinyi", "gender": "female",
    "position": "Afisa TEHAMA", "email": "asha.mwinyi@mfano.go.tz", "phone": "0754 123 456",
    "special_needs": "",
}
MAX_CELL_CHARS = 2000
# Excel keeps formatted but empty rows; this many blank rows in a row ends the list.
BLANK_ROWS_END = 200
MAX_SHEET_ROWS = 20_000
MAX_COLUMNS = 40
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def column_label(column: str):
    """The column's name for people, in the current language."""
    return {
        "title": _l("Title"), "first_name": _l("First name"), "middle_name": _l("Middle name"),
        "last_name": _l("Last name"), "gender": _l("Gender"), "position": _l("Position"),
        "email": _l("Email"), "phone": _l("Phone"), "category": _l("Category"),
        "special_needs": _l("Special needs"),
    }[column]


def _header_key(text: str) -> str:
    text = re.sub(r"\(.*?\)", " ", str(text or "")).lower()
    text = re.sub(r"[_\-*:.]+", " ", text)
    return " ".join(text.split())


def _header_names() -> dict[str, str]:
    names = {}
    for column in COLUMNS:
        for name in (column, HEADERS["en"][column], HEADERS["sw"][column], *ALIASES[column]):
            names[_header_key(name)] = column
    return names


HEADER_NAMES = _header_names()


def normalise_gender(text: str) -> str:
    """`F`, `ke`, `Mwanamke` → `female`; `M`, `me`, `Mwanaume` → `male`; anything else as typed."""
    text = (text or "").strip()
    return GENDER_WORDS.get(text.lower().rstrip("."), text)


@dataclass
class ParsedRow:
    line: int  # where the row is in the file (the header is line 1 when it comes first)
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedList:
    rows: list[ParsedRow]
    skipped_example: bool = False


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # phone numbers typed into Excel come back as 754123456.0
    if isinstance(value, datetime):
        value = value.date() if value.time() == time(0) else value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value).strip()[:MAX_CELL_CHARS]


def _map_header(cells: list[str]) -> dict[int, str]:
    """Which column each position holds; a missing required column or a repeated one is an error."""
    positions: dict[int, str] = {}
    seen: dict[str, str] = {}
    for index, cell in enumerate(cells):
        column = HEADER_NAMES.get(_header_key(cell))
        if column is None:
            continue  # extra columns (a running number, remarks) are ignored
        if column in seen:
            raise DomainError(_("The columns “%(a)s” and “%(b)s” both mean %(column)s. Keep only one of them.",
                                a=seen[column], b=cell, column=column_label(column)))
        seen[column] = cell
        positions[index] = column
    missing = [c for c in REQUIRED_COLUMNS if c not in seen]
    if missing:
        raise DomainError(
            _("The first row must name the columns. Missing: %(missing)s. Download the template to see the "
              "expected columns.", missing=", ".join(str(column_label(c)) for c in missing))
        )
    return positions


def _rows_from_cells(lines) -> ParsedList:
    """`lines` yields (line number, list of cell texts); the first non-blank one is the header."""
    positions = None
    rows: list[ParsedRow] = []
    skipped_example = False
    blank_run = 0
    for number, cells in lines:
        if number > MAX_SHEET_ROWS:
            raise DomainError(_("The file has too many rows. A delegation may have at most %(n)d participants.",
                                n=MAX_DELEGATION_ROWS))
        if not any(cells):
            blank_run += 1
            if blank_run >= BLANK_ROWS_END:
                break
            continue
        blank_run = 0
        if positions is None:
            positions = _map_header(cells)
            continue
        values = {column: "" for column in COLUMNS}
        for index, column in positions.items():
            if index < len(cells):
                values[column] = cells[index]
        if not any(values.values()):
            continue  # something only in ignored columns
        if values["email"].lower() == EXAMPLE["email"]:
            skipped_example = True
            continue
        values["gender"] = normalise_gender(values["gender"])
        rows.append(ParsedRow(line=number, values=values))
        if len(rows) > MAX_DELEGATION_ROWS:
            raise DomainError(_("A delegation may have at most %(n)d participants; the file has more. "
                                "Split it into several delegations.", n=MAX_DELEGATION_ROWS))
    if positions is None:
        raise DomainError(_("The file is empty: it has no header row and no participants."))
    if not rows:
        raise DomainError(_("The file has the column names but no participants."))
    return ParsedList(rows=rows, skipped_example=skipped_example)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(_("The text of this CSV file could not be read. In Excel, save it as “CSV UTF-8”."))


def _delimiter(text: str) -> str:
    """Excel writes `;` or tabs instead of commas in some regional settings."""
    first = text.lstrip().split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count)


def _csv_lines(data: bytes):
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=False)
    try:
        for cells in reader:
            yield reader.line_num, [_cell_text(c) for c in cells[:MAX_COLUMNS]]
    except csv.Error as error:
        raise DomainError(_("The CSV file is broken near line %(n)d (%(problem)s). Save it again from Excel "
                            "as CSV and retry.", n=reader.line_num, problem=str(error)[:80])) from None


def _check_unpacked_size(data: bytes) -> None:
    """A small XLSX can unpack to gigabytes; refuse one that would."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        unpacked = 0  # openpyxl reports the damage below
    if unpacked > MAX_UNPACKED_BYTES:
        raise DomainError(_("This Excel file holds far more than a list of participants. Copy the participants "
                            "into the template and upload that."))


def _xlsx_lines(data: bytes):
    import openpyxl

    _check_unpacked_size(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — any failure to open is the file's fault, said plainly
        raise DomainError(_("This Excel file could not be opened. Save it again as .xlsx (Excel Workbook) "
                            "or as CSV and retry.")) from None
    try:
        if not workbook.worksheets:
            raise DomainError(_("The Excel file has no sheet."))
        sheet = workbook.worksheets[0]
        try:
            for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
                yield number, [_cell_text(c) for c in cells]
        except DomainError:
            raise
        except Exception:  # noqa: BLE001
            raise DomainError(_("This Excel file is damaged and could not be read to the end. Save it again "
                                "as .xlsx or as CSV and retry.")) from None
    finally:
        workbook.close()


def read_participant_rows(file_storage, max_bytes: int | None = None) -> ParsedList:
    """The participants in an uploaded CSV or XLSX (the first sheet), one dict per row keyed by
    COLUMNS, gender already normalised. The template's example row is skipped.

    Raises DomainError (field "spreadsheet") for a file that is missing, too large, not a CSV or
    XLSX by its content, unreadable, or without the needed columns.
    """
    if max_bytes is None:
        max_bytes = current_app.config["MAX_SPREADSHEET_BYTES"]
    stream = getattr(file_storage, "stream", None)
    if stream is not None and getattr(file_storage, "filename", ""):
        head = stream.read(len(OLD_EXCEL_MAGIC))
        stream.seek(0)
        if head == OLD_EXCEL_MAGIC:
            raise DomainError(_("This is an old Excel file (.xls). In Excel choose Save As → Excel Workbook "
                                "(.xlsx) or CSV, then upload that."), field="spreadsheet")
    data, kind = read_upload(file_storage, {"csv", "xlsx"}, max_bytes, field="spreadsheet")
    try:
        return _rows_from_cells(_xlsx_lines(data) if kind == "xlsx" else _csv_lines(data))
    except DomainError as error:
        error.field = error.field or "spreadsheet"
        raise


def participant_details(values: dict[str, str], category_ids: dict[str, int], language: str) -> ParticipantDetails:
    """One row as ParticipantDetails; the category code is looked up case-insensitively in
    `category_ids` (code → id of the event's public categories)."""
    code = (values.get("category") or "").strip().lower()
    return ParticipantDetails(
        title=values.get("title") or "",
        first_name=values.get("first_name") or "",
        middle_name=values.get("middle_name") or "",
        last_name=values.get("last_name") or "",
        gender=normalise_gender(values.get("gender") or ""),
        position=values.get("position") or "",
        email=values.get("email") or "",
        phone=values.get("phone") or "",
        category_id=category_ids.get(code),
        special_needs=values.get("special_needs") or "",
        language=language,
    )


def row_hints(values: dict[str, str], category_ids: dict[str, int]) -> dict[str, str]:
    """Plainer messages for the values the service refuses without saying why: an unknown
    category code and an unknown gender word. Keys are COLUMNS."""
    hints = {}
    code = (values.get("category") or "").strip()
    if code and code.lower() not in category_ids:
        hints["category"] = _("Unknown category code “%(code)s”. Use one of: %(codes)s.",
                              code=code[:40], codes=", ".join(sorted(c.upper() for c in category_ids)))
    gender = (values.get("gender") or "").strip()
    if gender and normalise_gender(gender) not in ("female", "male"):
        hints["gender"] = _("Write female or male (or ke / me).")
    return hints


# The template ---------------------------------------------------------------------------------


def _example_row(example_code: str) -> list[str]:
    return [EXAMPLE.get(c, "") if c != "category" else example_code for c in COLUMNS]


def template_csv(example_code: str, language: str = "sw") -> bytes:
    """The CSV template: the header in `language` and one example row (skipped when read).
    Written with a BOM so Excel opens the Swahili and English text correctly."""
    headers = HEADERS.get(language, HEADERS["sw"])
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([headers[c] for c in COLUMNS])
    writer.writerow(_example_row(example_code))
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(categories: list[tuple[str, str, str]], language: str = "sw") -> bytes:
    """The XLSX template: a participants sheet (header, example row, drop-downs for gender and
    category, phone as text so leading zeros stay) and a sheet listing the category codes.

    `categories` is (code, name, fee) for each public category of the event.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    headers = HEADERS.get(language, HEADERS["sw"])
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Washiriki" if language == "sw" else "Participants"
    sheet.append([headers[c] for c in COLUMNS])
    sheet.append(_example_row(categories[0][0] if categories else ""))
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F6F43")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="5B6670")
    widths = {"title": 10, "first_name": 16, "middle_name": 16, "last_name": 16, "gender": 10,
              "position": 24, "email": 30, "phone": 16, "category": 12, "special_needs": 30}
    last_row = MAX_DELEGATION_ROWS + 2
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = widths[column]
        if column == "phone":
            for row in range(2, last_row + 1):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"

    codes = workbook.create_sheet("Kategoria" if language == "sw" else "Categories")
    codes.append(["Code", "Name", "Fee"] if language != "sw" else ["Kodi", "Jina", "Ada"])
    for cell in codes[1]:
        cell.font, cell.fill = bold, fill
    for code, name, fee in categories:
        codes.append([code, name, fee])
    codes.column_dimensions["A"].width, codes.column_dimensions["B"].width = 12, 50
    codes.column_dimensions["C"].width = 18

    gender_col = sheet.cell(row=1, column=COLUMNS.index("gender") + 1).column_letter
    category_col = sheet.cell(row=1, column=COLUMNS.index("category") + 1).column_letter
    gender_rule = DataValidation(type="list", formula1='"female,male,ke,me"', allow_blank=True)
    gender_rule.add(f"{gender_col}2:{gender_col}{last_row}")
    sheet.add_data_validation(gender_rule)
    if categories:
        category_rule = DataValidation(
            type="list", formula1=f"'{codes.title}'!$A$2:$A${len(categories) + 1}", allow_blank=True
        )
        category_rule.add(f"{category_col}2:{category_col}{last_row}")
        sheet.add_data_validation(category_rule)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
