"""The API's read endpoints: editions, an edition's programme, its registrations (paginated,
filtered, by role) and the innovation competition's published results. Values are written out
by hand from the small data each test builds."""
from datetime import date, timedelta

import pytest

from eventapp.auth.api_tokens import create_api_token
from eventapp.core.models import utcnow
from eventapp.core.roles import Role
from eventapp.events.models import EventStatus
from eventapp.extensions import db
from eventapp.innovations.awards import AwardDetails, give_award
from eventapp.innovations.models import AwardKind
from tests import factories
from tests.innovations import factories as inn


@pytest.fixture
def token(app):
    """`token(role)`: Authorization headers of a new API token of `role`."""
    def make(role: Role) -> dict:
        with app.app_context():
            _row, plaintext = create_api_token(f"test {role.value}", role, actor_id=None)
        return {"Authorization": f"Bearer {plaintext}"}
    return make


def test_editions_newest_first_drafts_only_for_organisers(client, app, token):
    with app.app_context():
        old = factories.event(edition=1, starts_on=date(2018, 1, 30), ends_on=date(2018, 2, 1),
                              status=EventStatus.ARCHIVED, venue="AICC", city="Arusha")
        factories.event(edition=2, starts_on=date(2019, 1, 30), ends_on=date(2019, 2, 1), status=EventStatus.CLOSED)
        factories.event(edition=3, starts_on=date(2020, 2, 3), ends_on=date(2020, 2, 5), status=EventStatus.DRAFT)
        old_id = old.id

    gate = client.get("/api/v1/events", headers=token(Role.GATE)).get_json()
    organiser = client.get("/api/v1/events", headers=token(Role.ORGANISER)).get_json()

    # the gate sees editions 2 and 1 (3 is a draft); the organiser sees all three
    assert [e["edition"] for e in gate["items"]] == [2, 1]
    assert gate["pagination"] == {"page": 1, "per_page": 50, "total": 2, "pages": 1}
    assert [e["edition"] for e in organiser["items"]] == [3, 2, 1]
    assert gate["items"][1] == {
        "id": old_id, "edition": 1, "year": 2018,
        "title": {"sw": "Kikao Kazi cha Serikali Mtandao 1", "en": "e-Government Annual Meeting 1"},
        "theme": {"sw": "Mada ya majaribio", "en": "A test theme"},
        "starts_on": "2018-01-30", "ends_on": "2018-02-01",
        "registration_opens_on": "2017-12-01", "registration_closes_on": "2018-01-30",
        "venue": "AICC", "city": "Arusha", "status": "archived",
    }


def test_editions_paginate_and_refuse_a_bad_page(client, app, token):
    with app.app_context():
        for n in (1, 2, 3):
            factories.event(edition=n, starts_on=date(2017 + n, 2, 1), ends_on=date(2017 + n, 2, 2),
                            status=EventStatus.OPEN)
    headers = token(Role.PARTICIPANT)

    second = client.get("/api/v1/events?page=2&per_page=2", headers=headers).get_json()
    too_many = client.get("/api/v1/events?per_page=101", headers=headers)
    not_a_number = client.get("/api/v1/events?page=two", headers=headers)

    # three editions, two a page: page 2 holds the oldest, edition 1
    assert [e["edition"] for e in second["items"]] == [1]
    assert second["pagination"] == {"page": 2, "per_page": 2, "total": 3, "pages": 2}
    assert too_many.status_code == 400 and set(too_many.get_json()["errors"]) == {"per_page"}
    assert not_a_number.status_code == 400 and set(not_a_number.get_json()["errors"]) == {"page"}


def test_the_programme_of_an_edition_as_the_public_json_gives_it(client, app, token):
    with app.app_context():
        ids = factories.sample_timetable(status=EventStatus.OPEN, edition=2)
    headers = token(Role.GATE)

    body = client.get(f"/api/v1/events/{ids['event_id']}/programme?group=2", headers=headers).get_json()
    public = client.get("/meetings/2/programme.json?group=2").get_json()

    assert body == public
    # group 2 attends 1 February 2019 only: registration, the keynote and the TANAPA slot
    assert [d["date"] for d in body["days"]] == ["2019-02-01"]
    assert [i["title"]["en"] for i in body["days"][0]["items"]] == [
        "Registration", "e-Government Implementation Status", "TANAPA"]
    keynote = body["days"][0]["items"][1]
    assert (keynote["starts_at"], keynote["ends_at"], keynote["room"]["name"]) == ("09:00", "10:00", "Main Hall")
    assert [(p["name"], p["role"]) for p in keynote["people"]] == [("Jabiri Bakari", "presenter")]


