"""Who may see an entry (`access.may_see_entry`): organisers and administrators all; the owner
their own; a judge only the entries assigned to them, not after declaring a conflict, not as a
judge of another call, not without the judge role; nobody else, anonymous visitors included."""
import pytest
from flask_login import AnonymousUserMixin
from werkzeug.exceptions import NotFound

from eventapp.auth.models import UserRole
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.innovations import access
from eventapp.innovations.models import Conflict, EntryStatus
from tests import factories
from tests.innovations import factories as inn


@pytest.fixture
def world(app_ctx):
    call = inn.call(factories.event())
    university = inn.university()
    entry = inn.entry(call, university, status=EntryStatus.ELIGIBLE)
    other_entry = inn.entry(call, university)
    return call, entry, other_entry


def test_organisers_and_administrators_see_every_entry(world):
    _call, entry, other = world

    for role in (Role.ORGANISER, Role.ADMIN):
        user = factories.user(roles=(role,))
        assert access.may_see_entry(user, entry) and access.may_see_entry(user, other)


def test_the_owner_sees_only_their_own(world):
    _call, entry, other = world

    assert access.may_see_entry(entry.owner, entry)
    assert not access.may_see_entry(entry.owner, other)
    assert access.entry_or_404(entry.id, entry.owner) is entry
    assert access.own_entry_or_404(entry.id, entry.owner) is entry
    with pytest.raises(NotFound):
        access.entry_or_404(other.id, entry.owner)
    with pytest.raises(NotFound):
        access.own_entry_or_404(other.id, entry.owner)


def test_organisers_do_not_change_entries(world):
    _call, entry, _other = world

    with pytest.raises(NotFound):
        access.own_entry_or_404(entry.id, factories.user(roles=(Role.ORGANISER,)))


def test_a_judge_sees_only_assigned_entries(world):
    call, entry, other = world
    judge = inn.judge(call)
    inn.assign(entry, judge)

    assert access.may_see_entry(judge.user, entry)
    assert not access.may_see_entry(judge.user, other)


def test_a_declared_conflict_hides_the_entry(world):
    call, entry, _other = world
    judge = inn.judge(call)
    inn.assign(entry, judge)
    db.session.add(Conflict(entry_id=entry.id, judge_id=judge.id, reason="My student's entry."))
    db.session.commit()

    assert not access.may_see_entry(judge.user, entry)


def test_a_judge_without_the_role_any_more_sees_nothing(world):
    call, entry, _other = world
    judge = inn.judge(call)
    inn.assign(entry, judge)
    judge.user.roles = [UserRole(role=Role.PARTICIPANT)]
    db.session.commit()

    assert not access.may_see_entry(judge.user, entry)


def test_nobody_else_sees_an_entry(world):
    _call, entry, _other = world

    for user in (inn.innovator(), factories.user(roles=(Role.FINANCE,)), factories.user(roles=(Role.JUDGE,)),
                 AnonymousUserMixin(), None):
        assert not access.may_see_entry(user, entry)
    assert not access.may_see_entry(entry.owner, None)
    with pytest.raises(NotFound):
        access.entry_or_404(999_999, entry.owner)
