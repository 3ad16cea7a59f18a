"""Delegations: the service's all-or-nothing rules, and the focal person's pages (rows typed
in a table, CSV and XLSX uploads, errors per row and field, templates, the delegation's
page, its bill PDF and the email with the bill)."""
import csv
import html
import io
import re
from email import message_from_bytes

import openpyxl
import pytest
import sqlalchemy as sa

from eventapp.core.errors import DomainError
from eventapp.core.tokens import read_token
from eventapp.events.models import EventStatus
from eventapp.extensions import db
from eventapp.registration.models import (
    Bill,
    BillItem,
    Delegation,
    ParticipantCategory,
    Registration,
    RegistrationStatus,
)
from eventapp.registration.services import delegations
from eventapp.registration.spreadsheets import COLUMNS, HEADERS
from tests import factories


@pytest.fixture
def en(app):
    """A request in English around the test, so messages read as written in the code."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


@pytest.fixture
def event(en):
    return factories.open_event()


@pytest.fixture
def directors(event):
    return factories.category(event, code="G1", name_en="ICT directors", fee=400_000)


@pytest.fixture
def students(event):
    return factories.category(event, code="G3S", name_en="Students", fee=20_000)


@pytest.fixture
def ministry(en):
    return factories.institution(name="Wizara ya Fedha")


def count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def counts() -> tuple[int, int, int, int]:
    return count(Registration), count(Bill), count(BillItem), count(Delegation)


def focal(**kwargs) -> delegations.FocalPerson:
    values = dict(name="Neema Focal", email="focal@example.org", phone="0713 000 000")
    values.update(kwargs)
    return delegations.FocalPerson(**values)


def rows_for(category, n, **kwargs):
    """`n` valid participant rows in `category` (no institution: the delegation's is used)."""
    return [
        factories.participant_details(category, institution_name="",
                                      email=f"member{i}-{category.code}@example.org".lower(), **kwargs)
        for i in range(n)
    ]


def register(event, institution, rows, **kwargs):
    return delegations.register_delegation(event, institution.id, "", kwargs.pop("focal", focal()), rows, **kwargs)


def invalid(event, institution, rows, **kwargs) -> delegations.DelegationInvalid:
    with pytest.raises(delegations.DelegationInvalid) as caught:
        register(event, institution, rows, **kwargs)
    return caught.value


# The service ----------------------------------------------------------------------------------


class TestService:
    def test_one_bill_with_one_item_per_participant(self, event, directors, students, ministry, outbox):
        rows = rows_for(directors, 2) + rows_for(students, 3)
        delegation, bill = register(event, ministry, rows, language="en")

        assert delegation.reference.startswith("D-")
        assert delegation.institution_id == ministry.id
        assert len(delegation.registrations) == 5
        assert {r.status for r in delegation.registrations} == {RegistrationStatus.PENDING_PAYMENT}
        assert {r.institution_id for r in delegation.registrations} == {ministry.id}
        assert {r.language for r in delegation.registrations} == {"en"}
        assert bill.delegation_id == delegation.id
        assert bill.control_number.startswith("99") and len(bill.control_number) == 12
        assert bill.payer_name == "Wizara ya Fedha" and bill.payer_email == "focal@example.org"
        assert len(bill.items) == 5
        assert {item.registration_id for item in bill.items} == {r.id for r in delegation.registrations}
        assert sorted(item.amount for item in bill.items) == [20_000] * 3 + [400_000] * 2
        assert bill.total_amount == sum(item.amount for item in bill.items) == 860_000
        db.session.refresh(directors)
        db.session.refresh(students)
        assert (directors.places_taken, students.places_taken) == (2, 3)
        assert [m.recipients for m in outbox] == [["focal@example.org"]]

    def test_only_paying_participants_are_on_the_bill(self, event, directors, ministry):
        guests = factories.category(event, code="FREE", fee=0)
        approval = factories.category(event, code="APR", fee=50_000, requires_approval=True)
        rows = rows_for(directors, 1) + rows_for(guests, 1) + rows_for(approval, 1)
        delegation, bill = register(event, ministry, rows)
        statuses = {r.category.code: r.status for r in delegation.registrations}
        assert statuses == {"G1": RegistrationStatus.PENDING_PAYMENT, "FREE": RegistrationStatus.CONFIRMED,
                            "APR": RegistrationStatus.PENDING_APPROVAL}
        assert [item.amount for item in bill.items] == [400_000]
        assert bill.total_amount == 400_000

    def test_nothing_due_means_no_bill(self, event, ministry):
        guests = factories.category(event, code="FREE", fee=0)
        delegation, bill = register(event, ministry, rows_for(guests, 2))
        assert bill is None
        assert count(Bill) == 0 and len(delegation.registrations) == 2

    def test_one_bad_row_saves_nothing_and_names_every_problem(self, event, directors, ministry):
        rows = rows_for(directors, 4)
        rows[1].email = "not-an-email"
        rows[3].first_name = ""
        rows[3].gender = "x"
        error = invalid(event, ministry, rows)
        assert set(error.row_errors) == {2, 4}
        assert set(error.row_errors[2]) == {"email"}
        assert set(error.row_errors[4]) == {"first_name", "gender"}
        assert error.focal_errors == {}
        db.session.rollback()
        assert counts() == (0, 0, 0, 0)
        assert db.session.get(ParticipantCategory, directors.id).places_taken == 0

    def test_rows_do_not_need_their_own_institution(self, event, directors):
        rows = rows_for(directors, 2)
        assert all(r.institution_id is None and r.institution_name == "" for r in rows)
        delegation, _bill = delegations.register_delegation(event, None, "Wakala wa Serikali Mtandao", focal(), rows)
        assert delegation.institution.name == "Wakala wa Serikali Mtandao"
        assert delegation.institution.reviewed is False  # a typed name waits for review

    def test_focal_person_and_institution_are_checked_with_the_rows(self, event, directors):
        rows = rows_for(directors, 2)
        rows[0].phone = "12"
        with pytest.raises(delegations.DelegationInvalid) as caught:
            delegations.register_delegation(event, None, "", focal(name="", email="x@", phone="1"), rows)
        assert set(caught.value.focal_errors) == {"focal_name", "focal_email", "focal_phone", "institution_name"}
        assert caught.value.row_errors == {1: {"phone": caught.value.row_errors[1]["phone"]}}
        with pytest.raises(delegations.DelegationInvalid) as caught:
            delegations.register_delegation(event, 999_999, "", focal(), rows_for(directors, 1))
        assert set(caught.value.focal_errors) == {"institution_name"}
        db.session.rollback()
        assert counts() == (0, 0, 0, 0)

    def test_duplicate_email_inside_the_list(self, event, directors, ministry):
        rows = rows_for(directors, 3)
        rows[2].email = rows[0].email.upper()
        error = invalid(event, ministry, rows)
        assert set(error.row_errors) == {1, 3}
        assert "more than once" in error.row_errors[1]["email"]
        assert counts() == (0, 0, 0, 0)

    def test_duplicate_email_against_an_existing_registration(self, event, directors, ministry):
        factories.registration(directors, email="taken@example.org")
        before = counts()
        rows = rows_for(directors, 2)
        rows[1].email = "Taken@Example.org"
        error = invalid(event, ministry, rows)
        assert set(error.row_errors) == {2}
        assert "already registered" in error.row_errors[2]["email"]
        db.session.rollback()
        assert counts() == before

    def test_a_full_category_refuses_the_whole_list_and_takes_no_places(self, event, directors, ministry):
        small = factories.category(event, code="SMALL", fee=50_000, capacity=2)
        rows = rows_for(directors, 2) + rows_for(small, 3)
        with pytest.raises(DomainError, match="Only 2 places are left") as caught:
            register(event, ministry, rows)
        assert not isinstance(caught.value, delegations.DelegationInvalid)
        assert counts() == (0, 0, 0, 0)
        assert db.session.get(ParticipantCategory, directors.id).places_taken == 0
        assert db.session.get(ParticipantCategory, small.id).places_taken == 0
        # The two places are still there for a list that fits.
        _delegation, bill = register(event, ministry, rows_for(small, 2))
        assert db.session.get(ParticipantCategory, small.id).places_taken == 2
        assert len(bill.items) == 2

    def test_a_category_needing_proof_is_refused_in_a_delegation(self, event, directors, ministry):
        students_with_id = factories.category(event, code="STU", fee=20_000, requires_proof=True)
        rows = rows_for(directors, 1) + rows_for(students_with_id, 1)
        error = invalid(event, ministry, rows)
        assert error.row_errors == {2: {"category_id": error.row_errors[2]["category_id"]}}
        assert "individually" in error.row_errors[2]["category_id"]
        assert counts() == (0, 0, 0, 0)

    def test_hidden_and_other_events_categories_are_refused(self, event, directors, ministry):
        hidden = factories.category(event, code="VIP", fee=0, public=False)
        other = factories.category(factories.open_event(), code="OTHER")
        error = invalid(event, ministry, rows_for(hidden, 1) + rows_for(other, 1))
        assert set(error.row_errors) == {1, 2}
        assert all(set(e) == {"category_id"} for e in error.row_errors.values())

    def test_different_currencies_are_refused(self, event, directors, ministry):
        dollars = factories.category(event, code="USD", fee=300, currency="USD")
        with pytest.raises(DomainError, match="currencies"):
            register(event, ministry, rows_for(directors, 1) + rows_for(dollars, 1))
        assert counts() == (0, 0, 0, 0)

    def test_empty_and_oversized_lists(self, event, directors, ministry):
        with pytest.raises(DomainError, match="at least one"):
            register(event, ministry, [])
        with pytest.raises(DomainError, match=str(delegations.MAX_DELEGATION_ROWS)):
            register(event, ministry, rows_for(directors, delegations.MAX_DELEGATION_ROWS + 1))

    def test_closed_registration(self, en, ministry):
        closed = factories.open_event(status=EventStatus.CLOSED)
        category = factories.category(closed)
        with pytest.raises(DomainError, match="closed"):
            register(closed, ministry, rows_for(category, 1))
        assert counts() == (0, 0, 0, 0)


# The pages ------------------------------------------------------------------------------------


@pytest.fixture
def page(app, event, directors, students, ministry):
    """An English-speaking browser (its requests share the test's session), and the ids the forms need."""
    client = app.test_client()
    client.set_cookie("lang", "en")
    client.ids = {"event": event.id, "directors": directors.id, "students": students.id, "ministry": ministry.id}
    return client


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def focal_fields(institution_id="", institution_name="Wizara ya Fedha", **kwargs) -> dict:
    values = {"institution_id": str(institution_id), "institution_name": institution_name,
              "focal_name": "Neema Focal", "focal_email": "focal@example.org", "focal_phone": "0713 000 000"}
    values.update(kwargs)
    return values


def person(n: int, category="G1", **kwargs) -> dict:
    values = {"title": "Bw.", "first_name": "Juma", "middle_name": "", "last_name": f"Mshiriki{'abcdefghij'[n % 10]}",
              "gender": "male", "position": "Afisa TEHAMA", "email": f"p{n}@example.org",
              "phone": f"0754 123 45{n % 10}", "category": category, "special_needs": ""}
    values.update(kwargs)
    return values


def table(rows: dict[int, dict]) -> dict:
    """Form data of the rows table: {table index: values}."""
    return {f"rows-{index}-{name}": value for index, values in rows.items() for name, value in values.items()}


def csv_bytes(rows: list[dict], header=None, encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header or [HEADERS["en"][c] for c in COLUMNS])
    for values in rows:
        writer.writerow([values.get(c, "") for c in COLUMNS])
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def post_upload(client, data: bytes, filename: str, **fields):
    form = {**focal_fields(), **fields, "spreadsheet": (io.BytesIO(data), filename), "upload": "1"}
    return client.post("/register/delegation/upload", data=form, content_type="multipart/form-data")


def input_value(response, name: str) -> str | None:
    """The value an input (or the selected option of a select) shows after a re-display."""
    body = response.get_data(as_text=True)
    found = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', body)
    if found:
        value = re.search(r'value="([^"]*)"', found.group(0))
        return html.unescape(value.group(1)) if value else ""
    found = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', body, re.S)
    if found:
        selected = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', found.group(1))
        return html.unescape(next(g for g in selected.groups() if g is not None)) if selected else ""
    return None


def follow_to_delegation(client, response):
    assert response.status_code == 302, text(response)[-2000:]
    location = response.headers["Location"]
    assert location.startswith("/delegations/")
    return location, client.get(location)


class TestRowsPage:
    def test_the_page_shows_five_rows_templates_and_codes(self, page):
        response = page.get("/register/delegation")
        assert response.status_code == 200
        body = text(response)
        assert "Register a delegation" in body
        assert 'name="rows-4-email"' in body and 'name="rows-5-email"' not in body
        assert "/register/delegation/template.xlsx" in body and "/register/delegation/template.csv" in body
        assert "G1" in body and "G3S" in body and "TZS 400,000" in body
        assert 'class="table-wrap"' in body
        assert "<script>" not in response.get_data(as_text=True)  # CSP: no inline script

    def test_rows_register_with_one_bill(self, page):
        data = {**focal_fields(institution_id=page.ids["ministry"]),
                **table({0: person(1), 1: person(2, category="g3s"), 3: person(3, gender="", title="")})}
        data["rows-3-gender"] = "female"
        response = page.post("/register/delegation", data=data)
        location, shown = follow_to_delegation(page, response)
        body = text(shown)
        delegation = db.session.scalar(sa.select(Delegation))
        bill = db.session.scalar(sa.select(Bill))
        assert delegation.reference in body
        assert bill.control_number in body
        assert "TZS 820,000" in body
        for n in (1, 2, 3):
            assert f"p{n}@example.org" in body
        assert f"{location}/bill.pdf" in body
        assert count(Registration) == 3 and len(bill.items) == 3
        assert delegation.institution_id == page.ids["ministry"]

    def test_add_rows_keeps_what_was_typed_and_saves_nothing(self, page):
        data = {**focal_fields(), **table({0: person(1)}), "add_rows": "Add"}
        response = page.post("/register/delegation", data=data)
        assert response.status_code == 200
        assert 'name="rows-9-email"' in text(response) and 'name="rows-10-email"' not in text(response)
        assert input_value(response, "rows-0-email") == "p1@example.org"
        assert input_value(response, "focal_name") == "Neema Focal"
        assert counts() == (0, 0, 0, 0)

    def test_broken_rows_are_marked_and_nothing_is_saved(self, page):
        before = counts()
        data = {**focal_fields(focal_email="focal@"),
                **table({0: person(1), 1: person(2, email="p2@@example"), 2: person(3, category="G9", phone="12")})}
        response = page.post("/register/delegation", data=data)
        assert response.status_code == 422
        body = text(response)
        assert "Nothing was saved" in body
        assert "Row 2: Email: Enter a valid email address" in body
        assert "Row 3: Category: Unknown category code “G9”" in body
        assert "Row 3: Phone: Enter a valid phone number" in body
        assert "Your email: Enter a valid email address" in body
        assert 'href="#rows-1-email"' in body
        # Every typed value is kept, the unknown code included.
        assert input_value(response, "rows-1-email") == "p2@@example"
        assert input_value(response, "rows-2-category") == "G9"
        assert input_value(response, "rows-2-phone") == "12"
        assert input_value(response, "rows-0-last_name") == person(1)["last_name"]
        assert input_value(response, "focal_email") == "focal@"
        assert counts() == before

    def test_an_empty_table(self, page):
        response = page.post("/register/delegation", data=focal_fields())
        assert response.status_code == 422
        assert "Add at least one participant" in text(response)

    def test_a_full_category_is_said_plainly(self, page, students):
        students.capacity = 1
        db.session.commit()
        data = {**focal_fields(), **table({0: person(1, category="G3S"), 1: person(2, category="G3S")})}
        response = page.post("/register/delegation", data=data)
        assert response.status_code == 422
        assert "Only 1 places are left in Students; the list has 2." in text(response)
        assert input_value(response, "rows-1-email") == "p2@example.org"
        assert counts() == (0, 0, 0, 0)

    def test_closed_registration_is_a_clear_page(self, page, event):
        event.status = EventStatus.CLOSED
        db.session.commit()
        response = page.get("/register/delegation")
        assert "has closed" in text(response) and 'name="rows-0-email"' not in text(response)
        response = page.post("/register/delegation", data={**focal_fields(), **table({0: person(1)})})
        assert "has closed" in text(response)
        assert counts() == (0, 0, 0, 0)


class TestUpload:
    def test_csv_upload_registers_everyone(self, page):
        rows = [person(1), person(2, gender="ke", category="g3s"), person(3, gender="Mwanaume")]
        response = post_upload(page, csv_bytes(rows), "orodha.csv")
        _location, shown = follow_to_delegation(page, response)
        assert "TZS 820,000" in text(shown)
        registrations = db.session.scalars(sa.select(Registration).order_by(Registration.email)).all()
        assert [r.gender.value for r in registrations] == ["male", "female", "male"]
        assert [r.category.code for r in registrations] == ["G1", "G3S", "G1"]
        assert {r.phone for r in registrations} == {"255754123451", "255754123452", "255754123453"}
        bill = db.session.scalar(sa.select(Bill))
        assert len(bill.items) == 3 and bill.total_amount == 820_000

    def test_swahili_semicolon_cp1252_csv(self, page):
        header = ";".join(HEADERS["sw"][c] for c in COLUMNS)
        line = ";".join(person(1, first_name="José").get(c, "") for c in COLUMNS)
        response = post_upload(page, f"{header}\r\n{line}\r\n".encode("cp1252"), "orodha.csv")
        follow_to_delegation(page, response)
        assert db.session.scalar(sa.select(Registration.first_name)) == "José"

    def test_xlsx_upload_registers_everyone(self, page):
        data = xlsx_bytes([
            ["Jina la kwanza", "Jina la mwisho", "Jinsia", "Wadhifa", "Barua pepe", "Simu", "Kategoria", "Heshima"],
            ["Asha", "Mwinyi", "F", "Afisa", "asha@example.org", 754123456, "G3S", "Bi."],
            ["Juma", "Ali", "me", "Mkurugenzi", "juma@example.org", 255713000001, "G1", "Dkt."],
        ])
        response = post_upload(page, data, "orodha.xlsx")
        follow_to_delegation(page, response)
        registrations = db.session.scalars(sa.select(Registration).order_by(Registration.email)).all()
        assert [(r.display_name, r.phone, r.category.code) for r in registrations] == [
            ("Bi. Asha Mwinyi", "255754123456", "G3S"), ("Dkt. Juma Ali", "255713000001", "G1"),
        ]
        assert db.session.scalar(sa.select(Bill.total_amount)) == 420_000

    @pytest.mark.parametrize("data, filename", [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "orodha.png"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "orodha.csv"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "orodha.csv"),
        (b"PK\x03\x04 not really a zip", "orodha.xlsx"),
    ])
    def test_a_file_that_is_not_csv_or_xlsx_is_refused(self, page, data, filename):
        response = post_upload(page, data, filename, **table({0: person(7)}))
        assert response.status_code == 422
        body = text(response)
        assert "not an accepted type (CSV, XLSX)" in body
        assert input_value(response, "focal_name") == "Neema Focal"
        assert input_value(response, "rows-0-email") == "p7@example.org"  # the typed table stays
        assert counts() == (0, 0, 0, 0)

    def test_a_csv_with_broken_rows_shows_each_problem_and_saves_nothing(self, page, directors):
        factories.registration(directors, email="taken@example.org")
        before = counts()
        rows = [
            person(1),
            person(2, email="taken@example.org"),
            person(3, gender="x", first_name=""),
            person(4, category="ZZ"),
            person(5, email="p1@example.org"),
        ]
        response = post_upload(page, csv_bytes(rows), "orodha.csv")
        assert response.status_code == 422
        body = text(response)
        assert "Nothing was saved" in body
        assert "Row 2 (line 3 of the file): Email: This email is already registered" in body
        assert "Row 3 (line 4 of the file): First name: This field is required." in body
        assert "Row 3 (line 4 of the file): Gender: Write female or male" in body
        assert "Row 4 (line 5 of the file): Category: Unknown category code “ZZ”. Use one of: G1, G3S." in body
        assert "Row 5 (line 6 of the file): Email: This email appears more than once" in body
        assert "Row 1 (line 2 of the file): Email: This email appears more than once" in body
        # The parsed rows are in the table, every value as sent, ready to correct.
        assert input_value(response, "rows-1-email") == "taken@example.org"
        assert input_value(response, "rows-2-gender") == "x"
        assert input_value(response, "rows-3-category") == "ZZ"
        assert input_value(response, "rows-4-last_name") == person(5)["last_name"]
        assert 'name="rows-5-email"' not in body
        assert counts() == before

        # Corrected in the table and sent from there, the list registers.
        data = {**focal_fields(), **table({i: values for i, values in enumerate(rows)})}
        data.update({"rows-1-email": "p2@example.org", "rows-2-gender": "male", "rows-2-first_name": "Ali",
                     "rows-3-category": "G1", "rows-4-email": "p5@example.org"})
        follow_to_delegation(page, page.post("/register/delegation", data=data))
        assert count(Registration) == before[0] + 5

    def test_an_oversize_file_is_refused(self, app, page):
        app.config["MAX_SPREADSHEET_BYTES"] = 300
        data = csv_bytes([person(n) for n in range(10)])
        assert len(data) > 300
        response = post_upload(page, data, "orodha.csv")
        assert response.status_code == 422
        assert "The file is too large" in text(response)
        assert counts() == (0, 0, 0, 0)

    def test_missing_columns_and_no_file(self, page):
        response = post_upload(page, b"Name,Email\nJuma,juma@example.org\n", "orodha.csv")
        assert response.status_code == 422
        assert "The first row must name the columns. Missing: First name, Last name" in text(response)
        response = page.post("/register/delegation/upload", data={**focal_fields(), "upload": "1"},
                             content_type="multipart/form-data")
        assert response.status_code == 422
        assert "Choose a file to upload." in text(response)
        assert counts() == (0, 0, 0, 0)

    def test_a_long_table_does_not_stop_an_upload(self, page):
        typed = table({i: person(i, email=f"typed{i}@example.org") for i in range(150)})
        response = post_upload(page, csv_bytes([person(1)]), "orodha.csv", **typed)
        follow_to_delegation(page, response)
        assert count(Registration) == 1


