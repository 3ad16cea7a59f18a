"""Who qualifies for each type of certificate, against hand-built data: who is in, who is out,
what the certificate will say of them, and in which order."""
import pytest

from eventapp.certificates.eligibility import (
    subjects_award,
    subjects_committee,
    subjects_exhibitor,
    subjects_for,
    subjects_judge,
    subjects_participation,
    subjects_presenter,
)
from eventapp.certificates.models import CertificateType
from eventapp.events.models import CommitteeRole
from eventapp.extensions import db
from eventapp.innovations.models import AwardKind, EntryStatus
from eventapp.programme.models import PersonRole
from eventapp.registration.models import RegistrationStatus
from tests import factories
from tests.certificates import eligibility_data as data
from tests.checkin import factories as gate
from tests.innovations import factories as contest


@pytest.fixture
def event(app_ctx):
    """Today and tomorrow: group 1 attends today, group 2 tomorrow, group 3 both."""
    return gate.gate_event()


def keys(subjects) -> list[str]:
    return [s.key for s in subjects]


# --- participation -------------------------------------------------------------------------


@pytest.fixture
def attendance(event):
    ministry = factories.institution(name="Wizara ya Fedha")
    people = {
        "asha": gate.confirmed(event, 1, title="Bi.", first_name="Asha", last_name="Mwinyi", institution_obj=ministry,
                               language="en"),
        "baraka": gate.confirmed(event, 1, first_name="Baraka", last_name="Ally"),  # never came
        "chausiku": gate.confirmed(event, 1, first_name="Chausiku", last_name="Kweka"),  # came on group 2's day only
        "daudi": gate.confirmed(event, 3, first_name="Daudi", last_name="Bakari"),  # one of group 3's two days
        "elia": gate.confirmed(event, 3, first_name="Elia", last_name="Kombo"),  # both days
        "fatuma": gate.confirmed(event, 2, first_name="Fatuma", last_name="Juma"),  # group 2's only day
        "unpaid": gate.unpaid(event, 1, first_name="Halima", last_name="Said"),
        "cancelled": gate.confirmed(event, 1, first_name="Ibrahimu", last_name="Saidi"),
    }
    data.check_in(people["asha"], data.today())
    data.check_in(people["chausiku"], data.tomorrow())
    data.check_in(people["daudi"], data.today())
    data.check_in(people["elia"], data.today(), data.tomorrow())
    data.check_in(people["fatuma"], data.tomorrow())
    data.check_in(people["unpaid"], data.today())
    data.check_in(people["cancelled"], data.today())
    people["cancelled"].status = RegistrationStatus.CANCELLED
    db.session.commit()
    return {name: f"registration:{r.id}" for name, r in people.items()} | {"asha_registration": people["asha"]}


def test_participation_needs_a_check_in_on_one_of_the_groups_days(event, attendance):
    subjects = subjects_participation(event)

    assert keys(subjects) == [attendance[n] for n in ("daudi", "fatuma", "elia", "asha")]  # by surname
    asha = subjects[-1]
    registration = attendance["asha_registration"]
    assert asha.holder_name == "Bi. Asha Mwinyi" and asha.holder_institution == "Wizara ya Fedha"
    assert asha.holder_email == registration.email and asha.language == "en"
    assert asha.registration_id == registration.id and asha.user_id is None


def test_participation_follows_the_designs_minimum_of_days(event, attendance):
    data.ready_design(event, CertificateType.PARTICIPATION, min_days=2)

    # Daudi came on one of group 3's two days; groups 1 and 2 have one day each, which Asha and Fatuma came on.
    assert keys(subjects_participation(event)) == [attendance[n] for n in ("fatuma", "elia", "asha")]
    assert keys(subjects_participation(event, min_days=1)) == [attendance[n] for n in ("daudi", "fatuma", "elia",
                                                                                      "asha")]


def test_another_events_check_ins_do_not_count(event, attendance):
    other = gate.gate_event(edition=event.edition + 1)
    data.check_in(gate.confirmed(other, 1, first_name="Zuberi"), data.today())

    assert len(subjects_participation(event)) == 4 and len(subjects_participation(other)) == 1


# --- presenters ----------------------------------------------------------------------------


