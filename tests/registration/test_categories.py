"""Participant categories per event: the rules of saving one, and the organisers' pages."""
import pytest
import sqlalchemy as sa

from eventapp.core.audit import AuditEntry
from eventapp.core.errors import InvalidInput
from eventapp.core.roles import Role
from eventapp.events.models import ParticipantGroup
from eventapp.extensions import db
from eventapp.registration.models import ParticipantCategory, RegistrationStatus
from eventapp.registration.services import categories
from eventapp.registration.services.categories import CategoryDetails
from tests import factories


@pytest.fixture
def en(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


@pytest.fixture
def event(en):
    return factories.open_event()


def details(event, **overrides) -> CategoryDetails:
    values = dict(
        group_id=event.groups[0].id, code="g3-stu", name_sw="Wanachuo", name_en="Students", fee_amount=20_000,
        currency="tzs", eligibility_sw="Wanafunzi wa vyuo", eligibility_en="College and university students",
    )
    values.update(overrides)
    return CategoryDetails(**values)


def errors_of(call, *args, **kwargs) -> dict:
    with pytest.raises(InvalidInput) as caught:
        call(*args, **kwargs)
    db.session.rollback()
    return caught.value.errors


def test_a_category_is_created_with_its_fee_rules_and_audited(event):
    category, promoted = categories.save_category(
        event,
        details(event, capacity=300, requires_proof=True, proof_label_sw="Kitambulisho cha mwanafunzi",
                proof_label_en="Student ID card", requires_approval=True),
        actor_id=None,
    )

    assert promoted == 0
    saved = db.session.get(ParticipantCategory, category.id)
    assert (saved.code, saved.currency, saved.fee_amount, saved.capacity) == ("G3-STU", "TZS", 20_000, 300)
    assert saved.requires_proof and saved.requires_approval and saved.public
    assert saved.proof_label_en == "Student ID card"
    assert saved.places_taken == 0
    [entry] = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "category.create")).all()
    assert "TZS 20000" in entry.details


@pytest.mark.parametrize("overrides, field", [
    ({"code": "g 1!"}, "code"),
    ({"code": ""}, "code"),
    ({"name_sw": " "}, "name_sw"),
    ({"name_en": ""}, "name_en"),
    ({"fee_amount": -1}, "fee_amount"),
    ({"fee_amount": None}, "fee_amount"),
    ({"currency": "TZ"}, "currency"),
    ({"currency": "1ZS"}, "currency"),
    ({"capacity": 0}, "capacity"),
    ({"requires_proof": True}, "proof_label_en"),
    ({"group_id": None}, "group_id"),
])
def test_bad_details_are_refused_beside_their_field(event, overrides, field):
    errors = errors_of(categories.save_category, event, details(event, **overrides))

    assert field in errors
    assert db.session.scalar(sa.select(sa.func.count(ParticipantCategory.id))) == 0


def test_a_group_of_another_event_is_refused(event):
    other = factories.open_event()

    errors = errors_of(categories.save_category, event, details(event, group_id=other.groups[0].id))

    assert "group_id" in errors


def test_codes_are_unique_per_event_only(event):
    categories.save_category(event, details(event, code="G1"))
    other = factories.open_event()

    assert "code" in errors_of(categories.save_category, event, details(event, code="g1", name_en="Again"))
    categories.save_category(other, details(other, code="G1"))  # another edition may reuse it


def test_the_capacity_cannot_drop_below_the_places_taken(event):
    category = factories.category(event, capacity=5, fee=0)
    for _n in range(3):
        factories.registration(category)

    errors = errors_of(categories.save_category, event, details(event, code=category.code, capacity=2), category)

    assert "3 places" in errors["capacity"]
    db.session.refresh(category)
    assert category.capacity == 5
    categories.save_category(event, details(event, code=category.code, capacity=3), category)
    assert db.session.get(ParticipantCategory, category.id).capacity == 3


