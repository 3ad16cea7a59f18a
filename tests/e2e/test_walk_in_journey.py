"""On a phone (360 px), with real CSRF and the CSP watched: gate staff register a walk-in who
pays at the desk (institution chosen from the directory search), see the result and the badge
link, and an organiser reads the attendance and the no-shows, none of it scrolling sideways."""
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from eventapp.core.clock import local_today
from eventapp.core.roles import Role
from tests import factories
from tests.checkin import factories as gate

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
INSTITUTION = "Mamlaka ya Serikali Mtandao"


def assert_no_sideways_scroll(page, what):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what} scrolls sideways at {PHONE['width']} px ({width} px wide)"


def assert_tables_fit(page, what):
    overflowing = page.evaluate(
        "Array.from(document.querySelectorAll('.table-wrap')).filter(e => e.scrollWidth > e.clientWidth).length")
    assert overflowing == 0, f"{overflowing} tables of {what} scroll sideways at {PHONE['width']} px"


def log_in(page, email):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.fixture
def desk_server(serve_app):
    def seed():
        event = gate.gate_event()
        factories.institution(INSTITUTION, acronym="eGA", reviewed=True)
        came = gate.confirmed(event, 1, first_name="Asha")
        gate.confirmed(event, 3, first_name="Zawadi", last_name="Ally")
        from eventapp.checkin.scanning import Scan, check_in_registration

        check_in_registration(came, Scan("", gate="Lango Kuu"))
        factories.user(roles=[Role.GATE], email="desk@e2e.example.org")
        factories.user(roles=[Role.ORGANISER], email="organiser@e2e.example.org")
        today = local_today()
        return {"event_id": event.id, "paid": gate.category_of(event, 1, paid=True).id,
                "today": today.isoformat(), "tomorrow": (today + timedelta(days=1)).isoformat()}

    return serve_app(seed)


def test_a_walk_in_on_a_phone_and_the_attendance(desk_server, watched_browser_context):
    url, seeded = desk_server
    context = watched_browser_context(url, locale="en-GB", viewport=PHONE)
    page = context.new_page()
    log_in(page, "desk@e2e.example.org")

    page.goto(f"/gate/{seeded['event_id']}/walk-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Walk-in desk")
    expect(page.locator("input[value=waived]")).to_have_count(0)
    assert_no_sideways_scroll(page, "the walk-in form")

    page.get_by_label("Participant category").select_option(str(seeded["paid"]))
    page.get_by_label("First name").fill("Neema")
    page.get_by_label("Last name").fill("Mgeni")
    page.get_by_label("Female").check()
    page.get_by_label("Position", exact=True).fill("Afisa TEHAMA")
    institution = page.get_by_label("Institution", exact=True)
    institution.press_sequentially("serikali mta", delay=20)
    page.get_by_role("listbox").get_by_role("option", name=f"{INSTITUTION} (eGA)").click()
    expect(institution).to_have_value(INSTITUTION)
    page.get_by_label("Email", exact=True).fill("neema.mgeni@e2e.example.org")
    page.get_by_label("Mobile phone").fill("0754 123 456")
    page.get_by_label("Receipt or transaction number").fill("POS-000777")
    page.get_by_label("The person agrees").check()
    page.get_by_role("button", name="Register and check in").click()

    expect(page).to_have_url(re.compile(r"/walk-in\?done=\d+$"))
    result = page.locator("#walk-in-result")
    expect(result).to_contain_text("Neema Mgeni")
    expect(result).to_contain_text("Checked in today at")
    expect(result).to_contain_text("POS-000777")
    expect(page.get_by_role("link", name="Print badge")).to_have_attribute("href", re.compile(r"/badge"))
    assert_no_sideways_scroll(page, "the walk-in result")
    page.get_by_role("link", name="Next walk-in").click()
    expect(page.get_by_label("First name")).to_have_value("")

    context.clear_cookies()
    log_in(page, "organiser@e2e.example.org")
    page.goto(f"/manage/events/{seeded['event_id']}/attendance")
    today = page.locator(f"#day-{seeded['today']}")
    expect(today).to_contain_text("2 arrivals")
    expect(today.locator("[data-source=walk_in]")).to_contain_text("1")
    tomorrow = page.locator(f"#day-{seeded['tomorrow']}")
    expect(tomorrow).to_contain_text("No arrivals yet.")
    assert_no_sideways_scroll(page, "the attendance page")
    assert_tables_fit(page, "the attendance page")

    page.get_by_role("link", name="Registered but never came").click()
    expect(page.locator("table.no-shows tbody tr")).to_have_count(1)
    expect(page.locator("table.no-shows")).to_contain_text("Zawadi Ally")
    assert_no_sideways_scroll(page, "the no-shows page")
    assert_tables_fit(page, "the no-shows page")