def test_people_on_the_programme_get_one_certificate_listing_their_items(event):
    bakari = data.person("Jabiri Bakari", honorific="Dkt.", email="jabiri@ega.go.tz")
    ndomba = data.person("Benedict Ndomba", honorific="Mhandisi")
    minister = data.person("Waziri wa Nchi")
    data.programme_item(event, "e-Government status", "Hali ya Serikali Mtandao", [(bakari, PersonRole.PRESENTER)])
    data.programme_item(event, "Session I", "Kikao cha Kwanza",
                        [(bakari, PersonRole.CHAIRPERSON), (ndomba, PersonRole.PANELIST)], starts_at="11:00")
    data.programme_item(event, "Official opening", "Ufunguzi rasmi", [(minister, PersonRole.GUEST_OF_HONOUR)],
                        starts_at="08:00")
    other = factories.event(with_days=True)
    data.programme_item(other, "Elsewhere", "Kwingine", [(data.person("Mtu Mwingine"), PersonRole.SPEAKER)])
    gate.confirmed(event, 1, email="jabiri@ega.go.tz", language="en")

    subjects = subjects_presenter(event)

    # By name without the honorific; no guest of honour, nobody of another event's programme.
    assert keys(subjects) == [f"person:{ndomba.id}", f"person:{bakari.id}"]
    first = subjects[1]
    assert first.holder_name == "Dkt. Jabiri Bakari" and first.holder_institution == "eGA"
    assert first.detail_sw == "Mtoa mada: Hali ya Serikali Mtandao · Mwenyekiti: Kikao cha Kwanza"
    assert first.detail_en == "Presenter: e-Government status · Chairperson: Session I"
    assert first.language == "en"  # as they registered
    assert subjects[0].detail_en == "Panellist: Session I" and subjects[0].language == "sw"


def test_a_long_list_of_items_is_cut_to_fit_the_certificate(event):
    speaker = data.person("Neema Mrema")
    for n in range(30):
        data.programme_item(event, f"A rather long presentation title number {n}", f"Mada ndefu namba {n}",
                            [(speaker, PersonRole.SPEAKER)], starts_at=f"{8 + n // 6:02d}:{(n % 6) * 10:02d}")

    subject = subjects_presenter(event)[0]

    assert len(subject.detail_en) <= 300 and subject.detail_en.endswith("…")


# --- the innovation competition ------------------------------------------------------------


@pytest.fixture
def competition(event):
    call = data.published_call(event)
    university = contest.university(name="Chuo Kikuu cha Dodoma")
    selected = contest.entry(call, university, title="Mfumo wa Afya", exhibition=True, presenting=True)
    exhibited = contest.entry(call, university, title="Kilimo Kidijitali", exhibition=True)
    not_selected = contest.entry(call, university, title="Bado Kidogo")
    screened_out = contest.entry(call, university, title="Haikufaa", status=EntryStatus.INELIGIBLE)
    return {"call": call, "selected": selected, "exhibited": exhibited, "not_selected": not_selected,
            "screened_out": screened_out}


def test_exhibitors_are_the_team_members_of_selected_entries(event, competition):
    subjects = subjects_exhibitor(event)

    members = competition["selected"].members + competition["exhibited"].members
    assert sorted(keys(subjects)) == sorted(f"member:{m.id}" for m in members)
    assert [s.holder_name for s in subjects] == sorted(s.holder_name for s in subjects)
    student = next(s for s in subjects if s.key == f"member:{competition['selected'].members[0].id}")
    assert student.detail_sw == student.detail_en == "Mfumo wa Afya"
    assert student.holder_institution == "Chuo Kikuu cha Dodoma" and student.holder_email.endswith("@example.ac.tz")


def test_no_exhibitor_qualifies_before_the_results_are_published(event, competition):
    competition["call"].results_published_at = None
    db.session.commit()

    assert subjects_exhibitor(event) == []


