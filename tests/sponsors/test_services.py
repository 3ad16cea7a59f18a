"""Sponsors' services: packages, sponsors and their logos (checked by content, resized), the
pledge bill reconciled like any other, complimentary passes up to the package (also under
concurrent requests), programme slots, the logos on the programme PDF and the organisers'
figures."""
import io
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from PIL import Image
from werkzeug.datastructures import FileStorage

from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.programme.documents import SPONSOR_LOGO_PROVIDERS, sponsor_logos
from eventapp.programme.models import ProgrammeItem
from eventapp.registration.models import (
    Bill,
    BillStatus,
    Institution,
    ParticipantCategory,
    PaymentChannel,
    PaymentOption,
    PaymentSource,
    Registration,
    RegistrationStatus,
)
from eventapp.registration.services import payments
from eventapp.registration.services.payments import BILL_PAID_HOOKS
from eventapp.sponsors import figures, passes, services, slots
from eventapp.sponsors.models import Sponsor, SponsorPass, SponsorshipPackage, SponsorSlot, SponsorStatus
from eventapp.sponsors.services import PackageDetails, SponsorDetails
from tests import factories
from tests.registration.test_concurrency import run_together

_n = iter(range(1, 10**9))


# --- builders shared with test_manage_views ----------------------------------------------


def image_bytes(size=(1200, 400), fmt="PNG", mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "green" if mode != "RGBA" else (0, 128, 0, 128)).save(out, fmt)
    return out.getvalue()


def upload(data: bytes, filename: str = "logo.png") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename)


FAKE_IMAGE = b"This is a text file renamed to logo.png\n"
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(1)</script></svg>')


def corrupt_png() -> bytes:
    data = image_bytes((400, 200))
    return data[:50] + b"\x00" * 40 + data[90:]


def make_package(event, code=None, amount=50_000_000, passes=3, minutes=10, rank=1, **kwargs) -> SponsorshipPackage:
    details = PackageDetails(code=code or f"P{next(_n)}", name_sw="Dhahabu", name_en="Gold", amount=amount,
                             rank=rank, complimentary_passes=passes, programme_minutes=minutes, **kwargs)
    return services.save_package(event, details)


def make_sponsor(event, package, name=None, acronym="", status=SponsorStatus.CONFIRMED, logo=None,
                 pledged=None) -> Sponsor:
    institution = factories.institution(name=name, acronym=acronym)
    details = SponsorDetails(package_id=package.id, contact_name="Neema Mushi",
                             contact_email=f"neema{next(_n)}@example.co.tz", institution_id=institution.id,
                             pledged_amount=pledged, contact_phone="0754 000 111", website="https://www.nmbbank.co.tz")
    sponsor = services.save_sponsor(event, details, logo=logo)
    if status is not SponsorStatus.PROSPECT:
        services.change_status(sponsor, SponsorStatus.CONFIRMED)
    if status in (SponsorStatus.INVOICED, SponsorStatus.PAID):
        services.raise_pledge_bill(sponsor)
    return sponsor


def sponsor_details(sponsor: Sponsor, **changes) -> SponsorDetails:
    values = dict(package_id=sponsor.package_id, contact_name=sponsor.contact_name,
                  contact_email=sponsor.contact_email, institution_id=sponsor.institution_id,
                  pledged_amount=sponsor.pledged_amount, contact_phone=sponsor.contact_phone, website=sponsor.website)
    values.update(changes)
    return SponsorDetails(**values)


def pay(bill: Bill, amount: int | None = None, transaction_id: str | None = None) -> payments.ApplyResult:
    notice = payments.PaymentNotice(
        transaction_id=transaction_id or f"SP-TXN-{next(_n)}", control_number=bill.control_number,
        amount=amount if amount is not None else bill.balance, currency=bill.currency,
        paid_at=datetime.now(timezone.utc), channel=PaymentChannel.BANK, payer_name=bill.payer_name,
    )
    return payments.record_payment(notice, PaymentSource.MANUAL)


@pytest.fixture
def meeting(app_ctx):
    event = factories.open_event()
    category = factories.category(event, code="G1", fee=400_000)
    package = make_package(event, code="GOLD", passes=2)
    return event, category, package


