"""`flask seed-demo`, registration part: the 2019 fees and the institutions directory."""
import pytest
import sqlalchemy as sa

from eventapp.demo import meeting_2019, participants_2019
from eventapp.extensions import db
from eventapp.registration.models import Institution, InstitutionType, ParticipantCategory, Registration
from tests.demo.test_seed import table_contents, table_counts


@pytest.fixture
def seeded(app, runner):
    """A database of the test's own, for the tests that change data; the others read the module's
    shared `demo_app`."""
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result


def test_the_four_2019_fees_are_public_categories_of_their_groups(demo_app):
    with demo_app.app_context():
        public = db.session.scalars(sa.select(ParticipantCategory).where(ParticipantCategory.public.is_(True))).all()
        fees = {(c.group.number, c.name_en): (c.fee_amount, c.currency) for c in public}

    assert fees == {
        (1, "ICT directors, ICT officers and system users"): (400_000, "TZS"),
        (2, "Permanent secretaries, CEOs and LGA directors"): (200_000, "TZS"),
        (3, "Lecturers"): (50_000, "TZS"),
        (3, "Students"): (20_000, "TZS"),
    }


def test_students_need_a_student_id_and_approval(demo_app):
    with demo_app.app_context():
        students = db.session.scalar(sa.select(ParticipantCategory).where(ParticipantCategory.code == "G3-STU"))
        others = db.session.scalars(sa.select(ParticipantCategory).where(ParticipantCategory.code != "G3-STU")).all()

        assert students.requires_proof and students.requires_approval
        assert students.proof_label_en == "Student ID card" and students.proof_label_sw
        assert not any(c.requires_proof or c.requires_approval for c in others)
        assert all(c.name_sw and c.eligibility_sw and c.eligibility_en for c in others)


def test_guests_speakers_and_sponsors_have_hidden_free_categories(demo_app):
    with demo_app.app_context():
        hidden = db.session.scalars(sa.select(ParticipantCategory).where(ParticipantCategory.public.is_(False))).all()

        assert sorted(c.code for c in hidden) == ["GUEST", "SPEAKER", "SPONSOR"]
        assert all(c.fee_amount == 0 for c in hidden)


def test_the_22_ministries_of_tables_i_and_ii_are_in_the_directory(demo_app):
    with demo_app.app_context():
        ministries = db.session.scalars(
            sa.select(Institution).where(Institution.type == InstitutionType.MINISTRY)
        ).all()
        names = {m.name for m in ministries}

        assert len(ministries) == 22
        assert len(meeting_2019.MINISTRIES_REPORTED) == 16 and len(meeting_2019.MINISTRIES_NOT_REPORTED) == 6
        assert "Wizara ya Fedha na Mipango" in names and "Wizara ya Madini" in names
        assert all(m.reviewed and m.parent_id is None for m in ministries)
        acronyms = {m.acronym for m in ministries if m.acronym}
        assert {"PO-PSMGG", "PO-RALG", "MoFP", "MoEST", "MNRT"} <= acronyms
        assert len(acronyms) == len([m for m in ministries if m.acronym])  # no acronym twice


def test_ega_and_the_universities_of_table_iii(demo_app):
    with demo_app.app_context():
        ega = db.session.scalar(sa.select(Institution).where(Institution.acronym == "eGA"))
        universities = db.session.scalars(
            sa.select(Institution).where(Institution.type == InstitutionType.UNIVERSITY)
        ).all()

        assert ega.name == "Wakala ya Serikali Mtandao" and ega.parent.acronym == "PO-PSMGG"
        assert {u.acronym for u in universities} == {
            "UDOM", "NM-AIST", "MU", "SJUIT", "MUST", "IFM", "TIA", "ARU", "UDSM", "UDICTI"
        }
        udom = next(u for u in universities if u.acronym == "UDOM")
        assert udom.name == "University of Dodoma" and udom.parent.acronym == "MoEST"


def test_the_registration_page_lists_the_demo_categories(client, login, seeded):
    from eventapp.core.roles import Role

    login(Role.ORGANISER)
    body = client.get("/manage/events/1/categories", headers={"Accept-Language": "en"}).get_data(as_text=True)

    for fee in ("TZS 400,000", "TZS 200,000", "TZS 50,000", "TZS 20,000"):
        assert fee in body


def test_seeding_twice_changes_nothing(app, runner, seeded):
    with app.app_context():
        counts = table_counts()
        contents = table_contents()
    assert counts["participant_categories"] == 7
    # ministries, eGA, universities, the 2019 sponsors, the demo's councils and regional secretariats
    assert counts["institutions"] == 22 + 1 + 10 + 10 + 20 + 8

    again = runner.invoke(args=["seed-demo"])

    assert again.exit_code == 0, again.output
    assert "0 records created" in again.output
    with app.app_context():
        assert table_counts() == counts
        assert table_contents() == contents


def test_a_removed_category_comes_back_and_the_others_are_left_alone(app, runner, seeded):
    with app.app_context():
        lecturers = db.session.scalar(sa.select(ParticipantCategory).where(ParticipantCategory.code == "G3-LEC"))
        students = db.session.scalar(sa.select(ParticipantCategory).where(ParticipantCategory.code == "G3-STU"))
        students.fee_amount = 25_000  # an organiser's change is kept
        # A category with registrations cannot be deleted (RESTRICT): its registrations go first.
        db.session.execute(sa.delete(Registration).where(Registration.category_id == lecturers.id))
        db.session.delete(lecturers)
        db.session.commit()

    again = runner.invoke(args=["seed-demo"])

    assert again.exit_code == 0, again.output
    with app.app_context():
        fees = dict(db.session.execute(sa.select(ParticipantCategory.code, ParticipantCategory.fee_amount)).all())
        assert fees["G3-LEC"] == 50_000 and fees["G3-STU"] == 25_000
        lecturers = db.session.scalar(sa.select(ParticipantCategory).where(ParticipantCategory.code == "G3-LEC"))
        # The demo's lecturers are registered again: 36 confirmed and one waiting to pay hold places.
        assert lecturers.places_taken == 36 + 1
        assert participants_2019.CONFIRMED_PER_CATEGORY["G3-LEC"] + participants_2019.PENDING_PAYMENT_PER_CATEGORY[
            "G3-LEC"] == 37
