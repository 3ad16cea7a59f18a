"""Exhibition booths: the rules (numbers and places unique, sizes, who may hold one), never
two holders at once (also when two organisers allocate together), the organiser pages,
the floor plan and who may open them."""
import re
import threading

import pytest
import sqlalchemy as sa

from eventapp import create_app
from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError
from eventapp.core.roles import Role
from eventapp.events.models import Event, EventStatus
from eventapp.extensions import db
from eventapp.registration.models import InstitutionType
from eventapp.sponsors import booths
from eventapp.sponsors.booths import BoothDetails
from eventapp.sponsors.floor_plan import lay_out, short_label
from eventapp.sponsors.models import Booth, Sponsor, SponsorshipPackage, SponsorStatus
from tests import factories
from tests.conftest import make_config

EN = {"Accept-Language": "en"}


# Builders (also used by tests/sponsors/test_public.py) ------------------------------------


def make_package(event, code="gold", rank=1, booth_size_m2=9, logo_on_website=True, **kwargs):
    values = dict(event_id=event.id, code=code, name_sw=f"Kifurushi {code}", name_en=f"Package {code}", rank=rank,
                  amount=10_000_000, currency="TZS", booth_size_m2=booth_size_m2, logo_on_website=logo_on_website)
    values.update(kwargs)
    package = SponsorshipPackage(**values)
    db.session.add(package)
    db.session.commit()
    return package


def make_sponsor(event, package, acronym="NMB", name=None, status=SponsorStatus.CONFIRMED, **kwargs):
    institution = factories.institution(name=name or f"{acronym} Holdings", type_=InstitutionType.PRIVATE,
                                        acronym=acronym)
    values = dict(event_id=event.id, institution_id=institution.id, package_id=package.id,
                  pledged_amount=package.amount, contact_name="Asha Mdhamini",
                  contact_email=f"{acronym.lower()}@example.org", status=status)
    values.update(kwargs)
    sponsor = Sponsor(**values)
    db.session.add(sponsor)
    db.session.commit()
    return sponsor


def make_booth(event, number="A1", size_m2=9, grid_x=0, grid_y=0, location="Hall A"):
    return booths.create_booth(event, BoothDetails(number, size_m2, location, grid_x, grid_y))


@pytest.fixture
def exhibition_ids(app):
    """An open event with a 9 m² package, a confirmed sponsor (NMB), a prospect (NBC) and
    two booths: A1 (9 m²) and A2 (6 m²); their ids by name."""
    with app.app_context():
        event = factories.event(status=EventStatus.OPEN)
        package = make_package(event)
        nmb = make_sponsor(event, package, "NMB")
        nbc = make_sponsor(event, package, "NBC", status=SponsorStatus.PROSPECT)
        a1 = make_booth(event, "A1", 9, 0, 0)
        a2 = make_booth(event, "A2", 6, 1, 0)
        return {"event": event.id, "edition": event.edition, "package": package.id, "NMB": nmb.id,
                "NBC": nbc.id, "A1": a1.id, "A2": a2.id}


@pytest.fixture
def exhibition(app_ctx, exhibition_ids):
    """The same, as objects, for the rules tests (which run inside an app context)."""
    found = exhibition_ids
    return {
        "event": db.session.get(Event, found["event"]),
        "package": db.session.get(SponsorshipPackage, found["package"]),
        "nmb": db.session.get(Sponsor, found["NMB"]),
        "nbc": db.session.get(Sponsor, found["NBC"]),
        "a1": db.session.get(Booth, found["A1"]),
        "a2": db.session.get(Booth, found["A2"]),
    }


def allocate(app, booth_id: int, sponsor_id: int) -> None:
    with app.app_context():
        booths.allocate_booth(db.session.get(Booth, booth_id), db.session.get(Sponsor, sponsor_id))


def booth_holder(booth_id: int) -> int | None:
    db.session.expire_all()
    return db.session.get(Booth, booth_id).sponsor_id


# Creating and changing booths -------------------------------------------------------------