# --- packages ----------------------------------------------------------------------------


def test_a_package_holds_its_benefits_as_data(app_ctx):
    event = factories.event()
    package = services.save_package(event, PackageDetails(
        code="platinum", name_sw="Platinamu", name_en="Platinum", amount=100_000_000, rank=1, booth_size_m2=18,
        complimentary_passes=10, programme_minutes=5, logo_on_programme=True, logo_on_certificates=True))

    assert (package.code, package.amount, package.currency) == ("PLATINUM", 100_000_000, "TZS")
    assert (package.booth_size_m2, package.complimentary_passes, package.programme_minutes) == (18, 10, 5)
    assert package.logo_on_programme and package.logo_on_website and package.logo_on_certificates


def test_a_package_refuses_bad_values_field_by_field_and_saves_nothing(app_ctx):
    event = factories.event()
    make_package(event, code="GOLD")

    with pytest.raises(InvalidInput) as refused:
        services.save_package(event, PackageDetails(code="gold", name_sw="", name_en="Gold", amount=-1,
                                                    currency="shilingi", complimentary_passes=-2, booth_size_m2=0))

    assert set(refused.value.errors) == {"code", "name_sw", "amount", "currency", "complimentary_passes",
                                         "booth_size_m2"}
    assert db.session.scalar(sa.select(sa.func.count(SponsorshipPackage.id))) == 1


def test_a_package_cannot_offer_fewer_passes_than_a_sponsor_used_nor_be_deleted_in_use(meeting):
    event, category, package = meeting
    sponsor = make_sponsor(event, package)
    passes.register_pass(sponsor, factories.participant_details(category))
    passes.register_pass(sponsor, factories.participant_details(category))
    details = PackageDetails(code="GOLD", name_sw="Dhahabu", name_en="Gold", amount=1, complimentary_passes=1)

    with pytest.raises(InvalidInput) as refused:
        services.save_package(event, details, package)
    with pytest.raises(DomainError, match="move them to another package"):
        services.delete_package(package)

    assert "complimentary_passes" in refused.value.errors
    db.session.expire_all()
    assert package.complimentary_passes == 2 and db.session.get(SponsorshipPackage, package.id) is not None


# --- sponsors ----------------------------------------------------------------------------


def test_a_sponsor_is_an_institution_of_the_directory_once_per_event(meeting):
    event, _category, package = meeting
    sponsor = make_sponsor(event, package, name="NMB Bank Plc", acronym="NMB", status=SponsorStatus.PROSPECT)

    assert sponsor.status is SponsorStatus.PROSPECT
    assert sponsor.pledged_amount == package.amount  # the package's amount unless another is pledged
    assert sponsor.contact_phone == "255754000111"
    with pytest.raises(InvalidInput) as refused:
        services.save_sponsor(event, sponsor_details(sponsor, institution_id=None, institution_name=" nmb  bank plc"))

    assert "already a sponsor" in refused.value.errors["institution_name"]
    assert db.session.scalar(sa.select(sa.func.count(Sponsor.id))) == 1


def test_a_typed_institution_is_added_to_the_directory_for_review(meeting):
    event, _category, package = meeting

    sponsor = services.save_sponsor(event, SponsorDetails(
        package_id=package.id, contact_name="Asha", contact_email="Asha@UCSAF.go.tz",
        institution_name="Universal Communications Service Access Fund"))

    assert sponsor.institution.reviewed is False
    assert sponsor.contact_email == "asha@ucsaf.go.tz"


def test_bad_sponsor_details_are_all_reported_and_nothing_is_saved(meeting):
    event, _category, package = meeting
    other_event = factories.event()
    foreign = make_package(other_event)

    with pytest.raises(InvalidInput) as refused:
        services.save_sponsor(event, SponsorDetails(
            package_id=foreign.id, contact_name=" ", contact_email="not-an-email", institution_name="New Typed Bank",
            pledged_amount=-5, contact_phone="12", website="javascript:alert(1)"), logo=upload(FAKE_IMAGE))

    assert set(refused.value.errors) == {"package_id", "contact_name", "contact_email", "pledged_amount",
                                         "contact_phone", "website", "logo"}
    assert db.session.scalar(sa.select(sa.func.count(Sponsor.id))) == 0
    assert db.session.scalar(sa.select(Institution).where(Institution.name == "New Typed Bank")) is None


