"""Booths and programme slots for selected entries: a booth through the sponsors' single
allocation (never two holders, also when an organiser gives it to a sponsor at the same
moment), released only from its entry; a slot that is a presentation item of the same event,
one entry per item. Every refusal changes nothing."""
import itertools
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventapp import create_app
from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError
from eventapp.events.models import EventDay, EventStatus
from eventapp.extensions import db
from eventapp.innovations import booths_and_slots as places
from eventapp.innovations import selection
from eventapp.innovations.models import Entry
from eventapp.programme.models import ItemKind
from eventapp.sponsors import booths
from eventapp.sponsors.booths import BoothDetails
from eventapp.sponsors.models import Booth, Sponsor
from tests import factories
from tests.conftest import make_config
from tests.innovations.test_selection import competition
from tests.sponsors.test_booths import make_package, make_sponsor

_place = itertools.count()


def new_booth(event, number=None):
    n = next(_place)
    return booths.create_booth(event, BoothDetails(number or f"B{n + 1}", 9, "Hall B", n % 40, n // 40))


def booth_for(call, entry, number="B1"):
    """A new booth of the call's event given to the entry."""
    return places.give_booth(entry, new_booth(call.event, number))


def presentation_item(call, kind=ItemKind.PRESENTATION, event=None):
    event = event or call.event
    day = db.session.scalar(sa.select(EventDay).where(EventDay.event_id == event.id).limit(1))
    if day is None:
        day = EventDay(event_id=event.id, date=event.starts_on)
        db.session.add(day)
        db.session.commit()
    return factories.timetable_item(event, day, "10:00", "10:20", kind=kind, title_en="Innovation talk")


@pytest.fixture
def shortlisted(app_ctx):
    """Entries 1 and 2 present, entry 3 is exhibited, 4 and 5 are not selected."""
    call, entries, ineligible = competition()
    selection.shortlist(call)
    return call, entries


def holders() -> dict[str, tuple]:
    db.session.expire_all()
    return {b.number: (b.sponsor_id, b.entry_id) for b in db.session.scalars(sa.select(Booth))}


# Booths -----------------------------------------------------------------------------------


def test_an_exhibited_entry_is_given_a_booth_named_by_its_title_and_released(shortlisted):
    call, entries = shortlisted
    booth = booth_for(call, entries[2])

    assert booth.entry_id == entries[2].id
    assert booths.holder_label(booth) == "Entry 3"  # the sponsors' pages name the entry
    assert not booths.is_free(booth)
    assert places.booths_by_entry(call) == {entries[2].id: booth}
    assert booth not in places.free_booths(call)

    places.release_entry_booth(entries[2])
    assert holders()["B1"] == (None, None)
    actions = list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-2:] == ["booth.allocate", "booth.release"]


def test_a_booth_held_by_a_sponsor_is_refused(shortlisted):
    call, entries = shortlisted
    booth = new_booth(call.event, "A1")
    sponsor = make_sponsor(call.event, make_package(call.event), "NMB")
    booths.allocate_booth(booth, sponsor)

    with pytest.raises(DomainError, match="Booth A1 is already allocated to NMB Holdings") as refused:
        places.give_booth(entries[2], booth)

    assert refused.value.field == "booth_id"
    assert holders()["A1"] == (sponsor.id, None)


def test_a_booth_held_by_an_entry_is_refused_to_a_sponsor(shortlisted):
    call, entries = shortlisted
    booth = booth_for(call, entries[0])
    sponsor = make_sponsor(call.event, make_package(call.event), "NBC")

    with pytest.raises(DomainError, match="already allocated to Entry 1"):
        booths.allocate_booth(booth, sponsor)

    assert holders()["B1"] == (None, entries[0].id)


@pytest.mark.parametrize("case, message", [
    ("not exhibited", "Only an entry selected for the exhibition can be given a booth"),
    ("other meeting", "That booth belongs to another meeting"),
    ("second booth", "already holds booth B1; release it first"),
    ("no booth", "Choose a booth"),
])
def test_booth_refusals_change_nothing(shortlisted, case, message):
    call, entries = shortlisted
    booth_for(call, entries[0])
    entry, booth = entries[1], new_booth(call.event, "B2")
    if case == "not exhibited":
        entry = entries[3]
    elif case == "other meeting":
        booth = new_booth(factories.event(), "X1")
    elif case == "second booth":
        entry = entries[0]
    elif case == "no booth":
        booth = None
    before = holders()

    with pytest.raises(DomainError, match=message):
        places.give_booth(entry, booth)

    assert holders() == before


def test_releasing_an_entry_without_a_booth_is_refused(shortlisted):
    _call, entries = shortlisted
    with pytest.raises(DomainError, match="holds no booth"):
        places.release_entry_booth(entries[1])


@pytest.mark.database
def test_an_organiser_giving_a_booth_to_an_entry_and_another_to_a_sponsor_at_once_give_it_once(db_backend, tmp_path):
    """Each thread has its own app context, session and connection; both start at a barrier."""
    config = {"pool_size": 6, "max_overflow": 2, "pool_timeout": 30}
    overrides = {"SQLALCHEMY_ENGINE_OPTIONS": config}
    if db_backend == "sqlite":
        config["connect_args"] = {"timeout": 30}
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'entry-booths.sqlite'}"
    app = create_app(make_config(db_backend, overrides, tmp_path))
    with app.app_context():
        db.drop_all()
        db.create_all()
        event = factories.event(status=EventStatus.OPEN)
        call, entries, _ineligible = competition(event=event)
        selection.shortlist(call)
        entry_id = entries[0].id
        sponsor_id = make_sponsor(event, make_package(event), "NMB").id
        booth_id = new_booth(event, "C1").id
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def organiser(holder: str) -> None:
        with app.app_context():
            try:
                booth = db.session.get(Booth, booth_id)
                if holder == "entry":
                    entry = db.session.get(Entry, entry_id)
                    entry.call.event  # read before the race, like a page would
                else:
                    sponsor = db.session.get(Sponsor, sponsor_id)
                    sponsor.institution, sponsor.package
                db.session.commit()  # that page's request is over (SQLite would hold its lock)
                barrier.wait(timeout=30)
                if holder == "entry":
                    places.give_booth(entry, booth)
                else:
                    booths.allocate_booth(booth, sponsor)
                results[holder] = "ok"
            except DomainError as error:
                results[holder] = f"refused: {error.message}"
            except Exception as error:  # noqa: BLE001 — reported by the test, never lost in a thread
                results[holder] = f"error: {error!r}"
            finally:
                db.session.remove()

    try:
        threads = [threading.Thread(target=organiser, args=(holder,)) for holder in ("entry", "sponsor")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert sorted(r.split(":")[0] for r in results.values()) == ["ok", "refused"], results
        with app.app_context():
            booth = db.session.get(Booth, booth_id)
            if results["entry"] == "ok":
                assert (booth.sponsor_id, booth.entry_id) == (None, entry_id)
            else:
                assert (booth.sponsor_id, booth.entry_id) == (sponsor_id, None)
            allocations = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "booth.allocate"))
            assert len(allocations.all()) == 1
    finally:
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


