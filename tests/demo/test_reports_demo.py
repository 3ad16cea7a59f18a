"""`flask seed-demo`, reports part: the 2019 call, the 16 ministries of Jedwali I with accepted
reports (demo texts, generated PDFs) and the 6 of Jedwali II without, the resolutions of
section 5.0 carried into a next edition; seeding twice changes nothing."""
import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from eventapp.core.uploads import sniff_kind
from eventapp.demo import meeting_2019, reports_2019
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.programme.models import ProgrammeItem
from eventapp.registration.models import Institution, InstitutionType
from eventapp.registration.services.institutions import name_key
from eventapp.reports.consolidation import consolidate
from eventapp.reports.models import (
    ReportCall,
    ReportingInstitution,
    ReportStatus,
    ReportSubmission,
    Resolution,
    ResolutionStatus,
)
from eventapp.reports.resolutions import resolutions_to_report_on
from eventapp.reports.sections import STANDARD_SECTIONS
from tests import factories
from tests.demo.test_seed import table_contents, table_counts
from tests.pdf_reading import pdf_info, pdf_text

REPORT_TABLES = ("report_calls", "report_sections", "reporting_institutions", "report_submissions",
                 "report_versions", "report_answers", "report_covered_institutions", "resolutions")
# Jedwali I and II exactly as printed in the seed report (lines 196–224).
PRINTED_TABLE_I = [
    "Ofisi ya Rais-Utumishi wa Umma na Utawala Bora", "Ofisi ya Rais-Tawala za Mikoa na Serikali za Mitaa",
    "Ofisi ya Makamu wa Rais", "Ofisi ya Waziri Mkuu Sera, Bunge, Vijana, ajira na Wenye Ulemavu",
    "Ofisi ya Waziri Mkuu Uwekezaji", "Wizara ya Fedha na Mipango", "Wizara ya Habari, Utamaduni,Sanaa na Michezo",
    "Wizara wa Ujenzi,Uchukuzi na Mawasiliano", "Wizara ya Elimu,Sayansi, Teknolojia na Ufundu",
    "Wizara ya Afya na Ustawi wa Jamii Jinsia, Wazee na Watoto", "Wizara ya Maji na Umwagiliaji",
    "Wizara ya Ardhi, Nyumba na Maendeleo ya Makazi", "Wizara ya Katiba na Sheria",
    "Wizara ya Ulinzi na Jeshi la Kujenga Taifa", "Wizara ya Maliasili na Utalii",
    "Wizara ya Viwanda Biashara na Uwezeshaji",
]
PRINTED_TABLE_II = [
    "Wizara ya Nishati", "Wizara ya Mifugo na Uvuvi", "Wizara ya Mambo ya Ndani ya Nchi", "Wizara ya Madini",
    "Wizara wa Mambo ya Nje na Ushirikiano wa Afrika Mashariki", "Wizara ya Kilimo, Chakula na Ushirika.",
]


@pytest.fixture
def seeded(app, runner):
    """A database of the test's own, for the tests that change data; the others read the module's
    shared `demo_app`."""
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result


def the_call() -> ReportCall:
    return db.session.scalar(sa.select(ReportCall).join(Event).where(Event.edition == 2))


def names_submitted_and_not(call: ReportCall) -> tuple[set[str], set[str]]:
    required = set(db.session.scalars(
        sa.select(Institution.name).join(ReportingInstitution, ReportingInstitution.institution_id == Institution.id)
        .where(ReportingInstitution.call_id == call.id)))
    submitted = set(db.session.scalars(
        sa.select(Institution.name).join(ReportSubmission, ReportSubmission.institution_id == Institution.id)
        .where(ReportSubmission.call_id == call.id)))
    return submitted, required - submitted


def test_the_printed_tables_map_deliberately_onto_the_directorys_22_ministries():
    assert list(reports_2019.TABLE_I) == PRINTED_TABLE_I
    assert list(reports_2019.TABLE_II) == PRINTED_TABLE_II
    assert list(reports_2019.TABLE_I.values()) == [name for name, _a in meeting_2019.MINISTRIES_REPORTED]
    assert list(reports_2019.TABLE_II.values()) == [name for name, _a in meeting_2019.MINISTRIES_NOT_REPORTED]