def test_create_booth_tidies_the_number_and_records_who(exhibition):
    booth = booths.create_booth(exhibition["event"], BoothDetails(" b 7 ", 12, "  Tent  2 ", 3, 4), actor_id=None)

    assert (booth.number, booth.size_m2, booth.location, booth.grid_x, booth.grid_y) == ("B 7", 12, "Tent 2", 3, 4)
    assert db.session.scalar(sa.select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)) == "booth.create"


@pytest.mark.parametrize("details, field", [
    (BoothDetails("", 9, "", 5, 5), "number"),
    (BoothDetails("A1234567890", 9, "", 5, 5), "number"),
    (BoothDetails("a1", 9, "", 5, 5), "number"),  # A1 exists: numbers are unique whatever the case
    (BoothDetails("C1", 0, "", 5, 5), "size_m2"),
    (BoothDetails("C1", -4, "", 5, 5), "size_m2"),
    (BoothDetails("C1", None, "", 5, 5), "size_m2"),
    (BoothDetails("C1", 9, "x" * 161, 5, 5), "location"),
    (BoothDetails("C1", 9, "", -1, 5), "grid_x"),
    (BoothDetails("C1", 9, "", 5, 40), "grid_y"),
    (BoothDetails("C1", 9, "", 1, 0), "grid_x"),  # A2 stands there
])
def test_bad_booths_are_refused_beside_their_field_and_nothing_is_added(exhibition, details, field):
    before = db.session.scalar(sa.select(sa.func.count(Booth.id)))

    with pytest.raises(DomainError) as refused:
        booths.create_booth(exhibition["event"], details)

    assert refused.value.field == field
    assert refused.value.message
    assert db.session.scalar(sa.select(sa.func.count(Booth.id))) == before


def test_the_same_number_and_place_may_be_used_by_another_edition(exhibition):
    other = factories.event()

    booth = make_booth(other, "A1", 9, 0, 0)

    assert booth.event_id == other.id


def test_update_booth_keeps_its_own_number_and_place(exhibition):
    a1 = exhibition["a1"]

    booths.update_booth(a1, BoothDetails("A1", 16, "Main tent", 0, 0))

    assert (a1.size_m2, a1.location) == (16, "Main tent")


def test_update_booth_cannot_take_another_booths_place(exhibition):
    with pytest.raises(DomainError, match="A2 already stands at column 1, row 0"):
        booths.update_booth(exhibition["a1"], BoothDetails("A1", 9, "", 1, 0))

    assert (booth_holder(exhibition["a1"].id), db.session.get(Booth, exhibition["a1"].id).grid_x) == (None, 0)


def test_a_held_booth_cannot_shrink_below_its_holders_package(exhibition):
    booths.allocate_booth(exhibition["a1"], exhibition["nmb"])

    with pytest.raises(DomainError) as refused:
        booths.update_booth(exhibition["a1"], BoothDetails("A1", 4, "", 0, 0))

    assert refused.value.field == "size_m2"
    db.session.expire_all()
    assert db.session.get(Booth, exhibition["a1"].id).size_m2 == 9


def test_a_free_booth_can_be_removed_a_held_one_cannot(exhibition):
    booths.allocate_booth(exhibition["a1"], exhibition["nmb"])

    booths.delete_booth(exhibition["a2"])
    with pytest.raises(DomainError, match="A1 is allocated; release it"):
        booths.delete_booth(db.session.get(Booth, exhibition["a1"].id))

    assert [b.number for b in booths.list_booths(exhibition["event"])] == ["A1"]


# Allocating -------------------------------------------------------------------------------


def test_allocate_gives_a_free_booth_to_a_confirmed_sponsor(exhibition):
    booth = booths.allocate_booth(exhibition["a1"], exhibition["nmb"], actor_id=None)

    assert booth.sponsor_id == exhibition["nmb"].id
    assert booths.holder_label(booth) == "NMB Holdings"
    assert booths.holder_label(booth, short=True) == "NMB"
    assert booths.booth_numbers_by_sponsor(exhibition["event"]) == {exhibition["nmb"].id: "A1"}


@pytest.mark.parametrize("status", [SponsorStatus.INVOICED, SponsorStatus.PAID])
def test_invoiced_and_paid_sponsors_get_booths_too(exhibition, status):
    sponsor = make_sponsor(exhibition["event"], exhibition["package"], "TCRA", status=status)

    assert booths.allocate_booth(exhibition["a1"], sponsor).sponsor_id == sponsor.id


