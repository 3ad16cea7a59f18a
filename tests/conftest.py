"""Fixtures: `app` on in-memory SQLite (or PostgreSQL for @pytest.mark.database tests when
TEST_DATABASE_URL is set), `client`, `runner`, `login`, factories, `outbox`, a real
SMTP server on loopback (`smtp_server`) and the 2019 demo seeded once per module for
read-only tests (`demo_app`, `demo`, `demo_client`)."""
import os

import pytest

from config import TestingConfig
from eventapp import create_app
from eventapp.extensions import db
from tests import factories, postgres_schema


def _postgres_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url or None


def pytest_generate_tests(metafunc):
    # Database-sensitive tests run once per backend.
    if metafunc.definition.get_closest_marker("database") and "db_backend" in metafunc.fixturenames:
        metafunc.parametrize("db_backend", ["sqlite", "postgresql"])


@pytest.fixture
def db_backend() -> str:
    return "sqlite"


@pytest.fixture
def app_config() -> dict:
    """Extra config for the `app` fixture; override it in a module or test to change settings."""
    return {}


def make_config(db_backend: str, overrides: dict, tmp_path=None):
    settings = dict(overrides)
    settings.setdefault("UPLOAD_FOLDER", str(tmp_path / "uploads") if tmp_path else "/tmp/eventapp-test-uploads")
    if db_backend == "postgresql":
        url = _postgres_url()
        if url is None:
            if os.environ.get("CI") == "true":
                pytest.fail("TEST_DATABASE_URL is not set under CI=true: PostgreSQL tests must run in CI")
            pytest.skip("TEST_DATABASE_URL not set: PostgreSQL variant not run")
        settings["SQLALCHEMY_DATABASE_URI"] = url
    return type("TestConfig", (TestingConfig,), settings)


@pytest.fixture
def app(db_backend, app_config, tmp_path):
    app = create_app(make_config(db_backend, app_config, tmp_path))
    with app.app_context():
        if db_backend == "postgresql":
            postgres_schema.make_empty(db)
        else:
            db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        if db_backend == "postgresql":
            postgres_schema.empty_tables(db)
        db.engine.dispose()


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    """An app on its own in-memory SQLite database, seeded once (`flask seed-demo`) and shared by
    the READ-ONLY tests of a module: seeding takes a few seconds. A test that changes rows or
    files, logs in or seeds again uses its own `app` instead. The seed's output is kept as
    `demo_app.seed_output`; its uploads (logos, report PDFs) stay in its own folder until the
    module ends."""
    app = create_app(make_config("sqlite", {}, tmp_path_factory.mktemp("demo")))
    with app.app_context():
        db.create_all()
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    app.seed_output = result.output
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def demo(demo_app):
    """`demo_app` with its app context pushed for the test; whatever the test left in the
    session is rolled back."""
    with demo_app.app_context():
        yield demo_app
        db.session.rollback()


@pytest.fixture
def demo_client(demo_app):
    """A test client of `demo_app` for pages that only read (GET)."""
    return demo_app.test_client()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def create_user(app):
    def _create(**kwargs):
        with app.app_context():
            user = factories.user(**kwargs)
            return factories.detach(user)

    return _create


@pytest.fixture
def create_event(app):
    def _create(**kwargs):
        with app.app_context():
            return factories.detach(factories.event(**kwargs))

    return _create


@pytest.fixture
def login(client, create_user):
    """Log in as a new user holding `roles` (Role members); returns the user."""

    def _login(*roles, email=None, password=factories.PASSWORD):
        user = create_user(roles=roles, email=email, password=password)
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.data
        return user

    return _login


@pytest.fixture
def outbox(app):
    from eventapp.extensions import mail

    with mail.record_messages() as messages:
        yield messages


@pytest.fixture
def smtp_server():
    """A real SMTP server on loopback that keeps every message it receives."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message as MessageHandler

    class Keep(MessageHandler):
        def __init__(self):
            super().__init__()
            self.messages = []

        def handle_message(self, message):
            self.messages.append(message)

    handler = Keep()
    import socket

    with socket.socket() as probe:  # aiosmtpd 1.4 cannot report the port it got for port 0
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port
    yield handler
    controller.stop()


@pytest.fixture
def smtp_app_config(smtp_server):
    """Config that sends mail for real to the loopback `smtp_server`."""
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port, "MAIL_SUPPRESS_SEND": False}
