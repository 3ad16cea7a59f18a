"""Submitting an entry: everything checked at once with each message beside its field (team rows
by row), the institution chosen or typed, the paper and poster checked by content and size, an
unguessable reference, the owner's email; refused before the call opens and after it closes.
Every refusal changes nothing: no entry, team member, institution, audit row or stored file."""
import io
import os
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from PIL import Image
from werkzeug.datastructures import FileStorage

from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.references import reference_is_well_formed
from eventapp.core.uploads import upload_path
from eventapp.extensions import db
from eventapp.innovations import entries
from eventapp.innovations.entries import EntryDetails, MemberDetails
from eventapp.innovations.models import Entry, EntryStage, EntryStatus, TeamMember
from eventapp.registration.models import Institution
from tests import factories
from tests.innovations import factories as inn

# --- builders shared with the other entry tests ------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
FAKE_PDF = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200  # a program named .pdf
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(1)</script></svg>')


def picture(fmt="PNG", size=(400, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, fmt)
    return out.getvalue()


PNG, JPEG = picture("PNG"), picture("JPEG")
DAMAGED_PNG = PNG[:60]


def upload(data: bytes, filename: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename)


def team(*rows) -> list[MemberDetails]:
    rows = rows or (("Neema Mushi", "neema@udsm.ac.tz", "student"), ("Dkt. Juma Ally", "juma@udsm.ac.tz", "staff"))
    return [MemberDetails(name, email, kind, row=n) for n, (name, email, kind) in enumerate(rows)]


def details(call, institution=None, **changes) -> EntryDetails:
    values = dict(title="Mfumo wa Kufuatilia Dawa", category_id=call.categories[1].id,
                  abstract="Tracking medicines from the warehouse to the clinic.", stage="prototype",
                  members=team(), institution_id=institution.id if institution else None,
                  institution_name=institution.name if institution else "Chuo Kikuu cha Dodoma",
                  problem="Medicines run out unnoticed.", solution="A phone app and SMS alerts.",
                  links="https://github.com/udsm/dawa\n\n  http://dawa.udsm.ac.tz  ")
    values.update(changes)
    return EntryDetails(**values)


def stored_files(app) -> list[str]:
    folder = app.config["UPLOAD_FOLDER"]
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model))
                 for model in (Entry, TeamMember, Institution, AuditEntry))


@pytest.fixture
def world(app_ctx):
    """An open call, a university in the directory and an innovator's account."""
    call = inn.call(factories.event(title_en="e-Government Annual Meeting 2019"))
    return call, inn.university("University of Dar es Salaam", "UDSM"), inn.innovator(full_name="Neema Mushi")


# --- submitting --------------------------------------------------------------------------


def test_an_entry_is_submitted_with_its_team_files_and_reference(app, world, outbox):
    call, udsm, owner = world

    entry = entries.submit_entry(call, owner, details(call, udsm), upload(PDF, "karatasi.pdf"),
                                 upload(JPEG, "bango.jpg"))

    assert reference_is_well_formed(entry.reference) and entry.reference.startswith("IN-")
    assert (entry.status, entry.stage, entry.owner_id, entry.institution_id) == (
        EntryStatus.SUBMITTED, EntryStage.PROTOTYPE, owner.id, udsm.id)
    assert entry.category.code == "innovation"
    assert [(m.position, m.name, m.email, m.kind.value) for m in entry.members] == [
        (1, "Neema Mushi", "neema@udsm.ac.tz", "student"), (2, "Dkt. Juma Ally", "juma@udsm.ac.tz", "staff")]
    assert entry.links == "https://github.com/udsm/dawa\nhttp://dawa.udsm.ac.tz"
    assert (entry.paper_name, entry.poster_name) == ("karatasi.pdf", "bango.jpg")
    assert upload_path(entry.paper_file).read_bytes() == PDF and upload_path(entry.poster_file).read_bytes() == JPEG
    assert db.session.scalar(sa.select(AuditEntry.actor_id).where(AuditEntry.action == "innovations.entry_submitted"))\
        == owner.id
    [message] = outbox
    assert message.recipients == [owner.email]
    assert entry.reference in message.body and entry.title in message.body
    assert f"/innovations/entries/{entry.id}" in message.body


def test_references_differ(world):
    call, udsm, owner = world

    made = {entries.submit_entry(call, owner, details(call, udsm, title=f"Mfumo {n}")).reference for n in range(5)}

    assert len(made) == 5


def test_files_are_optional_and_emails_are_normalised(world):
    call, udsm, owner = world

    entry = entries.submit_entry(call, owner, details(call, udsm, members=team(("Asha", " Asha@UDSM.ac.tz ",
                                                                                  "student"))))

    assert entry.paper_file is None and entry.poster_file is None
    assert [m.email for m in entry.members] == ["asha@udsm.ac.tz"]


