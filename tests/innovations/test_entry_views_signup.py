"""The public sign-up page: an innovator's account with the participant role, logged in at once;
errors beside the fields with the typed name and email kept; an existing email pointed to login
and "forgot password" without touching the account; rate-limited like the login page."""
import pytest
import sqlalchemy as sa

from eventapp.auth.models import User
from eventapp.core.roles import Role
from eventapp.extensions import db
from tests import factories
from tests.reports.test_call_views import input_value
from tests.sponsors.test_manage_views import errors_beside

FORM = {"full_name": "Neema Mushi", "email": "Neema@UDSM.ac.tz", "password": "mbegu za ubunifu", "confirm":
        "mbegu za ubunifu"}


def user_by_email(app, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        return factories.detach(user) if user else None


def test_the_page_is_public_and_linked_from_the_menu(client):
    page = client.get("/innovations/signup").get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)

    assert 'name="confirm"' in page and "Already have an account? Log in." in page
    assert 'href="/innovations/signup"' in home


def test_signing_up_makes_an_innovator_and_logs_in(app, client):
    response = client.post("/innovations/signup", data=FORM)

    assert response.status_code == 302 and response.headers["Location"] == "/innovations"
    user = user_by_email(app, "neema@udsm.ac.tz")
    assert user.full_name == "Neema Mushi" and user.role_set == {Role.PARTICIPANT}
    assert user.check_password("mbegu za ubunifu") and user.locale == "en"
    page = client.get("/innovations").get_data(as_text=True)
    assert "My entries" in page and "Welcome, Neema Mushi." in page


@pytest.mark.parametrize("changes, field, message", [
    ({"password": "fupi", "confirm": "fupi"}, "password", "The password must be at least 10 characters long."),
    ({"confirm": "mbegu nyingine"}, "confirm", "The two passwords differ."),
    ({"email": "neema-at-udsm"}, "email", "Enter a valid email address, like jina@chuo.ac.tz."),
    ({"full_name": " "}, "full_name", "This field is required."),
])
def test_errors_are_shown_beside_the_fields_and_no_account_is_made(app, client, changes, field, message):
    response = client.post("/innovations/signup", data={**FORM, **changes})

    body = response.get_data(as_text=True)
    assert response.status_code == 422 and errors_beside(body, field) == [message]
    if field != "email":
        assert input_value(body, "email") == "Neema@UDSM.ac.tz"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_an_existing_email_is_pointed_to_login_and_never_taken_over(app, client):
    with app.app_context():
        factories.user(email="neema@udsm.ac.tz", full_name="Neema wa Zamani", roles=(Role.FINANCE,))

    response = client.post("/innovations/signup", data=FORM)

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert errors_beside(body, "email") == [
        "An account with this email already exists. Log in with it, or use \u201cForgot your password?\u201d to get "
        "a link to choose a new password."]
    assert 'href="/password/forgot"' in body and 'href="/login?next=/innovations"' in body
    user = user_by_email(app, "neema@udsm.ac.tz")
    assert user.full_name == "Neema wa Zamani" and user.role_set == {Role.FINANCE}
    assert user.check_password(factories.PASSWORD) and not user.check_password("mbegu za ubunifu")
    assert client.get("/innovations").status_code == 302  # not logged in


def test_a_logged_in_person_goes_to_their_entries(client, login):
    login(Role.PARTICIPANT)

    response = client.get("/innovations/signup")

    assert response.status_code == 302 and response.headers["Location"] == "/innovations"


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "2 per minute"}])
def test_signing_up_is_rate_limited_like_login(app, client):
    answers = [app.test_client().post("/innovations/signup", data={**FORM, "email": f"mtu{n}@udsm.ac.tz"}).status_code
               for n in range(3)]

    assert answers == [302, 302, 429]
    assert client.get("/innovations/signup").status_code == 200  # reading the page is never limited
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 2
