"""The research and innovation competition of the 2019 meeting, from
`shared/seeds/004_c76d4d1053727026.txt` (section 4.5 and Jedwali Na.3).

From the report: universities, colleges teaching technology and research institutes were
invited to submit research and innovations in e-Government; 24 were submitted (table III,
with their institutions and titles, in innovations_2019_entries.py); 10 were chosen for the
exhibition beside the sponsors' (section 2.7) and received certificates from eGA's chief
executive; the 4 best presented papers on the research and innovation day, 2 February 2019:
University of Dodoma 1, St. Joseph University 2, Nelson Mandela AIST 1; the best paper was
recognised (annex I, "Recognition of the Best Research and Innovation Paper"); a panel of
judges visited the exhibition, where a photograph shows students of the University of Dar es
Salaam, so the demo exhibits one UDICTI entry.

DEMO ONLY, invented and marked so: the call's dates and its eligibility wording; which ten
entries were exhibited and which four presented (the report names only the four's
institutions); the ranking, every judge's score and comment, the awards (which entry was best
paper, the two runners-up and their citations); the three judges (demo accounts from eGA,
COSTECH and UCSAF) and their assignments; which booth each selected entry held and which of
the four "Paper" slots of the programme each presenter had; the entries' references, submission
times, categories, stages, texts and teams (innovations_2019_entries.py). No entry has an
owner account: the report names no one.
"""
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from eventapp.auth.models import User, UserRole
from eventapp.core.references import random_reference
from eventapp.core.roles import Role
from eventapp.demo.innovations_2019_entries import SCORES, TABLE_III, TableEntry, demo_team
from eventapp.demo.meeting_2019 import DEMO_DOMAIN, demo_password
from eventapp.demo.sponsors_2019 import INNOVATION_BOOTHS
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.innovations.defaults import STANDARD_CATEGORIES, STANDARD_CRITERIA
from eventapp.innovations.models import (
    Assignment,
    Award,
    AwardKind,
    Criterion,
    Entry,
    EntryStatus,
    InnovationCall,
    InnovationCategory,
    Judge,
    MemberKind,
    Score,
    TeamMember,
)
from eventapp.programme.models import ProgrammeItem
from eventapp.registration.models import Institution
from eventapp.registration.services.institutions import name_key
from eventapp.sponsors.models import Booth

# Table III's institutions as printed, each with its name in the demo directory
# (meeting_2019.UNIVERSITIES): the print has "Institute" for Nelson Mandela's "Institution",
# "St.Joseph" and "UDICCTI" for the incubator UDICTI.
PRINTED_INSTITUTIONS = {
    "University of Dodoma": "University of Dodoma",
    "Nelson Mandela African Institute of Science And Technology":
        "Nelson Mandela African Institution of Science and Technology",
    "Mzumbe University": "Mzumbe University",
    "St.Joseph University": "St. Joseph University in Tanzania",
    "Mbeya University of Science and Technology": "Mbeya University of Science and Technology",
    "The Institute of Finance Management": "The Institute of Finance Management",
    "Tanzania Institute of Accountancy": "Tanzania Institute of Accountancy",
    "Ardhi University": "Ardhi University",
    "University of Dar es Salaam Information and Communication Technology Incubator (UDICCTI)":
        "University of Dar es Salaam ICT Incubator",
}

