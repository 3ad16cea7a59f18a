"""Organisers' registrations pages: the filtered list, search and pages, exports, one
registration and its decisions, guests with a fee waiver, the finance summary (bulk email: test_bulk_email.py),
and who may open each page."""
import csv
import io
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from werkzeug.datastructures import FileStorage

from eventapp.core.audit import AuditEntry
from eventapp.core.roles import Role
from eventapp.events.models import Event, ParticipantGroup
from eventapp.extensions import db
from eventapp.registration.models import (
    Bill,
    BillStatus,
    InstitutionType,
    PaymentChannel,
    PaymentOption,
    PaymentSource,
    Registration,
    RegistrationStatus,
)
from eventapp.registration.services import billing, finance, listing, payments, registering
from eventapp.registration.services.listing import RegistrationFilter
from tests import factories

EN = {"Accept-Language": "en"}


@pytest.fixture
def en(app):
    with app.test_request_context(headers=EN):
        yield


def pay(bill: Bill, amount: int, transaction_id: str) -> None:
    notice = payments.PaymentNotice(
        transaction_id=transaction_id, control_number=bill.control_number, amount=amount, currency=bill.currency,
        paid_at=datetime.now(timezone.utc), channel=PaymentChannel.MPESA,
    )
    result = payments.apply_payment(notice, PaymentSource.MANUAL)
    assert result.outcome is payments.Outcome.MATCHED, result.message
    db.session.commit()


class Meeting:
    """An open event with two groups, three categories, two institutions and registrations
    in several states; ids only, so tests can use it across requests."""

    def __init__(self):
        self.event = factories.open_event()
        group2 = ParticipantGroup(event_id=self.event.id, number=2, name_sw="Kundi la Pili", name_en="Group 2")
        db.session.add(group2)
        db.session.commit()
        self.officers = factories.category(self.event, code="G1", fee=400_000, name_en="ICT officers")
        self.executives = factories.category(self.event, code="G2", fee=200_000, name_en="Executives",
                                             group_id=group2.id)
        self.guests = factories.category(self.event, code="GUEST", fee=0, name_en="Guests")
        self.mofp = factories.institution("Wizara ya Fedha na Mipango", acronym="MoFP")
        self.udom = factories.institution("University of Dodoma", acronym="UDOM", type_=InstitutionType.UNIVERSITY)
        self.asha = factories.registration(self.officers, self.mofp, first_name="Asha", last_name="Mwinyi",
                                           email="asha@mofp.go.tz")
        self.baraka = factories.registration(self.officers, self.udom, first_name="Baraka", last_name="Kweka",
                                             email="baraka@udom.ac.tz")
        self.chausiku = factories.registration(self.executives, self.mofp, first_name="Chausiku", last_name="Said",
                                               email="chausiku@mofp.go.tz")
        self.guest = factories.registration(self.guests, self.udom, first_name="Daudi", last_name="Guest",
                                            email="daudi@udom.ac.tz")
        self.guests.public = False  # hidden from the public form once Daudi is in
        db.session.commit()
        pay(billing.open_bill_for(self.asha), 400_000, "MP-ASHA")
        self.baraka_bill = billing.open_bill_for(self.baraka).control_number
        self.ids = {name: getattr(self, name).id for name in ("asha", "baraka", "chausiku", "guest")}


@pytest.fixture
def meeting(app):
    with app.test_request_context(headers=EN):
        m = Meeting()
        return {"event": m.event.id, "officers": m.officers.id, "executives": m.executives.id,
                "group2": m.executives.group_id, "mofp": m.mofp.id, "udom": m.udom.id,
                "baraka_bill": m.baraka_bill, **m.ids}


def names(app, event_id, **filters) -> set[str]:
    with app.app_context():
        event = db.session.get(Event, event_id)
        page = listing.registrations_page(event, RegistrationFilter(**filters))
        return {r.first_name for r in page.items}


# --- the list -------------------------------------------------------------------------


