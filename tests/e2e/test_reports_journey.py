"""The ministry's report journey: a focal person on a phone submits the report (a bad file is
refused with the typed text kept), the reports committee returns it with reasons, the focal
person reads them and submits version 2, and the committee accepts it."""
import re

import pytest
from playwright.sync_api import expect

from eventapp.core.roles import Role
from tests import factories
from tests.reports import factories as reports
from tests.reports.factories import PDF_BYTES

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
MINISTRY = "Wizara ya Fedha na Mipango"
SECTOR = "Mamlaka ya Mapato Tanzania"
FOCAL = "focal.mof@e2e.example.org"
COMMITTEE = "reports.committee@e2e.example.org"
CHALLENGES = "Few ICT staff in the regions; systems that do not talk to each other."


@pytest.fixture
def reports_server(serve_app):
    """An event with its call open; the ministry (with one sector institution) must report and
    has a focal person; a member of the reports committee."""

    def seed():
        event = factories.open_event()
        ministry = reports.ministry(MINISTRY, "MoFP")
        reports.sector_institution(ministry, SECTOR, "TRA")
        reports.call(event, [ministry])
        reports.focal_person(ministry, email=FOCAL, full_name="Amina Focal")
        factories.user(roles=(Role.REPORTS,), email=COMMITTEE, full_name="Kamati ya Taarifa")
        return {"event_id": event.id}

    return serve_app(seed)


def log_in(page, email):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def log_out(page):
    page.get_by_role("button", name="Log out").click()


def assert_no_sideways_scroll(page, what):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what} scrolls sideways at {PHONE['width']} px ({width} px wide)"


def test_a_ministry_submits_its_report_and_resubmits_after_a_return(reports_server, watched_browser_context, tmp_path):
    url, seeded = reports_server
    context = watched_browser_context(url, locale="en-GB", viewport=PHONE)
    page = context.new_page()
    bad_file = tmp_path / "report.pdf"
    bad_file.write_bytes(b"MZ\x90\x00 this is a program, not a PDF")
    good_file = tmp_path / "taarifa-mof.pdf"
    good_file.write_bytes(PDF_BYTES)

    # The focal person finds the call from the menu.
    log_in(page, FOCAL)
    page.get_by_role("link", name="My ministry's report").click()
    expect(page.get_by_text(MINISTRY)).to_be_visible()
    page.get_by_role("link", name="Submit the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Report of {MINISTRY}")
    assert_no_sideways_scroll(page, "the report form")

    # A program renamed .pdf is refused beside the field; the typed text stays.
    for area in page.locator("form textarea").all():
        area.fill(f"Section text {area.get_attribute('name')}.")
    page.get_by_label("Challenges").fill(CHALLENGES)
    page.get_by_label(f"{SECTOR} (TRA)").check()
    page.get_by_label("Full report (PDF or DOCX)").set_input_files(str(bad_file))
    page.get_by_role("button", name="Submit the report").click()
    expect(page.get_by_text("This file is not an accepted type (DOCX, PDF)")).to_be_visible()
    expect(page.get_by_label("Challenges")).to_have_value(CHALLENGES)
    expect(page.get_by_label(f"{SECTOR} (TRA)")).to_be_checked()

    # With the real PDF it goes in as version 1.
    page.get_by_label("Full report (PDF or DOCX)").set_input_files(str(good_file))
    page.get_by_role("button", name="Submit the report").click()
    expect(page.get_by_text("taarifa-mof.pdf")).to_be_visible()
    expect(page.get_by_text("Submitted").first).to_be_visible()
    log_out(page)

    # The committee returns it with reasons.
    log_in(page, COMMITTEE)
    page.get_by_role("link", name="Ministries' reports").click()
    page.locator(".cards").get_by_role("link").first.click()
    page.get_by_role("link", name="Review the reports").click()
    page.get_by_role("link", name=MINISTRY).click()
    expect(page.get_by_text(CHALLENGES)).to_be_visible()
    page.get_by_label("New status").select_option(label="Returned for changes")
    page.get_by_label("Reasons").fill("Add the figures for TRA's systems, please.")
    page.get_by_role("button", name="Change the status").click()
    expect(page.locator("#review-status")).to_contain_text("The report was returned for changes")
    log_out(page)

    # The focal person reads the reasons and submits version 2 from version 1's text.
    log_in(page, FOCAL)
    page.get_by_role("link", name="My ministry's report").click()
    page.get_by_role("link", name="See the report and comments").click()
    expect(page.get_by_text("Add the figures for TRA's systems, please.")).to_be_visible()
    page.get_by_role("link", name="My ministry's report").first.click()
    page.get_by_role("link", name="Submit a new version").click()
    expect(page.get_by_label("Challenges")).to_have_value(CHALLENGES)
    page.get_by_label("Systems and infrastructure").fill("TRA: 14 systems, all in the government data centre.")
    page.get_by_role("button", name="Submit the report").click()
    expect(page.get_by_role("heading", name="Version 2")).to_be_visible()
    log_out(page)

    # The committee sees what changed and accepts it.
    log_in(page, COMMITTEE)
    page.goto(f"/manage/events/{seeded['event_id']}/reports/submissions")
    page.get_by_role("link", name=MINISTRY).click()
    expect(page.get_by_text("TRA: 14 systems, all in the government data centre.")).to_be_visible()
    page.get_by_label("New status").select_option(label="Accepted")
    page.get_by_role("button", name="Change the status").click()
    expect(page.get_by_text("Accepted").first).to_be_visible()
