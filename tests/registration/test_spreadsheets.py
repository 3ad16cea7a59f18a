"""Reading a delegation's participant list from CSV/XLSX and writing the template."""
import io
import zipfile

import openpyxl
import pytest
from werkzeug.datastructures import FileStorage

from eventapp.core.errors import DomainError
from eventapp.registration import spreadsheets
from eventapp.registration.services.delegations import MAX_DELEGATION_ROWS

HEADER_EN = "Title,First name,Middle name,Last name,Gender,Position,Email,Phone,Category,Special needs"
ROW = "Dkt.,Juma,,Ali,male,Director of ICT,juma@example.org,0754 123 456,G1,"


def upload(data: bytes, name="list.csv") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


def read(data: bytes, name="list.csv", max_bytes=1_000_000):
    return spreadsheets.read_participant_rows(upload(data, name), max_bytes=max_bytes)


def xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_header_names_do_not_clash():
    for column in spreadsheets.COLUMNS:
        for language in ("sw", "en"):
            assert spreadsheets.HEADER_NAMES[spreadsheets._header_key(spreadsheets.HEADERS[language][column])] == column
        for alias in spreadsheets.ALIASES[column]:
            assert spreadsheets.HEADER_NAMES[spreadsheets._header_key(alias)] == column


def test_reads_an_english_csv(app_ctx):
    parsed = read(f"{HEADER_EN}\r\n{ROW}\r\n".encode())
    assert len(parsed.rows) == 1
    row = parsed.rows[0]
    assert row.line == 2
    assert row.values == {
        "title": "Dkt.", "first_name": "Juma", "middle_name": "", "last_name": "Ali", "gender": "male",
        "position": "Director of ICT", "email": "juma@example.org", "phone": "0754 123 456", "category": "G1",
        "special_needs": "",
    }


def test_reads_swahili_headers_in_any_order_case_and_extra_columns(app_ctx):
    text = (
        "Na.;BARUA PEPE;Jina la Kwanza;jina la mwisho;Jinsia;Wadhifa;Namba ya simu;Kategoria;Maoni\n"
        "1;asha@example.org;Asha;Mwinyi;Mwanamke;Afisa TEHAMA;0713 000 001;g3s;anything\n"
    )
    row = read(text.encode("utf-8")).rows[0].values
    assert row["email"] == "asha@example.org"
    assert row["first_name"] == "Asha"
    assert row["gender"] == "female"
    assert row["category"] == "g3s"
    assert row["title"] == ""


@pytest.mark.parametrize("typed, expected", [
    ("female", "female"), ("F", "female"), ("ke", "female"), ("Mwanamke", "female"), ("KE.", "female"),
    ("male", "male"), ("m", "male"), ("ME", "male"), ("mwanaume", "male"), ("other", "other"), ("", ""),
])
def test_gender_words(typed, expected):
    assert spreadsheets.normalise_gender(typed) == expected


def test_cp1252_and_bom_csv(app_ctx):
    cp1252 = f"{HEADER_EN}\n{ROW.replace('Juma', 'José')}\n".encode("cp1252")
    assert read(cp1252).rows[0].values["first_name"] == "José"
    bom = f"{HEADER_EN}\n{ROW}\n".encode("utf-8-sig")
    assert read(bom).rows[0].values["title"] == "Dkt."


def test_tab_separated(app_ctx):
    text = HEADER_EN.replace(",", "\t") + "\n" + ROW.replace(",", "\t") + "\n"
    assert read(text.encode()).rows[0].values["email"] == "juma@example.org"


def test_blank_lines_are_skipped_and_lines_numbered(app_ctx):
    text = f"\n{HEADER_EN}\n{ROW}\n,,,,,,,,,\n\n{ROW.replace('juma@', 'ali@')}\n"
    parsed = read(text.encode())
    assert [r.line for r in parsed.rows] == [3, 6]


def test_the_template_example_row_is_skipped(app_ctx):
    example = spreadsheets.template_csv("G1", "en")
    with pytest.raises(DomainError, match="no participants"):
        read(example)
    parsed = read(example + ROW.encode() + b"\r\n")
    assert parsed.skipped_example is True
    assert [r.values["email"] for r in parsed.rows] == ["juma@example.org"]


def test_missing_columns_are_named(app_ctx):
    with pytest.raises(DomainError) as caught:
        read(b"First name,Last name\nJuma,Ali\n")
    message = str(caught.value)
    assert "Gender" in message and "Email" in message and "Category" in message
    assert caught.value.field == "spreadsheet"


def test_a_column_given_twice_is_refused(app_ctx):
    with pytest.raises(DomainError, match="both mean"):
        read(f"{HEADER_EN},Barua pepe\n{ROW},x@example.org\n".encode())


def test_empty_and_header_only_files(app_ctx):
    with pytest.raises(DomainError, match="empty"):
        read(b"\n\n ,,\n")
    with pytest.raises(DomainError, match="no participants"):
        read(f"{HEADER_EN}\n".encode())


