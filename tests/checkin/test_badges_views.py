"""One badge's pages: organisers and gate staff print and reissue it, the registrant downloads
their own by the signed link of their registration page; and who may open what."""
import pytest
import sqlalchemy as sa

from eventapp.core.audit import AuditEntry
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.registration.models import Registration
from eventapp.registration.services.lifecycle import registrant_token
from tests.checkin import factories as gate
from tests.checkin.badge_reading import qr_codes


@pytest.fixture
def people(app):
    """A meeting with a confirmed, an unpaid and a cancelled registration (ids and tokens)."""
    with app.app_context():
        event = gate.gate_event()
        confirmed, unpaid, cancelled = gate.confirmed(event), gate.unpaid(event), gate.cancelled(event)
        return {
            "event": event.id,
            **{name: r.id for name, r in (("confirmed", confirmed), ("unpaid", unpaid), ("cancelled", cancelled))},
            "links": {name: registrant_token(r) for name, r in
                      (("confirmed", confirmed), ("unpaid", unpaid), ("cancelled", cancelled))},
        }


def token_of(app, registration_id: int) -> str:
    with app.app_context():
        return db.session.get(Registration, registration_id).badge_token


def reissue_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "badge.reissue"))


def pdf_url(registration_id: int) -> str:
    return f"/manage/registrations/{registration_id}/badge.pdf"


def reissue_url(registration_id: int) -> str:
    return f"/manage/registrations/{registration_id}/badge/reissue"


# --- organisers and gate staff -------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ORGANISER, Role.GATE])
def test_organisers_and_gate_staff_print_a_confirmed_badge(app, client, login, people, role, tmp_path):
    login(role)

    response = client.get(pdf_url(people["confirmed"]))

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "badge-R-" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    assert qr_codes(response.data, tmp_path) == [[token_of(app, people["confirmed"])]]


@pytest.mark.parametrize("status", ["unpaid", "cancelled"])
def test_a_registration_that_is_not_confirmed_has_no_badge_the_organiser_is_told(client, login, people, status):
    login(Role.ORGANISER)

    response = client.get(pdf_url(people[status]))

    assert response.status_code == 302
    assert response.headers["Location"] == f"/manage/registrations/{people[status]}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Only a confirmed registration has a badge" in page


def test_the_registration_page_links_the_badge_and_its_reissue(client, login, people):
    login(Role.ORGANISER)
    confirmed = client.get(f"/manage/registrations/{people['confirmed']}").get_data(as_text=True)
    unpaid = client.get(f"/manage/registrations/{people['unpaid']}").get_data(as_text=True)
    cancelled = client.get(f"/manage/registrations/{people['cancelled']}").get_data(as_text=True)

    assert pdf_url(people["confirmed"]) in confirmed and reissue_url(people["confirmed"]) in confirmed
    assert pdf_url(people["unpaid"]) not in unpaid and "once the registration is confirmed" in unpaid
    assert reissue_url(people["cancelled"]) not in cancelled


def test_reissuing_changes_the_token_audits_and_goes_back_to_the_page_it_came_from(app, client, login, people):
    user = login(Role.GATE)
    before = token_of(app, people["confirmed"])
    scanner = f"/gate/{people['event']}"

    response = client.post(reissue_url(people["confirmed"]), data={"next": scanner})

    assert response.status_code == 302 and response.headers["Location"] == scanner
    assert token_of(app, people["confirmed"]) != before
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "badge.reissue"))
        assert entry.actor_id == user.id
    with client.session_transaction() as session:
        assert any("previous badge no longer checks in" in message for _c, message in session["_flashes"])


def test_reissue_never_follows_a_next_to_another_site(client, login, people):
    login(Role.ORGANISER)

    response = client.post(reissue_url(people["confirmed"]), data={"next": "https://evil.example/x"})

    assert response.headers["Location"] == f"/manage/registrations/{people['confirmed']}"


def test_gate_staff_without_a_next_go_back_to_the_scanner(client, login, people):
    login(Role.GATE)
    response = client.post(reissue_url(people["confirmed"]))
    assert response.headers["Location"] == f"/gate/{people['event']}"


def test_reissuing_a_cancelled_registration_is_refused_and_changes_nothing(app, client, login, people):
    login(Role.ORGANISER)
    before = token_of(app, people["cancelled"])

    response = client.post(reissue_url(people["cancelled"]), follow_redirects=True)

    assert "cancelled or not approved, so it gets no badge" in response.get_data(as_text=True)
    assert token_of(app, people["cancelled"]) == before and reissue_count(app) == 0


def test_an_unknown_registration_is_404(client, login):
    login(Role.ORGANISER)
    assert client.get(pdf_url(999_999)).status_code == 404
    assert client.post(reissue_url(999_999)).status_code == 404


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.FINANCE, Role.JUDGE])
def test_other_roles_may_neither_print_nor_reissue(app, client, login, people, role):
    login(role)
    before = token_of(app, people["confirmed"])

    assert client.get(pdf_url(people["confirmed"])).status_code == 403
    assert client.post(reissue_url(people["confirmed"])).status_code == 403
    assert token_of(app, people["confirmed"]) == before and reissue_count(app) == 0


def test_anonymous_visitors_are_sent_to_log_in(client, people):
    assert "/login" in client.get(pdf_url(people["confirmed"])).headers["Location"]
    assert "/login" in client.post(reissue_url(people["confirmed"])).headers["Location"]


# --- the registrant's own badge ------------------------------------------------------------


def test_the_registrant_downloads_their_own_badge_from_their_page(app, client, people, tmp_path):
    link = people["links"]["confirmed"]
    page = client.get(f"/registration/{link}").get_data(as_text=True)
    assert f"/registration/{link}/badge.pdf" in page

    response = client.get(f"/registration/{link}/badge.pdf")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store" and response.headers["X-Robots-Tag"] == "noindex"
    assert qr_codes(response.data, tmp_path) == [[token_of(app, people["confirmed"])]]


@pytest.mark.parametrize("status", ["unpaid", "cancelled"])
def test_no_badge_before_the_registration_is_confirmed(client, people, status):
    link = people["links"][status]
    assert "/badge.pdf" not in client.get(f"/registration/{link}").get_data(as_text=True)
    assert client.get(f"/registration/{link}/badge.pdf").status_code == 404


def test_a_forged_or_cut_link_gets_the_invalid_link_page(client, people):
    link = people["links"]["confirmed"]
    for bad in (link[:-3] + "abc", link[:20], "R-AAAAAAAAAA-A"):
        response = client.get(f"/registration/{bad}/badge.pdf")
        assert response.status_code == 404
        assert "Link not valid" in response.get_data(as_text=True)


def test_after_a_reissue_the_registrant_downloads_the_new_badge(app, client, login, people, tmp_path):
    login(Role.ORGANISER)
    client.post(reissue_url(people["confirmed"]))

    response = client.get(f"/registration/{people['links']['confirmed']}/badge.pdf")

    assert qr_codes(response.data, tmp_path) == [[token_of(app, people["confirmed"])]]
