"""The innovation call: created with the standard categories and rubric, one per event, its
dates and numbers checked (each refusal changing nothing), naive times read as East Africa
Time, audited; categories renamed, reordered, added and removed while no entry uses them."""
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.extensions import db
from eventapp.innovations import calls
from eventapp.innovations.calls import CallDetails, CallState, CategoryDetails
from eventapp.innovations.defaults import STANDARD_CATEGORIES, STANDARD_CRITERIA
from eventapp.innovations.models import EntryStatus, InnovationCall, InnovationCategory
from tests import factories
from tests.innovations import factories as inn

EAT = timezone(timedelta(hours=3))


def details(**changes) -> CallDetails:
    values = dict(opens_at=datetime(2018, 11, 1, 8, 0), closes_at=datetime(2019, 1, 15, 17, 0),
                  eligibility_sw="Vyuo vikuu na taasisi za utafiti", eligibility_en="Universities and research "
                  "institutes", exhibition_places=10, presentation_places=4, judges_per_entry=3,
                  normalise_scores=True, disagreement_points=20)
    values.update(changes)
    return CallDetails(**values)


def call_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(InnovationCall))


def test_a_new_call_starts_with_the_standard_categories_and_rubric(app_ctx):
    event = factories.event()
    actor = factories.user()

    call = calls.save_call(event, details(), actor_id=actor.id)

    assert call.opens_at == datetime(2018, 11, 1, 5, 0, tzinfo=timezone.utc)  # 08:00 East Africa Time
    assert call.closes_at == datetime(2019, 1, 15, 14, 0, tzinfo=timezone.utc)
    assert (call.exhibition_places, call.presentation_places, call.judges_per_entry) == (10, 4, 3)
    assert call.normalise_scores is True and call.disagreement_points == 20
    assert [c.code for c in call.categories] == [c.code for c in STANDARD_CATEGORIES]
    assert [(c.name_en, c.weight, c.scale_max, c.position) for c in call.criteria] == [
        (c.name_en, c.weight, c.scale_max, n) for n, c in enumerate(STANDARD_CRITERIA, start=1)]
    audit = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "innovations.call_created")).one()
    assert audit.actor_id == actor.id and audit.target == f"innovation_call:{call.id}"


def test_an_aware_time_is_kept_as_given(app_ctx):
    call = calls.save_call(factories.event(), details(opens_at=datetime(2018, 11, 1, 8, 0, tzinfo=EAT)))

    assert call.opens_at == datetime(2018, 11, 1, 5, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("changes, field", [
    ({"closes_at": datetime(2018, 11, 1, 8, 0)}, "closes_at"),
    ({"closes_at": datetime(2018, 10, 1, 8, 0)}, "closes_at"),
    ({"opens_at": None}, "opens_at"),
    ({"closes_at": None}, "closes_at"),
    ({"exhibition_places": -1}, "exhibition_places"),
    ({"exhibition_places": None}, "exhibition_places"),
    ({"presentation_places": 201}, "presentation_places"),
    ({"judges_per_entry": 0}, "judges_per_entry"),
    ({"judges_per_entry": 21}, "judges_per_entry"),
    ({"disagreement_points": 0}, "disagreement_points"),
    ({"disagreement_points": 101}, "disagreement_points"),
    ({"eligibility_en": "x" * 5001}, "eligibility_en"),
])
def test_bad_call_details_are_refused_beside_their_field_and_change_nothing(app_ctx, changes, field):
    event = factories.event()

    with pytest.raises(InvalidInput) as refused:
        calls.save_call(event, details(**changes))

    assert field in refused.value.errors
    db.session.rollback()
    assert call_count() == 0


def test_closing_before_opening_says_so(app_ctx):
    with pytest.raises(InvalidInput) as refused:
        calls.save_call(factories.event(), details(closes_at=datetime(2018, 10, 1)))

    assert refused.value.errors == {"closes_at": "The call must close after it opens."}


def test_one_call_per_event(app_ctx):
    event = factories.event()
    calls.save_call(event, details())

    with pytest.raises(DomainError, match="already has an innovation call"):
        calls.save_call(event, details())

    assert call_count() == 1


def test_changing_a_call_keeps_its_categories_and_rubric(app_ctx):
    event = factories.event()
    call = calls.save_call(event, details())
    criteria = [c.id for c in call.criteria]

    calls.save_call(event, details(closes_at=datetime(2019, 1, 20, 17, 0), exhibition_places=12,
                                   normalise_scores=False), call)

    db.session.expire_all()
    call = db.session.get(InnovationCall, call.id)
    assert call.closes_at == datetime(2019, 1, 20, 14, 0, tzinfo=timezone.utc)
    assert call.exhibition_places == 12 and call.normalise_scores is False
    assert [c.id for c in call.criteria] == criteria
    assert db.session.scalar(sa.select(AuditEntry.id).where(AuditEntry.action == "innovations.call_changed"))


def test_a_refused_change_leaves_the_call_as_it_was(app_ctx):
    event = factories.event()
    call = calls.save_call(event, details())

    with pytest.raises(InvalidInput):
        calls.save_call(event, details(judges_per_entry=0, closes_at=datetime(2018, 1, 1)), call)
    db.session.rollback()

    call = db.session.get(InnovationCall, call.id)
    assert call.judges_per_entry == 3 and call.closes_at.year == 2019


def test_the_state_of_a_call(app_ctx):
    call = inn.call(factories.event())

    assert calls.call_state(call) is CallState.OPEN
    assert calls.call_state(call, call.opens_at - timedelta(seconds=1)) is CallState.UPCOMING
    assert calls.call_state(call, call.closes_at) is CallState.OPEN
    assert calls.call_state(call, call.closes_at + timedelta(seconds=1)) is CallState.CLOSED


def test_current_calls_lists_open_ones_first_then_upcoming_never_closed(app_ctx):
    now = inn.now()
    closed = inn.call(factories.event(), opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1))
    upcoming = inn.call(factories.event(), opens_at=now + timedelta(days=3), closes_at=now + timedelta(days=30))
    open_ = inn.call(factories.event())

    assert calls.current_calls() == [open_, upcoming]
    assert closed not in calls.current_calls()


