"""The public verification page /verify/<code> and its form /verify: VALID or REVOKED in the page's
language, the same not-found page (404) for every other code, nothing private on the page, and
the rate limit against enumeration."""
import re
from datetime import date

import pytest
from flask_babel import force_locale, gettext, refresh

from eventapp.certificates.issuing import Subject, correct_name, issue, revoke
from eventapp.certificates.models import CertificateType
from eventapp.core.clock import local
from eventapp.extensions import db
from tests import factories

EMAIL = "asha.private@example.org"


@pytest.fixture
def event(app_ctx):
    return factories.event(edition=2, starts_on=date(2026, 2, 2), ends_on=date(2026, 2, 4), venue="AICC",
                           city="Arusha")


def certify(event, name="Bi. Asha Mwinyi", key="registration:7", certificate_type=CertificateType.PARTICIPATION):
    certificate, _ = issue(event, certificate_type, Subject(
        key=key, holder_name=name, holder_institution="Wizara ya Fedha", holder_email=EMAIL,
        detail_sw="kwa kushiriki siku zote", detail_en="for taking part on every day",
    ), actor_id=None)
    db.session.commit()
    return certificate


def main(response) -> str:
    """The page's <main> (the header's language links carry the address, so they differ)."""
    return response.get_data(as_text=True).split("<main>", 1)[1].split("</main>", 1)[0]


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main(response)))


def choose(client, language: str) -> None:
    """Choose the page language; under the test's app context (shared by the test client's
    requests) Flask-Babel has cached the last request's locale, so it is forgotten too."""
    client.set_cookie("lang", language)
    refresh()


def in_swahili(message: str) -> str:
    with force_locale("sw"):
        return gettext(message)


def tampered(code: str) -> str:
    return code[:-1] + ("A" if code[-1] != "A" else "B")


def test_a_valid_certificate_shows_valid_with_its_details(client, event):
    certificate = certify(event)

    response = client.get(f"/verify/{certificate.code}")

    assert response.status_code == 200
    page = text(response)
    assert 'data-status="valid"' in main(response) and "VALID" in page and "REVOKED" not in page
    for shown in ("Bi. Asha Mwinyi", "Wizara ya Fedha", "Participation", "for taking part on every day",
                  event.title_en, "February 2, 2026 – February 4, 2026", "AICC, Arusha", certificate.serial):
        assert shown in page, shown
    assert response.headers["Cache-Control"] == "no-store" and response.headers["X-Robots-Tag"] == "noindex"


def test_the_page_shows_no_email_or_internal_ids(client, event):
    certificate = certify(event)
    revoke(certificate, "Wrong person, see registration 7 of asha.private", actor_id=None)
    db.session.commit()
    new = certify(event)

    for code in (certificate.code, new.code):
        body = client.get(f"/verify/{code}").get_data(as_text=True)
        assert EMAIL not in body and "asha.private" not in body and "registration:7" not in body
        assert "Wrong person" not in body
        assert not re.search(rf"(certificate|registration)[_/:-]?(id)?[=/:]{certificate.id}\b", body)


def test_the_page_follows_the_chosen_language(client, event):
    certificate = certify(event)

    choose(client, "sw")
    swahili = client.get(f"/verify/{certificate.code}")
    choose(client, "en")
    english = client.get(f"/verify/{certificate.code}")

    assert '<html lang="sw">' in swahili.get_data(as_text=True)
    sw_page, en_page = text(swahili), text(english)
    assert in_swahili("VALID") in sw_page and "kwa kushiriki siku zote" in sw_page and event.title_sw in sw_page
    assert "2 Februari 2026 – 4 Februari 2026" in sw_page and "for taking part" not in sw_page
    assert "VALID" in en_page and "for taking part on every day" in en_page and event.title_en in en_page
    assert "kwa kushiriki" not in en_page


def test_a_revoked_certificate_shows_revoked_with_the_date_and_not_the_reason(client, event):
    certificate = certify(event)
    revoke(certificate, "Issued by mistake: did not attend", actor_id=None)
    db.session.commit()

    response = client.get(f"/verify/{certificate.code}")

    page = text(response)
    assert response.status_code == 200 and 'data-status="revoked"' in main(response)
    assert "REVOKED" in page and "VALID" not in page
    revoked_on = local(certificate.revoked_at).date()
    assert f"revoked on {revoked_on.strftime('%B')} {revoked_on.day}, {revoked_on.year}" in page
    assert "did not attend" not in page and "replaced" not in page
    choose(client, "sw")
    assert in_swahili("REVOKED") in text(client.get(f"/verify/{certificate.code}"))


