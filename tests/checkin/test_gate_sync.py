"""POST /gate/<event>/sync: the scanner page's offline queue sent when the network returns."""
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from eventapp.checkin.gate_sync import MAX_SCANS
from eventapp.checkin.models import Checkin, CheckinSource
from eventapp.checkin.scanning import Scan, check_in
from eventapp.core.clock import event_timezone, local_today
from eventapp.core.roles import Role
from eventapp.extensions import db
from tests.checkin import factories as gate


@pytest.fixture
def world(app):
    with app.app_context():
        event = gate.gate_event()
        other = gate.gate_event(edition=event.edition + 1)
        people = {
            "a": gate.confirmed(event), "b": gate.confirmed(event, group=3), "c": gate.confirmed(event),
            "unpaid": gate.unpaid(event), "tomorrow": gate.confirmed(event, group=2),
            "elsewhere": gate.confirmed(other),
        }
        return {
            "event": event.id, "today": local_today(), "zone": event_timezone(),
            "tokens": {name: p.badge_token for name, p in people.items()},
            "ids": {name: p.id for name, p in people.items()},
        }


@pytest.fixture
def sync(client, login, world):
    login(Role.GATE)

    def send(scans, **kwargs):
        return client.post(f"/gate/{world['event']}/sync", json={"scans": scans}, **kwargs)

    return send


def queued(world, who: str, n: int, minutes_ago: int = 5, **extra) -> dict:
    scanned_at = datetime.now(world["zone"]).replace(microsecond=0) - timedelta(minutes=minutes_ago)
    scan = {"scan_id": f"phone1-{n}", "token": world["tokens"][who], "day": world["today"].isoformat(),
            "gate": "Lango Kuu", "scanned_at": scanned_at.isoformat()}
    scan.update(extra)
    return scan


def rows(app) -> list[Checkin]:
    with app.app_context():
        found = list(db.session.scalars(sa.select(Checkin).order_by(Checkin.id)))
        db.session.expunge_all()
        return found


def test_each_queued_scan_is_checked_in_with_its_own_time_in_order(app, sync, world):
    scans = [queued(world, "a", 1, minutes_ago=9), queued(world, "b", 2, minutes_ago=7), queued(world, "unpaid", 3)]

    response = sync(scans)

    body = response.get_json()
    assert response.status_code == 200
    assert [(r["status"], r["scan_id"]) for r in body["results"]] == [
        ("ok", "phone1-1"), ("ok", "phone1-2"), ("not_paid", "phone1-3")]
    assert body["results"][0]["participant"]["name"]
    assert body["arrivals"] == {world["today"].isoformat(): 2}
    first, second = rows(app)
    assert (first.source, first.scan_id, first.gate) == (CheckinSource.OFFLINE, "phone1-1", "Lango Kuu")
    assert first.checked_in_at == datetime.fromisoformat(scans[0]["scanned_at"])
    assert first.checked_in_at < first.recorded_at


@pytest.mark.database
def test_a_queue_sent_again_is_answered_ok_replayed_and_counted_once(app, sync, world, db_backend):
    scans = [queued(world, "a", 1), queued(world, "b", 2)]
    sync(scans)

    again = sync(scans).get_json()

    assert [(r["status"], r.get("replayed")) for r in again["results"]] == [("ok", True), ("ok", True)]
    assert again["arrivals"] == {world["today"].isoformat(): 2}
    assert len(rows(app)) == 2


@pytest.mark.database
def test_a_badge_another_gate_checked_in_first_is_a_duplicate_counted_once(app, sync, world, db_backend):
    with app.app_context():
        check_in(Scan(world["tokens"]["c"], gate="Lango B", source=CheckinSource.DEVICE))

    body = sync([queued(world, "c", 1)]).get_json()

    [result] = body["results"]
    assert result["status"] == "already_checked_in" and result["gate"] == "Lango B"
    assert "replayed" not in result
    [row] = rows(app)
    assert (row.gate, row.source, row.scan_id) == ("Lango B", CheckinSource.DEVICE, None)