class TestTemplates:
    def test_csv_template(self, page):
        response = page.get("/register/delegation/template.csv")
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        assert "attachment" in response.headers["Content-Disposition"]
        lines = response.data.decode("utf-8-sig").splitlines()
        assert lines[0].split(",") == [HEADERS["en"][c] for c in COLUMNS]
        assert ",G1," in lines[1]

    def test_swahili_xlsx_template_filled_in_and_uploaded(self, page):
        page.set_cookie("lang", "sw")
        response = page.get("/register/delegation/template.xlsx")
        assert response.status_code == 200
        assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        workbook = openpyxl.load_workbook(io.BytesIO(response.data))
        sheet = workbook.worksheets[0]
        assert [c.value for c in sheet[1]] == [HEADERS["sw"][c] for c in COLUMNS]
        codes = [row[0] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)]
        assert sorted(codes) == ["G1", "G3S"]
        for column, value in enumerate(["Bi.", "Asha", "", "Mwinyi", "ke", "Afisa", "asha@example.org",
                                        "0754123456", "G3S", ""], start=1):
            sheet.cell(row=3, column=column, value=value)
        out = io.BytesIO()
        workbook.save(out)
        follow_to_delegation(page, post_upload(page, out.getvalue(), "kiolezo.xlsx"))
        # The example row stayed in the file and was left out.
        assert db.session.scalars(sa.select(Registration.email)).all() == ["asha@example.org"]


