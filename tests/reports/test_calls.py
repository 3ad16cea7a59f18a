"""The call's services: opening it (standard sections, every reviewed ministry), its dates
(deadline after opening, hard deadline not before the deadline, East Africa Time), one call per
event, editing the sections (added or removed only before any submission), the institutions
that must report, and the template (the organisers' DOCX or PDF checked by content, or a PDF
generated from the sections in the reader's language). Each refusal changes nothing."""
import os
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.uploads import upload_path
from eventapp.extensions import db
from eventapp.registration.models import InstitutionType
from eventapp.reports import calls, submissions
from eventapp.reports.calls import CallDetails, SectionDetails
from eventapp.reports.models import ReportCall, ReportingInstitution, ReportSection
from eventapp.reports.sections import STANDARD_SECTIONS
from eventapp.reports.template_pdf import render_call_template
from tests import factories
from tests.pdf_reading import pdf_text
from tests.reports import factories as reports
from tests.reports.test_submissions import DOCX, EXE, PDF, PNG, upload

pytestmark = pytest.mark.usefixtures("app_ctx")

EAT = timezone(timedelta(hours=3))


def details(**changes) -> CallDetails:
    values = dict(opens_at=datetime(2019, 1, 2, 8, 0), deadline=datetime(2019, 1, 20, 17, 0),
                  hard_deadline=datetime(2019, 1, 25, 17, 0), instructions_sw="Tumia kiolezo.",
                  instructions_en="Use the template.")
    values.update(changes)
    return CallDetails(**values)


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def listed(call) -> set[str]:
    return {i.name for i in calls.reporting_institutions(call)}


# --- the call ----------------------------------------------------------------------------


def test_a_new_call_has_the_standard_sections_and_every_reviewed_ministry():
    event = factories.event()
    finance = reports.ministry("Wizara ya Fedha na Mipango")
    reports.ministry("Wizara ya Afya")
    reports.sector_institution(finance, "Mamlaka ya Mapato Tanzania")
    factories.institution(name="Wizara Iliyoandikwa na Mshiriki", type_=InstitutionType.MINISTRY, reviewed=False)
    factories.institution(name="Chuo Kikuu cha Dodoma", type_=InstitutionType.UNIVERSITY)

    call = calls.save_call(event, details(), actor_id=None)

    assert [s.code for s in call.sections] == [s.code for s in STANDARD_SECTIONS]
    assert [s.position for s in call.sections] == list(range(1, len(STANDARD_SECTIONS) + 1))
    assert all(s.required for s in call.sections)
    assert listed(call) == {"Wizara ya Fedha na Mipango", "Wizara ya Afya"}
    assert call.opens_at == datetime(2019, 1, 2, 8, 0, tzinfo=EAT)  # typed times are East Africa Time
    assert call.deadline == datetime(2019, 1, 20, 14, 0, tzinfo=timezone.utc)
    assert (call.instructions_sw, call.instructions_en) == ("Tumia kiolezo.", "Use the template.")
    assert db.session.scalar(sa.select(AuditEntry.action)) == "reports.call_opened"


@pytest.mark.parametrize("changes, field", [
    ({"deadline": datetime(2019, 1, 2, 8, 0)}, "deadline"),
    ({"deadline": datetime(2019, 1, 1, 8, 0), "hard_deadline": None}, "deadline"),
    ({"hard_deadline": datetime(2019, 1, 20, 16, 59)}, "hard_deadline"),
    ({"opens_at": None}, "opens_at"),
    ({"deadline": None}, "deadline"),
    ({"instructions_en": "x" * (calls.MAX_INSTRUCTIONS + 1)}, "instructions_en"),
])
def test_bad_dates_are_refused_beside_their_field_and_nothing_is_saved(changes, field):
    event = factories.event()
    reports.ministry()

    with pytest.raises(InvalidInput) as refused:
        calls.save_call(event, details(**changes))

    assert list(refused.value.errors) == [field]
    assert count(ReportCall) == count(ReportSection) == count(ReportingInstitution) == 0


def test_the_hard_deadline_may_equal_the_deadline_or_be_left_out():
    same = calls.save_call(factories.event(), details(hard_deadline=datetime(2019, 1, 20, 17, 0)))
    none = calls.save_call(factories.event(), details(hard_deadline=None))

    assert same.hard_deadline == same.deadline and none.hard_deadline is None


def test_one_call_per_event():
    event = factories.event()
    calls.save_call(event, details())

    with pytest.raises(DomainError, match="already has a call"):
        calls.save_call(event, details())
    assert count(ReportCall) == 1