def test_another_events_badge_is_invalid_and_a_wrong_day_is_refused(app, sync, world):
    body = sync([queued(world, "elsewhere", 1), queued(world, "tomorrow", 2),
                 queued(world, "a", 3, token="B" * 43)]).get_json()

    assert [(r["status"], r.get("reason")) for r in body["results"]] == [
        ("invalid", "other_event"), ("wrong_day", None), ("invalid", "unknown_token")]
    assert body["arrivals"] == {}
    assert rows(app) == []


@pytest.mark.database
def test_a_scan_with_a_bad_field_is_an_error_and_the_others_still_go_through(app, sync, world, db_backend):
    scans = [
        queued(world, "a", 1),
        queued(world, "b", 2, day="yesterday"),
        "not an object",
        queued(world, "c", 4, scan_id=None),
        queued(world, "unpaid", 5, scanned_at="07:45"),
        queued(world, "b", 6),
    ]

    results = sync(scans).get_json()["results"]

    assert [r["status"] for r in results] == ["ok", "error", "error", "error", "error", "ok"]
    assert results[1]["errors"] == {"day": "A date as YYYY-MM-DD."} and results[1]["scan_id"] == "phone1-2"
    assert results[2]["errors"] == {"scan": "Must be an object."} and results[2]["scan_id"] is None
    assert results[3]["errors"] == {"scan_id": "This field is required."}
    assert "scanned_at" in results[4]["errors"]
    assert {row.scan_id for row in rows(app)} == {"phone1-1", "phone1-6"}


def test_a_scan_id_used_for_another_badge_is_refused(app, sync, world):
    sync([queued(world, "a", 1)])

    [result] = sync([queued(world, "b", 1)]).get_json()["results"]

    assert (result["status"], result["reason"]) == ("invalid", "scan_id_reused")
    assert [row.registration_id for row in rows(app)] == [world["ids"]["a"]]


def test_a_scan_time_in_the_future_is_kept_no_later_than_when_it_arrived(app, sync, world):
    sync([queued(world, "a", 1, minutes_ago=-600)])

    [row] = rows(app)
    assert row.checked_in_at <= row.recorded_at


def test_more_than_500_scans_are_refused_whole(app, sync, world):
    scans = [queued(world, "a", n) for n in range(MAX_SCANS + 1)]

    response = sync(scans)

    assert response.status_code == 400 and "scans" in response.get_json()["errors"]
    assert rows(app) == []


def test_500_scans_are_taken(app, sync, world):
    scans = [queued(world, "a", n) for n in range(MAX_SCANS)]

    response = sync(scans)

    results = response.get_json()["results"]
    assert response.status_code == 200 and len(results) == MAX_SCANS
    assert results[0]["status"] == "ok" and {r["status"] for r in results[1:]} == {"already_checked_in"}
    assert len(rows(app)) == 1


@pytest.mark.parametrize("body", [{}, {"scans": "x"}, {"scans": {}}, {"scans": []}, {"scan": []}])
def test_a_body_without_a_list_of_scans_is_a_400(app, client, login, world, body):
    login(Role.GATE)

    response = client.post(f"/gate/{world['event']}/sync", json=body)

    assert response.status_code == 400 and response.get_json()["error"]
    assert rows(app) == []


@pytest.mark.parametrize("data", [b"nope", b"[]", b"{" * 10])
def test_a_body_that_is_not_a_json_object_is_a_400(app, client, login, world, data):
    login(Role.GATE)

    response = client.post(f"/gate/{world['event']}/sync", data=data, content_type="application/json")

    assert response.status_code == 400
    assert rows(app) == []


def test_a_body_over_the_size_cap_is_refused(app, sync, world):
    scans = [queued(world, "a", 1, gate="g" * 60, padding="x" * 300_000)]

    response = sync(scans)

    assert response.status_code == 400 and response.get_json()["error"] == "The body is too large."
    assert rows(app) == []


def test_an_unknown_event_is_404(app, client, login, world):
    login(Role.GATE)

    response = client.post("/gate/999999/sync", json={"scans": [queued(world, "a", 1)]},
                           headers={"Accept": "application/json"})

    assert response.status_code == 404
    assert rows(app) == []
