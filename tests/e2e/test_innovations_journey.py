"""The research and innovation competition in a browser: an innovator signs up on a phone and
submits an entry (a fake paper refused with everything typed kept); a judge scores an entry
(a score above the scale refused beside its field); the organisers close the scoring,
shortlist, publish, and the public list shows the selected entry."""
import base64
import re
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from eventapp.core.roles import Role
from eventapp.events.models import EventStatus
from eventapp.extensions import db
from tests import factories
from tests.innovations import factories as innovations
from tests.reports.factories import PDF_BYTES

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
UNIVERSITY = "Chuo Kikuu cha Dodoma"
# A 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
JUDGE = "judge.one@e2e.example.org"
ORGANISER = "organiser@e2e.example.org"


def assert_no_sideways_scroll(page, what):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what} scrolls sideways at {PHONE['width']} px ({width} px wide)"


def log_in(page, email):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


@pytest.fixture
def open_call_server(serve_app):
    def seed():
        event = factories.open_event()
        innovations.call(event)
        factories.institution(UNIVERSITY, acronym="UDOM", reviewed=True)
        return {}

    return serve_app(seed)


def test_an_innovator_signs_up_and_submits_an_entry_on_a_phone(open_call_server, watched_browser_context, tmp_path):
    url, _ = open_call_server
    page = watched_browser_context(url, locale="en-GB", viewport=PHONE).new_page()
    fake_paper = tmp_path / "paper.pdf"
    fake_paper.write_bytes(PNG)  # a picture renamed .pdf
    paper = tmp_path / "tujifunze.pdf"
    paper.write_bytes(PDF_BYTES)
    poster = tmp_path / "poster.png"
    poster.write_bytes(PNG)

    page.goto("/")
    page.get_by_role("link", name="Innovators: sign up").click()
    page.get_by_label("Full name").fill("Rehema Mtafiti")
    page.get_by_label("Email").fill("rehema@e2e.example.org")
    page.get_by_label("Password", exact=True).fill("a long enough passphrase")
    page.get_by_label("Repeat the password").fill("a long enough passphrase")
    page.get_by_role("button", name="Create my account").click()

    page.get_by_role("link", name="My entries").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My entries")
    assert_no_sideways_scroll(page, "the innovator's entries page")
    page.get_by_role("link", name="Submit an entry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit an entry")
    assert_no_sideways_scroll(page, "the entry form")
    page.get_by_label("Title of the entry").fill("Tujifunze Learning Content Management System")
    page.get_by_label("Entry category").select_option(label="Innovation")
    page.get_by_label("Institution").press_sequentially("chuo kikuu cha dod", delay=20)
    page.get_by_role("listbox").get_by_role("option", name=f"{UNIVERSITY} (UDOM)").click()
    page.get_by_label("Prototype").check()
    page.get_by_label("Abstract").fill("Lessons for primary schools, on and off line.")
    page.get_by_label("Name, row 1").fill("Rehema Mtafiti")
    page.get_by_label("Email, row 1").fill("rehema@e2e.example.org")
    page.get_by_label("Student or staff, row 1").select_option(label="Student")
    page.get_by_label("Paper (PDF)").set_input_files(str(fake_paper))
    page.get_by_role("button", name="Submit the entry").click()

    expect(page.get_by_text("not an accepted type", exact=False)).to_be_visible()
    expect(page.get_by_label("Title of the entry")).to_have_value("Tujifunze Learning Content Management System")
    expect(page.get_by_label("Email, row 1")).to_have_value("rehema@e2e.example.org")
    expect(page.get_by_label("Institution")).to_have_value(UNIVERSITY)

    page.get_by_label("Paper (PDF)").set_input_files(str(paper))
    page.get_by_label("Poster (PNG or JPEG picture)").set_input_files(str(poster))
    page.get_by_role("button", name="Submit the entry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tujifunze Learning Content Management System")
    expect(page.get_by_text("Submitted").first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("tujifunze.pdf"))).to_be_visible()
    assert_no_sideways_scroll(page, "the entry page")


@pytest.fixture
def judging_server(serve_app):
    """A call with one exhibition and one presentation place, two eligible entries and one
    judge assigned to both; the second entry is already scored low."""

    def seed():
        event = factories.open_event()
        event.status = EventStatus.OPEN
        now = datetime.now(timezone.utc)
        call = innovations.call(event, opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1),
                                exhibition_places=1, presentation_places=1, judges_per_entry=1)
        university = factories.institution(UNIVERSITY, acronym="UDOM", reviewed=True)
        strong = innovations.entry(call, university, title="Mlinde Game App")
        weak = innovations.entry(call, university, title="Industrial Practical Training Management System")
        judge = innovations.judge(call, email=JUDGE, full_name="Jaji wa Kwanza")
        innovations.assign(strong, judge)
        innovations.score(innovations.assign(weak, judge), [3, 3, 3, 3, 3])
        factories.user(roles=(Role.ORGANISER,), email=ORGANISER)
        db.session.commit()
        return {"event_id": event.id, "edition": event.edition, "strong": strong.id}

    return serve_app(seed)


def test_a_judge_scores_and_the_organisers_publish_the_selection(judging_server, watched_browser_context):
    url, seeded = judging_server
    context = watched_browser_context(url, locale="en-GB", viewport=PHONE)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())

    # The judge scores from the menu; a score above the scale is refused beside it.
    log_in(page, JUDGE)
    page.get_by_role("link", name="Entries to judge").first.click()
    page.get_by_role("link", name="Mlinde Game App").click()
    scores = page.get_by_label("Score (0 to 10)")
    expect(scores).to_have_count(5)
    for n, value in enumerate(["11", "9", "8", "9", "7"]):
        scores.nth(n).fill(value)
    page.get_by_label("Comment").first.fill("Clear and useful for children.")
    page.get_by_role("button", name="Save my scores").click()
    expect(page.get_by_text("Score from 0 to 10.")).to_be_visible()
    expect(page.get_by_label("Comment").first).to_have_value("Clear and useful for children.")
    page.get_by_label("Score (0 to 10)").first.fill("10")
    page.get_by_role("button", name="Save my scores").click()
    expect(page).to_have_url(re.compile(r"/judging$"))
    page.get_by_role("link", name="Mlinde Game App").click()
    expect(page.get_by_label("Score (0 to 10)").first).to_have_value("10")
    page.get_by_role("button", name="Log out").click()

    # The organisers close the scoring, shortlist and publish.
    log_in(page, ORGANISER)
    page.goto(f"/manage/events/{seeded['event_id']}/innovations/assignments")
    page.get_by_role("button", name="Close the scoring").click()
    page.goto(f"/manage/events/{seeded['event_id']}/innovations/results")
    ranking = page.locator("table").first
    expect(ranking.locator("tbody tr").first).to_contain_text("Mlinde Game App")
    page.get_by_role("button", name=re.compile("Shortlist the top 1")).click()
    page.get_by_role("button", name="Publish the results and email the teams").click()
    expect(page.get_by_role("button", name="Publish the results and email the teams")).to_be_hidden()

    # The public list shows the selected entry and not the other.
    page.goto(f"/meetings/{seeded['edition']}/innovations")
    expect(page.get_by_text("Mlinde Game App")).to_be_visible()
    expect(page.get_by_text("Industrial Practical Training Management System")).to_be_hidden()
