"""Certificate designs: the default wording of each type with no signatory (so nothing can be
issued until an organiser names one), saving with every problem reported by field and nothing
saved or stored, signature pictures checked by content, shrunk and replaced, and the days
attended of participation certificates."""
import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import current_app
from PIL import Image

from eventapp.certificates import designs
from eventapp.certificates.designs import DesignDetails, design_for, ready_for_issuing, save_design
from eventapp.certificates.models import CertificateDesign, CertificateType
from eventapp.core.audit import AuditEntry
from eventapp.core.errors import InvalidInput
from eventapp.core.uploads import upload_path
from eventapp.extensions import db
from tests import factories
from tests.sponsors.test_services import FAKE_IMAGE, SVG, corrupt_png, image_bytes, upload

pytestmark = pytest.mark.database

P, A, J = CertificateType.PARTICIPATION, CertificateType.AWARD, CertificateType.JUDGE


@pytest.fixture
def event(app_ctx, db_backend):
    return factories.event(edition=2, with_days=True)  # four days, 2–5 February 2026


def details(**changes) -> DesignDetails:
    values = dict(title_sw="CHETI CHA USHIRIKI", title_en="CERTIFICATE OF PARTICIPATION",
                  statement_sw="kwa kushiriki Kikao Kazi.", statement_en="for participating in the meeting.",
                  signatory1_name="Dkt. Jabiri Bakari", signatory1_title="Mtendaji Mkuu, eGA", min_days_attended=1)
    values.update(changes)
    return DesignDetails(**values)


def stored_files() -> list[str]:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def saved_designs() -> list[CertificateDesign]:
    return list(db.session.scalars(sa.select(CertificateDesign)))


def refusal(event, certificate_type=P, **kwargs) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        save_design(event, certificate_type, kwargs.pop("design", details()), **kwargs)
    db.session.rollback()
    return caught.value.errors


def test_every_type_has_default_wording_and_no_signatory(event):
    for certificate_type in CertificateType:
        design = design_for(event, certificate_type)

        assert design.id is None and design.title_sw and design.title_en
        assert design.statement_sw and design.statement_en
        assert not designs.signatories(design)
        assert ready_for_issuing(event, certificate_type)
    participation = design_for(event, P)
    assert (participation.title_sw, participation.title_en) == ("CHETI CHA USHIRIKI", "CERTIFICATE OF PARTICIPATION")
    assert participation.statement_sw == f"kwa kushiriki {event.title_sw}."
    assert participation.statement_en == f"for participating in the {event.title_en}."
    assert saved_designs() == []


def test_saving_a_design_with_a_signatory_makes_it_ready(event):
    design = save_design(event, P, details(statement_sw="  kwa   kushiriki  "), actor_id=None)

    assert design.id is not None and design_for(event, P).id == design.id
    assert design.statement_sw == "kwa kushiriki"
    assert ready_for_issuing(event, P) == []
    assert ready_for_issuing(event, A)  # another type still has no signatory
    assert db.session.scalar(sa.select(AuditEntry.action)) == "certificates.design_saved"


def test_saving_again_changes_the_same_design(event):
    save_design(event, P, details())
    save_design(event, P, details(title_en="CERTIFICATE OF ATTENDANCE"))

    [design] = saved_designs()
    assert design.title_en == "CERTIFICATE OF ATTENDANCE"


@pytest.mark.parametrize("changes, field", [
    (dict(signatory1_name="", signatory1_title=""), "signatory1_name"),
    (dict(signatory1_title=""), "signatory1_title"),
    (dict(signatory1_name=""), "signatory1_name"),
    (dict(signatory2_name="Bi. Asha Mwinyi"), "signatory2_title"),
    (dict(signatory2_title="Mwenyekiti"), "signatory2_name"),
    (dict(title_sw=""), "title_sw"),
    (dict(statement_en="   "), "statement_en"),
    (dict(title_en="X" * 121), "title_en"),
    (dict(statement_sw="x" * 301), "statement_sw"),
    (dict(signatory1_title="x" * 201), "signatory1_title"),
])
def test_a_bad_design_is_refused_beside_its_field_and_nothing_is_saved(event, changes, field):
    assert field in refusal(event, design=details(**changes))
    assert saved_designs() == []