def test_status_moves_by_hand_only_between_prospect_and_confirmed(meeting):
    event, _category, package = meeting
    sponsor = make_sponsor(event, package, status=SponsorStatus.PROSPECT)

    services.change_status(sponsor, SponsorStatus.CONFIRMED, actor_id=None)
    for status in (SponsorStatus.INVOICED, SponsorStatus.PAID):
        with pytest.raises(DomainError):
            services.change_status(sponsor, status)

    assert sponsor.status is SponsorStatus.CONFIRMED
    services.raise_pledge_bill(sponsor)
    with pytest.raises(DomainError, match="billed"):
        services.change_status(sponsor, SponsorStatus.PROSPECT)
    assert sponsor.status is SponsorStatus.INVOICED


# --- logos -------------------------------------------------------------------------------


def stored_logo(sponsor: Sponsor) -> Image.Image:
    return Image.open(slots.logo_path(sponsor))


@pytest.mark.parametrize("size, fmt, expected", [
    ((1200, 400), "PNG", (600, 200)),  # wide: the width is the limit
    ((300, 900), "JPEG", (100, 300)),  # tall: the height is the limit
    ((160, 80), "PNG", (160, 80)),  # small: kept as it is, never enlarged
])
def test_a_png_or_jpeg_logo_is_stored_as_a_png_fitting_600_by_300(meeting, size, fmt, expected):
    event, _category, package = meeting
    sponsor = make_sponsor(event, package, logo=upload(image_bytes(size, fmt), "logo.jpg"))

    picture = stored_logo(sponsor)
    assert picture.format == "PNG" and picture.size == expected
    assert sponsor.logo_file.endswith(".png")


def test_a_transparent_logo_keeps_its_transparency(meeting):
    event, _category, package = meeting
    sponsor = make_sponsor(event, package, logo=upload(image_bytes((800, 800), "PNG", "RGBA")))

    assert stored_logo(sponsor).mode == "RGBA"


def test_a_new_logo_replaces_the_old_file(meeting):
    event, _category, package = meeting
    sponsor = make_sponsor(event, package, logo=upload(image_bytes()))
    old = slots.logo_path(sponsor)

    services.save_sponsor(event, sponsor_details(sponsor), sponsor, logo=upload(image_bytes((300, 300), "JPEG")))

    assert not old.exists()
    assert stored_logo(sponsor).size == (300, 300)


@pytest.fixture
def tiny_logo_limit(app):
    app.config["MAX_LOGO_BYTES"] = 5_000


@pytest.mark.parametrize("data, message", [
    (FAKE_IMAGE, "not an accepted type (JPEG, PNG). It was checked by its content"),
    (SVG, "not an accepted type"),
    (corrupt_png(), "could not be read"),
    (image_bytes((3000, 3000), "JPEG") + b"\x00" * 6000, "too large"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "could not be read"),  # a JPEG header and nothing after it
])
def test_a_bad_logo_is_refused_beside_the_field_and_nothing_changes(meeting, tiny_logo_limit, app, data, message):
    event, _category, package = meeting
    sponsor = make_sponsor(event, package, logo=upload(image_bytes((100, 50))))
    before = (sponsor.logo_file, sponsor.contact_name)
    files_before = sorted(p.name for p in slots.logo_path(sponsor).parent.iterdir())

    with pytest.raises(InvalidInput) as refused:
        services.save_sponsor(event, sponsor_details(sponsor, contact_name="Someone Else"), sponsor,
                              logo=upload(data, "logo.png"))

    assert message in refused.value.errors["logo"]
    db.session.expire_all()
    assert (sponsor.logo_file, sponsor.contact_name) == before
    assert sorted(p.name for p in slots.logo_path(sponsor).parent.iterdir()) == files_before


