"""Two organisers at once (SQLite file and PostgreSQL): selecting two entries for the last
exhibition place fills it once, and pressing publish twice emails each team once."""
import threading

import pytest
import sqlalchemy as sa

from eventapp import create_app
from eventapp.core.errors import DomainError
from eventapp.events.models import EventStatus
from eventapp.extensions import db, mail
from eventapp.innovations import selection
from eventapp.innovations.models import Entry, InnovationCall
from tests import factories
from tests.conftest import make_config
from tests.innovations.test_selection import competition


def make_app(db_backend, tmp_path, name):
    config = {"pool_size": 6, "max_overflow": 2, "pool_timeout": 30}
    overrides = {"SQLALCHEMY_ENGINE_OPTIONS": config}
    if db_backend == "sqlite":
        config["connect_args"] = {"timeout": 30}
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / name}"
    app = create_app(make_config(db_backend, overrides, tmp_path))
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def race(app, work, count=2) -> list[str]:
    """Run `work(i)` in `count` threads, each with its own app context, from a barrier."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        with app.app_context():
            try:
                work(i, barrier)
                results[i] = "ok"
            except DomainError as error:
                results[i] = f"refused: {error.message}"
            except Exception as error:  # noqa: BLE001 — reported by the test, never lost in a thread
                results[i] = f"error: {error!r}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def tear_down(app) -> None:
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.mark.database
def test_two_organisers_selecting_for_the_last_place_fill_it_once(db_backend, tmp_path):
    app = make_app(db_backend, tmp_path, "last-place.sqlite")
    try:
        with app.app_context():
            call, entries, _ineligible = competition(event=factories.event(status=EventStatus.OPEN))
            selection.shortlist(call)
            selection.set_selection(entries[2], exhibition=False, presenting=False)  # one place free
            call_id, candidates = call.id, [entries[3].id, entries[4].id]

        def select(i, barrier):
            entry = db.session.get(Entry, candidates[i])
            entry.call  # read before the race, like a page would
            db.session.commit()
            barrier.wait(timeout=30)
            selection.set_selection(entry, exhibition=True, presenting=False)

        results = race(app, select)

        assert sorted(r.split(":")[0] for r in results) == ["ok", "refused"], results
        assert "All 3 exhibition places are taken" in next(r for r in results if r.startswith("refused"))
        with app.app_context():
            assert selection.selected_count(db.session.get(InnovationCall, call_id)) == (3, 2)
    finally:
        tear_down(app)


@pytest.mark.database
def test_publish_pressed_twice_at_once_emails_each_team_once(db_backend, tmp_path):
    app = make_app(db_backend, tmp_path, "publish.sqlite")
    try:
        with app.app_context():
            call, _entries, _ineligible = competition(event=factories.event(status=EventStatus.OPEN))
            selection.shortlist(call)
            call_id = call.id
        sent: list[int] = []

        def publish(i, barrier):
            call = db.session.get(InnovationCall, call_id)
            db.session.commit()
            barrier.wait(timeout=30)
            sent.append(selection.publish_results(call))

        with mail.record_messages() as outbox:
            results = race(app, publish)

        assert results == ["ok", "ok"], results
        assert sum(sent) == 5 and len(outbox) == 5
        titles = sorted(next(line for line in m.body.splitlines() if "“" in line) for m in outbox)
        assert len(set(titles)) == 5  # five different teams, none twice
        with app.app_context():
            told = db.session.scalar(sa.select(sa.func.count(Entry.id)).where(Entry.result_notified_at.is_not(None)))
            assert told == 5
    finally:
        tear_down(app)