class TestDelegationPage:
    @pytest.fixture
    def registered(self, page):
        response = page.post("/register/delegation", data={**focal_fields(), **table({0: person(1), 1: person(2)})})
        location, _shown = follow_to_delegation(page, response)
        return location

    def test_page_lists_registrations_and_bill(self, page, registered):
        response = page.get(registered)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
        body = text(response)
        bill = db.session.scalar(sa.select(Bill))
        assert bill.control_number in body and "TZS 800,000" in body
        for registration in db.session.scalars(sa.select(Registration)):
            assert registration.reference in body and registration.email in body

    def test_bill_pdf(self, page, registered):
        response = page.get(f"{registered}/bill.pdf")
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF-")
        bill = db.session.scalar(sa.select(Bill))
        assert bill.control_number in response.headers["Content-Disposition"]
        same = page.get(f"{registered}/bills/{bill.id}.pdf")
        assert same.status_code == 200 and same.data.startswith(b"%PDF-")

    def test_tampered_and_foreign_links_are_404(self, app, page, registered):
        token = registered.rsplit("/", 1)[1]
        assert page.get(f"/delegations/{token[:-2]}xx").status_code == 404
        assert "not valid" in text(page.get(f"/delegations/{token[:-2]}xx"))
        assert page.get(f"/delegations/{token[:-2]}xx/bill.pdf").status_code == 404
        from eventapp.core.tokens import make_token

        with app.test_request_context():
            registrant_style = make_token("registrant-link", db.session.scalar(sa.select(Delegation.reference)))
        assert page.get(f"/delegations/{registrant_style}").status_code == 404
        # A bill of another delegation is not served under this link.
        other = page.post("/register/delegation", data={**focal_fields(focal_email="other@example.org"),
                                                        **table({0: person(8)})})
        other_location, _ = follow_to_delegation(page, other)
        other_bill = db.session.scalar(sa.select(Bill).order_by(Bill.id.desc()))
        assert page.get(f"{registered}/bills/{other_bill.id}.pdf").status_code == 404
        assert page.get(f"{other_location}/bills/{other_bill.id}.pdf").status_code == 200


