"""The institutions directory: list, search, edit, review typed-in names (accept or merge),
CSV import and export, and who may do it."""
import io

import pytest
import sqlalchemy as sa

from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.registration.models import Delegation, Institution, InstitutionType, Registration
from eventapp.registration.services import directory, institutions
from tests import factories


@pytest.fixture
def en(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def typed_in(name: str) -> Institution:
    """A name as a registrant types it: added for review."""
    institution = institutions.resolve(None, name)
    db.session.commit()
    return institution


# --- services -------------------------------------------------------------------------


def test_merging_a_typed_name_moves_its_registrations_and_delegations(en):
    event = factories.open_event()
    category = factories.category(event, fee=0)
    ministry = factories.institution("Wizara ya Fedha na Mipango", acronym="MoFP")
    typo = typed_in("Wizara ya fedha & mipango")
    moved = [factories.registration(category, institution_id=typo.id, institution_name="") for _n in range(2)]
    stays = factories.registration(category, ministry)
    delegation = Delegation(event_id=event.id, institution_id=typo.id, reference="D-TEST", focal_name="Focal",
                            focal_email="focal@example.org", focal_phone="255754123456")
    db.session.add(delegation)
    db.session.commit()
    typo_id, delegation_id = typo.id, delegation.id

    count = directory.merge_institution(typo, ministry, actor_id=None)

    assert count == 2
    assert db.session.get(Institution, typo_id) is None
    assert {r.institution_id for r in db.session.scalars(sa.select(Registration))} == {ministry.id}
    assert {r.id for r in moved} | {stays.id} == set(db.session.scalars(sa.select(Registration.id)))
    assert db.session.get(Delegation, delegation_id).institution_id == ministry.id
    [entry] = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "institution.merge")).all()
    assert "2 registrations, 1 delegations" in entry.details


def test_merging_moves_sector_institutions_to_the_entry_kept(en):
    kept = factories.institution("Wizara ya Ujenzi, Uchukuzi na Mawasiliano")
    duplicate = factories.institution("Wizara ya Ujenzi")
    agency = factories.institution("Mamlaka ya Mawasiliano Tanzania", type_=InstitutionType.SECTOR_INSTITUTION,
                                   parent_id=duplicate.id)

    directory.merge_institution(duplicate, kept, actor_id=None)

    assert db.session.get(Institution, agency.id).parent_id == kept.id


def test_a_merge_needs_a_different_reviewed_target(en):
    ministry = factories.institution()
    typo = typed_in("Wizara ya Majaribio ya Pili")
    other_typo = typed_in("Wizara ya Majaribio ya Tatu")

    with pytest.raises(DomainError):
        directory.merge_institution(ministry, ministry, actor_id=None)
    with pytest.raises(DomainError):
        directory.merge_institution(typo, other_typo, actor_id=None)
    assert db.session.get(Institution, typo.id) is not None


def test_accepting_a_typed_name_puts_it_in_the_directory(en):
    typo = typed_in("Chuo Kikuu cha Dodoma")
    assert typo.reviewed is False and typo.type is InstitutionType.OTHER
    assert directory.pending_count() == 1

    directory.approve_institution(typo, InstitutionType.UNIVERSITY, actor_id=None)

    assert db.session.get(Institution, typo.id).reviewed is True
    assert db.session.get(Institution, typo.id).type is InstitutionType.UNIVERSITY
    assert directory.pending_count() == 0
    assert [i.name for i in institutions.search("dodoma")] == ["Chuo Kikuu cha Dodoma"]


def test_the_directory_page_searches_filters_and_pages(en):
    for n in range(60):
        factories.institution(f"Halmashauri ya Wilaya {n:02d}", type_=InstitutionType.LOCAL_GOVERNMENT)
    factories.institution("Wizara ya Madini", acronym="MoM")
    typed_in("Halmashauri iliyoandikwa")

    first = directory.institutions_page(type_=InstitutionType.LOCAL_GOVERNMENT)
    second = directory.institutions_page(type_=InstitutionType.LOCAL_GOVERNMENT, page=2)

    assert (first.total, first.pages, len(first.items), len(second.items)) == (60, 2, 50, 10)
    assert [i.name for i in directory.institutions_page("mom").items] == ["Wizara ya Madini"]
    assert directory.institutions_page("50%").total == 0  # % is a character, not a wildcard
    assert directory.institutions_page("iliyoandikwa").total == 0  # typed-in names wait on their own page


# --- pages ----------------------------------------------------------------------------


