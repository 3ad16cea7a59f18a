"""A holder's own certificates: the registrant's (listed on their page, downloaded by its signed
link) and a logged-in person's (/my/certificates); someone else's is never found, a revoked one
is not downloaded (and says what replaced it)."""
import pytest

from eventapp.certificates import holders
from eventapp.certificates.issuing import Subject, correct_name, issue, revoke
from eventapp.certificates.models import CertificateDesign, CertificateType
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.registration.services.lifecycle import registrant_token
from tests import factories
from tests.checkin import factories as gate
from tests.pdf_reading import pdf_text

pytestmark = pytest.mark.database

P, J = CertificateType.PARTICIPATION, CertificateType.JUDGE


def design(event, certificate_type=P):
    db.session.add(CertificateDesign(
        event_id=event.id, type=certificate_type, title_sw="CHETI CHA USHIRIKI",
        title_en="CERTIFICATE OF PARTICIPATION",
        statement_sw="kwa kushiriki kikao kazi.", statement_en="for participating in the meeting.",
        signatory1_name="Eng. Benedict Ndomba", signatory1_title="Mkurugenzi Mkuu / Director General",
    ))
    db.session.commit()


def for_registration(event, registration, certificate_type=P, name=None):
    certificate, _ = issue(event, certificate_type, Subject(
        key=f"registration:{registration.id}", holder_name=name or registration.display_name,
        holder_institution=registration.institution.name, holder_email=registration.email,
        registration_id=registration.id,
    ), actor_id=None)
    db.session.commit()
    return certificate


def for_person(event, key, name, email="", user_id=None, certificate_type=J):
    certificate, _ = issue(event, certificate_type, Subject(key=key, holder_name=name, holder_email=email,
                                                            user_id=user_id), actor_id=None)
    db.session.commit()
    return certificate


@pytest.fixture
def world(app_ctx, db_backend):
    event = gate.gate_event()
    design(event)
    design(event, J)
    mine = gate.confirmed(event, 1, first_name="Asha", last_name="Mwinyi")
    theirs = gate.confirmed(event, 1, first_name="Zawadi", last_name="Ally")
    token = registrant_token(mine)
    db.session.commit()  # no open transaction: `login` writes from an app context of its own
    return {"event": event, "mine": mine, "theirs": theirs, "token": token}


def body(response) -> str:
    return response.get_data(as_text=True)


# --- the services ------------------------------------------------------------------------


def test_a_registration_has_its_valid_certificates_only(world):
    event, mine, theirs = world["event"], world["mine"], world["theirs"]
    own = for_registration(event, mine)
    for_registration(event, theirs)
    revoked = for_registration(event, mine, J)
    revoke(revoked, "Issued by mistake", actor_id=None)
    db.session.commit()

    assert [c.id for c in holders.registrant_certificates(mine)] == [own.id]
    assert holders.registrant_certificate(mine, revoked.code).id == revoked.id  # found, to say it was revoked
    assert holders.registrant_certificate(theirs, own.code) is None
    assert holders.registrant_certificate(mine, "x" * 500) is None


def test_an_account_holds_the_certificates_issued_to_it_never_by_a_matching_email(world):
    event = world["event"]
    judge = factories.user(roles=[Role.JUDGE], email="judge@example.org")
    by_id = for_person(event, "judge:1", "Prof. Neema Kweka", user_id=judge.id)
    by_email = for_person(event, "committee_member:3", "Prof. Neema Kweka", email="Judge@Example.org",
                          certificate_type=CertificateType.COMMITTEE)
    someone_else = for_person(event, "judge:2", "Dkt. Ali Said", email="ali@example.org")
    no_email = for_person(event, "committee_member:4", "Bi. Rehema", email="",
                          certificate_type=CertificateType.COMMITTEE)

    # an innovator signs up with any address, unverified: an email match would hand out others' certificates
    assert [c.id for c in holders.user_certificates(judge)] == [by_id.id]
    assert holders.user_certificate(judge, by_email.code) is None
    assert holders.user_certificate(judge, someone_else.code) is None
    assert holders.user_certificate(judge, no_email.code) is None
    revoke(by_id, "Issued by mistake", actor_id=None)
    db.session.commit()
    assert holders.user_certificates(judge) == []


def test_the_valid_replacement_follows_every_correction(world):
    first = for_registration(world["event"], world["mine"], name="Asha Mwiny")
    second = correct_name(first, "Asha Mwinyy", actor_id=None)
    third = correct_name(second, "Asha Mwinyi", actor_id=None)
    db.session.commit()
    gone = for_person(world["event"], "judge:9", "Dkt. Ali Said")
    revoke(gone, "Not a judge this year", actor_id=None)
    db.session.commit()

    assert holders.valid_replacement(first).id == third.id
    assert holders.valid_replacement(gone) is None


# --- the registrant's page and download ----------------------------------------------------


