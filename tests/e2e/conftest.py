"""Browser journeys: a live server on loopback and Debian's chromium driven by Playwright.

Playwright's own browser download does not work here, so the tests launch
/usr/bin/chromium. Without it they are skipped, except under CI=true where a missing
browser is a failure (the journeys must run in CI).
"""
import os
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

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
        reason = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium; see `make browser`)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: browser journeys must run under CI=true")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