def test_the_programme_refuses_unknown_editions_drafts_and_groups(client, app, token):
    with app.app_context():
        draft = factories.event(edition=9, status=EventStatus.DRAFT, with_days=True).id
        ids = factories.sample_timetable(status=EventStatus.OPEN, edition=2)
    gate, programme_token = token(Role.GATE), token(Role.PROGRAMME)

    assert client.get("/api/v1/events/99999/programme", headers=gate).status_code == 404
    assert client.get(f"/api/v1/events/{2**40}/programme", headers=gate).status_code == 404
    assert client.get(f"/api/v1/events/{draft}/programme", headers=gate).status_code == 404
    assert client.get(f"/api/v1/events/{draft}/programme", headers=programme_token).status_code == 200
    unknown_group = client.get(f"/api/v1/events/{ids['event_id']}/programme?group=7", headers=gate)
    assert unknown_group.status_code == 400 and set(unknown_group.get_json()["errors"]) == {"group"}
    assert client.get(f"/api/v1/events/{ids['event_id']}/programme").status_code == 401


@pytest.fixture
def registered(app):
    """An open edition with two categories: Juma and Asha in A (fee 400,000; Asha's waived),
    Baraka in B (free)."""
    with app.app_context():
        event = factories.open_event(edition=7)
        a = factories.category(event, code="A", fee=400_000, name_en="Officers", name_sw="Maafisa")
        b = factories.category(event, code="B", fee=0, name_en="Guests", name_sw="Wageni")
        ministry = factories.institution(name="Wizara ya Fedha", acronym="MOF")
        juma = factories.registration(a, ministry, first_name="Juma", last_name="Hamisi", phone="0754 123 456")
        asha = factories.registration(a, ministry, first_name="Asha", last_name="Mussa")
        asha.fee_waived, asha.waiver_reason = True, "Guest speaker"
        baraka = factories.registration(b, ministry, first_name="Baraka", last_name="Kileo")
        db.session.commit()
        return {"event_id": event.id, "juma": juma.reference, "asha": asha.reference, "baraka": baraka.reference}


def test_registrations_for_organisers_with_the_phone(client, registered, token):
    url = f"/api/v1/events/{registered['event_id']}/registrations"

    body = client.get(f"{url}?category=A&per_page=1&page=2", headers=token(Role.ORGANISER)).get_json()

    # category A holds Juma (registered first) and Asha; newest first, so page 2 of 1 is Juma
    assert body["pagination"] == {"page": 2, "per_page": 1, "total": 2, "pages": 2}
    (row,) = body["items"]
    assert row["reference"] == registered["juma"]
    assert (row["first_name"], row["last_name"], row["phone"]) == ("Juma", "Hamisi", "255754123456")
    assert row["institution"] == {"id": row["institution"]["id"], "name": "Wizara ya Fedha", "acronym": "MOF"}
    assert row["category"] == {"code": "A", "name": {"sw": "Maafisa", "en": "Officers"}}
    assert row["group"]["number"] == 1
    assert row["fee"] == {"amount": 400_000, "currency": "TZS", "waived": False}
    assert row["status"] == "pending_payment" and row["paid"] is False
    assert row["created_at"].endswith("+03:00")
    assert "badge_token" not in row and "email" not in row


def test_registrations_for_finance_without_the_phone_and_filtered(client, registered, token):
    url = f"/api/v1/events/{registered['event_id']}/registrations"
    headers = token(Role.FINANCE)

    free = client.get(f"{url}?category=B", headers=headers).get_json()
    found = client.get(f"{url}?q=asha", headers=headers).get_json()
    confirmed = client.get(f"{url}?status=confirmed", headers=headers).get_json()

    assert [r["reference"] for r in free["items"]] == [registered["baraka"]]
    assert "phone" not in free["items"][0]
    assert [(r["reference"], r["fee"]["waived"]) for r in found["items"]] == [(registered["asha"], True)]
    # Baraka's category is free: confirmed at once; Juma and Asha wait for payment
    assert [r["reference"] for r in confirmed["items"]] == [registered["baraka"]]