def test_a_second_allocation_of_a_held_booth_is_refused_and_changes_nothing(exhibition):
    nssf = make_sponsor(exhibition["event"], exhibition["package"], "NSSF")
    booths.allocate_booth(exhibition["a1"], exhibition["nmb"])

    with pytest.raises(DomainError) as refused:
        booths.allocate_booth(db.session.get(Booth, exhibition["a1"].id), nssf)

    assert refused.value.message == "Booth A1 is already allocated to NMB Holdings; release it first."
    assert refused.value.field == "booth_id"
    assert booth_holder(exhibition["a1"].id) == exhibition["nmb"].id


def test_a_booth_smaller_than_the_package_is_refused(exhibition):
    with pytest.raises(DomainError) as refused:
        booths.allocate_booth(exhibition["a2"], exhibition["nmb"])

    assert refused.value.message == "Booth A2 is 6 m²; NMB needs at least 9 m²."
    assert booth_holder(exhibition["a2"].id) is None


def test_a_prospect_gets_no_booth(exhibition):
    with pytest.raises(DomainError, match="NBC is still a prospect") as refused:
        booths.allocate_booth(exhibition["a1"], exhibition["nbc"])

    assert refused.value.field == "sponsor_id"
    assert booth_holder(exhibition["a1"].id) is None


def test_a_sponsor_of_another_edition_gets_no_booth(exhibition):
    other = factories.event()
    stranger = make_sponsor(other, make_package(other), "MSD")

    with pytest.raises(DomainError, match="sponsors another edition"):
        booths.allocate_booth(exhibition["a1"], stranger)


def test_a_package_without_a_booth_gets_none(exhibition):
    package = make_package(exhibition["event"], code="friend", rank=3, booth_size_m2=None)
    friend = make_sponsor(exhibition["event"], package, "SSRA")

    with pytest.raises(DomainError, match="Package friend package includes no booth"):
        booths.allocate_booth(exhibition["a1"], friend)


def test_a_sponsor_holds_one_booth(exhibition):
    a3 = make_booth(exhibition["event"], "A3", 9, 2, 0)
    booths.allocate_booth(exhibition["a1"], exhibition["nmb"])

    with pytest.raises(DomainError, match="NMB already holds booth A1"):
        booths.allocate_booth(a3, exhibition["nmb"])

    assert booth_holder(a3.id) is None


def test_release_frees_the_booth_for_someone_else(exhibition):
    nssf = make_sponsor(exhibition["event"], exhibition["package"], "NSSF")
    booths.allocate_booth(exhibition["a1"], exhibition["nmb"])

    booths.release_booth(exhibition["a1"], expected_sponsor_id=exhibition["nmb"].id)
    booths.allocate_booth(exhibition["a1"], nssf)

    assert booth_holder(exhibition["a1"].id) == nssf.id


def test_release_from_a_stale_page_leaves_the_new_holder_alone(exhibition):
    nssf = make_sponsor(exhibition["event"], exhibition["package"], "NSSF")
    booths.allocate_booth(exhibition["a1"], exhibition["nmb"])
    booths.release_booth(exhibition["a1"])
    booths.allocate_booth(exhibition["a1"], nssf)

    with pytest.raises(DomainError, match="not held by them any more"):
        booths.release_booth(exhibition["a1"], expected_sponsor_id=exhibition["nmb"].id)

    assert booth_holder(exhibition["a1"].id) == nssf.id


def test_releasing_a_free_booth_is_refused(exhibition):
    with pytest.raises(DomainError, match="already free"):
        booths.release_booth(exhibition["a1"])


def test_eligible_sponsors_are_the_confirmed_or_later_of_the_event(exhibition):
    make_sponsor(exhibition["event"], exhibition["package"], "WCF", name="Mfuko wa Fidia kwa Wafanyakazi",
                 status=SponsorStatus.PAID)
    other = factories.event()
    make_sponsor(other, make_package(other), "MSD")

    names = [s.institution.acronym for s in booths.eligible_sponsors(exhibition["event"])]

    assert names == ["WCF", "NMB"]  # by name: "Mfuko…" before "NMB Holdings"; the prospect NBC left out


