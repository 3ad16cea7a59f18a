"""Organisers' sponsors pages: packages, the sponsors list with the pipeline and pledged vs
paid, adding and editing a sponsor with its logo (bad files refused beside the field with
everything typed kept), the pledge bill and its PDF, passes (by the organiser and by the
contact's signed link), programme slots, the public logo, and who may open what."""
import io
import re
from html import unescape

import pytest
import sqlalchemy as sa
from PIL import Image

from eventapp.core.roles import Role
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.programme.models import ProgrammeItem
from eventapp.registration.models import Bill, ParticipantCategory, Registration
from eventapp.sponsors import passes, services, slots
from eventapp.sponsors.models import Sponsor, SponsorPass, SponsorshipPackage, SponsorSlot, SponsorStatus
from tests import factories
from tests.sponsors.test_services import (
    FAKE_IMAGE,
    SVG,
    corrupt_png,
    image_bytes,
    make_package,
    make_sponsor,
    pay,
)

EN = {"Accept-Language": "en"}


@pytest.fixture
def meeting(app):
    """An open event with a category, a GOLD package (2 passes, 5 minutes) and a confirmed
    sponsor; ids only, for use across requests."""
    with app.app_context():
        event = factories.open_event()
        category = factories.category(event, code="G1", fee=400_000)
        package = make_package(event, code="GOLD", passes=2, minutes=5)
        sponsor = make_sponsor(event, package, name="Tanzania National Parks", acronym="TANAPA")
        institution = factories.institution(name="National Microfinance Bank", acronym="NMB")
        return {"event": event.id, "category": category.id, "package": package.id, "sponsor": sponsor.id,
                "nmb": institution.id}


def errors_beside(body: str, field: str) -> list[str]:
    """The messages shown beside a field (the form macro's list with the field's id)."""
    found = re.search(rf'<ul class="errors" id="{field}-error">(.*?)</ul>', body, re.S)
    return [unescape(m) for m in re.findall(r"<li>(.*?)</li>", found.group(1))] if found else []


def sponsor_form(institution_id, package_id, **changes) -> dict:
    data = {"institution_id": str(institution_id), "institution_name": "National Microfinance Bank",
            "package_id": str(package_id), "pledged_amount": "60000000", "contact_name": "Neema Mushi",
            "contact_email": "neema@nmbbank.co.tz", "contact_phone": "0754 111 222",
            "website": "https://www.nmbbank.co.tz"}
    data.update(changes)
    return data


def with_logo(data: dict, content: bytes, filename="logo.png") -> dict:
    return {**data, "logo": (io.BytesIO(content), filename)}


def pass_form(category_id, **changes) -> dict:
    data = {"category_id": str(category_id), "title": "Bi.", "first_name": "Rehema", "last_name": "Mollel",
            "gender": "female", "position": "Afisa Utalii", "email": "rehema@tanapa.go.tz", "phone": "0754 333 444",
            "language": "en"}
    data.update(changes)
    return data


# --- who may open what -------------------------------------------------------------------


def test_a_participant_is_refused_every_sponsors_management_page(client, login, meeting):
    login(Role.PARTICIPANT)
    sponsor, event = meeting["sponsor"], meeting["event"]

    for method, url in [
        ("get", f"/manage/events/{event}/sponsors"), ("get", f"/manage/events/{event}/sponsorship-packages"),
        ("post", f"/manage/events/{event}/sponsors/new"), ("get", f"/manage/sponsors/{sponsor}"),
        ("post", f"/manage/sponsors/{sponsor}/bill"), ("get", f"/manage/sponsors/{sponsor}/bill.pdf"),
        ("post", f"/manage/sponsors/{sponsor}/passes"), ("post", f"/manage/sponsors/{sponsor}/slots"),
        ("post", f"/manage/sponsors/{sponsor}/status"),
    ]:
        assert getattr(client, method)(url).status_code == 403, url


