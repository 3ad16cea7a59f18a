"""Account rules in eventapp.auth.services, tested without HTTP."""
import itsdangerous.timed
import pytest
import sqlalchemy as sa

from eventapp.auth import services
from eventapp.auth.models import User, UserRole
from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError
from eventapp.core.roles import Role
from eventapp.extensions import db
from tests import factories

NEW_PASSWORD = "a brand new secret"


@pytest.fixture(autouse=True)
def _context(app):
    # url_for(_external=True) in send_password_reset needs a request context.
    with app.test_request_context():
        yield


# --- authenticate -----------------------------------------------------------------------


def test_authenticate_with_the_right_password_returns_the_user_and_records_the_login():
    user = factories.user(email="amina@example.org")
    assert user.last_login_at is None

    found = services.authenticate("  Amina@Example.org ", factories.PASSWORD)

    assert found.id == user.id
    assert found.last_login_at is not None


def test_wrong_password_and_unknown_email_give_the_same_message():
    factories.user(email="amina@example.org")

    with pytest.raises(DomainError) as wrong_password:
        services.authenticate("amina@example.org", "not the password")
    with pytest.raises(DomainError) as unknown_email:
        services.authenticate("nobody@example.org", factories.PASSWORD)

    assert wrong_password.value.message == unknown_email.value.message == "Wrong email or password."
    assert wrong_password.value.field is None and unknown_email.value.field is None


def test_inactive_user_is_refused_with_the_same_message_even_with_the_right_password():
    factories.user(email="gone@example.org", active=False)

    with pytest.raises(DomainError, match="Wrong email or password."):
        services.authenticate("gone@example.org", factories.PASSWORD)


def test_empty_password_is_refused():
    factories.user(email="amina@example.org")

    with pytest.raises(DomainError):
        services.authenticate("amina@example.org", "")


# --- create_user ------------------------------------------------------------------------


def test_create_user_stores_a_lowercase_email_a_hashed_password_and_the_roles():
    user = services.create_user(
        "  Juma@Example.ORG ", "Juma Hassan", "long enough pw", [Role.ORGANISER, Role.FINANCE, Role.ORGANISER]
    )

    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored.email == "juma@example.org"
    assert stored.full_name == "Juma Hassan"
    assert stored.password_hash != "long enough pw"
    assert stored.check_password("long enough pw")
    assert stored.role_set == {Role.ORGANISER, Role.FINANCE}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UserRole)) == 2
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "user.create"))
    assert entry.target == "user:juma@example.org"


@pytest.mark.parametrize("duplicate", ["juma@example.org", "JUMA@Example.org", " juma@example.org "])
def test_create_user_refuses_a_duplicate_email_in_any_case_with_a_field_error(duplicate):
    services.create_user("juma@example.org", "Juma", "long enough pw")

    with pytest.raises(DomainError) as error:
        services.create_user(duplicate, "Another Juma", "long enough pw")

    assert error.value.field == "email"
    assert "already exists" in error.value.message
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_create_user_refuses_a_weak_password():
    with pytest.raises(DomainError) as error:
        services.create_user("juma@example.org", "Juma", "short")

    assert error.value.field == "password"
    assert "10" in error.value.message
    assert services.find_user_by_email("juma@example.org") is None


def test_create_user_refuses_an_invalid_email():
    with pytest.raises(DomainError) as error:
        services.create_user("not-an-email", "Juma", "long enough pw")
    assert error.value.field == "email"


def test_create_user_defaults_the_name_to_the_email():
    user = services.create_user("juma@example.org", "  ", "long enough pw")
    assert user.full_name == "juma@example.org"


# --- update_user ------------------------------------------------------------------------


def test_admin_cannot_remove_their_own_admin_role():
    admin = factories.user(roles=[Role.ADMIN, Role.ORGANISER])

    with pytest.raises(DomainError, match="cannot remove your own administrator role"):
        services.update_user(admin, admin.full_name, [Role.ORGANISER], True, actor=admin)

    db.session.rollback()
    assert db.session.get(User, admin.id).role_set == {Role.ADMIN, Role.ORGANISER}


def test_admin_cannot_deactivate_themselves():
    admin = factories.user(roles=[Role.ADMIN])

    with pytest.raises(DomainError):
        services.update_user(admin, admin.full_name, [Role.ADMIN], False, actor=admin)

    db.session.rollback()
    assert db.session.get(User, admin.id).active is True


def test_admin_may_rename_themselves_keeping_the_admin_role():
    admin = factories.user(roles=[Role.ADMIN])

    services.update_user(admin, "New Name", [Role.ADMIN, Role.JUDGE], True, actor=admin)

    db.session.expire_all()
    assert db.session.get(User, admin.id).full_name == "New Name"
    assert db.session.get(User, admin.id).role_set == {Role.ADMIN, Role.JUDGE}


