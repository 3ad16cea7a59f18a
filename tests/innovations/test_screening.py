"""Screening by the organisers: eligible, or ineligible with a reason (required) emailed to the
owner and each team member once; audited; screened again until a judge has scored the entry,
never a withdrawn or shortlisted one. Every refusal changes nothing and sends nothing."""
import pytest
import sqlalchemy as sa

from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError
from eventapp.extensions import db
from eventapp.innovations import screening
from eventapp.innovations.models import Entry, EntryStatus, TeamMember
from tests import factories
from tests.innovations import factories as inn


@pytest.fixture
def world(app_ctx):
    """A submitted entry with a student and a lecturer, owned by Neema; an organiser."""
    call = inn.call(factories.event(title_en="e-Government Annual Meeting 2019"))
    owner = inn.innovator(email="neema@example.org", full_name="Neema Mushi")
    entry = inn.entry(call, inn.university(), owner=owner, status=EntryStatus.SUBMITTED, title="Dawa Tracker")
    return call, entry, factories.user()


def state(entry_id: int) -> tuple:
    db.session.expire_all()
    entry = db.session.get(Entry, entry_id)
    return entry.status, entry.screening_reason


def test_an_entry_is_screened_eligible_and_audited(world, outbox):
    _call, entry, organiser = world

    screening.screen(entry, True, "", actor_id=organiser.id)

    assert state(entry.id) == (EntryStatus.ELIGIBLE, "")
    audit = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "innovations.entry_screened")).one()
    assert (audit.actor_id, audit.target, audit.details) == (organiser.id, f"innovation_entry:{entry.id}",
                                                             "submitted -> eligible")
    assert outbox == []


def test_ineligible_needs_a_reason(world, outbox):
    _call, entry, organiser = world

    with pytest.raises(DomainError) as refused:
        screening.screen(entry, False, "   ", actor_id=organiser.id)

    assert refused.value.field == "reason"
    assert state(entry.id) == (EntryStatus.SUBMITTED, "") and outbox == []
    assert db.session.scalar(sa.select(AuditEntry.id).where(AuditEntry.action == "innovations.entry_screened")) is None


def test_the_reason_is_emailed_to_the_owner_and_every_team_member(world, outbox):
    _call, entry, organiser = world

    screening.screen(entry, False, "The entry is a business plan,\nnot research or an innovation.",
                     actor_id=organiser.id)

    assert state(entry.id) == (EntryStatus.INELIGIBLE, "The entry is a business plan,\nnot research or an innovation.")
    members = [m.email for m in entry.members]
    assert sorted(m.recipients[0] for m in outbox) == sorted(["neema@example.org", *members])
    for message in outbox:
        assert "Dawa Tracker" in message.body and "not research or an innovation" in message.body
    owner_copy = next(m for m in outbox if m.recipients == ["neema@example.org"])
    assert f"/innovations/entries/{entry.id}" in owner_copy.body
    assert all(f"/innovations/entries/{entry.id}" not in m.body for m in outbox if m is not owner_copy)


def test_an_owner_on_the_team_gets_one_email(world, outbox):
    _call, entry, organiser = world
    db.session.add(TeamMember(entry_id=entry.id, position=3, name="Neema", email="neema@example.org",
                              kind=entry.members[0].kind))
    db.session.commit()
    db.session.refresh(entry)

    screening.screen(entry, False, "Out of scope.", actor_id=organiser.id)

    assert len(outbox) == 3


def test_screening_again_is_allowed_until_scoring_starts(world, outbox):
    call, entry, organiser = world
    screening.screen(entry, False, "No paper.", actor_id=organiser.id)

    screening.screen(entry, True, "", actor_id=organiser.id)

    assert state(entry.id) == (EntryStatus.ELIGIBLE, "")
    inn.score(inn.assign(entry, inn.judge(call)), [6, 6, 6, 6, 6])
    sent = len(outbox)
    with pytest.raises(DomainError, match="started scoring this entry; its screening can no longer change"):
        screening.screen(entry, False, "Changed our mind.", actor_id=organiser.id)
    assert state(entry.id) == (EntryStatus.ELIGIBLE, "") and len(outbox) == sent


def test_an_assignment_without_scores_does_not_stop_screening(world):
    call, entry, organiser = world
    inn.assign(entry, inn.judge(call))

    screening.screen(entry, False, "Duplicate of another entry.", actor_id=organiser.id)

    assert state(entry.id)[0] is EntryStatus.INELIGIBLE


def test_a_withdrawn_entry_is_not_screened(world, outbox):
    _call, entry, organiser = world
    entry.status = EntryStatus.WITHDRAWN
    db.session.commit()

    with pytest.raises(DomainError, match="withdrawn"):
        screening.screen(entry, True, "", actor_id=organiser.id)

    assert state(entry.id) == (EntryStatus.WITHDRAWN, "") and outbox == []


def test_a_shortlisted_entry_is_not_screened_out(world, outbox):
    _call, entry, organiser = world
    entry.status, entry.exhibition = EntryStatus.ELIGIBLE, True
    db.session.commit()

    with pytest.raises(DomainError, match="shortlist"):
        screening.screen(entry, False, "Late doubts.", actor_id=organiser.id)

    assert state(entry.id) == (EntryStatus.ELIGIBLE, "") and outbox == []


def test_an_overlong_reason_is_refused(world):
    _call, entry, organiser = world

    with pytest.raises(DomainError) as refused:
        screening.screen(entry, False, "x" * 2001, actor_id=organiser.id)

    assert refused.value.field == "reason" and state(entry.id) == (EntryStatus.SUBMITTED, "")