def test_raising_the_capacity_gives_the_new_places_to_the_waiting_list_in_order(event, outbox):
    category = factories.category(event, capacity=1, fee=0)
    factories.registration(category)
    first = factories.registration(category, email="first@example.org")
    second = factories.registration(category, email="second@example.org")
    third = factories.registration(category, email="third@example.org")
    assert {first.status, second.status, third.status} == {RegistrationStatus.WAITLISTED}
    outbox.clear()

    _saved, promoted = categories.save_category(event, details(event, code=category.code, fee_amount=0, capacity=3),
                                                category)

    assert promoted == 2
    db.session.expire_all()
    assert first.status is RegistrationStatus.CONFIRMED
    assert second.status is RegistrationStatus.CONFIRMED
    assert third.status is RegistrationStatus.WAITLISTED
    assert db.session.get(ParticipantCategory, category.id).places_taken == 3
    assert sorted(m.recipients[0] for m in outbox) == ["first@example.org", "second@example.org"]


def test_a_fee_change_keeps_the_fee_registrations_were_billed_and_is_audited(event):
    category = factories.category(event, fee=400_000)
    registration = factories.registration(category)

    categories.save_category(event, details(event, code=category.code, fee_amount=450_000), category, actor_id=None)

    db.session.expire_all()
    assert registration.fee_amount == 400_000
    assert db.session.get(ParticipantCategory, category.id).fee_amount == 450_000
    [entry] = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "category.fee_change")).all()
    assert entry.details == "TZS 400000 -> TZS 450000"


def test_the_list_is_ordered_by_group_then_code(event):
    second_group = ParticipantGroup(event_id=event.id, number=2, name_sw="Kundi la Pili", name_en="Group 2")
    db.session.add(second_group)
    db.session.commit()
    categories.save_category(event, details(event, code="B", group_id=second_group.id))
    categories.save_category(event, details(event, code="Z"))
    categories.save_category(event, details(event, code="A"))

    assert [c.code for c in categories.list_categories(event)] == ["A", "Z", "B"]


# --- pages ----------------------------------------------------------------------------


@pytest.fixture
def open_event(app):
    with app.app_context():
        event = factories.open_event()
        return event.id, event.groups[0].id


def form_data(group_id, **overrides):
    data = {
        "group_id": str(group_id), "code": "G1", "name_sw": "Kundi la Kwanza", "name_en": "Group 1",
        "eligibility_sw": "", "eligibility_en": "", "fee_amount": "400000", "currency": "TZS", "capacity": "",
        "proof_label_sw": "", "proof_label_en": "", "public": "y",
    }
    data.update(overrides)
    return data


def test_an_organiser_adds_and_edits_a_category(app, client, login, open_event):
    event_id, group_id = open_event
    login(Role.ORGANISER)

    response = client.post(f"/manage/events/{event_id}/categories/new", data=form_data(group_id))

    assert response.status_code == 302
    listing = client.get(f"/manage/events/{event_id}/categories", headers={"Accept-Language": "en"})
    assert "TZS 400,000" in listing.get_data(as_text=True)
    with app.app_context():
        category = db.session.scalar(sa.select(ParticipantCategory))
        assert category.public and category.capacity is None
        category_id = category.id
    edited = client.post(f"/manage/categories/{category_id}/edit",
                         data=form_data(group_id, fee_amount="350000", capacity="40"))
    assert edited.status_code == 302
    with app.app_context():
        category = db.session.get(ParticipantCategory, category_id)
        assert (category.fee_amount, category.capacity) == (350_000, 40)


def test_a_wrong_form_is_shown_again_with_the_message_and_what_was_typed(client, login, open_event):
    event_id, group_id = open_event
    login(Role.ORGANISER)

    response = client.post(
        f"/manage/events/{event_id}/categories/new",
        data=form_data(group_id, code="G3-STU", name_en="Students ✓", requires_proof="y"),
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Say what proof is needed" in body
    assert "Students ✓" in body


def test_the_event_page_links_to_its_categories(client, login, open_event):
    event_id, _group_id = open_event
    login(Role.ORGANISER)

    body = client.get(f"/manage/events/{event_id}").get_data(as_text=True)

    assert f"/manage/events/{event_id}/categories" in body


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.FINANCE])
def test_only_organisers_manage_categories(client, login, open_event, role):
    event_id, group_id = open_event
    login(role)

    assert client.get(f"/manage/events/{event_id}/categories").status_code == 403
    assert client.post(f"/manage/events/{event_id}/categories/new", data=form_data(group_id)).status_code == 403
