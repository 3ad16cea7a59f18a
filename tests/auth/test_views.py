"""Login, logout, password reset and change, and the administrator's user pages, over HTTP."""
import re
from email import message_from_bytes
from urllib.parse import urlsplit

import itsdangerous.timed
import pytest
import sqlalchemy as sa

from eventapp.auth import services
from eventapp.auth.models import User
from eventapp.core.audit import AuditEntry
from eventapp.core.roles import Role
from eventapp.extensions import db
from tests import factories

NEW_PASSWORD = "a brand new secret"
SAME_ANSWER = "If that email has an account, a link to reset the password is on its way."
RATE_LIMITED = {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute"}


def _text(response) -> str:
    return response.get_data(as_text=True)


def _session_user_id(client):
    with client.session_transaction() as session:
        return session.get("_user_id")


def _get_user(app, user_id) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        return factories.detach(user) if user else None


def _reset_link_from(body: str) -> str:
    match = re.search(r"https?://[^\s\"'<>]+/password/reset/[A-Za-z0-9_.\-]+", body)
    assert match, body
    return match.group(0)


def _path_of(link: str, app) -> str:
    """The link's path, after checking it points at the site's BASE_URL (not the Host header)."""
    assert link.startswith(app.config["BASE_URL"].rstrip("/") + "/"), link
    return urlsplit(link).path


# --- login ------------------------------------------------------------------------------


def test_login_page_renders(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert 'name="email"' in _text(response) and 'name="password"' in _text(response)


def test_login_success_redirects_home_and_sets_the_session(client, create_user):
    user = create_user(email="amina@example.org", full_name="Amina Said")

    response = client.post("/login", data={"email": "Amina@Example.org", "password": factories.PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert _session_user_id(client) == str(user.id)
    home = client.get("/")
    assert "Welcome, Amina Said." in _text(home)
    assert "Log out" in _text(home)


def test_logged_in_user_visiting_login_goes_home(client, login):
    login()
    response = client.get("/login")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_wrong_password_shows_the_clear_message_and_keeps_the_typed_email(client, create_user):
    create_user(email="amina@example.org")

    response = client.post("/login", data={"email": "amina@example.org", "password": "wrong password!"})

    assert response.status_code == 200
    html = _text(response)
    assert "Wrong email or password." in html
    assert 'value="amina@example.org"' in html
    assert _session_user_id(client) is None


def test_unknown_email_gets_the_same_page_as_a_wrong_password(client, create_user):
    create_user(email="amina@example.org")

    wrong = client.post("/login", data={"email": "amina@example.org", "password": "wrong password!"})
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "wrong password!"})

    assert wrong.status_code == unknown.status_code == 200
    assert _text(wrong).replace("amina@example.org", "EMAIL") == _text(unknown).replace(
        "nobody@example.org", "EMAIL"
    )


def test_inactive_user_cannot_log_in(client, create_user):
    create_user(email="gone@example.org", active=False)

    response = client.post("/login", data={"email": "gone@example.org", "password": factories.PASSWORD})

    assert response.status_code == 200
    assert "Wrong email or password." in _text(response)
    assert _session_user_id(client) is None


def test_empty_login_form_shows_field_errors_not_a_500(client):
    response = client.post("/login", data={})
    assert response.status_code == 200
    assert 'class="errors"' in _text(response)


@pytest.mark.parametrize("app_config", [RATE_LIMITED])
def test_login_is_rate_limited_with_the_429_page(client, create_user):
    create_user(email="amina@example.org")
    data = {"email": "amina@example.org", "password": "wrong password!"}

    statuses = [client.post("/login", data=data).status_code for _ in range(3)]
    limited = client.post("/login", data=data)

    assert statuses == [200, 200, 200]
    assert limited.status_code == 429
    html = _text(limited)
    assert "Too many attempts" in html
    assert "Please wait a minute before trying again." in html
    # The page is the normal bilingual layout: both languages are offered.
    assert 'hreflang="sw"' in html or 'hreflang="en"' in html
    # The limit counts POSTs only: the form itself still opens.
    assert client.get("/login").status_code == 200


@pytest.mark.parametrize("app_config", [RATE_LIMITED])
@pytest.mark.parametrize("language", ["sw", "en"])
def test_the_429_page_follows_the_chosen_language(client, language):
    client.set_cookie("lang", language)
    for _ in range(3):
        client.post("/login", data={"email": "x@example.org", "password": "whatever pw"})

    limited = client.post("/login", data={"email": "x@example.org", "password": "whatever pw"})

    assert limited.status_code == 429
    assert f'<html lang="{language}">' in _text(limited)


@pytest.mark.parametrize("app_config", [RATE_LIMITED])
def test_the_429_answer_is_json_for_api_clients(client):
    for _ in range(3):
        client.post("/login", data={"email": "x@example.org", "password": "whatever pw"})

    limited = client.post(
        "/login", data={"email": "x@example.org", "password": "whatever pw"}, headers={"Accept": "application/json"}
    )

    assert limited.status_code == 429
    assert limited.is_json and "error" in limited.get_json()


@pytest.mark.parametrize("app_config", [RATE_LIMITED])
def test_forgot_password_is_rate_limited_too(client, outbox):
    for _ in range(3):
        assert client.post("/password/forgot", data={"email": "x@example.org"}).status_code == 302

    assert client.post("/password/forgot", data={"email": "x@example.org"}).status_code == 429


# --- next parameter ---------------------------------------------------------------------


def test_login_follows_a_local_next_parameter(client, create_user):
    user = create_user(roles=[Role.ADMIN])

    anonymous = client.get("/admin/users?q=abc")
    assert anonymous.status_code == 302
    login_url = anonymous.headers["Location"]
    assert login_url.startswith("/login?next=")

    response = client.post(login_url, data={"email": user.email, "password": factories.PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/users?q=abc"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "/\t/evil.example/",
        "javascript:alert(1)",
        "evil.example",
        "http:/evil.example",
    ],
)
def test_login_refuses_an_open_redirect_in_next(client, create_user, target):
    user = create_user()

    response = client.post(
        "/login", query_string={"next": target}, data={"email": user.email, "password": factories.PASSWORD}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


# --- logout -----------------------------------------------------------------------------


def test_logout_is_post_only(client, login):
    login()

    response = client.get("/logout")

    assert response.status_code == 405
    assert _session_user_id(client) is not None


def test_logout_ends_the_session(client, login):
    login()

    response = client.post("/logout")

    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert _session_user_id(client) is None
    assert client.get("/account/password").status_code == 302


# --- forgot password --------------------------------------------------------------------


def test_forgot_password_answers_the_same_for_known_and_unknown_emails(client, create_user, outbox):
    create_user(email="amina@example.org")

    known = client.post("/password/forgot", data={"email": "amina@example.org"})
    known_page = client.get(known.headers["Location"])
    unknown = client.post("/password/forgot", data={"email": "nobody@example.org"})
    unknown_page = client.get(unknown.headers["Location"])

    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"] == "/login"
    assert SAME_ANSWER in _text(known_page)
    assert _text(known_page) == _text(unknown_page)
    assert len(outbox) == 1
    assert outbox[0].recipients == ["amina@example.org"]
    assert "/password/reset/" in outbox[0].body


def test_forgot_password_sends_nothing_to_an_inactive_account(client, create_user, outbox):
    create_user(email="gone@example.org", active=False)

    response = client.post("/password/forgot", data={"email": "gone@example.org"}, follow_redirects=True)

    assert SAME_ANSWER in _text(response)
    assert outbox == []


def test_forgot_password_with_an_invalid_email_redisplays_the_form(client, outbox):
    response = client.post("/password/forgot", data={"email": "not an email"})

    assert response.status_code == 200
    assert 'value="not an email"' in _text(response)
    assert outbox == []


# --- reset password ---------------------------------------------------------------------


class TestResetJourneyOverRealSMTP:
    @pytest.fixture
    def smtp_server(self):
        """tests/conftest.py's server, started so it works on aiosmtpd 1.4 with port=0.

        aiosmtpd 1.4's Controller.start() connects to `self.port` to wake the server up;
        with port 0 that connection is refused, so the port actually bound is used instead.
        """
        from aiosmtpd.controller import Controller
        from aiosmtpd.handlers import Message as MessageHandler

        class Keep(MessageHandler):
            def __init__(self):
                super().__init__()
                self.messages = []

            def handle_message(self, message):
                self.messages.append(message)

        class LoopbackController(Controller):
            def _trigger_server(self):
                self.port = self.server.sockets[0].getsockname()[1]
                super()._trigger_server()

        handler = Keep()
        controller = LoopbackController(handler, hostname="127.0.0.1", port=0)
        controller.start()
        handler.port = controller.port
        yield handler
        controller.stop()

    @pytest.fixture
    def app_config(self, smtp_app_config):
        return smtp_app_config

    def test_forgot_mail_link_new_password_login(self, app, client, create_user, smtp_server):
        create_user(email="amina@example.org", full_name="Amina Said")

        response = client.post("/password/forgot", data={"email": "amina@example.org"})
        assert response.status_code == 302

        assert len(smtp_server.messages) == 1
        received = smtp_server.messages[0]
        assert received["To"] == "amina@example.org"
        assert "no-reply@localhost" in received["From"]
        parsed = message_from_bytes(received.as_bytes())
        parts = {part.get_content_type(): part.get_payload(decode=True).decode() for part in parsed.walk()
                 if not part.is_multipart()}
        assert set(parts) == {"text/plain", "text/html"}
        assert "Amina Said" in parts["text/plain"]
        full_link = _reset_link_from(parts["text/plain"])
        assert full_link in parts["text/html"]
        link = _path_of(full_link, app)

        form = client.get(link)
        assert form.status_code == 200
        assert 'name="password"' in _text(form)

        done = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
        assert done.status_code == 302 and done.headers["Location"] == "/login"
        assert "Your password has been changed" in _text(client.get("/login"))

        old = client.post("/login", data={"email": "amina@example.org", "password": factories.PASSWORD})
        assert old.status_code == 200 and "Wrong email or password." in _text(old)
        new = client.post("/login", data={"email": "amina@example.org", "password": NEW_PASSWORD})
        assert new.status_code == 302
        assert _session_user_id(client) is not None

        client.post("/logout")
        reused = client.get(link)
        assert reused.status_code == 302 and reused.headers["Location"] == "/password/forgot"

    def test_unknown_email_sends_no_mail(self, client, smtp_server):
        response = client.post("/password/forgot", data={"email": "nobody@example.org"})
        assert response.status_code == 302
        assert smtp_server.messages == []


def _token_for(app, user_id, seconds_ago=0):
    real_time = itsdangerous.timed.time.time
    original = itsdangerous.timed.time.time
    try:
        itsdangerous.timed.time.time = lambda: real_time() - seconds_ago
        with app.app_context():
            return services.password_reset_token(db.session.get(User, user_id))
    finally:
        itsdangerous.timed.time.time = original


def test_expired_reset_link_sends_to_forgot_password_with_a_clear_message(app, client, create_user):
    user = create_user()
    token = _token_for(app, user.id, seconds_ago=app.config["PASSWORD_RESET_MAX_AGE"] + 10)

    response = client.get(f"/password/reset/{token}")

    assert response.status_code == 302 and response.headers["Location"] == "/password/forgot"
    assert "This reset link has expired. Ask for a new one." in _text(client.get("/password/forgot"))
    posted = client.post(f"/password/reset/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert posted.status_code == 302
    assert _get_user(app, user.id).check_password(factories.PASSWORD)


def test_tampered_reset_link_sends_to_forgot_password_with_a_clear_message(app, client, create_user):
    user = create_user()
    token = _token_for(app, user.id)
    tampered = token[:-3] + ("xyz" if not token.endswith("xyz") else "abc")

    response = client.post(
        f"/password/reset/{tampered}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )

    assert response.status_code == 302 and response.headers["Location"] == "/password/forgot"
    assert "This reset link is not valid. Ask for a new one." in _text(client.get("/password/forgot"))
    assert _get_user(app, user.id).check_password(factories.PASSWORD)


def test_reset_form_shows_errors_beside_the_fields(app, client, create_user):
    user = create_user()
    token = _token_for(app, user.id)

    differ = client.post(f"/password/reset/{token}", data={"password": NEW_PASSWORD, "confirm": "something else"})
    short = client.post(f"/password/reset/{token}", data={"password": "short", "confirm": "short"})

    assert differ.status_code == 200 and "The two passwords differ." in _text(differ)
    assert short.status_code == 200 and "at least 10 characters" in _text(short)
    assert _get_user(app, user.id).check_password(factories.PASSWORD)


# --- change password --------------------------------------------------------------------


def test_change_password_page_needs_a_login(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_change_password_with_the_right_current_password(app, client, login):
    user = login()
    assert client.get("/account/password").status_code == 200

    response = client.post(
        "/account/password",
        data={"current_password": factories.PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert _get_user(app, user.id).check_password(NEW_PASSWORD)


def test_change_password_refuses_a_wrong_current_password_beside_the_field(app, client, login):
    user = login()

    response = client.post(
        "/account/password",
        data={"current_password": "wrong current!", "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert 'id="current_password-error"' in _text(response)
    assert "The current password is not correct." in _text(response)
    assert _get_user(app, user.id).check_password(factories.PASSWORD)


def test_change_password_refuses_a_short_new_password_beside_the_field(app, client, login):
    user = login()

    response = client.post(
        "/account/password",
        data={"current_password": factories.PASSWORD, "new_password": "short", "confirm": "short"},
    )

    assert response.status_code == 200
    assert 'id="new_password-error"' in _text(response)
    assert _get_user(app, user.id).check_password(factories.PASSWORD)


# --- administrator's user pages ---------------------------------------------------------


def test_users_list_pages_25_at_a_time(client, login, create_user):
    login(Role.ADMIN, email="admin@example.org")
    for n in range(30):
        create_user(full_name=f"Member {n:02d}", email=f"member{n:02d}@example.org")

    first = _text(client.get("/admin/users"))
    second = _text(client.get("/admin/users?page=2"))

    assert first.count("/admin/users/") - first.count("/admin/users/new") == 25
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert second.count("/admin/users/") - second.count("/admin/users/new") == 6
    assert client.get("/admin/users?page=9").status_code == 404


def test_users_list_search_by_name_or_email(client, login, create_user):
    login(Role.ADMIN, email="admin@example.org")
    create_user(full_name="Neema Mushi", email="neema@example.org")
    create_user(full_name="Baraka Juma", email="baraka@tcra.go.tz")

    by_name = _text(client.get("/admin/users?q=neema"))
    by_email = _text(client.get("/admin/users?q=TCRA.GO"))
    none = _text(client.get("/admin/users?q=zzz"))

    assert "Neema Mushi" in by_name and "Baraka Juma" not in by_name
    assert "Baraka Juma" in by_email and "Neema Mushi" not in by_email
    assert "No users match." in none


def test_admin_creates_a_user_with_a_password(app, client, login, outbox):
    admin = login(Role.ADMIN)

    response = client.post(
        "/admin/users/new",
        data={
            "email": "Neema@Example.org",
            "full_name": "Neema Mushi",
            "password": "initial password",
            "roles": ["organiser", "finance"],
            "active": "y",
        },
    )

    assert response.status_code == 302 and response.headers["Location"] == "/admin/users"
    with app.app_context():
        user = services.find_user_by_email("neema@example.org")
        assert user.role_set == {Role.ORGANISER, Role.FINANCE}
        assert user.check_password("initial password")
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "user.create"))
        assert entry.actor_id == admin.id
    assert outbox == []


def test_admin_creates_a_user_without_a_password_who_is_emailed_a_link(app, client, login, outbox):
    login(Role.ADMIN)

    response = client.post(
        "/admin/users/new",
        data={"email": "judge@example.org", "full_name": "A Judge", "roles": ["judge"], "active": "y"},
    )

    assert response.status_code == 302
    assert len(outbox) == 1 and outbox[0].recipients == ["judge@example.org"]
    link = _path_of(_reset_link_from(outbox[0].body), app)
    client.post("/logout")
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    logged_in = client.post("/login", data={"email": "judge@example.org", "password": NEW_PASSWORD})
    assert logged_in.status_code == 302
    with app.app_context():
        assert services.find_user_by_email("judge@example.org").role_set == {Role.JUDGE}


def test_create_user_with_a_duplicate_email_shows_the_error_beside_the_field(app, client, login, create_user):
    login(Role.ADMIN)
    create_user(email="neema@example.org")

    response = client.post(
        "/admin/users/new",
        data={"email": "NEEMA@example.org", "full_name": "Second Neema", "password": "initial password"},
    )

    assert response.status_code == 200
    html = _text(response)
    assert 'id="email-error"' in html and "already exists" in html
    assert 'value="Second Neema"' in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2


def test_create_user_with_a_weak_password_shows_the_error_beside_the_field(app, client, login):
    login(Role.ADMIN)

    response = client.post(
        "/admin/users/new", data={"email": "neema@example.org", "full_name": "Neema", "password": "short"}
    )

    assert response.status_code == 200
    assert 'id="password-error"' in _text(response)
    with app.app_context():
        assert services.find_user_by_email("neema@example.org") is None


def test_create_user_with_an_unknown_role_is_refused(app, client, login):
    login(Role.ADMIN)

    response = client.post(
        "/admin/users/new",
        data={"email": "neema@example.org", "full_name": "Neema", "password": "initial password", "roles": ["king"]},
    )

    assert response.status_code == 200
    with app.app_context():
        assert services.find_user_by_email("neema@example.org") is None


def test_edit_user_form_shows_the_current_roles(client, login, create_user):
    login(Role.ADMIN)
    user = create_user(roles=[Role.GATE], full_name="Gate Keeper")

    html = _text(client.get(f"/admin/users/{user.id}"))

    assert "Gate Keeper" in html
    assert re.search(r'<input[^>]*checked[^>]*value="gate"|<input[^>]*value="gate"[^>]*checked', html)
    assert not re.search(r'<input[^>]*checked[^>]*value="judge"|<input[^>]*value="judge"[^>]*checked', html)


def test_admin_edits_roles_and_the_change_is_audited(app, client, login, create_user):
    admin = login(Role.ADMIN)
    user = create_user(roles=[Role.PARTICIPANT], full_name="Baraka")

    response = client.post(
        f"/admin/users/{user.id}",
        data={"full_name": "Baraka Juma", "roles": ["judge", "gate"], "active": "y"},
    )

    assert response.status_code == 302
    changed = _get_user(app, user.id)
    assert changed.full_name == "Baraka Juma"
    assert changed.role_set == {Role.JUDGE, Role.GATE}
    assert changed.active is True
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "user.update"))
        assert entry.actor_id == admin.id and "['participant'] -> ['gate', 'judge']" in entry.details


def test_admin_deactivates_a_user_by_unticking_active(app, client, login, create_user):
    login(Role.ADMIN)
    user = create_user(roles=[Role.GATE])

    client.post(f"/admin/users/{user.id}", data={"full_name": user.full_name, "roles": ["gate"]})

    assert _get_user(app, user.id).active is False


@pytest.mark.parametrize(
    "data",
    [
        {"full_name": "Renamed Admin", "roles": ["organiser"], "active": "y"},
        {"full_name": "Renamed Admin", "roles": ["admin"]},
    ],
    ids=["drop-admin-role", "deactivate"],
)
def test_admin_cannot_demote_or_deactivate_themselves(app, client, login, data):
    admin = login(Role.ADMIN, Role.ORGANISER)

    response = client.post(f"/admin/users/{admin.id}", data=data)

    assert response.status_code == 200
    assert "You cannot remove your own administrator role or deactivate yourself." in _text(response)
    unchanged = _get_user(app, admin.id)
    assert unchanged.role_set == {Role.ADMIN, Role.ORGANISER}
    assert unchanged.active is True
    assert unchanged.full_name != "Renamed Admin"
    with app.app_context():
        assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "user.update")) is None
    assert client.get("/admin/users").status_code == 200


def test_edit_unknown_user_is_404(client, login):
    login(Role.ADMIN)
    assert client.get("/admin/users/9999").status_code == 404


def test_user_pages_are_for_admins_only(client, login):
    login(Role.ORGANISER)
    assert client.get("/admin/users").status_code == 403
    assert client.post("/admin/users/new", data={"email": "x@example.org"}).status_code == 403


@pytest.mark.database
def test_users_search_is_case_insensitive_on_each_backend(db_backend, client, login, create_user):
    login(Role.ADMIN, email="admin@example.org")
    create_user(full_name="Neema Mushi", email="neema@example.org")

    assert "Neema Mushi" in _text(client.get("/admin/users?q=NEEMA"))
    assert "Neema Mushi" in _text(client.get("/admin/users?q=mUsHi"))
    assert "Neema Mushi" not in _text(client.get("/admin/users?q=baraka"))


def test_user_search_takes_percent_and_underscore_literally(client, login, create_user):
    from eventapp.core.roles import Role

    login(Role.ADMIN, email="boss@example.org")
    create_user(email="a_b@example.org", full_name="Asha Bakari")
    create_user(email="axb@example.org", full_name="Amani Xavier")
    page = client.get("/admin/users?q=a_b").get_data(as_text=True)
    assert "a_b@example.org" in page and "axb@example.org" not in page
    everyone = client.get("/admin/users?q=%25").get_data(as_text=True)
    assert "axb@example.org" not in everyone