def test_finance_sees_the_money_and_raises_the_bill_but_does_not_edit(app, client, login, meeting):
    login(Role.FINANCE)
    sponsor = meeting["sponsor"]

    assert client.get(f"/manage/events/{meeting['event']}/sponsors").status_code == 200
    assert client.get(f"/manage/sponsors/{sponsor}").status_code == 200
    assert client.post(f"/manage/sponsors/{sponsor}/bill").status_code == 302
    assert client.get(f"/manage/sponsors/{sponsor}/edit").status_code == 403
    assert client.get(f"/manage/sponsors/{sponsor}/passes").status_code == 403
    with app.app_context():
        assert db.session.get(Sponsor, sponsor).status is SponsorStatus.INVOICED


def test_the_event_page_links_to_its_sponsors(client, login, meeting):
    login(Role.ORGANISER)

    body = client.get(f"/manage/events/{meeting['event']}", headers=EN).get_data(as_text=True)

    assert f'href="/manage/events/{meeting["event"]}/sponsors"' in body


# --- packages ----------------------------------------------------------------------------


def test_an_organiser_adds_a_package_and_errors_come_back_beside_the_fields(app, client, login, meeting):
    login(Role.ORGANISER)
    url = f"/manage/events/{meeting['event']}/sponsorship-packages/new"
    data = {"code": "gold", "name_sw": "Dhahabu Nyingine", "name_en": "Gold again", "rank": "2", "amount": "-3",
            "currency": "TZS", "complimentary_passes": "4", "programme_minutes": "5", "logo_on_programme": "y"}

    refused = client.post(url, data=data, headers=EN)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert errors_beside(body, "amount")
    assert 'value="Dhahabu Nyingine"' in body  # what was typed is kept
    refused = client.post(url, data={**data, "amount": "30000000"}, headers=EN)
    assert errors_beside(refused.get_data(as_text=True), "code") == ["Another package of this meeting has this code."]

    saved = client.post(url, data={**data, "code": "SILVER", "amount": "30000000"})

    assert saved.status_code == 302
    with app.app_context():
        silver = db.session.scalar(sa.select(SponsorshipPackage).where(SponsorshipPackage.code == "SILVER"))
        assert (silver.amount, silver.complimentary_passes, silver.logo_on_programme) == (30_000_000, 4, True)
    listing = client.get(f"/manage/events/{meeting['event']}/sponsorship-packages", headers=EN).get_data(as_text=True)
    assert "Gold again" in listing and "TZS 30,000,000" in listing


# --- sponsors and logos ------------------------------------------------------------------


@pytest.mark.parametrize("content, filename, size", [
    (image_bytes((1800, 600), "PNG"), "nmb.png", (600, 200)),
    (image_bytes((400, 1200), "JPEG"), "nmb.jpg", (100, 300)),
])
def test_a_sponsor_is_added_with_a_png_or_jpeg_logo_resized(app, client, login, meeting, content, filename, size):
    login(Role.ORGANISER)

    response = client.post(f"/manage/events/{meeting['event']}/sponsors/new",
                           data=with_logo(sponsor_form(meeting["nmb"], meeting["package"]), content, filename))

    assert response.status_code == 302
    with app.app_context():
        sponsor = db.session.scalar(sa.select(Sponsor).where(Sponsor.institution_id == meeting["nmb"]))
        assert sponsor.status is SponsorStatus.PROSPECT and sponsor.pledged_amount == 60_000_000
        sponsor_id = sponsor.id
    logo = client.get(f"/sponsors/{sponsor_id}/logo.png")
    assert logo.status_code == 200 and logo.mimetype == "image/png"
    picture = Image.open(io.BytesIO(logo.data))
    assert picture.format == "PNG" and picture.size == size


@pytest.fixture
def app_config():
    return {"MAX_LOGO_BYTES": 20_000}


BAD_LOGOS = [
    pytest.param(FAKE_IMAGE, "It was checked by its content, not its name", id="text-renamed-png"),
    pytest.param(SVG, "not an accepted type (JPEG, PNG)", id="svg"),
    pytest.param(corrupt_png(), "could not be read", id="corrupt-png"),
    pytest.param(image_bytes((2000, 2000), "PNG") + b"\0" * 30_000, "The file is too large", id="oversize"),
]