def test_an_image_bomb_is_refused_before_it_is_decoded(meeting):
    event, _category, package = meeting
    bomb = image_bytes((8000, 8000), "PNG", "L")  # 64 million pixels in a few kilobytes

    with pytest.raises(InvalidInput) as refused:
        make_sponsor(event, package, logo=upload(bomb))

    assert len(bomb) < 200_000
    assert "too many pixels" in refused.value.errors["logo"]


# --- the pledge bill ---------------------------------------------------------------------


def test_the_pledge_bill_is_raised_and_paid_through_reconciliation_and_the_sponsor_is_paid(meeting):
    event, _category, package = meeting
    sponsor = make_sponsor(event, package, name="National Microfinance Bank", acronym="NMB", pledged=60_000_000)

    bill = services.raise_pledge_bill(sponsor, actor_id=None, language="en")

    assert sponsor.status is SponsorStatus.INVOICED and sponsor.bill_id == bill.id
    assert bill.control_number.startswith("99") and len(bill.control_number) == 12
    assert (bill.total_amount, bill.payment_option) == (60_000_000, PaymentOption.PARTIAL)
    assert bill.payer_name == "National Microfinance Bank" and bill.payer_email == sponsor.contact_email
    assert [item.registration_id for item in bill.items] == [None]

    assert pay(bill, 20_000_000).outcome is payments.Outcome.MATCHED  # an instalment
    db.session.expire_all()
    assert sponsor.status is SponsorStatus.INVOICED and bill.status is BillStatus.PARTIALLY_PAID
    assert pay(bill, 40_000_000).outcome is payments.Outcome.MATCHED

    db.session.expire_all()
    assert bill.status is BillStatus.PAID
    assert sponsor.status is SponsorStatus.PAID
    assert db.session.scalar(sa.select(AuditEntry.target).where(AuditEntry.action == "sponsors.paid")) \
        == f"sponsor:{sponsor.id}"


def test_the_paid_hook_is_registered_once_however_many_apps(app, app_ctx):
    from config import TestingConfig
    from eventapp import create_app

    create_app(type("Again", (TestingConfig,), {"UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"]}))

    assert BILL_PAID_HOOKS.count(services.mark_paid_by_bill) == 1
    assert SPONSOR_LOGO_PROVIDERS.count(slots.programme_logo_paths) == 1


def test_one_open_bill_per_sponsor_and_none_for_a_prospect_or_a_zero_pledge(meeting):
    event, _category, package = meeting
    prospect = make_sponsor(event, package, status=SponsorStatus.PROSPECT)
    nothing = make_sponsor(event, package, pledged=0)
    sponsor = make_sponsor(event, package, status=SponsorStatus.INVOICED)

    with pytest.raises(DomainError, match="Confirm the sponsorship"):
        services.raise_pledge_bill(prospect)
    with pytest.raises(DomainError, match="nothing to bill"):
        services.raise_pledge_bill(nothing)
    with pytest.raises(DomainError, match="already has an open bill"):
        services.raise_pledge_bill(sponsor)

    assert db.session.scalar(sa.select(sa.func.count(Bill.id))) == 1


def test_after_an_expired_bill_a_new_one_replaces_it(meeting):
    event, _category, package = meeting
    sponsor = make_sponsor(event, package, status=SponsorStatus.INVOICED)
    first = sponsor.bill
    first.status = BillStatus.EXPIRED
    db.session.commit()

    second = services.raise_pledge_bill(sponsor)

    assert first.status is BillStatus.CANCELLED  # only the new bill can be paid now
    assert sponsor.bill_id == second.id and sponsor.status is SponsorStatus.INVOICED


def test_a_billed_pledge_can_no_longer_change(meeting):
    event, _category, package = meeting
    sponsor = make_sponsor(event, package, status=SponsorStatus.INVOICED)

    with pytest.raises(InvalidInput) as refused:
        services.save_sponsor(event, sponsor_details(sponsor, pledged_amount=1), sponsor)

    assert "pledged_amount" in refused.value.errors


# --- complimentary passes ----------------------------------------------------------------