def test_role_change_is_stored_and_audited():
    admin = factories.user(roles=[Role.ADMIN])
    user = factories.user(roles=[Role.PARTICIPANT, Role.JUDGE], email="judge@example.org")

    services.update_user(user, user.full_name, [Role.JUDGE, Role.FINANCE], True, actor=admin)

    db.session.expire_all()
    assert db.session.get(User, user.id).role_set == {Role.JUDGE, Role.FINANCE}
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "user.update"))
    assert entry.actor_id == admin.id
    assert entry.target == "user:judge@example.org"
    assert "['judge', 'participant'] -> ['finance', 'judge']" in entry.details


def test_repeated_roles_in_an_update_are_stored_once():
    admin = factories.user(roles=[Role.ADMIN])
    user = factories.user()

    services.update_user(user, user.full_name, [Role.GATE, Role.GATE], True, actor=admin)

    db.session.expire_all()
    assert db.session.get(User, user.id).role_set == {Role.GATE}


def test_another_admin_can_deactivate_a_user_who_then_cannot_log_in():
    admin = factories.user(roles=[Role.ADMIN])
    user = factories.user(email="leaving@example.org")

    services.update_user(user, user.full_name, [], False, actor=admin)

    with pytest.raises(DomainError):
        services.authenticate("leaving@example.org", factories.PASSWORD)


# --- change_password --------------------------------------------------------------------


def test_change_password_with_the_right_current_password():
    user = factories.user(email="amina@example.org")

    services.change_password(user, factories.PASSWORD, NEW_PASSWORD)

    assert services.authenticate("amina@example.org", NEW_PASSWORD).id == user.id
    with pytest.raises(DomainError):
        services.authenticate("amina@example.org", factories.PASSWORD)


def test_change_password_refuses_a_wrong_current_password():
    user = factories.user()

    with pytest.raises(DomainError) as error:
        services.change_password(user, "wrong current pw", NEW_PASSWORD)

    assert error.value.field == "current_password"
    assert user.check_password(factories.PASSWORD)


def test_change_password_refuses_a_short_new_password():
    user = factories.user()

    with pytest.raises(DomainError) as error:
        services.change_password(user, factories.PASSWORD, "short")

    assert error.value.field == "new_password"
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(factories.PASSWORD)


# --- password reset tokens --------------------------------------------------------------


def test_a_valid_reset_token_sets_the_new_password():
    user = factories.user(email="amina@example.org")
    token = services.password_reset_token(user)

    assert services.user_for_reset_token(token).id == user.id
    services.reset_password(token, NEW_PASSWORD)

    assert services.authenticate("amina@example.org", NEW_PASSWORD).id == user.id


def test_a_reset_token_cannot_be_used_twice():
    user = factories.user()
    token = services.password_reset_token(user)
    services.reset_password(token, NEW_PASSWORD)

    with pytest.raises(DomainError, match="not valid"):
        services.reset_password(token, "yet another password")

    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(NEW_PASSWORD)


def test_a_password_change_voids_earlier_reset_tokens():
    user = factories.user()
    token = services.password_reset_token(user)
    services.change_password(user, factories.PASSWORD, NEW_PASSWORD)

    with pytest.raises(DomainError, match="not valid"):
        services.user_for_reset_token(token)


@pytest.mark.parametrize("tamper", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature changed
    lambda t: "x" + t,  # payload changed
    lambda t: "garbage",
    lambda t: "",
])
def test_a_tampered_reset_token_is_refused(tamper):
    user = factories.user()
    token = services.password_reset_token(user)

    with pytest.raises(DomainError, match="not valid"):
        services.reset_password(tamper(token), NEW_PASSWORD)

    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(factories.PASSWORD)


def test_a_token_signed_for_another_purpose_is_refused():
    from eventapp.core.tokens import make_token

    user = factories.user()
    token = make_token("registrant-link", {"uid": user.id, "fp": services._password_fingerprint(user)})

    with pytest.raises(DomainError, match="not valid"):
        services.user_for_reset_token(token)


def test_an_expired_reset_token_is_refused(app, monkeypatch):
    user = factories.user()
    max_age = app.config["PASSWORD_RESET_MAX_AGE"]
    real_time = itsdangerous.timed.time.time
    # itsdangerous 2.2 stamps tokens with int(time.time()) in TimestampSigner.get_timestamp.
    with monkeypatch.context() as patch:
        patch.setattr(itsdangerous.timed.time, "time", lambda: real_time() - max_age - 5)
        token = services.password_reset_token(user)

    with pytest.raises(DomainError) as error:
        services.reset_password(token, NEW_PASSWORD)

    assert "expired" in error.value.message
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(factories.PASSWORD)


def test_a_token_just_inside_its_lifetime_still_works(app, monkeypatch):
    user = factories.user()
    max_age = app.config["PASSWORD_RESET_MAX_AGE"]
    real_time = itsdangerous.timed.time.time
    with monkeypatch.context() as patch:
        patch.setattr(itsdangerous.timed.time, "time", lambda: real_time() - max_age + 60)
        token = services.password_reset_token(user)

    assert services.user_for_reset_token(token).id == user.id


