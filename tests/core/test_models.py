"""The UTC timestamp type: aware datetimes back from every database."""
from datetime import datetime, timedelta, timezone

import pytest

from eventapp.core.audit import AuditEntry
from eventapp.extensions import db


@pytest.mark.database
def test_timestamps_come_back_aware_in_utc(app):
    eat = timezone(timedelta(hours=3))
    with app.app_context():
        entry = AuditEntry(action="test", target="t", at=datetime(2019, 1, 30, 8, 0, tzinfo=eat))
        naive = AuditEntry(action="test", target="n", at=datetime(2019, 1, 30, 5, 0))
        db.session.add_all([entry, naive])
        db.session.commit()
        db.session.expire_all()
        got = db.session.get(AuditEntry, entry.id).at
        got_naive = db.session.get(AuditEntry, naive.id).at
    assert got.tzinfo is not None and got.utcoffset() == timedelta(0)
    assert got == datetime(2019, 1, 30, 5, 0, tzinfo=timezone.utc)
    assert got_naive == datetime(2019, 1, 30, 5, 0, tzinfo=timezone.utc)