def test_all_22_printed_names_resolve_to_distinct_ministries_after_seeding(demo_app):
    with demo_app.app_context():
        found = {printed: db.session.scalar(sa.select(Institution).where(Institution.name_key == name_key(name)))
                 for printed, name in {**reports_2019.TABLE_I, **reports_2019.TABLE_II}.items()}

        assert all(i is not None and i.type is InstitutionType.MINISTRY for i in found.values()), found
        assert len({i.id for i in found.values()}) == 22


def test_compliance_is_16_submitted_and_6_not_as_in_tables_i_and_ii(demo_app):
    with demo_app.app_context():
        call = the_call()
        submitted, missing = names_submitted_and_not(call)

        assert len(submitted) == 16 and len(missing) == 6
        assert submitted == set(reports_2019.TABLE_I.values())
        assert missing == set(reports_2019.TABLE_II.values())


def test_the_call_opened_and_closed_before_the_meeting_with_the_standard_sections(demo_app):
    with demo_app.app_context():
        call = the_call()

        meeting_starts = datetime(2019, 1, 30, tzinfo=timezone.utc)
        assert call.opens_at < call.deadline <= call.hard_deadline < meeting_starts
        assert [s.code for s in call.sections] == [s.code for s in STANDARD_SECTIONS]
        assert "changamoto" in call.instructions_sw and "challenges" in call.instructions_en


def test_each_report_is_accepted_with_one_version_demo_texts_and_two_pdfs(demo_app):
    with demo_app.app_context():
        folder = Path(demo_app.config["UPLOAD_FOLDER"])
        submissions = db.session.scalars(sa.select(ReportSubmission)).all()

        assert len(submissions) == 16
        for submission in submissions:
            assert submission.status is ReportStatus.ACCEPTED and submission.version_count == 1
            assert submission.first_submitted_at < datetime(2019, 1, 30, tzinfo=timezone.utc)
            [version] = submission.versions
            assert version.submitted_at <= submission.call.deadline and not version.late
            assert len(version.answers) == len(STANDARD_SECTIONS)
            assert all(a.body.startswith("[Demo]") for a in version.answers)
            for name, size in ((version.report_file, version.report_size), (version.slides_file, version.slides_size)):
                data = (folder / name).read_bytes()
                assert sniff_kind(data) == "pdf" and data.rstrip().endswith(b"%%EOF") and len(data) == size
                assert size < 30_000
            assert version.report_name.endswith(".pdf") and version.slides_name.endswith(".pdf")