def test_a_pass_registers_a_staff_member_with_the_fee_waived(meeting, outbox):
    event, category, package = meeting
    sponsor = make_sponsor(event, package, name="Tanzania National Parks", acronym="TANAPA")
    details = factories.participant_details(category, email="mlinzi@tanapa.go.tz", institution_name="Typed Other")

    registration = passes.register_pass(sponsor, details, actor_id=None)

    assert registration.fee_waived and registration.amount_due == 0
    assert registration.waiver_reason == "Complimentary pass: Tanzania National Parks"
    assert registration.status is RegistrationStatus.CONFIRMED
    assert registration.institution_id == sponsor.institution_id
    assert db.session.scalar(sa.select(Bill.id)) is None
    assert sponsor.passes_used == 1 and passes.passes_left(sponsor) == 1
    assert passes.pass_registrations(sponsor) == [registration]
    assert db.session.scalar(sa.select(AuditEntry.details).where(AuditEntry.action == "registration.fee_waiver")) \
        == "Complimentary pass: Tanzania National Parks"
    assert [m.recipients for m in outbox] == [["mlinzi@tanapa.go.tz"]]


def test_passes_beyond_the_package_are_refused_and_nothing_is_saved(meeting):
    event, category, package = meeting  # two passes
    sponsor = make_sponsor(event, package)
    passes.register_pass(sponsor, factories.participant_details(category))
    passes.register_pass(sponsor, factories.participant_details(category))

    with pytest.raises(DomainError, match="All 2 complimentary passes of the Gold package have been used"):
        passes.register_pass(sponsor, factories.participant_details(category, email="third@example.org"))

    db.session.expire_all()
    assert sponsor.passes_used == 2
    assert db.session.scalar(sa.select(sa.func.count(SponsorPass.id))) == 2
    assert db.session.scalar(sa.select(Registration).where(Registration.email == "third@example.org")) is None


def test_the_conditional_update_holds_even_when_the_count_read_earlier_is_stale(meeting, monkeypatch):
    event, category, package = meeting
    sponsor = make_sponsor(event, package)
    db.session.execute(sa.update(Sponsor).where(Sponsor.id == sponsor.id).values(passes_used=2))
    db.session.commit()
    monkeypatch.setattr(passes, "passes_left", lambda sponsor: 1)  # what an earlier read believed

    with pytest.raises(DomainError, match="have been used"):
        passes.register_pass(sponsor, factories.participant_details(category, email="late@example.org"))

    assert db.session.scalar(sa.select(Registration).where(Registration.email == "late@example.org")) is None


def test_bad_pass_details_are_reported_by_field_and_take_no_pass(meeting):
    event, category, package = meeting
    sponsor = make_sponsor(event, package)

    with pytest.raises(InvalidInput) as refused:
        passes.register_pass(sponsor, factories.participant_details(category, email="x", phone="12"))

    assert {"email", "phone"} <= set(refused.value.errors)
    db.session.expire_all()
    assert sponsor.passes_used == 0


def test_a_repeated_email_takes_no_pass(meeting):
    event, category, package = meeting
    sponsor = make_sponsor(event, package)
    passes.register_pass(sponsor, factories.participant_details(category, email="same@example.org"))

    with pytest.raises(DomainError, match="already registered"):
        passes.register_pass(sponsor, factories.participant_details(category, email="same@example.org"))

    db.session.expire_all()
    assert sponsor.passes_used == 1


def test_a_contact_uses_public_categories_while_registration_is_open_an_organiser_any(meeting):
    event, category, package = meeting
    hidden = factories.category(event, code="SPONSOR", fee=0, public=False)
    sponsor = make_sponsor(event, package)
    organiser = factories.user()

    with pytest.raises(InvalidInput) as refused:
        passes.register_pass(sponsor, factories.participant_details(hidden))
    passes.register_pass(sponsor, factories.participant_details(hidden), actor_id=organiser.id)

    assert "category_id" in refused.value.errors
    assert [c.code for c in passes.pass_categories(event, organiser=False)] == ["G1"]
    event.registration_closes_on = event.registration_opens_on
    db.session.commit()
    with pytest.raises(DomainError, match="closed"):
        passes.register_pass(sponsor, factories.participant_details(category))
    passes.register_pass(sponsor, factories.participant_details(category), actor_id=organiser.id)