def test_award_winners_get_one_certificate_per_award_and_member(event, competition):
    best = data.award(competition["selected"], AwardKind.BEST_PAPER)
    second = data.award(competition["exhibited"], AwardKind.RUNNER_UP, rank=1)
    third = data.award(competition["not_selected"], AwardKind.RUNNER_UP, rank=2)
    mention = data.award(competition["exhibited"], AwardKind.SPECIAL_MENTION)

    subjects = {s.key: s for s in subjects_award(event)}

    assert len(subjects) == 8
    member = competition["selected"].members[0]
    winner = subjects[f"award:{best.id}:member:{member.id}"]
    assert winner.detail_sw == "Mshindi wa kwanza (makala bora) — Mfumo wa Afya"
    assert winner.detail_en == "Winner (best paper) — Mfumo wa Afya"
    runner_up = subjects[f"award:{second.id}:member:{competition['exhibited'].members[0].id}"]
    assert runner_up.detail_sw == "Mshindi wa pili — Kilimo Kidijitali"
    assert runner_up.detail_en == "Runner-up — Kilimo Kidijitali"
    second_runner_up = subjects[f"award:{third.id}:member:{competition['not_selected'].members[1].id}"]
    assert second_runner_up.detail_sw == "Mshindi wa tatu — Bado Kidogo"
    assert second_runner_up.detail_en == "Second runner-up — Bado Kidogo"
    assert subjects[f"award:{mention.id}:member:{competition['exhibited'].members[1].id}"].detail_en == \
        "Special mention — Kilimo Kidijitali"


def test_an_award_of_an_entry_screened_out_afterwards_earns_nothing(event, competition):
    data.award(competition["not_selected"], AwardKind.BEST_PAPER)
    competition["not_selected"].status = EntryStatus.WITHDRAWN
    db.session.commit()

    assert subjects_award(event) == []


def test_judges_who_were_assigned_entries_qualify(event, competition):
    university = contest.university(name="Chuo Kikuu cha Dar es Salaam")
    busy = contest.judge(competition["call"], university, full_name="Prof. Amani Temba")
    busy.user.locale = "en"
    idle = contest.judge(competition["call"], full_name="Dkt. Rehema Idd")  # never assigned an entry
    contest.assign(competition["selected"], busy)
    other_call = contest.call(gate.gate_event(edition=event.edition + 1))
    contest.assign(contest.entry(other_call, university), contest.judge(other_call, full_name="Mtu wa Kwingine"))

    subjects = subjects_judge(event)

    assert keys(subjects) == [f"judge:{busy.id}"] and idle.id != busy.id
    judge = subjects[0]
    assert judge.holder_name == "Prof. Amani Temba" and judge.holder_institution == "Chuo Kikuu cha Dar es Salaam"
    assert judge.user_id == busy.user_id and judge.holder_email == busy.user.email and judge.language == "en"


def test_an_event_without_a_call_has_no_competition_certificates(event):
    assert subjects_exhibitor(event) == subjects_award(event) == subjects_judge(event) == []


# --- committees ----------------------------------------------------------------------------


def test_committee_members_get_one_certificate_per_committee(event):
    chair = factories.user(full_name="Dkt. Jabiri Bakari")
    chair.locale = "en"
    finance = data.committee(event, "Finance and procurement", "Fedha na Ununuzi",
                             [("Dkt. Jabiri Bakari", CommitteeRole.CHAIR, chair), ("Neema Mushi", CommitteeRole.MEMBER,
                                                                                    None)])
    programme = data.committee(event, "Programme", "Programu", [("Neema Mushi", CommitteeRole.SECRETARY, None)])
    data.committee(factories.event(), "Elsewhere", "Kwingine", [("Mtu Mwingine", CommitteeRole.MEMBER, None)])

    subjects = subjects_committee(event)

    chair_member, member, secretary = finance.members[0], finance.members[1], programme.members[0]
    assert keys(subjects) == [f"committee_member:{chair_member.id}", f"committee_member:{member.id}",
                              f"committee_member:{secretary.id}"]
    assert subjects[0].detail_sw == "Mwenyekiti — Fedha na Ununuzi" and subjects[0].detail_en == \
        "Chair — Finance and procurement"
    assert subjects[0].user_id == chair.id and subjects[0].language == "en"
    assert subjects[2].detail_en == "Secretary — Programme" and subjects[2].user_id is None


def test_subjects_for_dispatches_every_type(event):
    for certificate_type in CertificateType:
        assert subjects_for(event, certificate_type) == []
