"""The Foundation journey in a real browser: language, login, creating an edition, phone width."""
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

NEW_EVENT = {
    "Edition number": "3",
    "Title (Swahili)": "Kikao Kazi cha Tatu cha Serikali Mtandao",
    "Title (English)": "Third e-Government Annual Meeting",
    "Theme (Swahili)": "Serikali Mtandao kwa huduma bora",
    "Theme (English)": "e-Government for better services",
    "Venue": "Jakaya Kikwete Convention Centre",
    "City": "Dodoma",
    "First day": "2027-02-10",
    "Last day": "2027-02-12",
    "Registration opens": "2026-12-01",
    "Registration closes": "2027-02-05",
}


@pytest.fixture
def watched_context(browser, live_server):
    """A Swahili (sw-TZ) browser context recording console errors and every request's host."""
    context = browser.new_context(locale="sw-TZ", base_url=live_server.url)
    console_errors, page_errors, foreign_requests = [], [], []

    def on_request(request):
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host != "127.0.0.1":
            foreign_requests.append(request.url)

    context.on("request", on_request)
    context.on(
        "console",
        lambda m: console_errors.append(f"{m.text} ({m.location.get('url')})") if m.type == "error" else None,
    )
    context.on("weberror", lambda e: page_errors.append(str(e.error)))
    yield context
    context.close()
    assert console_errors == [], f"console errors (CSP violations?): {console_errors}"
    assert page_errors == [], f"uncaught page errors: {page_errors}"
    assert foreign_requests == [], f"requests left 127.0.0.1: {foreign_requests}"


def test_foundation_journey(watched_context, live_server):
    page = watched_context.new_page()
    assert watched_context.cookies() == []

    # A Swahili browser with no language cookie gets Swahili.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "sw")
    language_nav = page.locator("nav.lang")
    expect(language_nav.locator("[aria-current=true]")).to_have_text("SW")
    expect(page.get_by_role("heading", level=1)).to_have_text(live_server.event_title_sw)

    # Choosing English switches the page and is remembered.
    language_nav.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(live_server.event_title_en)
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(language_nav.locator("[aria-current=true]")).to_have_text("EN")
    expect(language_nav.get_by_role("link", name="Kiswahili")).to_be_visible()

    # Log in as the organiser through the form.
    page.locator("nav.main-nav").get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill(live_server.organiser_email)
    page.get_by_label("Password").fill(live_server.organiser_password)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".flash-success")).to_contain_text("Welcome")

    # Events → New event; a last day before the first day is refused beside the field.
    page.locator("nav.main-nav").get_by_role("link", name="Events").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    page.get_by_role("link", name="New event").click()
    expect(page).to_have_url(re.compile(r"/manage/events/new$"))
    for label, value in NEW_EVENT.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Last day", exact=True).fill("2027-02-09")
    page.get_by_role("button", name="Create the event").click()

    last_day = page.locator(".field", has=page.get_by_label("Last day", exact=True))
    expect(last_day.locator(".errors")).to_have_text("The event cannot end before it starts.")
    expect(page.get_by_label("Last day", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Title (English)", exact=True)).to_have_value(NEW_EVENT["Title (English)"])
    expect(page.get_by_label("Title (Swahili)", exact=True)).to_have_value(NEW_EVENT["Title (Swahili)"])

    page.get_by_label("Last day", exact=True).fill(NEW_EVENT["Last day"])
    page.get_by_role("button", name="Create the event").click()
    expect(page).to_have_url(re.compile(r"/manage/events/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_EVENT["Title (English)"])
    expect(page.locator(".flash-success")).to_have_text("Edition 3 created.")


def test_home_page_fits_a_360px_phone(watched_context):
    page = watched_context.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "sw")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360, f"the home page scrolls sideways at 360 px ({scroll_width} px wide)"