def pages(data: bytes, tmp_path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", pdf_info(data, tmp_path), re.M).group(1))


def test_the_report_pdf_has_one_or_two_pages_and_the_slides_three(demo_app, tmp_path):
    with demo_app.app_context():
        folder = Path(demo_app.config["UPLOAD_FOLDER"])
        version = db.session.scalars(sa.select(ReportSubmission)).first().versions[0]
        report = (folder / version.report_file).read_bytes()
        slides = (folder / version.slides_file).read_bytes()

    text = pdf_text(report, tmp_path)

    assert "[Demo]" in text and "Taarifa ya Utekelezaji wa Serikali Mtandao 2019" in text
    assert 1 <= pages(report, tmp_path) <= 2 and pages(slides, tmp_path) == 3
    assert "Changamoto" in pdf_text(slides, tmp_path)


def test_sector_institutions_in_the_directory_are_covered(demo_app):
    with demo_app.app_context():
        tanapa = db.session.scalar(sa.select(Institution).where(Institution.acronym == "TANAPA"))
        submission = db.session.scalar(sa.select(ReportSubmission).where(
            ReportSubmission.institution_id == tanapa.parent_id))

        assert tanapa.id in {c.institution_id for c in submission.versions[0].covered}


def test_the_consolidation_has_sixteen_rows_of_demo_challenges(demo_app):
    with demo_app.app_context():
        event = db.session.scalar(sa.select(Event).where(Event.edition == 2))

        rows = consolidate(event, accepted_only=True).rows

        assert len(rows) == 16
        assert all(r.challenges.startswith("[Demo] Changamoto") and r.recommendations.startswith("[Demo]")
                   for r in rows)
        assert len({r.challenges for r in rows}) > 1


def test_the_resolutions_of_2019_are_carried_into_a_next_edition(app, seeded):
    with app.app_context():
        resolutions = db.session.scalars(sa.select(Resolution).order_by(Resolution.number)).all()
        ega = db.session.scalar(sa.select(Institution).where(Institution.acronym == "eGA"))
        third = factories.event(edition=3, starts_on=date(2020, 2, 3), ends_on=date(2020, 2, 6))

        assert [r.number for r in resolutions] == [1, 2, 3, 4, 5, 6]
        assert {r.status for r in resolutions} == {ResolutionStatus.OPEN, ResolutionStatus.IN_PROGRESS}
        assert all(r.text_sw and r.text_en for r in resolutions)
        assert all(r.owner_institution_id == ega.id or r.owner_text == "Wizara zote / All ministries"
                   for r in resolutions)
        assert "taasisi zote za kisekta" in resolutions[0].text_sw
        assert "Kituo cha Utafiti na Ubunifu" in resolutions[3].text_sw
        assert all(r.due_on is None or r.due_on >= date(2019, 1, 30) for r in resolutions)
        assert [r.number for r in resolutions_to_report_on(third)] == [1, 2, 3, 4, 5, 6]


def test_seeding_twice_changes_nothing_and_writes_no_file(app, runner, seeded):
    folder = Path(app.config["UPLOAD_FOLDER"])
    with app.app_context():
        counts, contents = table_counts(), table_contents()
    files = sorted(p.name for p in folder.iterdir())
    assert all(counts[table] for table in REPORT_TABLES)

    again = runner.invoke(args=["seed-demo"])

    assert again.exit_code == 0, again.output
    assert "0 records created" in again.output
    with app.app_context():
        assert table_counts() == counts and table_contents() == contents
    assert sorted(p.name for p in folder.iterdir()) == files


def test_a_report_file_lost_from_disk_is_written_again(app, runner, seeded):
    folder = Path(app.config["UPLOAD_FOLDER"])
    with app.app_context():
        version = db.session.scalars(sa.select(ReportSubmission)).first().versions[0]
        (folder / version.report_file).unlink()
        version_id = version.id

    again = runner.invoke(args=["seed-demo"])

    assert again.exit_code == 0, again.output
    with app.app_context():
        from eventapp.reports.models import ReportVersion

        restored = db.session.get(ReportVersion, version_id)
        assert sniff_kind((folder / restored.report_file).read_bytes()) == "pdf"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReportSubmission)) == 16


def test_the_demo_focal_account_sees_its_ministrys_report_and_no_other(app, client, seeded):
    response = client.post("/login", data={"email": "focal@demo.example.org",
                                           "password": meeting_2019.demo_password("focal")})
    assert response.status_code == 302
    with app.app_context():
        own_name, other_name = list(reports_2019.TABLE_I.values())[:2]
        own = db.session.scalar(sa.select(ReportSubmission).join(Institution).where(Institution.name == own_name))
        other = db.session.scalar(sa.select(ReportSubmission).join(Institution).where(Institution.name == other_name))
        own_id, other_id = own.id, other.id

    page = client.get("/reports", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert own_name in page and other_name not in page
    assert client.get(f"/reports/submissions/{own_id}").status_code == 200
    assert client.get(f"/reports/submissions/{other_id}").status_code == 404


def test_jedwali_i_reports_are_linked_to_their_presentation_slots(demo_app):
    """Fifteen of the sixteen: the Prime Minister's Office (Investment) had no slot of its own."""
    with demo_app.app_context():
        linked = db.session.execute(
            sa.select(Institution.name, ProgrammeItem.title_sw, ProgrammeItem.starts_at)
            .join(ReportSubmission, ReportSubmission.institution_id == Institution.id)
            .join(ProgrammeItem, ProgrammeItem.id == ReportSubmission.programme_item_id)
        ).all()
        assert len(linked) == 15
        by_ministry = {name: (title, at.strftime("%H:%M")) for name, title, at in linked}
        assert by_ministry["Wizara ya Fedha na Mipango"] == ("Wizara ya Fedha na Mipango", "12:00")
        assert "Ofisi ya Waziri Mkuu - Uwekezaji" not in by_ministry
