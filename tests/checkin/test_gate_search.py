"""The gate's search for a lost or broken badge, and checking in the person found."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventapp.checkin.gate_search import MAX_RESULTS, search_registrations
from eventapp.checkin.models import Checkin, CheckinSource
from eventapp.checkin.scanning import Scan, ScanStatus, check_in
from eventapp.core.clock import local_today
from eventapp.core.roles import Role
from eventapp.extensions import db
from tests.checkin import factories as gate


@pytest.fixture
def event(app_ctx):
    return gate.gate_event()


def names(found) -> set[str]:
    return {row.name for row in found}


@pytest.mark.database
def test_any_part_of_a_name_in_any_case_finds_the_person(event, db_backend):
    neema = gate.confirmed(event, first_name="Neema", middle_name="Juma", last_name="Mwakalinga")
    gate.confirmed(event, first_name="Baraka", last_name="Mushi")

    for text in ("neema", "MWAKA", "juma mwak", "  kalinga  "):
        assert names(search_registrations(event, text, local_today(), "en")) == {neema.display_name}, text


@pytest.mark.database
def test_the_reference_email_or_phone_finds_the_person(event, db_backend):
    person = gate.confirmed(event, email="neema.m@example.org", phone="0754 111 222")
    gate.confirmed(event, phone="0713 999 888")

    assert names(search_registrations(event, person.reference, local_today(), "en")) == {person.display_name}
    assert names(search_registrations(event, person.reference.lower(), local_today(), "en")) == {person.display_name}
    assert names(search_registrations(event, "neema.m@EXAMPLE", local_today(), "en")) == {person.display_name}
    assert names(search_registrations(event, "+255 754 111 222", local_today(), "en")) == {person.display_name}
    assert names(search_registrations(event, "111 222", local_today(), "en")) == {person.display_name}


@pytest.mark.database
def test_each_result_says_what_a_scan_would_and_todays_check_in(event, db_backend):
    ok = gate.confirmed(event, last_name="Aaa")
    tomorrow = gate.confirmed(event, group=2, last_name="Aab")
    unpaid = gate.unpaid(event, last_name="Aac")
    here = gate.confirmed(event, last_name="Aad")
    check_in(Scan(here.badge_token, gate="Lango Kuu"))

    found = {row.registration_id: row for row in search_registrations(event, "aa", local_today(), "en")}

    assert found[ok.id].expected is ScanStatus.OK and found[ok.id].colour == "green"
    assert found[tomorrow.id].expected is ScanStatus.WRONG_DAY and found[tomorrow.id].colour == "amber"
    assert found[unpaid.id].expected is ScanStatus.NOT_PAID and found[unpaid.id].colour == "red"
    assert found[here.id].gate == "Lango Kuu" and found[here.id].colour == "amber"
    assert found[ok.id].institution == ok.institution.name and found[ok.id].group_name == "Group 1"
    tomorrows = {row.registration_id: row for row in
                 search_registrations(event, "aa", local_today() + timedelta(days=1), "en")}
    assert tomorrows[here.id].checked_in_at is None and tomorrows[tomorrow.id].expected is ScanStatus.OK


def test_at_most_20_results_and_nothing_for_one_letter_or_another_events_people(event):
    for n in range(MAX_RESULTS + 3):
        gate.confirmed(event, first_name="Juma", last_name=f"Mshiriki{chr(97 + n)}")
    other = gate.gate_event(edition=event.edition + 1)
    gate.confirmed(other, first_name="Juma", last_name="Mgeni")

    found = search_registrations(event, "juma", local_today(), "en")

    assert len(found) == MAX_RESULTS and "Mgeni" not in " ".join(names(found))
    assert search_registrations(event, "j", local_today(), "en") == []
    assert search_registrations(event, "   ", local_today(), "en") == []


def test_like_wildcards_are_taken_literally(event):
    gate.confirmed(event, first_name="Neema")

    assert search_registrations(event, "%%", local_today(), "en") == []
    assert search_registrations(event, "__", local_today(), "en") == []


# --- the pages --------------------------------------------------------------------------------


@pytest.fixture
def world(app):
    with app.app_context():
        event = gate.gate_event()
        other = gate.gate_event(edition=event.edition + 1)
        neema = gate.confirmed(event, first_name="Neema", last_name="Mwakalinga")
        unpaid = gate.unpaid(event, first_name="Neema", last_name="Ndege")
        theirs = gate.confirmed(other, first_name="Neema", last_name="Mgeni")
        return {"event": event.id, "today": local_today(), "neema": neema.id, "unpaid": unpaid.id,
                "theirs": theirs.id, "reference": neema.reference}


def checkins(app) -> list[Checkin]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(Checkin)))
        db.session.expunge_all()
        return rows


def test_the_search_page_lists_the_people_found_with_their_actions(client, login, world):
    login(Role.GATE)

    response = client.get(f"/gate/{world['event']}/search?q=neema")

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store, private"
    assert "Mwakalinga" in page and "Ndege" in page and "Mgeni" not in page
    assert f'action="/gate/{world["event"]}/registrations/{world["neema"]}/checkin"' in page
    assert f'/manage/registrations/{world["neema"]}/badge.pdf' in page
    assert f'action="/manage/registrations/{world["neema"]}/badge/reissue"' in page
    back = re.search(r'name="next" value="([^"]+)"', page).group(1)
    assert back.startswith(f"/gate/{world['event']}/search?") and "q=neema" in back
    assert f'/manage/registrations/{world["unpaid"]}/badge' not in page  # no badge before it is paid
    assert "Can come in" in page and "Not paid" in page
    assert " style=" not in page


def test_the_search_page_with_no_match_or_a_short_query_says_so(client, login, world):
    login(Role.GATE)

    assert "No registration matches" in client.get(f"/gate/{world['event']}/search?q=zzzz").get_data(as_text=True)
    assert "at least two" in client.get(f"/gate/{world['event']}/search?q=n").get_data(as_text=True)
    assert client.get(f"/gate/{world['event']}/search").status_code == 200


def test_check_in_from_the_search_shows_the_result_and_records_it_once(app, client, login, world):
    user = login(Role.GATE)
    url = f"/gate/{world['event']}/registrations/{world['neema']}/checkin"
    form = {"day": world["today"].isoformat(), "gate": "  Lango   Kuu ", "q": "neema"}

    first = client.post(url, data=form)
    again = client.post(url, data=form)

    page = first.get_data(as_text=True)
    assert first.status_code == 200 and 'data-status="ok"' in page and "result-green" in page
    assert "Mwakalinga" in page and 'value="neema"' in page
    assert 'data-status="already_checked_in"' in again.get_data(as_text=True)
    [row] = checkins(app)
    assert (row.source, row.gate, row.user_id, row.registration_id) == (CheckinSource.MANUAL, "Lango Kuu", user.id,
                                                                         world["neema"])


def test_an_unpaid_registration_found_by_hand_is_refused_in_red(app, client, login, world):
    login(Role.GATE)

    response = client.post(f"/gate/{world['event']}/registrations/{world['unpaid']}/checkin",
                           data={"day": world["today"].isoformat(), "q": "neema"})

    page = response.get_data(as_text=True)
    assert 'data-status="not_paid"' in page and "result-red" in page
    assert checkins(app) == []


def test_another_events_registration_or_an_unknown_one_is_404(app, client, login, world):
    login(Role.GATE)

    assert client.post(f"/gate/{world['event']}/registrations/{world['theirs']}/checkin").status_code == 404
    assert client.post(f"/gate/{world['event']}/registrations/999999/checkin").status_code == 404
    assert checkins(app) == []


def test_a_day_not_of_the_event_is_taken_as_today(app, client, login, world):
    login(Role.GATE)

    client.post(f"/gate/{world['event']}/registrations/{world['neema']}/checkin", data={"day": "1999-01-01"})

    [row] = checkins(app)
    assert row.day == world["today"]


def test_the_search_needs_the_gate_role(client, login, world):
    login(Role.PARTICIPANT)

    assert client.get(f"/gate/{world['event']}/search?q=neema").status_code == 403
    assert client.post(f"/gate/{world['event']}/registrations/{world['neema']}/checkin").status_code == 403


def test_the_badge_actions_the_search_links_to_exist_for_gate_staff(app):
    """The search page's Print badge and Reissue badge go to the badges desk's endpoints."""
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}

    for endpoint, method in (("checkin.badge_pdf", "GET"), ("checkin.reissue_badge", "POST")):
        assert method in rules[endpoint].methods
        assert Role.GATE in app.view_functions[endpoint].required_roles
