"""POST /api/v1/payments: the gateway's payment notification, with a finance API token."""
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from eventapp.auth.api_tokens import create_api_token, revoke_api_token
from eventapp.auth.models import ApiToken
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.registration.models import Bill, BillStatus, Payment, PaymentChannel, PaymentSource, RegistrationStatus
from eventapp.registration.services import billing
from tests import factories

URL = "/api/v1/payments"
EAT = ZoneInfo("Africa/Dar_es_Salaam")


@pytest.fixture
def api_token(app):
    """Make an API token of a role; returns the plaintext."""

    def _make(role=Role.FINANCE, name="GePG"):
        with app.app_context():
            _token, plaintext = create_api_token(name, role, actor_id=None)
            return plaintext

    return _make


@pytest.fixture
def bill(app):
    with app.app_context():
        registration = factories.registration(factories.category(factories.open_event(), fee=400_000))
        return factories.detach(billing.open_bill_for(registration))


def body(bill, **changes) -> dict:
    values = {
        "transaction_id": "GEPG-0001",
        "control_number": bill.control_number,
        "amount": bill.total_amount,
        "currency": "TZS",
        "paid_at": (datetime.now(EAT) - timedelta(minutes=5)).isoformat(timespec="seconds"),
        "channel": "M-Pesa",
        "psp_name": "Vodacom M-Pesa",
        "payer_name": "Juma Mshiriki",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not ...}


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def payment_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Payment))


# --- who may call it --------------------------------------------------------------------

@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer "}, {"Authorization": "Basic Zm9vOmJhcg=="},
                                     {"Authorization": "Bearer not-a-token"},
                                     {"Authorization": "Bearer " + "x" * 5000}])
