"""Certificate PDFs read as a person and a phone would: the text of the page (pdftotext) in both
languages, the QR code decoded from the rendered page (pdftoppm + zxing-cpp) holding exactly the
verification address, a batch as one PDF of one page each, long names fitted inside the frame,
pictures (signatures, sponsors' logos) counted with pdfimages, and the sample."""
import re
import shutil
import subprocess
from datetime import datetime, timezone

import pytest
from reportlab.lib.pagesizes import A4, landscape

from eventapp.certificates import designs
from eventapp.certificates.documents import (
    CertificateRenderer,
    render_certificate,
    render_certificates,
    render_sample,
    verification_url,
)
from eventapp.certificates.issuing import Subject, issue
from eventapp.certificates.models import CertificateType
from eventapp.core.uploads import upload_path
from eventapp.extensions import db
from tests import factories
from tests.checkin.badge_reading import pdf_words, qr_codes
from tests.pdf_reading import pdf_info, pdf_text
from tests.sponsors.test_services import image_bytes, make_package, make_sponsor, upload

P, A = CertificateType.PARTICIPATION, CertificateType.AWARD
FRAME = 26  # the inner frame's distance from the page's edges, in points


@pytest.fixture
def app_config():
    return {"BASE_URL": "https://kikaokazi.example.go.tz"}


@pytest.fixture
def event(app_ctx):
    return factories.event(edition=2, with_days=True, title_sw="Kikao Kazi cha Pili cha Serikali Mtandao",
                           title_en="The Second e-Government Annual Meeting", theme_sw="Serikali Mtandao kwa Maendeleo",
                           theme_en="e-Government for Development", venue="UDOM", city="Dodoma")


def details(**changes) -> designs.DesignDetails:
    values = dict(title_sw="CHETI CHA TUZO", title_en="CERTIFICATE OF AWARD",
                  statement_sw="kwa ubunifu bora katika shindano.", statement_en="for the best innovation.",
                  signatory1_name="Dkt. Jabiri Bakari", signatory1_title="Mtendaji Mkuu, eGA",
                  signatory2_name="Bi. Asha Mwinyi", signatory2_title="Mwenyekiti wa Kamati",
                  show_sponsor_logos=True, min_days_attended=1)
    values.update(changes)
    return designs.DesignDetails(**values)


def give(event, certificate_type=A, key="award:1:member:1", name="Bw. Baraka Mushi", **subject):
    values = dict(holder_institution="Chuo Kikuu cha Dodoma", detail_sw="Mshindi wa Kwanza: e-Mrejesho",
                  detail_en="Winner: e-Mrejesho")
    values.update(subject)
    certificate, _ = issue(event, certificate_type, Subject(key=key, holder_name=name, **values), actor_id=None)
    db.session.commit()
    return certificate


def flat(text: str) -> str:
    return " ".join(text.split())