def test_a_refused_change_leaves_the_saved_design_as_it_was(event):
    save_design(event, P, details())

    refusal(event, design=details(signatory1_name="", signatory1_title="", title_en="CHANGED"))

    [design] = saved_designs()
    assert design.title_en == "CERTIFICATE OF PARTICIPATION" and design.signatory1_name == "Dkt. Jabiri Bakari"


@pytest.mark.parametrize("days, accepted", [(0, False), (1, True), (4, True), (5, False), (None, False)])
def test_days_attended_range_from_one_to_the_meetings_days(event, days, accepted):
    if accepted:
        assert save_design(event, P, details(min_days_attended=days)).min_days_attended == days
    else:
        assert "min_days_attended" in refusal(event, design=details(min_days_attended=days))
        assert saved_designs() == []


def test_days_attended_count_for_participation_only(event):
    design = save_design(event, J, details(min_days_attended=99))

    assert design.min_days_attended == 1


def test_a_signature_picture_is_shrunk_and_stored_as_png(event):
    design = save_design(event, P, details(), signatures=(upload(image_bytes((1800, 900), "JPEG")), None))

    data = upload_path(design.signatory1_signature).read_bytes()
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.format == "PNG" and picture.size == (400, 200)
    assert stored_files() == [design.signatory1_signature]
    assert ready_for_issuing(event, P) == []


@pytest.mark.parametrize("data", [FAKE_IMAGE, SVG, corrupt_png(), b"%PDF-1.4 not a picture"])
def test_a_signature_that_is_not_a_png_or_jpeg_is_refused_and_nothing_stored(event, data):
    errors = refusal(event, signatures=(upload(data, "signature.png"), None))

    assert "signature1" in errors
    assert stored_files() == [] and saved_designs() == []


def test_a_signature_over_one_megabyte_is_refused_and_nothing_stored(event):
    noisy = Image.frombytes("RGB", (800, 600), bytes(range(256)) * 5625)
    out = io.BytesIO()
    noisy.save(out, "PNG")
    too_big = out.getvalue() + b"\x00" * 1_000_000
    assert len(too_big) > 1_000_000

    errors = refusal(event, signatures=(upload(too_big), None))

    assert "too large" in errors["signature1"]
    assert stored_files() == [] and saved_designs() == []


def test_a_bad_second_signature_stores_not_even_the_good_first_one(event):
    errors = refusal(event, design=details(signatory2_name="Bi. Asha Mwinyi", signatory2_title="Mwenyekiti"),
                     signatures=(upload(image_bytes()), upload(SVG, "s.svg")))

    assert list(errors) == ["signature2"]
    assert stored_files() == []


def test_a_second_signature_needs_the_second_signatory(event):
    errors = refusal(event, signatures=(None, upload(image_bytes())))

    assert "signature2" in errors and stored_files() == []


def test_a_new_signature_replaces_the_old_file(event):
    first = save_design(event, P, details(), signatures=(upload(image_bytes()), None)).signatory1_signature

    second = save_design(event, P, details(), signatures=(upload(image_bytes((300, 100))), None)).signatory1_signature

    assert first != second and stored_files() == [second]


def test_removing_a_signature_deletes_its_file(event):
    save_design(event, P, details(), signatures=(upload(image_bytes()), None))

    design = save_design(event, P, details(), remove_signatures=(True, False))

    assert design.signatory1_signature is None and stored_files() == []


def test_clearing_the_second_signatory_removes_its_signature(event):
    two = details(signatory2_name="Bi. Asha Mwinyi", signatory2_title="Mwenyekiti")
    save_design(event, P, two, signatures=(None, upload(image_bytes())))
    assert len(stored_files()) == 1

    design = save_design(event, P, details())

    assert (design.signatory2_name, design.signatory2_signature) == ("", None) and stored_files() == []
    assert len(designs.signatories(design)) == 1


def test_a_missing_signature_file_stops_issuing(event):
    design = save_design(event, P, details(), signatures=(upload(image_bytes()), None))
    upload_path(design.signatory1_signature).unlink()

    assert any("Dkt. Jabiri Bakari" in problem for problem in ready_for_issuing(event, P))