def test_too_many_rows(app_ctx):
    body = "".join(f"{ROW.replace('juma@', f'p{i}@')}\n" for i in range(MAX_DELEGATION_ROWS + 1))
    with pytest.raises(DomainError, match=str(MAX_DELEGATION_ROWS)):
        read(f"{HEADER_EN}\n{body}".encode())
    body = "".join(f"{ROW.replace('juma@', f'p{i}@')}\n" for i in range(MAX_DELEGATION_ROWS))
    assert len(read(f"{HEADER_EN}\n{body}".encode()).rows) == MAX_DELEGATION_ROWS


def test_undecodable_text_is_a_clear_error(app_ctx):
    # Passes the content sniff (its first 64 KB decode) but not the whole file.
    data = f"{HEADER_EN}\n{ROW}{'x' * 70_000}\n".encode() + b"\x81\x8d\x8f\x90\x9d\xff\xfe\xc3"
    with pytest.raises(DomainError, match="CSV UTF-8"):
        read(data)


def test_not_a_spreadsheet_by_content(app_ctx):
    with pytest.raises(DomainError, match="checked by its content"):
        read(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, name="list.csv")
    with pytest.raises(DomainError, match="checked by its content"):
        read(b"%PDF-1.4\n1 0 obj\n", name="list.csv")
    with pytest.raises(DomainError, match="xls"):
        read(spreadsheets.OLD_EXCEL_MAGIC + b"\x00" * 100, name="list.xls")
    with pytest.raises(DomainError, match="Choose a file"):
        spreadsheets.read_participant_rows(FileStorage(stream=io.BytesIO(b""), filename=""), max_bytes=100)


def test_too_large(app_ctx):
    with pytest.raises(DomainError, match="too large"):
        read(f"{HEADER_EN}\n{ROW}\n".encode() * 10, max_bytes=100)


def test_reads_xlsx_with_numbers_and_blank_rows(app_ctx):
    data = xlsx([
        ["Jina la kwanza", "Jina la mwisho", "Jinsia", "Wadhifa", "Barua pepe", "Simu", "Kategoria"],
        ["Asha", "Mwinyi", "ke", "Afisa", "asha@example.org", 754123456, "G1"],
        [None, None, None],
        ["Juma", "Ali", "ME", "Mkurugenzi", "juma@example.org", 255713000001.0, "G1"],
    ])
    parsed = read(data, name="list.xlsx")
    assert [r.values["phone"] for r in parsed.rows] == ["754123456", "255713000001"]
    assert [r.values["gender"] for r in parsed.rows] == ["female", "male"]
    assert [r.line for r in parsed.rows] == [2, 4]


def test_a_damaged_xlsx_is_a_clear_error(app_ctx):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not really>")
        archive.writestr("xl/workbook.xml", "garbage")
    with pytest.raises(DomainError, match="could not be opened"):
        read(out.getvalue(), name="list.xlsx")


def test_an_xlsx_that_unpacks_huge_is_refused(app_ctx, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 1000)
    data = xlsx([["First name", "Last name", "Gender", "Position", "Email", "Phone", "Category"]] +
                [["x" * 50] * 7 for _ in range(50)])
    with pytest.raises(DomainError, match="far more"):
        read(data, name="list.xlsx")


def test_participant_details_and_hints(app_ctx):
    values = {"title": "Bi.", "first_name": "Asha", "middle_name": "", "last_name": "Mwinyi", "gender": "Ke",
              "position": "Afisa", "email": "asha@example.org", "phone": "0754", "category": "g1",
              "special_needs": "wheelchair"}
    details = spreadsheets.participant_details(values, {"g1": 7}, "en")
    assert (details.category_id, details.gender, details.language, details.special_needs) == (
        7, "female", "en", "wheelchair",
    )
    assert spreadsheets.row_hints(values, {"g1": 7}) == {}
    values.update(category="G9", gender="x")
    assert spreadsheets.participant_details(values, {"g1": 7}, "en").category_id is None
    hints = spreadsheets.row_hints(values, {"g1": 7, "g3s": 8})
    assert "G9" in hints["category"] and "G1, G3S" in hints["category"]
    assert "female" in hints["gender"]


def test_templates_read_back(app_ctx):
    for language in ("sw", "en"):
        csv_data = spreadsheets.template_csv("G1", language)
        assert csv_data.startswith(b"\xef\xbb\xbf")
        header = csv_data.decode("utf-8-sig").splitlines()[0]
        assert header.split(",")[1] == spreadsheets.HEADERS[language]["first_name"]
        data = spreadsheets.template_xlsx([("G1", "Group 1", "TZS 400,000"), ("G3S", "Students", "TZS 20,000")],
                                          language)
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        sheet = workbook.worksheets[0]
        assert [c.value for c in sheet[1]] == [spreadsheets.HEADERS[language][c] for c in spreadsheets.COLUMNS]
        assert sheet.cell(row=2, column=9).value == "G1"
        assert [row[0] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)] == ["G1", "G3S"]
        # A filled-in template is read back.
        filled_in = ["", "Juma", "", "Ali", "me", "Afisa", "juma@example.org", "0754123456", "G3S"]
        for column, value in enumerate(filled_in, 1):
            sheet.cell(row=3, column=column, value=value)
        out = io.BytesIO()
        workbook.save(out)
        parsed = read(out.getvalue(), name="filled.xlsx")
        assert parsed.skipped_example
        assert [(r.line, r.values["gender"], r.values["category"]) for r in parsed.rows] == [(3, "male", "G3S")]