def test_filters_narrow_the_list(app, meeting):
    event = meeting["event"]

    assert names(app, event) == {"Asha", "Baraka", "Chausiku", "Daudi"}
    assert names(app, event, category_id=meeting["officers"]) == {"Asha", "Baraka"}
    assert names(app, event, group_id=meeting["group2"]) == {"Chausiku"}
    assert names(app, event, institution_id=meeting["mofp"]) == {"Asha", "Chausiku"}
    assert names(app, event, status="confirmed") == {"Asha", "Daudi"}
    assert names(app, event, status="pending_payment") == {"Baraka", "Chausiku"}
    assert names(app, event, paid="yes") == {"Asha"}
    assert names(app, event, paid="no") == {"Baraka", "Chausiku"}  # the free guest owes nothing
    assert names(app, event, category_id=meeting["officers"], paid="no") == {"Baraka"}


def test_search_by_name_email_reference_or_control_number(app, meeting):
    event = meeting["event"]
    with app.app_context():
        reference = db.session.get(Registration, meeting["chausiku"]).reference

    assert names(app, event, text="asha") == {"Asha"}
    assert names(app, event, text="Baraka Kweka") == {"Baraka"}
    assert names(app, event, text="MOFP.GO.TZ") == {"Asha", "Chausiku"}
    assert names(app, event, text=reference.lower()) == {"Chausiku"}
    assert names(app, event, text=" ".join(meeting["baraka_bill"][i:i + 4] for i in (0, 4, 8))) == {"Baraka"}
    assert names(app, event, text="%") == set()  # a wildcard is a character here


def test_a_cancelled_registration_leaves_the_live_list(app, meeting):
    with app.test_request_context(headers=EN):
        from eventapp.registration.services import lifecycle

        lifecycle.cancel_registration(db.session.get(Registration, meeting["baraka"]), by_registrant=False,
                                      reason="Duplicate of another registration")

    assert "Baraka" not in names(app, meeting["event"], status="live")
    assert "Baraka" in names(app, meeting["event"])


def test_the_list_page_shows_counts_filters_and_bills(client, login, meeting):
    login(Role.ORGANISER)

    response = client.get(f"/manage/events/{meeting['event']}/registrations?category={meeting['officers']}",
                          headers=EN)

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Asha" in body and "Baraka" in body and "Chausiku" not in body
    assert meeting["baraka_bill"] in body
    assert "2 registrations" in body
    assert f"export.csv?category={meeting['officers']}" in body  # exports keep the filters


def test_pages_hold_50_and_a_page_past_the_end_shows_the_last(app):
    with app.test_request_context(headers=EN):
        event = factories.open_event()
        category = factories.category(event, fee=0)
        institution = factories.institution()
        for n in range(120):
            factories.registration(category, institution)

        third = listing.registrations_page(event, RegistrationFilter(), page=3)
        beyond = listing.registrations_page(event, RegistrationFilter(), page=99)
        first = listing.registrations_page(event, RegistrationFilter(), page=1)

    assert (third.total, third.pages, len(third.items)) == (120, 3, 20)
    assert beyond.page == 3
    assert first.items[0].created_at >= first.items[-1].created_at  # newest first


