"""The walk-in desk's page: who may open it, the form and its refusals beside their fields,
the result with the badge to print, and the next walk-in."""
import pytest
import sqlalchemy as sa
from flask import url_for

from eventapp.checkin.models import Checkin, CheckinSource
from eventapp.core.audit import AuditEntry
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.registration.models import Payment, Registration, RegistrationStatus
from tests.checkin import factories as gate


@pytest.fixture
def world(app):
    with app.app_context():
        event = gate.gate_event()
        return {"event_id": event.id, "free": gate.category_of(event).id,
                "paid": gate.category_of(event, paid=True).id, "group2_paid": gate.category_of(event, 2, True).id}


def url(world) -> str:
    return f"/gate/{world['event_id']}/walk-in"


def form(category_id, **kwargs) -> dict:
    data = {
        "category_id": str(category_id), "title": "Dkt.", "first_name": "Neema", "last_name": "Mgeni",
        "gender": "female", "position": "Mhadhiri", "institution_name": "Chuo Kikuu cha Arusha",
        "email": "neema.mgeni@example.org", "phone": "0754 123 456", "language": "en", "payment": "paid",
        "reference": "", "channel": "cash", "amount": "", "waiver_reason": "", "consent": "y",
    }
    data.update(kwargs)
    return data


def registrations(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Registration))


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.FINANCE, Role.JUDGE])
def test_other_roles_are_refused(client, login, world, role):
    login(role)

    assert client.get(url(world)).status_code == 403
    assert client.post(url(world), data=form(world["free"])).status_code == 403


def test_anonymous_people_are_sent_to_log_in(client, world):
    response = client.get(url(world))

    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_event_that_does_not_exist_is_404(client, login):
    login(Role.GATE)

    assert client.get("/gate/999999/walk-in").status_code == 404
    assert client.post("/gate/999999/walk-in", data={}).status_code == 404


def test_gate_staff_see_the_form_without_the_waiver(client, login, world):
    login(Role.GATE)

    page = client.get(url(world)).get_data(as_text=True)

    assert 'name="first_name"' in page and 'name="reference"' in page
    assert 'value="waived"' not in page and 'name="waiver_reason"' not in page
    assert "data-institution-search" in page and "institution-search.js" in page
    assert "style=" not in page.split("<main>")[1]  # the CSP allows no style attributes


def test_organisers_can_choose_the_waiver(client, login, world):
    login(Role.ORGANISER)

    page = client.get(url(world)).get_data(as_text=True)

    assert 'value="waived"' in page and 'name="waiver_reason"' in page


def test_a_paid_walk_in_shows_the_result_with_the_badge_and_the_next_walk_in(app, client, login, world):
    login(Role.GATE)

    response = client.post(url(world), data=form(world["paid"], reference="POS-77", channel="bank"))

    assert response.status_code == 302
    with app.app_context():
        registration = db.session.scalar(sa.select(Registration))
        assert registration.status is RegistrationStatus.CONFIRMED
        assert db.session.scalar(sa.select(Payment.transaction_id)) == "POS-77"
        assert db.session.scalar(sa.select(Checkin.source)) is CheckinSource.WALK_IN
        assert registration.language == "en"
    assert response.headers["Location"].endswith(f"{url(world)}?done={registration.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dkt. Neema Mgeni" in page and registration.reference in page
    assert "Checked in today at" in page and "POS-77" in page
    with app.test_request_context():
        badge = url_for("checkin.badge_pdf", registration_id=registration.id)
    assert f'href="{badge}"' in page and "Print badge" in page
    assert f'href="{url(world)}"' in page and "Next walk-in" in page
    fresh = client.get(url(world)).get_data(as_text=True)
    assert 'name="first_name"' in fresh and "Neema" not in fresh


def test_a_walk_in_whose_group_is_not_here_today_is_told_so(app, client, login, world):
    login(Role.GATE)

    response = client.post(url(world), data=form(world["group2_paid"], reference="CASH-1"), follow_redirects=True)

    page = response.get_data(as_text=True)
    assert "not checked in" in page and "not a day of this person" in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Checkin)) == 0
        assert db.session.scalar(sa.select(Registration.status)) is RegistrationStatus.CONFIRMED


