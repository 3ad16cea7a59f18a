"""The gate on a phone: a keyboard-wedge scan online (green, then amber), the network cut, three
badges decided from the offline list (green, green, red) and queued, the page reloaded with no
network (the service worker's copy), the network back and the queue sent: one badge another
gate checked in meanwhile comes back as a duplicate, counted once. And the camera reading a
QR code (a fake camera showing a badge)."""
import json
import re
import urllib.request
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import current_app
from playwright.sync_api import expect

from eventapp.auth.api_tokens import create_api_token
from eventapp.checkin.models import Checkin, CheckinSource
from eventapp.core.clock import local_today
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.registration.models import Registration
from tests import factories
from tests.checkin import factories as gate
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
GATE_EMAIL = "gate@e2e.example.org"


@pytest.fixture
def gate_server(serve_app):
    """A meeting on today with five registrations, a gate user and a gate device's API token;
    (url, what was seeded, the app, to read the database)."""

    def seed():
        factories.user(roles=[Role.GATE], email=GATE_EMAIL, full_name="Mlinzi wa Lango")
        event = gate.gate_event()
        people = {
            "amina": gate.confirmed(event, first_name="Amina", last_name="Salim"),
            "baraka": gate.confirmed(event, first_name="Baraka", last_name="Mushi"),
            "chausiku": gate.confirmed(event, group=3, first_name="Chausiku", last_name="Mrema"),
            "upendo": gate.unpaid(event, first_name="Upendo", last_name="Lyimo"),
            "zawadi": gate.confirmed(event, group=2, first_name="Zawadi", last_name="Kweka"),
        }
        _token, device = create_api_token("Lango B — simu", Role.GATE, actor_id=None)
        return {
            "app": current_app._get_current_object(), "event": event.id, "today": local_today().isoformat(),
            "tomorrow": (local_today() + timedelta(days=1)).isoformat(), "device": device,
            "tokens": {name: p.badge_token for name, p in people.items()},
            "ids": {name: p.id for name, p in people.items()},
            "names": {name: p.display_name for name, p in people.items()},
        }

    url, seeded = serve_app(seed)
    return url, seeded, seeded["app"]


def checkins_of(app, registration_id: int) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(
            sa.select(Checkin.source, Checkin.gate).where(Checkin.registration_id == registration_id)).all()
        db.session.remove()
        return [tuple(row) for row in rows]


def log_in(page):
    page.goto("/login")
    page.get_by_label("Email").fill(GATE_EMAIL)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def scan(page, token: str):
    wedge = page.get_by_label("Badge code (USB scanner or keyboard)")
    wedge.fill(token)
    wedge.press("Enter")


def assert_no_sideways_scroll(page, what):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what} scrolls sideways at {PHONE['width']} px ({width} px wide)"


def expect_result(page, status: str, name: str | None = None):
    result = page.locator("#gate-result")
    expect(result).to_have_attribute("data-status", status)
    if name:
        expect(page.locator("#result-name")).to_have_text(name)
    return result