@pytest.mark.parametrize("content, message", BAD_LOGOS)
def test_a_bad_logo_on_a_new_sponsor_is_refused_beside_the_field_and_nothing_is_saved(
        app, client, login, meeting, content, message):
    login(Role.ORGANISER)

    response = client.post(f"/manage/events/{meeting['event']}/sponsors/new", headers=EN,
                           data=with_logo(sponsor_form(meeting["nmb"], meeting["package"]), content))

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert any(message in m for m in errors_beside(body, "logo")), errors_beside(body, "logo")
    assert 'value="Neema Mushi"' in body and 'value="neema@nmbbank.co.tz"' in body  # typed values kept
    with app.app_context():
        assert db.session.scalar(sa.select(Sponsor).where(Sponsor.institution_id == meeting["nmb"])) is None


@pytest.mark.parametrize("content, message", BAD_LOGOS)
def test_a_bad_logo_on_an_existing_sponsor_changes_nothing(app, client, login, meeting, content, message):
    login(Role.ORGANISER)
    with app.app_context():
        sponsor = db.session.get(Sponsor, meeting["sponsor"])
        services.save_sponsor(sponsor.event, services.SponsorDetails(
            package_id=sponsor.package_id, contact_name=sponsor.contact_name, contact_email=sponsor.contact_email,
            institution_id=sponsor.institution_id),
            sponsor, logo=_file(image_bytes((300, 150))))
        before = (sponsor.logo_file, sponsor.contact_name)
    data = sponsor_form("", meeting["package"], institution_name="Tanzania National Parks",
                        contact_name="Somebody Else")

    response = client.post(f"/manage/sponsors/{meeting['sponsor']}/edit", headers=EN, data=with_logo(data, content))

    assert response.status_code == 422
    assert any(message in m for m in errors_beside(response.get_data(as_text=True), "logo"))
    with app.app_context():
        sponsor = db.session.get(Sponsor, meeting["sponsor"])
        assert (sponsor.logo_file, sponsor.contact_name) == before
        assert slots.logo_path(sponsor) is not None


def _file(content: bytes):
    from werkzeug.datastructures import FileStorage

    return FileStorage(stream=io.BytesIO(content), filename="logo.png")


def test_the_edit_form_shows_the_sponsor_and_keeps_its_logo_when_no_file_is_chosen(app, client, login, meeting):
    login(Role.ORGANISER)

    page = client.get(f"/manage/sponsors/{meeting['sponsor']}/edit", headers=EN).get_data(as_text=True)
    data = sponsor_form("", meeting["package"], institution_name="Tanzania National Parks",
                        contact_name="Joseph Mrema", pledged_amount="")
    response = client.post(f"/manage/sponsors/{meeting['sponsor']}/edit", data=data)

    assert 'value="Tanzania National Parks"' in page
    assert response.status_code == 302
    with app.app_context():
        sponsor = db.session.get(Sponsor, meeting["sponsor"])
        assert sponsor.contact_name == "Joseph Mrema" and sponsor.pledged_amount == sponsor.package.amount


def test_a_second_sponsor_for_the_same_institution_is_refused_beside_the_field(app, client, login, meeting):
    login(Role.ORGANISER)

    response = client.post(f"/manage/events/{meeting['event']}/sponsors/new", headers=EN,
                           data=sponsor_form("", meeting["package"], institution_name="Tanzania National Parks"))

    assert response.status_code == 422
    assert errors_beside(response.get_data(as_text=True), "institution_name") == [
        "Tanzania National Parks is already a sponsor of this meeting."]


def test_there_is_no_logo_to_serve_for_a_sponsor_without_one(client, meeting):
    assert client.get(f"/sponsors/{meeting['sponsor']}/logo.png").status_code == 404
    assert client.get("/sponsors/999999/logo.png").status_code == 404


# --- status, bill, figures ---------------------------------------------------------------


