"""`flask seed-demo`, innovations part: the 2019 call, table III's 24 entries with their
institutions, three judges scoring every entry, the 10 exhibited and 4 presenting entries (UDOM
1, St. Joseph 2, NM-AIST 1) first in the weighted ranking, their booths and slots, the awards;
seeding twice changes nothing."""
from collections import Counter
from datetime import datetime, timezone
from fractions import Fraction

import pytest
import sqlalchemy as sa

from eventapp.core.roles import Role
from eventapp.demo import innovations_2019, meeting_2019
from eventapp.demo.innovations_2019_entries import TABLE_III
from eventapp.extensions import db
from eventapp.innovations.defaults import STANDARD_CATEGORIES, STANDARD_CRITERIA
from eventapp.innovations.models import (
    Assignment,
    Award,
    AwardKind,
    Entry,
    EntryStatus,
    InnovationCall,
    Judge,
    MemberKind,
)
from eventapp.innovations.standings import standings_of
from eventapp.programme.models import ProgrammeItem
from eventapp.registration.models import InstitutionType
from eventapp.sponsors.models import Booth
from tests.demo.test_seed import table_contents, table_counts

INNOVATION_TABLES = ("innovation_calls", "innovation_categories", "criteria", "innovation_entries",
                     "innovation_team_members", "judges", "judge_assignments", "judge_conflicts", "scores",
                     "innovation_awards", "booths", "users", "user_roles")
# Jedwali Na.3 exactly as printed in the seed report (lines 263–290): (institution, title).
UDOM, NM, MU, SJ, MUST = ("University of Dodoma", "Nelson Mandela African Institute of Science And Technology",
                          "Mzumbe University", "St.Joseph University", "Mbeya University of Science and Technology")
UDICCTI = "University of Dar es Salaam Information and Communication Technology Incubator (UDICCTI)"
PRINTED_TABLE_III = [
    (UDOM, "Tujifunze Learning Content Management System for Primary Schools"),
    (UDOM, "Mlinde Game App"),
    (NM, "Machine Learning Based Approach to Measure the Quality of Maternal, Neonatal and Child Health in "
         "Developing Countries"),
    (MU, "Real Time Monitoring and Evaluation System to Track Performance of Direct Health Facility Financing and "
         "Expected Disbursement"),
    (SJ, "Infusion Device for Delivering Intravenous Medication to Patients"),
    (SJ, "Telecardiology for Rural Health Care"),
    (UDOM, "Swahili Language Editing Tool to Support Swahili Writers and Learners"),
    (UDOM, "Industrial Practical Training Management System"),
    (MUST, "Open Performance Review and Appraisal Electronic System"),
    (MUST, "Electronic Records and Files Tracking System"),
    ("The Institute of Finance Management", "Incident Management System"),
    (SJ, "File Tracking System"),
    (MU, "Factors Influencing Access to Electronic Government Information and E-Government Adoption in Selected "
         "Districts of Tanzania"),
    ("Tanzania Institute of Accountancy", "Water Pipe Leakage Reporting System"),
    (SJ, "Patient Management System for a Hospital"),
    (MUST, "Deployment of All Colleges and Secondary Schools Information System to e-GA Data Center Server"),
    ("Ardhi University", "Mobile App - Coordination"),
    (MU, "Online Management of Student Admissions in High Learning Institutions in Tanzania"),
    (UDICCTI, "White Paper: Experience of UDICCTI in Supporting Innovation In Tanzania"),
    (UDICCTI, "Agro-Lenz App"),
    (UDICCTI, "Kilimo Taarifa App"),
    (UDICCTI, "Electronic Money Exchange App"),
    (UDICCTI, "Virtual Environment for Project Implementation"),
    (UDICCTI, "Android App for Swash Competition"),
]
# The printed institutions' acronyms in the directory (meeting_2019.UNIVERSITIES).
ACRONYMS = {UDOM: "UDOM", NM: "NM-AIST", MU: "MU", SJ: "SJUIT", MUST: "MUST", UDICCTI: "UDICTI",
            "The Institute of Finance Management": "IFM", "Tanzania Institute of Accountancy": "TIA",
            "Ardhi University": "ARU"}


@pytest.fixture
def seeded(app, runner):
    """A database of the test's own, for the tests that change data; the others read the module's
    shared `demo_app`."""
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result


def the_call() -> InnovationCall:
    return db.session.scalar(sa.select(InnovationCall))


def entries_of(call: InnovationCall) -> list[Entry]:
    return list(db.session.scalars(sa.select(Entry).where(Entry.call_id == call.id)))