def count_queries(app, call) -> int:
    statements = []

    def listener(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        call()
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
    return len([s for s in statements if "registrations" in s or "bill" in s])


def test_the_page_needs_the_same_few_queries_for_5_or_50_rows(app, client, login):
    with app.test_request_context(headers=EN):
        event = factories.open_event()
        category_ids = [factories.category(event, fee=100_000).id for _n in range(3)]
        institution_ids = [factories.institution().id for _n in range(5)]

        def add(n):
            from eventapp.registration.models import Institution, ParticipantCategory

            factories.registration(db.session.get(ParticipantCategory, category_ids[n % 3]),
                                   db.session.get(Institution, institution_ids[n % 5]))

        for n in range(5):
            add(n)
        event_id = event.id
    login(Role.ORGANISER)
    url = f"/manage/events/{event_id}/registrations"

    few = count_queries(app, lambda: client.get(url))
    with app.test_request_context(headers=EN):
        for n in range(45):
            add(n)
    many = count_queries(app, lambda: client.get(url))

    assert many == few
    assert many <= 8


# --- exports --------------------------------------------------------------------------


def test_csv_export_has_the_filtered_rows_and_defuses_formulas(app, client, login, meeting):
    with app.app_context():
        db.session.get(Registration, meeting["baraka"]).position = "=HYPERLINK(\"http://x\")"
        db.session.commit()
    login(Role.ORGANISER)

    response = client.get(f"/manage/events/{meeting['event']}/registrations/export.csv?category={meeting['officers']}")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert sorted(r["first_name"] for r in rows) == ["Asha", "Baraka"]
    baraka = next(r for r in rows if r["first_name"] == "Baraka")
    assert baraka["position"].startswith("'=")
    assert baraka["control_number"] == meeting["baraka_bill"] and baraka["bill_status"] == "pending"
    assert baraka["institution_acronym"] == "UDOM" and baraka["fee"] == "400000"


def test_export_reads_in_chunks_across_many_rows(app):
    with app.test_request_context(headers=EN):
        event = factories.open_event()
        category = factories.category(event, fee=0)
        for _n in range(25):
            factories.registration(category)

        rows = list(listing.export_rows(event, RegistrationFilter(), chunk_size=7))

    assert len(rows) == 25
    assert len({r[0] for r in rows}) == 25


def test_xlsx_export_opens_with_a_header_and_one_row_per_registration(client, login, meeting):
    login(Role.ORGANISER)

    response = client.get(f"/manage/events/{meeting['event']}/registrations/export.xlsx?status=confirmed")

    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(listing.EXPORT_COLUMNS)
    assert sorted(r[3] for r in rows[1:]) == ["Asha", "Daudi"]


# --- one registration -----------------------------------------------------------------


@pytest.fixture
def students(app):
    with app.test_request_context(headers=EN):
        event = factories.open_event()
        category = factories.category(event, code="G3-STU", fee=20_000, requires_approval=True, requires_proof=True,
                                      proof_label_en="Student ID card", capacity=1)
        png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
        first = registering.register_participant(
            event, factories.participant_details(category, email="student1@udom.ac.tz"), consent=True,
            proof=FileStorage(io.BytesIO(png), filename="id.png"),
        )
        second = registering.register_participant(
            event, factories.participant_details(category, email="student2@udom.ac.tz"), consent=True,
            proof=FileStorage(io.BytesIO(png), filename="id2.png"),
        )
        assert (first.status, second.status) == (RegistrationStatus.PENDING_APPROVAL, RegistrationStatus.WAITLISTED)
        return first.id, second.id


def test_the_registration_page_shows_details_proof_and_decisions(client, login, students):
    first, _second = students
    login(Role.ORGANISER)

    body = client.get(f"/manage/registrations/{first}", headers=EN).get_data(as_text=True)

    assert "student1@udom.ac.tz" in body
    assert f"/manage/registrations/{first}/proof" in body
    assert "Approve" in body
    proof = client.get(f"/manage/registrations/{first}/proof")
    assert proof.status_code == 200 and proof.data.startswith(b"\x89PNG")


def test_approving_bills_the_student_and_is_audited(app, client, login, students, outbox):
    first, _second = students
    organiser = login(Role.ORGANISER)

    response = client.post(f"/manage/registrations/{first}/approve")

    assert response.status_code == 302
    with app.app_context():
        registration = db.session.get(Registration, first)
        assert registration.status is RegistrationStatus.PENDING_PAYMENT
        assert billing.open_bill_for(registration).total_amount == 20_000
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "registration.approve"))
        assert entry.actor_id == organiser.id
    assert [m.recipients for m in outbox] == [["student1@udom.ac.tz"]]


def test_rejecting_needs_a_reason_and_frees_the_place_for_the_waiting_list(app, client, login, students):
    first, second = students
    login(Role.ORGANISER)

    without = client.post(f"/manage/registrations/{first}/reject", data={"reason": ""}, follow_redirects=True,
                          headers=EN)
    assert "Give the reason" in without.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Registration, first).status is RegistrationStatus.PENDING_APPROVAL

    client.post(f"/manage/registrations/{first}/reject", data={"reason": "The student ID is not readable."})

    with app.app_context():
        assert db.session.get(Registration, first).status is RegistrationStatus.REJECTED
        assert db.session.get(Registration, first).decision_reason == "The student ID is not readable."
        assert db.session.get(Registration, second).status is RegistrationStatus.PENDING_APPROVAL


