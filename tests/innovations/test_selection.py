"""The selection: the shortlist from the ranking once the scoring is closed, changes by hand
within the call's numbers and only for eligible entries, and no change once published. Every
refusal changes nothing."""
import pytest
import sqlalchemy as sa

from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError
from eventapp.core.models import utcnow
from eventapp.events.models import EventStatus
from eventapp.extensions import db
from eventapp.innovations import selection
from eventapp.innovations.models import Entry, EntryStatus
from tests import factories
from tests.innovations import factories as make

# Builders (also used by the other selection, awards and results tests) --------------------


def competition(scores=(9, 8, 7, 6, 5), closed=True, exhibition_places=3, presentation_places=2, event=None):
    """A call with one eligible entry per value in `scores`, each scored by two judges with
    that value on every criterion (so the order is the order given), and one ineligible entry.
    Returns the call, the entries in ranking order and the ineligible entry."""
    call = make.call(event or factories.event(status=EventStatus.OPEN), exhibition_places=exhibition_places,
                     presentation_places=presentation_places)
    judges = [make.judge(call), make.judge(call)]
    entries = []
    for n, value in enumerate(scores, start=1):
        entry = make.entry(call, make.university(), title=f"Entry {n}")
        for judge in judges:
            make.score(make.assign(entry, judge), [value] * 5)
        entries.append(entry)
    ineligible = make.entry(call, make.university(), status=EntryStatus.INELIGIBLE, title="Screened out")
    if closed:
        call.scoring_closed_at = utcnow()
        db.session.commit()
    return call, entries, ineligible


def selections(call) -> dict[str, tuple[bool, bool]]:
    db.session.expire_all()
    return {e.title: (e.exhibition, e.presenting)
            for e in db.session.scalars(sa.select(Entry).where(Entry.call_id == call.id))}


def audit_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


# The shortlist ----------------------------------------------------------------------------


def test_shortlist_selects_the_top_of_the_ranking_and_clears_the_others(app_ctx):
    call, entries, _ineligible = competition()
    entries[4].exhibition = True  # chosen by hand earlier; the shortlist replaces it
    db.session.commit()

    assert selection.shortlist(call, actor_id=None) == (3, 2)

    assert selections(call) == {
        "Entry 1": (True, True), "Entry 2": (True, True), "Entry 3": (True, False),
        "Entry 4": (False, False), "Entry 5": (False, False), "Screened out": (False, False),
    }
    assert audit_actions()[-1] == "innovations.shortlisted"
    assert selection.selected_count(call) == (3, 2)


def test_shortlist_never_selects_unranked_entries(app_ctx):
    call, entries, _ineligible = competition(scores=(9,), exhibition_places=3)
    make.entry(call, make.university(), title="Unscored")

    selection.shortlist(call)

    assert selections(call)["Entry 1"] == (True, True)
    assert selections(call)["Unscored"] == (False, False)


def test_presenting_places_beyond_the_exhibitions_are_capped_by_it(app_ctx):
    call, _entries, _ineligible = competition(exhibition_places=1, presentation_places=3)

    selection.shortlist(call)

    assert selection.selected_count(call) == (1, 1)


def test_shortlist_before_the_scoring_is_closed_is_refused_and_changes_nothing(app_ctx):
    call, entries, _ineligible = competition(closed=False)
    before = selections(call)

    with pytest.raises(DomainError, match="scoring is still open"):
        selection.shortlist(call)

    assert selections(call) == before
    assert "innovations.shortlisted" not in audit_actions()


def test_shortlist_keeps_booth_holders_in_the_exhibition(app_ctx):
    from tests.innovations.test_selection_places import booth_for

    call, entries, _ineligible = competition()
    entries[4].exhibition = True
    db.session.commit()
    booth_for(call, entries[4])
    before = selections(call)

    with pytest.raises(DomainError, match="“Entry 5” would leave the exhibition but holds booth"):
        selection.shortlist(call)

    assert selections(call) == before


# Changes by hand --------------------------------------------------------------------------


def test_presenting_also_exhibits_and_both_can_be_taken_back(app_ctx):
    call, entries, _ineligible = competition()

    selection.set_selection(entries[3], exhibition=False, presenting=True)
    assert selections(call)["Entry 4"] == (True, True)

    selection.set_selection(entries[3], exhibition=True, presenting=False)
    assert selections(call)["Entry 4"] == (True, False)
    selection.set_selection(entries[3], exhibition=False, presenting=False)
    assert selections(call)["Entry 4"] == (False, False)
    assert audit_actions().count("innovations.selection_changed") == 3


def test_an_ineligible_entry_cannot_be_selected(app_ctx):
    call, _entries, ineligible = competition()

    with pytest.raises(DomainError, match="Only an eligible entry") as refused:
        selection.set_selection(ineligible, exhibition=True, presenting=False)

    assert refused.value.field == "exhibition"
    assert selections(call)["Screened out"] == (False, False)


def test_the_database_refuses_a_selected_entry_that_is_not_eligible(app_ctx):
    _call, _entries, ineligible = competition()
    ineligible.exhibition = True

    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize("presenting, field, message", [
    (False, "exhibition", "All 3 exhibition places are taken"),
    (True, "presenting", "All 2 presentation places are taken"),
])
def test_selection_beyond_the_calls_numbers_is_refused(app_ctx, presenting, field, message):
    call, entries, _ineligible = competition()
    selection.shortlist(call)  # entries 1–3 exhibited, 1 and 2 presenting: both numbers reached
    before = selections(call)
    # Entry 5 into the full exhibition; entry 3 (exhibited) to present among the two.
    entry = entries[2] if presenting else entries[4]

    with pytest.raises(DomainError, match=message) as refused:
        selection.set_selection(entry, exhibition=True, presenting=presenting)

    assert refused.value.field == field
    assert selections(call) == before


def test_a_selected_entry_keeps_its_place_while_it_holds_a_booth_or_a_slot(app_ctx):
    from tests.innovations.test_selection_places import booth_for, presentation_item

    call, entries, _ineligible = competition()
    selection.shortlist(call)
    booth_for(call, entries[2])
    entries[0].programme_item_id = presentation_item(call).id
    db.session.commit()
    before = selections(call)

    with pytest.raises(DomainError, match="holds booth B1; release the booth"):
        selection.set_selection(entries[2], exhibition=False, presenting=False)
    with pytest.raises(DomainError, match="has a programme slot; unlink the slot"):
        selection.set_selection(entries[0], exhibition=True, presenting=False)

    assert selections(call) == before


def test_selection_is_refused_before_closing_and_after_publishing(app_ctx):
    call, entries, _ineligible = competition(closed=False)
    with pytest.raises(DomainError, match="scoring is still open"):
        selection.set_selection(entries[0], exhibition=True, presenting=False)

    call.scoring_closed_at = call.results_published_at = utcnow()
    db.session.commit()
    before = selections(call)
    with pytest.raises(DomainError, match="results are published; the selection can no longer change"):
        selection.set_selection(entries[0], exhibition=True, presenting=False)
    with pytest.raises(DomainError, match="results are published"):
        selection.shortlist(call)
    assert selections(call) == before