def signed_at(monkeypatch, seconds_ago: int, sign):
    real_time = itsdangerous.timed.time.time
    with monkeypatch.context() as patch:
        patch.setattr(itsdangerous.timed.time, "time", lambda: real_time() - seconds_ago)
        return sign()


def test_an_invitation_link_outlives_a_reset_link_and_then_expires(app, monkeypatch):
    """An account made for someone (a focal person, a judge) is emailed a link valid for days,
    not the hour of a reset link; past INVITATION_MAX_AGE it is refused and nothing changes."""
    user = factories.user()
    reset_age, invite_age = app.config["PASSWORD_RESET_MAX_AGE"], app.config["INVITATION_MAX_AGE"]
    assert invite_age >= 7 * 24 * 3600 > reset_age

    day_old = signed_at(monkeypatch, 24 * 3600, lambda: services.invitation_token(user))
    assert services.user_for_reset_token(day_old).id == user.id
    with pytest.raises(DomainError, match="expired"):
        services.user_for_reset_token(signed_at(monkeypatch, 24 * 3600, lambda: services.password_reset_token(user)))
    with pytest.raises(DomainError, match="expired"):
        services.reset_password(signed_at(monkeypatch, invite_age + 5, lambda: services.invitation_token(user)),
                                NEW_PASSWORD)
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(factories.PASSWORD)


def test_an_invitation_link_works_once(app):
    user = factories.user()
    token = services.invitation_token(user)
    assert services.invitation_link(user).startswith(app.config["BASE_URL"])

    services.reset_password(token, NEW_PASSWORD)

    with pytest.raises(DomainError, match="not valid"):
        services.reset_password(token, NEW_PASSWORD + "!")


def test_a_reset_token_for_a_deactivated_user_is_refused():
    admin = factories.user(roles=[Role.ADMIN])
    user = factories.user()
    token = services.password_reset_token(user)
    services.update_user(user, user.full_name, [], False, actor=admin)

    with pytest.raises(DomainError, match="not valid"):
        services.reset_password(token, NEW_PASSWORD)


def test_a_reset_token_for_a_deleted_user_is_refused():
    user = factories.user()
    token = services.password_reset_token(user)
    db.session.delete(user)
    db.session.commit()

    with pytest.raises(DomainError, match="not valid"):
        services.user_for_reset_token(token)


def test_reset_password_refuses_a_weak_password_and_keeps_the_token_usable():
    user = factories.user()
    token = services.password_reset_token(user)

    with pytest.raises(DomainError, match="10"):
        services.reset_password(token, "short")

    assert services.reset_password(token, NEW_PASSWORD).id == user.id


# --- send_password_reset ----------------------------------------------------------------


def test_send_password_reset_mails_a_working_link_to_an_active_account(outbox):
    user = factories.user(email="amina@example.org")

    services.send_password_reset("AMINA@example.org")

    assert len(outbox) == 1
    assert outbox[0].recipients == ["amina@example.org"]
    token = outbox[0].body.split("/password/reset/")[1].split()[0]
    assert services.user_for_reset_token(token).id == user.id


@pytest.mark.parametrize("email", ["nobody@example.org", "inactive@example.org"])
def test_send_password_reset_sends_nothing_for_unknown_or_inactive_accounts(outbox, email):
    factories.user(email="inactive@example.org", active=False)

    services.send_password_reset(email)

    assert outbox == []



# --- the same rules on each database backend -------------------------------------------


@pytest.mark.database
def test_accounts_hold_on_each_backend(db_backend):
    admin = factories.user(roles=[Role.ADMIN])
    user = services.create_user("Neema@Example.org", "Neema", "long enough pw", [Role.JUDGE])

    with pytest.raises(DomainError) as error:
        services.create_user("NEEMA@example.org", "Neema 2", "long enough pw")
    assert error.value.field == "email"

    services.update_user(user, "Neema", [Role.GATE, Role.GATE, Role.FINANCE], True, actor=admin)
    db.session.expire_all()
    assert db.session.get(User, user.id).role_set == {Role.GATE, Role.FINANCE}

    # The database itself refuses a mixed-case email written around the service.
    db.session.add(User(email="Mixed@Example.org", full_name="Mixed", password_hash="x"))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_unknown_email_costs_a_password_check_too(app, monkeypatch):
    """Response time must not tell whether an account exists."""
    from eventapp.auth import services
    from eventapp.core.errors import DomainError

    calls = []
    real = services.check_password_hash
    monkeypatch.setattr(services, "check_password_hash", lambda h, p: calls.append(h) or real(h, p))
    with app.app_context(), pytest.raises(DomainError):
        services.authenticate("nobody@example.org", "whatever-password")
    assert len(calls) == 1
