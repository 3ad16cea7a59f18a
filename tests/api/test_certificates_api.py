"""`GET /api/v1/certificates/<code>`: public JSON for other systems checking a certificate; the
same answer for every code that is not a certificate's; no email or internal id."""
from datetime import date

import pytest

from eventapp.certificates.issuing import Subject, correct_name, issue, revoke
from eventapp.certificates.models import CertificateType
from eventapp.core.clock import local
from eventapp.extensions import db
from tests import factories

EMAIL = "juma.private@example.org"


@pytest.fixture
def event(app_ctx):
    return factories.event(edition=3, starts_on=date(2026, 2, 2), ends_on=date(2026, 2, 3), venue="JNICC",
                           city="Dar es Salaam")


def certify(event, name="Dkt. Juma Hamisi", certificate_type=CertificateType.AWARD):
    certificate, _ = issue(event, certificate_type, Subject(
        key="award:4:member:9", holder_name=name, holder_institution="Chuo Kikuu cha Dodoma", holder_email=EMAIL,
        detail_sw="Mshindi wa kwanza: Mfumo wa Kilimo", detail_en="Winner: Mfumo wa Kilimo",
    ), actor_id=None)
    db.session.commit()
    return certificate


def test_a_valid_certificate_as_json(client, event):
    certificate = certify(event)

    response = client.get(f"/api/v1/certificates/{certificate.code}")

    assert response.status_code == 200 and response.is_json
    assert response.headers["Cache-Control"] == "no-store"
    assert response.get_json() == {
        "code": certificate.code,
        "status": "valid",
        "holder": "Dkt. Juma Hamisi",
        "institution": "Chuo Kikuu cha Dodoma",
        "type": "award",
        "type_label": "Award",
        "detail_sw": "Mshindi wa kwanza: Mfumo wa Kilimo",
        "detail_en": "Winner: Mfumo wa Kilimo",
        "event": {"edition": 3, "title_sw": event.title_sw, "title_en": event.title_en, "starts_on": "2026-02-02",
                  "ends_on": "2026-02-03", "venue": "JNICC", "city": "Dar es Salaam"},
        "issued_on": local(certificate.issued_at).date().isoformat(),
        "serial": certificate.serial,
    }


def test_a_revoked_certificate_says_when_and_has_no_replacement(client, event):
    certificate = certify(event)
    revoke(certificate, "Award withdrawn by the panel", actor_id=None)
    db.session.commit()

    body = client.get(f"/api/v1/certificates/{certificate.code}").get_json()

    assert body["status"] == "revoked" and body["replaced_by_code"] is None
    assert body["revoked_on"] == local(certificate.revoked_at).date().isoformat()
    assert "withdrawn" not in str(body) and EMAIL not in str(body)


def test_a_corrected_name_gives_the_new_code(client, event):
    old = certify(event, name="Dkt. Juma Hamis")
    new = correct_name(old, "Dkt. Juma Hamisi", actor_id=None)
    db.session.commit()

    old_body = client.get(f"/api/v1/certificates/{old.code}").get_json()
    new_body = client.get(f"/api/v1/certificates/{new.code}").get_json()

    assert old_body["status"] == "revoked" and old_body["replaced_by_code"] == new.code
    assert new_body["status"] == "valid" and new_body["holder"] == "Dkt. Juma Hamisi"
    assert "replaced_by_code" not in new_body and "revoked_on" not in new_body


def test_no_email_or_internal_id_in_the_answer(client, event):
    certificate = certify(event)

    raw = client.get(f"/api/v1/certificates/{certificate.code}").get_data(as_text=True)

    assert EMAIL not in raw and "award:4:member:9" not in raw
    assert not {"id", "registration_id", "user_id", "subject_key", "holder_email"} & set(
        client.get(f"/api/v1/certificates/{certificate.code}").get_json())


@pytest.mark.parametrize("code", ["Z" * 24, "short", "x" * 500, "A" * 23 + "!", "a/b", "%00", "KK3-A-000001-3"])
def test_any_other_code_is_the_same_404(client, event, code):
    certificate = certify(event)
    tampered = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
    unknown = client.get(f"/api/v1/certificates/{tampered}")

    response = client.get(f"/api/v1/certificates/{code}")

    assert response.status_code == 404 == unknown.status_code and response.is_json
    assert response.get_json() == unknown.get_json() == {"error": "No certificate has this code."}


def test_no_token_is_needed_and_a_session_changes_nothing(app, client, event, login):
    from eventapp.core.roles import Role

    login(Role.ORGANISER)
    certificate = certify(event)

    logged_in = client.get(f"/api/v1/certificates/{certificate.code}")
    anonymous = app.test_client().get(f"/api/v1/certificates/{certificate.code}")

    assert logged_in.status_code == anonymous.status_code == 200
    assert logged_in.get_json() == anonymous.get_json()


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True, "VERIFY_RATE_LIMIT": "2 per minute"}])
def test_the_api_is_rate_limited_with_a_json_429(client, event):
    certificate = certify(event)

    answers = [client.get(f"/api/v1/certificates/{code}").status_code for code in (certificate.code, "Z" * 24)]
    limited = client.get(f"/api/v1/certificates/{certificate.code}")

    assert answers == [200, 404]
    assert limited.status_code == 429 and limited.is_json and "error" in limited.get_json()
    assert "holder" not in limited.get_json()
