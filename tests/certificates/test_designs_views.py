"""The organisers' design pages: the six types with their state, changing a type's wording and
signatories (errors beside the fields, everything typed kept, nothing saved), signature
pictures uploaded, shown and removed, the sample PDF, and who may open them."""
import io
import re
from html import unescape
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import current_app

from eventapp.certificates.models import CertificateDesign, CertificateType
from eventapp.core.roles import Role
from eventapp.core.uploads import upload_path
from eventapp.extensions import db
from tests import factories
from tests.certificates.test_documents import image_count
from tests.checkin.badge_reading import qr_codes
from tests.pdf_reading import pdf_text
from tests.sponsors.test_services import SVG, image_bytes


@pytest.fixture
def event_id(app):
    with app.app_context():
        return factories.event(edition=2, with_days=True).id


def url(event_id, type_="participation", suffix=""):
    return f"/manage/events/{event_id}/certificates/designs/{type_}{suffix}"


def form(**changes) -> dict:
    data = {"title_sw": "CHETI CHA USHIRIKI", "title_en": "CERTIFICATE OF PARTICIPATION",
            "statement_sw": "kwa kushiriki Kikao Kazi.", "statement_en": "for participating in the meeting.",
            "signatory1_name": "Dkt. Jabiri Bakari", "signatory1_title": "Mtendaji Mkuu, eGA",
            "signatory2_name": "", "signatory2_title": "", "show_sponsor_logos": "y", "min_days_attended": "2"}
    data.update(changes)
    return data


def errors_beside(body: str, field: str) -> list[str]:
    found = re.search(rf'<ul class="errors" id="{field}-error">(.*?)</ul>', body, re.S)
    return [unescape(m) for m in re.findall(r"<li>(.*?)</li>", found.group(1))] if found else []


def design(app, type_=CertificateType.PARTICIPATION) -> CertificateDesign | None:
    with app.app_context():
        found = db.session.scalar(sa.select(CertificateDesign).where(CertificateDesign.type == type_))
        if found is not None:
            db.session.expunge(found)
        return found


def test_the_list_shows_the_six_types_and_what_stops_issuing(client, login, event_id):
    login(Role.ORGANISER)

    body = client.get(f"/manage/events/{event_id}/certificates/designs").get_data(as_text=True)

    for type_ in CertificateType:
        assert url(event_id, type_.value) in body and url(event_id, type_.value, "/preview.pdf") in body
    assert body.count("Default wording, not saved") == 6
    assert body.count("Name at least one signatory") == 6


def test_an_organiser_saves_a_design_and_it_becomes_ready(app, client, login, event_id):
    login(Role.ORGANISER)
    page = client.get(url(event_id)).get_data(as_text=True)
    assert "CHETI CHA USHIRIKI" in page and 'name="min_days_attended"' in page

    response = client.post(url(event_id), data=form())

    assert response.status_code == 302 and response.location.endswith(f"/events/{event_id}/certificates/designs")
    saved = design(app)
    assert (saved.signatory1_name, saved.min_days_attended) == ("Dkt. Jabiri Bakari", 2)
    body = client.get(response.location).get_data(as_text=True)
    assert "Ready to issue" in body and body.count("Name at least one signatory") == 5


def test_only_participation_asks_for_days(client, login, event_id):
    login(Role.ORGANISER)

    assert 'name="min_days_attended"' not in client.get(url(event_id, "award")).get_data(as_text=True)


def test_errors_show_beside_the_fields_with_everything_typed_kept(app, client, login, event_id):
    login(Role.ORGANISER)

    response = client.post(url(event_id), data=form(signatory1_title="", min_days_attended="9",
                                                     statement_en="for coming to the Kikao"))

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert errors_beside(body, "signatory1_title") and errors_beside(body, "min_days_attended")
    assert "for coming to the Kikao" in body and 'value="Dkt. Jabiri Bakari"' in body
    assert design(app) is None


def test_a_refused_signature_is_shown_beside_its_field_and_nothing_stored(app, client, login, event_id):
    login(Role.ORGANISER)

    response = client.post(url(event_id), data={**form(), "signature1": (io.BytesIO(SVG), "signature.png")},
                           content_type="multipart/form-data")

    assert response.status_code == 422
    assert "checked by its content" in " ".join(errors_beside(response.get_data(as_text=True), "signature1"))
    assert design(app) is None
    assert not list(Path(app.config["UPLOAD_FOLDER"]).glob("*"))


def test_a_signature_is_uploaded_shown_and_removed(app, client, login, event_id):
    login(Role.ORGANISER)
    client.post(url(event_id), data={**form(), "signature1": (io.BytesIO(image_bytes()), "sig.png")},
                content_type="multipart/form-data")
    stored = design(app).signatory1_signature
    page = client.get(url(event_id)).get_data(as_text=True)
    assert "/signature-1.png" in page and 'name="remove_signature1"' in page

    picture = client.get(url(event_id, suffix="/signature-1.png"))
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    assert client.get(url(event_id, suffix="/signature-2.png")).status_code == 404

    client.post(url(event_id), data=form(remove_signature1="y"))

    assert design(app).signatory1_signature is None
    with app.app_context():
        assert not upload_path(stored).exists()


def test_the_sample_works_without_and_with_a_signature(app, client, login, event_id, tmp_path):
    login(Role.ORGANISER)

    response = client.get(url(event_id, suffix="/preview.pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    text = pdf_text(response.data, tmp_path)
    assert "MFANO / SAMPLE" in text and "Jina la Mfano / Sample Name" in text
    assert image_count(response.data, tmp_path) == 0
    with app.app_context():
        base = current_app.config["BASE_URL"]
    assert qr_codes(response.data, tmp_path) == [[f"{base}/verify/{'0' * 24}"]]

    client.post(url(event_id), data={**form(title_sw="CHETI CHA MAHUDHURIO"),
                                     "signature1": (io.BytesIO(image_bytes()), "sig.png")},
                content_type="multipart/form-data")
    response = client.get(url(event_id, suffix="/preview.pdf"))

    assert "CHETI CHA MAHUDHURIO" in pdf_text(response.data, tmp_path)
    assert image_count(response.data, tmp_path) == 1


@pytest.mark.parametrize("path", ["/unknown", "/unknown/preview.pdf", "/unknown/signature-1.png"])
def test_an_unknown_type_is_not_found(client, login, event_id, path):
    login(Role.ORGANISER)

    assert client.get(f"/manage/events/{event_id}/certificates/designs{path}").status_code == 404


def test_an_unknown_event_is_not_found(client, login):
    login(Role.ORGANISER)

    assert client.get("/manage/events/999/certificates/designs").status_code == 404
    assert client.get(url(999)).status_code == 404
    assert client.get(url(999, suffix="/preview.pdf")).status_code == 404


@pytest.mark.parametrize("role", [Role.FINANCE, Role.GATE, Role.PARTICIPANT, Role.PROGRAMME])
def test_other_roles_are_refused(app, client, login, event_id, role):
    login(role)

    for path in (f"/manage/events/{event_id}/certificates/designs", url(event_id), url(event_id, suffix="/preview.pdf"),
                 url(event_id, suffix="/signature-1.png")):
        assert client.get(path).status_code == 403, path
    assert client.post(url(event_id), data=form()).status_code == 403
    assert design(app) is None


def test_anonymous_visitors_are_sent_to_log_in(client, event_id):
    response = client.get(url(event_id, suffix="/preview.pdf"))

    assert response.status_code == 302 and "/login" in response.location
