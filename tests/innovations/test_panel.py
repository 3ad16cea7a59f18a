"""The panel of judges: adding a person (account found or created, judge role, one seat per call,
emailed with a set-password link when new) and removing one (refused once they have scores;
otherwise their assignments and conflicts go, and the judge role unless they sit elsewhere)."""
import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from eventapp.auth.models import User
from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.innovations.models import Assignment, Conflict, Judge
from eventapp.innovations.panel import add_judge, panel_of, remove_judge
from tests import factories
from tests.innovations import factories as innovations
from tests.innovations.test_assignments import snapshot


@pytest.fixture
def call(app_ctx):
    return innovations.call(factories.event())


def test_a_new_person_gets_an_account_the_judge_role_and_a_link_to_choose_a_password(call, outbox, client):
    udsm = innovations.university("University of Dar es Salaam", "UDSM")

    judge = add_judge(call, " Neema.Mushi@UDSM.ac.tz ", "  Neema   Mushi ", udsm.id, actor_id=None)

    assert judge.user.email == "neema.mushi@udsm.ac.tz" and judge.user.full_name == "Neema Mushi"
    assert judge.user.has_role(Role.JUDGE) and judge.institution_id == udsm.id and judge.call_id == call.id
    assert [j.id for j in panel_of(call)] == [judge.id]
    assert len(outbox) == 1 and outbox[0].recipients == ["neema.mushi@udsm.ac.tz"]
    assert "within 14 days" in outbox[0].body and "/judging" in outbox[0].body
    link = re.search(r"https?://\S+/password/reset/\S+", outbox[0].body).group(0)
    assert client.get(urlsplit(link).path).status_code == 200  # the link opens the page to choose a password
    assert db.session.scalar(sa.select(AuditEntry.action).where(AuditEntry.target == f"innovation_call:{call.id}")) \
        == "innovations.judge_added"


def test_an_existing_account_keeps_its_roles_and_password_and_gains_the_judge_role(call, outbox):
    person = factories.user(roles=(Role.PARTICIPANT,), email="juma@ifm.ac.tz", full_name="Juma Ally")
    password_hash = person.password_hash

    judge = add_judge(call, "juma@ifm.ac.tz", "", None)

    assert judge.user_id == person.id and judge.institution_id is None
    assert person.role_set == {Role.PARTICIPANT, Role.JUDGE} and person.password_hash == password_hash
    assert "/password/reset/" not in outbox[0].body and "/judging" in outbox[0].body


def test_the_same_person_sits_once_on_a_call_but_may_sit_on_another_calls_panel(call):
    judge = innovations.judge(call, email="asha@udom.ac.tz")
    before = snapshot()

    with pytest.raises(DomainError) as refused:
        add_judge(call, "asha@udom.ac.tz", "", None)

    assert refused.value.field == "email" and "already on the panel" in refused.value.message
    assert snapshot() == before
    other = innovations.call(factories.event())
    assert add_judge(other, "asha@udom.ac.tz", "", None).user_id == judge.user_id


@pytest.mark.parametrize("email, full_name, institution_id, field, message", [
    ("not-an-email", "Neema Mushi", None, "email", "valid email"),
    ("new.person@udsm.ac.tz", "", None, "full_name", "full name"),
    ("new.person@udsm.ac.tz", "N" * 161, None, "full_name", "At most 160"),
    ("new.person@udsm.ac.tz", "Neema Mushi", 999_999, "institution_id", "Choose an institution"),
])
def test_bad_details_are_refused_beside_their_field_and_change_nothing(call, outbox, email, full_name,
                                                                        institution_id, field, message):
    before = snapshot()

    with pytest.raises(InvalidInput) as refused:
        add_judge(call, email, full_name, institution_id)

    assert message in refused.value.errors[field]
    assert snapshot() == before and outbox == []


def test_a_deactivated_account_is_refused(call, outbox):
    factories.user(email="old@udsm.ac.tz", active=False)
    before = snapshot()

    with pytest.raises(DomainError, match="deactivated"):
        add_judge(call, "old@udsm.ac.tz", "", None)

    assert snapshot() == before and outbox == []


def test_removing_a_judge_without_scores_removes_their_assignments_conflicts_and_role(call):
    judge = innovations.judge(call)
    user_id = judge.user_id
    entries = [innovations.entry(call, innovations.university()) for _ in range(2)]
    innovations.assign(entries[0], judge)
    db.session.add(Conflict(entry_id=entries[1].id, judge_id=judge.id, reason="My student"))
    db.session.commit()

    remove_judge(judge, actor_id=None)

    assert db.session.scalar(sa.select(sa.func.count(Judge.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Assignment.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Conflict.id))) == 0
    assert not db.session.get(User, user_id).has_role(Role.JUDGE)


def test_a_judge_on_another_calls_panel_keeps_the_judge_role(call):
    judge = innovations.judge(call)
    other = innovations.call(factories.event())
    db.session.add(Judge(call_id=other.id, user_id=judge.user_id))
    db.session.commit()
    user_id = judge.user_id

    remove_judge(judge)

    assert db.session.get(User, user_id).has_role(Role.JUDGE)


def test_a_judge_with_scores_stays_on_the_panel(call):
    judge = innovations.judge(call, full_name="Neema Mushi")
    assignment = innovations.assign(innovations.entry(call, innovations.university()), judge)
    innovations.score(assignment, [5, 5, 5, 5, 5])
    before = snapshot()

    with pytest.raises(DomainError, match="Neema Mushi has already scored"):
        remove_judge(judge)

    db.session.rollback()
    assert snapshot() == before
