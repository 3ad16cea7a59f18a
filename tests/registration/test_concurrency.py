"""Capacity and one-registration-per-email hold under simultaneous requests.

Each thread has its own app context, hence its own session and connection, and all start
together at a barrier. PostgreSQL (TEST_DATABASE_URL) is the variant that matters: it is
what production runs and it really runs the transactions side by side. The SQLite variant
uses a file database (an in-memory one cannot be shared across threads), where SQLite's
single writer lock serialises the writes.
"""
import threading

import pytest
import sqlalchemy as sa

from eventapp.core.errors import DomainError
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import Bill, ParticipantCategory, Registration, RegistrationStatus
from eventapp.registration.models.registrations import PLACE_HOLDING
from eventapp.registration.services.registering import register_participant
from tests import factories

pytestmark = pytest.mark.database

THREADS = 50
CAPACITY = 20


@pytest.fixture
def app_config(db_backend, tmp_path):
    # Enough connections for every thread at once, so none waits for the pool instead of the database.
    engine = {"pool_size": THREADS + 5, "max_overflow": 5, "pool_timeout": 60}
    if db_backend == "sqlite":
        engine["connect_args"] = {"timeout": 60}  # wait for SQLite's write lock instead of failing
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'concurrency.sqlite'}",
                "SQLALCHEMY_ENGINE_OPTIONS": engine}
    return {"SQLALCHEMY_ENGINE_OPTIONS": engine}


def run_together(app, count: int, work) -> list[tuple[str, object]]:
    """Run `work(i)` in `count` threads released together; each result is ("ok", value),
    ("refused", message) for a DomainError, or ("error", repr) for anything else."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(i: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=60)
                results[i] = ("ok", work(i))
            except DomainError as error:
                results[i] = ("refused", error.message)
            except Exception as error:  # noqa: BLE001 — reported by the test, never lost in a thread
                results[i] = ("error", repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(t.is_alive() for t in threads), "a registration thread hung"
    return results


class PlacesWatcher(threading.Thread):
    """Reads places_taken over and over while the registrations run; keeps the highest seen."""

    def __init__(self, app, category_id: int):
        super().__init__(daemon=True)
        self.app, self.category_id = app, category_id
        self.highest = 0
        self.stop = threading.Event()

    def run(self) -> None:
        with self.app.app_context():
            with db.engine.connect() as connection:
                while not self.stop.is_set():
                    taken = connection.scalar(
                        sa.select(ParticipantCategory.places_taken).where(ParticipantCategory.id == self.category_id)
                    )
                    connection.rollback()
                    self.highest = max(self.highest, taken)


@pytest.fixture
def setup(app):
    with app.app_context():
        event = factories.open_event()
        category = factories.category(event, fee=400_000, capacity=CAPACITY)
        institution = factories.institution()
        return event.id, category.id, institution.id


def register_as(event_id: int, category_id: int, institution_id: int, email: str) -> str:
    event = db.session.get(Event, event_id)
    category = db.session.get(ParticipantCategory, category_id)
    details = factories.participant_details(category, email=email, institution_id=institution_id)
    return register_participant(event, details, consent=True).status.value


def test_50_simultaneous_registrations_for_20_places(app, setup, db_backend):
    event_id, category_id, institution_id = setup
    watcher = PlacesWatcher(app, category_id)
    watcher.start()

    results = run_together(
        app, THREADS, lambda i: register_as(event_id, category_id, institution_id, f"concurrent{i}@example.org")
    )

    watcher.stop.set()
    watcher.join()
    assert [r for r in results if r[0] != "ok"] == []  # the overflow waits on the list; nobody gets an error
    statuses = [value for _outcome, value in results]
    assert statuses.count(RegistrationStatus.PENDING_PAYMENT.value) == CAPACITY
    assert statuses.count(RegistrationStatus.WAITLISTED.value) == THREADS - CAPACITY
    with app.app_context():
        category = db.session.get(ParticipantCategory, category_id)
        holding = db.session.scalar(
            sa.select(sa.func.count(Registration.id))
            .where(Registration.category_id == category_id, Registration.status.in_(PLACE_HOLDING))
        )
        assert category.places_taken == holding == CAPACITY
        assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == THREADS
        assert db.session.scalar(sa.select(sa.func.count(Bill.id))) == CAPACITY  # only place-holders are billed
    assert watcher.highest <= CAPACITY


def test_the_same_email_at_the_same_moment_registers_once(app, setup, db_backend):
    event_id, category_id, institution_id = setup
    pairs = 10  # ten emails, each sent twice at once

    results = run_together(
        app, 2 * pairs, lambda i: register_as(event_id, category_id, institution_id, f"twice{i // 2}@example.org")
    )

    for n in range(pairs):
        pair = sorted(outcome for outcome, _value in results[2 * n:2 * n + 2])
        assert pair == ["ok", "refused"], results[2 * n:2 * n + 2]
    refusals = {value for outcome, value in results if outcome == "refused"}
    assert len(refusals) == 1 and "already registered" in refusals.pop()
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == pairs
        category = db.session.get(ParticipantCategory, category_id)
        holding = db.session.scalar(
            sa.select(sa.func.count(Registration.id)).where(Registration.status.in_(PLACE_HOLDING))
        )
        assert category.places_taken == holding  # a refused duplicate gave its place back


def test_a_delegation_and_an_individual_with_the_same_email_at_once(app, setup, db_backend):
    """Whichever commits first wins; the other gets a clear refusal, never a 500."""
    from eventapp.registration.services.delegations import FocalPerson, register_delegation

    event_id, category_id, institution_id = setup

    def work(i: int):
        if i % 2 == 0:
            return register_as(event_id, category_id, institution_id, f"shared{i // 2}@example.org")
        event = db.session.get(Event, event_id)
        category = db.session.get(ParticipantCategory, category_id)
        rows = [factories.participant_details(category, email=f"shared{i // 2}@example.org", institution_id=None,
                                              institution_name="")]
        delegation, _bill = register_delegation(
            event, institution_id, "", FocalPerson("Focal Person", f"focal{i}@example.org", "0754123456"), rows
        )
        return delegation.reference

    results = run_together(app, 10, work)

    assert [r for r in results if r[0] == "error"] == []
    for n in range(5):
        assert sorted(outcome for outcome, _value in results[2 * n:2 * n + 2]) == ["ok", "refused"]
    with app.app_context():
        category = db.session.get(ParticipantCategory, category_id)
        holding = db.session.scalar(
            sa.select(sa.func.count(Registration.id)).where(Registration.status.in_(PLACE_HOLDING))
        )
        assert holding == 5 and category.places_taken == 5


def test_people_typing_the_same_new_institution_at_once_all_register_under_one_entry(app, setup, db_backend):
    from eventapp.registration.models import Institution

    event_id, category_id, _institution_id = setup

    def register_typing(i: int) -> str:
        event = db.session.get(Event, event_id)
        category = db.session.get(ParticipantCategory, category_id)
        details = factories.participant_details(category, email=f"typed{i}@example.org", institution_id=None,
                                                institution_name="Wakala wa Majaribio Mapya")
        return register_participant(event, details, consent=True).institution.name

    results = run_together(app, 8, register_typing)

    assert results == [("ok", "Wakala wa Majaribio Mapya")] * 8, results
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Institution.id))
                                 .where(Institution.name == "Wakala wa Majaribio Mapya")) == 1