class TestEmail:
    @pytest.fixture
    def app_config(self, smtp_app_config):
        return smtp_app_config

    def test_focal_person_receives_the_bill_by_email(self, app, page, smtp_server):
        response = page.post("/register/delegation", data={**focal_fields(), **table({0: person(1), 1: person(2)})})
        location, _shown = follow_to_delegation(page, response)
        assert len(smtp_server.messages) == 1
        received = message_from_bytes(smtp_server.messages[0].as_bytes())
        assert received["To"] == "focal@example.org"
        delegation = db.session.scalar(sa.select(Delegation))
        bill = db.session.scalar(sa.select(Bill))
        assert delegation.reference in received["Subject"]
        parts = {part.get_content_type(): part for part in received.walk() if not part.is_multipart()}
        plain = parts["text/plain"].get_payload(decode=True).decode()
        assert bill.control_number in plain and "TZS 800,000" in plain
        # The emailed link and the page's address are signed a moment apart (their letters
        # may differ by the second); both must open this delegation.
        emailed = re.search(re.escape(app.config["BASE_URL"]) + r"/delegations/([^\s/]+)", plain).group(1)
        assert location.startswith("/delegations/")
        for token in (emailed, location.removeprefix("/delegations/").split("/")[0]):
            assert read_token("delegation-link", token) == delegation.reference
        assert "p1@example.org" not in plain  # the list names people, it does not spread their emails
        attachment = parts["application/pdf"]
        assert attachment.get_filename() == f"bill-{bill.control_number}.pdf"
        assert attachment.get_payload(decode=True).startswith(b"%PDF-")
