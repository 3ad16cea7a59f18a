"""The public registration pages: the form, the institution search, the registrant's own page
(status, bill and receipt PDFs, corrections, cancelling) and resending the link."""
import email
import html
import io
import re
from datetime import datetime, timedelta, timezone
from email.header import decode_header, make_header
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from eventapp.core.clock import local_today
from eventapp.core.references import luhn_is_valid
from eventapp.events.models import Event, EventStatus
from eventapp.extensions import db
from eventapp.registration.models import (
    Bill,
    BillStatus,
    Institution,
    PaymentChannel,
    PaymentSource,
    Registration,
    RegistrationStatus,
)
from eventapp.registration.services import billing, payments
from tests import factories


def page(response) -> str:
    return response.get_data(as_text=True)


def input_value(body: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', body)
    assert tag, f"no input named {name}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else None


def textarea_value(body: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*\bname="{name}"[^>]*>(.*?)</textarea>', body, re.S)
    assert found, f"no textarea named {name}"
    return html.unescape(found.group(1)).strip()


def selected_option(body: str, name: str) -> str | None:
    select = re.search(rf'<select[^>]*\bname="{name}"[^>]*>(.*?)</select>', body, re.S)
    assert select, f"no select named {name}"
    chosen = re.search(r'<option selected value="([^"]*)"', select.group(1))
    return chosen.group(1) if chosen else None


def is_checked(body: str, name: str, value: str | None = None) -> bool:
    for tag in re.findall(rf'<input[^>]*\bname="{name}"[^>]*>', body):
        if (value is None or f'value="{value}"' in tag) and re.search(r"\bchecked\b", tag):
            return True
    return False


def errors_beside(body: str, field: str) -> str:
    found = re.search(rf'<ul class="errors" id="{field}-error">(.*?)</ul>', body, re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))) if found else ""


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def token_from(response) -> str:
    assert response.status_code == 302, page(response)[:2000]
    found = re.fullmatch(r"/registration/([^/]+)", response.headers["Location"])
    assert found, response.headers["Location"]
    return found.group(1)


def link_to(token: str) -> str:
    """The start of a link to the same registration: a token made in another second differs
    in its timestamp and signature, not in the signed reference before the first dot."""
    return f"/registration/{token.split('.')[0]}."


def small_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    sheet.drawString(72, 720, "Student ID")
    sheet.save()
    return buffer.getvalue()


@pytest.fixture
def client(app):
    """Every page in English, as chosen by the person (remembered in a cookie)."""
    client = app.test_client()
    client.get("/lang/en")
    return client


@pytest.fixture
def meeting(app):
    """An event open for registration with a paying category, a free one and an institution."""
    with app.app_context():
        event = factories.open_event()
        event.groups[0].name_en = "Group 1"
        officers = factories.category(event, name_en="ICT officers", fee=400_000)
        guests = factories.category(event, name_en="Guests", fee=0, public=False)
        institution = factories.institution(name="Wakala ya Serikali Mtandao", acronym="eGA")
        db.session.commit()
        return SimpleNamespace(event_id=event.id, category_id=officers.id, hidden_category_id=guests.id,
                               institution_id=institution.id)