def test_a_typed_institution_is_found_by_name_or_added_for_review(world):
    call, udsm, owner = world

    found = entries.submit_entry(call, owner, details(call, institution_name="  university of dar es  salaam "))
    added = entries.submit_entry(call, owner, details(call, institution_name="Chuo cha Ufundi Arusha"))

    assert found.institution_id == udsm.id
    assert added.institution.name == "Chuo cha Ufundi Arusha" and added.institution.reviewed is False


def test_blank_team_rows_are_left_out(world):
    call, udsm, owner = world
    rows = [MemberDetails("", "", "", row=0), MemberDetails("Asha", "asha@udsm.ac.tz", "staff", row=1),
            MemberDetails(" ", "", "student", row=2)]

    entry = entries.submit_entry(call, owner, details(call, udsm, members=rows))

    assert [m.name for m in entry.members] == ["Asha"]


# --- the window --------------------------------------------------------------------------


def test_nothing_is_submitted_before_the_call_opens(app, world):
    _call, udsm, owner = world
    now = inn.now()
    upcoming = inn.call(factories.event(), opens_at=now + timedelta(days=2), closes_at=now + timedelta(days=9))
    before = counts()

    with pytest.raises(DomainError, match="The call opens on"):
        entries.submit_entry(upcoming, owner, details(upcoming, udsm), upload(PDF, "karatasi.pdf"))

    assert counts() == before and stored_files(app) == []


def test_nothing_is_submitted_after_the_call_closes_and_the_message_says_when(app, world):
    _call, udsm, owner = world
    now = inn.now()
    closed = inn.call(factories.event(), opens_at=now - timedelta(days=30), closes_at=now - timedelta(minutes=1))
    before = counts()

    with pytest.raises(DomainError) as refused:
        entries.submit_entry(closed, owner, details(closed, udsm), upload(PDF, "karatasi.pdf"))

    assert re.match(r"The call closed on .+2\d{3}.*; entries can no longer be submitted, changed or withdrawn\.",
                    refused.value.message)
    assert counts() == before and stored_files(app) == []


def test_the_window_is_judged_at_the_moment_given(world):
    call, udsm, owner = world

    with pytest.raises(DomainError, match="closed"):
        entries.submit_entry(call, owner, details(call, udsm), now=call.closes_at + timedelta(seconds=1))
    entry = entries.submit_entry(call, owner, details(call, udsm), now=call.closes_at)

    assert entry.submitted_at == call.closes_at


# --- refusals ----------------------------------------------------------------------------


def other_category(app_ctx_call):
    return inn.call(factories.event()).categories[0].id


BAD_DETAILS = {
    "no title": (lambda call: {"title": "  "}, "title"),
    "title too long": (lambda call: {"title": "x" * 251}, "title"),
    "no abstract": (lambda call: {"abstract": ""}, "abstract"),
    "abstract too long": (lambda call: {"abstract": "x" * 5001}, "abstract"),
    "unknown stage": (lambda call: {"stage": "dream"}, "stage"),
    "no category": (lambda call: {"category_id": None}, "category_id"),
    "category from another call": (other_category, "category_id"),
    "no institution": (lambda call: {"institution_id": None, "institution_name": "ab"}, "institution_name"),
    "unknown institution id": (lambda call: {"institution_id": 999_999}, "institution_name"),
    "no team member": (lambda call: {"members": team(("", "", ""))}, "members"),
    "eleven team members": (lambda call: {"members": team(*[(f"Mwanafunzi {n}", f"m{n}@udsm.ac.tz", "student")
                                                             for n in range(11)])}, "members"),
    "duplicate team email": (lambda call: {"members": team(("Asha", "asha@udsm.ac.tz", "student"),
                                                           ("Juma", "ASHA@udsm.ac.tz", "staff"))}, "members-1-email"),
    "bad team email": (lambda call: {"members": team(("Asha", "asha-at-udsm", "student"))}, "members-0-email"),
    "team member without a name": (lambda call: {"members": team(("", "asha@udsm.ac.tz", "student"))},
                                   "members-0-name"),
    "team member neither student nor staff": (lambda call: {"members": team(("Asha", "asha@udsm.ac.tz", "boss"))},
                                              "members-0-kind"),
    "ftp link": (lambda call: {"links": "ftp://files.udsm.ac.tz/dawa"}, "links"),
    "javascript link": (lambda call: {"links": "javascript:alert(1)"}, "links"),
    "link without a host": (lambda call: {"links": "https:///dawa"}, "links"),
    "link with a space": (lambda call: {"links": "https://udsm.ac.tz/my app"}, "links"),
    "six links": (lambda call: {"links": "\n".join(f"https://udsm.ac.tz/{n}" for n in range(6))}, "links"),
}


