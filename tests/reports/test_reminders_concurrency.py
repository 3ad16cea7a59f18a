"""Two organisers pressing "remind" at the same moment (or the button and the nightly command)
send one reminder per institution between them: each reminder row is inserted and committed
before any email goes, and the database's unique key lets only one of them in.

Each thread has its own app context, hence its own session and connection, and both start
together at a barrier. PostgreSQL (TEST_DATABASE_URL) runs the transactions side by side;
the SQLite variant uses a file database, where the write lock serialises them.
"""
import threading

import pytest
import sqlalchemy as sa

from eventapp.extensions import db, mail
from eventapp.reports.models import ReportCall, ReportReminder
from eventapp.reports.reminders import send_reminders
from tests import factories
from tests.reports import factories as reports

pytestmark = pytest.mark.database

INSTITUTIONS = 6
ROUNDS = 3


@pytest.fixture
def app_config(db_backend, tmp_path):
    engine = {"pool_size": 5, "max_overflow": 5, "pool_timeout": 60}
    if db_backend == "sqlite":
        engine["connect_args"] = {"timeout": 60}
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'reminders.sqlite'}",
                "SQLALCHEMY_ENGINE_OPTIONS": engine}
    return {"SQLALCHEMY_ENGINE_OPTIONS": engine}


def press_together(app, call_id: int, presses: int = 2) -> list:
    """`presses` threads call send_reminders at once; each result is ("ok", summary) or ("error", repr)."""
    barrier = threading.Barrier(presses)
    results: list = [None] * presses

    def worker(i: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=60)
                results[i] = ("ok", send_reminders(db.session.get(ReportCall, call_id)))
            except Exception as error:  # noqa: BLE001 — reported by the test, never lost in a thread
                results[i] = ("error", repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(presses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a reminder thread hung"
    return results


def test_two_presses_at_once_send_one_email_per_institution(app, db_backend):
    with app.app_context():
        ministries = [reports.ministry(f"Wizara ya Majaribio {n}") for n in range(INSTITUTIONS)]
        call = reports.call(factories.event(), ministries)
        emails = {reports.focal_person(m).email for m in ministries}
        names = sorted(m.name for m in ministries)
        call_id = call.id

    for _round in range(ROUNDS):
        with app.app_context():
            db.session.execute(sa.delete(ReportReminder))
            db.session.commit()
        with mail.record_messages() as outbox:
            results = press_together(app, call_id)

        assert [outcome for outcome, _summary in results] == ["ok", "ok"], results
        first, second = (summary for _outcome, summary in results)
        assert sorted(first.sent + second.sent) == names
        assert sorted(first.already_reminded + second.already_reminded) == names
        assert sorted(address for message in outbox for address in message.recipients) == sorted(emails)
        with app.app_context():
            assert db.session.scalar(sa.select(sa.func.count(ReportReminder.id))) == INSTITUTIONS