def test_gate_journey_online_then_offline_then_back(gate_server, watched_browser_context):
    url, seeded, app = gate_server
    names, tokens = seeded["names"], seeded["tokens"]
    context = watched_browser_context(url, viewport=PHONE, locale="en-US")
    page = context.new_page()

    # The gate user logs in; /gate goes straight to today's meeting's scanner.
    log_in(page)
    page.goto("/gate")
    expect(page).to_have_url(re.compile(rf"/gate/{seeded['event']}$"))
    page.get_by_label("Gate name").fill("Lango Kuu")
    expect(page.locator("#gate-list-state")).to_have_text(re.compile(r"Offline list: 5 people"))
    expect(page.locator("#gate-connection")).to_have_text("Online")
    assert_no_sideways_scroll(page, "the scanner page")

    # A keyboard-wedge scan: green with the name, then amber for the same badge.
    scan(page, tokens["amina"])
    result = expect_result(page, "ok", names["amina"])
    expect(result).to_have_class(re.compile(r"\bresult-green\b"))
    expect(page.locator("#gate-arrivals")).to_have_text("1")
    expect(page.get_by_label("Badge code (USB scanner or keyboard)")).to_be_focused()
    # the focus wanders off (a tap on the page): the scanner's typing still lands in the badge field
    page.locator("h1").click()
    page.keyboard.type(tokens["amina"])
    page.keyboard.press("Enter")
    result = expect_result(page, "already_checked_in", names["amina"])
    expect(result).to_have_class(re.compile(r"\bresult-amber\b"))
    expect(page.locator("#result-meta")).to_contain_text("Lango Kuu")
    assert_no_sideways_scroll(page, "the scanner page with a result")

    # The service worker holds a copy of the page before the network goes.
    page.wait_for_function("""async () => {
        const registration = await navigator.serviceWorker.getRegistration("/gate/");
        return !!(registration && registration.active && await caches.match(location.href));
    }""")

    # The network drops: two good badges and an unpaid one are decided from the stored list.
    context.set_offline(True)
    expect(page.locator("#gate-connection")).to_have_text("Offline")
    scan(page, tokens["baraka"])
    expect_result(page, "ok", names["baraka"])
    expect(page.locator("#result-meta")).to_contain_text("Decided on this device")
    scan(page, tokens["chausiku"])
    expect_result(page, "ok", names["chausiku"])
    scan(page, tokens["upendo"])
    expect(expect_result(page, "not_paid", names["upendo"])).to_have_class(re.compile(r"\bresult-red\b"))
    scan(page, tokens["baraka"])  # the same badge again, still offline: this device knows it
    expect_result(page, "already_checked_in", names["baraka"])
    scan(page, tokens["amina"])  # checked in online earlier
    expect_result(page, "already_checked_in", names["amina"])
    scan(page, "not-a-badge-at-all")
    expect_result(page, "invalid")
    expect(page.locator("#gate-connection")).to_have_text("Offline — 2 scans waiting to be sent")
    assert checkins_of(app, seeded["ids"]["baraka"]) == []

    # Meanwhile another gate's device checks Chausiku in through the API.
    request = urllib.request.Request(
        f"{url}/api/v1/checkin", method="POST",
        data=json.dumps({"token": tokens["chausiku"], "gate": "Lango B"}).encode(),
        headers={"Authorization": f"Bearer {seeded['device']}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        assert json.load(response)["status"] == "ok"

    # The page is reloaded with no network: the service worker's copy opens (Playwright cuts
    # the worker off too), with the list and the queue still there.
    page.reload()
    expect(page.locator("#gate-connection")).to_have_text("Offline — 2 scans waiting to be sent")
    expect(page.locator("#gate-list-state")).to_have_text(re.compile(r"Offline list: 5 people"))
    expect(page.get_by_label("Gate name")).to_have_value("Lango Kuu")
    scan(page, tokens["baraka"])
    expect_result(page, "already_checked_in", names["baraka"])

    # The network returns: the queue is sent; Chausiku comes back as a duplicate.
    context.set_offline(False)
    expect(page.locator("#gate-connection")).to_have_text("Online", timeout=20_000)
    expect(page.locator("#duplicates-list")).to_contain_text(names["chausiku"])
    expect(page.locator("#duplicates-list")).to_contain_text("Lango B")
    expect(page.locator("#refused-block")).to_be_hidden()
    expect(page.locator("#gate-arrivals")).to_have_text("3")
    assert checkins_of(app, seeded["ids"]["baraka"]) == [(CheckinSource.OFFLINE, "Lango Kuu")]
    assert checkins_of(app, seeded["ids"]["chausiku"]) == [(CheckinSource.DEVICE, "Lango B")]
    assert checkins_of(app, seeded["ids"]["amina"]) == [(CheckinSource.SCANNER, "Lango Kuu")]
    assert checkins_of(app, seeded["ids"]["upendo"]) == []
    assert_no_sideways_scroll(page, "the scanner page with duplicates")

    # The queue survived the reload and was sent once: a second round finds nothing to send.
    page.reload()
    expect(page.locator("#gate-connection")).to_have_text("Online")
    expect(page.locator("#duplicates-list")).to_contain_text(names["chausiku"])
    page.get_by_role("button", name="Clear this list").click()
    expect(page.locator("#gate-followups")).to_be_hidden()


def test_gate_search_checks_in_a_person_with_a_lost_badge(gate_server, watched_browser_context):
    url, seeded, app = gate_server
    context = watched_browser_context(url, viewport=PHONE, locale="en-US")
    page = context.new_page()
    log_in(page)
    page.goto(f"/gate/{seeded['event']}")
    page.get_by_label("Gate name").fill("Lango Kuu")

    page.get_by_label("Lost or broken badge? Search by name, reference, email or phone").fill("baraka")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name=seeded["names"]["baraka"])).to_be_visible()
    expect(page.get_by_role("link", name="Print badge")).to_be_visible()
    assert_no_sideways_scroll(page, "the search page")
    page.get_by_role("button", name="Check in", exact=True).click()

    expect(page.locator("#gate-result")).to_have_attribute("data-status", "ok")
    expect(page.locator("#gate-result")).to_contain_text(seeded["names"]["baraka"])
    assert checkins_of(app, seeded["ids"]["baraka"]) == [(CheckinSource.MANUAL, "Lango Kuu")]
    assert_no_sideways_scroll(page, "the search page with a result")

    # The lost badge is reissued (the old one stops working) and printed again.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reissue badge").click()
    expect(page.locator(".flash-success")).to_contain_text("A new badge was issued")
    expect(page).to_have_url(re.compile(rf"/gate/{seeded['event']}/search\?.*q=baraka"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Print badge").click()
    assert download.value.suggested_filename.endswith(".pdf")
    with app.app_context():
        assert db.session.get(Registration, seeded["ids"]["baraka"]).badge_token != seeded["tokens"]["baraka"]
        db.session.remove()


def test_a_network_with_no_way_out_is_taken_as_offline(gate_server, browser):
    """The phone is on the venue's Wi-Fi (the browser says online) but the server cannot be
    reached: the scan is decided from the list and queued, and sent once the server answers."""
    url, seeded, app = gate_server
    context = browser.new_context(base_url=url, viewport=PHONE, locale="en-US")
    errors = []
    context.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    context.on("weberror", lambda error: errors.append(str(error.error)))
    page = context.new_page()
    log_in(page)
    page.goto(f"/gate/{seeded['event']}")
    expect(page.locator("#gate-list-state")).to_have_text(re.compile(r"Offline list: 5 people"))
    cut = re.compile(r"/gate/\d+/(scan|sync|days/)")
    page.route(cut, lambda route: route.abort("connectionrefused"))

    scan(page, seeded["tokens"]["amina"])
    expect_result(page, "ok", seeded["names"]["amina"])
    expect(page.locator("#result-meta")).to_contain_text("it will be sent when the network returns")
    expect(page.locator("#gate-connection")).to_have_text("Offline — 1 scan waiting to be sent")
    scan(page, seeded["tokens"]["amina"])
    expect_result(page, "already_checked_in", seeded["names"]["amina"])
    assert checkins_of(app, seeded["ids"]["amina"]) == []

    page.unroute(cut)
    context.set_offline(True)
    context.set_offline(False)  # the browser's `online` event: the queue goes
    expect(page.locator("#gate-connection")).to_have_text("Online")
    assert checkins_of(app, seeded["ids"]["amina"]) == [(CheckinSource.OFFLINE, "")]
    context.close()
    # only the refused connections themselves were logged
    assert [e for e in errors if "ERR_CONNECTION_REFUSED" not in e] == []


def test_without_crypto_subtle_offline_mode_is_off_and_says_so(gate_server, watched_browser_context):
    """Plain http on a LAN address is not a secure context: no crypto.subtle, so no offline list."""
    url, seeded, app = gate_server
    context = watched_browser_context(url, viewport=PHONE, locale="en-US")
    context.add_init_script("Object.defineProperty(Crypto.prototype, 'subtle', {get: () => undefined});")
    page = context.new_page()
    log_in(page)
    page.goto(f"/gate/{seeded['event']}")

    expect(page.locator("#gate-list-state")).to_have_text(re.compile(r"^Offline mode is off: this page is not on a "
                                                                     r"secure connection"))
    scan(page, seeded["tokens"]["amina"])
    expect_result(page, "ok", seeded["names"]["amina"])
    context.set_offline(True)
    scan(page, seeded["tokens"]["baraka"])
    expect_result(page, "error")
    expect(page.locator("#result-message")).to_contain_text("Offline mode is off")
    context.set_offline(False)
    assert checkins_of(app, seeded["ids"]["baraka"]) == []


def stored_list(page, event_id: int, day: str) -> bool:
    """Whether the page's IndexedDB holds the offline list of `day`."""
    return page.evaluate("""async ([eventId, day]) => {
        const db = await new Promise((resolve) => {
            const opening = indexedDB.open("eventapp-gate");
            opening.onsuccess = () => resolve(opening.result);
        });
        return await new Promise((resolve) => {
            const reading = db.transaction("lists").objectStore("lists").get(eventId + ":" + day);
            reading.onsuccess = () => resolve(!!reading.result);
        });
    }""", [event_id, day])


def test_a_page_left_open_overnight_follows_the_new_day_even_offline(gate_server, watched_browser_context):
    """Opened at 23:59 East Africa Time on the first day, it keeps the second day's list too;
    the network is gone by morning, and the page checks people in for the second day from that
    list (Zawadi's group comes on the second day), then sends them for that day."""
    url, seeded, app = gate_server
    context = watched_browser_context(url, viewport=PHONE, locale="en-US")
    page = context.new_page()
    page.clock.install(time=datetime.fromisoformat(f"{seeded['today']}T23:59:00+03:00"))
    log_in(page)
    page.goto(f"/gate/{seeded['event']}")
    expect(page.locator("#gate-list-state")).to_have_text(re.compile(r"Offline list: 5 people"))
    scan(page, seeded["tokens"]["zawadi"])
    expect_result(page, "wrong_day", seeded["names"]["zawadi"])
    for _ in range(50):
        if stored_list(page, seeded["event"], seeded["tomorrow"]):
            break
        page.wait_for_timeout(100)
    assert stored_list(page, seeded["event"], seeded["tomorrow"]), "the next day's list was not kept"

    context.set_offline(True)
    page.clock.run_for("02:00")

    expect(page.get_by_label("Day", exact=True)).to_have_value(seeded["tomorrow"])
    expect(page.locator("#gate-not-today")).to_be_hidden()
    scan(page, seeded["tokens"]["zawadi"])
    expect_result(page, "ok", seeded["names"]["zawadi"])
    expect(page.locator("#result-meta")).to_contain_text("Decided on this device")
    context.set_offline(False)
    expect(page.locator("#gate-connection")).to_have_text("Online")
    with app.app_context():
        days = db.session.scalars(sa.select(Checkin.day).where(Checkin.registration_id == seeded["ids"]["zawadi"]))
        assert [d.isoformat() for d in days] == [seeded["tomorrow"]]
        db.session.remove()


# --- the camera -------------------------------------------------------------------------------


def fake_camera_video(path, text: str, width: int = 640, height: int = 480):
    """A one-frame Y4M video of a QR code on white: what Chromium's fake camera shows."""
    import qrcode

    code = qrcode.make(text, box_size=8, border=4).get_image().convert("L")
    side = min(code.size[0], height - 20)
    code = code.resize((side, side))
    from PIL import Image

    frame = Image.new("L", (width, height), 255)
    frame.paste(code, ((width - side) // 2, (height - side) // 2))
    chroma = bytes([128]) * (width // 2 * height // 2)
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(2):
            out.write(b"FRAME\n" + frame.tobytes() + chroma + chroma)


@pytest.fixture
def camera_browser(browser, tmp_path, gate_server):
    """Chromium with a fake camera showing the QR code of Amina's badge."""
    if not CHROMIUM.exists():
        pytest.skip("no chromium")
    video = tmp_path / "badge.y4m"
    fake_camera_video(video, gate_server[1]["tokens"]["amina"])
    camera = browser.browser_type.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS + [
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ])
    yield camera
    camera.close()


def test_the_camera_reads_a_badge_once(gate_server, camera_browser):
    url, seeded, app = gate_server
    context = camera_browser.new_context(base_url=url, viewport=PHONE, locale="en-US")
    errors = []
    context.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    context.on("weberror", lambda error: errors.append(str(error.error)))
    page = context.new_page()
    log_in(page)
    page.goto(f"/gate/{seeded['event']}")

    page.get_by_role("button", name="Start camera").click()

    expect_result(page, "ok", seeded["names"]["amina"])
    expect(page.get_by_role("button", name="Stop camera")).to_be_visible()
    page.wait_for_timeout(1500)  # the badge is still in front of the camera: not scanned again
    expect_result(page, "ok")
    assert checkins_of(app, seeded["ids"]["amina"]) == [(CheckinSource.SCANNER, "")]
    assert page.evaluate("typeof window.jsQR") == "function"  # no BarcodeDetector on Linux: jsQR read it
    page.get_by_role("button", name="Stop camera").click()
    expect(page.locator("#camera-video")).to_be_hidden()
    context.close()
    assert errors == []


def test_zawadi_is_not_expected_today(gate_server, watched_browser_context):
    """Group 2 comes tomorrow: amber, and the day can be switched to tomorrow for a preview."""
    url, seeded, app = gate_server
    context = watched_browser_context(url, viewport=PHONE, locale="en-US")
    page = context.new_page()
    log_in(page)
    page.goto(f"/gate/{seeded['event']}")

    scan(page, seeded["tokens"]["zawadi"])
    expect(expect_result(page, "wrong_day", seeded["names"]["zawadi"])).to_have_class(re.compile(r"result-amber"))

    page.get_by_label("Day", exact=True).select_option(seeded["tomorrow"])
    page.get_by_role("button", name="Change day").click()
    expect(page.locator(".flash-info")).to_contain_text("This is not today")
    expect(page.locator("#gate-list-state")).to_have_text(re.compile(r"Offline list: 5 people"))
    assert checkins_of(app, seeded["ids"]["zawadi"]) == []

