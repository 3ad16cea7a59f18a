"""The gate's rule: a badge and a day in, a status out, at most one check-in per person per day.
Every case runs on SQLite (two statements) and PostgreSQL (one statement, scan_postgres.py)."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventapp.checkin.models import Checkin, CheckinSource
from eventapp.checkin.scanning import Scan, ScanStatus, arrivals_count, check_in, check_in_registration
from eventapp.core.clock import local_today
from eventapp.extensions import db
from tests import factories
from tests.checkin import factories as gate

pytestmark = pytest.mark.database


@pytest.fixture
def event(app_ctx):
    return gate.gate_event()


def checkins() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Checkin))


def test_a_confirmed_participant_on_a_day_of_their_group_is_checked_in_once(event):
    person = gate.confirmed(event, group=1)

    result = check_in(Scan(person.badge_token, gate="Lango Kuu"))

    assert result.status is ScanStatus.OK and result.status.colour == "green"
    assert result.badge.name == person.display_name
    assert result.badge.group_number == 1 and result.badge.institution == person.institution.name
    row = db.session.scalar(sa.select(Checkin))
    assert (row.registration_id, row.day, row.gate, row.source) == (person.id, local_today(), "Lango Kuu",
                                                                    CheckinSource.DEVICE)
    assert arrivals_count(event.id, local_today()) == 1


def test_a_second_scan_is_already_checked_in_with_the_first_time_and_gate(event):
    person = gate.confirmed(event)
    first = check_in(Scan(person.badge_token, gate="A"))

    again = check_in(Scan(person.badge_token, gate="B"))

    assert again.status is ScanStatus.ALREADY_CHECKED_IN and again.status.colour == "amber"
    assert again.gate == "A" and again.checked_in_at == first.checked_in_at
    assert "A" in again.message
    assert checkins() == 1


def test_each_day_of_the_group_is_its_own_check_in(event):
    person = gate.confirmed(event, group=3)
    today = local_today()

    assert check_in(Scan(person.badge_token, day=today)).status is ScanStatus.OK
    assert check_in(Scan(person.badge_token, day=today + timedelta(days=1))).status is ScanStatus.OK
    assert checkins() == 2


def test_a_day_that_is_not_the_groups_is_wrong_day(event):
    person = gate.confirmed(event, group=2)  # group 2 comes tomorrow

    result = check_in(Scan(person.badge_token))

    assert result.status is ScanStatus.WRONG_DAY and result.badge.group_number == 2
    assert checkins() == 0


def test_an_unpaid_registration_is_not_paid(event):
    person = gate.unpaid(event)

    result = check_in(Scan(person.badge_token))

    assert result.status is ScanStatus.NOT_PAID and result.status.colour == "red"
    assert result.reason == "pending_payment"
    assert checkins() == 0


def test_a_cancelled_registration_is_cancelled(event):
    person = gate.cancelled(event)

    result = check_in(Scan(person.badge_token))

    assert result.status is ScanStatus.CANCELLED
    assert checkins() == 0


@pytest.mark.parametrize("token", ["", "x", "a" * 42, "a" * 44, "a" * 42 + "!", "' OR 1=1 --" + "a" * 32, None, 42])
def test_a_malformed_token_is_invalid_without_a_lookup(event, token):
    gate.confirmed(event)

    result = check_in(Scan(token))

    assert result.status is ScanStatus.INVALID and result.reason == "malformed_token"
    assert result.badge is None and checkins() == 0


def test_a_forged_or_truncated_token_is_invalid(event):
    person = gate.confirmed(event)
    forged = person.badge_token[:-1] + ("A" if person.badge_token[-1] != "A" else "B")

    assert check_in(Scan(forged)).status is ScanStatus.INVALID
    assert check_in(Scan(person.badge_token[:-1])).status is ScanStatus.INVALID
    assert checkins() == 0


def test_a_badge_of_another_event_is_invalid(event):
    other = gate.gate_event(edition=event.edition + 1000)
    person = gate.confirmed(other)

    result = check_in(Scan(person.badge_token, event_id=event.id))
    assert result.status is ScanStatus.INVALID and result.reason == "other_event"


def test_a_badge_of_an_earlier_meeting_on_todays_meeting_day_is_invalid(event):
    earlier = factories.open_event(edition=event.edition + 2000)
    person = factories.registration(factories.category(earlier, fee=0))

    result = check_in(Scan(person.badge_token))  # today is a day of `event`, not of `earlier`

    assert result.status is ScanStatus.INVALID and result.reason == "other_event"
    assert checkins() == 0


def test_badge_tokens_are_random_and_long(event):
    people = [gate.confirmed(event) for _n in range(5)]
    tokens = {p.badge_token for p in people}

    assert len(tokens) == 5
    for person in people:
        assert len(person.badge_token) == 43
        assert person.reference not in person.badge_token and str(person.id) != person.badge_token


def test_a_replayed_scan_id_is_answered_from_its_check_in_and_counts_once(event):
    person = gate.confirmed(event)
    scan = Scan(person.badge_token, gate="Offline 1", scan_id="dev1-0001", source=CheckinSource.OFFLINE)

    first = check_in(scan)
    replay = check_in(scan)

    assert first.status is ScanStatus.OK and not first.replayed
    assert replay.status is ScanStatus.OK and replay.replayed
    assert checkins() == 1


def test_a_scan_id_used_for_another_badge_is_invalid_and_writes_nothing(event):
    one, two = gate.confirmed(event), gate.confirmed(event)
    check_in(Scan(one.badge_token, scan_id="dev1-0001"))

    result = check_in(Scan(two.badge_token, scan_id="dev1-0001"))

    assert result.status is ScanStatus.INVALID and result.reason == "scan_id_reused"
    assert checkins() == 1


def test_an_offline_scan_keeps_its_time_but_never_a_future_one(event):
    from eventapp.core.models import utcnow

    person, later = gate.confirmed(event), gate.confirmed(event)
    earlier = utcnow() - timedelta(minutes=20)

    assert check_in(Scan(person.badge_token, scanned_at=earlier)).checked_in_at == earlier
    result = check_in(Scan(later.badge_token, scanned_at=utcnow() + timedelta(hours=3)))
    assert result.checked_in_at <= utcnow()


def test_a_registration_found_by_hand_follows_the_same_rule(event):
    person, unpaid = gate.confirmed(event), gate.unpaid(event)

    assert check_in_registration(person, Scan("", source=CheckinSource.MANUAL)).status is ScanStatus.OK
    assert check_in_registration(person, Scan("")).status is ScanStatus.ALREADY_CHECKED_IN
    assert check_in_registration(unpaid, Scan("")).status is ScanStatus.NOT_PAID
    assert checkins() == 1