def test_an_organiser_cancels_with_a_reason(app, client, login, meeting):
    login(Role.ORGANISER)
    url = f"/manage/registrations/{meeting['baraka']}/cancel"

    client.post(url, data={"reason": ""})
    with app.app_context():
        assert db.session.get(Registration, meeting["baraka"]).status is RegistrationStatus.PENDING_PAYMENT
    client.post(url, data={"reason": "Asked by phone to cancel"})

    with app.app_context():
        registration = db.session.get(Registration, meeting["baraka"])
        assert registration.status is RegistrationStatus.CANCELLED
        assert db.session.scalar(sa.select(Bill).where(Bill.control_number == meeting["baraka_bill"])).status \
            is BillStatus.CANCELLED
    history = client.get(f"/manage/registrations/{meeting['baraka']}").get_data(as_text=True)
    assert "registration.cancel" in history and "Asked by phone to cancel" in history


# --- guests with a fee waiver ---------------------------------------------------------


def guest_form(category_id, **overrides):
    data = {
        "category_id": str(category_id), "waiver_reason": "Guest of honour, official opening",
        "title": "Mhe.", "first_name": "Mary", "last_name": "Mwanjelwa", "gender": "female",
        "position": "Naibu Waziri", "institution_name": "Wizara ya Fedha na Mipango", "email": "naibu@example.go.tz",
        "phone": "0754 000 111", "language": "sw",
    }
    data.update(overrides)
    return data


def test_an_organiser_registers_a_guest_with_the_fee_waived_and_audited(app, client, login, meeting, outbox):
    organiser = login(Role.ORGANISER)

    response = client.post(f"/manage/events/{meeting['event']}/registrations/guest",
                           data=guest_form(meeting["officers"]))

    assert response.status_code == 302
    with app.app_context():
        guest = db.session.scalar(sa.select(Registration).where(Registration.email == "naibu@example.go.tz"))
        assert guest.fee_waived and guest.waiver_reason == "Guest of honour, official opening"
        assert guest.status is RegistrationStatus.CONFIRMED and guest.amount_due == 0
        assert guest.institution_id == meeting["mofp"]
        assert billing.bills_for(guest) == []
        [entry] = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "registration.fee_waiver")).all()
        assert entry.actor_id == organiser.id
        assert entry.target == f"registration:{guest.reference}"
        assert entry.details == "Guest of honour, official opening"
    assert [m.recipients for m in outbox] == [["naibu@example.go.tz"]]


def test_a_waiver_needs_a_reason_and_nothing_is_saved_without_it(app, client, login, meeting):
    login(Role.ORGANISER)

    response = client.post(f"/manage/events/{meeting['event']}/registrations/guest",
                           data=guest_form(meeting["officers"], waiver_reason=" ", phone="12"), headers=EN)

    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Say why the fee is waived" in body
    assert "Enter a valid phone number" in body
    assert "Mwanjelwa" in body  # what was typed is kept
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 4
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "registration.fee_waiver")) == 0


def test_hidden_categories_are_offered_to_organisers_only_here(client, login, meeting):
    login(Role.ORGANISER)

    body = client.get(f"/manage/events/{meeting['event']}/registrations/guest", headers=EN).get_data(as_text=True)

    assert "GUEST" in body and "(hidden)" in body


# --- finance summary ------------------------------------------------------------------