def test_status_counts(app_ctx):
    call = inn.call(factories.event())
    university = inn.university()
    for status in (EntryStatus.SUBMITTED, EntryStatus.SUBMITTED, EntryStatus.INELIGIBLE):
        inn.entry(call, university, status=status)

    assert calls.status_counts(call) == {EntryStatus.SUBMITTED: 2, EntryStatus.INELIGIBLE: 1}


# --- categories --------------------------------------------------------------------------


def test_categories_are_renamed_and_reordered_at_once(app_ctx):
    call = inn.call(factories.event())
    research, innovation = call.categories

    calls.update_categories(call, {
        research.id: CategoryDetails("  Karatasi   za utafiti ", "Research papers", position=2),
        innovation.id: CategoryDetails("Ubunifu", "Innovations and prototypes", position=1),
    })

    db.session.expire_all()
    call = db.session.get(InnovationCall, call.id)
    assert [(c.name_sw, c.name_en, c.code) for c in call.categories] == [
        ("Ubunifu", "Innovations and prototypes", "innovation"), ("Karatasi za utafiti", "Research papers", "research")]


def test_renaming_keys_errors_by_the_row_and_changes_nothing(app_ctx):
    call = inn.call(factories.event())
    research, innovation = call.categories

    with pytest.raises(InvalidInput) as refused:
        calls.update_categories(call, {research.id: CategoryDetails("", "Research"),
                                       innovation.id: CategoryDetails("Ubunifu", "research")})

    assert set(refused.value.errors) == {"categories-0-name_sw", "categories-1-name_en"}
    db.session.rollback()
    assert [c.name_en for c in db.session.get(InnovationCall, call.id).categories] == ["Research paper", "Innovation"]


def test_a_category_removed_meanwhile_is_reported(app_ctx):
    call = inn.call(factories.event())

    with pytest.raises(DomainError, match="removed meanwhile"):
        calls.update_categories(call, {999_999: CategoryDetails("X", "Y")})


def test_a_category_is_added_with_a_code_of_its_own(app_ctx):
    call = inn.call(factories.event())

    added = calls.add_category(call, CategoryDetails("Ubunifu wa kijamii", "Innovation!", position=1))

    assert added.code == "innovation-2"
    assert [c.name_en for c in call.categories][0] == "Innovation!"
    assert [c.position for c in call.categories] == [1, 2, 3]


def test_a_category_with_a_taken_name_is_refused(app_ctx):
    call = inn.call(factories.event())

    with pytest.raises(InvalidInput) as refused:
        calls.add_category(call, CategoryDetails("Utafiti", "Apps"))

    assert refused.value.errors == {"name_sw": "Another category already has this name."}
    db.session.rollback()
    assert len(db.session.get(InnovationCall, call.id).categories) == 2


def test_a_category_without_entries_is_removed(app_ctx):
    call = inn.call(factories.event())
    research = call.categories[0]

    calls.remove_category(research)

    assert [c.code for c in db.session.get(InnovationCall, call.id).categories] == ["innovation"]
    assert call.categories[0].position == 1


def test_a_category_entries_use_cannot_be_removed(app_ctx):
    call = inn.call(factories.event())
    inn.entry(call, inn.university(), category_code="research")

    with pytest.raises(DomainError, match="Entries are filed under Research paper"):
        calls.remove_category(call.categories[0])

    assert db.session.scalar(sa.select(sa.func.count()).select_from(InnovationCategory)) == 2
    assert calls.used_category_ids(call) == {call.categories[0].id}


def test_the_last_category_stays(app_ctx):
    call = inn.call(factories.event())
    calls.remove_category(call.categories[0])

    with pytest.raises(DomainError, match="at least one category"):
        calls.remove_category(call.categories[0])
