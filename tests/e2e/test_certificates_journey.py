"""On a phone (360 px), with the CSP watched: a participant opens the link of their registration
page, sees their certificate and downloads its PDF; a stranger then scans the certificate (its
QR code read from the downloaded PDF) and sees VALID with the holder's name in Swahili, and
switches to English. No page scrolls sideways."""
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from eventapp.certificates.issuing import Subject, issue
from eventapp.certificates.models import CertificateDesign, CertificateType
from eventapp.extensions import db
from eventapp.registration.services.lifecycle import registrant_token
from tests.checkin import factories as gate
from tests.checkin.badge_reading import qr_codes

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
HOLDER = "Bi. Neema Mwakalinga"


def assert_no_sideways_scroll(page, what):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what} scrolls sideways at {PHONE['width']} px ({width} px wide)"


@pytest.fixture
def certificate_server(serve_app):
    def seed():
        event = gate.gate_event()
        db.session.add(CertificateDesign(
            event_id=event.id, type=CertificateType.PARTICIPATION, title_sw="CHETI CHA USHIRIKI",
            title_en="CERTIFICATE OF PARTICIPATION", statement_sw="kwa kushiriki kikao kazi.",
            statement_en="for participating in the meeting.", signatory1_name="Eng. Benedict Ndomba",
            signatory1_title="Mkurugenzi Mkuu / Director General",
        ))
        registration = gate.confirmed(event, 1, title="Bi.", first_name="Neema", last_name="Mwakalinga",
                                      gender="female")
        certificate, _ = issue(event, CertificateType.PARTICIPATION, Subject(
            key=f"registration:{registration.id}", holder_name=HOLDER,
            holder_institution=registration.institution.name, holder_email=registration.email,
            detail_sw="kwa kuhudhuria siku zote za kikao", detail_en="for attending every day of the meeting",
            registration_id=registration.id,
        ), actor_id=None)
        db.session.commit()
        return {"token": registrant_token(registration), "code": certificate.code, "serial": certificate.serial,
                "title_sw": event.title_sw, "title_en": event.title_en}

    return serve_app(seed)


def test_a_participant_downloads_and_a_stranger_verifies_by_the_qr_code(certificate_server, watched_browser_context,
                                                                       browser, tmp_path):
    url, seeded = certificate_server

    # The participant, on their phone, opens the link from their email.
    participant = watched_browser_context(url, viewport=PHONE, locale="en-GB").new_page()
    participant.goto(f"/registration/{seeded['token']}")
    certificates = participant.locator("#certificates")
    expect(certificates.get_by_role("heading", level=2)).to_have_text("Your certificates")
    expect(certificates).to_contain_text(seeded["serial"])
    assert_no_sideways_scroll(participant, "the registrant's page")
    with participant.expect_download() as download:
        certificates.get_by_role("link", name="Download the certificate (PDF)").click()
    assert download.value.suggested_filename == f"certificate-{seeded['serial']}.pdf"
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")

    # A stranger scans the printed certificate. The QR code holds the address on BASE_URL (the
    # real site); here its path is opened on the test server.
    [[scanned]] = qr_codes(pdf, tmp_path, "downloaded")
    path = urlsplit(scanned).path
    assert path == f"/verify/{seeded['code']}"
    stranger = watched_browser_context(url, viewport=PHONE, locale="sw-TZ").new_page()
    stranger.goto(path)
    expect(stranger.locator("html")).to_have_attribute("lang", "sw")
    verdict = stranger.locator(".verdict")
    expect(verdict).to_have_attribute("data-status", "valid")
    expect(verdict).to_have_class("verdict verdict-valid")
    expect(stranger.get_by_role("heading", level=1)).to_have_text(HOLDER)
    expect(stranger.locator(".verify-facts")).to_contain_text(seeded["title_sw"])
    expect(stranger.locator(".verify-facts")).to_contain_text("kwa kuhudhuria siku zote za kikao")
    expect(stranger.locator(".verify-facts")).to_contain_text(seeded["serial"])
    assert_no_sideways_scroll(stranger, "the verification page in Swahili")

    stranger.locator("nav.lang").get_by_role("link", name="English").click()
    expect(stranger.locator("html")).to_have_attribute("lang", "en")
    expect(stranger).to_have_url(f"{url}{path}")
    expect(stranger.locator(".verdict-word")).to_contain_text("VALID")
    expect(stranger.get_by_role("heading", level=1)).to_have_text(HOLDER)
    expect(stranger.locator(".verify-facts")).to_contain_text(seeded["title_en"])
    expect(stranger.locator(".verify-facts")).to_contain_text("for attending every day of the meeting")
    assert_no_sideways_scroll(stranger, "the verification page in English")

    # One character changed: not found. Chromium logs the 404 answer as a console error, which
    # the watched contexts refuse, so this page is opened in a plain one (on the same phone).
    code = seeded["code"]
    plain = browser.new_context(base_url=url, viewport=PHONE, locale="en-GB")
    try:
        page = plain.new_page()
        page.goto(f"/verify/{code[:-1]}{'A' if code[-1] != 'A' else 'B'}")
        expect(page.locator(".verdict")).to_have_attribute("data-status", "not_found")
        expect(page.locator(".verdict-word")).to_have_text("No certificate has this code.")
        assert_no_sideways_scroll(page, "the not-found page")
    finally:
        plain.close()