def test_editing_the_call_changes_its_dates_only():
    event = factories.event()
    reports.ministry("Wizara ya Fedha na Mipango")
    call = calls.save_call(event, details())
    reports.ministry("Wizara ya Maji")  # added to the directory later: not added by an edit

    calls.save_call(event, details(deadline=datetime(2019, 1, 22, 17, 0), hard_deadline=None), call)

    assert call.deadline == datetime(2019, 1, 22, 17, 0, tzinfo=EAT) and call.hard_deadline is None
    assert listed(call) == {"Wizara ya Fedha na Mipango"} and len(call.sections) == len(STANDARD_SECTIONS)


# --- sections ----------------------------------------------------------------------------


def rows_of(call, **changes_by_code) -> dict[int, SectionDetails]:
    rows = {}
    for s in call.sections:
        values = dict(title_sw=s.title_sw, title_en=s.title_en, guidance_sw=s.guidance_sw,
                      guidance_en=s.guidance_en, required=s.required, position=s.position)
        values.update(changes_by_code.get(s.code, {}))
        rows[s.id] = SectionDetails(**values)
    return rows


def test_sections_change_title_guidance_required_and_order():
    call = reports.call(factories.event())

    calls.update_sections(call, rows_of(call, challenges={"position": 1, "title_en": "  Main   challenges "},
                                        benefits={"required": False, "guidance_en": "Numbers, please."}))

    codes = [s.code for s in sorted(call.sections, key=lambda s: s.position)]
    assert codes[:2] == ["challenges", "strategy"]
    assert [s.position for s in sorted(call.sections, key=lambda s: s.position)] == list(range(1, 9))
    challenges = next(s for s in call.sections if s.code == "challenges")
    benefits = next(s for s in call.sections if s.code == "benefits")
    assert challenges.title_en == "Main challenges"
    assert benefits.required is False and benefits.guidance_en == "Numbers, please."


def test_a_blank_title_is_refused_beside_that_section_and_nothing_changes():
    call = reports.call(factories.event())

    with pytest.raises(InvalidInput) as refused:
        calls.update_sections(call, rows_of(call, systems={"title_sw": " ", "position": 1}))

    assert refused.value.errors == {"sections-1-title_sw": "This field is required."}
    db.session.rollback()
    assert [s.code for s in call.sections][:2] == ["strategy", "systems"]
    assert call.sections[1].title_sw == "Mifumo na miundombinu"


def test_a_section_of_another_call_cannot_be_edited_through_this_one():
    call = reports.call(factories.event())
    other = reports.call(factories.event())

    with pytest.raises(DomainError):
        calls.update_sections(call, rows_of(other))


def test_sections_are_added_and_removed_only_before_any_submission():
    finance = reports.ministry()
    call = reports.call(factories.event(), [finance])

    added = calls.add_section(call, SectionDetails(title_sw="Takwimu", title_en="Statistics", required=False))
    calls.remove_section(call.sections[0])

    assert added.code.startswith("extra_") and added.required is False
    assert [s.position for s in call.sections] == list(range(1, 9))
    assert call.sections[0].code == "systems" and call.sections[-1].code == added.code

    reports.submission(call, finance)
    with pytest.raises(DomainError, match="already submitted"):
        calls.add_section(call, SectionDetails(title_sw="Zaidi", title_en="More"))
    with pytest.raises(DomainError, match="already submitted"):
        calls.remove_section(call.sections[0])
    db.session.rollback()
    assert len(call.sections) == 8


def test_an_added_section_needs_its_titles():
    call = reports.call(factories.event())

    with pytest.raises(InvalidInput) as refused:
        calls.add_section(call, SectionDetails(title_sw="", title_en=""))

    assert set(refused.value.errors) == {"title_sw", "title_en"}
    assert count(ReportSection) == len(STANDARD_SECTIONS)


# --- institutions that must report -------------------------------------------------------


def test_institutions_are_added_from_the_directory_and_removed_until_they_submit():
    finance = reports.ministry("Wizara ya Fedha na Mipango")
    call = reports.call(factories.event(), [finance])
    tanesco = factories.institution(name="Shirika la Umeme Tanzania", type_=InstitutionType.SECTOR_INSTITUTION)
    typed = factories.institution(name="Wizara ya Kuandikwa", reviewed=False)

    calls.add_reporting_institution(call, tanesco.id)
    with pytest.raises(DomainError, match="already on the list"):
        calls.add_reporting_institution(call, tanesco.id)
    for bad in (typed.id, 99999, None):
        with pytest.raises(DomainError, match="from the directory"):
            calls.add_reporting_institution(call, bad)

    assert listed(call) == {"Wizara ya Fedha na Mipango", "Shirika la Umeme Tanzania"}
    assert [i.id for i in calls.addable_institutions(call)] == []  # only reviewed ones are offered

    reports.submission(call, finance)
    with pytest.raises(DomainError, match="already submitted"):
        calls.remove_reporting_institution(call, finance)
    calls.remove_reporting_institution(call, tanesco)
    assert listed(call) == {"Wizara ya Fedha na Mipango"}