def test_finance_summary_shares_partial_payments_by_item(app):
    """Asha pays her 400,000 bill; Baraka (400,000) and Chausiku (200,000) share a partial
    bill of 600,000 paid 300,000; Ezra's 200,000 bill is unpaid; Fatuma over-pays 250,000
    on a 200,000 bill."""
    with app.test_request_context(headers=EN):
        m = Meeting()
        ezra = factories.registration(m.executives, m.mofp, first_name="Ezra", email="ezra@mofp.go.tz")
        fatuma = factories.registration(m.executives, m.mofp, first_name="Fatuma", email="fatuma@mofp.go.tz")
        for registration in (m.baraka, m.chausiku, fatuma):
            billing.cancel_bill(billing.open_bill_for(registration))
        shared = billing.raise_bill(
            m.event, "University of Dodoma", "ict@udom.ac.tz", "255754123456", "Delegation",
            items=[("Baraka", 400_000, m.baraka), ("Chausiku", 200_000, m.chausiku)],
            payment_option=PaymentOption.PARTIAL,
        )
        over = billing.raise_bill(m.event, "Fatuma", fatuma.email, "", "Fee", items=[("Fatuma", 200_000, fatuma)],
                                  payment_option=PaymentOption.FULL)
        db.session.commit()
        pay(shared, 300_000, "MP-SHARED")
        pay(over, 250_000, "MP-OVER")
        assert billing.open_bill_for(ezra).total_amount == 200_000

        by_category = {r.label.split(" — ")[0]: (r.items, r.billed, r.collected, r.outstanding)
                       for r in finance.finance_by_category(m.event)}
        by_institution = {r.key: (r.billed, r.collected) for r in finance.finance_by_institution(m.event)}
        [totals] = finance.finance_totals(m.event)
        mofp, udom = m.mofp.id, m.udom.id

    assert by_category == {
        "G1": (2, 800_000, 600_000, 200_000),  # Asha 400,000 + Baraka's half 200,000
        "G2": (3, 600_000, 300_000, 300_000),  # Chausiku's half 100,000 + Fatuma 200,000 (capped)
    }
    assert by_institution == {mofp: (1_000_000, 700_000), udom: (400_000, 200_000)}
    assert (totals.bills, totals.billed, totals.collected, totals.received, totals.overpaid) == (
        4, 1_400_000, 900_000, 950_000, 50_000)
    assert totals.outstanding == 500_000


def test_finance_staff_see_the_summary_page(client, login, meeting):
    login(Role.FINANCE)

    response = client.get(f"/manage/events/{meeting['event']}/finance-summary", headers=EN)

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "TZS 400,000" in body and "Wizara ya Fedha na Mipango (MoFP)" in body


# --- who may open what ----------------------------------------------------------------


def management_urls(m: dict) -> list[tuple[str, str]]:
    event, reg = m["event"], m["baraka"]
    return [
        ("GET", "/manage/registrations"),
        ("GET", f"/manage/events/{event}/registrations"),
        ("GET", f"/manage/events/{event}/registrations/export.csv"),
        ("GET", f"/manage/events/{event}/registrations/export.xlsx"),
        ("GET", f"/manage/events/{event}/registrations/email"),
        ("POST", f"/manage/events/{event}/registrations/email"),
        ("GET", f"/manage/events/{event}/registrations/guest"),
        ("POST", f"/manage/events/{event}/registrations/guest"),
        ("GET", f"/manage/registrations/{reg}"),
        ("GET", f"/manage/registrations/{reg}/proof"),
        ("POST", f"/manage/registrations/{reg}/approve"),
        ("POST", f"/manage/registrations/{reg}/reject"),
        ("POST", f"/manage/registrations/{reg}/cancel"),
        ("GET", f"/manage/events/{event}/categories"),
        ("GET", f"/manage/events/{event}/categories/new"),
        ("GET", f"/manage/categories/{m['officers']}/edit"),
        ("GET", "/manage/institutions"),
        ("GET", "/manage/institutions/pending"),
    ]


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.FINANCE, Role.GATE])
def test_other_roles_get_403_on_every_management_page(app, client, login, meeting, role):
    login(role)

    for method, url in management_urls(meeting):
        assert client.open(url, method=method).status_code == 403, (method, url)
    finance = client.get(f"/manage/events/{meeting['event']}/finance-summary").status_code
    assert finance == (200 if role is Role.FINANCE else 403)
    with app.app_context():
        assert db.session.get(Registration, meeting["baraka"]).status is RegistrationStatus.PENDING_PAYMENT


def test_the_nav_links_registrations_for_organisers_only(client, login):
    login(Role.ORGANISER)
    assert "/manage/registrations" in client.get("/").get_data(as_text=True)


def test_participants_see_no_registrations_link(client, login):
    login(Role.PARTICIPANT)
    assert "/manage/registrations" not in client.get("/").get_data(as_text=True)