def test_a_prospect_has_no_passes(meeting):
    event, category, package = meeting
    sponsor = make_sponsor(event, package, status=SponsorStatus.PROSPECT)

    with pytest.raises(DomainError, match="once the sponsorship is confirmed"):
        passes.register_pass(sponsor, factories.participant_details(category))


def test_the_contact_link_finds_its_sponsor_until_the_contact_changes(meeting):
    event, _category, package = meeting
    sponsor = make_sponsor(event, package)
    token = passes.contact_token(sponsor)

    assert passes.sponsor_for_token(token) is sponsor
    with pytest.raises(DomainError, match="not valid"):
        passes.sponsor_for_token(token[:-2] + "xx")
    services.save_sponsor(event, sponsor_details(sponsor, contact_email="new.contact@example.org"), sponsor)
    with pytest.raises(DomainError, match="not valid"):
        passes.sponsor_for_token(token)


PASSES = 5


@pytest.fixture
def app_config(request, db_backend, tmp_path):
    if request.node.get_closest_marker("database") is None:
        return {}
    if db_backend == "sqlite":  # threads need a shared file database; SQLite serialises the writers
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'passes.sqlite'}",
                "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 60}, "pool_size": 20}}
    return {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 20}}


@pytest.mark.database
def test_concurrent_pass_registrations_never_exceed_the_package(app, db_backend):
    with app.app_context():
        event = factories.open_event()
        category = factories.category(event, fee=400_000)
        package = make_package(event, passes=PASSES)
        sponsor = make_sponsor(event, package)
        ids = sponsor.id, category.id

    def register(i: int) -> str:
        sponsor = db.session.get(Sponsor, ids[0])
        category = db.session.get(ParticipantCategory, ids[1])
        return passes.register_pass(sponsor, factories.participant_details(category, email=f"staff{i}@nmb.co.tz")
                                      ).reference

    results = run_together(app, PASSES + 3, register)

    assert [r for r in results if r[0] == "error"] == []
    assert sum(1 for outcome, _value in results if outcome == "ok") == PASSES
    assert all("have been used" in value for outcome, value in results if outcome == "refused")
    with app.app_context():
        assert db.session.get(Sponsor, ids[0]).passes_used == PASSES
        assert db.session.scalar(sa.select(sa.func.count(SponsorPass.id))) == PASSES
        assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == PASSES


# --- programme slots and logos -----------------------------------------------------------


@pytest.fixture
def timetable(app_ctx):
    ids = factories.sample_timetable()
    event = db.session.get(Event, ids["event_id"])
    package = make_package(event, code="GOLD", minutes=5, logo_on_programme=True)
    return event, package, ids["items"]


def test_linking_a_sponsor_slot_names_the_sponsor_in_the_programme(timetable):
    event, package, items = timetable
    sponsor = make_sponsor(event, package, name="National Microfinance Bank", acronym="NMB")
    slot_item = db.session.get(ProgrammeItem, items["g2_tanapa"])

    slot = slots.link_programme_slot(sponsor, slot_item)

    assert slot.item_id == slot_item.id and slot_item.sponsor_label == "NMB"
    assert slots.slot_holders(event) == {slot_item.id: sponsor}
    slots.unlink_programme_slot(slot)
    assert slot_item.sponsor_label == "" and db.session.scalar(sa.select(SponsorSlot.id)) is None