def test_addable_institutions_lists_ministries_first():
    call = reports.call(factories.event())
    factories.institution(name="Azam Media", type_=InstitutionType.PRIVATE)
    reports.ministry("Wizara ya Maji")

    assert [i.name for i in calls.addable_institutions(call)] == ["Wizara ya Maji", "Azam Media"]


# --- the calls a ministry reports under --------------------------------------------------


def test_calls_for_lists_open_calls_first():
    now = reports.now()
    finance, health = reports.ministry("Wizara ya Fedha na Mipango"), reports.ministry("Wizara ya Afya")
    current = reports.call(factories.event(), [finance, health])
    closed = reports.call(factories.event(), [finance], opens_at=now - timedelta(days=30),
                          deadline=now - timedelta(days=20), hard_deadline=now - timedelta(days=10))
    upcoming = reports.call(factories.event(), [finance], opens_at=now + timedelta(days=5),
                            deadline=now + timedelta(days=9))
    late = reports.call(factories.event(), [finance], opens_at=now - timedelta(days=9),
                        deadline=now - timedelta(days=1))
    reports.call(factories.event(), [health])  # not Finance's
    submission = reports.submission(current, finance)

    rows = submissions.calls_for(finance)

    assert [(c.id, s.id if s else None) for c, s in rows] == [(current.id, submission.id), (late.id, None),
                                                              (upcoming.id, None), (closed.id, None)]
    assert [submissions.call_state(c).value for c, _s in rows] == ["open", "late", "upcoming", "closed"]


# --- the template ------------------------------------------------------------------------


def files_in(app) -> list[str]:
    return sorted(os.listdir(app.config["UPLOAD_FOLDER"]))


def test_an_uploaded_template_replaces_the_previous_one_whose_file_is_deleted(app):
    call = reports.call(factories.event())

    calls.upload_template(call, upload(DOCX, "kiolezo.docx"))
    first = call.template_file
    calls.upload_template(call, upload(PDF, "template.pdf"))

    assert call.template_name == "template.pdf" and upload_path(call.template_file).read_bytes() == PDF
    assert files_in(app) == [call.template_file] and first not in files_in(app)

    calls.remove_template(call)
    assert call.template_file is None and files_in(app) == []


@pytest.mark.parametrize("data, name", [(EXE, "kiolezo.docx"), (PNG, "kiolezo.pdf"), (b"just text", "a.pdf")])
def test_a_template_that_is_not_docx_or_pdf_by_content_is_refused(app, data, name):
    call = reports.call(factories.event())

    with pytest.raises(DomainError) as refused:
        calls.upload_template(call, upload(data, name))

    assert refused.value.field == "template" and "checked by its content" in refused.value.message
    db.session.rollback()
    assert call.template_file is None and files_in(app) == []


def test_an_oversized_template_is_refused(app):
    app.config["MAX_REPORT_BYTES"] = 100
    call = reports.call(factories.event())

    with pytest.raises(DomainError, match="too large"):
        calls.upload_template(call, upload(PDF + b"%" * 100, "kiolezo.pdf"))


def test_the_generated_template_lists_the_sections_with_guidance_in_the_readers_language(tmp_path):
    event = factories.event(title_en="e-Government Annual Meeting 2019", title_sw="Kikao Kazi 2019")
    call = reports.call(event)
    call.sections[4].required = False
    call.instructions_en, call.instructions_sw = "Send it before noon.", "Tuma kabla ya saa sita."
    db.session.commit()

    with force_locale("en"):
        english = " ".join(pdf_text(render_call_template(call), tmp_path).split())
    with force_locale("sw"):
        swahili = " ".join(pdf_text(render_call_template(call), tmp_path).split())

    assert "1. Strategy and plans (required)" in english and "5. Benefits to government and citizens (optional)" \
        in english
    assert "The ministry's ICT strategy, its e-Government plans and their budget." in english
    assert "Send it before noon." in english and "e-Government Annual Meeting 2019" in english
    assert "1. Mkakati na mipango" in swahili and "Changamoto" in swahili and "Tuma kabla ya saa sita." in swahili
    assert "Strategy and plans" not in swahili
