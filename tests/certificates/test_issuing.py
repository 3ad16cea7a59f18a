"""Issuing, revoking and correcting certificates: one valid certificate per subject, ever."""
import pytest
import sqlalchemy as sa

from eventapp.certificates.issuing import Subject, correct_name, find_by_code, issue, revoke, serial_for
from eventapp.certificates.models import Certificate, CertificateType
from eventapp.core.errors import DomainError
from eventapp.core.references import luhn_is_valid
from eventapp.extensions import db
from tests import factories

pytestmark = pytest.mark.database

P = CertificateType.PARTICIPATION


@pytest.fixture
def event(app_ctx, db_backend):
    return factories.event(edition=2)


def subject(key="registration:1", name="Bi. Asha Mwinyi"):
    return Subject(key=key, holder_name=name, holder_institution="Wizara ya Fedha", holder_email="asha@example.org")


def count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Certificate))


def test_issuing_gives_a_random_code_and_a_checked_serial(event):
    first, created = issue(event, P, subject("registration:1"), actor_id=None)
    second, _ = issue(event, P, subject("registration:2"), actor_id=None)
    db.session.commit()

    assert created and len(first.code) == 24 and first.code != second.code
    assert first.serial == serial_for(event, P, first.id) and first.serial.startswith("KK2-P-")
    number = first.serial.split("-")[2]
    assert luhn_is_valid("2" + number + first.serial[-1])


def test_issuing_twice_issues_nothing_twice(event):
    first, _ = issue(event, P, subject(), actor_id=None)
    again, created = issue(event, P, subject(name="Another Name"), actor_id=None)
    db.session.commit()

    assert not created and again.id == first.id and count() == 1


def test_the_same_person_may_hold_certificates_of_different_types(event):
    issue(event, P, subject("registration:1"), actor_id=None)
    issue(event, CertificateType.JUDGE, subject("registration:1"), actor_id=None)
    db.session.commit()

    assert count() == 2


def test_the_database_refuses_a_second_valid_certificate_for_a_subject(event):
    issue(event, P, subject(), actor_id=None)
    db.session.commit()
    db.session.add(Certificate(event_id=event.id, type=P, subject_key="registration:1", holder_name="X Y Z"))

    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()


def test_revoking_needs_a_reason_and_happens_once(event):
    certificate, _ = issue(event, P, subject(), actor_id=None)
    db.session.commit()

    with pytest.raises(DomainError):
        revoke(certificate, "  ", actor_id=None)
    revoke(certificate, "Issued by mistake", actor_id=None)
    db.session.commit()
    assert certificate.revoked_at is not None and not certificate.valid
    with pytest.raises(DomainError):
        revoke(certificate, "Again, by mistake", actor_id=None)


def test_after_revoking_the_subject_can_be_issued_again(event):
    certificate, _ = issue(event, P, subject(), actor_id=None)
    revoke(certificate, "Issued by mistake", actor_id=None)
    db.session.commit()

    fresh, created = issue(event, P, subject(), actor_id=None)
    db.session.commit()
    assert created and fresh.id != certificate.id and count() == 2


def test_correcting_a_name_revokes_the_old_and_issues_a_new_one(event):
    old, _ = issue(event, P, subject(name="Bi. Asha Mwiny"), actor_id=None)
    db.session.commit()

    new = correct_name(old, "Bi. Asha Mwinyi", actor_id=None)
    db.session.commit()

    assert old.revoked_at is not None and "Mwinyi" in old.revoke_reason
    assert new.valid and new.holder_name == "Bi. Asha Mwinyi" and new.replaces_id == old.id
    assert new.code != old.code and new.serial != old.serial and new.subject_key == old.subject_key


@pytest.mark.parametrize("name", ["", "ab", "x" * 201])
def test_a_name_that_is_missing_or_too_long_is_refused(event, name):
    with pytest.raises(DomainError):
        issue(event, P, subject(name=name), actor_id=None)
    db.session.rollback()
    assert count() == 0


def test_find_by_code_finds_valid_and_revoked_and_nothing_else(event):
    certificate, _ = issue(event, P, subject(), actor_id=None)
    db.session.commit()

    assert find_by_code(certificate.code).id == certificate.id
    tampered = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
    for code in (tampered, certificate.code[:-1], "", None, certificate.serial, "x" * 500):
        assert find_by_code(code) is None
