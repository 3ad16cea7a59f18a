"""The innovator's pages: their entries and the open call (eligibility and rubric shown), the
entry form (five team rows, ten on asking, without JavaScript; errors beside the fields and the
team rows with every typed value kept, also after a refused file), the entry's page, changing
it (files kept), withdrawing it, and the closed call (the closing time said, nothing changed)."""
import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.innovations.models import Entry, EntryStatus, InnovationCall
from tests import factories
from tests.innovations import factories as inn
from tests.innovations.test_entries import FAKE_PDF, PDF, PNG, SVG
from tests.reports.test_call_views import input_value
from tests.sponsors.test_manage_views import errors_beside


@pytest.fixture
def world(app):
    """An open call with eligibility text, a university and a logged-out innovator's email. Ids only."""
    with app.app_context():
        call = inn.call(factories.event(title_en="e-Government Annual Meeting 2019"),
                        eligibility_en="Universities, colleges, research institutes and incubators.")
        udsm = inn.university("University of Dar es Salaam", "UDSM")
        owner = inn.innovator(email="neema@example.org", full_name="Neema Mushi")
        return {"call": call.id, "udsm": udsm.id, "owner": owner.id,
                "categories": {c.code: c.id for c in call.categories}}


@pytest.fixture
def innovator(client, world):
    response = client.post("/login", data={"email": "neema@example.org", "password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def entry_form(world, **changes) -> dict:
    data = {"title": "Mfumo wa Kufuatilia Dawa", "category_id": str(world["categories"]["innovation"]),
            "institution_id": str(world["udsm"]), "institution_name": "University of Dar es Salaam",
            "stage": "prototype", "abstract": "Tracking medicines from the warehouse to the clinic.",
            "problem": "Medicines run out unnoticed.", "solution": "A phone app.",
            "links": "https://github.com/udsm/dawa",
            "members-0-name": "Neema Mushi", "members-0-email": "neema@udsm.ac.tz", "members-0-kind": "student",
            "members-1-name": "Dkt. Juma Ally", "members-1-email": "juma@udsm.ac.tz", "members-1-kind": "staff",
            "paper": (io.BytesIO(PDF), "karatasi.pdf"), "poster": (io.BytesIO(PNG), "bango.png")}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def only_entry(app) -> Entry:
    with app.app_context():
        entry = db.session.scalars(sa.select(Entry)).one()
        return factories.detach(entry)


def test_my_entries_shows_the_open_call_with_its_eligibility_and_rubric(innovator, world):
    body = innovator.get("/innovations").get_data(as_text=True)

    assert "You have not submitted an entry yet." in body
    assert "Universities, colleges, research institutes and incubators." in body
    assert "Relevance to e-Government" in body and "25% of the total" in body
    assert f'href="/innovations/calls/{world["call"]}/entries/new"' in body
    assert 'href="/innovations"' in body  # the menu's "My entries"


def test_the_form_shows_five_team_rows_and_ten_on_asking(innovator, world):
    url = f"/innovations/calls/{world['call']}/entries/new"

    five = innovator.get(url).get_data(as_text=True)
    ten = innovator.get(url + "?rows=10").get_data(as_text=True)
    capped = innovator.get(url + "?rows=500").get_data(as_text=True)

    assert 'name="members-4-name"' in five and 'name="members-5-name"' not in five
    assert 'href="?rows=10#team"' in five
    assert 'name="members-9-name"' in ten and 'name="members-10-name"' not in ten and "?rows=10#team" not in ten
    assert 'name="members-9-name"' in capped and 'name="members-10-name"' not in capped
    assert "Research paper" in five and "Innovation" in five and 'data-institution-search=' in five


def test_an_entry_is_submitted_and_shown_to_its_owner(app, innovator, world, outbox):
    response = innovator.post(f"/innovations/calls/{world['call']}/entries/new", data=entry_form(world),
                              content_type="multipart/form-data")

    entry = only_entry(app)
    assert response.status_code == 302 and response.headers["Location"] == f"/innovations/entries/{entry.id}"
    page = innovator.get(response.headers["Location"]).get_data(as_text=True)
    assert entry.reference in page and "Mfumo wa Kufuatilia Dawa" in page and "Dkt. Juma Ally" in page
    assert "Submitted: waiting for screening" in page and "karatasi.pdf" in page
    assert "Change the entry" in page and "Withdraw the entry" in page
    assert len(outbox) == 1 and outbox[0].recipients == ["neema@example.org"]
    listed = innovator.get("/innovations").get_data(as_text=True)
    assert "Mfumo wa Kufuatilia Dawa" in listed and entry.reference in listed


def test_errors_are_shown_beside_the_fields_and_rows_with_the_typed_values_kept(app, innovator, world):
    data = entry_form(world, title="", **{"members-1-email": "NEEMA@udsm.ac.tz", "members-2-name": "Asha",
                                          "links": "ftp://udsm.ac.tz/dawa"})

    response = innovator.post(f"/innovations/calls/{world['call']}/entries/new", data=data,
                              content_type="multipart/form-data")

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert errors_beside(body, "title") == ["This field is required."]
    assert errors_beside(body, "members-1-email") == ["This email is already in row 1."]
    assert errors_beside(body, "members-2-email") == ["Enter a valid email address, like jina@chuo.ac.tz."]
    assert errors_beside(body, "members-2-kind") == ["Choose student or staff."]
    assert errors_beside(body, "links") == ["Line 1 is not a web address starting with http:// or https://."]
    assert input_value(body, "members-0-name") == "Neema Mushi" and input_value(body, "members-2-name") == "Asha"
    assert "Tracking medicines from the warehouse to the clinic." in body and "ftp://udsm.ac.tz/dawa" in body
    assert "Files are not kept when the form is shown again: choose them again." in body
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Entry.id))) == 0