def test_a_corrected_name_links_the_old_certificate_to_the_new(client, event):
    old = certify(event, name="Bi. Asha Mwiny")
    new = correct_name(old, "Bi. Asha Mwinyi", actor_id=None)
    db.session.commit()

    old_page = client.get(f"/verify/{old.code}")
    new_page = client.get(f"/verify/{new.code}")

    assert "REVOKED" in text(old_page) and "It was replaced by a corrected certificate." in text(old_page)
    assert f'href="/verify/{new.code}"' in main(old_page)
    assert "→" not in text(old_page)  # the correction's reason (old → new name) stays internal
    assert "VALID" in text(new_page) and "Bi. Asha Mwinyi" in text(new_page)


@pytest.mark.parametrize("code", [
    "Z" * 24, "short", "x" * 500, "A" * 23 + "!", "with space in it", "a/b/c", "%00" * 24, "KK2-P-000001-4",
    "\u0101" * 24,
])
def test_any_other_code_gets_the_same_not_found_page(client, event, code):
    certificate = certify(event)
    unknown = client.get("/verify/" + "Q" * 24)

    response = client.get(f"/verify/{code}")

    assert response.status_code == 404 == unknown.status_code
    assert main(response) == main(unknown)
    assert "No certificate has this code." in text(response) and certificate.holder_name not in text(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_tampered_code_is_not_found(client, event):
    certificate = certify(event)

    response = client.get(f"/verify/{tampered(certificate.code)}")

    assert response.status_code == 404 and "No certificate has this code." in text(response)
    assert "Bi. Asha Mwinyi" not in response.get_data(as_text=True)


def test_the_not_found_page_in_swahili(client, event):
    choose(client, "sw")

    response = client.get("/verify/" + "Z" * 24)

    assert response.status_code == 404 and '<html lang="sw">' in response.get_data(as_text=True)
    assert in_swahili("No certificate has this code.") in text(response)


def test_the_form_sends_a_typed_code_or_a_pasted_link_to_its_page(client, event):
    certificate = certify(event)

    page = client.get("/verify")
    typed = client.get("/verify", query_string={"code": f"  {certificate.code} "})
    pasted = client.get("/verify", query_string={"code": f"https://example.org/verify/{certificate.code}"})

    assert page.status_code == 200 and 'name="code"' in main(page) and "serial number" in text(page).lower()
    assert typed.status_code == 302 and typed.headers["Location"] == f"/verify/{certificate.code}"
    assert pasted.status_code == 302 and pasted.headers["Location"] == f"/verify/{certificate.code}"
    assert client.get(typed.headers["Location"]).status_code == 200


@pytest.mark.parametrize("typed", ["", "   ", "/verify/", "x" * 301])
def test_the_form_refuses_nothing_or_too_much_beside_the_field(client, typed):
    response = client.get("/verify", query_string={"code": typed})

    assert response.status_code == 422
    assert 'class="errors"' in main(response) and 'aria-invalid="true"' in main(response)


def test_a_typed_serial_is_not_a_code(client, event):
    certificate = certify(event)

    response = client.get("/verify", query_string={"code": certificate.serial}, follow_redirects=True)

    assert response.status_code == 404 and "No certificate has this code." in text(response)


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True, "VERIFY_RATE_LIMIT": "4 per minute"}])
def test_verification_is_rate_limited_per_client_with_the_429_page(client, event):
    certificate = certify(event)

    answers = [client.get(f"/verify/{code}").status_code
               for code in (certificate.code, "Z" * 24, "short", certificate.code)]
    limited = client.get(f"/verify/{certificate.code}")
    other_client = client.get(f"/verify/{certificate.code}", environ_base={"REMOTE_ADDR": "10.0.0.9"})

    assert answers == [200, 404, 404, 200]
    assert limited.status_code == 429 and "Too many attempts" in text(limited)
    assert "Bi. Asha Mwinyi" not in limited.get_data(as_text=True)
    assert other_client.status_code == 200
    # The page and the JSON API share one budget: the API is refused too, in JSON.
    api = client.get(f"/api/v1/certificates/{certificate.code}")
    assert api.status_code == 429 and api.is_json and "error" in api.get_json()


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True}])
def test_the_default_limit_allows_thirty_a_minute(client, event):
    answers = [client.get("/verify/" + "Z" * 24).status_code for _ in range(31)]

    assert answers == [404] * 30 + [429]
