"""`find_or_invite_user`: the account of someone a focal person or judge is made for, found or
created with the role, and refused (before anything changes) when the caller's rule says so."""
import pytest
import sqlalchemy as sa

from eventapp.auth.models import User
from eventapp.auth.services import find_or_invite_user
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.roles import Role
from eventapp.extensions import db
from tests import factories

BAD_EMAIL = "Enter a valid email address, like jina@example.org."


@pytest.fixture(autouse=True)
def _context(app):
    with app.test_request_context():
        yield


def _users() -> int:
    return db.session.scalar(sa.select(sa.func.count(User.id)))


def test_a_new_address_gets_an_account_with_the_role_and_a_tidied_name():
    user, created = find_or_invite_user(" Neema.Mushi@Example.ORG ", "  Neema   Mushi ", Role.JUDGE,
                                        invalid_email=BAD_EMAIL)
    assert created
    assert (user.email, user.full_name) == ("neema.mushi@example.org", "Neema Mushi")
    assert user.has_role(Role.JUDGE) and user.password_hash


def test_an_existing_account_is_found_and_gains_the_role():
    existing = factories.user(email="juma@example.org", roles=[Role.PARTICIPANT])
    user, created = find_or_invite_user("JUMA@example.org", "", Role.FOCAL, invalid_email=BAD_EMAIL)
    assert not created and user.id == existing.id
    assert user.has_role(Role.FOCAL) and user.has_role(Role.PARTICIPANT)


def test_the_address_the_name_and_the_callers_errors_are_refused_together():
    with pytest.raises(InvalidInput) as refused:
        find_or_invite_user("not an address", "x" * 161, Role.JUDGE, invalid_email=BAD_EMAIL,
                            errors={"institution_id": "Choose an institution from the list."})
    assert refused.value.errors == {"email": BAD_EMAIL, "full_name": "At most 160 characters.",
                                    "institution_id": "Choose an institution from the list."}
    with pytest.raises(InvalidInput) as no_name:
        find_or_invite_user("new@example.org", " ", Role.JUDGE, invalid_email=BAD_EMAIL)
    assert set(no_name.value.errors) == {"full_name"}
    assert _users() == 0


def test_the_callers_rule_refuses_an_existing_account_before_anything_changes():
    factories.user(email="juma@example.org")
    seen = []

    def refuse(user):
        seen.append(user.email)
        raise DomainError("Already on the panel.", field="email")

    with pytest.raises(DomainError, match="Already on the panel."):
        find_or_invite_user("juma@example.org", "", Role.JUDGE, invalid_email=BAD_EMAIL, check_existing=refuse)
    assert seen == ["juma@example.org"]
    assert not db.session.scalar(sa.select(User).where(User.email == "juma@example.org")).has_role(Role.JUDGE)


def test_a_deactivated_account_is_refused():
    factories.user(email="juma@example.org", active=False)
    with pytest.raises(DomainError) as refused:
        find_or_invite_user("juma@example.org", "", Role.JUDGE, invalid_email=BAD_EMAIL,
                            check_existing=lambda user: pytest.fail("the rule runs only for an active account"))
    assert refused.value.field == "email" and "deactivated" in refused.value.message
