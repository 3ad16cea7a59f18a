"""`flask create-user`."""
import sqlalchemy as sa

from eventapp.auth import services
from eventapp.auth.models import User
from eventapp.core.roles import Role
from eventapp.extensions import db


def _user(app, email):
    with app.app_context():
        return services.find_user_by_email(email)


def _count_users(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(User))


def test_create_user_with_a_role_and_a_password(app, runner):
    result = runner.invoke(
        args=["create-user", "Admin@Example.org", "--role", "admin", "--name", "Mkurugenzi", "--password",
              "long enough pw"]
    )

    assert result.exit_code == 0, result.output
    assert "Created admin@example.org with roles: admin" in result.output
    user = _user(app, "admin@example.org")
    assert user.full_name == "Mkurugenzi"
    assert user.role_set == {Role.ADMIN}
    assert user.check_password("long enough pw")


def test_create_user_with_several_roles(app, runner):
    result = runner.invoke(
        args=["create-user", "org@example.org", "--role", "organiser", "--role", "finance", "--password",
              "long enough pw"]
    )

    assert result.exit_code == 0, result.output
    assert _user(app, "org@example.org").role_set == {Role.ORGANISER, Role.FINANCE}


def test_create_user_prompts_for_the_password_twice(app, runner):
    result = runner.invoke(args=["create-user", "judge@example.org", "--role", "judge"],
                           input="prompted password\nprompted password\n")

    assert result.exit_code == 0, result.output
    assert result.output.count("Password") >= 1 and "Repeat for confirmation" in result.output
    assert "prompted password" not in result.output  # hidden input
    user = _user(app, "judge@example.org")
    assert user.check_password("prompted password")
    assert user.role_set == {Role.JUDGE}


def test_create_user_prompt_asks_again_when_the_two_entries_differ(app, runner):
    result = runner.invoke(
        args=["create-user", "judge@example.org"],
        input="first password\nsecond password\nprompted password\nprompted password\n",
    )

    assert result.exit_code == 0, result.output
    assert _user(app, "judge@example.org").check_password("prompted password")


def test_duplicate_email_is_a_clean_error_not_a_traceback(app, runner):
    first = runner.invoke(args=["create-user", "admin@example.org", "--password", "long enough pw"])
    assert first.exit_code == 0, first.output

    result = runner.invoke(args=["create-user", "ADMIN@example.org", "--role", "admin", "--password",
                                 "long enough pw"])

    assert result.exit_code == 1
    assert "Error: An account with this email already exists." in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert _count_users(app) == 1
    assert _user(app, "admin@example.org").role_set == frozenset()


def test_weak_password_is_a_clean_error(app, runner):
    result = runner.invoke(args=["create-user", "admin@example.org", "--password", "short"])

    assert result.exit_code == 1
    assert "Error: The password must be at least 10 characters long." in result.output
    assert isinstance(result.exception, SystemExit)
    assert _count_users(app) == 0


def test_unknown_role_is_refused_by_click(app, runner):
    result = runner.invoke(args=["create-user", "a@example.org", "--role", "king", "--password", "long enough pw"])

    assert result.exit_code == 2
    assert "Invalid value for '--role'" in result.output
    assert _count_users(app) == 0
