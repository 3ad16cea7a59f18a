"""The gate's pages: who may open them, the scanner page, an online scan, the offline list's
URL and the service worker."""
import hashlib
import json
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventapp.checkin.models import Checkin, CheckinSource
from eventapp.core.clock import local_today
from eventapp.core.roles import Role
from eventapp.events.models import EventStatus
from eventapp.extensions import db
from tests import factories
from tests.checkin import factories as gate


@pytest.fixture
def world(app):
    """A meeting on today and tomorrow, and one on other days; tokens and ids by name."""
    with app.app_context():
        event = gate.gate_event()
        other = gate.gate_event(edition=event.edition + 1, starts_on=local_today() + timedelta(days=40),
                                ends_on=local_today() + timedelta(days=41),
                                registration_closes_on=local_today() + timedelta(days=41))
        people = {
            "ok": gate.confirmed(event, first_name="Neema", last_name="Mwakalinga"),
            "tomorrow": gate.confirmed(event, group=2),
            "unpaid": gate.unpaid(event),
            "cancelled": gate.cancelled(event),
            "elsewhere": gate.confirmed(other),
        }
        return {
            "event": event.id, "other": other.id, "title": event.title_en, "today": local_today(),
            "tokens": {name: p.badge_token for name, p in people.items()},
            "ids": {name: p.id for name, p in people.items()},
            "names": {name: p.display_name for name, p in people.items()},
        }


def checkins(app) -> list[Checkin]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(Checkin).order_by(Checkin.id)))
        db.session.expunge_all()
        return rows


def gate_urls(world) -> list[tuple[str, str]]:
    event, day = world["event"], world["today"].isoformat()
    return [
        ("GET", "/gate"), ("GET", f"/gate/{event}"), ("POST", f"/gate/{event}/scan"),
        ("GET", f"/gate/{event}/days/{day}/list.json"), ("POST", f"/gate/{event}/sync"),
        ("GET", f"/gate/{event}/search?q=neema"),
        ("POST", f"/gate/{event}/registrations/{world['ids']['ok']}/checkin"), ("GET", "/gate/sw.js"),
    ]


# --- who may open the gate's pages ----------------------------------------------------------


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.FINANCE, Role.JUDGE, Role.PROGRAMME])
def test_other_roles_are_refused_and_nothing_is_checked_in(app, client, login, world, role):
    login(role)

    for method, url in gate_urls(world):
        body = {"token": world["tokens"]["ok"]} if url.endswith("/scan") else None
        assert client.open(url, method=method, json=body).status_code == 403, url
    assert checkins(app) == []


def test_anonymous_visitors_go_to_the_login_page(app, client, world):
    for method, url in gate_urls(world):
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    assert checkins(app) == []


@pytest.mark.parametrize("role", [Role.GATE, Role.ORGANISER, Role.ADMIN])
def test_gate_staff_organisers_and_administrators_may_scan(client, login, world, role):
    login(role)

    response = client.post(f"/gate/{world['event']}/scan", json={"token": world["tokens"]["ok"]})

    assert response.status_code == 200 and response.get_json()["status"] == "ok"


# --- the gate's home page -------------------------------------------------------------------


def test_the_gate_goes_straight_to_the_scanner_of_todays_meeting(client, login, world):
    login(Role.GATE)

    response = client.get("/gate")

    assert response.status_code == 302 and response.headers["Location"] == f"/gate/{world['event']}"


def test_with_no_meeting_today_the_gate_lists_the_open_ones(app, client, login):
    with app.app_context():
        today = local_today()
        later = gate.gate_event(starts_on=today + timedelta(days=10), ends_on=today + timedelta(days=11),
                                registration_closes_on=today + timedelta(days=11))
        title, event_id = later.title_en, later.id
    login(Role.GATE)

    response = client.get("/gate")

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "No meeting is on today" in page
    assert title in page and f'href="/gate/{event_id}"' in page


def test_with_two_meetings_today_the_gate_asks_which(app, client, login, world):
    with app.app_context():
        second = gate.gate_event(edition=999)
        title = second.title_en
    login(Role.GATE)

    response = client.get("/gate")

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "More than one meeting is on today" in page
    assert world["title"] in page and title in page