def test_a_team_with_nobody_says_so_above_the_table(app, innovator, world):
    data = entry_form(world, **{f"members-{n}-{f}": None for n in (0, 1) for f in ("name", "email", "kind")})

    response = innovator.post(f"/innovations/calls/{world['call']}/entries/new", data=data,
                              content_type="multipart/form-data")

    assert response.status_code == 422
    assert errors_beside(response.get_data(as_text=True), "team") == ["Name at least one team member."]


@pytest.mark.parametrize("field, data, name, message", [
    ("paper", FAKE_PDF, "karatasi.pdf", "not an accepted type (PDF)"),
    ("poster", SVG, "bango.svg", "not an accepted type (JPEG, PNG)"),
])
def test_a_refused_file_keeps_everything_typed(app, innovator, world, field, data, name, message):
    response = innovator.post(f"/innovations/calls/{world['call']}/entries/new",
                              data=entry_form(world, **{field: (io.BytesIO(data), name)}),
                              content_type="multipart/form-data")

    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in errors_beside(body, field)[0]
    assert input_value(body, "title") == "Mfumo wa Kufuatilia Dawa"
    assert input_value(body, "members-1-email") == "juma@udsm.ac.tz"
    assert re.search(r'value="prototype"[^>]*checked|checked[^>]*value="prototype"', body)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Entry.id))) == 0


def test_changing_the_entry_keeps_its_files_and_team_rows(app, innovator, world):
    innovator.post(f"/innovations/calls/{world['call']}/entries/new", data=entry_form(world),
                   content_type="multipart/form-data")
    entry = only_entry(app)
    url = f"/innovations/entries/{entry.id}/edit"

    form = innovator.get(url).get_data(as_text=True)
    response = innovator.post(url, data=entry_form(world, title="Dawa Tracker", paper=None, poster=None),
                              content_type="multipart/form-data")

    assert input_value(form, "title") == "Mfumo wa Kufuatilia Dawa"
    assert input_value(form, "members-1-name") == "Dkt. Juma Ally" and 'name="members-4-name"' in form
    assert "the current one (karatasi.pdf) is kept" in form
    assert response.status_code == 302
    changed = only_entry(app)
    assert changed.title == "Dawa Tracker" and changed.paper_file == entry.paper_file
    assert changed.poster_file == entry.poster_file


