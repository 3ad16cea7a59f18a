"""The programme journey: the committee builds a day, is warned of a double-booked room, fixes it, and the
public programme shows the result."""
import re

import pytest
from playwright.sync_api import expect

from eventapp.core.roles import Role
from eventapp.events.models import EventStatus
from tests import factories

pytestmark = pytest.mark.e2e

EDITOR_EMAIL = "programme@e2e.example.org"
FIRST = {"Starts at": "09:00", "Ends at": "10:00", "Title (Swahili)": "Ufunguzi Rasmi",
         "Title (English)": "Official Opening"}
SECOND = {"Starts at": "09:30", "Ends at": "10:30", "Title (Swahili)": "Hotuba Kuu",
          "Title (English)": "Keynote Address"}


@pytest.fixture
def programme_server(serve_app):
    """A published edition with three days and two rooms ("Main hall", "Side room"), no items yet,
    and a member of the programme committee (the programme role only)."""

    def seed():
        factories.user(roles=[Role.PROGRAMME], email=EDITOR_EMAIL, full_name="Programme Committee")
        event = factories.editor_event(status=EventStatus.OPEN)
        return {"title_en": event.title_en}

    return serve_app(seed)


def add_item(page, values):
    page.get_by_role("link", name="Add an item", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an item")
    for label, value in values.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Room", exact=True).select_option(label="Main hall")
    page.get_by_label("Group 1", exact=True).check()
    page.get_by_role("button", name="Add the item").click()
    expect(page.locator(".flash-success")).to_have_text("Item added.")


def test_programme_journey(programme_server, watched_browser_context):
    url, seeded = programme_server
    context = watched_browser_context(url, locale="en-GB", viewport={"width": 1280, "height": 800})
    page = context.new_page()

    # Log in with the programme role only.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("nav.main-nav").get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill(EDITOR_EMAIL)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".flash-success")).to_contain_text("Welcome")

    # Programme editor → the edition → its first day, still empty.
    page.get_by_role("link", name="Programme editor").click()
    page.get_by_role("link", name=seeded["title_en"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Programme: {seeded['title_en']}")
    page.get_by_role("link", name="Wednesday, January 30, 2019").click()
    expect(page).to_have_url(re.compile(r"/manage/days/\d+/programme$"))
    day_url = page.url
    expect(page.locator(".editor-timetable")).to_contain_text("No items on this day yet.")
    conflicts = page.locator("section.conflicts")
    expect(conflicts).to_have_count(0)

    # The first item in the main hall: no conflict.
    add_item(page, FIRST)
    expect(page.locator(".editor-timetable tbody tr")).to_have_count(1)
    expect(conflicts).to_have_count(0)

    # A second item overlapping it in the same room: the amber warning names both.
    add_item(page, SECOND)
    expect(page.locator(".editor-timetable tbody tr")).to_have_count(2)
    expect(conflicts).to_be_visible()
    expect(conflicts.get_by_role("heading")).to_have_text("1 conflict on this day")
    warning = conflicts.locator("li")
    expect(warning).to_have_count(1)
    expect(warning).to_contain_text("Main hall is booked twice")
    expect(warning).to_contain_text(f"“{FIRST['Title (English)']}”")
    expect(warning).to_contain_text(f"“{SECOND['Title (English)']}”")
    expect(conflicts).to_have_css("background-color", "rgb(255, 246, 224)")  # amber
    expect(page.locator(".editor-timetable tr.flagged")).to_have_count(2)

    # Move the second item after the first: the warning is gone.
    second_row = page.locator(".editor-timetable tbody tr",
                              has=page.locator("td.what > strong", has_text=SECOND["Title (English)"]))
    second_row.get_by_role("link", name="Edit, move, people").click()
    expect(page.locator("section.conflicts")).to_contain_text("Main hall is booked twice")
    edit = page.locator("#edit")
    edit.get_by_label("Starts at", exact=True).fill("10:00")
    edit.get_by_label("Ends at", exact=True).fill("11:00")
    edit.get_by_role("button", name="Save").click()
    expect(page.locator(".flash-success")).to_have_text("Saved.")
    expect(page).to_have_url(re.compile(re.escape(day_url) + r"#item-\d+$"))
    expect(conflicts).to_have_count(0)
    expect(page.locator(".editor-timetable tr.flagged")).to_have_count(0)
    expect(page.locator(".editor-timetable tbody tr").nth(1).locator("td.when")).to_have_text(
        re.compile(r"10:00\D+11:00"))

    # The public programme shows both items.
    page.locator("nav.main-nav").get_by_role("link", name="Programme", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Programme: {seeded['title_en']}")
    first_day = page.locator("section.programme-day").first
    rows = first_day.locator("table.timetable tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(FIRST["Title (English)"])
    expect(rows.nth(0)).to_contain_text("Main hall")
    expect(rows.nth(1)).to_contain_text(SECOND["Title (English)"])
    expect(rows.nth(1).locator("td.when")).to_have_text(re.compile(r"10:00\D+11:00"))
