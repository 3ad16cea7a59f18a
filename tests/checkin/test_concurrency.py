"""Two gates scanning the same badge at the same moment give exactly one `ok` (PostgreSQL and
a SQLite file), and a crowd of different badges at once all get in."""
import pytest
import sqlalchemy as sa

from eventapp.checkin.models import Checkin
from eventapp.checkin.scanning import Scan, ScanStatus, check_in
from eventapp.extensions import db
from tests.checkin import factories as gate
from tests.registration.test_concurrency import app_config, run_together  # noqa: F401  (fixture)

pytestmark = pytest.mark.database


def test_the_same_badge_at_many_gates_at_once_gives_exactly_one_ok(app, db_backend):
    with app.app_context():
        token = gate.confirmed(gate.gate_event()).badge_token

    results = run_together(app, 16, lambda i: check_in(Scan(token, gate=f"Lango {i}")).status)

    assert [kind for kind, _value in results].count("ok") == 16, results
    statuses = [value for _kind, value in results]
    assert statuses.count(ScanStatus.OK) == 1
    assert statuses.count(ScanStatus.ALREADY_CHECKED_IN) == 15
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Checkin)) == 1


def test_different_badges_at_once_all_check_in(app, db_backend):
    with app.app_context():
        event = gate.gate_event()
        tokens = [gate.confirmed(event).badge_token for _n in range(12)]

    results = run_together(app, 12, lambda i: check_in(Scan(tokens[i])).status)

    assert [value for _kind, value in results] == [ScanStatus.OK] * 12, results
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Checkin)) == 12
