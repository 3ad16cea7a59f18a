"""Browser journeys: a live server on loopback and Debian's chromium driven by Playwright.

Playwright's own browser download does not work here, so the tests launch
/usr/bin/chromium. Without it they fail: `make test` installs it (`make browser`).
"""
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from eventapp import create_app
from eventapp.core.roles import Role
from eventapp.events.models import EventStatus
from eventapp.extensions import db
from tests import factories
from tests.conftest import make_config

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ORGANISER_EMAIL = "organiser@e2e.example.org"


@dataclass
class LiveServer:
    url: str
    organiser_email: str
    organiser_password: str
    event_title_sw: str
    event_title_en: str


@pytest.fixture
def live_server(tmp_path):
    """The app on a SQLite file with real CSRF, an organiser and an open edition, served on 127.0.0.1."""
    app = create_app(
        make_config(
            "sqlite",
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'e2e.sqlite'}",
                "WTF_CSRF_ENABLED": True,
            },
            tmp_path,
        )
    )
    with app.app_context():
        db.create_all()
        factories.user(roles=[Role.ORGANISER], email=ORGANISER_EMAIL, full_name="E2E Organiser")
        event = factories.event(
            edition=2,
            starts_on=date(2026, 2, 2),
            ends_on=date(2026, 2, 4),
            status=EventStatus.OPEN,
            with_days=True,
        )
        titles = (event.title_sw, event.title_en)
        db.session.remove()

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(
            url=f"http://127.0.0.1:{server.server_port}",
            organiser_email=ORGANISER_EMAIL,
            organiser_password=factories.PASSWORD,
            event_title_sw=titles[0],
            event_title_en=titles[1],
        )
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium under Playwright (sync API), shared by every journey."""
    if not CHROMIUM.exists():
        pytest.fail(f"Debian's chromium is not installed at {CHROMIUM}: `make browser` installs it "
                    "(apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def serve_app(tmp_path):
    """Factory for a journey's own live server: `serve_app(seed)` builds the app on a fresh
    SQLite file with real CSRF, calls `seed()` inside its app context (objects do not outlive
    it, so return plain values), serves it on 127.0.0.1 and returns (url, what seed returned)."""
    servers = []

    def start(seed):
        app = create_app(
            make_config(
                "sqlite",
                {
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / f'e2e-{len(servers)}.sqlite'}",
                    "WTF_CSRF_ENABLED": True,
                },
                tmp_path,
            )
        )
        with app.app_context():
            db.create_all()
            seeded = seed()
            db.session.remove()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name="e2e-journey-server", daemon=True)
        thread.start()
        servers.append((app, server, thread))
        return f"http://127.0.0.1:{server.server_port}", seeded

    yield start
    for app, server, thread in servers:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def watched_browser_context(browser):
    """Factory: `watched_browser_context(base_url, **options)` opens a browser context that
    records console errors (CSP violations among them), uncaught page errors and every request
    leaving 127.0.0.1; at teardown each list must be empty (as in the foundation journey)."""
    opened = []

    def open_context(base_url, **options):
        context = browser.new_context(base_url=base_url, **options)
        console_errors, page_errors, foreign_requests = [], [], []

        def on_request(request):
            host = urlsplit(request.url).hostname
            if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host != "127.0.0.1":
                foreign_requests.append(request.url)

        # A form sent back with its errors answers 422 on purpose; chromium logs that page
        # load as a console error, which is the one console error a journey may cause.
        refused_forms = set()

        def on_response(response):
            if response.status == 422 and response.request.is_navigation_request():
                refused_forms.add(response.url)

        def on_console(message):
            if message.type == "error":
                console_errors.append((message.text, message.location.get("url")))

        context.on("request", on_request)
        context.on("response", on_response)
        context.on("console", on_console)
        context.on("weberror", lambda e: page_errors.append(str(e.error)))
        opened.append((context, console_errors, page_errors, foreign_requests, refused_forms))
        return context

    yield open_context
    for context, logged, page_errors, foreign_requests, refused_forms in opened:
        context.close()
        console_errors = [
            f"{text} ({url})"
            for text, url in logged
            if not (url in refused_forms and text.startswith("Failed to load resource") and "status of 422" in text)
        ]
        assert console_errors == [], f"console errors (CSP violations?): {console_errors}"
        assert page_errors == [], f"uncaught page errors: {page_errors}"
        assert foreign_requests == [], f"requests left 127.0.0.1: {foreign_requests}"