def form_data(category, **overrides) -> dict:
    data = {
        "title": "Dkt.",
        "first_name": "Asha",
        "middle_name": "Salum",
        "last_name": "Mwinyi",
        "gender": "female",
        "position": "Afisa TEHAMA",
        "institution_id": "",
        "institution_name": "Halmashauri ya Jiji la Dodoma",
        "email": "asha@example.org",
        "phone": "0754 123 456",
        "category_id": str(category),
        "special_needs": "Wheelchair access, please",
        "consent": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def registration_by_email(app, address) -> Registration:
    with app.app_context():
        found = db.session.scalar(sa.select(Registration).where(Registration.email == address))
        assert found is not None
        return factories.detach(found)


def register(client, meeting, **overrides) -> str:
    """Register through the form; the registrant's token."""
    return token_from(client.post("/register", data=form_data(meeting.category_id, **overrides)))


# The form ------------------------------------------------------------------------------


def test_the_form_lists_the_public_categories_with_their_fees(client, meeting):
    body = page(client.get("/register"))

    assert "Group 1 — ICT officers (TZS 400,000)" in body
    assert "Guests" not in body  # hidden categories are for organisers only
    assert 'enctype="multipart/form-data"' in body
    assert 'name="proof"' not in body  # no category needs proof
    for name in ("title", "first_name", "middle_name", "last_name", "position", "institution_name", "email", "phone"):
        assert input_value(body, name) == ""
    assert input_value(body, "institution_id") == ""
    assert "js/institution-search.js" in body and "<script>" not in body


def test_successful_registration_goes_to_the_registrants_page(app, client, meeting, outbox):
    response = client.post("/register", data=form_data(meeting.category_id, email="Asha@Example.org"))

    token = token_from(response)
    registration = registration_by_email(app, "asha@example.org")
    assert registration.phone == "255754123456"
    assert registration.language == "en"
    assert registration.special_needs == "Wheelchair access, please"
    with app.app_context():
        [bill] = billing.bills_for(db.session.get(Registration, registration.id))
        control_number = bill.control_number
        assert db.session.get(Institution, registration.institution_id).reviewed is False
    assert re.fullmatch(r"99\d{10}", control_number) and luhn_is_valid(control_number)

    body = page(client.get(f"/registration/{token}"))
    assert registration.reference in body  # in the flash and on the page
    assert control_number in body
    assert "TZS 400,000" in body
    assert "waiting for payment" in body
    assert f"/registration/{token}/bills/{bill.id}.pdf" in body

    [message] = outbox
    assert message.recipients == ["asha@example.org"]
    assert link_to(token) in message.body
    assert message.attachments[0].data.startswith(b"%PDF")


def test_registering_in_swahili_remembers_the_language(app, meeting):
    swahili = app.test_client()
    swahili.get("/lang/sw")

    form = swahili.get("/register")
    token_from(swahili.post("/register", data=form_data(meeting.category_id)))

    assert '<html lang="sw">' in page(form)
    assert registration_by_email(app, "asha@example.org").language == "sw"


def test_choosing_an_institution_from_the_directory(app, client, meeting):
    register(client, meeting, institution_id=str(meeting.institution_id), institution_name="Wakala ya Serikali Mtandao")

    assert registration_by_email(app, "asha@example.org").institution_id == meeting.institution_id
    assert count(app, Institution) == 1


@pytest.mark.parametrize("changes, field, message", [
    ({"email": "asha@example"}, "email", "Enter a valid email address"),
    ({"phone": "0754 12"}, "phone", "Enter a valid phone number"),
    ({"phone": "+1 202"}, "phone", "Enter a valid phone number"),
    ({"consent": None}, "consent", "Please agree so that we can process your registration."),
    ({"first_name": ""}, "first_name", "This field is required."),
    ({"gender": None}, "gender", "Choose one."),
    ({"category_id": ""}, "category_id", "Choose a participant category."),
    ({"institution_name": ""}, "institution_name", "Choose your institution from the list"),
    ({"position": "x" * 161}, "position", "160"),
])
def test_a_refused_form_shows_the_message_beside_the_field_and_keeps_everything_typed(
    app, client, meeting, changes, field, message, outbox
):
    response = client.post("/register", data=form_data(meeting.category_id, **changes))

    assert response.status_code == 422
    body = page(response)
    assert message in errors_beside(body, field)
    assert 'aria-invalid="true"' in body or field == "gender"
    typed = form_data(meeting.category_id, **changes)
    for name in ("title", "first_name", "middle_name", "last_name", "position", "institution_name", "email", "phone"):
        assert input_value(body, name) == typed[name], name
    assert textarea_value(body, "special_needs") == typed["special_needs"]
    if "gender" in typed:
        assert is_checked(body, "gender", "female")
    if typed.get("category_id"):
        assert selected_option(body, "category_id") == str(meeting.category_id)
    if "consent" in typed:
        assert is_checked(body, "consent")
    assert count(app, Registration) == 0 and count(app, Bill) == 0
    assert outbox == []


def test_every_problem_shows_in_one_round(client, meeting):
    response = client.post("/register", data=form_data(
        meeting.category_id, first_name="", email="asha@example", phone="0754 12", consent=None))

    body = page(response)
    assert "This field is required." in errors_beside(body, "first_name")
    assert "Enter a valid email address" in errors_beside(body, "email")
    assert "Enter a valid phone number" in errors_beside(body, "phone")
    assert "Please agree" in errors_beside(body, "consent")
    assert "Please correct the marked fields." in body


def test_a_chosen_institution_is_kept_when_the_form_comes_back(client, meeting):
    body = page(client.post("/register", data=form_data(
        meeting.category_id, phone="1", institution_id=str(meeting.institution_id),
        institution_name="Wakala ya Serikali Mtandao")))

    assert input_value(body, "institution_id") == str(meeting.institution_id)


def test_a_hidden_category_cannot_be_posted(app, client, meeting):
    response = client.post("/register", data=form_data(meeting.hidden_category_id))

    assert response.status_code == 422
    assert "Choose a participant category." in errors_beside(page(response), "category_id")
    assert count(app, Registration) == 0


def test_a_duplicate_email_is_told_clearly_and_offered_the_link_again(app, client, meeting, outbox):
    register(client, meeting, email="asha@example.org")

    response = client.post("/register", data=form_data(meeting.category_id, email="ASHA@example.ORG",
                                                       first_name="Someone"))

    assert response.status_code == 422
    body = page(response)
    assert "This email is already registered for this meeting." in errors_beside(body, "email")
    offer = re.search(r'<div class="card notice" id="already-registered">(.*?)</div>', body, re.S).group(1)
    assert 'action="/register/resend"' in offer
    assert input_value(offer, "email") == "ASHA@example.ORG"
    assert input_value(body, "first_name") == "Someone"
    assert count(app, Registration) == 1
    assert len(outbox) == 1


def test_the_offered_resend_button_sends_the_link(app, client, meeting, outbox):
    token = register(client, meeting, email="asha@example.org")
    outbox.clear()

    response = client.post("/register/resend", data={"email": "ASHA@example.ORG"})

    assert response.status_code == 302
    [message] = outbox
    assert message.recipients == ["asha@example.org"] and link_to(token) in message.body


def test_submitting_the_same_form_twice_registers_once(app, client, meeting, outbox):
    data = form_data(meeting.category_id)

    first = client.post("/register", data=data)
    second = client.post("/register", data=data)

    token_from(first)
    assert second.status_code == 422
    assert "already registered" in errors_beside(page(second), "email")
    assert count(app, Registration) == 1 and count(app, Bill) == 1
    assert len(outbox) == 1


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_the_form_works_with_csrf_protection(app, client, meeting):
    body = page(client.get("/register"))
    token = input_value(body, "csrf_token")

    without = client.post("/register", data=form_data(meeting.category_id))
    with_token = client.post("/register", data=form_data(meeting.category_id, csrf_token=token))

    assert without.status_code == 400
    token_from(with_token)


# Registration dates --------------------------------------------------------------------


def today_in(app):
    with app.app_context():
        return local_today()


def _set_dates(app, meeting, opens, closes, status=EventStatus.OPEN):
    with app.app_context():
        event = db.session.get(Event, meeting.event_id)
        event.registration_opens_on, event.registration_closes_on, event.status = opens, closes, status
        db.session.commit()


def test_closed_registration_shows_a_page_not_a_form(app, client, meeting):
    today = today_in(app)
    _set_dates(app, meeting, today - timedelta(days=30), today - timedelta(days=1))

    got = client.get("/register")
    posted = client.post("/register", data=form_data(meeting.category_id))

    for response in (got, posted):
        body = page(response)
        assert response.status_code == 200
        assert "Registration has closed" in body
        assert "<form" not in body.split("<main>")[1]
        assert "/register/resend" in body
    assert count(app, Registration) == 0


def test_registration_not_yet_open_says_when_it_opens(app, client, meeting):
    today = today_in(app)
    _set_dates(app, meeting, today + timedelta(days=5), today + timedelta(days=20))

    body = page(client.post("/register", data=form_data(meeting.category_id)))

    assert "Registration has not opened yet" in body
    assert (today + timedelta(days=5)).strftime("%B") in body
    assert count(app, Registration) == 0


def test_closed_event_shows_the_closed_page(app, client, meeting):
    _set_dates(app, meeting, today_in(app) - timedelta(days=1), today_in(app), status=EventStatus.CLOSED)

    assert "Registration has closed" in page(client.get("/register"))


def test_no_event_announced_shows_the_closed_page(client):
    response = client.get("/register")

    assert response.status_code == 200
    assert "The next meeting has not been announced yet." in page(response)


# Proof of eligibility ------------------------------------------------------------------


@pytest.fixture
def students(app, meeting):
    with app.app_context():
        event = db.session.get(Event, meeting.event_id)
        return factories.category(event, name_en="Students", fee=20_000, requires_proof=True,
                                  proof_label_en="Student ID card").id


def test_the_proof_field_says_which_categories_need_it(client, students):
    body = page(client.get("/register"))

    assert 'name="proof"' in body
    assert "Students (Student ID card)" in body


def test_missing_proof_is_refused_beside_the_field(app, client, students):
    response = client.post("/register", data=form_data(students), content_type="multipart/form-data")

    assert response.status_code == 422
    assert "Choose a file to upload." in errors_beside(page(response), "proof")
    assert count(app, Registration) == 0


def test_a_text_file_renamed_pdf_is_refused_and_nothing_is_saved(app, client, students):
    data = form_data(students, proof=(io.BytesIO(b"I am a student, trust me.\n"), "student-id.pdf", "application/pdf"))

    response = client.post("/register", data=data, content_type="multipart/form-data")

    assert response.status_code == 422
    body = page(response)
    assert "not an accepted type" in errors_beside(body, "proof")
    assert input_value(body, "last_name") == "Mwinyi"
    assert count(app, Registration) == 0 and count(app, Bill) == 0
    assert list(Path(app.config["UPLOAD_FOLDER"]).iterdir()) == []


def test_a_real_pdf_is_accepted_and_stored_in_the_upload_folder(app, client, students):
    pdf = small_pdf()
    data = form_data(students, proof=(io.BytesIO(pdf), "kitambulisho.pdf", "application/pdf"))

    token = token_from(client.post("/register", data=data, content_type="multipart/form-data"))

    registration = registration_by_email(app, "asha@example.org")
    stored = Path(app.config["UPLOAD_FOLDER"]) / registration.proof_file
    assert stored.read_bytes() == pdf
    assert "kitambulisho.pdf" in page(client.get(f"/registration/{token}"))
    assert not (Path(app.static_folder) / registration.proof_file).exists()


# The institution search ----------------------------------------------------------------


def test_institution_search_returns_reviewed_matches_as_json(app, client, meeting):
    with app.app_context():
        factories.institution(name="Wizara ya Fedha na Mipango", acronym="MoFP")
        factories.institution(name="Wakala wa Majaribio Usiopitiwa", reviewed=False)
        for n in range(25):
            factories.institution(name=f"Wakala Namba {n:02d}")

    by_name = client.get("/institutions/search?q=fedha").get_json()
    by_acronym = client.get("/institutions/search?q=mofp").get_json()
    many = client.get("/institutions/search?q=wakala").get_json()
    too_short = client.get("/institutions/search?q=w").get_json()

    assert by_name == {"results": [{"id": by_name["results"][0]["id"], "name": "Wizara ya Fedha na Mipango",
                                    "label": "Wizara ya Fedha na Mipango (MoFP)"}]}
    assert [r["name"] for r in by_acronym["results"]] == ["Wizara ya Fedha na Mipango"]
    assert len(many["results"]) == 20
    assert all("Usiopitiwa" not in r["name"] for r in many["results"])
    assert too_short == {"results": []}
    assert client.get("/institutions/search").get_json() == {"results": []}


# The registrant's page -----------------------------------------------------------------


@pytest.mark.parametrize("make_bad", [
    lambda t: t[:-3] + "abc",
    lambda t: t + "x",
    lambda t: "nonsense",
    lambda t: "a" * 500,
    lambda t: t.replace(".", "-", 1),
])
def test_a_tampered_link_gives_a_clear_not_found_page(client, meeting, make_bad):
    token = register(client, meeting)

    for url in (f"/registration/{make_bad(token)}", f"/registration/{make_bad(token)}/bills/1.pdf",
                f"/registration/{make_bad(token)}/edit"):
        response = client.get(url)
        assert response.status_code == 404
        body = page(response)
        assert "This link is not valid." in body
        assert 'class="site-header"' in body and "/register/resend" in body


def test_a_tampered_link_cannot_cancel(app, client, meeting):
    token = register(client, meeting)

    assert client.post(f"/registration/{token[:-3]}abc/cancel").status_code == 404
    assert count(app, Registration, Registration.status == RegistrationStatus.CANCELLED) == 0


def test_the_registrants_page_is_private(client, meeting):
    response = client.get(f"/registration/{register(client, meeting)}")

    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]


