"""POST /api/v1/checkin: a gate device checks a badge in with its API token."""
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from eventapp.auth.api_tokens import create_api_token, revoke_api_token
from eventapp.auth.models import ApiToken
from eventapp.checkin.models import Checkin, CheckinSource
from eventapp.core.roles import Role
from eventapp.extensions import db
from tests.checkin import factories as gate

URL = "/api/v1/checkin"


def local_today():
    return datetime.now(ZoneInfo("Africa/Dar_es_Salaam")).date()


@pytest.fixture
def device(app):
    with app.app_context():
        _token, plaintext = create_api_token("Lango Kuu — simu 1", Role.GATE, actor_id=None)
        return plaintext


@pytest.fixture
def people(app):
    """Tokens of people in each state, at a meeting happening today."""
    with app.app_context():
        event = gate.gate_event()
        return {
            "confirmed": gate.confirmed(event).badge_token,
            "group2": gate.confirmed(event, group=2).badge_token,
            "unpaid": gate.unpaid(event).badge_token,
            "cancelled": gate.cancelled(event).badge_token,
            "other_event": gate.confirmed(gate.gate_event(edition=event.edition + 500,
                                                          starts_on=local_today() + timedelta(days=40),
                                                          ends_on=local_today() + timedelta(days=41))).badge_token,
        }


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def checkins(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Checkin))


def test_a_good_badge_is_ok_with_the_participant(client, app, device, people):
    response = client.post(URL, json={"token": people["confirmed"], "gate": "Lango Kuu"}, headers=bearer(device))

    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["colour"] == "green"
    assert body["day"] == local_today().isoformat() and body["gate"] == "Lango Kuu"
    assert set(body["participant"]) >= {"name", "reference", "institution", "group", "category"}
    assert body["participant"]["group"]["number"] == 1
    with app.app_context():
        row = db.session.scalar(sa.select(Checkin))
        assert row.source is CheckinSource.DEVICE
        assert row.api_token_id == db.session.scalar(sa.select(ApiToken.id))


def test_scanning_again_is_idempotent_and_names_the_first_check_in(client, app, device, people):
    client.post(URL, json={"token": people["confirmed"], "gate": "A"}, headers=bearer(device))

    body = client.post(URL, json={"token": people["confirmed"], "gate": "B"}, headers=bearer(device)).get_json()

    assert body["status"] == "already_checked_in" and body["gate"] == "A" and body["checked_in_at"]
    assert checkins(app) == 1


@pytest.mark.parametrize("who, status", [("group2", "wrong_day"), ("unpaid", "not_paid"),
                                         ("cancelled", "cancelled"), ("other_event", "invalid")])
def test_refused_badges_get_their_status_and_write_nothing(client, app, device, people, who, status):
    body = client.post(URL, json={"token": people[who]}, headers=bearer(device)).get_json()

    assert body["status"] == status and body["message"]
    assert checkins(app) == 0


def test_a_day_given_is_used(client, app, device, people):
    tomorrow = (local_today() + timedelta(days=1)).isoformat()

    body = client.post(URL, json={"token": people["group2"], "day": tomorrow}, headers=bearer(device)).get_json()

    assert body["status"] == "ok" and body["day"] == tomorrow


@pytest.mark.parametrize("token", ["forged" + "x" * 37, "abc", "", "a" * 43])
def test_forged_truncated_or_unknown_tokens_are_invalid(client, app, device, people, token):
    truncated = {"abc": people["confirmed"][:20]}.get(token, token)
    response = client.post(URL, json={"token": truncated or "   "}, headers=bearer(device))

    if truncated.strip():
        assert response.status_code == 200 and response.get_json()["status"] == "invalid"
        assert response.get_json()["participant"] is None
    else:
        assert response.status_code == 400 and "token" in response.get_json()["errors"]
    assert checkins(app) == 0


def test_a_replayed_offline_queue_counts_once(client, app, device, people):
    scans = [{"token": people["confirmed"], "scan_id": "simu1-17", "scanned_at": "2026-01-01T07:45:00+03:00"}]
    first = [client.post(URL, json=s, headers=bearer(device)).get_json() for s in scans]
    replay = [client.post(URL, json=s, headers=bearer(device)).get_json() for s in scans]

    assert first[0]["status"] == "ok" and replay[0]["status"] == "ok" and replay[0]["replayed"] is True
    assert checkins(app) == 1


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer "}, {"Authorization": "Bearer nope"},
                                     {"Authorization": "Token abc"}])
def test_no_valid_api_token_is_401_and_changes_nothing(client, app, people, headers):
    response = client.post(URL, json={"token": people["confirmed"]}, headers=headers)

    assert response.status_code == 401 and "error" in response.get_json()
    assert checkins(app) == 0


@pytest.mark.parametrize("role", [Role.FINANCE, Role.ORGANISER, Role.PARTICIPANT])
def test_a_token_of_another_role_is_403(client, app, people, role):
    with app.app_context():
        _token, plaintext = create_api_token("other", role, actor_id=None)

    assert client.post(URL, json={"token": people["confirmed"]}, headers=bearer(plaintext)).status_code == 403
    assert checkins(app) == 0


def test_a_revoked_gate_token_is_401(client, app, device, people):
    with app.app_context():
        revoke_api_token(db.session.scalar(sa.select(ApiToken)), actor_id=None)

    assert client.post(URL, json={"token": people["confirmed"]}, headers=bearer(device)).status_code == 401


@pytest.mark.parametrize("raw, content_type", [
    ("not json", "application/json"), ("[1, 2]", "application/json"), ('"token"', "application/json"),
    ("", "application/json"), ("{" * 5000, "application/json"), ('{"token": "' + "a" * 5000 + '"}', "text/plain"),
])
def test_a_body_that_is_not_a_small_json_object_is_400(client, app, device, people, raw, content_type):
    response = client.post(URL, data=raw, content_type=content_type, headers=bearer(device))

    assert response.status_code == 400 and response.get_json()["error"]
    assert checkins(app) == 0


@pytest.mark.parametrize("changes, field", [
    ({"token": 12345}, "token"), ({"token": None}, "token"), ({"day": "1/2/2026"}, "day"),
    ({"day": "2026-02-30"}, "day"), ({"day": 20260202}, "day"), ({"gate": "G" * 61}, "gate"),
    ({"gate": "A\x00B"}, "gate"), ({"scan_id": "has space"}, "scan_id"), ({"scan_id": "x" * 65}, "scan_id"),
    ({"scanned_at": "yesterday"}, "scanned_at"),
])
def test_bad_fields_are_400_naming_the_field(client, app, device, people, changes, field):
    payload = {"token": people["confirmed"], **changes}

    response = client.post(URL, data=json.dumps(payload), content_type="application/json", headers=bearer(device))

    assert response.status_code == 400
    assert field in response.get_json()["errors"]
    assert checkins(app) == 0


def test_the_message_follows_the_requested_language(client, device, people):
    english = client.post(URL, json={"token": people["unpaid"]}, headers={**bearer(device), "Accept-Language": "en"})
    swahili = client.post(URL, json={"token": people["unpaid"]}, headers={**bearer(device), "Accept-Language": "sw"})

    assert english.get_json()["message"] != swahili.get_json()["message"]
