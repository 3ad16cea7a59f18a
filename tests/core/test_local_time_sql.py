"""The date and hour of a UTC time in East Africa Time, computed by SQLite and PostgreSQL."""
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa

from eventapp.auth.models import User
from eventapp.core.local_time_sql import eat_date, eat_hour
from eventapp.extensions import db

pytestmark = pytest.mark.database

# UTC time → (EAT date, EAT hour); EAT is UTC+3.
CASES = [
    (datetime(2019, 1, 30, 4, 15, tzinfo=timezone.utc), date(2019, 1, 30), 7),
    (datetime(2019, 1, 30, 21, 0, tzinfo=timezone.utc), date(2019, 1, 31), 0),  # midnight in Dodoma
    (datetime(2019, 1, 30, 20, 59, 59, tzinfo=timezone.utc), date(2019, 1, 30), 23),
    (datetime(2018, 12, 31, 22, 30, tzinfo=timezone.utc), date(2019, 1, 1), 1),  # a new year in EAT
]


@pytest.mark.parametrize("moment, expected_date, expected_hour", CASES)
def test_eat_date_and_hour_in_sql(app, db_backend, moment, expected_date, expected_hour):
    with app.app_context():
        user = User(email="clock@example.org", full_name="Saa", password_hash="x", created_at=moment)
        db.session.add(user)
        db.session.commit()
        day, hour = db.session.execute(
            sa.select(eat_date(User.created_at), eat_hour(User.created_at)).where(User.id == user.id)
        ).one()
        assert (date.fromisoformat(str(day)), hour) == (expected_date, expected_hour)


def test_grouping_by_eat_date_counts_each_day(app, db_backend):
    with app.app_context():
        for n, (moment, _d, _h) in enumerate(CASES):
            db.session.add(User(email=f"c{n}@example.org", full_name="Saa", password_hash="x", created_at=moment))
        db.session.commit()
        day = eat_date(User.created_at)
        rows = db.session.execute(sa.select(day, sa.func.count()).group_by(day).order_by(day)).all()
        # Hand-counted from CASES: 30 Jan twice (04:15 and 20:59 UTC), 31 Jan once, 1 Jan once.
        assert [(str(d), n) for d, n in rows] == [("2019-01-01", 1), ("2019-01-30", 2), ("2019-01-31", 1)]