def test_a_slot_has_one_sponsor_is_a_sponsor_slot_and_fits_the_package_minutes(timetable):
    event, package, items = timetable
    nmb = make_sponsor(event, package, acronym="NMB")
    nbc = make_sponsor(event, package, name="National Bank of Commerce", acronym="")
    slots.link_programme_slot(nmb, db.session.get(ProgrammeItem, items["nmb"]))

    with pytest.raises(DomainError, match="This slot belongs to NMB"):
        slots.link_programme_slot(nbc, db.session.get(ProgrammeItem, items["nmb"]))
    with pytest.raises(DomainError, match="Choose a sponsor slot"):
        slots.link_programme_slot(nbc, db.session.get(ProgrammeItem, items["opening"]))
    with pytest.raises(DomainError, match="includes 5 programme minutes; 5 are taken"):
        slots.link_programme_slot(nmb, db.session.get(ProgrammeItem, items["g2_tanapa"]))

    slot = slots.link_programme_slot(nbc, db.session.get(ProgrammeItem, items["g2_tanapa"]))
    assert slot.item.sponsor_label == "National Bank of Commerce"
    assert [i.id for i in slots.slot_choices(event)] == [items["nmb"], items["g2_tanapa"]]


def test_the_programme_pdf_gets_the_logos_of_packages_with_logo_on_programme_by_rank(timetable):
    event, gold, _items = timetable
    platinum = make_package(event, code="PLAT", rank=0, logo_on_programme=True)
    silver = make_package(event, code="SILVER", rank=2, logo_on_programme=False)
    gold_sponsor = make_sponsor(event, gold, logo=upload(image_bytes()))
    platinum_sponsor = make_sponsor(event, platinum, logo=upload(image_bytes((500, 500))))
    make_sponsor(event, silver, logo=upload(image_bytes()))  # no logo on the programme
    make_sponsor(event, platinum, status=SponsorStatus.PROSPECT, logo=upload(image_bytes()))  # not agreed yet
    make_sponsor(event, platinum)  # no logo

    assert sponsor_logos(event) == [str(slots.logo_path(platinum_sponsor)), str(slots.logo_path(gold_sponsor))]


def test_the_programme_pdf_prints_the_logos(app, client, timetable):
    event, package, _items = timetable
    make_sponsor(event, package, logo=upload(image_bytes()))

    response = client.get(f"/meetings/{event.edition}/programme.pdf")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert b"/Subtype /Image" in response.data


# --- the organisers' figures -------------------------------------------------------------


def test_pledged_vs_paid_per_package_and_the_pipeline(meeting):
    event, _category, gold = meeting
    silver = make_package(event, code="SILVER", amount=20_000_000, rank=2)
    make_package(event, code="EXHIBITOR", amount=5_000_000, rank=3)
    make_sponsor(event, gold, pledged=50_000_000, status=SponsorStatus.PROSPECT)  # not counted as pledged
    paid = make_sponsor(event, gold, pledged=50_000_000, status=SponsorStatus.INVOICED)
    part = make_sponsor(event, gold, pledged=40_000_000, status=SponsorStatus.INVOICED)
    make_sponsor(event, silver, pledged=20_000_000)
    pay(paid.bill)
    pay(part.bill, 10_000_000)
    pay(part.bill, 5_000_000)

    totals = {t.package.code: (t.sponsors, t.pledged, t.paid, t.outstanding) for t in figures.pledged_vs_paid(event)}
    assert totals == {
        "GOLD": (2, 90_000_000, 65_000_000, 25_000_000),
        "SILVER": (1, 20_000_000, 0, 20_000_000),
        "EXHIBITOR": (0, 0, 0, 0),
    }
    assert figures.pipeline(event) == [
        (SponsorStatus.PROSPECT, 1), (SponsorStatus.CONFIRMED, 1), (SponsorStatus.INVOICED, 1),
        (SponsorStatus.PAID, 1),
    ]


def test_a_cancelled_pass_holder_gives_the_pass_back(meeting):
    from eventapp.registration.services.lifecycle import cancel_registration

    event, category, package = meeting  # two passes
    sponsor = make_sponsor(event, package)
    first = passes.register_pass(sponsor, factories.participant_details(category))
    passes.register_pass(sponsor, factories.participant_details(category))

    cancel_registration(first, by_registrant=False, actor_id=None, reason="Staff change")

    db.session.expire_all()
    assert sponsor.passes_used == 1 and passes.passes_left(sponsor) == 1
    assert db.session.scalar(sa.select(sa.func.count(SponsorPass.id))) == 1
    passes.register_pass(sponsor, factories.participant_details(category, email="replacement@example.org"))
    db.session.expire_all()
    assert sponsor.passes_used == 2
