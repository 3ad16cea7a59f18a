"""What the public sees of a certificate: found by its code only, valid or revoked, the corrected
certificate after a name correction; anything else is not found, in the same query."""
from datetime import date

import pytest
import sqlalchemy as sa

from eventapp.certificates.issuing import Subject, correct_name, issue, revoke
from eventapp.certificates.models import CertificateType
from eventapp.certificates.verification import as_json, code_from_typed, verify
from eventapp.core.clock import local
from eventapp.extensions import db
from tests import factories

pytestmark = pytest.mark.database

P = CertificateType.PARTICIPATION


@pytest.fixture
def event(app_ctx, db_backend):
    return factories.event(edition=2, starts_on=date(2026, 2, 2), ends_on=date(2026, 2, 4))


def certify(event, key="registration:1", name="Bi. Asha Mwinyi", certificate_type=P):
    certificate, _ = issue(event, certificate_type, Subject(
        key=key, holder_name=name, holder_institution="Wizara ya Fedha", holder_email="asha@example.org",
        detail_sw="kwa kushiriki siku zote", detail_en="for taking part on every day", registration_id=None,
    ), actor_id=None)
    db.session.commit()
    return certificate


def tampered(code: str) -> str:
    return code[:-1] + ("A" if code[-1] != "A" else "B")


def test_a_valid_certificate_verifies_with_what_it_says(event):
    certificate = certify(event)

    found = verify(certificate.code)

    assert found.valid and found.code == certificate.code and found.serial == certificate.serial
    assert (found.holder_name, found.holder_institution) == ("Bi. Asha Mwinyi", "Wizara ya Fedha")
    assert found.type is P and found.type_label == "Participation"
    assert found.detail_en == "for taking part on every day" and found.detail_sw == "kwa kushiriki siku zote"
    assert found.event.id == event.id and found.issued_on == local(certificate.issued_at).date()
    assert found.revoked_on is None and found.replaced_by_code is None


def test_a_revoked_certificate_verifies_as_revoked_without_a_replacement(event):
    certificate = certify(event)
    revoke(certificate, "Issued by mistake: never attended", actor_id=None)
    db.session.commit()

    found = verify(certificate.code)

    assert not found.valid and found.revoked_on is not None and found.replaced_by_code is None


def test_a_name_correction_points_to_the_corrected_certificate(event):
    old = certify(event, name="Bi. Asha Mwiny")
    new = correct_name(old, "Bi. Asha Mwinyi", actor_id=None)
    db.session.commit()

    found_old, found_new = verify(old.code), verify(new.code)

    assert not found_old.valid and found_old.replaced_by_code == new.code
    assert found_new.valid and found_new.holder_name == "Bi. Asha Mwinyi" and found_new.replaced_by_code is None


@pytest.mark.parametrize("code", ["", "x", "x" * 500, None, 42, "A" * 23 + "!", "A" * 23 + "\x00", "ā" * 24])
def test_anything_but_a_certificate_code_is_not_found(event, code):
    certify(event)
    assert verify(code) is None


def test_a_tampered_code_or_the_serial_is_not_found(event):
    certificate = certify(event)

    assert verify(tampered(certificate.code)) is None
    assert verify(certificate.code.lower() if certificate.code != certificate.code.lower() else "x" * 24) is None
    assert verify(certificate.serial) is None


def test_a_malformed_code_costs_the_same_query_as_an_unknown_one(event):
    certify(event)
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        for code in ("Z" * 24, "x" * 500, "short", "A" * 23 + "!"):
            verify(code)
            db.session.rollback()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)

    lookups = [s for s in statements if "FROM certificates" in s]
    assert len(lookups) == 4 and len(set(lookups)) == 1


def test_the_json_shape_of_a_valid_and_of_a_replaced_certificate(event):
    old = certify(event, name="Bi. Asha Mwiny")
    new = correct_name(old, "Bi. Asha Mwinyi", actor_id=None)
    db.session.commit()

    valid, replaced = as_json(verify(new.code)), as_json(verify(old.code))

    assert valid == {
        "code": new.code, "status": "valid", "holder": "Bi. Asha Mwinyi", "institution": "Wizara ya Fedha",
        "type": "participation", "type_label": "Participation",
        "detail_sw": "kwa kushiriki siku zote", "detail_en": "for taking part on every day",
        "event": {"edition": 2, "title_sw": event.title_sw, "title_en": event.title_en, "starts_on": "2026-02-02",
                  "ends_on": "2026-02-04", "venue": "AICC", "city": "Arusha"},
        "issued_on": local(new.issued_at).date().isoformat(), "serial": new.serial,
    }
    assert replaced["status"] == "revoked" and replaced["replaced_by_code"] == new.code
    assert replaced["revoked_on"] == local(old.revoked_at).date().isoformat()


@pytest.mark.parametrize("typed, code", [
    ("AbCdEfGhIjKlMnOpQrStUvWx", "AbCdEfGhIjKlMnOpQrStUvWx"),
    ("  AbCdEf GhIjKl MnOpQr StUvWx \n", "AbCdEfGhIjKlMnOpQrStUvWx"),
    ("https://egov.example/verify/AbCdEfGhIjKlMnOpQrStUvWx", "AbCdEfGhIjKlMnOpQrStUvWx"),
    ("http://x/verify/AbCdEfGhIjKlMnOpQrStUvWx/?utm=1#top", "AbCdEfGhIjKlMnOpQrStUvWx"),
    ("", ""),
    ("/verify/", ""),
])
def test_a_typed_code_or_pasted_link_gives_the_code(typed, code):
    assert code_from_typed(typed) == code
