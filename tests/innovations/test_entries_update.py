"""Changing and withdrawing an entry: only by its owner, only while the call is open, never once
withdrawn or scored; files kept unless replaced (the replaced file deleted after the change is
saved); an ineligible entry goes back for screening. Every refusal changes nothing."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.uploads import upload_path
from eventapp.extensions import db
from eventapp.innovations import entries
from eventapp.innovations.models import Entry, EntryStage, EntryStatus, TeamMember
from tests import factories
from tests.innovations import factories as inn
from tests.innovations.test_entries import FAKE_PDF, JPEG, PDF, PNG, SVG, details, stored_files, team, upload


@pytest.fixture
def world(app_ctx):
    """An open call, a university, an innovator and their entry with a paper and a poster."""
    call = inn.call(factories.event())
    udsm = inn.university("University of Dar es Salaam", "UDSM")
    owner = inn.innovator()
    entry = entries.submit_entry(call, owner, details(call, udsm), upload(PDF, "karatasi.pdf"),
                                 upload(PNG, "bango.png"))
    return call, udsm, owner, entry


def snapshot(entry_id: int) -> tuple:
    db.session.expire_all()
    entry = db.session.get(Entry, entry_id)
    return (entry.title, entry.status, entry.stage, entry.paper_file, entry.poster_file, entry.links,
            tuple((m.name, m.email) for m in entry.members))


def test_the_owner_changes_the_entry_and_the_team(world):
    call, udsm, owner, entry = world

    entries.update_entry(entry, owner, details(call, udsm, title="Dawa Tracker", stage="deployed", links="",
                                               members=team(("Dkt. Juma Ally", "juma@udsm.ac.tz", "staff"),
                                                            ("Rehema", "rehema@udsm.ac.tz", "student"))))

    db.session.expire_all()
    entry = db.session.get(Entry, entry.id)
    assert (entry.title, entry.stage, entry.links) == ("Dawa Tracker", EntryStage.DEPLOYED, "")
    assert [(m.position, m.email) for m in entry.members] == [(1, "juma@udsm.ac.tz"), (2, "rehema@udsm.ac.tz")]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TeamMember)) == 2


def test_files_are_kept_unless_a_new_one_is_uploaded(app, world):
    call, udsm, owner, entry = world
    old_paper, old_poster = entry.paper_file, entry.poster_file

    entries.update_entry(entry, owner, details(call, udsm), None, upload(JPEG, "bango-jipya.jpg"))

    assert entry.paper_file == old_paper and entry.paper_name == "karatasi.pdf"
    assert entry.poster_file != old_poster and entry.poster_name == "bango-jipya.jpg"
    assert upload_path(entry.poster_file).read_bytes() == JPEG
    assert not upload_path(old_poster).exists()  # the replaced poster is deleted after the commit
    assert stored_files(app) == sorted([old_paper, entry.poster_file])


def test_a_refused_change_keeps_the_entry_and_its_files(app, world):
    call, udsm, owner, entry = world
    before, files = snapshot(entry.id), stored_files(app)

    with pytest.raises(InvalidInput) as refused:
        entries.update_entry(entry, owner, details(call, udsm, title="Jipya"), upload(FAKE_PDF, "karatasi.pdf"),
                             upload(SVG, "bango.svg"))

    assert set(refused.value.errors) == {"paper", "poster"}
    assert snapshot(entry.id) == before and stored_files(app) == files


def test_a_duplicate_team_email_in_a_change_is_refused(world):
    call, udsm, owner, entry = world
    before = snapshot(entry.id)

    with pytest.raises(InvalidInput) as refused:
        entries.update_entry(entry, owner, details(call, udsm, members=team(("A", "a@udsm.ac.tz", "staff"),
                                                                            ("B", "A@udsm.ac.tz", "staff"))))

    assert list(refused.value.errors) == ["members-1-email"]
    assert snapshot(entry.id) == before


def test_nothing_changes_after_the_call_closes(app, world):
    call, udsm, owner, entry = world
    before, files = snapshot(entry.id), stored_files(app)
    later = call.closes_at + timedelta(minutes=1)

    with pytest.raises(DomainError, match="The call closed on"):
        entries.update_entry(entry, owner, details(call, udsm, title="Late"), upload(PDF, "new.pdf"), now=later)
    with pytest.raises(DomainError, match="The call closed on"):
        entries.withdraw_entry(entry, owner, now=later)

    assert snapshot(entry.id) == before and stored_files(app) == files


def test_only_the_owner_may_change_or_withdraw(world):
    call, udsm, _owner, entry = world
    before = snapshot(entry.id)
    other = inn.innovator()

    with pytest.raises(DomainError, match="Only the account that submitted this entry"):
        entries.update_entry(entry, other, details(call, udsm, title="Imechukuliwa"))
    with pytest.raises(DomainError, match="Only the account that submitted this entry"):
        entries.withdraw_entry(entry, other)

    assert snapshot(entry.id) == before


def test_an_entry_scored_by_a_judge_no_longer_changes(world):
    call, udsm, owner, entry = world
    db.session.execute(sa.update(Entry).where(Entry.id == entry.id).values(status=EntryStatus.ELIGIBLE))
    db.session.commit()
    inn.score(inn.assign(entry, inn.judge(call)), [7, 7, 7, 7, 7])
    before = snapshot(entry.id)

    with pytest.raises(DomainError, match="started scoring this entry"):
        entries.update_entry(entry, owner, details(call, udsm, title="Imebadilika"))

    assert snapshot(entry.id) == before


def test_changing_an_ineligible_entry_sends_it_back_for_screening(world):
    call, udsm, owner, entry = world
    entry.status, entry.screening_reason = EntryStatus.INELIGIBLE, "No abstract of the research."
    db.session.commit()

    entries.update_entry(entry, owner, details(call, udsm, abstract="The research, summarised."))

    assert (entry.status, entry.screening_reason) == (EntryStatus.SUBMITTED, "")


def test_an_eligible_entry_stays_eligible_when_changed(world):
    call, udsm, owner, entry = world
    entry.status = EntryStatus.ELIGIBLE
    db.session.commit()

    entries.update_entry(entry, owner, details(call, udsm, title="Dawa Tracker"))

    assert entry.status is EntryStatus.ELIGIBLE


def test_the_owner_withdraws_before_the_close_and_then_nothing_changes(world):
    call, udsm, owner, entry = world

    entries.withdraw_entry(entry, owner)

    assert entry.status is EntryStatus.WITHDRAWN
    with pytest.raises(DomainError, match="withdrawn"):
        entries.update_entry(entry, owner, details(call, udsm, title="Back again"))
    with pytest.raises(DomainError, match="withdrawn"):
        entries.withdraw_entry(entry, owner)
    assert snapshot(entry.id)[0] == "Mfumo wa Kufuatilia Dawa"


def test_entries_of_lists_only_the_accounts_own(world):
    call, udsm, owner, entry = world
    other = entries.submit_entry(call, inn.innovator(), details(call, udsm, title="Another team's"))

    assert entries.entries_of(owner) == [entry]
    assert other not in entries.entries_of(owner)