# Programme slots --------------------------------------------------------------------------


def test_a_presenting_entry_is_linked_to_a_presentation_item_and_unlinked(shortlisted):
    call, entries = shortlisted
    item = presentation_item(call)
    assert item in places.presentation_choices(call)

    places.link_presentation(entries[0], item)

    assert entries[0].programme_item_id == item.id
    assert item not in places.presentation_choices(call)
    places.unlink_presentation(entries[0])
    assert db.session.get(Entry, entries[0].id).programme_item_id is None


@pytest.mark.parametrize("case, message", [
    ("not presenting", "Only an entry selected to present"),
    ("no item", "Choose a presentation slot"),
    ("other meeting", "That programme item belongs to another meeting"),
    ("not a presentation", "Choose a programme item of the presentation kind"),
    ("taken", "That slot is already given to “Entry 1”"),
    ("second slot", "already has a programme slot; unlink it first"),
    ("same slot", "already has this slot"),
])
def test_slot_refusals_change_nothing(shortlisted, case, message):
    call, entries = shortlisted
    held = presentation_item(call)
    places.link_presentation(entries[0], held)
    entry, item = entries[1], presentation_item(call)
    if case == "not presenting":
        entry = entries[2]
    elif case == "no item":
        item = None
    elif case == "other meeting":
        other = factories.event(starts_on=call.event.starts_on + timedelta(days=400),
                                ends_on=call.event.ends_on + timedelta(days=400))
        item = presentation_item(call, event=other)
    elif case == "not a presentation":
        item = presentation_item(call, kind=ItemKind.LUNCH)
    elif case == "taken":
        item = held
    elif case in ("second slot", "same slot"):
        entry = entries[0]
        item = held if case == "same slot" else item
    before = {e.id: e.programme_item_id for e in db.session.scalars(sa.select(Entry))}

    with pytest.raises(DomainError, match=message) as refused:
        places.link_presentation(entry, item)

    assert refused.value.field == "programme_item_id"
    db.session.expire_all()
    assert {e.id: e.programme_item_id for e in db.session.scalars(sa.select(Entry))} == before


def test_unlinking_without_a_slot_is_refused(shortlisted):
    _call, entries = shortlisted
    with pytest.raises(DomainError, match="has no programme slot"):
        places.unlink_presentation(entries[0])