def weighted_means(call: InnovationCall) -> dict[int, Fraction]:
    """Entry id → the mean over its judges of sum(weight × value / scale) / sum(weights) × 100,
    computed here from the stored scores."""
    weights = sum(c.weight for c in call.criteria)
    totals: dict[int, list[Fraction]] = {}
    for assignment in db.session.scalars(sa.select(Assignment).join(Judge).where(Judge.call_id == call.id)):
        weighted = sum(Fraction(s.criterion.weight * s.value, s.criterion.scale_max) for s in assignment.scores)
        totals.setdefault(assignment.entry_id, []).append(weighted / weights * 100)
    return {entry_id: sum(values) / len(values) for entry_id, values in totals.items()}


def test_the_printed_table_maps_onto_the_directorys_universities():
    assert [(row.institution, row.title) for row in TABLE_III] == PRINTED_TABLE_III
    assert [row.number for row in TABLE_III] == list(range(1, 25))
    directory = {name: acronym for name, acronym, _parent in meeting_2019.UNIVERSITIES}
    assert {printed: directory[name] for printed, name in innovations_2019.PRINTED_INSTITUTIONS.items()} == ACRONYMS


def test_the_24_entries_of_table_iii_with_their_institutions_are_eligible(demo_app):
    with demo_app.app_context():
        entries = entries_of(the_call())

        assert len(entries) == 24
        assert Counter((e.institution.acronym, e.title) for e in entries) == Counter(
            (ACRONYMS[institution], title) for institution, title in PRINTED_TABLE_III)
        assert {e.institution.type for e in entries} == {InstitutionType.UNIVERSITY}
        assert {e.status for e in entries} == {EntryStatus.ELIGIBLE}
        assert len({e.reference for e in entries}) == 24
        for entry in entries:
            assert all(text.startswith("[Demo] ") for text in (entry.abstract, entry.problem, entry.solution))
            assert 2 <= len(entry.members) <= 3
            assert {m.kind for m in entry.members} == {MemberKind.STUDENT, MemberKind.STAFF}
            assert all(m.name.endswith("(Demo)") and m.email.endswith("@demo.example.org") for m in entry.members)
        research = {e.title.split()[0] for e in entries if e.category.code == "research"}
        assert research == {"Machine", "Factors", "White"}


def test_the_call_opened_and_closed_before_the_meeting_with_the_standard_rubric(demo_app):
    with demo_app.app_context():
        call = the_call()

        assert call.event.edition == 2
        meeting_starts = datetime(2019, 1, 30, tzinfo=timezone.utc)
        assert call.opens_at < call.closes_at < call.scoring_closed_at <= call.results_published_at < meeting_starts
        assert all(call.opens_at <= e.submitted_at <= call.closes_at for e in entries_of(call))
        assert (call.exhibition_places, call.presentation_places, call.judges_per_entry) == (10, 4, 3)
        assert "Vyuo Vikuu" in call.eligibility_sw and "research institutes" in call.eligibility_en
        assert [c.code for c in call.categories] == [c.code for c in STANDARD_CATEGORIES]
        assert [(c.name_en, c.weight, c.scale_max) for c in call.criteria] == [
            (c.name_en, c.weight, c.scale_max) for c in STANDARD_CRITERIA]


def test_three_judges_from_outside_the_entries_institutions_score_every_entry(demo_app):
    with demo_app.app_context():
        call = the_call()
        judges = db.session.scalars(sa.select(Judge).where(Judge.call_id == call.id)).all()
        entries = entries_of(call)

        assert sorted(j.user.email for j in judges) == [
            "judge2@demo.example.org", "judge3@demo.example.org", "judge@demo.example.org"]
        assert all(j.user.role_set == {Role.JUDGE} for j in judges)
        assert sorted(j.institution.acronym for j in judges) == ["COSTECH", "UCSAF", "eGA"]
        assert not {j.institution_id for j in judges} & {e.institution_id for e in entries}
        assignments = db.session.scalars(sa.select(Assignment).join(Judge).where(Judge.call_id == call.id)).all()
        assert len(assignments) == 72
        assert Counter((a.entry_id, a.judge_id) for a in assignments) == Counter(
            {(e.id, j.id): 1 for e in entries for j in judges})
        for assignment in assignments:
            assert sorted(s.criterion_id for s in assignment.scores) == sorted(c.id for c in call.criteria)
            assert all(0 <= s.value <= s.criterion.scale_max for s in assignment.scores)
        assert call.scoring_closed_at is not None


