"""The gate's offline list of a day: every registration keyed by the SHA-256 of its badge token
(never the token), with the status a scan would give, built in one query."""
import hashlib
import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventapp.checkin.gate_list import default_day, event_day, events_on, offline_list, token_key
from eventapp.checkin.models import Checkin
from eventapp.checkin.scanning import Scan, ScanStatus, check_in, expected_status
from eventapp.core.clock import local_today
from eventapp.core.models import utcnow
from eventapp.core.references import random_reference
from eventapp.core.roles import Role
from eventapp.events.models import EventStatus
from eventapp.extensions import db
from eventapp.registration.models import Gender, Registration, RegistrationStatus
from tests import factories
from tests.checkin import factories as gate


@pytest.fixture
def event(app_ctx):
    return gate.gate_event()


def sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def test_the_key_is_the_sha256_hex_of_the_token_as_the_browser_computes_it():
    assert token_key("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


@pytest.mark.database
def test_each_registration_has_the_status_a_scan_would_give_today(event, db_backend):
    ok = gate.confirmed(event, group=1)
    both = gate.confirmed(event, group=3)
    tomorrow = gate.confirmed(event, group=2)
    unpaid = gate.unpaid(event)
    cancelled = gate.cancelled(event)

    listed = offline_list(event, local_today(), "en")["registrations"]

    assert {key: entry["status"] for key, entry in listed.items()} == {
        sha(ok.badge_token): "ok", sha(both.badge_token): "ok", sha(tomorrow.badge_token): "wrong_day",
        sha(unpaid.badge_token): "not_paid", sha(cancelled.badge_token): "cancelled",
    }
    entry = listed[sha(ok.badge_token)]
    assert entry == {
        "status": "ok", "name": ok.display_name, "institution": ok.institution.name,
        "group": {"number": 1, "name": "Group 1", "colour": "#1f6f43"}, "category": "Free Group 1",
        "reference": ok.reference,
    }


def test_tomorrows_list_lets_group_2_in_and_sends_group_1_away(event):
    first = gate.confirmed(event, group=1)
    second = gate.confirmed(event, group=2)

    listed = offline_list(event, local_today() + timedelta(days=1), "sw")["registrations"]

    assert listed[sha(first.badge_token)]["status"] == "wrong_day"
    assert listed[sha(second.badge_token)]["status"] == "ok"
    assert listed[sha(second.badge_token)]["group"]["name"] == "Kundi la Pili"


def test_a_day_already_checked_in_carries_its_time_and_gate_and_counts_as_an_arrival(event):
    here = gate.confirmed(event)
    gate.confirmed(event)
    first = check_in(Scan(here.badge_token, gate="Lango Kuu"))

    body = offline_list(event, local_today(), "en")
    entry = body["registrations"][sha(here.badge_token)]

    assert entry["status"] == "ok"  # what a scan would say were it not checked in: the page shows amber
    assert entry["checked_in_at"] == first.checked_in_at.isoformat() and entry["gate"] == "Lango Kuu"
    assert body["arrivals"] == 1
    # tomorrow's list does not carry today's check-in
    assert "checked_in_at" not in offline_list(event, local_today() + timedelta(days=1), "en")[
        "registrations"][sha(here.badge_token)]


def test_waitlisted_and_awaiting_approval_say_why_they_are_not_let_in(event):
    person = gate.confirmed(event)
    person.status = RegistrationStatus.WAITLISTED
    db.session.commit()

    body = offline_list(event, local_today(), "en")

    entry = body["registrations"][sha(person.badge_token)]
    assert (entry["status"], entry["reason"]) == ("not_paid", "waitlisted")
    assert body["messages"]["not_paid:waitlisted"].startswith("On the waiting list")
    assert set(body["messages"]) >= {"ok", "not_paid", "cancelled", "wrong_day", "invalid", "already_here", "unknown"}


def test_the_list_holds_no_badge_token_and_no_other_events_people(event):
    mine = [gate.confirmed(event), gate.unpaid(event), gate.cancelled(event)]
    other = gate.gate_event(edition=event.edition + 1)
    theirs = gate.confirmed(other)

    text = json.dumps(offline_list(event, local_today(), "en"))

    for person in mine + [theirs]:
        assert person.badge_token not in text
    assert sha(theirs.badge_token) not in text and theirs.reference not in text


def test_expected_status_follows_the_order_of_the_gates_rule():
    assert expected_status(RegistrationStatus.CANCELLED, attends_day=False) is ScanStatus.CANCELLED
    assert expected_status(RegistrationStatus.REJECTED, attends_day=True) is ScanStatus.CANCELLED
    assert expected_status(RegistrationStatus.PENDING_PAYMENT, attends_day=False) is ScanStatus.NOT_PAID
    assert expected_status(RegistrationStatus.PENDING_APPROVAL, attends_day=True) is ScanStatus.NOT_PAID
    assert expected_status(RegistrationStatus.CONFIRMED, attends_day=False) is ScanStatus.WRONG_DAY
    assert expected_status(RegistrationStatus.CONFIRMED, attends_day=True) is ScanStatus.OK


def test_the_list_agrees_with_what_a_scan_then_answers(event):
    people = [gate.confirmed(event, group=g) for g in (1, 2, 3)] + [gate.unpaid(event), gate.cancelled(event)]
    listed = offline_list(event, local_today(), "en")["registrations"]

    for person in people:
        assert check_in(Scan(person.badge_token, event_id=event.id)).status.value == listed[sha(person.badge_token)][
            "status"]


def test_the_day_must_be_one_of_the_events(event):
    today = local_today()

    assert event_day(event, today.isoformat()) == today
    assert event_day(event, (today + timedelta(days=2)).isoformat()) is None
    assert event_day(event, "2026-02-30") is None
    assert event_day(event, "x") is None
    assert event_day(event, "2026-2-3") is None
    assert event_day(event, None) is None


def test_the_default_day_is_today_else_the_next_day_to_come_else_the_last(event):
    today = local_today()

    assert default_day(event, today) == today
    assert default_day(event, today - timedelta(days=5)) == today
    assert default_day(event, today + timedelta(days=9)) == today + timedelta(days=1)


def test_events_on_a_day_are_the_published_ones_holding_it(event):
    draft = gate.gate_event(edition=event.edition + 1, status=EventStatus.DRAFT)

    assert events_on(local_today()) == [event]
    assert draft not in events_on(local_today())
    assert events_on(local_today() + timedelta(days=3)) == []


# --- one query, however many registrations --------------------------------------------------


def many_registrations(event, count: int) -> list[Registration]:
    """`count` registrations made straight in the database (the real service is too slow for
    a crowd), a third of them checked in today."""
    institution = factories.institution()
    categories = [gate.category_of(event, group=g, paid=p) for g in (1, 2, 3) for p in (False, True)]
    rows = [
        Registration(
            event_id=event.id, category_id=categories[i % len(categories)].id, institution_id=institution.id,
            reference=random_reference("R"), first_name="Mshiriki", last_name=f"Namba{i}", gender=Gender.MALE,
            position="Afisa", email=f"crowd{i}@example.org", phone="255754123456", consent_at=utcnow(),
            status=RegistrationStatus.CONFIRMED if i % 4 else RegistrationStatus.PENDING_PAYMENT, fee_amount=0,
        )
        for i in range(count)
    ]
    db.session.add_all(rows)
    db.session.commit()
    for row in rows[::3]:
        check_in(Scan(row.badge_token, gate="A"))
    return rows


class QueryCounter:
    """Counts the statements sent to the database (not SQLite's BEGIN)."""

    def __init__(self):
        self.count = 0

    def __call__(self, connection, cursor, statement, *args):
        if not statement.lstrip().upper().startswith("BEGIN"):
            self.count += 1

    def __enter__(self):
        sa.event.listen(db.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc):
        sa.event.remove(db.engine, "before_cursor_execute", self)


@pytest.mark.database
def test_the_list_of_300_registrations_is_one_query(event, db_backend):
    rows = many_registrations(event, 300)
    db.session.expire_all()
    assert event.id  # loaded again before counting

    with QueryCounter() as queries:
        body = offline_list(event, local_today(), "en")

    assert queries.count == 1
    assert len(body["registrations"]) == 300
    assert body["arrivals"] == db.session.scalar(sa.select(sa.func.count()).select_from(Checkin)) > 0
    assert body["registrations"][sha(rows[2].badge_token)]["status"] == "wrong_day"  # group 2's free category


def test_the_list_page_of_300_registrations_takes_a_handful_of_queries(app, client, login):
    with app.app_context():
        event = gate.gate_event()
        many_registrations(event, 300)
        url = f"/gate/{event.id}/days/{local_today().isoformat()}/list.json"
    login(Role.GATE)

    with app.app_context(), QueryCounter() as queries:
        response = client.get(url)

    assert response.status_code == 200 and len(response.get_json()["registrations"]) == 300
    assert queries.count <= 5  # the user and roles, the event and its days, the list