def test_the_bill_is_raised_from_the_sponsor_page_with_its_control_number_and_pdf(app, client, login, meeting, outbox):
    login(Role.ORGANISER)
    url = f"/manage/sponsors/{meeting['sponsor']}"

    response = client.post(f"{url}/bill", headers=EN, follow_redirects=True)
    with app.app_context():
        sponsor = db.session.get(Sponsor, meeting["sponsor"])
        contact = sponsor.contact_email
    assert [m.recipients for m in outbox] == [[contact]]  # the contact gets the bill and the passes link
    assert outbox[0].attachments[0].content_type == "application/pdf"
    assert "/sponsors/contact/" in outbox[0].body

    body = response.get_data(as_text=True)
    with app.app_context():
        bill = db.session.scalar(sa.select(Bill))
        number = bill.control_number
    assert f"Bill raised: control number {number}; emailed to" in body
    assert f'<span class="control-number">{number}</span>' in body
    assert f'href="{url}/bill.pdf"' in body
    pdf = client.get(f"{url}/bill.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    again = client.post(f"{url}/bill", headers=EN, follow_redirects=True).get_data(as_text=True)
    assert "already has an open bill" in again
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Bill.id))) == 1


def test_a_prospect_is_confirmed_from_its_page_and_cannot_be_marked_paid_by_hand(app, client, login, meeting):
    login(Role.ORGANISER)
    with app.app_context():
        prospect = make_sponsor(db.session.get(Event, meeting["event"]),
                                db.session.get(SponsorshipPackage, meeting["package"]), status=SponsorStatus.PROSPECT)
        prospect_id = prospect.id
    url = f"/manage/sponsors/{prospect_id}"

    client.post(f"{url}/status", data={"status": "confirmed"})
    refused = client.post(f"{url}/status", data={"status": "paid"}, headers=EN, follow_redirects=True)

    assert "A sponsor becomes paid when the bill for its pledge is paid." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Sponsor, prospect_id).status is SponsorStatus.CONFIRMED


def test_the_sponsors_list_shows_the_pipeline_and_pledged_vs_paid(app, client, login, meeting):
    login(Role.ORGANISER)
    with app.app_context():
        sponsor = db.session.get(Sponsor, meeting["sponsor"])
        pay(services.raise_pledge_bill(sponsor), 10_000_000)

    body = client.get(f"/manage/events/{meeting['event']}/sponsors", headers=EN).get_data(as_text=True)
    invoiced = client.get(f"/manage/events/{meeting['event']}/sponsors?status=paid", headers=EN).get_data(as_text=True)

    assert "TZS 50,000,000" in body and "TZS 10,000,000" in body and "TZS 40,000,000" in body
    assert "Tanzania National Parks" in body
    assert "Tanzania National Parks" not in invoiced


# --- passes ------------------------------------------------------------------------------


def test_an_organiser_registers_passes_up_to_the_package_and_no_further(app, client, login, meeting, outbox):
    login(Role.ORGANISER)
    url = f"/manage/sponsors/{meeting['sponsor']}/passes"

    first = client.post(url, data=pass_form(meeting["category"]))
    client.post(url, data=pass_form(meeting["category"], email="second@tanapa.go.tz"))
    page = client.get(url, headers=EN).get_data(as_text=True)
    third = client.post(url, data=pass_form(meeting["category"], email="third@tanapa.go.tz"), headers=EN)

    assert first.status_code == 302
    assert "rehema@tanapa.go.tz" in page and "2 of 2 complimentary passes used; 0 left." in page
    assert 'name="first_name"' not in page  # no form once the passes are used
    assert third.status_code == 422
    assert "All 2 complimentary passes of the Gold package have been used." in third.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(SponsorPass.id))) == 2
        assert db.session.scalar(sa.select(Registration).where(Registration.email == "third@tanapa.go.tz")) is None
        waived = db.session.scalar(sa.select(Registration).where(Registration.email == "rehema@tanapa.go.tz"))
        assert waived.fee_waived and waived.waiver_reason == "Complimentary pass: Tanzania National Parks"
    assert len(outbox) == 2


def test_pass_errors_come_back_beside_the_fields_with_what_was_typed(client, login, meeting):
    login(Role.ORGANISER)

    response = client.post(f"/manage/sponsors/{meeting['sponsor']}/passes", headers=EN,
                           data=pass_form(meeting["category"], first_name="", phone="12"))

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert errors_beside(body, "first_name") == ["This field is required."]
    assert errors_beside(body, "phone")
    assert 'value="Mollel"' in body


