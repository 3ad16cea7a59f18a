"""`flask seed-demo`, sponsors part: the ten sponsors of section 2.5, their packages and
logos, the exhibition of section 2.7 and NMB's programme slots."""
from pathlib import Path

import pytest
import sqlalchemy as sa

from eventapp.core.uploads import sniff_kind
from eventapp.extensions import db
from eventapp.programme.models import ItemKind, ProgrammeItem
from eventapp.registration.models import Institution, InstitutionType
from eventapp.sponsors.models import Booth, Sponsor, SponsorshipPackage, SponsorSlot, SponsorStatus
from tests.demo.test_seed import table_contents, table_counts

SPONSOR_TABLES = ("sponsorship_packages", "sponsors", "booths", "sponsor_slots")
REPORT_ORDER = ["NMB", "NBC", "TANAPA", "TCRA", "UCSAF", "COSTECH", "WCF", "NSSF", "MSD", "SSRA"]


@pytest.fixture
def seeded(app, runner):
    """A database of the test's own, for the tests that change data; the others read the module's
    shared `demo_app`."""
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result


def sponsors_by_acronym() -> dict[str, Sponsor]:
    return {s.institution.acronym: s for s in db.session.scalars(sa.select(Sponsor))}


def test_the_ten_sponsors_of_2019_are_confirmed_sponsors_of_the_edition(demo_app):
    with demo_app.app_context():
        sponsors = sponsors_by_acronym()

        assert sorted(sponsors) == sorted(REPORT_ORDER)
        assert {s.event.edition for s in sponsors.values()} == {2}
        assert {s.status for s in sponsors.values()} == {SponsorStatus.CONFIRMED}
        assert {s.package.code for s in sponsors.values()} == {"sponsor"}
        assert all(s.pledged_amount == s.package.amount and s.contact_email.endswith("@demo.example.org")
                   for s in sponsors.values())
        assert sponsors["TANAPA"].institution.name == "Shirika la Hifadhi za Taifa Tanzania"
        assert sponsors["NMB"].institution.name == "National Microfinance Bank"


def test_banks_are_private_and_the_others_sector_institutions_of_their_ministries(demo_app):
    with demo_app.app_context():
        institutions = {s.institution.acronym: s.institution for s in sponsors_by_acronym().values()}

        assert {a for a, i in institutions.items() if i.type is InstitutionType.PRIVATE} == {"NMB", "NBC"}
        assert all(i.parent is None for a, i in institutions.items() if a in ("NMB", "NBC"))
        others = {a: i for a, i in institutions.items() if a not in ("NMB", "NBC")}
        assert {i.type for i in others.values()} == {InstitutionType.SECTOR_INSTITUTION}
        assert all(i.parent is not None and i.parent.type is InstitutionType.MINISTRY
                   for i in others.values())
        assert others["TANAPA"].parent.acronym == "MNRT"
        assert others["COSTECH"].parent.acronym == "MoEST"
        assert others["TCRA"].parent == others["UCSAF"].parent


def test_two_packages_with_the_ten_in_the_sponsor_package(demo_app):
    with demo_app.app_context():
        packages = {p.code: p for p in db.session.scalars(sa.select(SponsorshipPackage))}

        assert sorted(packages) == ["exhibitor", "sponsor"]
        sponsor = packages["sponsor"]
        assert (sponsor.name_sw, sponsor.name_en, sponsor.rank) == ("Mfadhili", "Sponsor", 1)
        assert (packages["exhibitor"].name_en, packages["exhibitor"].rank) == ("Exhibitor", 2)
        assert sponsor.programme_minutes >= 10  # NMB's two five-minute slots
        assert sponsor.logo_on_website


def test_every_sponsor_has_a_placeholder_png_logo(demo_app):
    with demo_app.app_context():
        folder = Path(demo_app.config["UPLOAD_FOLDER"])
        for sponsor in sponsors_by_acronym().values():
            data = (folder / sponsor.logo_file).read_bytes()
            assert sniff_kind(data) == "png"


def test_a_booth_per_sponsor_and_ten_free_booths_for_the_innovations(demo_app):
    with demo_app.app_context():
        booths = db.session.scalars(sa.select(Booth).order_by(Booth.grid_y, Booth.grid_x)).all()
        sponsors = sponsors_by_acronym()

        assert len(booths) == 20
        held = {b.number: b.sponsor.institution.acronym for b in booths if b.sponsor_id is not None}
        assert held == {f"A{i + 1}": acronym for i, acronym in enumerate(REPORT_ORDER)}
        free = [b.number for b in booths if b.sponsor_id is None]
        assert free == [f"B{i}" for i in range(1, 11)]
        assert len({(b.grid_x, b.grid_y) for b in booths}) == 20
        assert all(b.size_m2 >= sponsors["NMB"].package.booth_size_m2 for b in booths)


def test_the_nmb_sponsor_slots_are_linked_to_nmb(demo_app):
    with demo_app.app_context():
        nmb = sponsors_by_acronym()["NMB"]
        slot_items = db.session.scalars(
            sa.select(ProgrammeItem).where(ProgrammeItem.kind == ItemKind.SPONSOR_SLOT)
        ).all()
        links = db.session.scalars(sa.select(SponsorSlot)).all()

        assert len(slot_items) == 2
        assert {link.item_id for link in links} == {item.id for item in slot_items}
        assert {link.sponsor_id for link in links} == {nmb.id}


def test_the_demo_sponsors_page_and_floor_plan(demo_client):
    sponsors = demo_client.get("/meetings/2/sponsors", headers={"Accept-Language": "en"}).get_data(as_text=True)
    plan = demo_client.get("/meetings/2/exhibition", headers={"Accept-Language": "en"}).get_data(as_text=True)

    assert "<h2>Sponsor</h2>" in sponsors
    for acronym in REPORT_ORDER:
        assert f"({acronym})" in sponsors
        assert f">{acronym}</text>" in plan
    assert plan.count("<rect ") >= 20


def test_seeding_twice_changes_nothing_and_writes_no_new_logo(app, runner, seeded):
    folder = Path(app.config["UPLOAD_FOLDER"])
    files = sorted(p.name for p in folder.iterdir())
    with app.app_context():
        counts = table_counts()
        contents = table_contents()
    assert [counts[t] for t in SPONSOR_TABLES] == [2, 10, 20, 2]
    assert len([name for name in files if name.endswith(".png")]) == 10  # the reports' PDFs share the folder

    again = runner.invoke(args=["seed-demo"])

    assert again.exit_code == 0, again.output
    assert "0 records created" in again.output
    assert sorted(p.name for p in folder.iterdir()) == files
    with app.app_context():
        assert table_counts() == counts
        assert table_contents() == contents


def test_a_released_booth_and_a_lost_logo_come_back(app, runner, seeded):
    with app.app_context():
        nmb = sponsors_by_acronym()["NMB"]
        booth = db.session.scalar(sa.select(Booth).where(Booth.sponsor_id == nmb.id))
        booth.sponsor_id = None
        (Path(app.config["UPLOAD_FOLDER"]) / nmb.logo_file).unlink()
        db.session.commit()

    again = runner.invoke(args=["seed-demo"])

    assert again.exit_code == 0, again.output
    with app.app_context():
        nmb = sponsors_by_acronym()["NMB"]
        assert db.session.scalar(sa.select(Booth.number).where(Booth.sponsor_id == nmb.id)) == "A1"
        assert (Path(app.config["UPLOAD_FOLDER"]) / nmb.logo_file).is_file()
        assert db.session.scalar(sa.select(sa.func.count(Institution.id))) == 43 + 20 + 8  # and the demo's councils