# DEMO DATES (times in UTC; Dar es Salaam is three hours ahead): the call opened on 10 December
# 2018 and closed on 14 January 2019; the judges were assigned on 16 January and scored from 18
# to 22 January; scoring closed on 24 January and the results were announced on 25 January.
OPENS_AT = datetime(2018, 12, 10, 6, 0, tzinfo=timezone.utc)
CLOSES_AT = datetime(2019, 1, 14, 13, 0, tzinfo=timezone.utc)
ASSIGNED_AT = datetime(2019, 1, 16, 7, 0, tzinfo=timezone.utc)
SCORING_CLOSED_AT = datetime(2019, 1, 24, 13, 0, tzinfo=timezone.utc)
RESULTS_PUBLISHED_AT = datetime(2019, 1, 25, 7, 0, tzinfo=timezone.utc)
ELIGIBILITY_SW = (
    "Vyuo Vikuu, vyuo vinavyotoa mafunzo ya teknolojia na taasisi za utafiti nchini vinaalikwa kuwasilisha "
    "tafiti na bunifu katika Serikali Mtandao kwa ajili ya Siku Maalumu ya Utafiti na Ubunifu, tarehe 2 Februari "
    "2019. Wanachuo na wahadhiri wanaweza kushiriki kama timu. Tafiti/bunifu 10 zitachaguliwa kushiriki maonesho "
    "na nne bora zitawasilishwa."
)
ELIGIBILITY_EN = (
    "Universities, colleges teaching technology and research institutes in Tanzania are invited to submit "
    "research and innovations in e-Government for the Research and Innovation Day on 2 February 2019. Students "
    "and lecturers may enter as a team. Ten entries will be chosen for the exhibition and the four best will be "
    "presented."
)

# The panel (demo): (account key, full name, institution in the directory). The first is the
# demo judge account made with the other demo accounts; the other two are made here.
JUDGES = [
    ("judge", "Jaji (Demo)", "Wakala ya Serikali Mtandao"),
    ("judge2", "Jaji wa Pili (Demo)", "Tume ya Sayansi na Teknolojia"),
    ("judge3", "Jaji wa Tatu (Demo)", "Mfuko wa Mawasiliano kwa Wote"),
]
EXTRA_JUDGES = JUDGES[1:]

# DEMO RANKING by table III's numbers, best first: the four presenters (NM-AIST 3, St. Joseph 6
# and 5, UDOM 1), then the six other exhibited entries, then the fourteen others.
RANKING = [3, 6, 1, 5, 20, 7, 4, 14, 9, 11, 8, 21, 18, 13, 16, 17, 10, 15, 2, 12, 24, 19, 23, 22]
PRESENTING = RANKING[:4]
EXHIBITED = RANKING[:10]

# DEMO AWARDS: (table III number, kind, rank, citation sw, citation en).
AWARDS = [
    (3, AwardKind.BEST_PAPER, 1, "Makala Bora ya Utafiti na Ubunifu, Kikao Kazi cha Pili cha Serikali Mtandao 2019.",
     "Best research and innovation paper, Second e-Government Annual Meeting 2019."),
    (6, AwardKind.RUNNER_UP, 1, "Nafasi ya pili, Siku ya Utafiti na Ubunifu wa Serikali Mtandao 2019.",
     "Second place, e-Government Research and Innovation Day 2019."),
    (1, AwardKind.RUNNER_UP, 2, "Nafasi ya tatu, Siku ya Utafiti na Ubunifu wa Serikali Mtandao 2019.",
     "Third place, e-Government Research and Innovation Day 2019."),
]
# The four presentation slots of annex I (Session II, 2 February), taken in ranking order.
PAPER_SLOTS = [f"Research and Innovation – Paper {n}" for n in range(1, 5)]


