"""Every upload the app accepts is checked by its content and its size (eventapp/core/uploads.py's
read_upload) on its way in: a program named like an accepted file and a file one byte too large
are both refused with a message, never a 500, and nothing is stored.

The upload fields are found on the app's forms (the same walk as test_input_limits): a new
upload field fails `test_every_upload_field_is_listed` until its reader is added here.
"""
import io
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage
from wtforms import FileField

from eventapp.core.errors import DomainError
from eventapp.core.roles import Role
from eventapp.extensions import db
from tests import factories
from tests.core.test_input_limits import _all_forms, _qualname

LIMIT = 10_000  # every upload limit, lowered for these tests
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200  # a Windows program
PDF = b"%PDF-1.4\n"
PNG = b"\x89PNG\r\n\x1a\n"
CSV = b"name,acronym,type,parent\n"

# (form, field): how the test reaches its reader, and the start of an accepted file of that kind.
UPLOADS = {
    ("eventapp.certificates.design_forms.DesignForm", "signature1"): ("signature", PNG),
    ("eventapp.certificates.design_forms.DesignForm", "signature2"): ("signature", PNG),
    ("eventapp.sponsors.forms.SponsorForm", "logo"): ("logo", PNG),
    ("eventapp.registration.forms.ParticipantForm", "proof"): ("proof", PDF),
    ("eventapp.registration.delegation_forms.SpreadsheetForm", "spreadsheet"): ("spreadsheet", CSV),
    ("eventapp.innovations.entry_forms.EntryForm", "paper"): ("paper", PDF),
    ("eventapp.innovations.entry_forms.EntryForm", "poster"): ("poster", PNG),
    ("eventapp.reports.forms.TemplateForm", "template"): ("template", PDF),
    ("eventapp.reports.submission_forms.SubmissionForm", "report_file"): ("report_file", PDF),
    ("eventapp.reports.submission_forms.SubmissionForm", "slides_file"): ("slides_file", PDF),
    ("eventapp.registration.finance_forms.StatementUploadForm", "file"): ("statement_view", CSV),
    ("eventapp.registration.manage_forms.ImportInstitutionsForm", "file"): ("directory_view", CSV),
}


@pytest.fixture
def app_config():
    return {name: LIMIT for name in (
        "MAX_SIGNATURE_BYTES", "MAX_LOGO_BYTES", "MAX_PROOF_BYTES", "MAX_SPREADSHEET_BYTES", "MAX_PAPER_BYTES",
        "MAX_POSTER_BYTES", "MAX_REPORT_BYTES", "MAX_SLIDES_BYTES")}


def _file(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


def _bad_files(head: bytes, name: str) -> dict[str, bytes]:
    fill = b"a" if head == CSV else b"\x00"
    return {"a program": PROGRAM, "one byte too large": head + fill * (LIMIT + 1 - len(head))}


def _refusal_by_service(how: str, upload: FileStorage) -> str:
    """Hand the upload to the service that reads it; the refusal's message ('' if accepted)."""
    from eventapp.certificates import designs
    from eventapp.innovations import entry_files
    from eventapp.registration import spreadsheets
    from eventapp.registration.services.registering import register_participant
    from eventapp.reports import calls, submissions
    from eventapp.sponsors import services as sponsors
    from tests.reports import factories as report_factories

    errors: dict[str, str] = {}
    try:
        if how == "signature":
            designs._signature_png(upload, "signature1", errors)
        elif how == "logo":
            sponsors._logo_png(upload, errors)
        elif how == "paper":
            entry_files.read_paper(upload, errors)
        elif how == "poster":
            entry_files.read_poster(upload, errors)
        elif how == "report_file":
            submissions._read_file(upload, submissions.REPORT_KINDS, "MAX_REPORT_BYTES", "report_file", errors)
        elif how == "slides_file":
            submissions._read_file(upload, submissions.SLIDES_KINDS, "MAX_SLIDES_BYTES", "slides_file", errors)
        elif how == "spreadsheet":
            spreadsheets.read_participant_rows(upload)
        elif how == "template":
            calls.upload_template(report_factories.call(factories.open_event()), upload)
        elif how == "proof":
            category = factories.category(factories.open_event(), requires_proof=True)
            register_participant(category.event, factories.participant_details(category), True, proof=upload)
        else:
            raise AssertionError(how)
    except DomainError as error:
        db.session.rollback()
        return " ".join([error.message, *getattr(error, "errors", {}).values()])
    return " ".join(errors.values())


def test_every_upload_field_is_listed():
    found = set()
    for cls in _all_forms():
        for name, unbound in vars(cls).items():
            if getattr(unbound, "field_class", None) is not None and issubclass(unbound.field_class, FileField):
                found.add((_qualname(cls), name))
    assert found == set(UPLOADS)


@pytest.mark.parametrize("key", [k for k, (how, _h) in UPLOADS.items() if not how.endswith("_view")],
                         ids=lambda key: f"{key[0].rsplit('.', 1)[1]}.{key[1]}")
@pytest.mark.parametrize("problem", ["a program", "one byte too large"])
def test_the_service_refuses_a_wrong_or_oversize_file(app, key, problem):
    how, head = UPLOADS[key]
    name = {PDF: "file.pdf", PNG: "picture.png", CSV: "list.csv"}[head]
    with app.app_context():
        message = _refusal_by_service(how, _file(_bad_files(head, name)[problem], name))
    expected = "not an accepted type" if problem == "a program" else "too large"
    assert expected in message
    assert _stored(app) == []


def _stored(app) -> list:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return list(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(("url", "role"), [("/finance/statements/import", Role.FINANCE),
                                           ("/manage/institutions/import", Role.ORGANISER)])
@pytest.mark.parametrize("problem", ["a program", "one byte too large"])
def test_the_import_pages_refuse_a_wrong_or_oversize_file(app, client, login, url, role, problem):
    login(role)
    data = _bad_files(CSV, "list.csv")[problem]
    response = client.post(url, data={"file": (io.BytesIO(data), "list.csv")}, content_type="multipart/form-data")
    assert response.status_code in (200, 422)  # the form again, with the message beside the field
    page = response.get_data(as_text=True)
    assert ("not an accepted type" if problem == "a program" else "too large") in page