def _bill_of(app, address) -> Bill:
    with app.app_context():
        registration = db.session.scalar(sa.select(Registration).where(Registration.email == address))
        bill = billing.bills_for(registration)[0]
        db.session.expunge(bill)
        return bill


def _pay(app, bill_id):
    with app.app_context():
        bill = db.session.get(Bill, bill_id)
        result = payments.record_payment(payments.PaymentNotice(
            transaction_id=f"MP{bill_id}X", control_number=bill.control_number, amount=bill.total_amount,
            currency="TZS", paid_at=datetime.now(timezone.utc), channel=PaymentChannel.MPESA,
            psp_name="M-Pesa", payer_name="Asha"), PaymentSource.MANUAL)
        return result.payment.id, result.payment.receipt_number


def test_bill_pdf_downloads_only_for_its_own_registration(app, client, meeting):
    mine = register(client, meeting, email="asha@example.org")
    theirs = register(client, meeting, email="other@example.org")
    my_bill, their_bill = _bill_of(app, "asha@example.org"), _bill_of(app, "other@example.org")

    response = client.get(f"/registration/{mine}/bills/{my_bill.id}.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert f"bill-{my_bill.control_number}.pdf" in response.headers["Content-Disposition"]
    assert client.get(f"/registration/{mine}/bills/{their_bill.id}.pdf").status_code == 404
    assert client.get(f"/registration/{theirs}/bills/{my_bill.id}.pdf").status_code == 404
    assert client.get(f"/registration/{mine}/bills/99999.pdf").status_code == 404


def test_receipt_pdf_after_payment_and_only_for_its_own_registration(app, client, meeting, outbox):
    mine = register(client, meeting, email="asha@example.org")
    theirs = register(client, meeting, email="other@example.org")
    my_payment, receipt_number = _pay(app, _bill_of(app, "asha@example.org").id)
    their_payment, _ = _pay(app, _bill_of(app, "other@example.org").id)

    body = page(client.get(f"/registration/{mine}"))
    response = client.get(f"/registration/{mine}/receipts/{my_payment}.pdf")

    assert "confirmed" in body and receipt_number in body
    assert f"/registration/{mine}/receipts/{my_payment}.pdf" in body
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert client.get(f"/registration/{mine}/receipts/{their_payment}.pdf").status_code == 404
    assert client.get(f"/registration/{theirs}/receipts/{my_payment}.pdf").status_code == 404
    assert client.get(f"/registration/{mine}/receipts/99999.pdf").status_code == 404
    [receipt_email] = [m for m in outbox if receipt_number in m.subject]
    assert receipt_email.recipients == ["asha@example.org"]
    assert receipt_email.attachments[0].filename == f"receipt-{receipt_number}.pdf"


def test_waiting_list_page_explains_there_is_no_bill_yet(app, client, meeting):
    with app.app_context():
        event = db.session.get(Event, meeting.event_id)
        full = factories.category(event, name_en="Directors", capacity=1).id
    register(client, meeting, category_id=str(full), email="first@example.org")

    body = page(client.get(f"/registration/{register(client, meeting, category_id=str(full))}"))

    assert "on the waiting list" in body
    assert "No bill yet" in body


# Corrections and cancelling ------------------------------------------------------------


def test_the_correction_form_shows_the_current_details_and_saves_changes(app, client, meeting):
    token = register(client, meeting)

    shown = page(client.get(f"/registration/{token}/edit"))
    response = client.post(f"/registration/{token}/edit", data=form_data(
        meeting.category_id, first_name="Aisha", phone="+255 715 000 111", category_id=None, consent=None))

    assert input_value(shown, "first_name") == "Asha"
    assert input_value(shown, "phone") == "255754123456"
    assert is_checked(shown, "gender", "female")
    assert response.status_code == 302 and response.headers["Location"] == f"/registration/{token}"
    registration = registration_by_email(app, "asha@example.org")
    assert (registration.first_name, registration.phone) == ("Aisha", "255715000111")
    assert "Your details have been saved." in page(client.get(f"/registration/{token}"))


def test_a_refused_correction_keeps_what_was_typed(app, client, meeting):
    token = register(client, meeting)

    response = client.post(f"/registration/{token}/edit", data=form_data(
        meeting.category_id, first_name="Aisha", phone="12"))

    assert response.status_code == 422
    body = page(response)
    assert "Enter a valid phone number" in errors_beside(body, "phone")
    assert input_value(body, "first_name") == "Aisha" and input_value(body, "phone") == "12"
    assert registration_by_email(app, "asha@example.org").first_name == "Asha"


def test_a_correction_shows_every_problem_in_one_round(client, meeting):
    token = register(client, meeting)

    body = page(client.post(f"/registration/{token}/edit", data=form_data(
        meeting.category_id, last_name="", email="nope")))

    assert "This field is required." in errors_beside(body, "last_name")
    assert "Enter a valid email address" in errors_beside(body, "email")


def test_cancelling_from_the_registrants_page(app, client, meeting, outbox):
    token = register(client, meeting)
    body = page(client.get(f"/registration/{token}"))
    assert f'action="/registration/{token}/cancel" data-confirm=' in body

    response = client.post(f"/registration/{token}/cancel")

    assert response.status_code == 302
    after = page(client.get(f"/registration/{token}"))
    assert "Your registration has been cancelled." in after
    assert "/cancel" not in after and "/edit" not in after
    assert 'href="/register">Register again</a>' in after
    assert registration_by_email(app, "asha@example.org").status is RegistrationStatus.CANCELLED
    assert count(app, Bill, Bill.status == BillStatus.CANCELLED) == 1
    assert outbox[-1].recipients == ["asha@example.org"]


def test_cancel_is_post_only(client, meeting):
    token = register(client, meeting)

    assert client.get(f"/registration/{token}/cancel").status_code == 405


def test_corrections_and_cancelling_are_refused_after_registration_closes(app, client, meeting):
    token = register(client, meeting)
    today = today_in(app)
    _set_dates(app, meeting, today - timedelta(days=30), today - timedelta(days=1))

    body = page(client.get(f"/registration/{token}"))
    edit_page = client.get(f"/registration/{token}/edit")
    edit_post = client.post(f"/registration/{token}/edit", data=form_data(meeting.category_id, first_name="Aisha"))
    cancel = client.post(f"/registration/{token}/cancel")

    assert "changes are no longer possible" in body and "/cancel" not in body
    for response in (edit_page, edit_post, cancel):
        assert response.status_code == 302 and response.headers["Location"] == f"/registration/{token}"
    assert "Registration has closed, so changes are no longer possible" in page(client.get(f"/registration/{token}"))
    registration = registration_by_email(app, "asha@example.org")
    assert registration.first_name == "Asha" and registration.status is RegistrationStatus.PENDING_PAYMENT


# Resending the link --------------------------------------------------------------------


def test_resend_gives_the_same_answer_whether_or_not_the_email_is_registered(client, meeting, outbox):
    register(client, meeting, email="asha@example.org")
    outbox.clear()

    known = client.post("/register/resend", data={"email": "asha@example.org"}, follow_redirects=True)
    unknown = client.post("/register/resend", data={"email": "nobody@example.org"}, follow_redirects=True)

    def flash(response):
        return re.search(r'<p class="flash flash-info">(.*?)</p>', page(response), re.S).group(1)

    assert flash(known) == flash(unknown)
    assert "If this email is registered" in flash(known)
    assert [m.recipients for m in outbox] == [["asha@example.org"]]


def test_resend_form_needs_an_email(client):
    response = client.post("/register/resend", data={"email": ""})

    assert response.status_code == 422
    assert "This field is required." in errors_beside(page(response), "email")


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True, "RESEND_RATE_LIMIT": "3 per minute"}])
def test_resend_is_rate_limited(client, meeting):
    answers = [client.post("/register/resend", data={"email": f"n{i}@example.org"}).status_code for i in range(4)]

    assert answers == [302, 302, 302, 429]
    assert client.get("/register/resend").status_code == 200  # only sending is limited