def test_the_contact_registers_staff_through_the_signed_link(app, client, login, meeting, outbox):
    with app.app_context():
        token = passes.contact_token(db.session.get(Sponsor, meeting["sponsor"]))
    url = f"/sponsors/contact/{token}"

    page = client.get(url, headers=EN)
    registered = client.post(url, data=pass_form(meeting["category"]), headers=EN, follow_redirects=True)

    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Complimentary passes of Tanzania National Parks" in page.get_data(as_text=True)
    assert "1 of 2 complimentary passes used; 1 left." in registered.get_data(as_text=True)
    with app.app_context():
        registration = db.session.scalar(sa.select(Registration).where(Registration.email == "rehema@tanapa.go.tz"))
        assert registration.fee_waived and registration.institution.name == "Tanzania National Parks"
    assert [m.recipients for m in outbox] == [["rehema@tanapa.go.tz"]]


def test_the_contact_cannot_go_beyond_the_package(app, client, meeting):
    with app.app_context():
        sponsor = db.session.get(Sponsor, meeting["sponsor"])
        category = db.session.get(ParticipantCategory, meeting["category"])
        for _ in range(2):
            passes.register_pass(sponsor, factories.participant_details(category))
        token = passes.contact_token(sponsor)

    page = client.get(f"/sponsors/contact/{token}", headers=EN).get_data(as_text=True)
    refused = client.post(f"/sponsors/contact/{token}", data=pass_form(meeting["category"]), headers=EN)

    assert "All your complimentary passes have been used." in page and 'name="first_name"' not in page
    assert refused.status_code == 422
    assert "have been used" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Sponsor, meeting["sponsor"]).passes_used == 2


def test_a_tampered_contact_link_gets_a_clear_404(client):
    response = client.get("/sponsors/contact/not-a-real-token", headers=EN)

    assert response.status_code == 404
    assert "This link is not valid" in response.get_data(as_text=True)


def test_the_organiser_sees_the_contact_link_on_the_sponsor_page(app, client, login, meeting):
    login(Role.ORGANISER)

    body = client.get(f"/manage/sponsors/{meeting['sponsor']}", headers=EN).get_data(as_text=True)

    # The token carries its time of signing, so compare what it opens, not its letters.
    token = re.search(r"/sponsors/contact/([^\s\"<]+)", body).group(1)
    with app.app_context():
        assert passes.sponsor_for_token(unescape(token)).id == meeting["sponsor"]


# --- programme slots ---------------------------------------------------------------------


def test_an_organiser_gives_a_sponsor_slot_and_the_programme_names_the_sponsor(app, client, login):
    with app.app_context():
        ids = factories.sample_timetable()
        event = db.session.get(Event, ids["event_id"])
        package = make_package(event, minutes=5)
        sponsor = make_sponsor(event, package, name="Tanzania Communications Regulatory Authority", acronym="TCRA")
        sponsor_id, tanapa_slot, opening = sponsor.id, ids["items"]["g2_tanapa"], ids["items"]["opening"]
    login(Role.ORGANISER)
    url = f"/manage/sponsors/{sponsor_id}/slots"

    page = client.get(url, headers=EN).get_data(as_text=True)
    wrong = client.post(url, data={"item_id": str(opening)}, headers=EN)
    given = client.post(url, data={"item_id": str(tanapa_slot)})

    assert "14:00–14:05 Sponsor&#39;s slot" in page or "14:00–14:05 Sponsor's slot" in page
    assert wrong.status_code == 422
    assert errors_beside(wrong.get_data(as_text=True), "item_id") == [
        "Choose a sponsor slot of this meeting's programme."]
    assert given.status_code == 302
    with app.app_context():
        assert db.session.get(ProgrammeItem, tanapa_slot).sponsor_label == "TCRA"
        slot_id = db.session.scalar(sa.select(SponsorSlot.id))
    programme = client.get(f"/meetings/{ids['edition']}/programme", headers=EN).get_data(as_text=True)
    assert "TCRA" in programme

    client.post(f"/manage/sponsor-slots/{slot_id}/delete")
    with app.app_context():
        assert db.session.get(ProgrammeItem, tanapa_slot).sponsor_label == ""
