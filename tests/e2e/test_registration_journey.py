"""The registration journey on a phone: from the Swahili home page to a bill with a control number."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
INSTITUTION = "Mamlaka ya Serikali Mtandao"
TYPED = {
    "Title": "Dkt.",
    "First name": "Neema",
    "Middle name": "Juma",
    "Last name": "Mwakalinga",
    "Position": "Director of ICT",
    "Email": "neema.mwakalinga@e2e.example.org",
    "Special needs": "Vegetarian meals, please.",
}
GOOD_PHONE = "0754 123 456"
BAD_PHONE = "12345"


@pytest.fixture
def registration_server(serve_app):
    """An event open for registration with one paying public category, and a reviewed
    institution in the directory (plus an unreviewed look-alike the search must not offer)."""

    def seed():
        event = factories.open_event()
        category = factories.category(event, code="ICT", fee=400_000, name_en="ICT officers", name_sw="Maafisa TEHAMA")
        factories.institution(INSTITUTION, acronym="eGA", reviewed=True)
        factories.institution("Mamlaka ya Majaribio Isiyokaguliwa", reviewed=False)
        return {"title_sw": event.title_sw, "title_en": event.title_en, "category_id": category.id}

    return serve_app(seed)


def assert_no_sideways_scroll(page, what):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what} scrolls sideways at {PHONE['width']} px ({width} px wide)"


def test_registration_journey(registration_server, watched_browser_context, tmp_path):
    url, seeded = registration_server
    context = watched_browser_context(url, locale="sw-TZ", viewport=PHONE, accept_downloads=True)
    page = context.new_page()

    # The Swahili home page shows the open meeting and its Register button.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "sw")
    expect(page.get_by_role("heading", level=1)).to_have_text(seeded["title_sw"])
    expect(page.get_by_role("link", name="Jisajili", exact=True)).to_be_visible()

    # Switch to English and open the form.
    page.locator("nav.lang").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(seeded["title_en"])
    page.get_by_role("link", name="Register", exact=True).click()
    expect(page).to_have_url(re.compile(r"/register$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Register to attend")
    assert_no_sideways_scroll(page, "the registration form")

    # Type part of the institution's name and pick it from the suggestions.
    institution = page.get_by_label("Institution", exact=True)
    institution.press_sequentially("serikali mta", delay=20)
    suggestions = page.get_by_role("listbox")
    expect(suggestions.get_by_role("option")).to_have_count(1)
    suggestions.get_by_role("option", name=f"{INSTITUTION} (eGA)").click()
    expect(institution).to_have_value(INSTITUTION)
    expect(suggestions).to_be_hidden()
    chosen_id = page.locator("input[name=institution_id]").input_value()
    assert chosen_id.isdigit()
    assert_no_sideways_scroll(page, "the registration form with the institution chosen")

    # Fill in the rest, with a phone number that is not one.
    for label, value in TYPED.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Female", exact=True).check()
    page.get_by_label("Mobile phone", exact=True).fill(BAD_PHONE)
    page.get_by_label("Participant category", exact=True).select_option(str(seeded["category_id"]))
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Register", exact=True).click()

    # The error is beside the phone field and everything typed is still there.
    phone = page.get_by_label("Mobile phone", exact=True)
    phone_field = page.locator(".field", has=phone)
    expect(phone_field.locator(".errors")).to_have_text(
        "Enter a valid phone number, like 0754 123 456 or +255 754 123 456.")
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field .errors")).to_have_count(1)
    expect(phone).to_have_value(BAD_PHONE)
    for label, value in TYPED.items():
        expect(page.get_by_label(label, exact=True)).to_have_value(value)
    expect(page.get_by_label("Female", exact=True)).to_be_checked()
    expect(institution).to_have_value(INSTITUTION)
    expect(page.locator("input[name=institution_id]")).to_have_value(chosen_id)
    expect(page.get_by_label("Participant category", exact=True)).to_have_value(str(seeded["category_id"]))
    expect(page.locator("input[name=consent]")).to_be_checked()
    assert_no_sideways_scroll(page, "the registration form with an error")

    # Fix the number and register.
    phone.fill(GOOD_PHONE)
    page.get_by_role("button", name="Register", exact=True).click()

    # The registrant's page: reference, waiting for payment, a control number.
    expect(page).to_have_url(re.compile(r"/registration/[^/]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your registration")
    flash_text = page.locator(".flash-success").inner_text()
    reference = re.search(r"reference is (\S+?);", flash_text).group(1)
    reference_row = page.locator(".details div", has=page.locator("dt", has_text="Reference"))
    expect(reference_row.locator("dd")).to_have_text(reference)
    expect(page.locator(".tag")).to_have_text("waiting for payment")
    expect(page.locator(".details")).to_contain_text(INSTITUTION)
    expect(page.locator(".control-number")).to_have_text(re.compile(r"^99\d{10}$"))
    assert_no_sideways_scroll(page, "the registrant's page")

    # The bill downloads as a PDF.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the bill (PDF)").click()
    download = download_info.value
    control_number = page.locator(".control-number").inner_text()
    assert download.suggested_filename == f"bill-{control_number}.pdf"
    saved = tmp_path / "bill.pdf"
    download.save_as(saved)
    assert Path(saved).read_bytes().startswith(b"%PDF")