def test_withdrawing_the_entry(app, innovator, world):
    innovator.post(f"/innovations/calls/{world['call']}/entries/new", data=entry_form(world),
                   content_type="multipart/form-data")
    entry = only_entry(app)

    response = innovator.post(f"/innovations/entries/{entry.id}/withdraw", follow_redirects=True)

    body = response.get_data(as_text=True)
    assert "The entry is withdrawn; it will not be judged." in body and "Change the entry" not in body
    assert only_entry(app).status is EntryStatus.WITHDRAWN


def test_after_the_close_the_form_says_when_and_nothing_changes(app, innovator, world):
    innovator.post(f"/innovations/calls/{world['call']}/entries/new", data=entry_form(world),
                   content_type="multipart/form-data")
    entry = only_entry(app)
    with app.app_context():
        call = db.session.get(InnovationCall, world["call"])
        call.opens_at, call.closes_at = inn.now() - timedelta(days=30), inn.now() - timedelta(hours=1)
        db.session.commit()

    form = innovator.get(f"/innovations/entries/{entry.id}/edit").get_data(as_text=True)
    changed = innovator.post(f"/innovations/entries/{entry.id}/edit", data=entry_form(world, title="Late change"),
                             content_type="multipart/form-data")
    withdrawn = innovator.post(f"/innovations/entries/{entry.id}/withdraw", follow_redirects=True)
    new = innovator.post(f"/innovations/calls/{world['call']}/entries/new", data=entry_form(world),
                         content_type="multipart/form-data")
    page = innovator.get(f"/innovations/entries/{entry.id}").get_data(as_text=True)

    assert "The call closed on" in form and 'name="title"' not in form
    assert changed.status_code == 422 and "The call closed on" in changed.get_data(as_text=True)
    assert "The call closed on" in withdrawn.get_data(as_text=True)
    assert new.status_code == 422
    assert "the entry can no longer be changed" in page and "Change the entry" not in page
    after = only_entry(app)
    assert (after.title, after.status) == ("Mfumo wa Kufuatilia Dawa", EntryStatus.SUBMITTED)
    assert "Closed" not in innovator.get("/innovations").get_data(as_text=True)  # a closed call is not offered


def test_an_ineligible_entry_shows_the_reason_to_its_owner(app, innovator, world):
    innovator.post(f"/innovations/calls/{world['call']}/entries/new", data=entry_form(world),
                   content_type="multipart/form-data")
    entry = only_entry(app)
    with app.app_context():
        db.session.execute(sa.update(Entry).values(status=EntryStatus.INELIGIBLE,
                                                   screening_reason="A business plan, not an innovation."))
        db.session.commit()

    page = innovator.get(f"/innovations/entries/{entry.id}").get_data(as_text=True)

    assert "not eligible" in page and "A business plan, not an innovation." in page
    assert "it then goes back for screening" in page


def test_the_files_are_served_inline_for_the_poster_and_as_a_download_for_the_paper(app, innovator, world):
    innovator.post(f"/innovations/calls/{world['call']}/entries/new", data=entry_form(world),
                   content_type="multipart/form-data")
    entry = only_entry(app)

    paper = innovator.get(f"/innovations/entries/{entry.id}/paper")
    poster = innovator.get(f"/innovations/entries/{entry.id}/poster")

    assert paper.data == PDF and paper.mimetype == "application/pdf"
    assert paper.headers["Content-Disposition"].startswith("attachment") and "karatasi.pdf" in \
        paper.headers["Content-Disposition"]
    assert poster.data == PNG and poster.mimetype == "image/png"
    assert poster.headers["Content-Disposition"].startswith("inline")
    assert "no-store" in poster.headers["Cache-Control"] and poster.headers["X-Content-Type-Options"] == "nosniff"


def test_an_entry_without_a_poster_answers_404_for_it(app, innovator, world):
    innovator.post(f"/innovations/calls/{world['call']}/entries/new", data=entry_form(world, poster=None),
                   content_type="multipart/form-data")

    assert innovator.get(f"/innovations/entries/{only_entry(app).id}/poster").status_code == 404


def test_a_participant_sees_my_entries_but_not_the_organisers_pages(client, login, world):
    login(Role.PARTICIPANT)

    assert client.get("/innovations").status_code == 200
    assert client.get("/manage/innovations").status_code == 403