def test_the_registrants_page_lists_their_certificates_with_downloads(client, world):
    token = world["token"]
    assert "Your certificates" not in body(client.get(f"/registration/{token}"))

    own = for_registration(world["event"], world["mine"])
    for_registration(world["event"], world["theirs"])
    page = body(client.get(f"/registration/{token}"))

    assert "Your certificates" in page and own.serial in page
    assert f'href="/registration/{token}/certificates/{own.code}.pdf"' in page
    assert f'href="/verify/{own.code}"' in page
    assert page.count("/certificates/") == 1


def test_the_registrant_downloads_their_certificate(client, world, tmp_path):
    own = for_registration(world["event"], world["mine"])

    response = client.get(f"/registration/{world['token']}/certificates/{own.code}.pdf")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f"certificate-{own.serial}.pdf" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    text = pdf_text(response.data, tmp_path)
    assert "Asha" in text and "Mwinyi" in text and own.serial in text


def test_another_registrations_certificate_is_not_found_by_my_link(client, world):
    theirs = for_registration(world["event"], world["theirs"])

    response = client.get(f"/registration/{world['token']}/certificates/{theirs.code}.pdf")

    assert response.status_code == 404 and b"%PDF" not in response.data and "Zawadi" not in body(response)


@pytest.mark.parametrize("code", ["Z" * 24, "short", "x" * 500])
def test_an_unknown_code_is_not_found_by_my_link(client, world, code):
    assert client.get(f"/registration/{world['token']}/certificates/{code}.pdf").status_code == 404


def test_a_forged_link_gets_the_invalid_link_page(client, world):
    own = for_registration(world["event"], world["mine"])

    response = client.get(f"/registration/{world['token']}x/certificates/{own.code}.pdf")

    assert response.status_code == 404 and "Link not valid" in body(response) and b"%PDF" not in response.data


def test_a_corrected_certificate_is_refused_with_a_link_to_the_new_one(client, world):
    old = for_registration(world["event"], world["mine"], name="Bi. Asha Mwiny")
    new = correct_name(old, "Bi. Asha Mwinyi", actor_id=None)
    db.session.commit()
    token = world["token"]

    response = client.get(f"/registration/{token}/certificates/{old.code}.pdf")

    assert response.status_code == 404 and b"%PDF" not in response.data
    assert "This certificate was revoked" in body(response) and "replaced by a corrected certificate" in body(response)
    assert f'href="/registration/{token}/certificates/{new.code}.pdf"' in body(response)
    assert client.get(f"/registration/{token}/certificates/{new.code}.pdf").status_code == 200
    page = body(client.get(f"/registration/{token}"))
    assert new.code in page and old.code not in page


def test_a_certificate_revoked_for_good_is_refused_without_a_replacement(client, world):
    own = for_registration(world["event"], world["mine"])
    revoke(own, "Issued by mistake", actor_id=None)
    db.session.commit()

    response = client.get(f"/registration/{world['token']}/certificates/{own.code}.pdf")

    assert response.status_code == 404 and "This certificate was revoked" in body(response)
    assert "replaced" not in body(response) and "Issued by mistake" not in body(response)


# --- a logged-in person's certificates -----------------------------------------------------


def test_my_certificates_needs_a_login(client, world):
    response = client.get("/my/certificates")

    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_logged_in_person_sees_and_downloads_only_their_own(client, world, login, tmp_path):
    user = login(Role.JUDGE, email="kweka@example.org")
    event = world["event"]
    by_id = for_person(event, "judge:1", "Prof. Neema Kweka", user_id=user.id)
    by_email = for_person(event, "committee_member:3", "Prof. Neema Kweka", email="kweka@example.org",
                          certificate_type=CertificateType.COMMITTEE)
    others = for_person(event, "judge:2", "Dkt. Ali Said", email="ali@example.org")
    registrant = for_registration(event, world["mine"])

    page = body(client.get("/my/certificates"))
    download = client.get(f"/my/certificates/{by_id.code}.pdf")

    assert "My certificates" in page and by_id.serial in page and by_email.serial not in page
    assert others.serial not in page and registrant.serial not in page and "Dkt. Ali Said" not in page
    assert f'href="/my/certificates/{by_id.code}.pdf"' in page
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert "Kweka" in pdf_text(download.data, tmp_path)
    for code in (by_email.code, others.code, registrant.code, "Z" * 24, "x" * 500):
        refused = client.get(f"/my/certificates/{code}.pdf")
        assert refused.status_code == 404 and b"%PDF" not in refused.data


def test_a_person_without_certificates_is_told_so(client, world, login):
    login(Role.PARTICIPANT)

    response = client.get("/my/certificates")

    assert response.status_code == 200 and "You have no certificates yet." in body(response)


def test_my_revoked_certificate_points_to_the_corrected_one(client, world, login):
    user = login(Role.JUDGE)
    old = for_person(world["event"], "judge:1", "Prof. Neema Kwek", user_id=user.id)
    new = correct_name(old, "Prof. Neema Kweka", actor_id=None)
    db.session.commit()

    response = client.get(f"/my/certificates/{old.code}.pdf")

    assert response.status_code == 404 and f'href="/my/certificates/{new.code}.pdf"' in body(response)
    page = body(client.get("/my/certificates"))
    assert new.serial in page and old.serial not in page