def test_without_a_valid_token_the_answer_is_401_json(client, bill, app, headers):
    response = client.post(URL, json=body(bill), headers=headers)

    assert response.status_code == 401
    assert response.is_json and response.get_json()["error"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert payment_count(app) == 0


@pytest.mark.parametrize("role", [Role.GATE, Role.ORGANISER, Role.PARTICIPANT])
def test_a_token_of_another_role_gets_403(client, bill, app, api_token, role):
    response = client.post(URL, json=body(bill), headers=bearer(api_token(role)))

    assert response.status_code == 403
    assert response.get_json()["error"]
    assert payment_count(app) == 0


def test_a_revoked_token_gets_401(client, bill, app, api_token):
    token = api_token()
    with app.app_context():
        revoke_api_token(db.session.scalar(sa.select(ApiToken)), actor_id=None)

    response = client.post(URL, json=body(bill), headers=bearer(token))

    assert response.status_code == 401
    assert payment_count(app) == 0


def test_an_admin_token_passes(client, bill, api_token):
    response = client.post(URL, json=body(bill), headers=bearer(api_token(Role.ADMIN)))

    assert response.status_code == 200
    assert response.get_json()["status"] == "matched"


# --- what it does -----------------------------------------------------------------------

def test_a_good_notification_is_matched_and_confirms_the_registration(client, bill, app, api_token):
    token = api_token()

    response = client.post(URL, json=body(bill), headers=bearer(token))

    assert response.status_code == 200
    data = response.get_json()
    assert data["status"] == "matched"
    assert data["receipt_number"].startswith("P-")
    assert (data["control_number"], data["bill_status"], data["balance"]) == (bill.control_number, "paid", 0)
    with app.app_context():
        payment = db.session.scalar(sa.select(Payment))
        assert payment.receipt_number == data["receipt_number"]
        assert payment.source is PaymentSource.GATEWAY
        assert payment.channel is PaymentChannel.MPESA and payment.psp_name == "Vodacom M-Pesa"
        assert payment.payer_name == "Juma Mshiriki"
        stored = db.session.get(Bill, bill.id)
        assert stored.status is BillStatus.PAID
        assert stored.items[0].registration.status is RegistrationStatus.CONFIRMED
        assert db.session.scalar(sa.select(ApiToken)).last_used_at is not None


def test_a_replayed_notification_is_already_imported_and_recorded_once(client, bill, app, api_token):
    token = api_token()
    first = client.post(URL, json=body(bill), headers=bearer(token)).get_json()

    replay = client.post(URL, json=body(bill), headers=bearer(token))

    assert replay.status_code == 200
    assert replay.get_json()["status"] == "already_imported"
    assert replay.get_json()["receipt_number"] == first["receipt_number"]
    assert payment_count(app) == 1


@pytest.mark.parametrize("changes, status", [
    ({"control_number": "991111111116"}, "unknown_control_number"),
    ({"amount": 1000}, "amount_mismatch"),
    ({"currency": "USD"}, "amount_mismatch"),
])
def test_business_refusals_are_200_with_their_status_and_record_nothing(client, bill, app, api_token, changes,
                                                                        status):
    response = client.post(URL, json=body(bill, **changes), headers=bearer(api_token()))

    assert response.status_code == 200
    assert response.get_json()["status"] == status
    assert response.get_json()["receipt_number"] is None
    assert payment_count(app) == 0


def test_a_payment_after_expiry_is_reported_as_expired_bill(client, bill, api_token):
    late = (bill.expires_on + timedelta(days=1)).isoformat() + "T09:00:00+03:00"

    response = client.post(URL, json=body(bill, paid_at=late), headers=bearer(api_token()))

    assert response.get_json()["status"] == "expired_bill"


@pytest.mark.parametrize("amount", [400_000, "400000", "400,000.00", 400_000.0])
def test_amount_as_a_number_or_a_numeric_string(client, bill, api_token, amount):
    response = client.post(URL, json=body(bill, amount=amount), headers=bearer(api_token()))

    assert response.get_json()["status"] == "matched"


def test_a_numeric_control_number_is_accepted(client, bill, api_token):
    response = client.post(URL, json=body(bill, control_number=int(bill.control_number)), headers=bearer(api_token()))

    assert response.get_json()["status"] == "matched"


# --- bad input: always a clear 400, never a 500 -----------------------------------------

@pytest.mark.parametrize("raw, content_type", [
    (b"{not json", "application/json"),
    (b"", "application/json"),
    (b"[1, 2, 3]", "application/json"),
    (b'"a string"', "application/json"),
    (b"null", "application/json"),
    (b"transaction_id=1&amount=5", "application/x-www-form-urlencoded"),
    (b"\xff\xfe\x00garbage", "application/json"),
    (b"[" * 50_000 + b"]" * 50_000, "application/json"),
])
def test_a_body_that_is_not_a_json_object_gets_400(client, bill, app, api_token, raw, content_type):
    response = client.post(URL, data=raw, content_type=content_type, headers=bearer(api_token()))

    assert response.status_code == 400
    assert response.is_json and response.get_json()["error"]
    assert payment_count(app) == 0


@pytest.mark.parametrize("changes, field", [
    ({"transaction_id": ...}, "transaction_id"),
    ({"transaction_id": ""}, "transaction_id"),
    ({"transaction_id": 12345}, "transaction_id"),
    ({"transaction_id": "x" * 65}, "transaction_id"),
    ({"transaction_id": "line\nbreak"}, "transaction_id"),
    ({"control_number": ...}, "control_number"),
    ({"control_number": "12345"}, "control_number"),
    ({"control_number": "123456789012"}, "control_number"),
    ({"control_number": ["991111111116"]}, "control_number"),
    ({"amount": ...}, "amount"),
    ({"amount": "abc"}, "amount"),
    ({"amount": True}, "amount"),
    ({"amount": 0}, "amount"),
    ({"amount": -400_000}, "amount"),
    ({"amount": 400_000.5}, "amount"),
    ({"amount": 10**30}, "amount"),
    ({"amount": {"value": 1}}, "amount"),
    ({"currency": "shilingi"}, "currency"),
    ({"currency": "T1"}, "currency"),
    ({"paid_at": "yesterday"}, "paid_at"),
    ({"paid_at": "1900-01-01T00:00:00"}, "paid_at"),
    ({"paid_at": 1548672300}, "paid_at"),
    ({"channel": ...}, "channel"),
    ({"payer_name": "x" * 201}, "payer_name"),
    ({"psp_name": ["a"]}, "psp_name"),
])
def test_bad_fields_get_400_naming_the_field(client, bill, app, api_token, changes, field):
    response = client.post(URL, json=body(bill, **changes), headers=bearer(api_token()))

    assert response.status_code == 400, response.get_json()
    data = response.get_json()
    assert data["error"] and field in data["errors"]
    assert payment_count(app) == 0


def test_huge_strings_get_400(client, bill, app, api_token):
    token = api_token()
    for changes in ({"transaction_id": "T" * 10_000}, {"payer_name": "x" * 1_000_000},
                    {"channel": "\u00e9" * 5_000}):
        response = client.post(URL, json=body(bill, **changes), headers=bearer(token))

        assert response.status_code == 400
        assert response.get_json()["error"]
    assert payment_count(app) == 0


def test_nan_and_infinity_get_400(client, bill, api_token):
    raw = json.dumps(body(bill)).replace(str(bill.total_amount), "NaN")

    response = client.post(URL, data=raw, content_type="application/json", headers=bearer(api_token()))

    assert response.status_code == 400


def test_get_is_not_allowed_and_answers_json(client, api_token):
    response = client.get(URL, headers=bearer(api_token()))

    assert response.status_code == 405
    assert response.is_json


class TestWithCsrfEnabled:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_the_api_needs_no_csrf_token(self, client, bill, api_token):
        response = client.post(URL, json=body(bill), headers=bearer(api_token()))

        assert response.status_code == 200
        assert response.get_json()["status"] == "matched"