def test_the_four_presenters_are_one_udom_two_st_joseph_and_one_nm_aist_among_ten_exhibited(demo_app):
    with demo_app.app_context():
        entries = entries_of(the_call())
        presenting = [e for e in entries if e.presenting]
        exhibited = [e for e in entries if e.exhibition]

        assert sorted(e.institution.acronym for e in presenting) == ["NM-AIST", "SJUIT", "SJUIT", "UDOM"]
        assert len(exhibited) == 10
        assert set(presenting) <= set(exhibited)
        assert any(e.institution.acronym == "UDICTI" for e in exhibited)  # the photograph's UDSM students


def test_the_weighted_mean_ranks_the_presenters_then_the_exhibition_with_no_ties(demo_app):
    with demo_app.app_context():
        call = the_call()
        entries = {e.id: e for e in entries_of(call)}
        means = weighted_means(call)

        assert len(means) == 24 and len(set(means.values())) == 24
        order = sorted(means, key=means.get, reverse=True)
        assert set(order[:4]) == {e.id for e in entries.values() if e.presenting}
        assert set(order[4:10]) == {e.id for e in entries.values() if e.exhibition and not e.presenting}
        assert not any(entries[i].exhibition for i in order[10:])

        standings = standings_of(call)
        assert [row.entry.id for row in standings.ranked] == order
        assert [row.result.mean for row in standings.ranked] == [means[i] for i in order]
        flagged = [row.entry.title for row in standings.ranked if row.result.disagreement]
        assert flagged == ["Mobile App - Coordination"]


def test_best_paper_and_runners_up_follow_the_ranking_among_the_presenters(demo_app):
    with demo_app.app_context():
        call = the_call()
        means = weighted_means(call)
        order = sorted(means, key=means.get, reverse=True)
        awards = {(a.kind, a.rank): a for a in db.session.scalars(sa.select(Award).where(Award.call_id == call.id))}

        assert set(awards) == {(AwardKind.BEST_PAPER, 1), (AwardKind.RUNNER_UP, 1), (AwardKind.RUNNER_UP, 2)}
        assert [awards[AwardKind.BEST_PAPER, 1].entry_id, awards[AwardKind.RUNNER_UP, 1].entry_id,
                awards[AwardKind.RUNNER_UP, 2].entry_id] == order[:3]
        assert all(a.entry.presenting and a.citation_sw and a.citation_en for a in awards.values())
        assert call.results_published_at is not None


def test_the_ten_innovation_booths_and_the_four_paper_slots_are_held_by_the_selected(demo_app):
    with demo_app.app_context():
        entries = entries_of(the_call())
        booths = db.session.scalars(sa.select(Booth).where(Booth.entry_id.is_not(None))).all()

        assert sorted(b.number for b in booths) == sorted(f"B{i}" for i in range(1, 11))
        assert {b.entry_id for b in booths} == {e.id for e in entries if e.exhibition}
        assert all(b.sponsor_id is None for b in booths)
        slots = {e.programme_item_id for e in entries if e.presenting}
        titles = set(db.session.scalars(sa.select(ProgrammeItem.title_en).where(ProgrammeItem.id.in_(slots))))
        assert titles == {f"Research and Innovation – Paper {n}" for n in range(1, 5)}
        assert all(e.programme_item_id is None for e in entries if not e.presenting)


def test_the_extra_judges_passwords_are_printed_and_work(demo_app):
    with demo_app.app_context():
        judges = db.session.scalars(sa.select(Judge)).all()
        for judge in judges:
            key = judge.user.email.split("@")[0]
            assert judge.user.email in demo_app.seed_output
            assert meeting_2019.demo_password(key) in demo_app.seed_output
            assert judge.user.check_password(meeting_2019.demo_password(key))


def test_seeding_twice_changes_no_innovation_row(app, runner, seeded):
    with app.app_context():
        counts = table_counts()
        contents = table_contents()
    assert (counts["innovation_entries"], counts["judges"], counts["judge_assignments"]) == (24, 3, 72)
    assert counts["scores"] == 72 * len(STANDARD_CRITERIA) and counts["innovation_awards"] == 3

    again = runner.invoke(args=["seed-demo"])

    assert again.exit_code == 0, again.output
    assert "0 records created" in again.output
    with app.app_context():
        assert table_counts() == counts
        after = table_contents()
        assert {name: after[name] for name in INNOVATION_TABLES} == {name: contents[name] for name in INNOVATION_TABLES}
