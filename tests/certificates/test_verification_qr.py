"""The QR journey: a certificate is issued and rendered, its page rendered to an image and the QR
code read as a phone's camera would (pdftoppm + zxing-cpp); the address it holds opens the
verification page: VALID, then REVOKED once revoked; one character changed, not found."""
from urllib.parse import urlsplit

import pytest

from eventapp.certificates.documents import render_certificates, verification_url
from eventapp.certificates.issuing import Subject, correct_name, issue, revoke
from eventapp.certificates.models import CertificateDesign, CertificateType
from eventapp.extensions import db
from tests import factories
from tests.checkin.badge_reading import qr_codes

A = CertificateType.AWARD


@pytest.fixture
def certificate(app_ctx):
    event = factories.event(edition=2)
    db.session.add(CertificateDesign(
        event_id=event.id, type=A, title_sw="CHETI CHA TUZO", title_en="CERTIFICATE OF AWARD",
        statement_sw="kwa ubunifu bora.", statement_en="for the best innovation.",
        signatory1_name="Eng. Benedict Ndomba", signatory1_title="Mkurugenzi Mkuu / Director General",
    ))
    db.session.commit()
    issued, _ = issue(event, A, Subject(
        key="award:1:member:1", holder_name="Bw. Baraka Mushi", holder_institution="Chuo Kikuu cha Dodoma",
        holder_email="baraka@example.org", detail_sw="Mshindi wa kwanza", detail_en="Winner",
    ), actor_id=None)
    db.session.commit()
    return issued


def scanned_path(certificate, tmp_path, name="certificate") -> str:
    """The path of the address in the QR code of the certificate's rendered page (the address
    itself is on BASE_URL, the public site)."""
    [[url]] = qr_codes(render_certificates([certificate]), tmp_path, name)
    assert url == verification_url(certificate.code)
    return urlsplit(url).path


def verdict(client, path) -> tuple[int, str]:
    response = client.get(path)
    page = response.get_data(as_text=True)
    for status in ("valid", "revoked", "not_found"):
        if f'data-status="{status}"' in page:
            return response.status_code, status
    return response.status_code, ""


def test_the_qr_code_opens_a_valid_verification_then_revoked(client, certificate, tmp_path):
    path = scanned_path(certificate, tmp_path)

    assert path == f"/verify/{certificate.code}"
    assert verdict(client, path) == (200, "valid")
    assert "Bw. Baraka Mushi" in client.get(path).get_data(as_text=True)

    revoke(certificate, "Award withdrawn by the panel", actor_id=None)
    db.session.commit()
    assert verdict(client, path) == (200, "revoked")


def test_one_character_changed_in_the_scanned_code_is_not_found(client, certificate, tmp_path):
    path = scanned_path(certificate, tmp_path)
    prefix, code = path.rsplit("/", 1)

    for position in (0, len(code) // 2, len(code) - 1):
        other = "A" if code[position] != "A" else "B"
        changed = f"{prefix}/{code[:position]}{other}{code[position + 1:]}"
        assert verdict(client, changed) == (404, "not_found"), changed


def test_a_corrected_certificate_has_its_own_code_and_the_old_one_points_to_it(client, certificate, tmp_path):
    new = correct_name(certificate, "Bw. Baraka J. Mushi", actor_id=None)
    db.session.commit()

    old_path, new_path = scanned_path(certificate, tmp_path, "old"), scanned_path(new, tmp_path, "new")

    assert old_path != new_path
    assert verdict(client, old_path) == (200, "revoked")
    assert f'href="{new_path}"' in client.get(old_path).get_data(as_text=True)
    assert verdict(client, new_path) == (200, "valid")
    assert client.get(f"/api/v1/certificates/{new_path.rsplit('/', 1)[1]}").get_json()["status"] == "valid"