# Email through a real SMTP server ------------------------------------------------------


class TestEmailThroughSMTP:
    @pytest.fixture
    def app_config(self, smtp_app_config):
        return smtp_app_config

    @staticmethod
    def header(message, name) -> str:
        return str(make_header(decode_header(message[name])))

    @staticmethod
    def attachments(message) -> dict[str, bytes]:
        return {part.get_filename(): part.get_payload(decode=True) for part in message.walk() if part.get_filename()}

    def test_registration_email_arrives_with_the_bill_pdf(self, app, client, meeting, smtp_server):
        token = register(client, meeting, email="asha@example.org")
        bill = _bill_of(app, "asha@example.org")

        [message] = smtp_server.messages
        assert message["To"] == "asha@example.org"
        assert "Kikao Kazi" in self.header(message, "From")
        registration = registration_by_email(app, "asha@example.org")
        assert registration.reference in self.header(message, "Subject")
        files = self.attachments(message)
        assert list(files) == [f"bill-{bill.control_number}.pdf"]
        assert files[f"bill-{bill.control_number}.pdf"].startswith(b"%PDF")
        text = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True)
        assert link_to(token).encode() in text
        assert bill.control_number.encode() in text
        assert text.decode().count("http://127.0.0.1:5000/registration/") == 1

    def test_a_promoted_person_gets_an_email_with_a_bill(self, app, client, meeting, smtp_server):
        with app.app_context():
            event = db.session.get(Event, meeting.event_id)
            full = str(factories.category(event, name_en="Directors", capacity=1).id)
        holder = register(client, meeting, category_id=full, email="holder@example.org")
        register(client, meeting, category_id=full, email="waiting@example.org")
        smtp_server.messages.clear()

        client.post(f"/registration/{holder}/cancel")

        to = {m["To"]: m for m in smtp_server.messages}
        assert set(to) == {"holder@example.org", "waiting@example.org"}
        bill = _bill_of(app, "waiting@example.org")
        assert self.attachments(to["waiting@example.org"])[f"bill-{bill.control_number}.pdf"].startswith(b"%PDF")
        assert registration_by_email(app, "waiting@example.org").status is RegistrationStatus.PENDING_PAYMENT

    def test_a_parsed_message_is_well_formed(self, client, meeting, smtp_server):
        register(client, meeting)

        raw = smtp_server.messages[0].as_bytes()
        reparsed = email.message_from_bytes(raw)
        assert reparsed.is_multipart()
        assert {p.get_content_type() for p in reparsed.walk()} >= {"text/plain", "text/html", "application/pdf"}


def test_home_page_offers_registration_only_while_it_is_open(app, client):
    from eventapp.events.models import EventStatus

    with app.app_context():
        event = factories.open_event()
        event_id = event.id
    assert 'href="/register"' in client.get("/").get_data(as_text=True)
    assert 'href="/register/delegation"' in client.get("/").get_data(as_text=True)
    with app.app_context():
        db.session.get(Event, event_id).status = EventStatus.CLOSED
        db.session.commit()
    closed = client.get("/").get_data(as_text=True)
    assert 'href="/register"' not in closed and "Registration is not open" in closed