def test_a_meeting_without_days_cannot_be_scanned_for(app, client, login):
    with app.app_context():
        event_id = factories.event(status=EventStatus.OPEN).id
    login(Role.GATE)

    response = client.get(f"/gate/{event_id}", follow_redirects=True)

    assert response.request.path == "/gate"
    assert "has no days set yet" in response.get_data(as_text=True)


# --- the scanner page -----------------------------------------------------------------------


def page_config(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="gate-config">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_the_scanner_page_has_what_the_script_needs_and_no_inline_script_or_style(client, login, world):
    login(Role.GATE)

    response = client.get(f"/gate/{world['event']}")

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store, private"
    config = page_config(page)
    today = world["today"].isoformat()
    assert config["eventId"] == world["event"] and config["day"] == today and config["language"] == "en"
    assert config["fixedDay"] is False  # the page follows the date (a page left open overnight)
    assert config["days"] == [today, (world["today"] + timedelta(days=1)).isoformat()]
    assert config["urls"] == {
        "scan": f"/gate/{world['event']}/scan", "sync": f"/gate/{world['event']}/sync",
        "list": f"/gate/{world['event']}/days/{config['dayPlaceholder']}/list.json", "worker": "/gate/sw.js",
        "jsqr": "/static/vendor/jsqr/jsQR.js",
    }
    assert 'Arrivals on <span id="gate-day-label">' in page
    assert config["strings"]["status"]["ok"] == "Welcome"
    assert '<meta name="csrf-token"' in page and 'id="wedge-input"' in page and 'id="gate-name"' in page
    assert "/static/js/gate-scanner.js" in page and "/static/js/gate-store.js" in page
    assert " style=" not in page and "onclick" not in page
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert scripts == [' type="application/json" id="gate-config"']
    assert "Lango Kuu" in page  # the gate name's example


def test_the_scanner_page_offers_the_events_days_and_keeps_a_chosen_one(client, login, world):
    login(Role.GATE)
    tomorrow = (world["today"] + timedelta(days=1)).isoformat()

    page = client.get(f"/gate/{world['event']}?day={tomorrow}").get_data(as_text=True)

    assert page_config(page)["day"] == tomorrow and page_config(page)["fixedDay"] is True
    assert f'<option value="{tomorrow}" selected>' in page
    assert "This is not today" in page
    # a day not of the event falls back to today
    assert page_config(client.get(f"/gate/{world['event']}?day=2001-01-01").get_data(as_text=True))["day"] == \
        world["today"].isoformat()


def test_an_unknown_event_is_404(client, login, world):
    login(Role.GATE)

    assert client.get("/gate/999999").status_code == 404
    assert client.post("/gate/999999/scan", json={"token": world["tokens"]["ok"]}).status_code == 404


# --- an online scan -------------------------------------------------------------------------


def test_a_scan_checks_in_once_then_answers_already_checked_in(app, client, login, world):
    user = login(Role.GATE)
    url = f"/gate/{world['event']}/scan"

    first = client.post(url, json={"token": world["tokens"]["ok"], "gate": "Lango  Kuu",
                                   "day": world["today"].isoformat()}).get_json()
    again = client.post(url, json={"token": world["tokens"]["ok"], "gate": "Lango B"}).get_json()

    assert first["status"] == "ok" and first["colour"] == "green" and first["arrivals"] == 1
    assert first["participant"]["name"] == world["names"]["ok"]
    assert first["participant"]["group"] == {"number": 1, "name": "Group 1", "colour": "#1f6f43"}
    assert again["status"] == "already_checked_in" and again["colour"] == "amber" and again["arrivals"] == 1
    assert again["gate"] == "Lango Kuu"
    [row] = checkins(app)
    assert (row.source, row.gate, row.user_id, row.registration_id) == (CheckinSource.SCANNER, "Lango Kuu", user.id,
                                                                         world["ids"]["ok"])


@pytest.mark.parametrize("who, status, colour", [
    ("unpaid", "not_paid", "red"), ("cancelled", "cancelled", "red"), ("tomorrow", "wrong_day", "amber"),
    ("elsewhere", "invalid", "red"),
])
def test_refused_badges_say_why_and_change_nothing(app, client, login, world, who, status, colour):
    login(Role.GATE)

    body = client.post(f"/gate/{world['event']}/scan", json={"token": world["tokens"][who]}).get_json()

    assert (body["status"], body["colour"], body["arrivals"]) == (status, colour, 0)
    assert checkins(app) == []


def test_a_forged_or_truncated_token_is_invalid(app, client, login, world):
    login(Role.GATE)
    url = f"/gate/{world['event']}/scan"

    forged = client.post(url, json={"token": "A" * 43}).get_json()
    truncated = client.post(url, json={"token": world["tokens"]["ok"][:-1]}).get_json()

    assert (forged["status"], forged["reason"]) == ("invalid", "unknown_token")
    assert (truncated["status"], truncated["reason"]) == ("invalid", "malformed_token")
    assert checkins(app) == []


@pytest.mark.parametrize("body, field", [
    ({}, "token"), ({"token": 5}, "token"), ({"token": "x" * 201}, "token"),
    ({"token": "ok", "day": "2026-13-01"}, "day"), ({"token": "ok", "gate": "g" * 61}, "gate"),
    ({"token": "ok", "scan_id": "bad id!"}, "scan_id"),
])
def test_a_bad_field_is_a_400_naming_it(app, client, login, world, body, field):
    login(Role.GATE)
    if body.get("token") == "ok":
        body = dict(body, token=world["tokens"]["ok"])

    response = client.post(f"/gate/{world['event']}/scan", json=body)

    assert response.status_code == 400 and field in response.get_json()["errors"]
    assert checkins(app) == []


@pytest.mark.parametrize("data", [b"not json", b"[1, 2]", b'"token"', b"{" * 5000])
def test_a_body_that_is_not_a_json_object_is_a_400(app, client, login, world, data):
    login(Role.GATE)

    response = client.post(f"/gate/{world['event']}/scan", data=data, content_type="application/json")

    assert response.status_code == 400 and response.get_json()["error"]
    assert checkins(app) == []


def test_a_scan_needs_the_csrf_token_when_csrf_is_on(app, client, login, world):
    login(Role.GATE)
    app.config["WTF_CSRF_ENABLED"] = True

    response = client.post(f"/gate/{world['event']}/scan", json={"token": world["tokens"]["ok"]},
                           headers={"Accept": "application/json"})

    assert response.status_code == 400 and "expired" in response.get_json()["error"]
    assert checkins(app) == []


# --- the offline list's URL -----------------------------------------------------------------


def test_the_offline_list_is_served_for_a_day_of_the_event_without_tokens(client, login, world):
    login(Role.GATE)

    response = client.get(f"/gate/{world['event']}/days/{world['today'].isoformat()}/list.json")

    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store, private"
    body = response.get_json()
    text = response.get_data(as_text=True)
    assert all(token not in text for token in world["tokens"].values())
    key = hashlib.sha256(world["tokens"]["ok"].encode()).hexdigest()
    assert body["registrations"][key]["name"] == world["names"]["ok"]
    assert {body["registrations"][hashlib.sha256(world["tokens"][w].encode()).hexdigest()]["status"]
            for w in ("ok", "tomorrow", "unpaid", "cancelled")} == {"ok", "wrong_day", "not_paid", "cancelled"}
    assert body["arrivals"] == 0 and body["generated_at"] and body["day"] == world["today"].isoformat()


@pytest.mark.parametrize("day", ["x", "2026-02-30", "20260202", "9999-01-01"])
def test_the_offline_list_of_a_day_not_of_the_event_is_404(client, login, world, day):
    login(Role.GATE)

    assert client.get(f"/gate/{world['event']}/days/{day}/list.json").status_code == 404


def test_the_offline_list_of_another_events_day_is_404(client, login, world):
    login(Role.GATE)
    their_day = (world["today"] + timedelta(days=40)).isoformat()

    assert client.get(f"/gate/{world['event']}/days/{their_day}/list.json").status_code == 404
    assert client.get(f"/gate/{world['other']}/days/{their_day}/list.json").status_code == 200


# --- the service worker ---------------------------------------------------------------------


def test_the_service_worker_is_served_under_gate_for_its_scope(client, login):
    login(Role.GATE)

    response = client.get("/gate/sw.js")

    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/gate/"
    assert "eventapp-gate-" in response.get_data(as_text=True)