def submitted_at(number: int) -> datetime:
    """A demo submission time between 3 and 13 January 2019, before the call closed."""
    return CLOSES_AT - timedelta(days=(24 - number) // 2, hours=number)


def scored_at(judge_index: int, position: int) -> datetime:
    """A demo scoring time: each judge on their own days between 18 and 22 January 2019."""
    return datetime(2019, 1, 18 + 2 * judge_index, 6, 0, tzinfo=timezone.utc) + timedelta(minutes=20 * position)


def judge_comment(total: float) -> str:
    """A demo comment from a judge's weighted total out of 100."""
    if total >= 80:
        return "[Demo] Strong entry with a clear benefit to public services; ready to show."
    if total >= 60:
        return "[Demo] A sound idea; the evidence that it can be run and sustained needs strengthening."
    return "[Demo] The link to e-Government services and the expected impact need to be made clearer."


def _institution(name: str) -> Institution:
    return db.session.scalar(sa.select(Institution).where(Institution.name_key == name_key(name)))


def _call(event: Event, report) -> InnovationCall:
    call = db.session.scalar(sa.select(InnovationCall).where(InnovationCall.event_id == event.id))
    if call is None:
        call = InnovationCall(
            event_id=event.id, opens_at=OPENS_AT, closes_at=CLOSES_AT, eligibility_sw=ELIGIBILITY_SW,
            eligibility_en=ELIGIBILITY_EN, exhibition_places=10, presentation_places=4, judges_per_entry=3,
            scoring_closed_at=SCORING_CLOSED_AT, results_published_at=RESULTS_PUBLISHED_AT,
            created_at=OPENS_AT, updated_at=OPENS_AT,
        )
        db.session.add(call)
        report.created += 1
    codes = {c.code for c in call.categories}
    for position, c in enumerate(STANDARD_CATEGORIES, start=1):
        if c.code not in codes:
            call.categories.append(InnovationCategory(code=c.code, position=position, name_sw=c.name_sw,
                                                      name_en=c.name_en))
            report.created += 1
    if not call.criteria:
        call.criteria = [
            Criterion(position=position, name_sw=c.name_sw, name_en=c.name_en, description_sw=c.description_sw,
                      description_en=c.description_en, weight=c.weight, scale_max=c.scale_max)
            for position, c in enumerate(STANDARD_CRITERIA, start=1)
        ]
        report.created += len(call.criteria)
    return call


def _entry(call: InnovationCall, row: TableEntry, report) -> Entry:
    """Table III's entry `row`, eligible, selected as the demo's ranking says."""
    entry = db.session.scalar(sa.select(Entry).where(Entry.call_id == call.id, Entry.title == row.title))
    if entry is not None:
        return entry
    category = next(c for c in call.categories if c.code == row.category)
    at = submitted_at(row.number)
    entry = Entry(
        call_id=call.id, category_id=category.id, owner_id=None,
        institution_id=_institution(PRINTED_INSTITUTIONS[row.institution]).id,
        reference=random_reference("E"), title=row.title, abstract=row.abstract, problem=row.problem,
        solution=row.solution, stage=row.stage, status=EntryStatus.ELIGIBLE, submitted_at=at,
        exhibition=row.number in EXHIBITED, presenting=row.number in PRESENTING,
        result_notified_at=RESULTS_PUBLISHED_AT, created_at=at, updated_at=at,
    )
    entry.members = [
        TeamMember(position=k, name=name, email=email, kind=MemberKind.STUDENT if student else MemberKind.STAFF)
        for k, (name, email, student) in enumerate(demo_team(row), start=1)
    ]
    db.session.add(entry)
    report.created += 1 + len(entry.members)
    return entry


def _judge_user(key: str, full_name: str, report) -> User:
    email = f"{key}@{DEMO_DOMAIN}"
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        user = User(email=email, full_name=full_name)
        user.set_password(demo_password(key))
        user.roles = [UserRole(role=Role.JUDGE)]
        db.session.add(user)
        db.session.flush()
        report.created += 1
    return user


def _judge(call: InnovationCall, key: str, full_name: str, institution_name: str, report) -> Judge:
    user = _judge_user(key, full_name, report)
    judge = db.session.scalar(sa.select(Judge).where(Judge.call_id == call.id, Judge.user_id == user.id))
    if judge is None:
        judge = Judge(call_id=call.id, user_id=user.id, institution_id=_institution(institution_name).id)
        db.session.add(judge)
        db.session.flush()
        report.created += 1
    return judge


def _scores(call: InnovationCall, entries: dict[int, Entry], judges: list[Judge], report) -> None:
    """Every entry assigned to every judge (three judges, three per entry), each criterion
    scored as SCORES says, with a comment on the first."""
    assignments = {(a.entry_id, a.judge_id): a for a in db.session.scalars(
        sa.select(Assignment).join(Judge).where(Judge.call_id == call.id))}
    scored = {(s.assignment_id, s.criterion_id) for s in db.session.scalars(
        sa.select(Score).join(Criterion).where(Criterion.call_id == call.id))}
    for position, number in enumerate(sorted(entries)):
        entry = entries[number]
        for judge_index, (judge, values) in enumerate(zip(judges, SCORES[number])):
            assignment = assignments.get((entry.id, judge.id))
            if assignment is None:
                assignment = Assignment(entry_id=entry.id, judge_id=judge.id, assigned_at=ASSIGNED_AT, automatic=True)
                db.session.add(assignment)
                db.session.flush()
                report.created += 1
            total = sum(c.weight * v / c.scale_max for c, v in zip(call.criteria, values))
            total = total / sum(c.weight for c in call.criteria) * 100
            for k, (criterion, value) in enumerate(zip(call.criteria, values)):
                if (assignment.id, criterion.id) in scored:
                    continue
                db.session.add(Score(assignment_id=assignment.id, criterion_id=criterion.id, value=value,
                                     comment=judge_comment(total) if k == 0 else "",
                                     scored_at=scored_at(judge_index, position)))
                report.created += 1


def _awards(call: InnovationCall, entries: dict[int, Entry], report) -> None:
    given = {(a.kind, a.rank) for a in db.session.scalars(sa.select(Award).where(Award.call_id == call.id))}
    for number, kind, rank, citation_sw, citation_en in AWARDS:
        if (kind, rank) not in given:
            db.session.add(Award(call_id=call.id, entry_id=entries[number].id, kind=kind, rank=rank,
                                 citation_sw=citation_sw, citation_en=citation_en))
            report.created += 1


def _booths(event: Event, entries: dict[int, Entry]) -> None:
    """The ten innovation booths of the sponsors' floor plan, one per exhibited entry in
    ranking order; a booth already held, or an entry already holding one, is left alone."""
    booths = {b.number: b for b in db.session.scalars(sa.select(Booth).where(Booth.event_id == event.id))}
    holding = {b.entry_id for b in booths.values() if b.entry_id is not None}
    for (number, *_place), entry_number in zip(INNOVATION_BOOTHS, EXHIBITED):
        booth, entry = booths.get(number), entries[entry_number]
        if booth is None or booth.sponsor_id is not None or booth.entry_id is not None or entry.id in holding:
            continue
        booth.entry_id = entry.id
        holding.add(entry.id)


def _paper_slots(event: Event, entries: dict[int, Entry]) -> None:
    """Each presenter on one of the four "Paper" items of 2 February, unless placed already."""
    items = {i.title_en: i for i in db.session.scalars(sa.select(ProgrammeItem).where(
        ProgrammeItem.event_id == event.id, ProgrammeItem.title_en.in_(PAPER_SLOTS)))}
    taken = set(db.session.scalars(sa.select(Entry.programme_item_id).where(Entry.programme_item_id.is_not(None))))
    for title, number in zip(PAPER_SLOTS, PRESENTING):
        item, entry = items.get(title), entries[number]
        if item is None or item.id in taken or entry.programme_item_id is not None:
            continue
        entry.programme_item_id = item.id
        taken.add(item.id)


def load(event: Event, report) -> None:
    """The 2019 call with the standard categories and rubric, table III's 24 eligible entries,
    the three judges' complete scores (scoring closed), the ten exhibited and four presenting
    entries with their booths and programme slots, and the awards; results published. Found by
    event, title, user, entry and judge, and criterion: a second run adds nothing."""
    db.session.flush()
    call = _call(event, report)
    db.session.flush()
    entries = {row.number: _entry(call, row, report) for row in TABLE_III}
    db.session.flush()
    judges = [_judge(call, key, name, institution, report) for key, name, institution in JUDGES]
    _scores(call, entries, judges, report)
    _awards(call, entries, report)
    _booths(event, entries)
    _paper_slots(event, entries)
    db.session.flush()