def test_an_organiser_adds_an_agency_under_a_ministry(app, client, login):
    with app.app_context():
        ministry_id = factories.institution("Ofisi ya Rais - Utumishi", acronym="PO-PSMGG").id
    login(Role.ORGANISER)

    response = client.post("/manage/institutions/new", data={
        "name": "Wakala ya Serikali Mtandao", "acronym": "eGA", "type": "sector_institution",
        "parent_id": str(ministry_id),
    })

    assert response.status_code == 302
    listing = client.get("/manage/institutions?q=serikali+mtandao").get_data(as_text=True)
    assert "Wakala ya Serikali Mtandao" in listing and "PO-PSMGG" in listing
    with app.app_context():
        ega = db.session.scalar(sa.select(Institution).where(Institution.acronym == "eGA"))
        assert ega.parent_id == ministry_id and ega.type is InstitutionType.SECTOR_INSTITUTION


def test_a_duplicate_name_is_refused_beside_the_field(app, client, login):
    with app.app_context():
        factories.institution("Wizara ya Nishati")
    login(Role.ORGANISER)

    response = client.post("/manage/institutions/new", data={"name": "wizara  ya NISHATI", "type": "ministry"},
                           headers={"Accept-Language": "en"})

    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)


def test_pending_names_are_accepted_or_merged_from_their_page(app, client, login):
    with app.app_context():
        event = factories.open_event()
        category = factories.category(event, fee=0)
        target = factories.institution("Chuo Kikuu cha Mzumbe", acronym="MU", type_=InstitutionType.UNIVERSITY)
        registration = factories.registration(category, institution_name="Mzumbe Univ")
        typo_id, target_id, registration_id = registration.institution_id, target.id, registration.id
        new_id = typed_in("Chuo cha Ardhi Morogoro").id
    login(Role.ORGANISER)

    page = client.get("/manage/institutions/pending").get_data(as_text=True)
    assert "Mzumbe Univ" in page and "Chuo cha Ardhi Morogoro" in page

    merged = client.post(f"/manage/institutions/{typo_id}/merge", data={"target_id": str(target_id), "back": "pending"})
    accepted = client.post(f"/manage/institutions/{new_id}/approve", data={"type": "university"})

    assert merged.headers["Location"].endswith("/manage/institutions/pending")
    assert accepted.status_code == 302
    with app.app_context():
        assert db.session.get(Registration, registration_id).institution_id == target_id
        assert db.session.get(Institution, typo_id) is None
        assert db.session.get(Institution, new_id).reviewed
    pending = client.get("/manage/institutions/pending", headers={"Accept-Language": "en"})
    assert "Nothing to review" in pending.get_data(as_text=True)


def test_import_then_export_round_trip(app, client, login):
    login(Role.ORGANISER)
    csv_text = (
        "name,acronym,type,parent\n"
        "Wizara ya Maliasili na Utalii,MNRT,ministry,\n"
        "Shirika la Hifadhi za Taifa Tanzania,TANAPA,sector_institution,Wizara ya Maliasili na Utalii\n"
    )

    response = client.post("/manage/institutions/import", data={
        "file": (io.BytesIO(csv_text.encode()), "institutions.csv"),
    }, content_type="multipart/form-data")

    assert response.status_code == 302
    exported = client.get("/manage/institutions/export.csv")
    assert exported.mimetype == "text/csv"
    text = exported.get_data(as_text=True)
    assert "Shirika la Hifadhi za Taifa Tanzania,TANAPA,sector_institution,Wizara ya Maliasili na Utalii" in text


@pytest.mark.parametrize("upload, message", [
    ((io.BytesIO(b"%PDF-1.4 not a csv"), "institutions.csv"), "not an accepted type"),
    ((io.BytesIO(b"name,acronym,type,parent\nWizara X,,planet,\n"), "i.csv"), "unknown type"),
])
def test_a_bad_import_saves_nothing_and_says_why(app, client, login, upload, message):
    login(Role.ORGANISER)

    response = client.post("/manage/institutions/import", data={"file": upload},
                           content_type="multipart/form-data", headers={"Accept-Language": "en"})

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Institution.id))) == 0


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.FINANCE])
def test_only_organisers_reach_the_directory(app, client, login, role):
    with app.app_context():
        institution_id = factories.institution().id
    login(role)

    for url in ("/manage/institutions", "/manage/institutions/new", "/manage/institutions/pending",
                "/manage/institutions/import", "/manage/institutions/export.csv",
                f"/manage/institutions/{institution_id}/edit"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/manage/institutions/{institution_id}/approve", data={"type": "ministry"}).status_code == 403
    assert client.post(f"/manage/institutions/{institution_id}/merge", data={"target_id": "1"}).status_code == 403