# Two organisers at once -------------------------------------------------------------------


@pytest.mark.database
def test_two_organisers_allocating_the_same_booth_at_once_give_it_to_one(db_backend, tmp_path):
    """Each thread has its own app context, session and connection; both start at a barrier."""
    config = {"pool_size": 6, "max_overflow": 2, "pool_timeout": 30}
    overrides = {"SQLALCHEMY_ENGINE_OPTIONS": config}
    if db_backend == "sqlite":
        config["connect_args"] = {"timeout": 30}
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'booths.sqlite'}"
    app = create_app(make_config(db_backend, overrides, tmp_path))
    with app.app_context():
        db.drop_all()
        db.create_all()
        event = factories.event(status=EventStatus.OPEN)
        package = make_package(event)
        sponsor_ids = [make_sponsor(event, package, "NMB").id, make_sponsor(event, package, "NBC").id]
        booth_id = make_booth(event).id
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def organiser(i: int) -> None:
        with app.app_context():
            try:
                booth = db.session.get(Booth, booth_id)
                sponsor = db.session.get(Sponsor, sponsor_ids[i])
                sponsor.institution, sponsor.package  # read before the race, like a page would
                db.session.commit()  # that page's request is over (SQLite would hold its lock)
                barrier.wait(timeout=30)
                booths.allocate_booth(booth, sponsor)
                results[i] = "ok"
            except DomainError as error:
                results[i] = f"refused: {error.message}"
            except Exception as error:  # noqa: BLE001 — reported by the test, never lost in a thread
                results[i] = f"error: {error!r}"
            finally:
                db.session.remove()

    try:
        threads = [threading.Thread(target=organiser, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert sorted(r.split(":")[0] for r in results) == ["ok", "refused"], results
        winner = sponsor_ids[results.index("ok")]
        with app.app_context():
            assert db.session.get(Booth, booth_id).sponsor_id == winner
            allocations = db.session.scalars(
                sa.select(AuditEntry).where(AuditEntry.action == "booth.allocate")
            ).all()
            assert len(allocations) == 1
    finally:
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


# The floor plan layout (pure) -------------------------------------------------------------


def test_lay_out_places_squares_by_column_and_row_and_sizes_the_plan():
    plan = lay_out([("A1", 0, 0), ("B2", 1, 2)])

    first, second = plan.tiles
    assert (first.item, first.x, first.y) == ("A1", 12, 12)
    assert (second.x, second.y) == (12 + 132, 12 + 2 * 132)
    assert (plan.width, plan.height) == (second.x + 120 + 12, second.y + 120 + 12)
    assert plan.view_box == f"0 0 {plan.width} {plan.height}"


def test_an_empty_plan_has_a_size_and_labels_are_cut_to_fit():
    assert lay_out([]).tiles == []
    assert lay_out([]).width > 0
    assert short_label("Mfuko wa Fidia kwa Wafanyakazi") == "Mfuko wa F…"
    assert short_label(" NMB ") == "NMB"


# Pages ------------------------------------------------------------------------------------


@pytest.fixture
def organiser(login):
    return login(Role.ORGANISER)


def booth_numbers(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(sa.select(Booth.number)))


def test_booth_list_shows_holders_and_free_booths(app, client, exhibition_ids, organiser):
    found = exhibition_ids
    allocate(app, found["A1"], found["NMB"])

    body = client.get(f"/manage/events/{found['event']}/booths", headers=EN).get_data(as_text=True)

    assert "2 booths, 1 free" in body
    assert "NMB Holdings" in body
    assert f"/manage/booths/{found['A2']}/allocate" in body
    assert f"/manage/booths/{found['A1']}/release" in body
    assert f'name="sponsor_id" value="{found["NMB"]}"' in body


def test_a_booth_held_by_an_innovation_entry_shows_its_title_and_is_released_only_from_it(
        app, client, exhibition_ids, organiser):
    """The competition's rules for entries' booths are tested in tests/innovations."""
    from eventapp.innovations.booths_and_slots import give_booth
    from tests.innovations import factories as innovations

    found = exhibition_ids
    with app.app_context():
        call = innovations.call(db.session.get(Event, found["event"]))
        entry = innovations.entry(call, innovations.university(), title="Mfumo wa Kilimo", exhibition=True)
        give_booth(entry, db.session.get(Booth, found["A2"]))
        entry_id = entry.id

    body = client.get(f"/manage/events/{found['event']}/booths", headers=EN).get_data(as_text=True)
    assert "2 booths, 1 free" in body
    assert "Mfumo wa Kilimo" in body
    assert f"/manage/booths/{found['A2']}/allocate" not in body  # held, not free
    assert f"/manage/booths/{found['A2']}/release" not in body  # released from the competition's page
    plan = client.get(f"/manage/events/{found['event']}/floor-plan", headers=EN).get_data(as_text=True)
    assert "Booth A2, 6 m²: Mfumo wa Kilimo" in plan
    public = client.get(f"/meetings/{found['edition']}/exhibition", headers=EN).get_data(as_text=True)
    assert "Mfumo wa Kilimo" in public

    with app.app_context():
        booth = db.session.get(Booth, found["A2"])
        with pytest.raises(DomainError, match="not held by them any more"):
            booths.release_booth(booth, expected_entry_id=entry_id + 1)
        db.session.refresh(booth)
        assert (booth.sponsor_id, booth.entry_id) == (None, entry_id)
        booths.release_booth(booth, expected_entry_id=entry_id)
        assert booths.is_free(db.session.get(Booth, found["A2"]))


def test_adding_a_booth_on_the_page(app, client, exhibition_ids, organiser):
    found = exhibition_ids

    response = client.post(f"/manage/events/{found['event']}/booths",
                           data={"number": "b1", "size_m2": "12", "location": "Tent", "grid_x": "0", "grid_y": "2"},
                           headers=EN, follow_redirects=True)

    assert "Booth B1 added." in response.get_data(as_text=True)
    assert "B1" in booth_numbers(app)


def test_a_refused_booth_is_shown_beside_its_field_and_what_was_typed_stays(app, client, exhibition_ids, organiser):
    found = exhibition_ids

    response = client.post(f"/manage/events/{found['event']}/booths",
                           data={"number": "A1", "size_m2": "12", "location": "Tent B", "grid_x": "4", "grid_y": "4"},
                           headers=EN)

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This event already has a booth numbered A1." in body
    assert 'value="Tent B"' in body


def test_editing_a_booth(app, client, exhibition_ids, organiser):
    found = exhibition_ids

    response = client.post(f"/manage/booths/{found['A2']}/edit",
                           data={"number": "A2", "size_m2": "12", "location": "", "grid_x": "1", "grid_y": "0"},
                           headers=EN)

    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Booth, found["A2"]).size_m2 == 12


def test_the_allocate_page_offers_confirmed_sponsors_only(app, client, exhibition_ids, organiser):
    found = exhibition_ids

    body = client.get(f"/manage/booths/{found['A1']}/allocate", headers=EN).get_data(as_text=True)

    assert "NMB Holdings (NMB)" in body
    assert "NBC" not in body  # a prospect


def test_allocating_and_releasing_on_the_pages(app, client, exhibition_ids, organiser):
    found = exhibition_ids

    allocated = client.post(f"/manage/booths/{found['A1']}/allocate", data={"sponsor_id": found["NMB"]},
                            headers=EN, follow_redirects=True)
    assert "Booth A1 allocated to NMB Holdings." in allocated.get_data(as_text=True)
    assert booth_holder_in(app, found["A1"]) == found["NMB"]

    again = client.post(f"/manage/booths/{found['A1']}/allocate", data={"sponsor_id": found["NMB"]}, headers=EN)
    assert again.status_code == 200
    assert "already allocated to NMB Holdings" in again.get_data(as_text=True)

    released = client.post(f"/manage/booths/{found['A1']}/release", data={"sponsor_id": found["NMB"]},
                           headers=EN, follow_redirects=True)
    assert "Booth A1 is free again." in released.get_data(as_text=True)
    assert booth_holder_in(app, found["A1"]) is None


def test_a_too_small_booth_is_refused_on_the_page(app, client, exhibition_ids, organiser):
    found = exhibition_ids

    response = client.post(f"/manage/booths/{found['A2']}/allocate", data={"sponsor_id": found["NMB"]}, headers=EN)

    assert "Booth A2 is 6 m²; NMB needs at least 9 m²." in response.get_data(as_text=True)
    assert booth_holder_in(app, found["A2"]) is None


def test_allocating_without_choosing_asks_for_a_sponsor(app, client, exhibition_ids, organiser):
    found = exhibition_ids

    response = client.post(f"/manage/booths/{found['A1']}/allocate", data={"sponsor_id": ""}, headers=EN)

    assert "Choose a sponsor." in response.get_data(as_text=True)


def test_removing_a_booth_on_the_page(app, client, exhibition_ids, organiser):
    found = exhibition_ids

    response = client.post(f"/manage/booths/{found['A2']}/delete", headers=EN, follow_redirects=True)

    assert "Booth A2 removed." in response.get_data(as_text=True)
    assert "A2" not in booth_numbers(app)


def booth_holder_in(app, booth_id: int) -> int | None:
    with app.app_context():
        return db.session.get(Booth, booth_id).sponsor_id


def floor_plan_svg(body: str) -> str:
    [svg] = re.findall(r'<svg class="floor-plan".*?</svg>', body, flags=re.S)
    return svg


def test_the_organiser_floor_plan_has_one_rect_per_booth_linked_to_its_page(app, client, exhibition_ids, organiser):
    found = exhibition_ids
    allocate(app, found["A1"], found["NMB"])
    with app.app_context():
        make_booth(db.session.get(Event, found["event"]), "B1", 9, 0, 2)

    response = client.get(f"/manage/events/{found['event']}/floor-plan", headers=EN)

    svg = floor_plan_svg(response.get_data(as_text=True))
    assert svg.count("<rect ") == 3
    assert f'href="/manage/booths/{found["A1"]}/edit"' in svg  # held: its page
    assert f'href="/manage/booths/{found["A2"]}/allocate"' in svg  # free: allocate it
    assert 'fill="#1f6f43"' in svg and 'fill="#ffffff"' in svg
    assert "style=" not in svg and "<script" not in svg


def test_the_public_floor_plan_names_the_holders(app, client, exhibition_ids):
    allocate(app, exhibition_ids["A1"], exhibition_ids["NMB"])
    edition = exhibition_ids["edition"]

    response = client.get(f"/meetings/{edition}/exhibition", headers=EN)

    body = response.get_data(as_text=True)
    svg = floor_plan_svg(body)
    assert svg.count("<rect ") == 2
    assert ">NMB</text>" in svg and ">Free</text>" in svg
    assert "/manage/" not in svg
    assert "NMB Holdings" in body  # the table below the plan
    assert "style=" not in body.split("<main>")[1]


def test_the_public_floor_plan_of_a_draft_edition_is_a_404(app, client):
    with app.app_context():
        draft = factories.event(status=EventStatus.DRAFT)
        make_booth(draft)
        edition = draft.edition

    assert client.get(f"/meetings/{edition}/exhibition").status_code == 404


def test_the_public_floor_plan_in_swahili(app, client, exhibition_ids):
    edition = exhibition_ids["edition"]

    body = client.get(f"/meetings/{edition}/exhibition", headers={"Accept-Language": "sw"}).get_data(as_text=True)

    assert 'lang="sw"' in body
    assert floor_plan_svg(body).count("<rect ") == 2


@pytest.mark.parametrize("method, path", [
    ("GET", "/manage/events/{event}/booths"),
    ("POST", "/manage/events/{event}/booths"),
    ("GET", "/manage/events/{event}/floor-plan"),
    ("GET", "/manage/booths/{A1}/edit"),
    ("GET", "/manage/booths/{A1}/allocate"),
    ("POST", "/manage/booths/{A1}/allocate"),
    ("POST", "/manage/booths/{A1}/release"),
    ("POST", "/manage/booths/{A1}/delete"),
])
def test_participants_may_not_touch_the_booths(app, client, exhibition_ids, login, method, path):
    found = exhibition_ids
    login(Role.PARTICIPANT)

    response = client.open(path.format(**found), method=method, data={"sponsor_id": found["NMB"]})

    assert response.status_code == 403
    assert booth_holder_in(app, found["A1"]) is None
    assert "A1" in booth_numbers(app)