@pytest.mark.parametrize("case", list(BAD_DETAILS))
def test_bad_details_are_refused_beside_their_field_and_change_nothing(app, world, case):
    call, udsm, owner = world
    make_changes, field = BAD_DETAILS[case]
    changes = make_changes(call)
    if isinstance(changes, int):
        changes = {"category_id": changes}
    before = counts()

    with pytest.raises(InvalidInput) as refused:
        entries.submit_entry(call, owner, details(call, udsm, **changes), upload(PDF, "karatasi.pdf"),
                             upload(PNG, "bango.png"))

    assert field in refused.value.errors, refused.value.errors
    assert counts() == before and stored_files(app) == []


def test_the_duplicate_email_message_names_the_first_row(world):
    call, udsm, owner = world
    members = team(("Asha", "asha@udsm.ac.tz", "student"), ("Juma", "juma@udsm.ac.tz", "staff"),
                   ("Asha tena", "asha@udsm.ac.tz", "student"))

    with pytest.raises(InvalidInput) as refused:
        entries.submit_entry(call, owner, details(call, udsm, members=members))

    assert refused.value.errors == {"members-2-email": "This email is already in row 1."}


def test_every_problem_is_reported_at_once(world):
    call, udsm, owner = world

    with pytest.raises(InvalidInput) as refused:
        entries.submit_entry(call, owner, details(call, institution_name="", title="", links="mailto:x@y.z",
                                                  members=team(("", "bad", "x"))),
                             upload(FAKE_PDF, "karatasi.pdf"), upload(SVG, "bango.png"))

    assert set(refused.value.errors) == {"title", "institution_name", "links", "members-0-name", "members-0-email",
                                         "members-0-kind", "paper", "poster"}


def test_a_typed_institution_is_not_added_when_the_entry_is_refused(world):
    call, _udsm, owner = world

    with pytest.raises(InvalidInput):
        entries.submit_entry(call, owner, details(call, institution_name="Chuo Kipya Kabisa", abstract=""))

    assert db.session.scalar(sa.select(Institution.id).where(Institution.name == "Chuo Kipya Kabisa")) is None


BAD_FILES = {
    "fake PDF renamed": ("paper", FAKE_PDF, "karatasi.pdf", "not an accepted type (PDF)"),
    "a picture as the paper": ("paper", PNG, "karatasi.pdf", "not an accepted type (PDF)"),
    "empty paper": ("paper", b"", "karatasi.pdf", "The file is empty."),
    "SVG poster": ("poster", SVG, "bango.svg", "not an accepted type (JPEG, PNG)"),
    "SVG poster renamed to png": ("poster", SVG, "bango.png", "not an accepted type (JPEG, PNG)"),
    "PDF as the poster": ("poster", PDF, "bango.png", "not an accepted type (JPEG, PNG)"),
    "damaged poster": ("poster", DAMAGED_PNG, "bango.png", "could not be read"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_are_refused_by_content_and_change_nothing(app, world, case):
    call, udsm, owner = world
    field, data, name, message = BAD_FILES[case]
    files = {"paper": upload(PDF, "karatasi.pdf"), "poster": upload(PNG, "bango.png")}
    files[field] = upload(data, name)
    before = counts()

    with pytest.raises(InvalidInput) as refused:
        entries.submit_entry(call, owner, details(call, udsm), files["paper"], files["poster"])

    assert list(refused.value.errors) == [field] and message in refused.value.errors[field]
    assert counts() == before and stored_files(app) == []


@pytest.mark.parametrize("app_config", [{"MAX_PAPER_BYTES": 1000, "MAX_POSTER_BYTES": 1000}])
def test_oversize_files_are_refused_with_the_limit(app, world):
    call, udsm, owner = world
    big_pdf = PDF + b"%" + b"x" * 1000
    before = counts()

    with pytest.raises(InvalidInput) as refused:
        entries.submit_entry(call, owner, details(call, udsm), upload(big_pdf, "karatasi.pdf"),
                             upload(picture("PNG", (900, 900)) + b"\x00" * 1000, "bango.png"))

    assert refused.value.errors == {"paper": "The file is too large (the limit is 0.0 MB).",
                                    "poster": "The file is too large (the limit is 0.0 MB)."}
    assert counts() == before and stored_files(app) == []


def test_the_default_limits_are_10_and_5_mb(app):
    assert (app.config["MAX_PAPER_BYTES"], app.config["MAX_POSTER_BYTES"]) == (10_000_000, 5_000_000)


def test_a_picture_with_too_many_pixels_is_refused_before_decoding(world, monkeypatch):
    call, udsm, owner = world
    monkeypatch.setattr("eventapp.innovations.entry_files.MAX_POSTER_PIXELS", 100 * 100)

    with pytest.raises(InvalidInput) as refused:
        entries.submit_entry(call, owner, details(call, udsm), None, upload(picture("PNG", (101, 100)), "b.png"))

    assert "too many pixels" in refused.value.errors["poster"]