@pytest.mark.parametrize("query, field", [("status=paid", "status"), ("category=Z", "category"),
                                          ("per_page=0", "per_page"), ("q=a%00b", "q"), ("q=" + "x" * 101, "q")])
def test_registrations_refuse_bad_parameters_naming_them(client, registered, token, query, field):
    response = client.get(f"/api/v1/events/{registered['event_id']}/registrations?{query}",
                          headers=token(Role.FINANCE))

    assert response.status_code == 400
    assert set(response.get_json()["errors"]) == {field}


def test_registrations_by_role(client, registered, token):
    url = f"/api/v1/events/{registered['event_id']}/registrations"

    assert client.get(url).status_code == 401
    assert client.get(url, headers=token(Role.GATE)).status_code == 403
    assert client.get(url, headers=token(Role.JUDGE)).status_code == 403
    assert client.get(url, headers=token(Role.ADMIN)).status_code == 200
    assert client.get("/api/v1/events/424242/registrations", headers=token(Role.ADMIN)).status_code == 404


@pytest.fixture
def competition(app):
    """A call with three eligible entries, scored by one judge (totals: Kilimo > Afya > Maji);
    Kilimo and Afya exhibited, Kilimo presenting and best paper. Not published yet."""
    with app.app_context():
        event = factories.event(edition=5, status=EventStatus.OPEN)
        call = inn.call(event, closes_at=utcnow() - timedelta(days=2), opens_at=utcnow() - timedelta(days=20),
                        exhibition_places=2, presentation_places=1)
        udom = inn.university("Chuo Kikuu cha Dodoma", "UDOM")
        judge = inn.judge(call)
        entries = {}
        for title, value in (("Kilimo", 5), ("Afya", 4), ("Maji", 3)):
            entries[title] = inn.entry(call, udom, title=title)
            inn.score(inn.assign(entries[title], judge), [value] * len(call.criteria))
        call.scoring_closed_at = utcnow()
        entries["Kilimo"].exhibition = entries["Kilimo"].presenting = True
        entries["Afya"].exhibition = True
        db.session.commit()
        give_award(entries["Kilimo"], AwardDetails(kind=AwardKind.BEST_PAPER, citation_en="Best work"), actor_id=None)
        return {"event_id": event.id, "call_id": call.id,
                "refs": {title: e.reference for title, e in entries.items()}}


def publish(app, call_id):
    from eventapp.innovations.models import InnovationCall

    with app.app_context():
        db.session.get(InnovationCall, call_id).results_published_at = utcnow()
        db.session.commit()


def test_results_are_404_until_published_then_list_the_selected_entries(client, app, competition, token):
    url = f"/api/v1/events/{competition['event_id']}/results"
    organiser = token(Role.ORGANISER)
    assert client.get(url, headers=organiser).status_code == 404

    publish(app, competition["call_id"])
    body = client.get(url, headers=token(Role.JUDGE)).get_json()

    assert body["edition"] == 5
    # Kilimo presents (rank 1, best paper); Afya is exhibited (rank 2); Maji was not selected
    assert [(e["title"], e["rank"], e["presenting"], e["exhibition"]) for e in body["entries"]] == [
        ("Kilimo", 1, True, True), ("Afya", 2, False, True)]
    kilimo = body["entries"][0]
    assert kilimo["reference"] == competition["refs"]["Kilimo"]
    assert kilimo["institution"] == "Chuo Kikuu cha Dodoma" and kilimo["booth"] is None
    assert kilimo["awards"] == [{"kind": "best_paper", "rank": 1, "label": "Best paper",
                                 "citation": {"sw": "", "en": "Best work"}}]
    assert client.get(url, headers=token(Role.FINANCE)).status_code == 403
    assert client.get(url).status_code == 401
