"""The organiser's dashboard journey on a laptop, on the 2019 demo meeting: the Dashboard menu
opens the latest edition; the key figures show its 786 participants; every section's charts are drawn
(Chart.js, vendored) with no console error, no CSP violation and no request leaving the
machine; a figure's numbers open under its chart and download as CSV; the post-event report
downloads as a PDF in English and as a workbook; the editions side by side list 2019."""
import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from eventapp.dashboard.catalogue import SECTIONS
from eventapp.demo.meeting_2019 import demo_password
from tests.pdf_reading import pdf_text

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 900}
ORGANISER = "organiser@demo.example.org"
TAB_NAMES = {"registrations": "Registrations", "fees": "Fees", "arrivals": "Arrivals",
             "reports": "Ministries' reports", "innovations": "Research and innovation", "sponsors": "Sponsors"}


@pytest.fixture
def demo_server(serve_app):
    def seed():
        from eventapp.demo.services import seed_demo

        seed_demo()
        return {}

    return serve_app(seed)


def test_an_organiser_reads_the_dashboard_and_downloads_the_report(demo_server, watched_browser_context, tmp_path):
    url, _seeded = demo_server
    context = watched_browser_context(url, locale="en-GB", viewport=LAPTOP, accept_downloads=True)
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Email").fill(ORGANISER)
    page.get_by_label("Password").fill(demo_password("organiser"))
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/login"))

    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Dashboard").click()
    expect(page).to_have_url(re.compile(r"/manage/events/\d+/dashboard$"))
    expect(page.locator(".key-figures")).to_contain_text("786")

    tabs = page.get_by_role("navigation", name="Sections")
    for section in SECTIONS:  # a tab each; the first is open
        if section is not SECTIONS[0]:
            tabs.get_by_role("link", name=TAB_NAMES[section.key]).click()
        expect(page.locator(f"#section-{section.key}")).to_be_visible()
        canvases = page.locator("canvas[data-figure]")
        expect(canvases).to_have_count(len(section.figures))
        for n in range(len(section.figures)):
            expect(canvases.nth(n)).to_have_attribute("data-drawn", "true")
    tabs.get_by_role("link", name="Fees").click()

    fees = page.locator("#fees-by-category")
    fees.get_by_text("The numbers").click()
    expect(fees.locator("table tbody tr").first).to_be_visible()
    with page.expect_download() as download:
        fees.get_by_role("link", name="CSV").click()
    csv_text = (download.value.path().read_bytes()).decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Category,Billed,Collected")

    page.get_by_role("link", name="Post-event report").first.click()
    page.get_by_label("English").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="PDF").click()
    text = pdf_text(download.value.path().read_bytes(), tmp_path)
    assert "786" in text and "Table I" in text

    page.reload()  # chromium holds back a page's second download until the user allows it
    with page.expect_download() as download:
        page.get_by_role("button", name="XLSX").click()
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert len(workbook.sheetnames) >= 5

    page.goto("/manage/dashboard/editions")
    expect(page.locator("table")).to_contain_text("2019")
    expect(page.locator("table")).to_contain_text("786")