def test_an_organiser_waives_the_fee(app, client, login, world):
    organiser = login(Role.ORGANISER)

    response = client.post(url(world), data=form(world["paid"], payment="waived",
                                                 waiver_reason="Keynote speaker, opening day"))

    assert response.status_code == 302
    with app.app_context():
        registration = db.session.scalar(sa.select(Registration))
        assert registration.fee_waived and registration.waiver_reason == "Keynote speaker, opening day"
        assert db.session.scalar(sa.select(AuditEntry.actor_id).filter_by(action="registration.fee_waiver")) == \
            organiser.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Fee waived: Keynote speaker, opening day" in page


def test_a_forged_waiver_from_gate_staff_is_refused_with_a_clear_error(app, client, login, world):
    login(Role.GATE)

    response = client.post(url(world), data=form(world["paid"], payment="waived", waiver_reason="My cousin, honestly"))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Only an organiser can waive a fee" in page
    assert 'value="Neema"' in page  # what was typed is kept
    assert registrations(app) == 0


def test_a_receipt_number_already_recorded_is_shown_beside_it_and_nothing_is_kept(app, client, login, world):
    login(Role.GATE)
    client.post(url(world), data=form(world["paid"], reference="POS-1"))

    response = client.post(url(world), data=form(world["paid"], reference="POS-1", email="mwingine@example.org"))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="reference-error"' in page and "already recorded" in page
    assert registrations(app) == 1


def test_a_paid_category_with_no_receipt_number_is_refused_beside_it(app, client, login, world):
    login(Role.GATE)

    response = client.post(url(world), data=form(world["paid"]))

    assert response.status_code == 422 and 'id="reference-error"' in response.get_data(as_text=True)
    assert registrations(app) == 0


def test_a_free_category_needs_no_receipt(app, client, login, world):
    login(Role.GATE)

    response = client.post(url(world), data=form(world["free"]))

    assert response.status_code == 302 and registrations(app) == 1


def test_the_same_email_twice_points_to_the_registration_at_the_gate(app, client, login, world):
    login(Role.GATE)
    assert client.post(url(world), data=form(world["free"])).status_code == 302

    response = client.post(url(world), data=form(world["free"], email="Neema.Mgeni@example.org"))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="email-error"' in page and "already registered" in page
    with app.test_request_context():
        search = url_for("checkin.search", event_id=world["event_id"], q="neema.mgeni@example.org")
    assert f'href="{search.replace("&", "&amp;")}"' in page
    assert registrations(app) == 1


def test_the_result_of_a_registration_of_another_event_is_404(app, client, login, world):
    login(Role.GATE)
    client.post(url(world), data=form(world["free"]))
    with app.app_context():
        registration_id = db.session.scalar(sa.select(Registration.id))
        other = gate.gate_event().id

    assert client.get(f"/gate/{other}/walk-in?done={registration_id}").status_code == 404
    assert client.get(f"{url(world)}?done=abc").status_code == 404


def test_a_meeting_not_on_today_is_closed_to_gate_staff_but_open_to_organisers(app, client, login):
    from datetime import timedelta

    from eventapp.core.clock import local_today
    from eventapp.events.models import EventStatus

    with app.app_context():
        today = local_today()
        event = gate.gate_event(starts_on=today + timedelta(days=30), ends_on=today + timedelta(days=31),
                                status=EventStatus.CLOSED)
        event_id, free = event.id, gate.category_of(event).id
    login(Role.GATE)

    page = client.get(f"/gate/{event_id}/walk-in").get_data(as_text=True)
    refused = client.post(f"/gate/{event_id}/walk-in", data=form(free))

    assert 'id="desk-closed"' in page
    assert refused.status_code == 422 and "walk-in desk is closed" in refused.get_data(as_text=True)
    assert registrations(app) == 0

    client.post("/logout")
    login(Role.ORGANISER)
    assert "As an organiser you can still register" in client.get(f"/gate/{event_id}/walk-in").get_data(as_text=True)
    assert client.post(f"/gate/{event_id}/walk-in", data=form(free)).status_code == 302
    assert registrations(app) == 1