def pages(info: str) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def image_count(data: bytes, tmp_path) -> int:
    """How many pictures the PDF holds (pdfimages -list: image and soft-mask rows)."""
    if not shutil.which("pdfimages"):
        pytest.fail("pdfimages (poppler-utils) is needed to count the certificate's pictures")
    path = tmp_path / "pictures.pdf"
    path.write_bytes(data)
    listing = subprocess.run(["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True).stdout
    return sum(1 for line in listing.splitlines()[2:] if line.split()[2:3] == ["image"])


def test_the_page_says_everything_in_both_languages(event, tmp_path):
    designs.save_design(event, A, details())
    certificate = give(event)
    certificate.issued_at = datetime(2026, 2, 5, 22, 30, tzinfo=timezone.utc)  # 6 Feb, 01:30 in Dar es Salaam
    db.session.commit()

    pdf = render_certificate(certificate)
    text = flat(pdf_text(pdf, tmp_path))

    for expected in ("JAMHURI YA MUUNGANO WA TANZANIA", "Kikao Kazi cha Pili cha Serikali Mtandao",
                     "The Second e-Government Annual Meeting", "Serikali Mtandao kwa Maendeleo",
                     "e-Government for Development", "CHETI CHA TUZO", "CERTIFICATE OF AWARD",
                     "Hii ni kuthibitisha kwamba", "This is to certify that", "Bw. Baraka Mushi",
                     "Chuo Kikuu cha Dodoma", "kwa ubunifu bora katika shindano.", "for the best innovation.",
                     "Mshindi wa Kwanza: e-Mrejesho", "Winner: e-Mrejesho", "UDOM, Dodoma, 2–5 Februari 2026",
                     "UDOM, Dodoma, 2–5 February 2026", "Dkt. Jabiri Bakari", "Mtendaji Mkuu, eGA",
                     "Bi. Asha Mwinyi", "Mwenyekiti wa Kamati", certificate.serial,
                     "Kimetolewa tarehe 6 Februari 2026", "Issued on 6 February 2026",
                     f"Hakiki / Verify: https://kikaokazi.example.go.tz/verify/{certificate.code}"):
        assert expected in text, expected
    assert text.index("CHETI CHA TUZO") < text.index("CERTIFICATE OF AWARD")  # Swahili first
    info = pdf_info(pdf, tmp_path)
    assert pages(info) == 1 and "841.89 x 595.276 pts (A4)" in info  # A4 landscape


def test_the_qr_code_holds_exactly_the_verification_address(event, tmp_path):
    certificate = give(event)

    [[url]] = qr_codes(render_certificate(certificate), tmp_path)

    assert url == verification_url(certificate.code) == f"https://kikaokazi.example.go.tz/verify/{certificate.code}"


@pytest.mark.parametrize("base_url", ["http://127.0.0.1:5000", "https://www.ega.go.tz/matukio/kikao-kazi-cha-serikali"])
def test_the_qr_code_decodes_whatever_the_length_of_the_address(app, event, tmp_path, base_url):
    app.config["BASE_URL"] = base_url
    certificate = give(event)

    assert qr_codes(render_certificate(certificate), tmp_path) == [[f"{base_url}/verify/{certificate.code}"]]


def test_a_batch_is_one_pdf_with_a_page_and_its_own_qr_code_per_certificate(event, tmp_path):
    designs.save_design(event, A, details())
    certificates = [give(event, key=f"award:1:member:{n}", name=f"Mshiriki Namba {n}") for n in range(5)]
    drawn = []

    pdf = render_certificates(certificates, on_page=lambda: drawn.append(1))

    assert pages(pdf_info(pdf, tmp_path)) == 5 and len(drawn) == 5
    found = qr_codes(pdf, tmp_path)
    assert found == [[verification_url(c.code)] for c in certificates]
    assert len({url for [url] in found}) == 5
    text = pdf_text(pdf, tmp_path).split("\f")
    assert all(f"Mshiriki Namba {n}" in text[n] and certificates[n].serial in text[n] for n in range(5))


def test_certificates_of_several_types_share_one_pdf(event, tmp_path):
    designs.save_design(event, A, details())
    designs.save_design(event, P, details(title_sw="CHETI CHA USHIRIKI", title_en="CERTIFICATE OF PARTICIPATION"))
    pages = pdf_text(render_certificates([give(event), give(event, P, key="registration:1")]), tmp_path).split("\f")

    assert "CHETI CHA TUZO" in pages[0] and "CHETI CHA USHIRIKI" in pages[1]


def test_a_renderer_keeps_the_layout_for_the_next_certificate(event, tmp_path):
    designs.save_design(event, A, details())
    renderer = CertificateRenderer()
    first = renderer.render([give(event)])
    second = renderer.render([give(event, key="award:1:member:2", name="Bi. Neema Kweka")])

    assert len(renderer.layouts) == 1
    assert "Bw. Baraka Mushi" in pdf_text(first, tmp_path) and "Bi. Neema Kweka" in pdf_text(second, tmp_path)


def test_a_long_name_is_fitted_inside_the_frame(event, tmp_path):
    name = ("Prof. Dkt. Mwanaidi Abdallah Kassim Mohamed bin Rashid al-Hinawy Mwakalinga Nyirenda "
            "Mwakyembe Kabudi Lukuvi Mahiga Ndalichako Mchengerwa Kikwete Mwinyi")
    institution = "Taasisi ya Utafiti wa Teknolojia ya Habari na Mawasiliano ya Chuo Kikuu cha Sayansi " * 2
    certificate = give(event, name=name, holder_institution=institution[:200], detail_sw="Mshindi " * 40)

    pdf = render_certificate(certificate)
    [page] = pdf_words(pdf, tmp_path)
    width, height = landscape(A4)

    assert all(FRAME < w.x_min and w.x_max < width - FRAME and FRAME < w.y_min and w.y_max < height - FRAME
               for w in page.words)
    assert name in flat(pdf_text(pdf, tmp_path))  # every word of the name, on two lines
    assert qr_codes(pdf, tmp_path) == [[verification_url(certificate.code)]]


def test_signature_pictures_are_drawn_and_a_missing_one_leaves_a_gap(event, tmp_path):
    designs.save_design(event, A, details(), signatures=(upload(image_bytes((900, 300))), None))
    certificate = give(event)
    assert image_count(render_certificate(certificate), tmp_path) == 1

    upload_path(designs.saved_design(event, A).signatory1_signature).unlink()

    assert image_count(render_certificate(certificate), tmp_path) == 0
    assert "Dkt. Jabiri Bakari" in pdf_text(render_certificate(certificate), tmp_path)


def test_sponsors_logos_appear_when_their_package_says_so(event, tmp_path):
    designs.save_design(event, A, details())
    certificate = give(event)
    assert image_count(render_certificate(certificate), tmp_path) == 0

    on_certificates = make_package(event, code="GOLD", logo_on_certificates=True)
    elsewhere = make_package(event, code="SILVER", logo_on_certificates=False)
    make_sponsor(event, on_certificates, name="National Microfinance Bank", logo=upload(image_bytes()))
    make_sponsor(event, on_certificates, name="Tanzania National Parks", logo=upload(image_bytes()))
    make_sponsor(event, elsewhere, name="NBC Bank", logo=upload(image_bytes()))

    assert image_count(render_certificate(certificate), tmp_path) == 2

    designs.save_design(event, A, details(show_sponsor_logos=False))
    assert image_count(render_certificate(certificate), tmp_path) == 0


def test_the_sample_is_marked_and_its_code_verifies_as_not_found(app, event, client, tmp_path):
    pdf = render_sample(event, P)
    text = flat(pdf_text(pdf, tmp_path))

    assert "MFANO / SAMPLE" in text and "Si cheti halali / Not a valid certificate" in text
    assert "Jina la Mfano / Sample Name" in text
    assert "CHETI CHA USHIRIKI" in text and "CERTIFICATE OF PARTICIPATION" in text
    [[url]] = qr_codes(pdf, tmp_path)
    assert url == "https://kikaokazi.example.go.tz/verify/" + "0" * 24
    assert client.get("/verify/" + "0" * 24).status_code == 404
